//! Durability and concurrency of the store through the real binary:
//! a SIGKILLed writer loses nothing it acknowledged, and two writers lose nothing.
mod common;

use common::Sandbox;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

#[test]
fn sigkill_loses_no_acknowledged_message() {
    let sb = Sandbox::new();
    let id = sb.create("google_sde", "Crash Test");
    let mut child = sb
        .std_cmd()
        .args([
            "sessions", "append", &id, "--role", "user", "--stdin", "--json",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Feed lines continuously from another thread until the pipe breaks.
    let writer = std::thread::spawn(move || {
        for i in 0..1_000_000u64 {
            if writeln!(stdin, "message {i}").is_err() {
                break;
            }
        }
    });
    let mut acked = Vec::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked.len() < 300 && Instant::now() < deadline {
        let line = lines.next().expect("writer stopped early").unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        acked.push(v["content"].as_str().unwrap().to_string());
    }
    // Kill while it is still appending.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGKILL);
    }
    let status = child.wait().unwrap();
    assert!(!status.success(), "the writer was killed");
    writer.join().unwrap();
    assert!(acked.len() >= 300, "only {} acknowledgements", acked.len());

    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let stored = common::contents_in_db(&sb.db(), &id);
    assert!(stored.len() >= acked.len());
    assert_eq!(
        &stored[..acked.len()],
        &acked[..],
        "every acknowledged message, in order"
    );
    // The count column agrees with the rows.
    let count: i64 = conn
        .query_row(
            "SELECT message_count FROM sessions WHERE id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(count as usize, stored.len());
    // And the binary still opens it.
    let t = sb.json(["sessions", "transcript", &id]);
    assert_eq!(t["transcript"].as_array().unwrap().len(), stored.len());
}

#[test]
fn two_processes_appending_to_different_sessions_lose_nothing() {
    let sb = Sandbox::new();
    let a = sb.create("google_sde", "Writer A");
    let b = sb.create("amazon_sde", "Writer B");
    const N: usize = 400;
    let spawn = |id: &str, tag: &str| {
        let mut child = sb
            .std_cmd()
            .args(["sessions", "append", id, "--role", "user", "--stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let tag = tag.to_string();
        let feeder = std::thread::spawn(move || {
            for i in 0..N {
                writeln!(stdin, "{tag} {i}").unwrap();
            }
        });
        (child, feeder)
    };
    let (mut ca, fa) = spawn(&a, "a");
    let (mut cb, fb) = spawn(&b, "b");
    fa.join().unwrap();
    fb.join().unwrap();
    assert!(ca.wait().unwrap().success());
    assert!(cb.wait().unwrap().success());
    let sa = common::contents_in_db(&sb.db(), &a);
    let sb_ = common::contents_in_db(&sb.db(), &b);
    assert_eq!(sa, (0..N).map(|i| format!("a {i}")).collect::<Vec<_>>());
    assert_eq!(sb_, (0..N).map(|i| format!("b {i}")).collect::<Vec<_>>());
}
