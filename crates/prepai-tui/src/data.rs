//! Filling the view-models from the engine: the evaluator's stored report,
//! the analytics' rank, and the submissions' per-test details.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use prepai_core::bank::QuestionBank;
use prepai_core::evaluate;
use prepai_core::report::{self, Format, Report, DIMENSIONS};
use prepai_core::{SessionFilter, SessionStatus, SessionSummary, Store, TypeRegistry};
use uuid::Uuid;

use crate::view::{
    DimensionView, HistoryRow, HistoryView, QuestionView, ReportView, SubmissionDetail, TypeTrend,
};

/// The formats a report can be exported to, with their file extensions.
pub const EXPORTS: [(&str, &str, Format); 4] = [
    ("markdown", "md", Format::Markdown),
    ("html", "html", Format::Html),
    ("pdf", "pdf", Format::Pdf),
    ("json", "json", Format::Json),
];

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

/// The report screen's view of an evaluator report.
pub fn view_of(r: &Report) -> ReportView {
    let scores = r.scores.values();
    let weights = r.weights.values();
    let evidence = r.evidence.values();
    let dimensions = DIMENSIONS
        .iter()
        .enumerate()
        .map(|(i, (_, name))| DimensionView {
            name: name.to_string(),
            score: *scores[i],
            weight: *weights[i],
            evidence: evidence[i].clone(),
        })
        .collect();
    let questions = r
        .question_feedback
        .iter()
        .map(|q| QuestionView {
            question: q.question.clone(),
            score: q.score,
            feedback: q.feedback.clone(),
        })
        .collect();
    let tests = (!r.problems.is_empty()).then(|| {
        r.problems
            .iter()
            .fold((0, 0), |(p, t), x| (p + x.tests_passed, t + x.tests_total))
    });
    let mut recommendation = r.recommendation.as_str().replace('_', " ").to_lowercase();
    if let Some(first) = recommendation.get(..1) {
        recommendation = first.to_uppercase() + &recommendation[1..];
    }
    ReportView {
        session_id: r.session_id.to_string(),
        candidate: r.candidate_name.clone(),
        interview_type: r.interview_type_name.clone(),
        overall: Some(r.overall_score),
        recommendation: Some(recommendation),
        rank: r.rank_line(),
        dimensions,
        strengths: r.strengths.clone(),
        improvements: r.improvements.clone(),
        questions,
        tests,
        export_formats: EXPORTS.iter().map(|(n, _, _)| n.to_string()).collect(),
    }
}

/// The evaluator's report of a completed session: the stored one, or
/// evaluated now (and stored) when there is none yet.
pub fn report(
    store: &dyn Store,
    registry: &TypeRegistry,
    bank: &QuestionBank,
    session: Uuid,
) -> Result<Report, String> {
    evaluate::report_for(store, session, registry, bank).map_err(|e| e.to_string())
}

/// Past sessions with their reported overall scores, and per-type trends
/// with the latest session's percentile rank (from the analytics).
pub fn history_view(store: &dyn Store) -> Result<HistoryView, String> {
    let sessions = store
        .list_sessions(&SessionFilter {
            limit: Some(crate::engine::HISTORY_LIMIT),
            ..Default::default()
        })
        .map_err(|e| e.to_string())?;
    let mut overall = HashMap::new();
    for s in sessions
        .iter()
        .filter(|s| s.status == SessionStatus::Completed)
    {
        if let Some(r) = store.report(s.session_id).map_err(|e| e.to_string())? {
            overall.insert(s.session_id, r.overall_score);
        }
    }
    let rows = history_rows(&sessions, &overall);
    let mut percentiles = HashMap::new();
    for id in latest_scored(&rows) {
        if let Some(r) = store.rank(id).map_err(|e| e.to_string())? {
            percentiles.insert(id, r.percentile);
        }
    }
    Ok(history_of(rows, &percentiles))
}

/// The history screen's rows: sessions (newest first) with the overall
/// score of those that have a report in `overall`.
pub fn history_rows(sessions: &[SessionSummary], overall: &HashMap<Uuid, f64>) -> Vec<HistoryRow> {
    sessions
        .iter()
        .map(|s| HistoryRow {
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
            overall: match s.status {
                SessionStatus::Completed => overall.get(&s.session_id).copied(),
                SessionStatus::Active => None,
            },
        })
        .collect()
}

fn types_of(rows: &[HistoryRow]) -> Vec<&str> {
    let mut types: Vec<&str> = rows.iter().map(|r| r.interview_type.as_str()).collect();
    types.sort();
    types.dedup();
    types
}

/// Rows of one type with a score, oldest first (rows are newest first).
fn scored_of<'a>(rows: &'a [HistoryRow], ty: &str) -> Vec<&'a HistoryRow> {
    rows.iter()
        .rev()
        .filter(|r| r.interview_type == ty && r.overall.is_some())
        .collect()
}

/// The latest scored session of each interview type: the ones whose
/// percentile rank the trends show.
pub fn latest_scored(rows: &[HistoryRow]) -> Vec<Uuid> {
    types_of(rows)
        .into_iter()
        .filter_map(|t| scored_of(rows, t).last()?.session_id.parse().ok())
        .collect()
}

/// The history view of `rows`, with per-type trends and the percentiles of
/// the sessions [`latest_scored`] names.
pub fn history_of(rows: Vec<HistoryRow>, percentiles: &HashMap<Uuid, f64>) -> HistoryView {
    let trends = types_of(&rows)
        .into_iter()
        .filter_map(|t| {
            let scored = scored_of(&rows, t);
            let latest: Uuid = scored.last()?.session_id.parse().ok()?;
            Some(TypeTrend {
                interview_type: t.to_string(),
                scores: scored.iter().filter_map(|r| r.overall).collect(),
                percentile: percentiles.get(&latest).copied(),
            })
        })
        .collect();
    HistoryView { rows, trends }
}

/// The file extension and format of an export format name, or what to choose.
pub fn export_format(format: &str) -> Result<(&'static str, Format), String> {
    EXPORTS
        .iter()
        .find(|(n, _, _)| *n == format)
        .map(|(_, ext, fmt)| (*ext, *fmt))
        .ok_or_else(|| format!("cannot export to `{format}`; choose markdown, html, pdf or json"))
}

/// Writes `r` in `format` into `dir`; returns the file.
pub fn write_report(r: &Report, format: &str, dir: &Path) -> Result<PathBuf, String> {
    let (ext, fmt) = export_format(format)?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join(format!("report-{}.{ext}", &r.session_id.to_string()[..8]));
    std::fs::write(&path, report::render(r, fmt))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(ty: &str, status: SessionStatus, minutes: i64) -> SessionSummary {
        let at = chrono::DateTime::from_timestamp(1_790_000_000 + minutes * 60, 0).unwrap();
        SessionSummary {
            session_id: Uuid::new_v4(),
            interview_type: ty.into(),
            candidate_name: "Ada".into(),
            created_at: at,
            updated_at: at,
            ended_at: None,
            status,
            message_count: 0,
        }
    }

    #[test]
    fn the_history_trends_run_oldest_first_with_the_latest_sessions_percentile() {
        // Newest first, as stores and servers list them.
        let sessions = vec![
            session("coding", SessionStatus::Active, 3),
            session("coding", SessionStatus::Completed, 2),
            session("behavioral", SessionStatus::Completed, 1),
            session("coding", SessionStatus::Completed, 0),
        ];
        let ids: Vec<Uuid> = sessions.iter().map(|s| s.session_id).collect();
        let overall = HashMap::from([(ids[1], 8.0), (ids[3], 6.0), (ids[0], 9.9)]);
        let rows = history_rows(&sessions, &overall);
        assert_eq!(rows[0].overall, None, "an active session has no score");
        assert_eq!(rows[2].overall, None, "no report, no score");
        assert_eq!(latest_scored(&rows), vec![ids[1]]);
        let view = history_of(rows, &HashMap::from([(ids[1], 75.0)]));
        assert_eq!(view.trends.len(), 1);
        assert_eq!(view.trends[0].interview_type, "coding");
        assert_eq!(view.trends[0].scores, [6.0, 8.0]);
        assert_eq!(view.trends[0].percentile, Some(75.0));
    }

    #[test]
    fn an_unknown_export_format_says_what_to_choose() {
        let e = export_format("docx").unwrap_err();
        assert!(e.contains("markdown, html, pdf or json"), "{e}");
        assert_eq!(export_format("pdf").unwrap().0, "pdf");
    }
}
