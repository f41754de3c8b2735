//! Halstead measures from the syntax tree's tokens.
//!
//! *Operands* are identifiers and literals (the language table's
//! `operand_kinds`; a string or regex literal is one operand, compared by its
//! text). *Operators* are every other token: keywords, operator symbols and
//! opening brackets, compared by kind. Closing brackets, commas and semicolons
//! are punctuation and are not counted; comments are never counted.
//!
//! `vocabulary = n1 + n2`, `length = N1 + N2`, `volume = length × log2(vocabulary)`,
//! `difficulty = (n1 / 2) × (N2 / n2)`, `effort = difficulty × volume`
//! (each 0 when its denominator or logarithm argument is 0).

use crate::report::Halstead;
use std::collections::HashMap;

/// Token occurrences collected while walking.
#[derive(Debug, Default)]
pub(crate) struct HalsteadCounter<'a> {
    operators: HashMap<&'a str, usize>,
    operands: HashMap<&'a str, usize>,
}

impl<'a> HalsteadCounter<'a> {
    /// Records one operator occurrence.
    pub fn operator(&mut self, token: &'a str) {
        *self.operators.entry(token).or_default() += 1;
    }

    /// Records one operand occurrence.
    pub fn operand(&mut self, token: &'a str) {
        *self.operands.entry(token).or_default() += 1;
    }

    /// Computes the measures from the counts.
    pub fn finish(&self) -> Halstead {
        halstead_from_counts(
            self.operators.len(),
            self.operands.len(),
            self.operators.values().sum(),
            self.operands.values().sum(),
        )
    }
}

/// Computes Halstead measures from distinct (`n1`, `n2`) and total (`N1`, `N2`) counts.
pub fn halstead_from_counts(n1: usize, n2: usize, big_n1: usize, big_n2: usize) -> Halstead {
    let vocabulary = n1 + n2;
    let length = big_n1 + big_n2;
    let volume = if vocabulary > 0 {
        length as f64 * (vocabulary as f64).log2()
    } else {
        0.0
    };
    let difficulty = if n2 > 0 {
        (n1 as f64 / 2.0) * (big_n2 as f64 / n2 as f64)
    } else {
        0.0
    };
    Halstead {
        n1,
        n2,
        big_n1,
        big_n2,
        vocabulary,
        length,
        volume,
        difficulty,
        effort: difficulty * volume,
    }
}
