//! Coding problems as the interview engine sees them: what to show the
//! candidate and what to judge their answers against. The problem bank itself
//! lives in `prepai-sandbox`; front ends convert its problems to cards.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One language's view of a problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProblemLanguage {
    /// The function to implement.
    pub function_name: String,
    /// Its signature.
    pub signature: String,
    /// Starter code.
    pub starter: String,
}

/// A coding problem, without its reference solutions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProblemCard {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `easy`, `medium` or `hard`.
    pub difficulty: String,
    /// Topics.
    pub topics: Vec<String>,
    /// Markdown statement.
    pub statement: String,
    /// Per language key (`python`, `javascript`).
    pub languages: BTreeMap<String, ProblemLanguage>,
    /// Visible tests (`{args, expected}`).
    pub visible_tests: Vec<serde_json::Value>,
    /// Escalating hints.
    pub hints: Vec<String>,
    /// Expected time complexity, e.g. `O(n)`.
    pub time_complexity: String,
    /// Expected space complexity.
    pub space_complexity: String,
}

impl ProblemCard {
    /// The difficulty as 1–3.
    pub fn level(&self) -> u8 {
        match self.difficulty.as_str() {
            "easy" => 1,
            "hard" => 3,
            _ => 2,
        }
    }
}

/// The `coding_question` event for a problem in one language (`None` if the
/// problem has no version in that language).
pub fn coding_question(p: &ProblemCard, language: &str) -> Option<crate::events::CodingQuestion> {
    let lang = p.languages.get(language)?;
    Some(crate::events::CodingQuestion {
        problem_id: p.id.clone(),
        title: p.title.clone(),
        question: p.statement.clone(),
        language: language.to_string(),
        function_name: lang.function_name.clone(),
        signature: lang.signature.clone(),
        initial_code: lang.starter.clone(),
        test_cases: p.visible_tests.clone(),
        difficulty: p.difficulty.clone(),
    })
}
