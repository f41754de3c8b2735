//! Problem solving: for each coding problem, the share of tests the best run
//! passed, the attempts before every test passed, the hints taken, and the
//! final solution's complexity against the reference solution's; plus the
//! rubric of the problem-solving questions asked in words.

use std::collections::BTreeMap;

use super::dimension::{weighted_mean, Dimension};
use super::evidence::{CodeAttempt, Evidence};
use super::rubric::Judged;

/// Points lost per extra attempt before success (at most three count).
const ATTEMPT_COST: f64 = 0.5;
/// Points lost per hint (at most three count).
const HINT_COST: f64 = 0.75;
/// Points lost when the final solution is far more complex than the reference.
const COMPLEXITY_COST: f64 = 1.0;

/// How one problem went.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemOutcome {
    /// The problem's id.
    pub problem_id: String,
    /// Best share of tests passed, 0–1.
    pub best_ratio: f64,
    /// Tests passed and run by the best attempt.
    pub best: (usize, usize),
    /// Runs made.
    pub attempts: usize,
    /// The run (1-based) that first passed every test.
    pub solved_on: Option<usize>,
    /// Hints taken.
    pub hints: usize,
    /// Cyclomatic complexity of the last run and of the reference solution.
    pub complexity: Option<(f64, f64)>,
    /// Score 0–10.
    pub score: f64,
}

/// Scores problem solving from `ev`'s code runs and `judged`'s problem-solving questions.
pub fn score(ev: &Evidence, judged: &[Judged<'_>]) -> (Dimension, Vec<ProblemOutcome>) {
    let outcomes = problems(ev);
    let mut evidence: Vec<String> = outcomes.iter().map(problem_line).collect();
    let code = weighted_mean(outcomes.iter().map(|o| (o.score, 1.0)));
    let spoken: Vec<&Judged<'_>> = judged
        .iter()
        .filter(|j| j.question.phase == "problem_solving" && j.substance_total() > 0)
        .collect();
    let talk = weighted_mean(spoken.iter().filter_map(|j| Some((j.score()?, 1.0))));
    evidence.extend(spoken.iter().map(|j| super::technical::coverage_line(j)));
    let score = match (code, talk) {
        (Some(c), Some(t)) => 0.65 * c + 0.35 * t,
        (Some(c), None) => c,
        (None, Some(t)) => t,
        (None, None) => {
            return (
                Dimension::not_assessed("no problem was worked on"),
                outcomes,
            )
        }
    };
    (Dimension::scored(score, evidence), outcomes)
}

fn problems(ev: &Evidence) -> Vec<ProblemOutcome> {
    let mut by_problem: BTreeMap<String, Vec<&CodeAttempt>> = BTreeMap::new();
    let mut order: Vec<String> = ev.problems.clone();
    for a in &ev.attempts {
        let id = a.problem_id.clone().unwrap_or_else(|| "(free-form)".into());
        if !order.contains(&id) {
            order.push(id.clone());
        }
        by_problem.entry(id).or_default().push(a);
    }
    order.dedup();
    order
        .into_iter()
        .map(|id| {
            let runs = by_problem.remove(&id).unwrap_or_default();
            let hints = ev.hints.get(&id).copied().unwrap_or(0);
            outcome(id, &runs, hints)
        })
        .collect()
}

fn outcome(problem_id: String, runs: &[&CodeAttempt], hints: usize) -> ProblemOutcome {
    let ratio = |a: &CodeAttempt| {
        if a.total == 0 {
            0.0
        } else {
            a.passed as f64 / a.total as f64
        }
    };
    let best = runs
        .iter()
        .copied()
        .max_by(|a, b| ratio(a).total_cmp(&ratio(b)));
    let best_ratio = best.map_or(0.0, ratio);
    let solved_on = runs
        .iter()
        .position(|a| a.total > 0 && a.passed == a.total)
        .map(|i| i + 1);
    let complexity = runs.last().and_then(|last| {
        let mine = last.cyclomatic?;
        let reference = reference_complexity(&problem_id, &last.language)?;
        Some((mine, reference))
    });
    let mut score = 10.0 * best_ratio;
    if let Some(n) = solved_on {
        score -= ATTEMPT_COST * (n - 1).min(3) as f64;
    }
    score -= HINT_COST * hints.min(3) as f64;
    if let Some((mine, reference)) = complexity {
        if mine > (2.0 * reference).max(reference + 3.0) {
            score -= COMPLEXITY_COST;
        }
    }
    ProblemOutcome {
        problem_id,
        best_ratio,
        best: best.map_or((0, 0), |a| (a.passed, a.total)),
        attempts: runs.len(),
        solved_on,
        hints,
        complexity,
        score: score.clamp(0.0, 10.0),
    }
}

/// The cyclomatic complexity of the bank's reference solution.
fn reference_complexity(problem_id: &str, language: &str) -> Option<f64> {
    let problem = prepai_sandbox::problem_bank()
        .iter()
        .find(|p| p.id == problem_id)?;
    let reference = &problem.languages.get(language)?.reference;
    let lang = prepai_metrics::MetricsLanguage::from_name(language).ok()?;
    let m = prepai_metrics::analyze(reference, lang).ok()?;
    Some(m.cyclomatic_complexity as f64)
}

fn problem_line(o: &ProblemOutcome) -> String {
    if o.attempts == 0 {
        return format!("`{}`: handed out, but no solution was run.", o.problem_id);
    }
    let mut line = format!(
        "`{}`: best run passed {}/{} tests",
        o.problem_id, o.best.0, o.best.1
    );
    match o.solved_on {
        Some(1) => line.push_str(", all on the first run"),
        Some(n) => line.push_str(&format!(", all by run {n} of {}", o.attempts)),
        None => line.push_str(&format!(" over {} run(s), never all", o.attempts)),
    }
    line.push_str(&format!("; {} hint(s)", o.hints));
    if let Some((mine, reference)) = o.complexity {
        line.push_str(&format!(
            "; complexity {mine:.0} against the reference's {reference:.0}"
        ));
    }
    line.push('.');
    line
}
