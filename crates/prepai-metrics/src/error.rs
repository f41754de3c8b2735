//! Typed errors returned by the metrics library.

use thiserror::Error;

/// Everything that can stop [`crate::analyze`] or a language lookup.
///
/// Syntax errors in the analysed source are *not* errors: they are counted in
/// [`crate::QualityMetrics::syntax_errors`] and the parsable rest is measured.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum MetricsError {
    /// A language name that no grammar is bundled for.
    #[error("unknown language `{name}`: use one of {supported}")]
    UnknownLanguage {
        /// The name that was asked for.
        name: String,
        /// Comma-separated list of accepted names.
        supported: String,
    },
    /// A file extension that no grammar is bundled for.
    #[error("no metrics grammar for file extension `{extension}`: use one of {supported}")]
    UnknownExtension {
        /// The extension that was asked for.
        extension: String,
        /// Comma-separated list of accepted extensions.
        supported: String,
    },
    /// The source is larger than [`crate::MAX_SOURCE_BYTES`].
    #[error(
        "source is {bytes} bytes; the limit is {limit} bytes: split the file and analyse the parts"
    )]
    SourceTooLarge {
        /// Size of the rejected source.
        bytes: usize,
        /// The limit it exceeded.
        limit: usize,
    },
    /// The bundled grammar could not be loaded (a build/ABI mismatch, not an input problem).
    #[error("the {language} grammar could not be loaded ({message}): rebuild prepai-metrics with matching tree-sitter crates")]
    Grammar {
        /// Language display name.
        language: &'static str,
        /// Message from tree-sitter.
        message: String,
    },
    /// tree-sitter returned no tree (it only does so when cancelled).
    #[error("the {language} parser gave up without a syntax tree: retry; if it persists, report the source that triggers it")]
    ParseAborted {
        /// Language display name.
        language: &'static str,
    },
}
