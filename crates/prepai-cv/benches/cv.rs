//! End-to-end analysis time (extraction + parsing) for a 2-page two-column PDF and a DOCX
//! with tables. Target: < 50 ms each.
//!
//! `cargo bench --bench cv`

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use prepai_cv::{analyze_bytes, extract_text, CvOptions};

const PDF_2_PAGES: &[u8] = include_bytes!("../tests/fixtures/resumes/r02_fpdf_twocol.pdf");
const DOCX_TABLES: &[u8] = include_bytes!("../tests/fixtures/resumes/r06_docx_tables.docx");
const GROFF_PDF: &[u8] = include_bytes!("../tests/fixtures/resumes/r05_groff.pdf");

fn bench(c: &mut Criterion) {
    let opts = CvOptions::with_today(NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date"));
    let mut group = c.benchmark_group("analyze_bytes");
    for (name, bytes, file) in [
        ("pdf_2_pages_two_columns", PDF_2_PAGES, "cv.pdf"),
        ("pdf_groff_ghostscript", GROFF_PDF, "cv.pdf"),
        ("docx_tables", DOCX_TABLES, "cv.docx"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| analyze_bytes(std::hint::black_box(bytes), Some(file), &opts))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("extract_text");
    group.bench_function("pdf_2_pages_two_columns", |b| {
        b.iter(|| extract_text(std::hint::black_box(PDF_2_PAGES), None))
    });
    group.bench_function("docx_tables", |b| {
        b.iter(|| extract_text(std::hint::black_box(DOCX_TABLES), None))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
