//! Interview types as data: the eight built-in types ship as TOML files in
//! `data/types/`, and users add or override types by dropping `*.toml` files into
//! `<config dir>/types/`.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The built-in type files, embedded at compile time.
const BUILTIN: &[(&str, &str)] = &[
    (
        "google_sde.toml",
        include_str!("../data/types/google_sde.toml"),
    ),
    (
        "amazon_sde.toml",
        include_str!("../data/types/amazon_sde.toml"),
    ),
    (
        "microsoft_sde.toml",
        include_str!("../data/types/microsoft_sde.toml"),
    ),
    (
        "aws_solutions_architect.toml",
        include_str!("../data/types/aws_solutions_architect.toml"),
    ),
    (
        "azure_solutions_architect.toml",
        include_str!("../data/types/azure_solutions_architect.toml"),
    ),
    (
        "gcp_solutions_architect.toml",
        include_str!("../data/types/gcp_solutions_architect.toml"),
    ),
    (
        "cv_grilling.toml",
        include_str!("../data/types/cv_grilling.toml"),
    ),
    (
        "coding_practice.toml",
        include_str!("../data/types/coding_practice.toml"),
    ),
];

/// The phases an interview can move through, in their usual order.
pub const PHASE_NAMES: &[&str] = &[
    "intro",
    "background",
    "technical",
    "problem_solving",
    "candidate_questions",
    "close",
];

/// Errors in finding or loading interview types.
#[derive(Debug, thiserror::Error)]
pub enum TypeError {
    /// The name matches no type's key or alias.
    #[error("unknown interview type `{name}`; valid types: {}", valid.join(", "))]
    Unknown {
        /// What the user asked for.
        name: String,
        /// The canonical keys that exist.
        valid: Vec<String>,
    },
    /// A type file could not be read or is not valid.
    #[error("interview type file {}: {detail}; fix or remove the file", path.display())]
    BadFile {
        /// The offending file.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },
}

/// How much each evaluation dimension counts towards the overall score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// Correctness and depth of technical answers.
    pub technical_knowledge: f64,
    /// Approach, tests passed, attempts, hints.
    pub problem_solving: f64,
    /// Structure and clarity of answers.
    pub communication: f64,
    /// Quality metrics of submitted code.
    pub code_quality: f64,
    /// Behavioral signals: ownership, collaboration, learning.
    pub cultural_fit: f64,
}

impl Default for Weights {
    /// The original's weights: 30/25/20/15/10.
    fn default() -> Self {
        Weights {
            technical_knowledge: 0.30,
            problem_solving: 0.25,
            communication: 0.20,
            code_quality: 0.15,
            cultural_fit: 0.10,
        }
    }
}

impl Weights {
    /// The weights in dimension order.
    pub fn as_array(&self) -> [f64; 5] {
        [
            self.technical_knowledge,
            self.problem_solving,
            self.communication,
            self.code_quality,
            self.cultural_fit,
        ]
    }

    fn validate(&self) -> Result<(), String> {
        let w = self.as_array();
        if w.iter().any(|x| !x.is_finite() || *x < 0.0) {
            return Err("weights must be non-negative numbers".into());
        }
        let sum: f64 = w.iter().sum();
        if (sum - 1.0).abs() > 1e-6 {
            return Err(format!(
                "weights must add up to 1.0, they add up to {sum:.4}"
            ));
        }
        Ok(())
    }
}

/// One phase of an interview and how many candidate turns it lasts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// One of [`PHASE_NAMES`].
    pub name: String,
    /// Candidate turns spent in this phase before moving on.
    pub turns: u32,
}

/// An interview type: what it covers, how it flows and how it is scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterviewType {
    /// The canonical key, e.g. `google_sde`.
    pub key: String,
    /// The display name, e.g. "Google Software Engineer".
    pub name: String,
    /// Other names accepted for this type (the web client's keys among them).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// One sentence on what the interview is like.
    pub description: String,
    /// `easy`, `medium` or `hard`.
    pub difficulty: String,
    /// What the interviewer concentrates on.
    pub focus_areas: Vec<String>,
    /// Topics questions are drawn from.
    pub topics: Vec<String>,
    /// Whether the interview hands out coding problems.
    #[serde(default)]
    pub coding: bool,
    /// The phases, in order.
    pub phases: Vec<Phase>,
    /// Evaluation weights.
    #[serde(default)]
    pub weights: Weights,
}

impl InterviewType {
    /// Parses and validates one type file's text.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let t: InterviewType = toml::from_str(text).map_err(|e| e.to_string())?;
        t.validate()?;
        Ok(t)
    }

    fn validate(&self) -> Result<(), String> {
        if self.key.is_empty()
            || !self
                .key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(format!(
                "key `{}` must be non-empty and use only letters, digits and `_`",
                self.key
            ));
        }
        if !["easy", "medium", "hard"].contains(&self.difficulty.as_str()) {
            return Err(format!(
                "difficulty `{}` must be easy, medium or hard",
                self.difficulty
            ));
        }
        if self.phases.is_empty() {
            return Err("at least one phase is required".into());
        }
        for p in &self.phases {
            if !PHASE_NAMES.contains(&p.name.as_str()) {
                return Err(format!(
                    "unknown phase `{}`; phases are {}",
                    p.name,
                    PHASE_NAMES.join(", ")
                ));
            }
        }
        self.weights.validate()
    }

    /// Whether `name` (any case, `-`, `_` or spaces) names this type.
    pub fn matches(&self, name: &str) -> bool {
        let wanted = normalize(name);
        normalize(&self.key) == wanted
            || normalize(&self.name) == wanted
            || self.aliases.iter().any(|a| normalize(a) == wanted)
    }
}

fn normalize(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// All interview types known to this installation.
#[derive(Debug, Clone)]
pub struct TypeRegistry {
    types: Vec<InterviewType>,
}

impl TypeRegistry {
    /// The eight built-in types.
    pub fn builtin() -> Self {
        let types = BUILTIN
            .iter()
            .map(|(file, text)| {
                InterviewType::from_toml(text)
                    .unwrap_or_else(|e| panic!("built-in type {file} is invalid: {e}"))
            })
            .collect();
        TypeRegistry { types }
    }

    /// The built-in types plus every `*.toml` in `user_dir` (if it exists); a user
    /// type with a built-in's key replaces it.
    pub fn with_user_dir(user_dir: &Path) -> Result<Self, TypeError> {
        let mut reg = Self::builtin();
        let files = crate::user_files::read_dir_files(user_dir, "toml").map_err(|(path, e)| {
            TypeError::BadFile {
                path,
                detail: e.to_string(),
            }
        })?;
        for (path, text) in files {
            let bad = |detail: String| TypeError::BadFile {
                path: path.clone(),
                detail,
            };
            let t = InterviewType::from_toml(&text).map_err(bad)?;
            match reg.types.iter_mut().find(|x| x.key == t.key) {
                Some(slot) => *slot = t,
                None => reg.types.push(t),
            }
        }
        Ok(reg)
    }

    /// Every type, built-ins first.
    pub fn all(&self) -> &[InterviewType] {
        &self.types
    }

    /// Finds a type by key, display name or alias (`google-sde`, `aws-sa`, `behavioral`, …).
    pub fn resolve(&self, name: &str) -> Result<&InterviewType, TypeError> {
        self.types
            .iter()
            .find(|t| t.matches(name))
            .ok_or_else(|| TypeError::Unknown {
                name: name.to_string(),
                valid: self.types.iter().map(|t| t.key.clone()).collect(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_the_eight_original_types() {
        let reg = TypeRegistry::builtin();
        let keys: Vec<&str> = reg.all().iter().map(|t| t.key.as_str()).collect();
        for k in [
            "google_sde",
            "amazon_sde",
            "microsoft_sde",
            "aws_solutions_architect",
            "azure_solutions_architect",
            "gcp_solutions_architect",
            "cv_grilling",
            "coding_practice",
        ] {
            assert!(keys.contains(&k), "missing {k}");
        }
        assert_eq!(keys.len(), 8);
    }

    #[test]
    fn web_client_aliases_resolve() {
        let reg = TypeRegistry::builtin();
        for (alias, key) in [
            ("google-sde", "google_sde"),
            ("amazon-sde", "amazon_sde"),
            ("microsoft-sde", "microsoft_sde"),
            ("aws-sa", "aws_solutions_architect"),
            ("azure-sa", "azure_solutions_architect"),
            ("gcp-sa", "gcp_solutions_architect"),
            ("behavioral", "cv_grilling"),
            ("coding-round", "coding_practice"),
            ("Google SDE", "google_sde"),
            ("GOOGLE_SDE", "google_sde"),
        ] {
            assert_eq!(reg.resolve(alias).unwrap().key, key, "{alias}");
        }
    }

    #[test]
    fn unknown_type_lists_valid_ones() {
        let err = TypeRegistry::builtin().resolve("netflix").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("netflix")
                && msg.contains("google_sde")
                && msg.contains("coding_practice")
        );
    }

    #[test]
    fn default_weights_are_the_originals() {
        assert_eq!(
            Weights::default().as_array(),
            [0.30, 0.25, 0.20, 0.15, 0.10]
        );
    }

    #[test]
    fn invalid_type_files_are_rejected_with_reasons() {
        let base = include_str!("../data/types/google_sde.toml");
        let bad_weights = base.replace("technical_knowledge = 0.3", "technical_knowledge = 0.9");
        assert!(InterviewType::from_toml(&bad_weights)
            .unwrap_err()
            .contains("add up to 1.0"));
        let bad_phase = base.replace("name = \"close\"", "name = \"lunch\"");
        assert!(InterviewType::from_toml(&bad_phase)
            .unwrap_err()
            .contains("unknown phase"));
        assert!(InterviewType::from_toml("key = ").is_err());
    }

    #[test]
    fn user_types_add_and_override() {
        let dir = tempfile::tempdir().unwrap();
        let custom = include_str!("../data/types/google_sde.toml")
            .replace("key = \"google_sde\"", "key = \"startup_fullstack\"")
            .replace(
                "name = \"Google Software Engineer\"",
                "name = \"Startup Full-Stack\"",
            )
            .replace(
                "aliases = [\"google-sde\", \"google\", \"google sde\", \"google_swe\"]",
                "aliases = [\"startup\"]",
            );
        std::fs::write(dir.path().join("startup.toml"), custom).unwrap();
        let reg = TypeRegistry::with_user_dir(dir.path()).unwrap();
        assert_eq!(reg.all().len(), 9);
        assert_eq!(reg.resolve("startup").unwrap().key, "startup_fullstack");

        std::fs::write(dir.path().join("broken.toml"), "key = 3").unwrap();
        let err = TypeRegistry::with_user_dir(dir.path()).unwrap_err();
        assert!(err.to_string().contains("broken.toml"));
    }
}
