//! The performance report: the original evaluator's JSON shape (`overallScore`,
//! `scores.technicalKnowledge`, …, `strengths`, `improvements`,
//! `recommendation`) plus the evidence behind every score, per-question
//! feedback and real response times; and its renderings.

mod html;
mod markdown;
mod pdf;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use html::to_html;
pub use markdown::to_markdown;
pub use pdf::to_pdf;

/// The five dimensions, in report order: (JSON key, display name).
pub const DIMENSIONS: [(&str, &str); 5] = [
    ("technicalKnowledge", "Technical knowledge"),
    ("problemSolving", "Problem solving"),
    ("communication", "Communication"),
    ("codeQuality", "Code quality"),
    ("culturalFit", "Cultural fit"),
];

/// A value for each of the five dimensions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PerDimension<T> {
    /// Technical knowledge.
    pub technical_knowledge: T,
    /// Problem solving.
    pub problem_solving: T,
    /// Communication.
    pub communication: T,
    /// Code quality.
    pub code_quality: T,
    /// Cultural fit.
    pub cultural_fit: T,
}

impl<T> PerDimension<T> {
    /// The five values in [`DIMENSIONS`] order.
    pub fn values(&self) -> [&T; 5] {
        [
            &self.technical_knowledge,
            &self.problem_solving,
            &self.communication,
            &self.code_quality,
            &self.cultural_fit,
        ]
    }
}

/// The hiring recommendation, by the original's bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Recommendation {
    /// Overall ≥ 8.5.
    StrongHire,
    /// Overall ≥ 7.5.
    Hire,
    /// Overall ≥ 6.5.
    Borderline,
    /// Overall ≥ 5.5.
    NoHire,
    /// Below 5.5.
    StrongNoHire,
}

impl Recommendation {
    /// The band `overall` falls in.
    pub fn from_score(overall: f64) -> Self {
        match overall {
            s if s >= 8.5 => Recommendation::StrongHire,
            s if s >= 7.5 => Recommendation::Hire,
            s if s >= 6.5 => Recommendation::Borderline,
            s if s >= 5.5 => Recommendation::NoHire,
            _ => Recommendation::StrongNoHire,
        }
    }

    /// The name stored and shown (`STRONG_HIRE`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Recommendation::StrongHire => "STRONG_HIRE",
            Recommendation::Hire => "HIRE",
            Recommendation::Borderline => "BORDERLINE",
            Recommendation::NoHire => "NO_HIRE",
            Recommendation::StrongNoHire => "STRONG_NO_HIRE",
        }
    }
}

/// Feedback on one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionFeedback {
    /// The bank question's id.
    pub question_id: String,
    /// Its text.
    pub question: String,
    /// The phase it was asked in.
    pub phase: String,
    /// Its difficulty, 1–3.
    pub difficulty: u8,
    /// Substance score 0–10 (`None` for pure storytelling questions).
    pub score: Option<f64>,
    /// Key points covered unprompted.
    pub covered: Vec<String>,
    /// Key points covered only after a follow-up.
    pub covered_after_follow_up: Vec<String>,
    /// Key points missed.
    pub missed: Vec<String>,
    /// STAR parts told, for behavioural questions.
    pub star_parts: Option<Vec<String>>,
    /// Seconds from the question to the first answer.
    pub response_seconds: Option<f64>,
    /// What to take from it.
    pub feedback: String,
}

/// How a coding problem went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProblemFeedback {
    /// The problem's id.
    pub problem_id: String,
    /// Tests passed by the best run.
    pub tests_passed: usize,
    /// Tests in that run.
    pub tests_total: usize,
    /// Runs made.
    pub attempts: usize,
    /// The run that first passed every test.
    pub solved_on_attempt: Option<usize>,
    /// Hints taken.
    pub hints: usize,
    /// Score 0–10.
    pub score: f64,
}

/// Real response times: from each question to its answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseTimes {
    /// Answers timed.
    pub answers: usize,
    /// Mean seconds.
    pub average_seconds: Option<f64>,
    /// Median seconds.
    pub median_seconds: Option<f64>,
    /// Longest seconds.
    pub longest_seconds: Option<f64>,
}

/// A scored performance report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The session.
    pub session_id: Uuid,
    /// The candidate.
    pub candidate_name: String,
    /// The interview type's key.
    pub interview_type: String,
    /// The interview type's display name.
    pub interview_type_name: String,
    /// When the report was made (RFC 3339).
    pub generated_at: String,
    /// Seconds from the first message to the last.
    pub duration_seconds: Option<f64>,
    /// Weighted mean of the assessed dimensions, 0–10.
    pub overall_score: f64,
    /// Each dimension 0–10, `null` when the interview gave nothing to judge it on.
    pub scores: PerDimension<Option<f64>>,
    /// The interview type's weights.
    pub weights: PerDimension<f64>,
    /// What each score rests on.
    pub evidence: PerDimension<Vec<String>>,
    /// What went well.
    pub strengths: Vec<String>,
    /// What to work on, concretely.
    pub improvements: Vec<String>,
    /// The hiring recommendation.
    pub recommendation: Recommendation,
    /// Response times.
    pub response_times: ResponseTimes,
    /// Per-question feedback.
    pub question_feedback: Vec<QuestionFeedback>,
    /// Per-problem outcomes.
    pub problems: Vec<ProblemFeedback>,
    /// Where the session ranks among reports of its type (computed when shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<crate::analytics::Rank>,
}

impl Report {
    /// "Ranks 3rd of 40 google_sde interviews (better than 92%)", when ranked.
    pub fn rank_line(&self) -> Option<String> {
        self.rank.as_ref().map(|r| {
            format!(
                "Ranks #{} of {} {} interviews (better than {:.0}% of the others).",
                r.rank, r.out_of, r.interview_type, r.percentile
            )
        })
    }
}

/// A score for display: `7.5` or `n/a`.
pub fn show_score(s: Option<f64>) -> String {
    s.map_or_else(|| "n/a".to_string(), |s| format!("{s:.1}"))
}

/// Report formats `prepai report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The JSON document.
    Json,
    /// Markdown.
    Markdown,
    /// A standalone HTML page.
    Html,
    /// A PDF document.
    Pdf,
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format) -> Vec<u8> {
    match format {
        Format::Json => serde_json::to_vec_pretty(report).unwrap_or_default(),
        Format::Markdown => to_markdown(report).into_bytes(),
        Format::Html => to_html(report).into_bytes(),
        Format::Pdf => to_pdf(report),
    }
}
