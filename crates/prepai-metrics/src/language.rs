//! Supported languages, how to name them, and their tree-sitter grammars.

use crate::error::MetricsError;
use crate::spec::{self, LanguageSpec};
use serde::{Deserialize, Serialize};

/// A language the metrics can be computed for.
///
/// Adding a language (TypeScript, Java, C++, Go, Rust, …) means adding a
/// variant, its grammar crate in `MetricsLanguage::grammar`, its names and
/// extensions, and a node-kind table in `src/spec.rs`; the walker is shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MetricsLanguage {
    /// Python 3 (tree-sitter-python).
    Python,
    /// JavaScript including JSX (tree-sitter-javascript).
    JavaScript,
}

/// Accepted names (lower-case) per language.
const NAMES: &[(&str, MetricsLanguage)] = &[
    ("python", MetricsLanguage::Python),
    ("python3", MetricsLanguage::Python),
    ("py", MetricsLanguage::Python),
    ("javascript", MetricsLanguage::JavaScript),
    ("js", MetricsLanguage::JavaScript),
    ("node", MetricsLanguage::JavaScript),
    ("nodejs", MetricsLanguage::JavaScript),
];

/// Accepted file extensions (lower-case, no dot) per language.
const EXTENSIONS: &[(&str, MetricsLanguage)] = &[
    ("py", MetricsLanguage::Python),
    ("pyw", MetricsLanguage::Python),
    ("js", MetricsLanguage::JavaScript),
    ("mjs", MetricsLanguage::JavaScript),
    ("cjs", MetricsLanguage::JavaScript),
    ("jsx", MetricsLanguage::JavaScript),
];

fn supported(table: &[(&str, MetricsLanguage)]) -> String {
    table
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

impl MetricsLanguage {
    /// Every supported language.
    pub const ALL: [MetricsLanguage; 2] = [MetricsLanguage::Python, MetricsLanguage::JavaScript];

    /// Looks a language up by name, case-insensitively (`"python"`, `"py"`, `"JavaScript"`, `"js"`, …).
    pub fn from_name(name: &str) -> Result<Self, MetricsError> {
        let wanted = name.trim().to_ascii_lowercase();
        NAMES
            .iter()
            .find(|(candidate, _)| *candidate == wanted)
            .map(|(_, lang)| *lang)
            .ok_or_else(|| MetricsError::UnknownLanguage {
                name: name.to_string(),
                supported: supported(NAMES),
            })
    }

    /// Looks a language up by file extension, with or without the leading dot (`"py"`, `".mjs"`).
    pub fn from_extension(extension: &str) -> Result<Self, MetricsError> {
        let wanted = extension
            .trim()
            .trim_start_matches('.')
            .to_ascii_lowercase();
        EXTENSIONS
            .iter()
            .find(|(candidate, _)| *candidate == wanted)
            .map(|(_, lang)| *lang)
            .ok_or_else(|| MetricsError::UnknownExtension {
                extension: extension.to_string(),
                supported: supported(EXTENSIONS),
            })
    }

    /// Human-readable name ("Python", "JavaScript").
    pub fn display_name(self) -> &'static str {
        match self {
            MetricsLanguage::Python => "Python",
            MetricsLanguage::JavaScript => "JavaScript",
        }
    }

    /// The tree-sitter grammar for this language.
    pub(crate) fn grammar(self) -> tree_sitter::Language {
        match self {
            MetricsLanguage::Python => tree_sitter_python::LANGUAGE.into(),
            MetricsLanguage::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        }
    }

    /// The node-kind table that drives the shared walker.
    pub(crate) fn spec(self) -> &'static LanguageSpec {
        match self {
            MetricsLanguage::Python => &spec::PYTHON,
            MetricsLanguage::JavaScript => &spec::JAVASCRIPT,
        }
    }
}

impl std::fmt::Display for MetricsLanguage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.display_name())
    }
}
