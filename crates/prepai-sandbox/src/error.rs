//! Typed errors for everything the sandbox can refuse or fail at.

use std::path::PathBuf;

/// Everything that can go wrong before or around a run (never a verdict about the candidate's code).
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// A language name or file extension that no [`crate::Language`] matches.
    #[error("unknown language `{given}`; valid names are: {valid}")]
    UnknownLanguage {
        /// What the caller passed.
        given: String,
        /// Comma-separated list of accepted names/extensions.
        valid: String,
    },
    /// The test-suite JSON could not be parsed.
    #[error("invalid test suite JSON at line {line}, column {column}: {message}")]
    SuiteJson {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What the JSON parser reported.
        message: String,
    },
    /// The suite parsed as JSON but a test case is malformed.
    #[error("invalid test case #{index}: {message}")]
    InvalidTestCase {
        /// 1-based index of the test case.
        index: usize,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A literal in the original `{"input": "...", "expected": "..."}` form is not JSON nor a Python literal.
    #[error("test case #{index}: cannot parse {field} literal `{literal}` as JSON or a Python literal ({message})")]
    InvalidLiteral {
        /// 1-based index of the test case.
        index: usize,
        /// `input` or `expected`.
        field: &'static str,
        /// The literal text as given.
        literal: String,
        /// Parser message.
        message: String,
    },
    /// The submission itself is unusable (empty code, bad function name, no tests…).
    #[error("invalid submission: {0}")]
    InvalidSubmission(String),
    /// The interpreter for a language is not installed.
    #[error("{language} interpreter not found ({detail}); install it or put it on PATH")]
    InterpreterMissing {
        /// Language display name.
        language: &'static str,
        /// Where we looked.
        detail: String,
    },
    /// The host cannot isolate code and the caller did not opt into unsandboxed runs.
    #[error("this host cannot isolate candidate code: {reason}. Install bubblewrap and enable user namespaces, or pass SandboxMode::Unsandboxed (CLI: --no-sandbox) to run without isolation")]
    IsolationUnavailable {
        /// Why the isolation check failed.
        reason: String,
    },
    /// A limit value is out of range.
    #[error("invalid limit `{name}`: {message}")]
    InvalidLimit {
        /// Name of the limit field.
        name: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A problem file of the embedded bank is malformed.
    #[error("problem file {file} is invalid: {message}")]
    InvalidProblem {
        /// File name inside `problems/`.
        file: String,
        /// Parser message.
        message: String,
    },
    /// An operating-system call failed while preparing or supervising the run.
    #[error("sandbox I/O failure while {action}{}: {source}", path.as_ref().map(|p| format!(" ({})", p.display())).unwrap_or_default())]
    Io {
        /// What we were doing.
        action: &'static str,
        /// The path involved, if any.
        path: Option<PathBuf>,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The harness inside the sandbox broke its protocol (infrastructure failure).
    #[error("sandbox harness failed: {0}")]
    Harness(String),
}

impl SandboxError {
    /// Wraps an I/O error with what we were doing.
    pub(crate) fn io(action: &'static str, source: std::io::Error) -> Self {
        SandboxError::Io {
            action,
            path: None,
            source,
        }
    }

    /// Wraps an I/O error with what we were doing and the path involved.
    pub(crate) fn io_at(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        SandboxError::Io {
            action,
            path: Some(path.into()),
            source,
        }
    }
}
