//! `prepai sessions …`: every subcommand and its error cases.
mod common;

use common::Sandbox;
use predicates::prelude::*;

#[test]
fn create_returns_the_original_shape() {
    let sb = Sandbox::new();
    let v = sb.json([
        "sessions",
        "create",
        "--type",
        "google-sde",
        "--name",
        "Ada Lovelace",
    ]);
    assert_eq!(v["interview_type"], "google_sde");
    assert_eq!(v["candidate_name"], "Ada Lovelace");
    assert_eq!(v["status"], "active");
    assert!(uuid_like(v["session_id"].as_str().unwrap()));
    assert!(v["created_at"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn create_accepts_every_web_client_alias() {
    let sb = Sandbox::new();
    for (alias, key) in [
        ("google-sde", "google_sde"),
        ("amazon-sde", "amazon_sde"),
        ("microsoft-sde", "microsoft_sde"),
        ("aws-sa", "aws_solutions_architect"),
        ("azure-sa", "azure_solutions_architect"),
        ("gcp-sa", "gcp_solutions_architect"),
        ("behavioral", "cv_grilling"),
        ("coding-round", "coding_practice"),
        ("google_sde", "google_sde"),
    ] {
        let v = sb.json(["sessions", "create", "--type", alias, "--name", "N"]);
        assert_eq!(v["interview_type"], key, "{alias}");
    }
}

#[test]
fn unknown_type_exits_2_and_lists_valid_types() {
    let sb = Sandbox::new();
    sb.cmd()
        .args([
            "sessions",
            "create",
            "--type",
            "netflix_sde",
            "--name",
            "Ada",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown interview type `netflix_sde`",
        ))
        .stderr(predicate::str::contains("google_sde"))
        .stderr(predicate::str::contains("coding_practice"));
    // Nothing was created.
    assert_eq!(sb.json(["sessions", "list"]).as_array().unwrap().len(), 0);
}

#[test]
fn empty_name_and_missing_flags_are_bad_input() {
    let sb = Sandbox::new();
    sb.cmd()
        .args([
            "sessions",
            "create",
            "--type",
            "google_sde",
            "--name",
            "   ",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("name is empty"));
    sb.cmd()
        .args(["sessions", "create", "--type", "google_sde"])
        .assert()
        .code(2);
    sb.cmd().args(["sessions", "frobnicate"]).assert().code(2);
}

#[test]
fn list_filters_and_tables() {
    let sb = Sandbox::new();
    let a = sb.create("google_sde", "Ada");
    let b = sb.create("behavioral", "Grace");
    sb.cmd().args(["sessions", "end", &b]).assert().success();

    let all = sb.json(["sessions", "list"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[0]["session_id"], b.as_str(), "newest first");

    let active = sb.json(["sessions", "list", "--status", "active"]);
    assert_eq!(active.as_array().unwrap().len(), 1);
    assert_eq!(active[0]["session_id"], a.as_str());

    let by_type = sb.json(["sessions", "list", "--type", "behavioral"]);
    assert_eq!(by_type[0]["session_id"], b.as_str());
    let by_name = sb.json(["sessions", "list", "--candidate", "ADA"]);
    assert_eq!(by_name.as_array().unwrap().len(), 1);
    assert_eq!(
        sb.json(["sessions", "list", "--limit", "1"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    sb.cmd()
        .args(["sessions", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(&a))
        .stdout(predicate::str::contains("Grace"));
    sb.cmd()
        .args(["sessions", "list", "--type", "nope"])
        .assert()
        .code(2);
}

#[test]
fn empty_list_says_how_to_start() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["sessions", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("prepai sessions create"));
}

#[test]
fn append_show_and_transcript_round_trip() {
    let sb = Sandbox::new();
    let id = sb.create("aws-sa", "Ada");
    sb.cmd()
        .args([
            "sessions",
            "append",
            &id,
            "--role",
            "assistant",
            "--content",
            "How would you design a VPC?",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("appended message 1"));
    let ack = sb.json([
        "sessions",
        "append",
        &id,
        "--role",
        "user",
        "--content",
        "Two AZs, public and private subnets.",
    ]);
    assert_eq!(ack["role"], "user");

    let t = sb.json(["sessions", "transcript", &id]);
    assert_eq!(t["session_id"], id.as_str());
    let msgs = t["transcript"].as_array().unwrap();
    assert_eq!(msgs.len(), 2);
    assert_eq!(msgs[0]["role"], "assistant");
    assert_eq!(msgs[1]["content"], "Two AZs, public and private subnets.");
    assert!(msgs[0]["timestamp"].is_string());

    let doc = sb.json(["sessions", "show", &id]);
    for key in [
        "session_id",
        "interview_type",
        "candidate_name",
        "created_at",
        "updated_at",
        "ended_at",
        "status",
        "transcript",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
    assert_eq!(doc["transcript"].as_array().unwrap().len(), 2);
    assert!(doc["ended_at"].is_null());

    sb.cmd()
        .args(["sessions", "transcript", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "assistant: How would you design a VPC?",
        ));
    sb.cmd()
        .args(["sessions", "show", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("aws_solutions_architect"));
}

#[test]
fn ids_can_be_abbreviated() {
    let sb = Sandbox::new();
    let id = sb.create("google_sde", "Ada");
    let doc = sb.json(["sessions", "show", &id[..8]]);
    assert_eq!(doc["session_id"], id.as_str());
}

#[test]
fn append_from_stdin_acknowledges_each_line() {
    let sb = Sandbox::new();
    let id = sb.create("google_sde", "Ada");
    let out = sb
        .cmd()
        .args([
            "sessions", "append", &id, "--role", "user", "--stdin", "--json",
        ])
        .write_stdin("first\n\nsecond\nthird\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let acks: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(acks.len(), 3, "blank lines are skipped");
    assert_eq!(
        common::contents_in_db(&sb.db(), &id),
        ["first", "second", "third"]
    );
}

#[test]
fn append_errors() {
    let sb = Sandbox::new();
    let id = sb.create("google_sde", "Ada");
    sb.cmd()
        .args([
            "sessions",
            "append",
            &id,
            "--role",
            "user",
            "--content",
            "  ",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty"));
    sb.cmd()
        .args([
            "sessions",
            "append",
            &id,
            "--role",
            "interviewer",
            "--content",
            "x",
        ])
        .assert()
        .code(2);
    sb.cmd()
        .args(["sessions", "append", &id, "--role", "user"])
        .assert()
        .code(2);
    sb.cmd()
        .args([
            "sessions",
            "append",
            "00000000-0000-4000-8000-000000000000",
            "--role",
            "user",
            "--content",
            "x",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no session with id"));
}

#[test]
fn end_completes_and_closes_the_transcript() {
    let sb = Sandbox::new();
    let id = sb.create("google_sde", "Ada");
    let v = sb.json(["sessions", "end", &id]);
    assert_eq!(v["status"], "completed");
    assert!(v["ended_at"].is_string());
    assert!(v["duration_seconds"].as_i64().unwrap() >= 0);
    let doc = sb.json(["sessions", "show", &id]);
    assert_eq!(doc["status"], "completed");
    sb.cmd()
        .args(["sessions", "end", &id])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already ended"));
    sb.cmd()
        .args([
            "sessions",
            "append",
            &id,
            "--role",
            "user",
            "--content",
            "late",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("has ended"));
}

#[test]
fn delete_removes_the_session_and_its_messages() {
    let sb = Sandbox::new();
    let id = sb.create("google_sde", "Ada");
    let keep = sb.create("google_sde", "Grace");
    sb.cmd()
        .args([
            "sessions",
            "append",
            &id,
            "--role",
            "user",
            "--content",
            "hello",
        ])
        .assert()
        .success();
    let v = sb.json(["sessions", "delete", &id]);
    assert_eq!(v["deleted"], true);
    assert!(common::contents_in_db(&sb.db(), &id).is_empty());
    sb.cmd().args(["sessions", "show", &id]).assert().code(1);
    sb.cmd().args(["sessions", "delete", &id]).assert().code(1);
    assert_eq!(
        sb.json(["sessions", "show", &keep])["candidate_name"],
        "Grace"
    );
}

#[test]
fn unknown_session_ids_exit_1_everywhere() {
    let sb = Sandbox::new();
    sb.create("google_sde", "Ada");
    for sub in ["show", "transcript", "end", "delete"] {
        sb.cmd()
            .args(["sessions", sub, "ffffffff-ffff-4fff-bfff-ffffffffffff"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("no session with id"));
        sb.cmd()
            .args(["sessions", sub, "not-an-id"])
            .assert()
            .code(1);
    }
}

#[test]
fn corrupt_database_is_reported_and_never_wiped() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.data_dir()).unwrap();
    let junk = b"definitely not a database ".repeat(200);
    std::fs::write(sb.db(), &junk).unwrap();
    sb.cmd()
        .args(["sessions", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("damaged"))
        .stderr(predicate::str::contains("left it untouched"));
    sb.cmd()
        .args([
            "sessions",
            "create",
            "--type",
            "google_sde",
            "--name",
            "Ada",
        ])
        .assert()
        .code(1);
    assert_eq!(std::fs::read(sb.db()).unwrap(), junk);
}

#[test]
fn newer_database_is_reported_and_never_wiped() {
    let sb = Sandbox::new();
    let id = sb.create("google_sde", "Ada");
    rusqlite::Connection::open(sb.db())
        .unwrap()
        .execute_batch("PRAGMA user_version = 42")
        .unwrap();
    sb.cmd()
        .args(["sessions", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("schema version 42"))
        .stderr(predicate::str::contains("upgrade PrepAI"));
    assert_eq!(common::contents_in_db(&sb.db(), &id).len(), 0);
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "the session is still there");
}

#[test]
fn data_dir_flag_beats_the_environment() {
    let sb = Sandbox::new();
    let other = tempfile::tempdir().unwrap();
    sb.cmd()
        .arg("--data-dir")
        .arg(other.path())
        .args([
            "sessions",
            "create",
            "--type",
            "google_sde",
            "--name",
            "Ada",
        ])
        .assert()
        .success();
    assert!(other.path().join("prepai.db").exists());
    assert!(!sb.db().exists());
}

#[test]
fn help_lists_the_commands() {
    let sb = Sandbox::new();
    sb.cmd()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("sessions").and(predicate::str::contains("report")));
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}
