//! The full-screen interface driven through the real binary in a pseudo-terminal
//! (tmux): start a coding interview, answer questions, open the code pane, write
//! the solution, run its tests in the sandbox, end the interview, see the report,
//! and find the completed session in the store; the same on a `prepai serve`
//! (remote mode), and the clear refusals of a server that is down or a bad token.
mod common;
mod server;

use common::tmux::{sh_quote, Tmux};
use common::Sandbox;
use server::Server;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn problems_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/prepai-sandbox/problems")
}

/// The bank problem whose title is on the screen, with its reference solution.
fn problem_on(screen: &str) -> Option<(String, String)> {
    for entry in std::fs::read_dir(problems_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let title = v["title"].as_str().unwrap_or_default();
        if !title.is_empty() && screen.contains(&format!("Problem: {title}")) {
            let reference = v["languages"]["python"]["reference"].as_str()?.to_string();
            return Some((v["id"].as_str()?.to_string(), reference));
        }
    }
    None
}

fn message_count(sb: &Sandbox) -> u64 {
    let v = sb.json(["sessions", "list"]);
    v.as_array()
        .and_then(|a| a.first())
        .and_then(|s| s["message_count"].as_u64())
        .unwrap_or(0)
}

fn start(sb: &Sandbox, name: &str, args: &str) -> Tmux {
    Tmux::start(sb, name, &[], args)
}

fn wait_dead(tmux: &Tmux) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !tmux.pane_dead() {
        assert!(
            Instant::now() < deadline,
            "prepai did not quit:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn ctrl_c_on_the_home_screen_quits_and_restores_the_terminal() {
    let sb = Sandbox::new();
    let tmux = start(&sb, "home", "");
    tmux.wait("the home screen", 30, |s| {
        s.contains("Interview type") && s.contains("Start interview")
    });
    tmux.keys(&["F1"]);
    tmux.wait("the help", 10, |s| s.contains("run the tests on your code"));
    tmux.keys(&["Escape"]);
    tmux.wait("the help closed", 10, |s| {
        !s.contains("run the tests on your code")
    });
    tmux.keys(&["C-c"]);
    wait_dead(&tmux);
    let after = tmux.screen();
    assert!(
        !after.contains("Interview type"),
        "the alternate screen was left up:\n{after}"
    );
    assert!(
        std::fs::read_to_string(sb.data_dir().join("logs/tui.log")).is_ok(),
        "the log goes to a file"
    );
}

/// Drives a coding interview for Ada through `tmux` to the end: answers, the
/// code pane and its tests, the report, an export into `client`'s data
/// directory and the history; then quits. `store` is the sandbox whose
/// store holds the session (the client's own, or the server's). Returns the
/// session id, checked in that store: completed, with the answers and the run.
fn coding_interview(tmux: &Tmux, client: &Sandbox, store: &Sandbox) -> String {
    let sb = store;
    tmux.wait("the greeting", 60, |s| s.contains("Hi Ada"));

    // Answer until the interviewer hands out a problem (at least two answers).
    let mut answers = 0;
    let screen = loop {
        let s = tmux.screen();
        if answers >= 2 && s.contains("Problem: ") {
            break s;
        }
        assert!(answers < 15, "no problem after {answers} answers:\n{s}");
        let before = message_count(sb);
        tmux.text(
            "I would start from a brute force, then use a hash map for constant time lookups.",
        );
        tmux.keys(&["Enter"]);
        answers += 1;
        let deadline = Instant::now() + Duration::from_secs(30);
        while message_count(sb) < before + 2 {
            assert!(
                Instant::now() < deadline,
                "no reply to answer {answers}:\n{}",
                tmux.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        tmux.wait("the reply on screen", 10, |s| !s.contains("writing…"));
    };
    let (problem, reference) = problem_on(&screen).expect("a bank problem is on the screen");

    // Open the code pane, replace the starter code with the solution, run the tests.
    tmux.keys(&["M-2"]);
    tmux.wait("the code pane focused", 10, |s| {
        s.contains("┏ Code — python")
    });
    tmux.keys(&["PageDown", "End"]);
    tmux.ok(&["send-keys", "-t", "e2e", "-N", "400", "BSpace"]);
    let file = client.dir.path().join(format!("{problem}.py"));
    std::fs::write(&file, &reference).unwrap();
    tmux.ok(&["load-buffer", "-b", "solution", file.to_str().unwrap()]);
    tmux.ok(&["paste-buffer", "-p", "-b", "solution", "-t", "e2e"]);
    let first_line = reference.lines().next().unwrap().trim().to_string();
    tmux.wait("the solution in the editor", 10, |s| {
        s.contains(&first_line)
    });
    tmux.keys(&["F5"]);
    let s = tmux.wait("the test results", 60, |s| {
        s.contains("accepted") && s.contains("✓ #1")
    });
    assert!(!s.contains("✗ #"), "a test failed:\n{s}");
    tmux.wait("the quality metrics", 10, |s| s.contains("Quality"));

    // End the interview: the report comes up.
    tmux.keys(&["F10"]);
    let report = tmux.wait("the report", 60, |s| s.contains("Report — Ada"));
    assert!(report.contains("Problem solving"), "{report}");
    assert!(report.contains("tests passed"), "{report}");

    // Export it (Markdown first), then look at the history.
    tmux.keys(&["C-s"]);
    tmux.wait("the export notice", 20, |s| s.contains("report written to"));
    let exported: Vec<_> = std::fs::read_dir(client.data_dir().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(exported.len(), 1, "{exported:?}");
    let md = std::fs::read_to_string(&exported[0]).unwrap();
    assert!(md.contains("Ada"), "{md}");
    tmux.keys(&["F4"]);
    let history = tmux.wait("the history", 20, |s| {
        s.contains("Trends by type") && s.contains("completed")
    });
    assert!(history.contains("percentile"), "{history}");
    tmux.keys(&["C-q"]);
    wait_dead(tmux);

    // The session is in the store, completed, with the answers and the run.
    let list = sb.json(["sessions", "list"]);
    let id = list[0]["session_id"].as_str().unwrap().to_string();
    let show = sb.json(["sessions", "show", &id]);
    assert_eq!(show["status"], "completed", "{show}");
    assert_eq!(show["candidate_name"], "Ada");
    let said: Vec<&str> = show["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "user")
        .filter_map(|m| m["content"].as_str())
        .collect();
    assert!(said.len() >= 2, "{show}");
    assert!(said[0].contains("hash map"), "{said:?}");
    let subs = sb.json(["code", "submissions", &id]);
    assert_eq!(subs["summary"]["total_passed"], 1, "{subs}");
    id
}

#[test]
fn a_coding_interview_in_the_full_screen_interface() {
    let sb = Sandbox::new();
    let tmux = start(&sb, "coding", "interview --type coding-round --name Ada");
    coding_interview(&tmux, &sb, &sb);
}

/// A `prepai serve` with a token of its own, and the client flags for it.
fn served() -> (Server, String) {
    let server_sb = Sandbox::new();
    let token = Server::token(&server_sb);
    let srv = Server::start_in(server_sb, &[]);
    let flags = format!("--server {} --token {token}", srv.url);
    (srv, flags)
}

#[test]
fn a_coding_interview_in_the_full_screen_interface_on_a_server() {
    let (srv, flags) = served();
    let client = Sandbox::new();
    let tmux = start(
        &client,
        "remote",
        &format!("{flags} interview --type coding-round --name Ada"),
    );
    let id = coding_interview(&tmux, &client, &srv.sb);
    // The session lives on the server only, and its report is the server's.
    let local = client.json(["sessions", "list"]);
    assert_eq!(local.as_array().map(Vec::len), Some(0), "{local}");
    let report = srv.sb.json(["report", &id]);
    assert_eq!(report["candidateName"], "Ada", "{report}");
    let token = flags.split_whitespace().last().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (status, doc) = rt.block_on(
        srv.http()
            .with_token(token)
            .get(&format!("/api/sessions/{id}")),
    );
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["status"], "completed", "{doc}");
}

#[test]
fn the_home_screen_on_a_server_lists_its_sessions() {
    let (srv, flags) = served();
    let token = flags.split_whitespace().last().unwrap();
    // A session created through the API with the same token.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (status, doc) = rt.block_on(srv.http().with_token(token).post(
        "/api/sessions",
        serde_json::json!({"interview_type": "behavioral", "candidate_name": "Grace Hopper"}),
    ));
    assert_eq!(status, 201, "{doc}");
    let client = Sandbox::new();
    let tmux = start(&client, "remote-home", &flags);
    tmux.wait("the server's session on the home screen", 30, |s| {
        s.contains("Start interview") && s.contains("Grace Hopper")
    });
    // Another interviewer cannot be picked remotely: a notice, no crash.
    tmux.text("Ada");
    tmux.keys(&["Tab", "Tab", "Right", "Enter"]);
    tmux.wait("the notice", 20, |s| {
        s.contains("the server chooses the interviewer")
    });
    assert!(!tmux.pane_dead());
    tmux.keys(&["C-q"]);
    wait_dead(&tmux);
}

#[test]
fn a_server_that_is_down_is_a_clear_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let sb = Sandbox::new();
    let url = format!("http://127.0.0.1:{port}");
    for args in [
        vec!["--server", &url],
        vec![
            "--server",
            &url,
            "interview",
            "--type",
            "coding-round",
            "--name",
            "Ada",
        ],
    ] {
        let out = sb.cmd().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(&format!("no PrepAI server answers at {url}")),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = sb.cmd().args(["--server", "not a url"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a server URL"));
}

#[test]
fn a_bad_token_is_refused_before_the_screen_opens() {
    let (srv, _) = served();
    let out = Sandbox::new()
        .cmd()
        .args(["--server", &srv.url, "--token", "not-a-token"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("401"), "{err}");
    assert!(!err.contains("not-a-token"), "the token leaked: {err}");
}

#[test]
fn the_cv_goes_to_the_server_and_a_server_lost_midway_is_shown_not_a_crash() {
    let (srv, flags) = served();
    let client = Sandbox::new();
    let cv = client.dir.path().join("ada.txt");
    std::fs::write(
        &cv,
        "Ada Lovelace\nada@example.com\n\nExperience\nSenior Engineer, Analytical Engines Ltd\n\
         Jan 2019 - Present\nBuilt Rust and Python services on AWS.\n\nSkills\nRust, Python\n",
    )
    .unwrap();
    let tmux = start(
        &client,
        "remote-lost",
        &format!(
            "{flags} interview --type behavioral --name Ada --cv {}",
            sh_quote(&cv)
        ),
    );
    tmux.wait("the greeting", 60, |s| s.contains("Hi Ada"));
    // The CV went to the server with the session.
    let id = srv.sb.json(["sessions", "list"])[0]["session_id"]
        .as_str()
        .unwrap()
        .to_string();
    let token = flags.split_whitespace().last().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (status, doc) = rt.block_on(
        srv.http()
            .with_token(token)
            .get(&format!("/api/interviews/{id}/cv-analysis")),
    );
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["analysis"]["email"], "ada@example.com", "{doc}");
    drop(srv);
    tmux.text("I led the migration and wrote the rollout plan.");
    tmux.keys(&["Enter"]);
    tmux.wait("the lost connection on the status bar", 60, |s| {
        s.contains("the server connection ended")
    });
    assert!(!tmux.pane_dead(), "prepai quit:\n{}", tmux.screen());
    tmux.keys(&["C-q"]);
    wait_dead(&tmux);
}
