//! Bad inputs give typed errors whose messages say what to do.

use std::path::PathBuf;

use prepai_cv::{analyze_bytes, analyze_path, extract_text, CvError, CvOptions};

fn bad(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn err(bytes: &[u8], name: &str) -> CvError {
    match analyze_bytes(bytes, Some(name), &CvOptions::default()) {
        Ok(cv) => panic!("{name}: expected an error, got {cv:?}"),
        Err(e) => e,
    }
}

#[test]
fn encrypted_pdf() {
    let e = err(&bad("encrypted.pdf"), "encrypted.pdf");
    assert!(matches!(e, CvError::Encrypted), "{e:?}");
    assert!(e.to_string().contains("password"));
}

#[test]
fn scanned_pdf_without_text_layer() {
    let e = err(&bad("scanned.pdf"), "scanned.pdf");
    assert!(matches!(e, CvError::NoTextLayer), "{e:?}");
    assert!(e.to_string().contains("OCR") && e.to_string().contains("textract"));
}

#[test]
fn truncated_pdf() {
    let e = err(&bad("truncated.pdf"), "truncated.pdf");
    assert!(matches!(e, CvError::Truncated { format: "PDF" }), "{e:?}");
    assert!(e.to_string().contains("again"));
}

#[test]
fn corrupt_docx() {
    for name in ["corrupt.docx", "not_a_zip.docx"] {
        let e = err(&bad(name), name);
        assert!(
            matches!(
                e,
                CvError::Corrupt { format: "DOCX", .. } | CvError::Truncated { format: "DOCX" }
            ),
            "{name}: {e:?}"
        );
    }
}

#[test]
fn legacy_doc_is_unsupported_with_advice() {
    let e = err(&bad("legacy.doc"), "legacy.doc");
    let CvError::Unsupported { detected } = &e else {
        panic!("{e:?}")
    };
    assert!(detected.contains(".doc"));
    assert!(e.to_string().contains("save the CV as DOCX or PDF"));
}

#[test]
fn oversize_input_is_refused_before_parsing() {
    let opts = CvOptions::default();
    let big = vec![b'a'; (opts.max_bytes + 1) as usize];
    let e = analyze_bytes(&big, Some("big.txt"), &opts).unwrap_err();
    assert!(
        matches!(e, CvError::TooLarge { size, limit } if size == opts.max_bytes + 1 && limit == opts.max_bytes)
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.pdf");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(opts.max_bytes + 10).expect("sparse file");
    let e = analyze_path(&path, &opts).unwrap_err();
    assert!(matches!(e, CvError::TooLarge { .. }), "{e:?}");
    assert!(e.to_string().contains("max_bytes"));
}

#[test]
fn missing_file_is_an_io_error_naming_the_path() {
    let e = analyze_path("/definitely/not/here/cv.pdf", &CvOptions::default()).unwrap_err();
    assert!(matches!(e, CvError::Io { .. }));
    assert!(e.to_string().contains("/definitely/not/here/cv.pdf"));
}

#[test]
fn empty_and_binary_inputs() {
    assert!(matches!(
        extract_text(b"", None),
        Err(CvError::Empty { .. })
    ));
    assert!(matches!(
        extract_text(b"   \n\n  ", Some("cv.txt")),
        Err(CvError::Empty { .. })
    ));
    assert!(matches!(
        extract_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None),
        Err(CvError::Unsupported { .. })
    ));
    assert!(matches!(
        extract_text(&[0u8, 1, 2, 3, 0, 0, 7, 8], None),
        Err(CvError::Unsupported { .. })
    ));
    assert!(matches!(
        extract_text(b"{\\rtf1\\ansi hello}", Some("cv.rtf")),
        Err(CvError::Unsupported { .. })
    ));
}

#[test]
fn text_pretending_to_be_pdf_is_corrupt() {
    let e = extract_text(b"Jane Doe\nEngineer\n", Some("cv.pdf")).unwrap_err();
    assert!(matches!(e, CvError::Corrupt { format: "PDF", .. }), "{e:?}");
}
