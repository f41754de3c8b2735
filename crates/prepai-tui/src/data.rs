//! Filling the view-models from the store.

use std::path::{Path, PathBuf};

use prepai_core::agent::Assessment;
use prepai_core::events::CodeOutcome;
use prepai_core::live_score::LiveScore;
use prepai_core::{SessionFilter, SessionStatus, Store, TypeRegistry};
use uuid::Uuid;

use crate::components::scoreboard::DIMENSIONS;
use crate::view::{
    DimensionView, HistoryRow, HistoryView, QuestionView, ReportView, SubmissionDetail, TypeTrend,
};

/// Per-test results and metrics of a stored submission.
pub fn submission_detail(
    store: &dyn Store,
    session: Uuid,
    submission_id: &str,
) -> Result<SubmissionDetail, String> {
    let subs = store.submissions(session).map_err(|e| e.to_string())?;
    let sub = subs
        .into_iter()
        .find(|s| s.id == submission_id)
        .ok_or_else(|| format!("submission {submission_id} is not in the store"))?;
    serde_json::from_value(sub.record.body)
        .map_err(|e| format!("submission {submission_id} has an unexpected shape: {e}"))
}

/// Replays a session's event log into live estimates and the assessments made.
fn replay(store: &dyn Store, session: Uuid) -> Result<(LiveScore, Vec<Assessment>), String> {
    let mut score = LiveScore::default();
    let mut assessed: Vec<Assessment> = Vec::new();
    for e in store.events(session).map_err(|e| e.to_string())? {
        match e["type"].as_str() {
            Some("assessment") => {
                if let Ok(a) = serde_json::from_value::<Assessment>(e["assessment"].clone()) {
                    score.assessment(&a);
                    match assessed.iter_mut().find(|x| x.question_id == a.question_id) {
                        Some(x) => *x = a,
                        None => assessed.push(a),
                    }
                }
            }
            Some("code_result") => {
                if let Ok(o) = serde_json::from_value::<CodeOutcome>(e.clone()) {
                    score.code_result(&o);
                }
            }
            Some("hint") => score.hint(),
            _ => {}
        }
    }
    Ok((score, assessed))
}

/// The report of a session.
pub fn report_view(
    store: &dyn Store,
    registry: &TypeRegistry,
    session: Uuid,
) -> Result<ReportView, String> {
    let s = store.session(session).map_err(|e| e.to_string())?;
    let ty = registry
        .resolve(&s.interview_type)
        .map_err(|e| e.to_string())?;
    let (score, assessed) = replay(store, session)?;
    let u = score.update(ty);
    let values = [
        u.technical_knowledge,
        u.problem_solving,
        u.communication,
        u.code_quality,
        u.cultural_fit,
    ];
    let weights = ty.weights.as_array();
    let dimensions: Vec<DimensionView> = DIMENSIONS
        .iter()
        .zip(values)
        .zip(weights)
        .map(|((name, score), weight)| DimensionView {
            name: name.to_string(),
            score,
            weight,
            evidence: Vec::new(),
        })
        .collect();
    let questions: Vec<QuestionView> = assessed
        .iter()
        .map(|a| {
            let total = a.covered.len() + a.missed.len();
            QuestionView {
                question: a.question.clone(),
                score: (total > 0).then(|| 10.0 * a.covered.len() as f64 / total as f64),
                feedback: if a.missed.is_empty() {
                    "every key point covered".into()
                } else {
                    format!("missed: {}", a.missed.join(", ").replace('_', " "))
                },
            }
        })
        .collect();
    let subs = store.submissions(session).map_err(|e| e.to_string())?;
    let tests = subs.last().and_then(|s| {
        let d: SubmissionDetail = serde_json::from_value(s.record.body.clone()).ok()?;
        Some((
            d.test_results.iter().filter(|t| t.passed).count(),
            d.test_results.len(),
        ))
    });
    let strengths = dimensions
        .iter()
        .filter(|d| d.score.is_some_and(|s| s >= 7.0))
        .map(|d| format!("{} ({:.1}/10)", d.name, d.score.unwrap_or(0.0)))
        .collect();
    let improvements = dimensions
        .iter()
        .filter(|d| d.score.is_some_and(|s| s < 5.0))
        .map(|d| format!("{} ({:.1}/10)", d.name, d.score.unwrap_or(0.0)))
        .collect();
    Ok(ReportView {
        session_id: session.to_string(),
        candidate: s.candidate_name,
        interview_type: ty.name.clone(),
        overall: u.overall,
        recommendation: None,
        dimensions,
        strengths,
        improvements,
        questions,
        tests,
        export_formats: vec!["markdown".into(), "json".into()],
    })
}

/// Past sessions with their overall estimates, and per-type trends.
pub fn history_view(store: &dyn Store) -> Result<HistoryView, String> {
    let registry = TypeRegistry::builtin();
    let sessions = store
        .list_sessions(&SessionFilter {
            limit: Some(200),
            ..Default::default()
        })
        .map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    for s in &sessions {
        let overall = match (s.status, registry.resolve(&s.interview_type)) {
            (SessionStatus::Completed, Ok(ty)) => replay(store, s.session_id)?.0.update(ty).overall,
            _ => None,
        };
        rows.push(HistoryRow {
            session_id: s.session_id.to_string(),
            date: s
                .created_at
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            interview_type: s.interview_type.clone(),
            candidate: s.candidate_name.clone(),
            status: match s.status {
                SessionStatus::Completed => "completed".into(),
                SessionStatus::Active => "active".into(),
            },
            overall,
        });
    }
    Ok(HistoryView {
        trends: trends(&rows),
        rows,
    })
}

/// Per-type score series (oldest first) and the latest score's percentile rank.
fn trends(rows: &[HistoryRow]) -> Vec<TypeTrend> {
    let mut types: Vec<&str> = rows.iter().map(|r| r.interview_type.as_str()).collect();
    types.sort();
    types.dedup();
    types
        .into_iter()
        .filter_map(|t| {
            let scores: Vec<f64> = rows
                .iter()
                .rev()
                .filter(|r| r.interview_type == t)
                .filter_map(|r| r.overall)
                .collect();
            let latest = *scores.last()?;
            let below = scores.iter().filter(|s| **s < latest).count() as f64;
            let equal = scores.iter().filter(|s| **s == latest).count() as f64;
            Some(TypeTrend {
                interview_type: t.to_string(),
                percentile: Some(100.0 * (below + 0.5 * equal) / scores.len() as f64),
                scores,
            })
        })
        .collect()
}

/// Writes the report of `session` in `format` into `dir`; returns the file.
pub fn export(
    store: &dyn Store,
    registry: &TypeRegistry,
    session: Uuid,
    format: &str,
    dir: &Path,
) -> Result<PathBuf, String> {
    let r = report_view(store, registry, session)?;
    let (ext, text) = match format {
        "markdown" => ("md", markdown(&r)),
        "json" => ("json", json(&r)),
        other => {
            return Err(format!(
                "cannot export to `{other}`; choose markdown or json"
            ))
        }
    };
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join(format!("report-{}.{ext}", &r.session_id[..8]));
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

fn fmt_score(s: Option<f64>) -> String {
    s.map(|s| format!("{s:.1}/10"))
        .unwrap_or_else(|| "not scored".into())
}

fn markdown(r: &ReportView) -> String {
    let mut out = format!(
        "# Interview report: {} ({})\n\nOverall: {}\n\n| Dimension | Score | Weight |\n|---|---|---|\n",
        r.candidate,
        r.interview_type,
        fmt_score(r.overall)
    );
    for d in &r.dimensions {
        out.push_str(&format!(
            "| {} | {} | {:.0}% |\n",
            d.name,
            fmt_score(d.score),
            d.weight * 100.0
        ));
    }
    out.push_str("\n## Questions\n\n");
    for (i, q) in r.questions.iter().enumerate() {
        out.push_str(&format!(
            "{}. {} — {} ({})\n",
            i + 1,
            q.question,
            fmt_score(q.score),
            q.feedback
        ));
    }
    out
}

fn json(r: &ReportView) -> String {
    let dims: Vec<_> = r
        .dimensions
        .iter()
        .map(|d| serde_json::json!({"name": d.name, "score": d.score, "weight": d.weight}))
        .collect();
    let qs: Vec<_> = r
        .questions
        .iter()
        .map(|q| serde_json::json!({"question": q.question, "score": q.score, "feedback": q.feedback}))
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "session_id": r.session_id, "candidate": r.candidate, "interview_type": r.interview_type,
        "overall": r.overall, "dimensions": dims, "questions": qs,
    }))
    .unwrap_or_default()
}
