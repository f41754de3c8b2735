//! Content-based format detection (magic bytes and structure; the extension only breaks ties).

use std::io::Cursor;

use crate::CvError;

/// What a byte buffer was recognised as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detected {
    /// A PDF file.
    Pdf,
    /// A DOCX (zip with `word/document.xml`).
    Docx,
    /// Markdown, already decoded.
    Markdown(String),
    /// Plain text, already decoded.
    PlainText(String),
}

const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Detects the format of `bytes`. Unsupported or unrecognisable content is an error that
/// names what was found.
pub fn detect_format(bytes: &[u8], file_name: Option<&str>) -> Result<Detected, CvError> {
    let ext = file_name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Ok(Detected::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return detect_zip(bytes, &ext);
    }
    if bytes.starts_with(OLE2_MAGIC) {
        return Err(unsupported(
            "a legacy Microsoft Word .doc file (OLE2 compound document)",
        ));
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(unsupported(kind));
    }
    let text = decode_text(bytes)?;
    if ext == "pdf" || ext == "docx" {
        return Err(CvError::Corrupt {
            format: if ext == "pdf" { "PDF" } else { "DOCX" },
            detail: "the content is text, not the format its extension claims".into(),
        });
    }
    if matches!(ext.as_str(), "md" | "markdown" | "mdown") || looks_like_markdown(&text) {
        Ok(Detected::Markdown(text))
    } else {
        Ok(Detected::PlainText(text))
    }
}

fn unsupported(detected: &str) -> CvError {
    CvError::Unsupported {
        detected: detected.to_string(),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn detect_zip(bytes: &[u8], ext: &str) -> Result<Detected, CvError> {
    let archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            return Err(CvError::Corrupt {
                format: if ext == "docx" { "DOCX" } else { "ZIP" },
                detail: format!("unreadable zip container: {e}"),
            })
        }
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("word/document.xml") {
        return Ok(Detected::Docx);
    }
    let has_prefix = |p: &str| names.iter().any(|n| n.starts_with(p));
    let detected = if has("mimetype") && has("content.xml") {
        "an OpenDocument text file (ODT)"
    } else if has_prefix("xl/") {
        "an Excel workbook (XLSX)"
    } else if has_prefix("ppt/") {
        "a PowerPoint presentation (PPTX)"
    } else if ext == "docx" {
        return Err(CvError::Corrupt {
            format: "DOCX",
            detail: "the zip has no word/document.xml".into(),
        });
    } else {
        "a ZIP archive"
    };
    Err(unsupported(detected))
}

/// Recognises common binary formats that are not CVs we can read.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const KINDS: &[(&[u8], &str)] = &[
        (
            b"\x89PNG",
            "a PNG image (run OCR first, or use the `textract` feature)",
        ),
        (
            b"\xFF\xD8\xFF",
            "a JPEG image (run OCR first, or use the `textract` feature)",
        ),
        (b"GIF8", "a GIF image"),
        (
            b"II*\x00",
            "a TIFF image (run OCR first, or use the `textract` feature)",
        ),
        (
            b"MM\x00*",
            "a TIFF image (run OCR first, or use the `textract` feature)",
        ),
        (b"{\\rtf", "an RTF document"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"\x7FELF", "an executable"),
        (b"MZ", "a Windows executable"),
    ];
    KINDS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, k)| *k)
}

/// Decodes text: UTF-8 (BOM optional), UTF-16 with BOM, else Windows-1252 when the bytes are
/// not binary.
fn decode_text(bytes: &[u8]) -> Result<String, CvError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, _) = enc.decode(&bytes[bom_len..]);
        return Ok(text.into_owned());
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if sample.contains(&0) || controls * 20 > sample.len().max(1) {
        return Err(unsupported(
            "binary data that is not a PDF, DOCX or text file",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => Ok(encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()),
    }
}

fn looks_like_markdown(text: &str) -> bool {
    let mut score = 0;
    for line in text.lines().take(200) {
        let t = line.trim_start();
        if t.starts_with("# ") || t.starts_with("## ") || t.starts_with("### ") {
            score += 2;
        }
        if t.contains("](http") || t.starts_with("**") || t.starts_with("- [") {
            score += 1;
        }
    }
    score >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_markdown_are_told_apart_by_content() {
        let md = "# Jane Doe\n\n## Experience\n\n### Engineer\n";
        assert!(matches!(
            detect_format(md.as_bytes(), None),
            Ok(Detected::Markdown(_))
        ));
        let txt = "Jane Doe\nExperience\nEngineer at Acme\n";
        assert!(matches!(
            detect_format(txt.as_bytes(), Some("cv.txt")),
            Ok(Detected::PlainText(_))
        ));
    }

    #[test]
    fn pdf_is_found_by_magic_not_extension() {
        assert_eq!(
            detect_format(b"%PDF-1.7\n...", Some("cv.txt")).ok(),
            Some(Detected::Pdf)
        );
    }

    #[test]
    fn legacy_doc_and_images_are_unsupported() {
        let mut doc = OLE2_MAGIC.to_vec();
        doc.extend([0u8; 100]);
        let err = detect_format(&doc, Some("cv.doc")).unwrap_err().to_string();
        assert!(
            err.contains(".doc") && err.contains("save the CV as DOCX or PDF"),
            "{err}"
        );
        let png = b"\x89PNG\r\n\x1a\n0000";
        assert!(matches!(
            detect_format(png, None),
            Err(CvError::Unsupported { .. })
        ));
    }

    #[test]
    fn utf16_and_latin1_text_are_decoded() {
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "Zoë".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(
            detect_format(&utf16, None).ok(),
            Some(Detected::PlainText("Zoë".into()))
        );
        let latin1 = b"Zo\xEB Smith";
        assert_eq!(
            detect_format(latin1, None).ok(),
            Some(Detected::PlainText("Zoë Smith".into()))
        );
    }
}
