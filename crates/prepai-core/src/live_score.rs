//! Running estimates shown while the interview is in progress: key-point
//! coverage per question (technical knowledge) and test results and hints
//! (problem solving). The full evaluator scores the finished session.

use std::collections::BTreeMap;

use crate::agent::Assessment;
use crate::events::{CodeOutcome, ScoreUpdate};
use crate::interview_type::InterviewType;

/// Accumulates the evidence for live score updates.
#[derive(Debug, Default, Clone)]
pub struct LiveScore {
    questions: BTreeMap<String, (usize, usize)>,
    best_pass_ratio: BTreeMap<String, f64>,
    quality: Vec<f64>,
    hints: usize,
}

impl LiveScore {
    /// Records the latest judgement of a question (later ones replace earlier).
    pub fn assessment(&mut self, a: &Assessment) {
        self.questions.insert(
            a.question_id.clone(),
            (a.covered.len(), a.covered.len() + a.missed.len()),
        );
    }

    /// Records a code run.
    pub fn code_result(&mut self, o: &CodeOutcome) {
        let key = o.problem_id.clone().unwrap_or_default();
        let ratio = if o.total == 0 {
            0.0
        } else {
            o.passed as f64 / o.total as f64
        };
        let best = self.best_pass_ratio.entry(key).or_insert(0.0);
        *best = best.max(ratio);
        if let Some(q) = o.quality_score {
            self.quality.push(q);
        }
    }

    /// Records a hint.
    pub fn hint(&mut self) {
        self.hints += 1;
    }

    /// The current estimate.
    pub fn update(&self, ty: &InterviewType) -> ScoreUpdate {
        let covered: usize = self.questions.values().map(|(c, _)| c).sum();
        let total: usize = self.questions.values().map(|(_, t)| t).sum();
        let technical = (total > 0).then(|| round1(10.0 * covered as f64 / total as f64));
        let problem_solving = (!self.best_pass_ratio.is_empty()).then(|| {
            let mean =
                self.best_pass_ratio.values().sum::<f64>() / self.best_pass_ratio.len() as f64;
            round1((10.0 * mean - 0.5 * self.hints as f64).clamp(0.0, 10.0))
        });
        let code_quality = (!self.quality.is_empty())
            .then(|| round1(self.quality.iter().sum::<f64>() / self.quality.len() as f64));
        let w = &ty.weights;
        let parts = [
            (technical, w.technical_knowledge),
            (problem_solving, w.problem_solving),
            (code_quality, w.code_quality),
        ];
        let weight: f64 = parts
            .iter()
            .filter(|(s, _)| s.is_some())
            .map(|(_, w)| w)
            .sum();
        let overall = (weight > 0.0).then(|| {
            round1(
                parts
                    .iter()
                    .filter_map(|(s, w)| s.map(|s| s * w))
                    .sum::<f64>()
                    / weight,
            )
        });
        ScoreUpdate {
            technical_knowledge: technical,
            problem_solving,
            communication: None,
            code_quality,
            cultural_fit: None,
            overall,
            questions_asked: self.questions.len(),
            key_points_covered: covered,
            key_points_total: total,
        }
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
