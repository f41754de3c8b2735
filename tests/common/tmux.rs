//! A tmux server of a test's own, driving the real `prepai` binary in a
//! 160×48 pseudo-terminal (the full-screen interface's end-to-end tests).

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use super::Sandbox;

/// A tmux server on its own socket with one pane, `e2e`; killed when dropped.
pub struct Tmux {
    socket: String,
}

/// `p` quoted for `sh`.
pub fn sh_quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

impl Tmux {
    /// Runs `prepai args` on `sb`'s data and config directories, with the
    /// extra environment `env` (e.g. `HOME`), in a new 160×48 pane that stays
    /// up after the program exits.
    pub fn start(sb: &Sandbox, name: &str, env: &[(&str, &Path)], args: &str) -> Tmux {
        let tmux = Tmux {
            socket: format!("prepai-e2e-{name}-{}", std::process::id()),
        };
        let extra: String = env
            .iter()
            .map(|(k, v)| format!("{k}={} ", sh_quote(v)))
            .collect();
        let cmd = format!(
            "env {extra}PREPAI_DATA_DIR={} PREPAI_CONFIG_DIR={} {} {args}",
            sh_quote(&sb.data_dir()),
            sh_quote(&sb.config_dir()),
            sh_quote(&assert_cmd::cargo::cargo_bin("prepai")),
        );
        tmux.ok(&[
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            "160",
            "-y",
            "48",
            &cmd,
        ]);
        tmux.ok(&["set-option", "-t", "e2e", "remain-on-exit", "on"]);
        tmux
    }

    /// Runs a tmux command on this server.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux is installed (scripts/setup.sh installs it)")
    }

    /// Runs a tmux command that must succeed.
    pub fn ok(&self, args: &[&str]) {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The pane's text; wrapped lines are joined, so long messages can be
    /// searched whole.
    pub fn screen(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-J", "-t", "e2e"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sends keys by their tmux names (`Enter`, `F5`, `C-q`).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.ok(&args);
    }

    /// Types `text` literally.
    pub fn text(&self, text: &str) {
        self.ok(&["send-keys", "-t", "e2e", "-l", text]);
    }

    /// Waits until the screen satisfies `pred`; fails with the screen otherwise.
    pub fn wait(&self, what: &str, secs: u64, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "waiting for {what}; the screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Whether tmux has marked the pane's program as exited.
    pub fn pane_dead(&self) -> bool {
        let out = self.run(&["list-panes", "-t", "e2e", "-F", "#{pane_dead}"]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    /// Waits until the program in the pane has exited. Its process is watched
    /// directly: tmux may leave it unreaped for a while, so the pane is not
    /// always marked dead at once.
    pub fn wait_exited(&self, secs: u64) {
        let out = self.run(&["list-panes", "-t", "e2e", "-F", "#{pane_pid}"]);
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // The state follows the command name in parentheses.
            let state = stat
                .rsplit(')')
                .next()
                .and_then(|r| r.split_whitespace().next());
            if matches!(state, None | Some("Z") | Some("X")) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "prepai did not end:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}
