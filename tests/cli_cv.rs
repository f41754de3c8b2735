//! `prepai cv analyze` and `prepai interview --cv` through the binary.
mod common;

use common::Sandbox;
use predicates::prelude::*;
use std::path::PathBuf;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("crates/prepai-cv/tests/fixtures")
        .join(rel)
}

#[test]
fn analyze_prints_the_original_shape() {
    let sb = Sandbox::new();
    let v = sb.json([
        "cv",
        "analyze",
        fixture("resumes/r04_reportlab_twocol.pdf")
            .to_str()
            .unwrap(),
    ]);
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
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["candidateName"], "Jean-Luc de la Fontaine");
    assert_eq!(v["experience"][0]["company"], "Thales Group");
    assert!(v["skills"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s == "Python"));
    sb.cmd()
        .args(["cv", "analyze"])
        .arg(fixture("resumes/r06_docx_tables.docx"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Skills:"));
}

#[test]
fn analysis_is_stored_with_a_session() {
    let sb = Sandbox::new();
    let id = sb.create("behavioral", "Jean-Luc");
    sb.cmd()
        .args(["cv", "analyze"])
        .arg(fixture("resumes/r04_reportlab_twocol.pdf"))
        .args(["--session", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("Stored with session"));
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    let (file, body): (String, String) = conn
        .query_row(
            "SELECT file_name, body FROM cv_analyses WHERE session_id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(file, "r04_reportlab_twocol.pdf");
    assert!(body.contains("Thales Group"));
}

#[test]
fn every_kind_of_bad_cv_exits_2_with_its_own_message() {
    let sb = Sandbox::new();
    for (file, needle) in [
        ("bad/encrypted.pdf", "password"),
        ("bad/scanned.pdf", "no text layer"),
        ("bad/truncated.pdf", "truncated"),
        ("bad/corrupt.docx", "damaged"),
        ("bad/legacy.doc", "unsupported"),
    ] {
        sb.cmd()
            .args(["cv", "analyze"])
            .arg(fixture(file))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(needle))
            .stderr(predicate::str::contains("panicked").not());
    }
    sb.cmd()
        .args(["cv", "analyze", "/nonexistent/cv.pdf"])
        .assert()
        .code(2);
    let big = sb.dir.path().join("big.txt");
    std::fs::write(&big, "x".repeat(11 << 20)).unwrap();
    sb.cmd()
        .args(["cv", "analyze"])
        .arg(&big)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("limit"));
}

#[test]
fn the_interviewer_asks_about_the_cv() {
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .args(["interview", "--headless", "--type", "behavioral", "--name", "Jean-Luc", "--json", "--cv"])
        .arg(fixture("resumes/r04_reportlab_twocol.pdf"))
        .write_stdin("Hello, I'm a security engineer.\nThe problem was a breach; I designed the fix and as a result incidents dropped.\n/end\n")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Thales Group"), "{text}");
    sb.cmd()
        .args([
            "interview",
            "--headless",
            "--type",
            "behavioral",
            "--name",
            "A",
            "--cv",
        ])
        .arg(fixture("bad/encrypted.pdf"))
        .assert()
        .code(2);
}

#[test]
fn an_interview_on_a_prepared_session_uses_its_stored_cv() {
    let sb = Sandbox::new();
    let id = sb.create("behavioral", "Jean-Luc");
    sb.cmd()
        .args(["cv", "analyze"])
        .arg(fixture("resumes/r04_reportlab_twocol.pdf"))
        .args(["--session", &id])
        .assert()
        .success();
    let out = sb
        .cmd()
        .args(["interview", "--headless", "--session", &id[..8]])
        .write_stdin("Hello, I'm a security engineer.\n/end\n")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Hi Jean-Luc") && text.contains("Thales Group"),
        "{text}"
    );
    let doc = sb.json(["sessions", "show", &id]);
    assert_eq!(doc["status"], "completed");
    assert!(doc["transcript"].as_array().unwrap().len() >= 3);
    // The session is used up: a second interview on it is refused.
    sb.cmd()
        .args(["interview", "--headless", "--session", &id])
        .write_stdin("/end\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("has ended"));
    sb.cmd()
        .args([
            "interview",
            "--headless",
            "--session",
            &id,
            "--type",
            "google_sde",
        ])
        .assert()
        .code(2);
}
