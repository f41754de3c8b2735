//! View-models of the report and history screens: plain data, filled from the
//! engine's evaluator and analytics (see `data.rs`), drawn by the components.

use serde::Deserialize;

/// One of the five scored dimensions.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionView {
    /// Its name (`Technical knowledge`).
    pub name: String,
    /// Score 0–10, when there was evidence.
    pub score: Option<f64>,
    /// Its weight in the overall (0–1).
    pub weight: f64,
    /// What the score rests on.
    pub evidence: Vec<String>,
}

/// Feedback on one question of the interview.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionView {
    /// The question as asked.
    pub question: String,
    /// Score 0–10, if scored.
    pub score: Option<f64>,
    /// What was good or missing.
    pub feedback: String,
}

/// Everything the report screen shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportView {
    /// The session.
    pub session_id: String,
    /// The candidate.
    pub candidate: String,
    /// The interview type's display name.
    pub interview_type: String,
    /// The weighted overall score 0–10.
    pub overall: Option<f64>,
    /// A one-line verdict (`Hire`, `Borderline`, …), when the evaluator gives one.
    pub recommendation: Option<String>,
    /// Where the session ranks among its type's (`Ranks #2 of 9 …`).
    pub rank: Option<String>,
    /// The five dimensions.
    pub dimensions: Vec<DimensionView>,
    /// What went well.
    pub strengths: Vec<String>,
    /// What to work on.
    pub improvements: Vec<String>,
    /// Per-question feedback.
    pub questions: Vec<QuestionView>,
    /// Tests passed / run over the session's code submissions.
    pub tests: Option<(usize, usize)>,
    /// Formats the report can be exported to (`markdown`, `json`, …).
    pub export_formats: Vec<String>,
}

/// One past session on the history screen.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    /// Session id.
    pub session_id: String,
    /// When it started (local display form).
    pub date: String,
    /// Interview type key.
    pub interview_type: String,
    /// The candidate.
    pub candidate: String,
    /// `active` or `completed`.
    pub status: String,
    /// Overall score, when evaluated.
    pub overall: Option<f64>,
}

/// Trend and rank for one interview type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeTrend {
    /// Interview type key.
    pub interview_type: String,
    /// Overall scores oldest first (0–10).
    pub scores: Vec<f64>,
    /// Percentile rank of the latest score among all sessions of the type (0–100).
    pub percentile: Option<f64>,
}

/// Everything the history screen shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistoryView {
    /// Sessions, newest first.
    pub rows: Vec<HistoryRow>,
    /// Per-type trends.
    pub trends: Vec<TypeTrend>,
}

/// One test's outcome as the code pane shows it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestView {
    /// 1-based test number.
    pub test_case: usize,
    /// Whether it passed.
    pub passed: bool,
    /// Hidden tests show no data.
    #[serde(default)]
    pub hidden: bool,
    /// Time in the function, ms.
    #[serde(default)]
    pub time_ms: Option<f64>,
    /// Why it failed.
    #[serde(default)]
    pub error: Option<String>,
    /// The input, when not hidden.
    #[serde(default)]
    pub input: Option<String>,
    /// Expected value, when not hidden.
    #[serde(default)]
    pub expected: Option<serde_json::Value>,
    /// Returned value, when not hidden.
    #[serde(default)]
    pub actual: Option<serde_json::Value>,
}

/// The quality metrics the code pane shows beside the tests.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricsView {
    /// 0–10.
    pub quality_score: f64,
    /// Highest per-function cyclomatic complexity.
    #[serde(default)]
    pub cyclomatic_complexity: u32,
    /// Cognitive complexity.
    #[serde(default)]
    pub cognitive_complexity: u32,
    /// Deepest nesting.
    #[serde(default)]
    pub max_nesting: u32,
    /// Lines of code.
    #[serde(default)]
    pub lines_of_code: usize,
    /// Maintainability index.
    #[serde(default)]
    pub maintainability_index: f64,
}

/// A stored submission's details: per-test results and metrics.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionDetail {
    /// Each test.
    #[serde(default)]
    pub test_results: Vec<TestView>,
    /// Quality metrics, when measured.
    #[serde(default)]
    pub quality_metrics: Option<MetricsView>,
}
