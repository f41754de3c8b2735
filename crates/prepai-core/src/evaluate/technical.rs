//! Technical knowledge: the key points of each technical question the answers
//! covered (unprompted counts fully, after a follow-up partly), how deeply, and
//! whether the answer leaned on buzzwords. Harder questions weigh more.

use super::dimension::{weighted_mean, Dimension};
use super::rubric::Judged;

/// Scores the technical questions among `judged` (background questions excluded).
pub fn score(judged: &[Judged<'_>]) -> Dimension {
    let technical: Vec<&Judged<'_>> = judged
        .iter()
        .filter(|j| j.question.phase == "technical" && j.substance_total() > 0)
        .collect();
    if technical.is_empty() {
        return Dimension::not_assessed("no technical question was answered");
    }
    let mean = weighted_mean(
        technical
            .iter()
            .filter_map(|j| Some((j.score()?, j.question.difficulty.max(1) as f64))),
    )
    .unwrap_or(0.0);
    let mut evidence: Vec<String> = technical.iter().map(|j| coverage_line(j)).collect();
    let padded = technical.iter().filter(|j| j.buzz_factor() < 1.0).count();
    if padded > 0 {
        evidence.push(format!(
            "{padded} answer(s) leaned on buzzwords instead of substance and lost credit."
        ));
    }
    Dimension::scored(mean, evidence)
}

/// "'Question': covered a, b (2/3 unprompted); after a follow-up: c; missed: d."
pub fn coverage_line(j: &Judged<'_>) -> String {
    let labels = |kps: &[&crate::bank::KeyPoint]| {
        kps.iter()
            .map(|k| k.label.to_lowercase())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut line = format!(
        "\"{}\": {}/{} key points",
        j.question.text,
        j.unprompted.len() + j.prompted.len(),
        j.substance_total()
    );
    if !j.unprompted.is_empty() {
        line.push_str(&format!(" — covered: {}", labels(&j.unprompted)));
    }
    if !j.prompted.is_empty() {
        line.push_str(&format!(
            " — only after a follow-up: {}",
            labels(&j.prompted)
        ));
    }
    if !j.missed.is_empty() {
        line.push_str(&format!(" — missed: {}", labels(&j.missed)));
    }
    line.push('.');
    line
}
