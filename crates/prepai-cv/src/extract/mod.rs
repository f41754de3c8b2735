//! Turning document bytes into plain text, format by format.

mod detect;
mod docx;
mod layout;
mod markdown;
mod pdf;
mod plain;

use serde::{Deserialize, Serialize};

pub use detect::{detect_format, Detected};

use crate::CvError;

/// Default upper bound on input size: 10 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// The document formats this crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DocumentFormat {
    /// PDF with a text layer.
    Pdf,
    /// Office Open XML word-processing document.
    Docx,
    /// Plain text (UTF-8, UTF-16 with BOM, or Windows-1252).
    PlainText,
    /// Markdown.
    Markdown,
    /// An image read by OCR (only produced with the `textract` feature).
    Image,
}

impl DocumentFormat {
    /// Human-readable name used in messages.
    pub fn label(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "PDF",
            DocumentFormat::Docx => "DOCX",
            DocumentFormat::PlainText => "plain-text",
            DocumentFormat::Markdown => "Markdown",
            DocumentFormat::Image => "image",
        }
    }
}

/// Text pulled out of a document, lines in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtractedText {
    /// Format detected from the content.
    pub format: DocumentFormat,
    /// The text, one visual line per `\n`; blank lines separate blocks.
    pub text: String,
    /// Number of pages (PDF only).
    pub pages: Option<u32>,
    /// Non-fatal problems met while extracting.
    pub warnings: Vec<String>,
}

/// Extracts the text of a CV, detecting its format from the bytes (the file name only breaks
/// ties, e.g. Markdown versus plain text). Uses the default 10 MiB size limit.
pub fn extract_text(bytes: &[u8], file_name: Option<&str>) -> Result<ExtractedText, CvError> {
    extract_text_limited(bytes, file_name, DEFAULT_MAX_BYTES)
}

/// [`extract_text`] with an explicit size limit in bytes.
pub fn extract_text_limited(
    bytes: &[u8],
    file_name: Option<&str>,
    max_bytes: u64,
) -> Result<ExtractedText, CvError> {
    let size = bytes.len() as u64;
    if size > max_bytes {
        return Err(CvError::TooLarge {
            size,
            limit: max_bytes,
        });
    }
    let extracted = match detect_format(bytes, file_name)? {
        Detected::Pdf => pdf::extract(bytes)?,
        Detected::Docx => docx::extract(bytes, max_bytes)?,
        Detected::Markdown(text) => markdown::extract(&text),
        Detected::PlainText(text) => plain::extract(&text),
    };
    if extracted.text.trim().is_empty() {
        return Err(match extracted.format {
            DocumentFormat::Pdf => CvError::NoTextLayer,
            other => CvError::Empty {
                format: other.label(),
            },
        });
    }
    Ok(extracted)
}
