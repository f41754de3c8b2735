//! `prepai report`, `prepai sessions end` with its report, and `prepai analytics`
//! through the binary.
mod common;

use common::Sandbox;
use predicates::prelude::*;

/// A session with a few answers to a known bank question, then ended.
fn interviewed(sb: &Sandbox, name: &str, answer: &str) -> String {
    let id = sb.create("google-sde", name);
    let append = |role: &str, text: &str| {
        sb.cmd()
            .args(["sessions", "append", &id, "--role", role, "--content", text])
            .assert()
            .success();
    };
    append(
        "assistant",
        "How do breadth-first search and depth-first search differ in the order they visit nodes?",
    );
    append("user", answer);
    id
}

const GOOD: &str = "BFS uses a queue and visits level by level, so it finds the shortest path. \
                    DFS uses a stack or recursion and goes deep first, then backtracks; BFS \
                    holds the whole frontier in memory.";
const POOR: &str = "Um, they are basically, you know, kind of the same, I mean one is breadth.";

#[test]
fn ending_a_session_writes_a_report_in_every_format() {
    let sb = Sandbox::new();
    let id = interviewed(&sb, "Ada", GOOD);
    // No report while the session is active.
    sb.cmd()
        .args(["report", &id])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("still active"));
    let ended = sb.json(["sessions", "end", &id]);
    assert_eq!(ended["status"], "completed");
    assert!(ended["overall_score"].as_f64().unwrap() > 5.0, "{ended}");

    let r = sb.json(["report", &id]);
    assert_eq!(r["sessionId"], id.as_str());
    let tech = r["scores"]["technicalKnowledge"].as_f64().unwrap();
    assert!(tech >= 8.0, "{r}");
    assert!(
        r["scores"]["codeQuality"].is_null(),
        "no code, no code score: {r}"
    );
    assert!(r["evidence"]["technicalKnowledge"][0]
        .as_str()
        .unwrap()
        .contains("key points"));
    assert_eq!(r["questionFeedback"].as_array().unwrap().len(), 1);
    assert_eq!(r["rank"]["out_of"], 1);

    sb.cmd()
        .args(["report", &id, "-f", "md"])
        .assert()
        .success()
        .stdout(predicate::str::contains("| Technical knowledge |"));

    let html = sb.dir.path().join("r.html");
    sb.cmd()
        .args(["report", &id, "-f", "html", "-o"])
        .arg(&html)
        .assert()
        .success();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<svg") && page.contains(&format!("{tech:.1}")));

    let pdf = sb.dir.path().join("r.pdf");
    sb.cmd()
        .args(["report", &id[..8], "--format", "pdf", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    let text = pdf_extract::extract_text(&pdf).expect("the PDF opens");
    assert!(text.contains("Technical knowledge"), "{text}");
    assert!(text.contains(&format!("{tech:.1} / 10")), "{text}");
    assert!(text.contains("Ada"), "{text}");
}

#[test]
fn report_bad_input() {
    let sb = Sandbox::new();
    let id = interviewed(&sb, "Ada", GOOD);
    sb.cmd().args(["sessions", "end", &id]).assert().success();
    sb.cmd()
        .args(["report", &id, "-f", "pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o report.pdf"));
    sb.cmd()
        .args(["report", "0123abcd-0000-0000-0000-000000000000"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no session"));
    sb.cmd()
        .args(["report", &id, "-f", "docx"])
        .assert()
        .code(2);
}

#[test]
fn analytics_over_reported_sessions() {
    let sb = Sandbox::new();
    let a = interviewed(&sb, "Ada", GOOD);
    let b = interviewed(&sb, "ada", POOR);
    let c = interviewed(&sb, "Bob", POOR);
    for id in [&a, &b, &c] {
        sb.cmd().args(["sessions", "end", id]).assert().success();
    }
    let _active = sb.create("amazon-sde", "Cy");

    let agg = sb.json(["analytics", "aggregate"]);
    assert_eq!(agg["total_interviews"], 4);
    assert_eq!(agg["completed_interviews"], 3);
    assert_eq!(agg["completion_rate"], 75.0);
    assert_eq!(agg["interview_types"]["google_sde"], 3);
    assert_eq!(agg["reports"], 3);

    let bench = sb.json(["analytics", "benchmarks", "google-sde"]);
    assert_eq!(bench["sample_size"], 3);
    let overall = &bench["benchmarks"]["overall"];
    assert!(overall["min"].as_f64() <= overall["p50"].as_f64());
    assert!(overall["p50"].as_f64() <= overall["max"].as_f64());

    let trends = sb.json(["analytics", "trends", "--days", "7"]);
    assert_eq!(trends["trend"], "insufficient_data");
    assert_eq!(trends["data"].as_array().unwrap().len(), 1);

    let h = sb.json(["analytics", "history", "ADA"]);
    assert_eq!(h["total_interviews"], 2);
    assert_eq!(h["sessions"][0]["session_id"], b.as_str(), "newest first");

    let rank = sb.json(["analytics", "rank", &a]);
    assert_eq!(rank["rank"], 1);
    assert_eq!(rank["out_of"], 3);

    sb.cmd()
        .args(["analytics", "benchmarks", "astronaut"])
        .assert()
        .code(2);
    sb.cmd()
        .args(["analytics", "trends", "--days", "0"])
        .assert()
        .code(2);
    sb.cmd()
        .args(["analytics", "rank", &sb.create("google-sde", "Dee")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no report"));
}
