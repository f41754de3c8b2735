//! Analytics over stored reports, in the original API's shapes: aggregate
//! counts, per-type benchmarks with interpolated percentiles, daily trends with
//! a fitted slope and a significance test, a candidate's history, and where a
//! session ranks. The store computes them in SQL; this module holds the shapes
//! and the small statistics on top.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The dimension columns benchmarked, with their JSON keys.
pub const METRICS: [(&str, &str); 6] = [
    ("overall", "overall"),
    ("technical_knowledge", "technical_knowledge"),
    ("problem_solving", "problem_solving"),
    ("communication", "communication"),
    ("code_quality", "code_quality"),
    ("cultural_fit", "cultural_fit"),
];

/// `GET /api/analytics/aggregate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aggregate {
    /// Sessions stored.
    pub total_interviews: u64,
    /// Sessions completed.
    pub completed_interviews: u64,
    /// Completed share, percent.
    pub completion_rate: f64,
    /// Mean overall score of the reports, if any.
    pub average_score: Option<f64>,
    /// Reports written.
    pub reports: u64,
    /// Sessions per interview type.
    pub interview_types: BTreeMap<String, u64>,
    /// Reports per recommendation.
    pub recommendations: BTreeMap<String, u64>,
}

/// Distribution of one score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    /// Values counted.
    pub count: u64,
    /// Lowest.
    pub min: f64,
    /// Highest.
    pub max: f64,
    /// Mean.
    pub avg: f64,
    /// 25th percentile (linear interpolation between closest ranks).
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// `GET /api/analytics/benchmarks/{type}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Benchmarks {
    /// The interview type.
    pub interview_type: String,
    /// Reports of that type.
    pub sample_size: u64,
    /// Per metric (`overall` and the five dimensions); a metric no report
    /// assessed is absent.
    pub benchmarks: BTreeMap<String, Distribution>,
}

/// One day of a trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// `YYYY-MM-DD` (UTC).
    pub date: String,
    /// Mean overall score that day.
    pub average_score: f64,
    /// Reports that day.
    pub count: u64,
}

/// `GET /api/analytics/trends?days=N`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trends {
    /// The window in days.
    pub days: u32,
    /// `improving`, `declining`, `stable` or `insufficient_data`.
    pub trend: String,
    /// Change in overall score from the first report to the last, by the fitted line.
    pub change: Option<f64>,
    /// Fitted slope, points per day (least squares over every report).
    pub slope_per_day: Option<f64>,
    /// The slope's t statistic.
    pub t_statistic: Option<f64>,
    /// Whether the slope differs from zero at the 5% level and the change is
    /// at least [`MEANINGFUL_CHANGE`] points.
    pub significant: bool,
    /// Reports in the window.
    pub sample_size: u64,
    /// The daily series, oldest first.
    pub data: Vec<TrendPoint>,
}

/// A change smaller than this (in points over the window) is called stable
/// however significant.
pub const MEANINGFUL_CHANGE: f64 = 0.3;

/// One session in a candidate's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The session.
    pub session_id: Uuid,
    /// Its type.
    pub interview_type: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// `active` or `completed`.
    pub status: String,
    /// Its overall score, when reported.
    pub overall_score: Option<f64>,
    /// Its recommendation, when reported.
    pub recommendation: Option<String>,
}

/// `GET /api/analytics/candidate/{name}/history`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// The name as asked.
    pub candidate_name: String,
    /// Sessions found.
    pub total_interviews: u64,
    /// Mean overall score of the reported ones.
    pub average_score: Option<f64>,
    /// Best overall score.
    pub best_score: Option<f64>,
    /// The latest reported overall score.
    pub latest_score: Option<f64>,
    /// Fitted change per interview over the reported ones (oldest first).
    pub improvement_per_interview: Option<f64>,
    /// Overall scores oldest first, for a chart.
    pub scores_over_time: Vec<f64>,
    /// Sessions, newest first.
    pub sessions: Vec<HistoryEntry>,
}

/// Where a session ranks among the reports of its type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rank {
    /// The session.
    pub session_id: Uuid,
    /// Its type.
    pub interview_type: String,
    /// Its overall score.
    pub overall_score: f64,
    /// 1 for the best; ties share the better rank.
    pub rank: u64,
    /// Reports of the type.
    pub out_of: u64,
    /// Share of the others scoring lower (ties count half), percent.
    pub percentile: f64,
}

/// Linear-interpolation percentile of sorted values by closest ranks
/// (`p` in 0–1): the value at position `p × (n − 1)`.
pub fn percentile_position(n: u64, p: f64) -> (u64, u64, f64) {
    let pos = p * (n.saturating_sub(1)) as f64;
    let lo = pos.floor();
    (lo as u64, pos.ceil() as u64, pos - lo)
}

/// Sums for a least-squares line, as SQL returns them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sums {
    /// Points.
    pub n: f64,
    /// Σx.
    pub x: f64,
    /// Σy.
    pub y: f64,
    /// Σx².
    pub xx: f64,
    /// Σxy.
    pub xy: f64,
    /// Σy².
    pub yy: f64,
}

/// A fitted line: slope and the slope's t statistic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Slope.
    pub slope: f64,
    /// Slope / its standard error (`None` with a perfect fit or too few points).
    pub t: Option<f64>,
}

/// Fits `y = a + b x` from `sums`; `None` below two points or with no spread in x.
pub fn fit(s: &Sums) -> Option<Fit> {
    if s.n < 2.0 {
        return None;
    }
    let sxx = s.xx - s.x * s.x / s.n;
    let sxy = s.xy - s.x * s.y / s.n;
    let syy = s.yy - s.y * s.y / s.n;
    if sxx <= 1e-12 {
        return None;
    }
    let slope = sxy / sxx;
    let t = if s.n > 2.0 {
        let sse = (syy - slope * sxy).max(0.0);
        let se = (sse / (s.n - 2.0) / sxx).sqrt();
        (se > 1e-12).then(|| slope / se)
    } else {
        None
    };
    Some(Fit { slope, t })
}

/// Two-sided 5% critical value of Student's t with `df` degrees of freedom.
pub fn t_critical(df: f64) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df as usize {
        0 => f64::INFINITY,
        d if d <= 30 => TABLE[d - 1],
        d if d <= 60 => 2.000,
        d if d <= 120 => 1.980,
        _ => 1.960,
    }
}

/// Calls the trend from a fit over `n` reports spanning `span_days` days.
pub fn call_trend(fit: Option<Fit>, n: f64, span_days: f64) -> (String, Option<f64>, bool) {
    let Some(f) = fit else {
        return ("insufficient_data".into(), None, false);
    };
    let change = f.slope * span_days;
    let significant =
        f.t.is_some_and(|t| t.abs() >= t_critical(n - 2.0)) && change.abs() >= MEANINGFUL_CHANGE;
    let trend = match (significant, change > 0.0) {
        (false, _) => "stable",
        (true, true) => "improving",
        (true, false) => "declining",
    };
    (trend.into(), Some(change), significant)
}
