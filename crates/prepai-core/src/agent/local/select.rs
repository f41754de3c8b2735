//! Choosing the next question: the unasked question of the phase whose
//! difficulty is closest to the running target, ties broken by a per-session
//! seed so two sessions don't hear the same sequence but a session is
//! reproducible.

use std::collections::HashSet;

use crate::bank::Question;
use crate::problems::ProblemCard;

/// Lowest and highest difficulty.
pub const MIN_LEVEL: f64 = 1.0;
/// Highest difficulty.
pub const MAX_LEVEL: f64 = 3.0;

/// A stable 64-bit hash (FNV-1a) of the seed and a string.
pub fn mix(seed: u64, s: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The best unasked question of `phase` for `target` difficulty.
pub fn next_question<'a>(
    bank: &'a [Question],
    phase: &str,
    target: f64,
    asked: &HashSet<String>,
    seed: u64,
) -> Option<&'a Question> {
    bank.iter()
        .filter(|q| q.phase == phase && !asked.contains(&q.id))
        .min_by(|a, b| {
            let da = (a.difficulty as f64 - target).abs();
            let db = (b.difficulty as f64 - target).abs();
            da.total_cmp(&db)
                .then(mix(seed, &a.id).cmp(&mix(seed, &b.id)))
        })
}

/// The best unused problem for `target` difficulty that exists in `language`.
pub fn next_problem<'a>(
    problems: &'a [ProblemCard],
    language: &str,
    target: f64,
    used: &HashSet<String>,
    seed: u64,
) -> Option<&'a ProblemCard> {
    problems
        .iter()
        .filter(|p| !used.contains(&p.id) && p.languages.contains_key(language))
        .min_by(|a, b| {
            let da = (a.level() as f64 - target).abs();
            let db = (b.level() as f64 - target).abs();
            da.total_cmp(&db)
                .then(mix(seed, &a.id).cmp(&mix(seed, &b.id)))
        })
}

/// Moves the target difficulty after a question: up for a strong answer, down
/// for a weak one. `score` is 0–1: key points covered, with points only
/// reached through a follow-up counting half.
pub fn adjust(target: f64, score: f64) -> f64 {
    let step = if score >= 0.75 {
        0.5
    } else if score <= 0.34 {
        -0.5
    } else {
        0.0
    };
    (target + step).clamp(MIN_LEVEL, MAX_LEVEL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difficulty_moves_with_performance_and_stays_in_range() {
        assert_eq!(adjust(2.0, 1.0), 2.5);
        assert_eq!(adjust(2.0, 0.0), 1.5);
        assert_eq!(adjust(2.0, 0.5), 2.0);
        assert_eq!(adjust(3.0, 1.0), 3.0);
        assert_eq!(adjust(1.0, 0.0), 1.0);
    }
}
