//! A scored dimension and its evidence.

use serde::{Deserialize, Serialize};

/// One dimension's score with what it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dimension {
    /// 0–10, or `None` when the interview gave nothing to judge it on.
    pub score: Option<f64>,
    /// Quotes, counts and metrics behind the score (or why it was not assessed).
    pub evidence: Vec<String>,
}

impl Dimension {
    /// A dimension with nothing to judge, and why.
    pub fn not_assessed(why: &str) -> Self {
        Dimension {
            score: None,
            evidence: vec![format!("Not assessed: {why}.")],
        }
    }

    /// A scored dimension (clamped to 0–10, rounded to one decimal).
    pub fn scored(score: f64, evidence: Vec<String>) -> Self {
        Dimension {
            score: Some(round1(score.clamp(0.0, 10.0))),
            evidence,
        }
    }
}

/// Rounds to one decimal place.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The mean of `xs` weighted by `ws`, `None` when the weights sum to zero.
pub fn weighted_mean(xs: impl IntoIterator<Item = (f64, f64)>) -> Option<f64> {
    let (mut sum, mut weight) = (0.0, 0.0);
    for (x, w) in xs {
        sum += x * w;
        weight += w;
    }
    (weight > 0.0).then(|| sum / weight)
}

/// Shortens `text` to at most `max` characters at a word boundary, with an ellipsis.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}
