//! The full-screen interface's command-line checks, without a terminal.
mod common;

use common::Sandbox;
use predicates::str::contains;

#[test]
fn without_a_terminal_the_interface_asks_for_headless() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["interview", "--type", "google-sde", "--name", "Ada"])
        .assert()
        .code(2)
        .stderr(contains("needs a terminal"))
        .stderr(contains("--headless"));
    sb.cmd()
        .assert()
        .code(2)
        .stderr(contains("needs a terminal"));
}

#[test]
fn bad_agents_and_voice_in_the_interface_are_bad_input() {
    let sb = Sandbox::new();
    sb.cmd()
        .args([
            "interview",
            "-t",
            "google-sde",
            "-n",
            "Ada",
            "--agent",
            "gpt",
        ])
        .assert()
        .code(2);
    sb.cmd()
        .args(["interview", "-t", "google-sde", "-n", "Ada", "--voice"])
        .assert()
        .code(2)
        .stderr(contains("needs a terminal"));
}
