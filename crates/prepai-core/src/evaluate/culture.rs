//! Cultural fit: ownership, collaboration, learning and leadership shown in
//! behavioural and background answers, as first-person phrases. Each signal
//! counts once per answer, so repetition earns nothing; blaming others costs.

use crate::matcher::PreparedAnswer;

use super::dimension::{excerpt, weighted_mean, Dimension};
use super::evidence::{Evidence, Exchange};
use super::lexicon::{BLAME, SIGNALS};

/// Points per signal shown in an answer (three signals make 10).
const PER_SIGNAL: f64 = 3.5;
/// Points lost per blaming phrase.
const BLAME_COST: f64 = 2.5;

fn behavioural(x: &Exchange) -> bool {
    x.question
        .as_ref()
        .is_some_and(|q| q.star || q.phase == "background")
}

/// Scores the behavioural and background answers in `ev`.
pub fn score(ev: &Evidence) -> Dimension {
    let answers: Vec<&Exchange> = ev.exchanges.iter().filter(|x| behavioural(x)).collect();
    if answers.is_empty() {
        return Dimension::not_assessed("no behavioural or background question was answered");
    }
    let mut shown: Vec<(&str, String)> = Vec::new();
    let mut blamed: Vec<String> = Vec::new();
    let scores = answers.iter().map(|x| {
        let a = PreparedAnswer::new(&x.answer);
        let mut signals = 0;
        for s in SIGNALS {
            if let Some(p) = s.phrases.iter().find(|p| a.mentions(p)) {
                signals += 1;
                if !shown.iter().any(|(n, _)| *n == s.name) {
                    shown.push((s.name, p.to_string()));
                }
            }
        }
        let blame = BLAME.iter().filter(|b| a.mentions(b)).count();
        if blame > 0 {
            blamed.push(excerpt(&x.answer, 80));
        }
        let score = PER_SIGNAL * signals as f64 - BLAME_COST * blame.min(2) as f64;
        (score.clamp(0.0, 10.0), 1.0)
    });
    let mean = weighted_mean(scores.collect::<Vec<_>>()).unwrap_or(0.0);
    let mut evidence = Vec::new();
    for s in SIGNALS {
        match shown.iter().find(|(n, _)| *n == s.name) {
            Some((_, phrase)) => evidence.push(format!("{}: shown (\"{phrase}\").", s.name)),
            None => evidence.push(format!("{}: not shown in any story.", s.name)),
        }
    }
    for b in blamed {
        evidence.push(format!("Blamed others: \"{b}\"."));
    }
    Dimension::scored(mean, evidence)
}
