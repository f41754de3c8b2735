//! Judging each bank question's answers against its rubric: which key points
//! were covered unprompted, which only after a follow-up, how deeply, and the
//! STAR structure of behavioural answers.

use crate::bank::{KeyPoint, Question};
use crate::matcher::PreparedAnswer;

use super::evidence::{Evidence, Exchange};
use super::lexicon::{BUZZWORDS, STAR_PARTS};

/// Credit for a key point covered only after the interviewer asked about it.
const PROMPTED_CREDIT: f64 = 0.6;
/// Buzzwords per word tolerated before an answer loses credit.
const BUZZ_TOLERANCE: f64 = 0.04;

/// One question's answers, judged.
#[derive(Debug, Clone)]
pub struct Judged<'a> {
    /// The question.
    pub question: &'a Question,
    /// Its answers (the first, then answers to follow-ups).
    pub answers: Vec<&'a Exchange>,
    /// Substance points covered in the first answer.
    pub unprompted: Vec<&'a KeyPoint>,
    /// Substance points covered only after a follow-up.
    pub prompted: Vec<&'a KeyPoint>,
    /// Substance points never covered.
    pub missed: Vec<&'a KeyPoint>,
    /// STAR parts covered (behavioural questions only).
    pub star_covered: Vec<&'a str>,
    /// Share of covered points backed by two or more distinct terms, 0–1.
    pub depth: f64,
    /// Buzzwords in the answers.
    pub buzzwords: usize,
    /// Words in the answers.
    pub words: usize,
}

impl Judged<'_> {
    /// Substance key points of the question (everything but the STAR parts).
    pub fn substance_total(&self) -> usize {
        self.unprompted.len() + self.prompted.len() + self.missed.len()
    }

    /// The question's substance score 0–10, `None` when it has no substance points.
    pub fn score(&self) -> Option<f64> {
        let n = self.substance_total();
        if n == 0 {
            return None;
        }
        let credit = self.unprompted.len() as f64 + PROMPTED_CREDIT * self.prompted.len() as f64;
        let coverage = credit / n as f64;
        Some(10.0 * self.buzz_factor() * (0.8 * coverage + 0.2 * self.depth))
    }

    /// 1.0, or less when the answers are padded with buzzwords.
    pub fn buzz_factor(&self) -> f64 {
        if self.words == 0 {
            return 1.0;
        }
        let ratio = self.buzzwords as f64 / self.words as f64;
        1.0 - (6.0 * (ratio - BUZZ_TOLERANCE).max(0.0)).min(0.6)
    }
}

fn is_star_part(kp: &KeyPoint) -> bool {
    STAR_PARTS.contains(&kp.id.as_str())
}

/// Counts the buzzwords in `answer`.
pub fn buzzword_count(answer: &PreparedAnswer) -> usize {
    BUZZWORDS.iter().map(|b| answer.count(b)).sum()
}

/// Judges every bank question discussed in `ev`, in the order first asked.
pub fn judge(ev: &Evidence) -> Vec<Judged<'_>> {
    let mut groups: Vec<(&Question, Vec<&Exchange>)> = Vec::new();
    for x in &ev.exchanges {
        let Some(q) = &x.question else { continue };
        match groups.iter_mut().find(|(g, _)| g.id == q.id) {
            Some((_, answers)) => answers.push(x),
            None => groups.push((q, vec![x])),
        }
    }
    groups.into_iter().map(|(q, a)| judge_one(q, a)).collect()
}

fn judge_one<'a>(question: &'a Question, answers: Vec<&'a Exchange>) -> Judged<'a> {
    let first = PreparedAnswer::new(answers.first().map_or("", |x| x.answer.as_str()));
    let all_text = answers
        .iter()
        .map(|x| x.answer.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let all = PreparedAnswer::new(&all_text);
    let mut j = Judged {
        question,
        answers,
        unprompted: Vec::new(),
        prompted: Vec::new(),
        missed: Vec::new(),
        star_covered: Vec::new(),
        depth: 0.0,
        buzzwords: buzzword_count(&all),
        words: all.word_count(),
    };
    let mut deep = 0.0;
    for kp in &question.key_points {
        if is_star_part(kp) {
            if question.star && all.covers(kp) {
                j.star_covered.push(kp.id.as_str());
            }
            continue;
        }
        if first.covers(kp) {
            j.unprompted.push(kp);
        } else if all.covers(kp) {
            j.prompted.push(kp);
        } else {
            j.missed.push(kp);
            continue;
        }
        deep += (all.matched_terms(kp).len().min(2) as f64) / 2.0;
    }
    let n = j.substance_total();
    if n > 0 {
        j.depth = deep / n as f64;
    }
    j
}
