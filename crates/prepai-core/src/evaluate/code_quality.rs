//! Code quality: the sandbox's metrics on the last run of each problem.

use super::dimension::{weighted_mean, Dimension};
use super::evidence::{CodeAttempt, Evidence};

/// Scores the last measured run of each problem.
pub fn score(ev: &Evidence) -> Dimension {
    let mut last: Vec<&CodeAttempt> = Vec::new();
    for a in ev.attempts.iter().filter(|a| a.quality_score.is_some()) {
        match last.iter_mut().find(|l| l.problem_id == a.problem_id) {
            Some(slot) => *slot = a,
            None => last.push(a),
        }
    }
    if last.is_empty() {
        return Dimension::not_assessed("no code was run and measured");
    }
    let mean = weighted_mean(last.iter().filter_map(|a| Some((a.quality_score?, 1.0))));
    let evidence = last
        .iter()
        .map(|a| {
            let mut line = format!(
                "`{}`: quality {:.1}/10",
                a.problem_id.as_deref().unwrap_or("code"),
                a.quality_score.unwrap_or(0.0)
            );
            if let Some(c) = a.cyclomatic {
                line.push_str(&format!(", cyclomatic complexity {c:.0}"));
            }
            if let Some(l) = a.lines_of_code {
                line.push_str(&format!(", {l} lines of code"));
            }
            line.push('.');
            line
        })
        .collect();
    Dimension::scored(mean.unwrap_or(0.0), evidence)
}
