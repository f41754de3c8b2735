//! Code submissions as stored with a session, and the original API's summaries
//! of them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::timefmt::serde_millis;

/// What is recorded for one run of the candidate's code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSubmission {
    /// `python`, `javascript`, …
    pub language: String,
    /// The problem it was for, if any.
    pub problem_id: Option<String>,
    /// Whether every test passed.
    pub all_passed: bool,
    /// Wall time of the run in milliseconds.
    pub execution_ms: f64,
    /// The quality score (0–10), if measured.
    pub quality_score: Option<f64>,
    /// The highest per-function cyclomatic complexity, if measured.
    pub cyclomatic: Option<f64>,
    /// Lines of code, if measured.
    pub lines_of_code: Option<u64>,
    /// The whole result document (code, test results, metrics), as returned to the client.
    pub body: serde_json::Value,
}

/// A stored submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    /// Its id (a UUID).
    pub id: String,
    /// When it was recorded.
    #[serde(with = "serde_millis")]
    pub created_at: DateTime<Utc>,
    /// The recorded fields.
    #[serde(flatten)]
    pub record: NewSubmission,
}

/// The original `GET /api/code/{sid}/submissions` summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionSummary {
    /// How many runs.
    pub total_submissions: usize,
    /// How many passed every test.
    pub total_passed: usize,
    /// Percentage that passed, 0–100.
    pub pass_rate: f64,
    /// Mean run time in milliseconds.
    pub avg_execution_time: f64,
    /// Mean quality score over measured runs.
    pub avg_quality_score: Option<f64>,
    /// Languages used, sorted.
    pub languages_used: Vec<String>,
    /// Whether the first run passed every test.
    pub first_attempt_success: bool,
}

impl SubmissionSummary {
    /// Summarises submissions given oldest first.
    pub fn of(subs: &[Submission]) -> Self {
        let n = subs.len();
        let passed = subs.iter().filter(|s| s.record.all_passed).count();
        let mean = |xs: Vec<f64>| {
            (!xs.is_empty()).then(|| round2(xs.iter().sum::<f64>() / xs.len() as f64))
        };
        SubmissionSummary {
            total_submissions: n,
            total_passed: passed,
            pass_rate: if n == 0 {
                0.0
            } else {
                round2(100.0 * passed as f64 / n as f64)
            },
            avg_execution_time: mean(subs.iter().map(|s| s.record.execution_ms).collect())
                .unwrap_or(0.0),
            avg_quality_score: mean(subs.iter().filter_map(|s| s.record.quality_score).collect()),
            languages_used: subs
                .iter()
                .map(|s| s.record.language.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            first_attempt_success: subs.first().is_some_and(|s| s.record.all_passed),
        }
    }
}

/// The original `GET /api/code/{sid}/quality-summary` document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QualitySummary {
    /// Whether there is anything to summarise.
    pub has_submissions: bool,
    /// How many runs.
    pub total_submissions: usize,
    /// Mean quality score.
    pub average_quality_score: Option<f64>,
    /// Mean of the highest per-function cyclomatic complexity.
    pub average_complexity: Option<f64>,
    /// Mean lines of code.
    pub average_lines_of_code: Option<f64>,
    /// Best quality score.
    pub best_quality_score: Option<f64>,
    /// Worst quality score.
    pub worst_quality_score: Option<f64>,
}

impl QualitySummary {
    /// Summarises the quality of submissions.
    pub fn of(subs: &[Submission]) -> Self {
        let scores: Vec<f64> = subs.iter().filter_map(|s| s.record.quality_score).collect();
        let mean =
            |xs: &[f64]| (!xs.is_empty()).then(|| round2(xs.iter().sum::<f64>() / xs.len() as f64));
        let cc: Vec<f64> = subs.iter().filter_map(|s| s.record.cyclomatic).collect();
        let loc: Vec<f64> = subs
            .iter()
            .filter_map(|s| s.record.lines_of_code.map(|l| l as f64))
            .collect();
        QualitySummary {
            has_submissions: !subs.is_empty(),
            total_submissions: subs.len(),
            average_quality_score: mean(&scores),
            average_complexity: mean(&cc),
            average_lines_of_code: mean(&loc),
            best_quality_score: scores.iter().copied().reduce(f64::max),
            worst_quality_score: scores.iter().copied().reduce(f64::min),
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(lang: &str, passed: bool, ms: f64, q: Option<f64>) -> Submission {
        Submission {
            id: "x".into(),
            created_at: crate::timefmt::now(),
            record: NewSubmission {
                language: lang.into(),
                problem_id: None,
                all_passed: passed,
                execution_ms: ms,
                quality_score: q,
                cyclomatic: Some(3.0),
                lines_of_code: Some(10),
                body: serde_json::json!({}),
            },
        }
    }

    #[test]
    fn summaries_match_hand_computed_values() {
        let subs = vec![
            sub("python", false, 30.0, Some(6.0)),
            sub("python", true, 20.0, Some(8.0)),
            sub("javascript", true, 40.0, None),
        ];
        let s = SubmissionSummary::of(&subs);
        assert_eq!(s.total_submissions, 3);
        assert_eq!(s.total_passed, 2);
        assert_eq!(s.pass_rate, 66.67);
        assert_eq!(s.avg_execution_time, 30.0);
        assert_eq!(s.avg_quality_score, Some(7.0));
        assert_eq!(s.languages_used, ["javascript", "python"]);
        assert!(!s.first_attempt_success);
        let q = QualitySummary::of(&subs);
        assert_eq!(q.best_quality_score, Some(8.0));
        assert_eq!(q.worst_quality_score, Some(6.0));
        assert_eq!(q.average_lines_of_code, Some(10.0));
        let empty = SubmissionSummary::of(&[]);
        assert_eq!(empty.pass_rate, 0.0);
        assert!(!QualitySummary::of(&[]).has_submissions);
    }
}
