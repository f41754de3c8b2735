//! The error type returned by every fallible operation of this crate.

use std::path::PathBuf;

/// Why a CV could not be read. Every message says what was wrong and what to do next.
#[derive(Debug, thiserror::Error)]
pub enum CvError {
    /// The PDF is protected by a password.
    #[error("the PDF is password-protected: remove the password (e.g. print it to a new PDF) and try again")]
    Encrypted,
    /// The PDF has no text layer (a scan or an image-only export).
    #[error("the PDF has no text layer (it looks scanned): run it through OCR first, or build with the `textract` feature to use Amazon Textract")]
    NoTextLayer,
    /// The document contains no readable text at all.
    #[error("the {format} document contains no text: check that you picked the right file")]
    Empty {
        /// Detected format name.
        format: &'static str,
    },
    /// The file is damaged and cannot be parsed.
    #[error("the {format} file is damaged ({detail}): re-export or re-save it and try again")]
    Corrupt {
        /// Detected format name.
        format: &'static str,
        /// What the parser reported.
        detail: String,
    },
    /// The file ends early (an interrupted download or copy).
    #[error("the {format} file is truncated (it ends early): download or copy it again")]
    Truncated {
        /// Detected format name.
        format: &'static str,
    },
    /// The content is not a supported CV format.
    #[error("unsupported file type: {detected}; save the CV as DOCX or PDF (plain text and Markdown also work)")]
    Unsupported {
        /// What the content was detected to be.
        detected: String,
    },
    /// The file exceeds the configured size limit.
    #[error("the file is {size} bytes, over the {limit}-byte limit: use a smaller export (without embedded images) or raise `CvOptions::max_bytes`")]
    TooLarge {
        /// Size of the input in bytes.
        size: u64,
        /// Configured limit in bytes.
        limit: u64,
    },
    /// Reading the file failed.
    #[error("cannot read {path}: {source}; check the path and its permissions")]
    Io {
        /// The path that could not be read.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Amazon Textract failed (only with the `textract` feature).
    #[cfg(feature = "textract")]
    #[error("Amazon Textract failed: {0}; check AWS credentials, region and that the document is a single-page PDF or an image under 10 MB")]
    Textract(String),
}
