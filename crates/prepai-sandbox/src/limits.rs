//! Resource limits for one run, and whether to isolate it.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::SandboxError;

/// Resource limits applied to one run (all tests of a submission share them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Limits {
    /// CPU time per process (RLIMIT_CPU, rounded up to whole seconds). Default 2 s.
    pub cpu_time: Duration,
    /// Wall-clock time for the whole run; the process tree is killed after it. Default 5 s.
    pub wall_time: Duration,
    /// Memory in bytes: cgroup memory limit when available, RLIMIT_AS for Python,
    /// V8 heap limit for node. Default 256 MiB.
    pub memory_bytes: u64,
    /// Maximum number of processes/threads (cgroup pids.max, or RLIMIT_NPROC headroom). Default 64.
    pub max_processes: u64,
    /// Cap on captured stdout + stderr together; exceeding it ends the run. Default 1 MiB.
    pub output_bytes: u64,
    /// Largest file the code may write (RLIMIT_FSIZE); also sizes the private /tmp. Default 16 MiB.
    pub file_size_bytes: u64,
    /// Maximum open file descriptors (RLIMIT_NOFILE). Default 64.
    pub open_files: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            cpu_time: Duration::from_secs(2),
            wall_time: Duration::from_secs(5),
            memory_bytes: 256 << 20,
            max_processes: 64,
            output_bytes: 1 << 20,
            file_size_bytes: 16 << 20,
            open_files: 64,
        }
    }
}

impl Limits {
    /// Checks that every limit is in a range the sandbox can enforce.
    pub fn validate(&self) -> Result<(), SandboxError> {
        let bad = |name, message: &str| {
            Err(SandboxError::InvalidLimit {
                name,
                message: message.to_string(),
            })
        };
        if self.cpu_time.is_zero() || self.cpu_time > Duration::from_secs(600) {
            return bad("cpuTime", "must be between 1 ms and 600 s");
        }
        if self.wall_time.is_zero() || self.wall_time > Duration::from_secs(600) {
            return bad("wallTime", "must be between 1 ms and 600 s");
        }
        if self.memory_bytes < 32 << 20 {
            return bad(
                "memoryBytes",
                "must be at least 32 MiB (interpreters need it to start)",
            );
        }
        if !(4..=4096).contains(&self.max_processes) {
            return bad(
                "maxProcesses",
                "must be between 4 and 4096 (the sandbox itself needs a few)",
            );
        }
        if self.output_bytes == 0 {
            return bad("outputBytes", "must be positive");
        }
        if self.file_size_bytes == 0 {
            return bad("fileSizeBytes", "must be positive");
        }
        if !(16..=65_536).contains(&self.open_files) {
            return bad("openFiles", "must be between 16 and 65536");
        }
        Ok(())
    }
}

/// Whether a run is isolated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SandboxMode {
    /// Isolate with bubblewrap, seccomp and cgroups; refuse to run if the host cannot.
    #[default]
    Isolated,
    /// Run the interpreter directly (only limits, empty environment, private temp dir).
    /// Only for hosts without isolation support, on explicit request (CLI `--no-sandbox`).
    Unsandboxed,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_spec_and_validate() {
        let l = Limits::default();
        assert_eq!(l.cpu_time, Duration::from_secs(2));
        assert_eq!(l.wall_time, Duration::from_secs(5));
        assert_eq!(l.memory_bytes, 256 * 1024 * 1024);
        assert_eq!((l.max_processes, l.open_files), (64, 64));
        assert_eq!((l.output_bytes, l.file_size_bytes), (1 << 20, 16 << 20));
        l.validate().unwrap();
        let bad = Limits {
            max_processes: 1,
            ..Limits::default()
        };
        assert!(bad
            .validate()
            .unwrap_err()
            .to_string()
            .contains("maxProcesses"));
    }
}
