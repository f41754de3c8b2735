//! A coding interview driven live through the binary's stdin: when a problem is
//! handed out, the bank's reference solution is submitted and judged in the
//! sandbox; the interviewer reacts to the result and asks for the complexity.
mod common;

use common::Sandbox;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn reference(problem_id: &str, language: &str) -> String {
    let path = format!(
        "{}/crates/prepai-sandbox/problems/{problem_id}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["languages"][language]["reference"]
        .as_str()
        .unwrap()
        .to_string()
}

fn run_coding_interview(language: &str, ext: &str) {
    let sb = Sandbox::new();
    let mut child = sb
        .std_cmd()
        .args([
            "interview",
            "--headless",
            "--type",
            "coding-round",
            "--name",
            "Ada",
            "--json",
            "--language",
            language,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut pending: Option<String> = None;
    let mut results = Vec::new();
    let mut replies = Vec::new();
    let mut session = String::new();
    for line in lines {
        assert!(Instant::now() < deadline, "interview took too long");
        let e: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        match e["type"].as_str().unwrap() {
            "session_started" => session = e["session_id"].as_str().unwrap().to_string(),
            "coding_question" => pending = Some(e["problemId"].as_str().unwrap().to_string()),
            "code_result" => results.push(e.clone()),
            "assistant_complete" => {
                let text = e["text"].as_str().unwrap().to_string();
                replies.push(text.clone());
                let turn = if text.contains("tests pass. What are the time") {
                    "It runs in O(n) time with a hash map, and O(n) space.".to_string()
                } else if text.contains("Go ahead and write it") {
                    let id = pending.take().expect("a problem is in play");
                    let path = sb.dir.path().join(format!("{id}.{ext}"));
                    std::fs::write(&path, reference(&id, language)).unwrap();
                    format!("/code {}", path.display())
                } else {
                    "I would start from a brute force and then use a hash map to make lookups constant time.".to_string()
                };
                if writeln!(stdin, "{turn}").is_err() {
                    break;
                }
            }
            "session_ended" => break,
            _ => {}
        }
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
    assert!(
        !results.is_empty(),
        "no code was run; replies: {replies:#?}"
    );
    for r in &results {
        assert_eq!(r["verdict"], "accepted", "{r}");
        assert!(r["submissionId"].is_string());
        assert!(r["qualityScore"].as_f64().is_some());
    }
    assert!(replies.iter().any(|r| r.contains("tests pass")));
    let subs = sb.json(["code", "submissions", &session]);
    assert_eq!(subs["summary"]["total_submissions"], results.len());
    assert_eq!(subs["summary"]["pass_rate"], 100.0);
}

#[test]
fn python_coding_interview_runs_submissions_in_the_sandbox() {
    run_coding_interview("python", "py");
}

#[test]
fn javascript_coding_interview_runs_submissions_in_the_sandbox() {
    run_coding_interview("javascript", "js");
}
