//! Helpers shared by the binary's integration tests.
#![allow(dead_code)]

pub mod tmux;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// An isolated home for one test: its own data and config directories.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    pub fn db(&self) -> PathBuf {
        self.data_dir().join("prepai.db")
    }

    /// `prepai` with this sandbox's directories and nothing from the host's config.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("prepai").unwrap();
        c.env_remove("PREPAI_DATA_DIR")
            .env_remove("PREPAI_SERVER")
            .env_remove("PREPAI_TOKEN")
            .env("PREPAI_DATA_DIR", self.data_dir())
            .env("PREPAI_CONFIG_DIR", self.config_dir());
        c
    }

    /// A std Command for spawning long-running children.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("prepai"));
        c.env_remove("PREPAI_SERVER")
            .env_remove("PREPAI_TOKEN")
            .env("PREPAI_DATA_DIR", self.data_dir())
            .env("PREPAI_CONFIG_DIR", self.config_dir());
        c
    }

    /// `prepai interview --headless --type TYPE --name NAME` (add the rest).
    pub fn headless(&self, ty: &str, name: &str) -> Command {
        let mut c = self.cmd();
        c.args(["interview", "--headless", "--type", ty, "--name", name]);
        c
    }

    /// Writes an answers file for a headless interview and returns its path.
    pub fn answers(&self, text: &str) -> PathBuf {
        let p = self.dir.path().join("answers.txt");
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Creates a session and returns its id.
    pub fn create(&self, ty: &str, name: &str) -> String {
        let out = self
            .cmd()
            .args(["sessions", "create", "--type", ty, "--name", name, "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["session_id"].as_str().unwrap().to_string()
    }

    /// Runs `prepai ARGS --json` successfully and parses its output.
    pub fn json<I, S>(&self, args: I) -> serde_json::Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let args: Vec<std::ffi::OsString> =
            args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let out = self.cmd().args(&args).arg("--json").output().unwrap();
        assert!(
            out.status.success(),
            "prepai {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// Reads every message content of a session straight from the database file.
pub fn contents_in_db(db: &Path, session: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT content FROM messages WHERE session_id = ?1 ORDER BY seq")
        .unwrap();
    stmt.query_map([session], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Parses one JSON document per line (`--json` event streams).
pub fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

/// The `type` of each event or message.
pub fn types(events: &[serde_json::Value]) -> Vec<&str> {
    events
        .iter()
        .map(|e| e["type"].as_str().unwrap_or_default())
        .collect()
}

/// Asserts that a command succeeded and parses its stdout as one JSON document.
pub fn ok_json(out: &std::process::Output) -> serde_json::Value {
    assert_ok(out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Asserts that a command succeeded, showing its stderr when it did not.
pub fn assert_ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
