//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::process::Command;
use std::time::Duration;

use prepai_sandbox::{
    check_isolation, run, Language, Limits, RunReport, SandboxMode, Submission, TestSuite,
};

/// Fails the test unless this host isolates runs (hostile tests must never run unisolated).
pub fn require_isolation() {
    let iso = check_isolation();
    assert!(iso.is_isolated(), "isolation unavailable: {}", iso.reason());
}

/// Runs `code` in the sandbox against the suite given as JSON.
pub fn run_with(
    language: Language,
    code: &str,
    function: &str,
    tests: &str,
    limits: &Limits,
) -> RunReport {
    let sub = Submission {
        language,
        code: code.to_string(),
        function: function.to_string(),
        suite: TestSuite::from_json(tests).expect("test suite JSON"),
    };
    run(&sub, limits, SandboxMode::Isolated).expect("run")
}

/// [`run_with`] under default limits.
pub fn run_default(language: Language, code: &str, function: &str, tests: &str) -> RunReport {
    run_with(language, code, function, tests, &Limits::default())
}

/// Short limits for tests that are meant to hit the time limits.
pub fn short_limits() -> Limits {
    Limits {
        cpu_time: Duration::from_secs(1),
        wall_time: Duration::from_secs(3),
        ..Limits::default()
    }
}

/// A marker unique to this test run, to find stray processes by command line.
pub fn marker(name: &str) -> String {
    let mut b = [0u8; 6];
    getrandom::fill(&mut b).expect("random bytes");
    format!(
        "prepaimark{name}{}",
        b.iter().map(|x| format!("{x:02x}")).collect::<String>()
    )
}

/// Asserts that no process has `marker` in its command line (retrying briefly for the kernel
/// to finish reaping).
pub fn assert_no_process(marker: &str) {
    for _ in 0..50 {
        let out = Command::new("pgrep")
            .args(["-f", marker])
            .output()
            .expect("pgrep");
        if out.stdout.is_empty() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = Command::new("pgrep")
        .args(["-af", marker])
        .output()
        .expect("pgrep");
    panic!(
        "processes outlived the run: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The report as compact JSON text (for searching leaked strings).
pub fn json_text(r: &RunReport) -> String {
    serde_json::to_string(r).expect("report serializes")
}

/// A short description of a report for assertion messages (never the full captured output).
pub fn summary(r: &RunReport) -> String {
    let cut = |s: &str| s.chars().take(300).collect::<String>();
    format!(
        "verdict={} success={} error={:?} results={:?} stdout[..300]={:?} stderr[..300]={:?}",
        r.verdict,
        r.success,
        r.error.as_deref().map(cut),
        r.test_results
            .iter()
            .map(|t| (
                t.passed,
                t.actual.as_ref().map(|a| cut(&a.to_string())),
                t.error.as_deref().map(cut)
            ))
            .collect::<Vec<_>>(),
        cut(&r.stdout),
        cut(&r.stderr)
    )
}
