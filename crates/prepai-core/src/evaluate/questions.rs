//! Which bank question an interviewer's message asks.
//!
//! The local interviewer asks bank questions word for word, so most are found
//! by containment. A remote model rephrases; its message is matched to the bank
//! question sharing most of its content words, when that share is high enough.
//! A message that repeats a key point's follow-up keeps the current question.

use std::collections::BTreeSet;

use crate::bank::{Question, QuestionBank};
use crate::matcher;

/// Words too common to tell two questions apart.
const STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "you", "your", "do",
    "does", "how", "what", "why", "when", "would", "could", "is", "are", "it", "that", "this",
    "me", "about", "time", "tell", "i", "we", "be", "can", "if", "at", "as", "by", "from",
];

/// Jaccard share of content stems needed to match a rephrased question.
const FUZZY_THRESHOLD: f64 = 0.6;

/// Lower-cased text with runs of whitespace collapsed and `?` removed.
fn normalize(text: &str) -> String {
    text.to_lowercase()
        .replace('?', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn content_stems(text: &str) -> BTreeSet<String> {
    matcher::words(text)
        .into_iter()
        .filter(|w| !STOP.contains(&w.as_str()))
        .map(|w| matcher::stems(&w).concat())
        .collect()
}

/// Finds bank questions in interviewer messages.
#[derive(Debug, Clone, Default)]
pub struct QuestionFinder {
    questions: Vec<(Question, String, BTreeSet<String>)>,
}

/// What an interviewer's message asks, as far as the rubric is concerned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Asked<'a> {
    /// A bank question, asked for the first time.
    Question(&'a Question),
    /// A follow-up on the current question's key point.
    FollowUp,
    /// Something the bank does not know (greeting, CV question, small talk).
    Other,
}

impl QuestionFinder {
    /// A finder over `questions` (the interview type's first, then the rest).
    pub fn new<'q>(questions: impl IntoIterator<Item = &'q Question>) -> Self {
        QuestionFinder {
            questions: questions
                .into_iter()
                .map(|q| (q.clone(), normalize(&q.text), content_stems(&q.text)))
                .collect(),
        }
    }

    /// A finder for an interview of type `key`: its own questions first, then
    /// every other question in `bank`.
    pub fn for_type(bank: &QuestionBank, key: &str) -> Self {
        let own = bank.for_type(key);
        Self::new(own.iter().chain(bank.all().filter(|q| !own.contains(q))))
    }

    /// What `message` asks, given the question currently being discussed.
    pub fn classify(&self, message: &str, current: Option<&Question>) -> Asked<'_> {
        let norm = normalize(message);
        if let Some((q, _, _)) = self
            .questions
            .iter()
            .find(|(_, text, _)| !text.is_empty() && norm.contains(text.as_str()))
        {
            return Asked::Question(q);
        }
        if let Some(cur) = current {
            let follows = cur
                .key_points
                .iter()
                .any(|kp| !kp.follow_up.is_empty() && norm.contains(&normalize(&kp.follow_up)));
            if follows {
                return Asked::FollowUp;
            }
        }
        let said = content_stems(message);
        let best = self
            .questions
            .iter()
            .map(|(q, _, stems)| {
                let shared = stems.intersection(&said).count() as f64;
                let union = stems.union(&said).count().max(1) as f64;
                (q, shared / union)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((q, share)) if share >= FUZZY_THRESHOLD => Asked::Question(q),
            _ => Asked::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_verbatim_rephrased_and_follow_up_questions() {
        let bank = QuestionBank::builtin();
        let finder = QuestionFinder::for_type(&bank, "google_sde");
        let q = bank.get("gsde-hashmap-collisions").unwrap();
        let asked = finder.classify(&format!("Good. Next one. {}", q.text), None);
        assert_eq!(asked, Asked::Question(q));
        let follow = format!("Okay. {}", q.key_points[1].follow_up);
        assert_eq!(finder.classify(&follow, Some(q)), Asked::FollowUp);
        let rephrased = "When two keys land in the same bucket of a hash map, how does it deal \
                         with that, and what happens to lookup time as the map fills up?";
        assert_eq!(finder.classify(rephrased, None), Asked::Question(q));
        assert_eq!(
            finder.classify("Thanks, that's all from me today.", None),
            Asked::Other
        );
    }
}
