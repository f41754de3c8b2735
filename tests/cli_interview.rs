//! `prepai interview --headless` and `prepai kb search` through the binary.
mod common;

use common::Sandbox;
use predicates::prelude::*;

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

#[test]
fn headless_interview_from_a_paragraph_file_prints_json_events() {
    let sb = Sandbox::new();
    let answers = sb.dir.path().join("answers.txt");
    std::fs::write(
        &answers,
        "Hi, I'm Ada, a backend engineer at a payments company.\n\n\
         I designed the retry logic; the problem was duplicate charges, and as a result failures dropped 30 percent.\n\n\
         /hint\n\n/skip\n\n\
         I would use a hash map with chaining and resize when the load factor grows.\n",
    )
    .unwrap();
    let out = sb
        .cmd()
        .args([
            "interview",
            "--headless",
            "--type",
            "amazon-sde",
            "--name",
            "Ada",
            "--json",
            "--answers",
        ])
        .arg(&answers)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = json_lines(&out.stdout);
    let types: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(types[0], "session_started");
    assert_eq!(*types.last().unwrap(), "session_ended");
    // The interview ends with its report, in the original's shape.
    let report = &events[events.len() - 2];
    assert_eq!(report["type"], "report");
    assert!(report["overallScore"].is_number(), "{report}");
    assert!(report["scores"]["communication"].is_number(), "{report}");
    assert!(report["recommendation"].is_string(), "{report}");
    for t in [
        "phase",
        "llm_chunk",
        "assistant_complete",
        "transcript",
        "score_update",
    ] {
        assert!(types.contains(&t), "missing {t} in {types:?}");
    }
    let id = events[0]["session_id"].as_str().unwrap().to_string();
    // Every answer reached the transcript, and the session is completed.
    let doc = sb.json(["sessions", "show", &id]);
    assert_eq!(doc["status"], "completed");
    let user: Vec<&str> = doc["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "user")
        .map(|m| m["content"].as_str().unwrap())
        .collect();
    assert_eq!(user.len(), 3);
    assert!(user[2].contains("hash map"));
    // Each completed interviewer turn asks at most one question.
    for e in events.iter().filter(|e| e["type"] == "assistant_complete") {
        assert!(e["text"].as_str().unwrap().matches('?').count() <= 1, "{e}");
    }
}

#[test]
fn headless_interview_reads_stdin_one_turn_per_line() {
    let sb = Sandbox::new();
    sb.cmd()
        .args([
            "interview",
            "--headless",
            "--type",
            "behavioral",
            "--name",
            "Grace",
        ])
        .write_stdin("Hello, I lead a platform team.\n/end\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("Interviewer: Hi Grace"))
        .stdout(predicate::str::contains(
            "You: Hello, I lead a platform team.",
        ))
        .stdout(predicate::str::contains("end of our interview"));
}

#[test]
fn headless_interview_bad_input() {
    let sb = Sandbox::new();
    sb.cmd()
        .args([
            "interview",
            "--headless",
            "--type",
            "netflix",
            "--name",
            "A",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown interview type"));
    sb.cmd()
        .args([
            "interview",
            "--headless",
            "--type",
            "google_sde",
            "--name",
            "A",
            "--answers",
            "/nonexistent/answers.txt",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read answers file"));
    let bad = sb.dir.path().join("bad.json");
    std::fs::write(&bad, "[\"hi\",\n {\"answer\": }]").unwrap();
    sb.cmd()
        .args([
            "interview",
            "--headless",
            "--type",
            "google_sde",
            "--name",
            "A",
            "--answers",
        ])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 2"));
    sb.cmd()
        .args(["interview", "--type", "google_sde", "--name", "A"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--headless"));
}

#[test]
fn kb_search_ranks_the_relevant_passage_first() {
    let sb = Sandbox::new();
    let v = sb.json(["kb", "search", "memoization versus tabulation"]);
    let first = &v["results"][0];
    assert!(
        first["source"]
            .as_str()
            .unwrap()
            .starts_with("dynamic-programming-patterns#"),
        "{first}"
    );
    assert!(first["text"].as_str().unwrap().len() > 100);
    sb.cmd()
        .args([
            "kb",
            "search",
            "leadership principles customer obsession",
            "--type",
            "amazon-sde",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("amazon"));
    sb.cmd().args(["kb", "search", "  "]).assert().code(2);
    sb.cmd()
        .args(["kb", "search", "x", "--type", "nope"])
        .assert()
        .code(2);
}

#[test]
fn a_broken_user_kb_document_is_bad_input() {
    let sb = Sandbox::new();
    let kb = sb.config_dir().join("kb");
    std::fs::create_dir_all(&kb).unwrap();
    std::fs::write(kb.join("mine.md"), "no front matter here").unwrap();
    sb.cmd()
        .args(["kb", "search", "anything"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mine.md"));
}
