//! Field-level precision and recall over the committed fixture CVs, against the ground truth
//! written next to each fixture by `fixtures/make_fixtures.py`.
//!
//! Run with `cargo test --test accuracy -- --nocapture` to see the table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use prepai_cv::{analyze_path, CvAnalysis, CvOptions};
use serde::Deserialize;

/// Every field must reach this precision and recall.
const THRESHOLD: f64 = 0.9;
/// Total years may differ from the truth by this much.
const YEARS_TOLERANCE: f64 = 0.25;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Truth {
    candidate_name: String,
    email: String,
    phone: String,
    skills: Vec<String>,
    employers: Vec<String>,
    degrees: Vec<String>,
    total_years_experience: f64,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn fixtures() -> Vec<(PathBuf, Truth)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/resumes");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixture dir exists") {
        let path = entry.expect("dir entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if name.ends_with(".truth.json") {
            continue;
        }
        let truth_path = dir.join(format!(
            "{}.truth.json",
            name.rsplit_once('.').expect("extension").0
        ));
        let truth: Truth =
            serde_json::from_str(&std::fs::read_to_string(&truth_path).expect("truth file"))
                .expect("truth parses");
        out.push((path, truth));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn scalar(c: &mut Counts, predicted: Option<String>, truth: &str) {
    match predicted {
        Some(p) if p == truth => c.tp += 1,
        Some(_) => {
            c.fp += 1;
            c.fn_ += 1;
        }
        None => c.fn_ += 1,
    }
}

fn set(c: &mut Counts, predicted: &[String], truth: &[String], label: &str, file: &str) {
    let p: BTreeSet<&String> = predicted.iter().collect();
    let t: BTreeSet<&String> = truth.iter().collect();
    let tp = p.intersection(&t).count();
    let (fp, fn_): (Vec<_>, Vec<_>) = (p.difference(&t).collect(), t.difference(&p).collect());
    if !fp.is_empty() || !fn_.is_empty() {
        println!("  {file} {label}: extra {fp:?} missing {fn_:?}");
    }
    c.tp += tp;
    c.fp += fp.len();
    c.fn_ += fn_.len();
}

#[test]
fn field_precision_and_recall_meet_thresholds() {
    let opts = CvOptions::with_today(NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date"));
    let cases = fixtures();
    assert!(
        cases.len() >= 12,
        "expected at least 12 fixture CVs, found {}",
        cases.len()
    );
    let mut fields: BTreeMap<&str, Counts> = BTreeMap::new();
    for (path, truth) in &cases {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let cv: CvAnalysis = analyze_path(path, &opts).unwrap_or_else(|e| panic!("{file}: {e}"));
        scalar(
            fields.entry("name").or_default(),
            cv.candidate_name.clone(),
            &truth.candidate_name,
        );
        scalar(
            fields.entry("email").or_default(),
            cv.email.clone(),
            &truth.email,
        );
        scalar(
            fields.entry("phone").or_default(),
            cv.phone.as_deref().map(digits),
            &digits(&truth.phone),
        );
        set(
            fields.entry("skills").or_default(),
            &cv.skills,
            &truth.skills,
            "skills",
            file,
        );
        let employers: Vec<String> = cv
            .experience
            .iter()
            .filter_map(|e| e.company.clone())
            .collect();
        set(
            fields.entry("employers").or_default(),
            &employers,
            &truth.employers,
            "employers",
            file,
        );
        let degrees: Vec<String> = cv
            .education
            .iter()
            .filter_map(|e| e.degree.clone())
            .collect();
        set(
            fields.entry("degrees").or_default(),
            &degrees,
            &truth.degrees,
            "degrees",
            file,
        );
        let years_ok =
            (cv.total_years_experience - truth.total_years_experience).abs() <= YEARS_TOLERANCE;
        scalar(
            fields.entry("totalYears").or_default(),
            Some(if years_ok {
                "ok".to_string()
            } else {
                format!("{}", cv.total_years_experience)
            }),
            "ok",
        );
        if !years_ok {
            println!(
                "  {file} totalYears: got {} want {}",
                cv.total_years_experience, truth.total_years_experience
            );
        }
        if cv.candidate_name.as_deref() != Some(truth.candidate_name.as_str()) {
            println!(
                "  {file} name: got {:?} want {:?}",
                cv.candidate_name, truth.candidate_name
            );
        }
    }
    println!(
        "\n{:<12} {:>9} {:>7}   (over {} CVs, threshold {THRESHOLD})",
        "field",
        "precision",
        "recall",
        cases.len()
    );
    let mut failures = Vec::new();
    for (field, c) in &fields {
        println!("{field:<12} {:>9.3} {:>7.3}", c.precision(), c.recall());
        if c.precision() < THRESHOLD || c.recall() < THRESHOLD {
            failures.push(*field);
        }
    }
    assert!(
        failures.is_empty(),
        "fields below {THRESHOLD}: {failures:?}"
    );
}
