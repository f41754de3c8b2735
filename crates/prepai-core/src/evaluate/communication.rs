//! Communication: each answer's structure (STAR parts for behavioural questions,
//! reasoning connectors otherwise), its length against what the question needs,
//! filler words, run-on sentences, and the speaking pace when it was spoken.

use std::collections::BTreeMap;

use crate::matcher::PreparedAnswer;

use super::dimension::{weighted_mean, Dimension};
use super::evidence::{Evidence, Exchange};
use super::lexicon::{CONNECTORS, FILLERS, NON_ANSWERS, STAR_PARTS};

/// A comfortable speaking pace, words per minute.
const PACE: (f64, f64) = (110.0, 170.0);
/// Fillers per 100 words at which fluency reaches zero.
const FILLER_LIMIT: f64 = 8.0;
/// Mean words per sentence above which sentences run on.
const RUN_ON: f64 = 40.0;

/// How one answer communicated.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerStyle {
    /// Words.
    pub words: usize,
    /// The word range the question needs.
    pub need: (usize, usize),
    /// Filler words by filler.
    pub fillers: BTreeMap<&'static str, usize>,
    /// STAR parts said (behavioural questions), out of four.
    pub star_parts: Option<usize>,
    /// Distinct reasoning connectors used.
    pub connectors: usize,
    /// Mean words per sentence.
    pub sentence_words: f64,
    /// Words per minute, when spoken.
    pub wpm: Option<f64>,
    /// Whether the answer says the candidate does not know.
    pub non_answer: bool,
    /// Score 0–10.
    pub score: f64,
}

/// The words a question's answer needs: behavioural stories take longer than
/// a definition, and nobody needs a speech to say hello.
fn need(x: &Exchange) -> (usize, usize) {
    match &x.question {
        Some(q) if q.star && !x.follow_up => (70, 300),
        Some(q) if q.phase == "background" => (25, 220),
        Some(_) if x.follow_up => (8, 150),
        Some(_) => (15, 200),
        None => (8, 220),
    }
}

/// Judges one answer.
pub fn style(x: &Exchange) -> AnswerStyle {
    let a = PreparedAnswer::new(&x.answer);
    let words = a.word_count();
    let need = need(x);
    let fillers: BTreeMap<&'static str, usize> = FILLERS
        .iter()
        .map(|f| (*f, a.count(f)))
        .filter(|(_, n)| *n > 0)
        .collect();
    let filler_count: usize = fillers.values().sum();
    let star_parts = x
        .question
        .as_ref()
        .filter(|q| q.star && !x.follow_up)
        .map(|q| {
            q.key_points
                .iter()
                .filter(|kp| STAR_PARTS.contains(&kp.id.as_str()) && a.covers(kp))
                .count()
        });
    let connectors = CONNECTORS.iter().filter(|c| a.mentions(c)).count();
    let sentences = x
        .answer
        .split(['.', '!', '?', ';'])
        .filter(|s| s.split_whitespace().next().is_some())
        .count()
        .max(1);
    let sentence_words = words as f64 / sentences as f64;
    let wpm = x
        .spoken_secs
        .filter(|s| *s > 0.5)
        .map(|s| words as f64 * 60.0 / s);
    let non_answer = NON_ANSWERS.iter().any(|n| a.mentions(n));

    let structure = if non_answer {
        0.3
    } else if let Some(parts) = star_parts {
        0.25 + 0.75 * parts as f64 / STAR_PARTS.len() as f64
    } else {
        0.6 + 0.2 * connectors.min(2) as f64
    };
    let concision = if words < need.0 {
        0.4 + 0.6 * words as f64 / need.0 as f64
    } else if words > need.1 {
        (1.0 - 0.7 * (words - need.1) as f64 / (2 * need.1) as f64).max(0.3)
    } else {
        1.0
    };
    let rate = if words == 0 {
        0.0
    } else {
        100.0 * filler_count as f64 / words as f64
    };
    let mut fluency = 1.0 - (rate / FILLER_LIMIT).min(1.0);
    if sentence_words > RUN_ON {
        fluency = (fluency - 0.2).max(0.0);
    }
    let pace = wpm.map_or(1.0, |w| {
        let off = if w < PACE.0 {
            PACE.0 - w
        } else {
            (w - PACE.1).max(0.0)
        };
        1.0 - (off / 100.0).min(0.5)
    });
    let score = 10.0 * (0.35 * structure + 0.3 * concision + 0.35 * fluency) * pace;
    AnswerStyle {
        words,
        need,
        fillers,
        star_parts,
        connectors,
        sentence_words,
        wpm,
        non_answer,
        score,
    }
}

/// Scores every answer in `ev`.
pub fn score(ev: &Evidence) -> Dimension {
    let styles: Vec<AnswerStyle> = ev
        .exchanges
        .iter()
        .filter(|x| !x.answer.trim().is_empty())
        .map(style)
        .collect();
    if styles.is_empty() {
        return Dimension::not_assessed("the candidate gave no answers");
    }
    let mean = weighted_mean(styles.iter().map(|s| (s.score, 1.0))).unwrap_or(0.0);
    Dimension::scored(mean, evidence(&styles))
}

fn evidence(styles: &[AnswerStyle]) -> Vec<String> {
    let mut out = Vec::new();
    let words: usize = styles.iter().map(|s| s.words).sum();
    let mut fillers: BTreeMap<&str, usize> = BTreeMap::new();
    for s in styles {
        for (f, n) in &s.fillers {
            *fillers.entry(f).or_default() += n;
        }
    }
    let filler_total: usize = fillers.values().sum();
    if filler_total == 0 {
        out.push(format!(
            "No filler words in {words} words over {} answers.",
            styles.len()
        ));
    } else {
        let mut top: Vec<(&str, usize)> = fillers.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let list = top
            .iter()
            .take(4)
            .map(|(f, n)| format!("\"{f}\" ×{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(format!(
            "{filler_total} filler words in {words} words ({:.1} per 100): {list}.",
            100.0 * filler_total as f64 / words.max(1) as f64
        ));
    }
    let long = styles.iter().filter(|s| s.words > s.need.1).count();
    if long > 0 {
        out.push(format!(
            "{long} answer(s) ran well past what the question needed."
        ));
    }
    let short = styles.iter().filter(|s| s.words < s.need.0).count();
    if short > 0 {
        out.push(format!("{short} answer(s) were too brief to show much."));
    }
    let star: Vec<usize> = styles.iter().filter_map(|s| s.star_parts).collect();
    if !star.is_empty() {
        let complete = star.iter().filter(|p| **p == STAR_PARTS.len()).count();
        out.push(format!(
            "{complete} of {} behavioural answers told a complete STAR story.",
            star.len()
        ));
    }
    let paces: Vec<f64> = styles.iter().filter_map(|s| s.wpm).collect();
    if !paces.is_empty() {
        out.push(format!(
            "Speaking pace {:.0} words per minute on average (comfortable: {:.0}–{:.0}).",
            paces.iter().sum::<f64>() / paces.len() as f64,
            PACE.0,
            PACE.1
        ));
    }
    let run_on = styles.iter().filter(|s| s.sentence_words > RUN_ON).count();
    if run_on > 0 {
        out.push(format!("{run_on} answer(s) ran sentences together."));
    }
    out
}
