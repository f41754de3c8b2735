//! End-to-end behaviour on the committed fixtures: output shape, layout handling, date maths.

use std::path::PathBuf;

use chrono::NaiveDate;
use prepai_cv::{analyze_bytes, analyze_path, extract_text, CvOptions, DocumentFormat};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/resumes")
        .join(name)
}

fn opts() -> CvOptions {
    CvOptions::with_today(NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date"))
}

#[test]
fn json_uses_the_original_camel_case_shape() {
    let cv = analyze_path(fixture("r01_fpdf_onecol.pdf"), &opts()).expect("analyses");
    let json = serde_json::to_value(&cv).expect("serialises");
    for key in [
        "candidateName",
        "email",
        "phone",
        "skills",
        "experience",
        "education",
        "totalYearsExperience",
        "summary",
        "links",
        "location",
        "categorizedSkills",
        "industry",
        "warnings",
    ] {
        assert!(json.get(key).is_some(), "missing key {key}");
    }
    let current = &json["experience"][0];
    assert_eq!(
        current["end"],
        serde_json::Value::Null,
        "a current job has end = null"
    );
    assert_eq!(current["durationMonths"], 71);
    assert_eq!(json["industry"]["primary"], "Software Engineering");
    assert!(json["categorizedSkills"]["Programming Languages"]
        .as_array()
        .expect("array")
        .iter()
        .any(|s| s == "Go"));
}

#[test]
fn overlapping_jobs_are_counted_once() {
    // Sep 2021 – Present (63 months) overlaps Feb 2018 – Oct 2021 (45): 106 months, not 108.
    let cv = analyze_path(fixture("r09_markdown.md"), &opts()).expect("analyses");
    let summed: u32 = cv.experience.iter().map(|e| e.duration_months).sum();
    assert_eq!(summed, 108);
    assert_eq!(cv.total_years_experience, 8.8);
}

#[test]
fn today_is_injected_not_read_from_the_clock() {
    let later = CvOptions::with_today(NaiveDate::from_ymd_opt(2027, 11, 25).expect("valid date"));
    let now = analyze_path(fixture("r03_reportlab_onecol.pdf"), &opts()).expect("analyses");
    let next_year = analyze_path(fixture("r03_reportlab_onecol.pdf"), &later).expect("analyses");
    assert_eq!(
        next_year.total_years_experience - now.total_years_experience,
        1.0
    );
}

#[test]
fn two_column_pdf_is_read_column_by_column() {
    let text = extract_text(
        &std::fs::read(fixture("r02_fpdf_twocol.pdf")).expect("read"),
        None,
    )
    .expect("text");
    assert_eq!(text.format, DocumentFormat::Pdf);
    assert_eq!(text.pages, Some(2));
    let pos = |needle: &str| {
        text.text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} missing"))
    };
    // Sidebar (left) content comes as a block before the main column, not interleaved line by line.
    assert!(pos("Tableau\n") < pos("SUMMARY"));
    assert!(
        pos("Senior Data Scientist\nHelix Analytics Pvt Ltd\nMar 2021 - Present")
            > pos("University of Mysore")
    );
}

#[test]
fn docx_tables_come_out_in_document_order() {
    let text = extract_text(
        &std::fs::read(fixture("r06_docx_tables.docx")).expect("read"),
        None,
    )
    .expect("text");
    assert_eq!(text.format, DocumentFormat::Docx);
    assert!(text
        .text
        .contains("07/2020 – Present | Senior Backend Engineer | Alibaba Group\n"));
    assert!(
        text.text.find("Work Experience").expect("heading")
            < text.text.find("Alibaba").expect("row")
    );
}

#[test]
fn format_is_detected_by_content_not_extension() {
    let pdf = std::fs::read(fixture("r01_fpdf_onecol.pdf")).expect("read");
    let cv = analyze_bytes(&pdf, Some("looks-like-text.txt"), &opts()).expect("analyses");
    assert_eq!(cv.candidate_name.as_deref(), Some("Emily Carter"));
    let docx = std::fs::read(fixture("r07_docx_paragraphs.docx")).expect("read");
    let cv = analyze_bytes(&docx, None, &opts()).expect("analyses");
    assert_eq!(
        cv.candidate_name.as_deref(),
        Some("José María García-López")
    );
}

#[test]
fn missing_fields_are_reported_as_warnings() {
    let cv = analyze_bytes(
        b"Some notes\nnothing here about a person\n",
        Some("notes.txt"),
        &opts(),
    )
    .expect("analyses");
    for w in [
        "candidate name",
        "e-mail address",
        "phone number",
        "dated work experience",
        "education",
    ] {
        assert!(
            cv.warnings.iter().any(|x| x.contains(w)),
            "no warning about {w}: {:?}",
            cv.warnings
        );
    }
    assert!(cv.summary.starts_with("Candidate with 0.0 years"));
}

#[test]
fn docx_page_header_and_hyperlink_targets_are_read() {
    // r07 keeps its contact line in the page header and its LinkedIn URL only in a hyperlink.
    let cv = analyze_path(fixture("r07_docx_paragraphs.docx"), &opts()).expect("analyses");
    assert_eq!(cv.phone.as_deref(), Some("+34 612 345 678"));
    assert_eq!(cv.location.as_deref(), Some("Madrid, Spain"));
    assert_eq!(
        cv.links.linkedin.as_deref(),
        Some("https://www.linkedin.com/in/josemgarcia")
    );
    assert_eq!(
        cv.candidate_name.as_deref(),
        Some("José María García-López")
    );
}

#[test]
fn pdf_link_annotations_give_urls_behind_labels() {
    // r03 shows only the word "Portfolio"; the URL is in the link annotation.
    let cv = analyze_path(fixture("r03_reportlab_onecol.pdf"), &opts()).expect("analyses");
    assert_eq!(
        cv.links.website.as_deref(),
        Some("https://juergen.example.de/")
    );
    assert_eq!(
        cv.links.linkedin.as_deref(),
        Some("https://linkedin.com/in/juergen-mueller")
    );
}
