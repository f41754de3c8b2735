//! Supported languages: a closed enum plus a static table describing how each one runs.
//!
//! Interpreted languages run a harness program under the interpreter. A compiled language
//! (C++, Java, Rust, Go) joins by adding a table row whose [`LanguageSpec::compile`] is `Some`
//! and a harness in that language, plus one stage in the runner (not written yet, since no row
//! needs it): run the [`CompileStep`] through the same launch path as [`crate::run_command`]
//! with the code directory writable, turn a non-zero exit into `compile_error` (compiler stderr
//! as the message), then start the artifact instead of an interpreter.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::SandboxError;

/// A language candidate code can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Python 3, run by `/usr/bin/python3` (falls back to `python3` on PATH).
    Python,
    /// JavaScript, run by `node` found on PATH.
    JavaScript,
}

/// How to build a compiled language before running it (the hook for C++, Java, Rust, Go).
///
/// Arguments may contain `{src}` (the candidate's source file) and `{out}` (the artifact path),
/// both inside the sandbox's read-only code directory, which is writable during the compile step.
#[derive(Debug)]
pub struct CompileStep {
    /// Program and arguments of the compiler invocation.
    pub command: &'static [&'static str],
    /// File name of the produced artifact inside the code directory.
    pub artifact: &'static str,
}

/// Static description of one language.
#[derive(Debug)]
pub struct LanguageSpec {
    /// The enum value this row describes.
    pub language: Language,
    /// Canonical lowercase name used in reports (`python`, `javascript`).
    pub name: &'static str,
    /// Names accepted by [`Language::from_name`] (case-insensitive).
    pub aliases: &'static [&'static str],
    /// File extensions accepted by [`Language::from_extension`] (without the dot).
    pub extensions: &'static [&'static str],
    /// File name the candidate's code is written to.
    pub source_file: &'static str,
    /// File name the harness is written to.
    pub harness_file: &'static str,
    /// Harness program text (embedded at build time).
    pub harness: &'static str,
    /// Optional compile step; `None` for interpreted languages.
    pub compile: Option<CompileStep>,
}

static TABLE: [LanguageSpec; 2] = [
    LanguageSpec {
        language: Language::Python,
        name: "python",
        aliases: &["python", "python3", "py"],
        extensions: &["py"],
        source_file: "solution.py",
        harness_file: "harness.py",
        harness: include_str!("../harness/harness.py"),
        compile: None,
    },
    LanguageSpec {
        language: Language::JavaScript,
        name: "javascript",
        aliases: &["javascript", "js", "node", "nodejs"],
        extensions: &["js", "mjs", "cjs"],
        source_file: "solution.js",
        harness_file: "harness.js",
        harness: include_str!("../harness/harness.js"),
        compile: None,
    },
];

impl Language {
    /// Every supported language, in table order.
    pub fn all() -> impl Iterator<Item = Language> {
        TABLE.iter().map(|s| s.language)
    }

    /// The static description of this language.
    pub fn spec(self) -> &'static LanguageSpec {
        TABLE
            .iter()
            .find(|s| s.language == self)
            .expect("every Language variant has a table row")
    }

    /// Canonical lowercase name (`python`, `javascript`).
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// Looks a language up by name or alias (case-insensitive): `python`, `py`, `javascript`, `js`, `node`…
    pub fn from_name(name: &str) -> Result<Language, SandboxError> {
        let wanted = name.trim().to_ascii_lowercase();
        TABLE
            .iter()
            .find(|s| s.aliases.contains(&wanted.as_str()))
            .map(|s| s.language)
            .ok_or_else(|| SandboxError::UnknownLanguage {
                given: name.to_string(),
                valid: TABLE
                    .iter()
                    .flat_map(|s| s.aliases.iter().copied())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// Looks a language up by file extension, with or without the leading dot (`py`, `.js`).
    pub fn from_extension(ext: &str) -> Result<Language, SandboxError> {
        let wanted = ext.trim().trim_start_matches('.').to_ascii_lowercase();
        TABLE
            .iter()
            .find(|s| s.extensions.contains(&wanted.as_str()))
            .map(|s| s.language)
            .ok_or_else(|| SandboxError::UnknownLanguage {
                given: ext.to_string(),
                valid: TABLE
                    .iter()
                    .flat_map(|s| s.extensions.iter().map(|e| format!(".{e}")))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// Absolute, symlink-resolved path of this language's interpreter (looked up once per process).
    pub fn interpreter(self) -> Result<&'static Path, SandboxError> {
        static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
        static NODE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
        let (cell, find): (_, fn() -> Result<PathBuf, String>) = match self {
            Language::Python => (&PYTHON, find_python),
            Language::JavaScript => (&NODE, find_node),
        };
        match cell.get_or_init(find) {
            Ok(path) => Ok(path.as_path()),
            Err(detail) => Err(SandboxError::InterpreterMissing {
                language: self.name(),
                detail: detail.clone(),
            }),
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Language {
    type Err = SandboxError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Language::from_name(s)
    }
}

fn canonical(path: &Path) -> Result<PathBuf, String> {
    std::fs::canonicalize(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn find_python() -> Result<PathBuf, String> {
    let fixed = Path::new("/usr/bin/python3");
    if fixed.exists() {
        return canonical(fixed);
    }
    which::which("python3")
        .map_err(|e| format!("/usr/bin/python3 is missing and python3 is not on PATH: {e}"))
        .and_then(|p| canonical(&p))
}

fn find_node() -> Result<PathBuf, String> {
    which::which("node")
        .map_err(|e| format!("node is not on PATH: {e}"))
        .and_then(|p| canonical(&p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_extensions_resolve() {
        for (n, l) in [
            ("python", Language::Python),
            ("PY", Language::Python),
            ("javascript", Language::JavaScript),
            ("js", Language::JavaScript),
            ("node", Language::JavaScript),
        ] {
            assert_eq!(Language::from_name(n).unwrap(), l);
        }
        assert_eq!(Language::from_extension("py").unwrap(), Language::Python);
        assert_eq!(
            Language::from_extension(".js").unwrap(),
            Language::JavaScript
        );
    }

    #[test]
    fn unknown_language_lists_valid_names() {
        let err = Language::from_name("cobol").unwrap_err().to_string();
        assert!(
            err.contains("cobol") && err.contains("python") && err.contains("js"),
            "{err}"
        );
        let err = Language::from_extension("rb").unwrap_err().to_string();
        assert!(err.contains(".py") && err.contains(".js"), "{err}");
    }
}
