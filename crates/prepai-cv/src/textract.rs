//! Amazon Textract for scanned CVs (cargo feature `textract`).
//!
//! `DetectDocumentText` reads text from images (PNG, JPEG, TIFF) and single-page PDFs. The
//! caller supplies a configured [`aws_sdk_textract::Client`] (credentials, region, HTTP client
//! come from the application, e.g. via `aws-config`), so this crate makes no network calls
//! unless asked to.

use aws_sdk_textract::error::DisplayErrorContext;
use aws_sdk_textract::primitives::Blob;
use aws_sdk_textract::types::{BlockType, Document};
use aws_sdk_textract::Client;

use crate::{
    analyze_text, extract_text_limited, CvAnalysis, CvError, CvOptions, DocumentFormat,
    ExtractedText,
};

/// Textract's limit for synchronous requests, in bytes.
const TEXTRACT_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// Reads the text of a scanned page or image with Textract `DetectDocumentText`, one
/// `LINE` block per line, pages separated by a blank line.
pub async fn extract_text_textract(
    client: &Client,
    bytes: &[u8],
) -> Result<ExtractedText, CvError> {
    let size = bytes.len() as u64;
    if size > TEXTRACT_MAX_BYTES {
        return Err(CvError::TooLarge {
            size,
            limit: TEXTRACT_MAX_BYTES,
        });
    }
    let document = Document::builder().bytes(Blob::new(bytes.to_vec())).build();
    let output = client
        .detect_document_text()
        .document(document)
        .send()
        .await
        .map_err(|e| CvError::Textract(DisplayErrorContext(&e).to_string()))?;
    let mut text = String::new();
    let mut pages = 0u32;
    for block in output.blocks() {
        match block.block_type() {
            Some(BlockType::Page) => {
                if pages > 0 {
                    text.push('\n');
                }
                pages += 1;
            }
            Some(BlockType::Line) => {
                if let Some(line) = block.text() {
                    text.push_str(line);
                    text.push('\n');
                }
            }
            _ => {}
        }
    }
    let format = if bytes.starts_with(b"%PDF") {
        DocumentFormat::Pdf
    } else {
        DocumentFormat::Image
    };
    Ok(ExtractedText {
        format,
        text,
        pages: Some(pages.max(1)),
        warnings: vec!["text read by Amazon Textract (OCR)".into()],
    })
}

/// Like [`crate::analyze_bytes`], but scanned PDFs and images go through Textract instead of
/// failing with [`CvError::NoTextLayer`] / [`CvError::Unsupported`].
pub async fn analyze_bytes_with_textract(
    client: &Client,
    bytes: &[u8],
    file_name: Option<&str>,
    opts: &CvOptions,
) -> Result<CvAnalysis, CvError> {
    let is_image = [&b"\x89PNG"[..], b"\xFF\xD8\xFF", b"II*\x00", b"MM\x00*"]
        .iter()
        .any(|m| bytes.starts_with(m));
    let extracted = match extract_text_limited(bytes, file_name, opts.max_bytes) {
        Ok(t) => t,
        Err(CvError::NoTextLayer) => extract_text_textract(client, bytes).await?,
        Err(CvError::Unsupported { .. }) if is_image => {
            extract_text_textract(client, bytes).await?
        }
        Err(e) => return Err(e),
    };
    let mut analysis = analyze_text(&extracted.text, opts);
    analysis.warnings.extend(extracted.warnings);
    Ok(analysis)
}
