//! The evaluator: scores a session on the five dimensions from evidence, never
//! from length, and writes the [`Report`].
//!
//! Each dimension has its own module and evidence: [`technical`] (rubric key
//! points covered), [`problem_solving`] (tests, attempts, hints, complexity),
//! [`communication`] (structure, length against need, fillers, pace),
//! [`code_quality`] (sandbox metrics), [`culture`] (behavioural signals). A
//! dimension the interview gave no evidence for is `null` and left out of the
//! weighted overall.

pub mod code_quality;
pub mod communication;
pub mod culture;
mod dimension;
pub mod evidence;
mod feedback;
mod lexicon;
pub mod problem_solving;
pub mod questions;
pub mod rubric;
pub mod technical;

use uuid::Uuid;

use crate::bank::QuestionBank;
use crate::events::ScoreUpdate;
use crate::interview_type::{InterviewType, TypeRegistry, Weights};
use crate::report::{PerDimension, Recommendation, Report};
use crate::session::SessionSummary;
use crate::store::{Store, StoreError};
use crate::timefmt;

pub use dimension::Dimension;
pub use evidence::Evidence;

/// The five dimensions judged, before weighting.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// The dimensions in report order.
    pub dimensions: PerDimension<Dimension>,
    /// Weighted mean of the assessed dimensions.
    pub overall: f64,
}

fn weights_of(w: &Weights) -> PerDimension<f64> {
    PerDimension {
        technical_knowledge: w.technical_knowledge,
        problem_solving: w.problem_solving,
        communication: w.communication,
        code_quality: w.code_quality,
        cultural_fit: w.cultural_fit,
    }
}

/// Judges `ev` on every dimension.
pub fn judge(
    ev: &Evidence,
) -> (
    Judgement,
    Vec<rubric::Judged<'_>>,
    Vec<problem_solving::ProblemOutcome>,
) {
    let judged = rubric::judge(ev);
    let (ps, outcomes) = problem_solving::score(ev, &judged);
    let dimensions = PerDimension {
        technical_knowledge: technical::score(&judged),
        problem_solving: ps,
        communication: communication::score(ev),
        code_quality: code_quality::score(ev),
        cultural_fit: culture::score(ev),
    };
    let weights = weights_of(&ev.interview_type.weights);
    let overall = dimension::weighted_mean(
        dimensions
            .values()
            .into_iter()
            .zip(weights.values())
            .filter_map(|(d, w)| Some((d.score?, *w))),
    )
    .unwrap_or(0.0);
    (
        Judgement {
            dimensions,
            overall: dimension::round1(overall),
        },
        judged,
        outcomes,
    )
}

/// The live estimate shown while the interview runs.
pub fn live(ev: &Evidence) -> ScoreUpdate {
    let (j, judged, _) = judge(ev);
    let d = &j.dimensions;
    let assessed = d.values().iter().any(|d| d.score.is_some());
    ScoreUpdate {
        technical_knowledge: d.technical_knowledge.score,
        problem_solving: d.problem_solving.score,
        communication: d.communication.score,
        code_quality: d.code_quality.score,
        cultural_fit: d.cultural_fit.score,
        overall: assessed.then_some(j.overall),
        questions_asked: judged.len(),
        key_points_covered: judged
            .iter()
            .map(|j| j.unprompted.len() + j.prompted.len())
            .sum(),
        key_points_total: judged.iter().map(|j| j.substance_total()).sum(),
    }
}

/// Writes the report for `session` from `ev`.
pub fn report(session: &SessionSummary, ev: &Evidence) -> Report {
    let (j, judged, outcomes) = judge(ev);
    let d = &j.dimensions;
    let scores = PerDimension {
        technical_knowledge: d.technical_knowledge.score,
        problem_solving: d.problem_solving.score,
        communication: d.communication.score,
        code_quality: d.code_quality.score,
        cultural_fit: d.cultural_fit.score,
    };
    let findings = feedback::Findings {
        scores: scores.values().map(|s| *s),
        judged: &judged,
        problems: &outcomes,
        communication: &d.communication.evidence,
        culture: &d.cultural_fit.evidence,
    };
    let mut improvements = feedback::improvements(&findings);
    if improvements.is_empty() && d.values().iter().all(|d| d.score.is_none()) {
        improvements.push("Answer a few questions: there was nothing to assess yet.".into());
    }
    Report {
        session_id: session.session_id,
        candidate_name: session.candidate_name.clone(),
        interview_type: ev.interview_type.key.clone(),
        interview_type_name: ev.interview_type.name.clone(),
        generated_at: timefmt::rfc3339(&timefmt::now()),
        duration_seconds: ev.duration_secs.map(dimension::round1),
        overall_score: j.overall,
        strengths: feedback::strengths(&findings),
        improvements,
        recommendation: Recommendation::from_score(j.overall),
        response_times: feedback::response_times(ev),
        question_feedback: feedback::questions(&judged),
        problems: feedback::problems(&outcomes),
        rank: None,
        weights: weights_of(&ev.interview_type.weights),
        evidence: PerDimension {
            technical_knowledge: d.technical_knowledge.evidence.clone(),
            problem_solving: d.problem_solving.evidence.clone(),
            communication: d.communication.evidence.clone(),
            code_quality: d.code_quality.evidence.clone(),
            cultural_fit: d.cultural_fit.evidence.clone(),
        },
        scores,
    }
}

/// Evaluates an ended session from the store and stores its report.
pub fn report_and_store(
    store: &dyn Store,
    summary: &SessionSummary,
    ty: InterviewType,
    bank: &QuestionBank,
) -> Result<Report, StoreError> {
    let ev = Evidence::load(store, summary.session_id, ty, bank)?;
    let report = report(summary, &ev);
    store.put_report(&report)?;
    Ok(report)
}

/// The report of a completed session: the stored one, or a fresh evaluation
/// (then stored) for sessions ended without one; with its rank among its type.
/// An active session has no report yet ([`StoreError::Conflict`]).
pub fn report_for(
    store: &dyn Store,
    id: Uuid,
    types: &TypeRegistry,
    bank: &QuestionBank,
) -> Result<Report, StoreError> {
    let summary = store.session(id)?;
    if summary.status == crate::SessionStatus::Active {
        return Err(StoreError::Conflict(format!(
            "session {id} is still active; end it first (`prepai sessions end {id}`)"
        )));
    }
    let mut report = match store.report(id)? {
        Some(r) => r,
        None => {
            let ty = type_of(types, &summary)?;
            report_and_store(store, &summary, ty, bank)?
        }
    };
    report.rank = store.rank(id)?;
    Ok(report)
}

fn type_of(types: &TypeRegistry, summary: &SessionSummary) -> Result<InterviewType, StoreError> {
    types
        .resolve(&summary.interview_type)
        .cloned()
        .map_err(|e| {
            StoreError::Conflict(format!(
                "cannot evaluate session {}: {e}",
                summary.session_id
            ))
        })
}

/// Evaluates a stored session (its type from `types`, its questions from `bank`).
pub fn evaluate_session(
    store: &dyn Store,
    id: Uuid,
    types: &TypeRegistry,
    bank: &QuestionBank,
) -> Result<Report, StoreError> {
    let summary = store.session(id)?;
    let ty = type_of(types, &summary)?;
    let ev = Evidence::load(store, id, ty, bank)?;
    Ok(report(&summary, &ev))
}
