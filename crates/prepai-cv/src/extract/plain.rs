//! Plain-text extraction: line-ending and whitespace normalisation.

use super::{DocumentFormat, ExtractedText};

/// Normalises decoded plain text.
pub fn extract(text: &str) -> ExtractedText {
    let text = text.replace("\r\n", "\n").replace(['\r', '\u{0C}'], "\n");
    ExtractedText {
        format: DocumentFormat::PlainText,
        text,
        pages: None,
        warnings: Vec::new(),
    }
}
