//! Judging which key points an answer covered.
//!
//! Answer and terms are lower-cased, split into words (letters, digits, and the
//! joiners `+ # . -` inside a word, so "c++", "node.js" and "multi-az" survive),
//! and each word is reduced to its English Snowball stem, so "resizing" matches
//! "resize" and "partitions" matches "partitioned". A term matches when its stems
//! occur as a contiguous run in the answer's stems. Raw substrings never match:
//! "go" does not match "google".

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

use crate::bank::KeyPoint;

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Splits text into lower-case words.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let joiner = matches!(c, '+' | '#' | '.' | '-' | '\'');
        let inside = !cur.is_empty()
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_alphanumeric() || matches!(n, '+' | '#'));
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if joiner && (inside || (matches!(c, '+' | '#') && !cur.is_empty())) {
            if c != '\'' {
                cur.push(c);
            }
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The stems of a text's words.
pub fn stems(text: &str) -> Vec<String> {
    words(text)
        .iter()
        .map(|w| stemmer().stem(w).into_owned())
        .collect()
}

/// Whether `needle` occurs as a contiguous run in `hay`.
fn contains_run(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// An answer prepared once for matching against many terms.
#[derive(Debug, Clone)]
pub struct PreparedAnswer {
    stems: Vec<String>,
}

impl PreparedAnswer {
    /// Stems the answer.
    pub fn new(answer: &str) -> Self {
        PreparedAnswer {
            stems: stems(answer),
        }
    }

    /// Whether the answer says `term` (a word or phrase).
    pub fn mentions(&self, term: &str) -> bool {
        contains_run(&self.stems, &stems(term))
    }

    /// How many times the answer says `term` (non-overlapping).
    pub fn count(&self, term: &str) -> usize {
        let needle = stems(term);
        if needle.is_empty() || needle.len() > self.stems.len() {
            return 0;
        }
        let (mut i, mut n) = (0, 0);
        while i + needle.len() <= self.stems.len() {
            if self.stems[i..i + needle.len()] == needle[..] {
                n += 1;
                i += needle.len();
            } else {
                i += 1;
            }
        }
        n
    }

    /// The terms of `kp` the answer says.
    pub fn matched_terms<'a>(&self, kp: &'a KeyPoint) -> Vec<&'a str> {
        kp.terms
            .iter()
            .filter(|t| self.mentions(t))
            .map(String::as_str)
            .collect()
    }

    /// Whether the answer covers `kp` (at least one of its terms).
    pub fn covers(&self, kp: &KeyPoint) -> bool {
        kp.terms.iter().any(|t| self.mentions(t))
    }

    /// Number of words in the answer.
    pub fn word_count(&self) -> usize {
        self.stems.len()
    }
}

/// Which key points of a question an answer covered.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Coverage {
    /// Ids of covered key points, in rubric order.
    pub covered: Vec<String>,
    /// Ids of missed key points, in rubric order.
    pub missed: Vec<String>,
}

impl Coverage {
    /// Judges `answer` against `points`.
    pub fn of(answer: &str, points: &[KeyPoint]) -> Coverage {
        let prepared = PreparedAnswer::new(answer);
        let mut c = Coverage::default();
        for kp in points {
            if prepared.covers(kp) {
                c.covered.push(kp.id.clone());
            } else {
                c.missed.push(kp.id.clone());
            }
        }
        c
    }

    /// Covered share, 0.0 to 1.0.
    pub fn ratio(&self) -> f64 {
        let total = self.covered.len() + self.missed.len();
        if total == 0 {
            0.0
        } else {
            self.covered.len() as f64 / total as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kp(terms: &[&str]) -> KeyPoint {
        KeyPoint {
            id: "k".into(),
            label: "l".into(),
            terms: terms.iter().map(|s| s.to_string()).collect(),
            follow_up: "f?".into(),
        }
    }

    #[test]
    fn words_keep_technical_names() {
        assert_eq!(
            words("I used C++, C#, Node.js and multi-AZ."),
            ["i", "used", "c++", "c#", "node.js", "and", "multi-az"]
        );
        assert_eq!(words("it's O(n)."), ["its", "o", "n"]);
    }

    #[test]
    fn stemming_matches_inflections() {
        let a = PreparedAnswer::new(
            "When the table fills up we are resizing and rehashing everything.",
        );
        assert!(a.covers(&kp(&["resize"])));
        assert!(a.covers(&kp(&["rehash"])));
        assert!(a.covers(&kp(&["fill up", "load factor"])));
    }

    #[test]
    fn phrases_must_be_contiguous_and_no_substrings() {
        let a = PreparedAnswer::new("I worked at Google on the factor of load balancers.");
        assert!(!a.covers(&kp(&["go"])));
        assert!(!a.covers(&kp(&["load factor"])));
        assert!(a.covers(&kp(&["load balancer"])));
    }

    #[test]
    fn coverage_splits_points() {
        let pts = vec![
            KeyPoint {
                id: "a".into(),
                ..kp(&["chaining"])
            },
            KeyPoint {
                id: "b".into(),
                ..kp(&["load factor"])
            },
        ];
        let c = Coverage::of("Collisions go into a linked list: chaining.", &pts);
        assert_eq!(c.covered, ["a"]);
        assert_eq!(c.missed, ["b"]);
        assert_eq!(c.ratio(), 0.5);
    }
}
