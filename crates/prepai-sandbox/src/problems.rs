//! The embedded problem bank: every `problems/*.json` file, parsed once on first use.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::SandboxError;
use crate::language::Language;
use crate::suite::{CompareOptions, TestSuite};

/// `(file name, JSON text)` of every problem file, embedded at build time.
static FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/problems.rs"));

/// How hard a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    /// Warm-up level.
    Easy,
    /// Typical interview level.
    Medium,
    /// Stretch level.
    Hard,
}

/// One language's view of a problem.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LanguageEntry {
    /// Function the tests call.
    pub function_name: String,
    /// The function signature shown to the candidate.
    pub signature: String,
    /// Starter code given to the candidate.
    pub starter: String,
    /// A correct solution.
    pub reference: String,
}

/// Expected complexity of a good solution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Complexity {
    /// Time complexity, e.g. `O(n)`.
    pub time: String,
    /// Space complexity, e.g. `O(1)`.
    pub space: String,
}

/// A coding problem from the bank.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Problem {
    /// Stable identifier (also the file name).
    pub id: String,
    /// Display title.
    pub title: String,
    /// Difficulty level.
    pub difficulty: Difficulty,
    /// Topic tags.
    pub topics: Vec<String>,
    /// Markdown statement.
    pub statement: String,
    /// Per-language function names, signatures, starters and references (`python`, `javascript`).
    pub languages: BTreeMap<String, LanguageEntry>,
    /// Raw tests, in canonical form.
    pub tests: Vec<Value>,
    /// Comparison options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare: Option<CompareOptions>,
    /// Progressive hints.
    pub hints: Vec<String>,
    /// Expected complexity.
    pub complexity: Complexity,
    /// The tests parsed into a suite.
    #[serde(skip)]
    suite: TestSuite,
}

impl Problem {
    /// The problem's test suite (with its comparison options).
    pub fn suite(&self) -> &TestSuite {
        &self.suite
    }

    /// The entry for `language`, if the problem supports it.
    pub fn entry(&self, language: Language) -> Option<&LanguageEntry> {
        self.languages.get(language.name())
    }

    /// Whether the problem carries topic `topic` (case-insensitive).
    pub fn has_topic(&self, topic: &str) -> bool {
        self.topics.iter().any(|t| t.eq_ignore_ascii_case(topic))
    }

    fn parse(file: &str, text: &str) -> Result<Problem, SandboxError> {
        let invalid = |message: String| SandboxError::InvalidProblem {
            file: file.to_string(),
            message,
        };
        let mut p: Problem = serde_json::from_str(text)
            .map_err(|e| invalid(format!("line {}, column {}: {e}", e.line(), e.column())))?;
        if file.strip_suffix(".json") != Some(p.id.as_str()) {
            return Err(invalid(format!(
                "id `{}` does not match the file name",
                p.id
            )));
        }
        if let Some(bad) = p.languages.keys().find(|k| Language::from_name(k).is_err()) {
            return Err(invalid(format!("unknown language `{bad}`")));
        }
        let mut suite = TestSuite::from_value(&Value::Array(p.tests.clone()))
            .map_err(|e| invalid(e.to_string()))?;
        suite.compare = p.compare.clone().unwrap_or_default();
        p.suite = suite;
        Ok(p)
    }
}

struct Bank {
    problems: Vec<Problem>,
    errors: Vec<SandboxError>,
}

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| {
        let (mut problems, mut errors) = (Vec::new(), Vec::new());
        for (file, text) in FILES {
            match Problem::parse(file, text) {
                Ok(p) => problems.push(p),
                Err(e) => errors.push(e),
            }
        }
        Bank { problems, errors }
    })
}

/// Every valid problem of the embedded bank, sorted by id (parsed once; empty if none were embedded).
pub fn problem_bank() -> &'static [Problem] {
    &bank().problems
}

/// Files of the embedded bank that failed to parse (skipped by [`problem_bank`]).
pub fn problem_bank_errors() -> &'static [SandboxError] {
    &bank().errors
}

/// The problem with id `id`.
pub fn problem(id: &str) -> Option<&'static Problem> {
    problem_bank().iter().find(|p| p.id == id)
}

/// Problems matching an optional difficulty and an optional topic (case-insensitive).
pub fn problems_by(difficulty: Option<Difficulty>, topic: Option<&str>) -> Vec<&'static Problem> {
    problem_bank()
        .iter()
        .filter(|p| difficulty.is_none_or(|d| p.difficulty == d))
        .filter(|p| topic.is_none_or(|t| p.has_topic(t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bank_parses_and_filters() {
        assert!(
            problem_bank_errors().is_empty(),
            "{:?}",
            problem_bank_errors()
        );
        for p in problem_bank() {
            assert!(!p.suite().tests.is_empty(), "{} has no tests", p.id);
            assert_eq!(problem(&p.id).map(|q| &q.id), Some(&p.id));
        }
        let easy = problems_by(Some(Difficulty::Easy), None);
        assert!(easy.iter().all(|p| p.difficulty == Difficulty::Easy));
        assert!(problem("no_such_problem").is_none());
    }

    #[test]
    fn malformed_problem_is_a_typed_error() {
        let err = Problem::parse("x.json", "{\"id\": 1}")
            .unwrap_err()
            .to_string();
        assert!(err.contains("x.json") && err.contains("line 1"), "{err}");
    }
}
