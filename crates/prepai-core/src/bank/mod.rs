//! The interviewer's question bank: per interview type, questions with a
//! difficulty, the key points a strong answer covers, a follow-up per key point,
//! and escalating hints. Built-in files live in `data/questions/`; users add
//! their own in `<config dir>/questions/`.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/question_files.rs"));

/// Errors loading question files.
#[derive(Debug, thiserror::Error)]
#[error("question file {}: {detail}; fix or remove the file", path.display())]
pub struct BankError {
    /// The offending file.
    pub path: PathBuf,
    /// What is wrong.
    pub detail: String,
}

/// One thing a strong answer mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyPoint {
    /// Stable id within the question.
    pub id: String,
    /// What the point is, for reports.
    pub label: String,
    /// Words or phrases that show the point was made (alternatives; matched after stemming).
    pub terms: Vec<String>,
    /// The question to ask when the point was missed.
    pub follow_up: String,
}

/// One interview question and its rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique id across the bank.
    pub id: String,
    /// `background`, `technical` or `problem_solving`.
    pub phase: String,
    /// 1 (easy) to 3 (hard).
    pub difficulty: u8,
    /// What the question is about.
    pub topic: String,
    /// The question as spoken.
    pub text: String,
    /// Whether a STAR story is expected.
    #[serde(default)]
    pub star: bool,
    /// Leadership principles or competencies the question probes.
    #[serde(default)]
    pub principles: Vec<String>,
    /// Escalating hints; never the full answer.
    #[serde(default)]
    pub hints: Vec<String>,
    /// The rubric.
    pub key_points: Vec<KeyPoint>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    #[serde(rename = "type")]
    interview_type: String,
    #[serde(default)]
    questions: Vec<Question>,
}

/// Every question, grouped by interview type key.
#[derive(Debug, Clone, Default)]
pub struct QuestionBank {
    by_type: BTreeMap<String, Vec<Question>>,
}

impl QuestionBank {
    /// The built-in bank.
    pub fn builtin() -> Self {
        let mut bank = QuestionBank::default();
        for (name, text) in BUILTIN {
            bank.add_file(Path::new(name), text)
                .unwrap_or_else(|e| panic!("built-in question bank is invalid: {e}"));
        }
        bank
    }

    /// The built-in bank plus every `*.toml` in `user_dir` (if it exists).
    pub fn with_user_dir(user_dir: &Path) -> Result<Self, BankError> {
        let mut bank = Self::builtin();
        let files =
            crate::user_files::read_dir_files(user_dir, "toml").map_err(|(path, e)| BankError {
                path,
                detail: e.to_string(),
            })?;
        for (path, text) in files {
            bank.add_file(&path, &text)?;
        }
        Ok(bank)
    }

    /// Parses, validates and adds one file's questions.
    pub fn add_file(&mut self, path: &Path, text: &str) -> Result<(), BankError> {
        let err = |detail: String| BankError {
            path: path.to_path_buf(),
            detail,
        };
        let file: QuestionFile = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        let mut seen: HashSet<String> = self.all().map(|q| q.id.clone()).collect();
        for q in &file.questions {
            validate(q).map_err(|d| err(format!("question `{}`: {d}", q.id)))?;
            if !seen.insert(q.id.clone()) {
                return Err(err(format!("question id `{}` is used twice", q.id)));
            }
        }
        self.by_type
            .entry(file.interview_type)
            .or_default()
            .extend(file.questions);
        Ok(())
    }

    /// The questions of one interview type (empty if it has none).
    pub fn for_type(&self, key: &str) -> &[Question] {
        self.by_type.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every question of every type.
    pub fn all(&self) -> impl Iterator<Item = &Question> {
        self.by_type.values().flatten()
    }

    /// Finds a question by id.
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.all().find(|q| q.id == id)
    }
}

fn validate(q: &Question) -> Result<(), String> {
    if !["background", "technical", "problem_solving"].contains(&q.phase.as_str()) {
        return Err(format!(
            "phase `{}` must be background, technical or problem_solving",
            q.phase
        ));
    }
    if !(1..=3).contains(&q.difficulty) {
        return Err(format!("difficulty {} must be 1, 2 or 3", q.difficulty));
    }
    if q.key_points.is_empty() {
        return Err("at least one key point is required".into());
    }
    for kp in &q.key_points {
        if kp.terms.iter().all(|t| t.trim().is_empty()) {
            return Err(format!("key point `{}` has no terms", kp.id));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_bank_loads_and_ids_are_unique() {
        let bank = QuestionBank::builtin();
        let ids: Vec<&str> = bank.all().map(|q| q.id.as_str()).collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(ids.len(), unique.len());
    }

    #[test]
    fn bad_files_are_rejected_with_the_question_named() {
        let mut bank = QuestionBank::default();
        let bad = r#"
type = "google_sde"
[[questions]]
id = "x"
phase = "lunch"
difficulty = 1
topic = "t"
text = "Why?"
[[questions.key_points]]
id = "k"
label = "l"
terms = ["a"]
follow_up = "f?"
"#;
        let e = bank.add_file(Path::new("mine.toml"), bad).unwrap_err();
        assert!(e.to_string().contains("mine.toml") && e.to_string().contains("`x`"));
    }
}
