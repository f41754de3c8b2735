//! Headless commands with `--server`: against a `prepai serve` started by the
//! test, they print exactly what the same commands print locally on the
//! server's data; commands without a remote form are refused with exit 2.
mod common;
mod server;

use common::Sandbox;
use server::Server;

/// A server (no auth) whose store holds one completed, reported session and
/// one active session; returns it with (completed id, active id).
fn served() -> (Server, String, String) {
    let srv = Server::start(&["--no-auth"]);
    let sb = &srv.sb;
    let done = sb.create("google_sde", "Ada Lovelace");
    for (role, text) in [
        ("assistant", "Tell me about a hash map."),
        (
            "user",
            "A hash map stores key value pairs in buckets chosen by hashing the key, giving \
             O(1) average lookups; collisions are chained or probed.",
        ),
    ] {
        sb.cmd()
            .args([
                "sessions",
                "append",
                &done,
                "--role",
                role,
                "--content",
                text,
            ])
            .assert()
            .success();
    }
    sb.cmd().args(["sessions", "end", &done]).assert().success();
    let active = sb.create("behavioral", "Grace Hopper");
    (srv, done, active)
}

/// `prepai --server URL ARGS` from an empty sandbox: stdout, stderr, exit code.
fn remote(srv: &Server, args: &[&str]) -> (String, String, i32) {
    let out = Sandbox::new()
        .cmd()
        .args(["--server", &srv.url])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// `prepai ARGS` on the server's own data directory.
fn local(srv: &Server, args: &[&str]) -> (String, String, i32) {
    let out = srv.sb.cmd().args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// Asserts that `args` succeed and print the same remotely and locally.
fn same(srv: &Server, args: &[&str]) -> String {
    let (r_out, r_err, r_code) = remote(srv, args);
    let (l_out, l_err, l_code) = local(srv, args);
    assert_eq!(r_code, 0, "remote {args:?}: {r_err}");
    assert_eq!(l_code, 0, "local {args:?}: {l_err}");
    assert_eq!(r_out, l_out, "{args:?} differs");
    r_out
}

#[test]
fn sessions_print_the_same_remotely() {
    let (srv, done, active) = served();
    let listed = same(&srv, &["sessions", "list", "--json"]);
    assert!(listed.contains(&done) && listed.contains(&active));
    same(&srv, &["sessions", "list"]);
    let only = same(&srv, &["sessions", "list", "--status", "active", "--json"]);
    assert!(only.contains(&active) && !only.contains(&done));
    same(
        &srv,
        &["sessions", "list", "--type", "google-sde", "--json"],
    );
    for verb in ["show", "transcript"] {
        let shown = same(&srv, &["sessions", verb, &done, "--json"]);
        assert!(shown.contains("hash map"), "{shown}");
        same(&srv, &["sessions", verb, &done]);
        // A unique prefix works remotely too.
        same(&srv, &["sessions", verb, &done[..8]]);
    }
    // An unknown session fails the same way (exit 1) remotely and locally.
    for id in ["00000000-0000-4000-8000-000000000000", "ffffffff"] {
        let (_, err, code) = remote(&srv, &["sessions", "show", id]);
        assert!(err.contains("no session"), "{err}");
        assert_eq!(code, local(&srv, &["sessions", "show", id]).2, "{err}");
        assert_eq!(code, 1, "{err}");
    }
}

#[test]
fn reports_render_the_same_remotely() {
    let (srv, done, active) = served();
    let json = same(&srv, &["report", &done, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["overallScore"].is_number(), "{v}");
    same(&srv, &["report", &done]);
    same(&srv, &["report", &done, "-f", "html"]);

    let pdf = srv.sb.dir.path().join("remote.pdf");
    let (_, err, code) = remote(
        &srv,
        &["report", &done, "-f", "pdf", "-o", pdf.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    let (_, r_err, r_code) = remote(&srv, &["report", &active]);
    let (_, l_err, l_code) = local(&srv, &["report", &active]);
    assert_eq!((r_code, l_code), (2, 2));
    assert_eq!(r_err, l_err);
}

#[test]
fn ending_remotely_reports_like_ending_locally() {
    let (srv, _, active) = served();
    let (out, err, code) = remote(&srv, &["sessions", "end", &active, "--json"]);
    assert_eq!(code, 0, "{err}");
    let ended: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(ended["status"], "completed");
    assert_eq!(ended["session_id"], active.as_str());
    // The stored report is the one the server made.
    let report = srv.sb.json(["report", &active]);
    assert_eq!(ended["overall_score"], report["overallScore"]);
    assert_eq!(ended["recommendation"], report["recommendation"]);
    let (out, err, code) = remote(&srv, &["sessions", "end", &active]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(&format!("Ended session {active}")), "{out}");
}

#[test]
fn analytics_print_the_same_remotely() {
    let (srv, _, _) = served();
    // The server stores the report on first request, as `report` does locally.
    same(&srv, &["analytics", "aggregate", "--json"]);
    for args in [
        &["analytics", "aggregate"][..],
        &["analytics", "benchmarks", "google-sde"],
        &["analytics", "trends", "--days", "7"],
        &["analytics", "history", "ada lovelace"],
    ] {
        same(&srv, args);
        let mut json = args.to_vec();
        json.push("--json");
        same(&srv, &json);
    }
    let (_, err, code) = remote(&srv, &["analytics", "benchmarks", "no-such-type"]);
    assert_eq!(code, 2, "{err}");
}

/// Tests of an adding `solution(a, b)`.
const ADD_TESTS: &str = r#"[{"args": [2, 3], "expected": 5}, {"args": [1, 1], "expected": 2}]"#;
/// Passes [`ADD_TESTS`].
const GOOD: &str = "def solution(a, b):\n    return a + b\n";
/// Fails them.
const BAD: &str = "def solution(a, b):\n    return a - b\n";

/// Writes `text` to `name` in the server's sandbox; its path.
fn put(srv: &Server, name: &str, text: &str) -> String {
    let path = srv.sb.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn code_submissions_print_the_same_remotely() {
    let (srv, done, active) = served();
    let tests = put(&srv, "tests.json", ADD_TESTS);
    for (name, body) in [("bad.py", BAD), ("good.py", GOOD)] {
        let file = put(&srv, name, body);
        let (_, err, code) = local(
            &srv,
            &[
                "code",
                "run",
                &file,
                "--tests",
                &tests,
                "--session",
                &active,
            ],
        );
        assert_eq!(code, 0, "{err}");
    }
    let json = same(&srv, &["code", "submissions", &active, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["summary"]["total_submissions"], 2);
    assert_eq!(v["summary"]["total_passed"], 1);
    let table = same(&srv, &["code", "submissions", &active[..8]]);
    assert!(table.contains("2 submissions, 1 passed"), "{table}");
    let none = same(&srv, &["code", "submissions", &done]);
    assert!(none.starts_with("No submissions"), "{none}");
}

/// A run's JSON without what varies between runs (timings, the submission id).
fn without_timings(mut v: serde_json::Value) -> serde_json::Value {
    match &mut v {
        serde_json::Value::Object(o) => {
            for k in ["executionTime", "timeMs", "submissionId"] {
                o.remove(k);
            }
            for x in o.values_mut() {
                *x = without_timings(x.take());
            }
        }
        serde_json::Value::Array(a) => {
            for x in a.iter_mut() {
                *x = without_timings(x.take());
            }
        }
        _ => {}
    }
    v
}

#[test]
fn code_runs_on_the_server_like_locally() {
    let (srv, _, active) = served();
    let (f, t) = (
        &put(&srv, "bad.py", BAD),
        &put(&srv, "tests.json", ADD_TESTS),
    );
    let args = ["code", "run", f, "--tests", t, "--json"];
    let (r_out, r_err, r_code) = remote(&srv, &args);
    let (l_out, l_err, l_code) = local(&srv, &args);
    assert_eq!((r_code, l_code), (0, 0), "{r_err} {l_err}");
    let r: serde_json::Value = serde_json::from_str(&r_out).unwrap();
    let l: serde_json::Value = serde_json::from_str(&l_out).unwrap();
    assert_eq!(r["allTestsPassed"], false);
    assert_eq!(r["testResults"].as_array().unwrap().len(), 2);
    assert_eq!(without_timings(r), without_timings(l));

    // With a session (abbreviated) the run is recorded on the server.
    let (out, err, code) = remote(
        &srv,
        &["code", "run", f, "--tests", t, "--session", &active[..8]],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("0/2 tests passed") && out.contains("recorded as submission"),
        "{out}"
    );
    let subs = srv.sb.json(["code", "submissions", &active]);
    assert_eq!(subs["summary"]["total_submissions"], 1);

    let (_, err, code) = remote(&srv, &["code", "run", f, "--tests", t, "--cpu-time", "1"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("server's sandbox"), "{err}");
}

#[test]
fn commands_without_a_remote_form_are_refused() {
    let srv = Server::start(&["--no-auth"]);
    for args in [
        &["tokens", "list"][..],
        &["kb", "search", "hash map"],
        &["sessions", "delete", "abcd"],
        &["analytics", "rank", "abcd"],
        &["code", "problems"],
        &["types"],
    ] {
        let (_, err, code) = remote(&srv, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("sessions create|list|show|transcript|end")
                && err.contains("without --server"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_token_sees_only_its_own_sessions_remotely() {
    let sb = Sandbox::new();
    let token = Server::token(&sb);
    let srv = Server::start_in(sb, &[]);
    let local_only = srv.sb.create("google_sde", "Local Person");
    let with_token = |args: &[&str]| {
        let mut full = vec!["--token", token.as_str()];
        full.extend_from_slice(args);
        remote(&srv, &full)
    };
    let (out, err, code) = with_token(&["sessions", "list", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap(),
        serde_json::json!([])
    );
    let (_, err, code) = with_token(&["sessions", "show", &local_only]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("another API token") && !err.contains(&token),
        "{err}"
    );
    let (_, err, code) = remote(&srv, &["sessions", "list"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("401"), "{err}");
}
