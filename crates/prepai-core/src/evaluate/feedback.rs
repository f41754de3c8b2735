//! What the candidate reads first: strengths, concrete improvements,
//! per-question feedback and response times, drawn from the judged evidence.

use crate::report::{ProblemFeedback, QuestionFeedback, ResponseTimes};

use super::dimension::round1;
use super::evidence::Evidence;
use super::problem_solving::ProblemOutcome;
use super::rubric::Judged;

/// Scores at or above this are strengths.
pub const STRENGTH: f64 = 7.5;
/// Scores below this need work.
pub const WEAK: f64 = 6.5;

/// Feedback on each judged question.
pub fn questions(judged: &[Judged<'_>]) -> Vec<QuestionFeedback> {
    judged
        .iter()
        .map(|j| {
            let labels = |kps: &[&crate::bank::KeyPoint]| {
                kps.iter().map(|k| k.label.clone()).collect::<Vec<_>>()
            };
            let score = j.score().map(round1);
            let feedback = match score {
                None => format!("Told {} of the four STAR parts.", j.star_covered.len()),
                Some(s) if j.missed.is_empty() && j.prompted.is_empty() => {
                    format!("Covered every key point unprompted ({s:.1}/10).")
                }
                Some(_) if j.missed.is_empty() => format!(
                    "Got there with help: {} only came after a follow-up.",
                    lower_list(&labels(&j.prompted))
                ),
                Some(_) => format!(
                    "A strong answer also covers: {}.",
                    lower_list(&labels(&j.missed))
                ),
            };
            QuestionFeedback {
                question_id: j.question.id.clone(),
                question: j.question.text.clone(),
                phase: j.question.phase.clone(),
                difficulty: j.question.difficulty,
                score,
                covered: labels(&j.unprompted),
                covered_after_follow_up: labels(&j.prompted),
                missed: labels(&j.missed),
                star_parts: j
                    .question
                    .star
                    .then(|| j.star_covered.iter().map(|s| s.to_string()).collect()),
                response_seconds: j.answers.first().and_then(|x| x.response_secs),
                feedback,
            }
        })
        .collect()
}

fn lower_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| s.to_lowercase())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Per-problem outcomes for the report.
pub fn problems(outcomes: &[ProblemOutcome]) -> Vec<ProblemFeedback> {
    outcomes
        .iter()
        .map(|o| ProblemFeedback {
            problem_id: o.problem_id.clone(),
            tests_passed: o.best.0,
            tests_total: o.best.1,
            attempts: o.attempts,
            solved_on_attempt: o.solved_on,
            hints: o.hints,
            score: round1(o.score),
        })
        .collect()
}

/// Mean, median and longest time from question to answer.
pub fn response_times(ev: &Evidence) -> ResponseTimes {
    let mut secs: Vec<f64> = ev
        .exchanges
        .iter()
        .filter_map(|x| x.response_secs)
        .collect();
    if secs.is_empty() {
        return ResponseTimes::default();
    }
    secs.sort_by(f64::total_cmp);
    let n = secs.len();
    let median = if n % 2 == 1 {
        secs[n / 2]
    } else {
        (secs[n / 2 - 1] + secs[n / 2]) / 2.0
    };
    ResponseTimes {
        answers: n,
        average_seconds: Some(round1(secs.iter().sum::<f64>() / n as f64)),
        median_seconds: Some(round1(median)),
        longest_seconds: Some(round1(secs[n - 1])),
    }
}

/// Inputs to the strengths and improvements.
pub struct Findings<'a> {
    /// The five scores in report order.
    pub scores: [Option<f64>; 5],
    /// The judged questions.
    pub judged: &'a [Judged<'a>],
    /// The problems.
    pub problems: &'a [ProblemOutcome],
    /// The communication evidence lines.
    pub communication: &'a [String],
    /// The cultural-fit evidence lines.
    pub culture: &'a [String],
}

/// Strengths: the dimensions at or above [`STRENGTH`], each with its best evidence.
pub fn strengths(f: &Findings<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let strong = |i: usize| f.scores[i].is_some_and(|s| s >= STRENGTH);
    if strong(0) {
        let full: Vec<&str> = f
            .judged
            .iter()
            .filter(|j| j.question.phase == "technical" && j.score().is_some_and(|s| s >= 8.0))
            .map(|j| j.question.topic.as_str())
            .collect();
        out.push(if full.is_empty() {
            "Solid technical knowledge across the questions.".to_string()
        } else {
            format!("Strong technical answers on {}.", full.join(", "))
        });
    }
    if strong(1) {
        let solved: Vec<String> = f
            .problems
            .iter()
            .filter(|p| p.solved_on.is_some())
            .map(|p| match p.solved_on {
                Some(1) => format!("{} on the first run", p.problem_id),
                Some(n) => format!("{} in {n} runs", p.problem_id),
                None => p.problem_id.clone(),
            })
            .collect();
        out.push(if solved.is_empty() {
            "Reasoned through the problem-solving questions well.".to_string()
        } else {
            format!("Solved {}.", solved.join(", "))
        });
    }
    if strong(2) {
        out.push(format!(
            "Clear communication: {}",
            f.communication.first().cloned().unwrap_or_default()
        ));
    }
    if strong(3) {
        out.push("Clean, readable code by the sandbox's quality metrics.".to_string());
    }
    if strong(4) {
        let shown: Vec<&str> = f
            .culture
            .iter()
            .filter(|e| e.contains(": shown"))
            .filter_map(|e| e.split(':').next())
            .collect();
        out.push(format!("Behavioural stories showed {}.", shown.join(", ")));
    }
    out
}

/// Improvements: for each weak dimension, what exactly to work on.
pub fn improvements(f: &Findings<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let weak = |i: usize| f.scores[i].is_some_and(|s| s < WEAK);
    if weak(0) || weak(1) {
        for j in f.judged.iter().filter(|j| !j.missed.is_empty()).take(3) {
            out.push(format!(
                "Review {}: a strong answer to \"{}\" covers {}.",
                j.question.topic,
                j.question.text,
                lower_list(&j.missed.iter().map(|k| k.label.clone()).collect::<Vec<_>>())
            ));
        }
    }
    if weak(1) {
        for p in f.problems {
            if p.attempts == 0 {
                out.push(format!(
                    "Get a working solution to {} running; nothing was submitted.",
                    p.problem_id
                ));
            } else if p.solved_on.is_none() {
                out.push(format!(
                    "Finish {}: the best run passed {}/{} tests. Test edge cases before running.",
                    p.problem_id, p.best.0, p.best.1
                ));
            } else if p.hints > 0 {
                out.push(format!(
                    "Practise {}-style problems until you can solve them without hints ({} used).",
                    p.problem_id, p.hints
                ));
            }
        }
    }
    if weak(2) {
        for e in f.communication.iter().filter(|e| {
            e.contains("filler")
                || e.contains("ran well past")
                || e.contains("STAR")
                || e.contains("too brief")
                || e.contains("pace")
        }) {
            out.push(format!("Communication: {e}"));
        }
    }
    if weak(3) {
        out.push("Simplify your code: smaller functions, fewer branches, clear names.".into());
    }
    if weak(4) {
        let missing: Vec<&str> = f
            .culture
            .iter()
            .filter(|e| e.contains("not shown"))
            .filter_map(|e| e.split(':').next())
            .collect();
        if !missing.is_empty() {
            out.push(format!(
                "In behavioural stories, show {} in your own words: say what you did \
                 (\"I decided\", \"I worked with\", \"I learned\").",
                missing.join(", ")
            ));
        }
        for e in f.culture.iter().filter(|e| e.starts_with("Blamed")) {
            out.push(format!("Own the outcome instead of blaming others. {e}"));
        }
    }
    out
}
