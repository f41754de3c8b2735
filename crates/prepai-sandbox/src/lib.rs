//! PrepAI's local code runner: runs candidate code against test cases in Python or JavaScript,
//! isolated like a judge system (bubblewrap namespaces, seccomp, cgroup/rlimit limits, empty
//! environment), and returns a judge-style [`RunReport`].
//!
//! ```no_run
//! use prepai_sandbox::{run, Language, Limits, SandboxMode, Submission, TestSuite};
//! let suite = TestSuite::from_json(r#"[{"input": "[[2,7,11,15],9]", "expected": "[0, 1]"}]"#)?;
//! let sub = Submission {
//!     language: Language::from_name("python")?,
//!     code: "def two_sum(nums, target):\n    return [0, 1]\n".into(),
//!     function: "two_sum".into(),
//!     suite,
//! };
//! let report = run(&sub, &Limits::default(), SandboxMode::Isolated)?;
//! println!("{}", serde_json::to_string_pretty(&report).unwrap());
//! # Ok::<(), prepai_sandbox::SandboxError>(())
//! ```
//!
//! # How a run is isolated
//!
//! * **bubblewrap** with new user, pid, network, mount, ipc, uts (and cgroup) namespaces,
//!   `--disable-userns`, `--cap-drop ALL`, `--new-session`, `--die-with-parent`, uid/gid 65534
//!   inside. The filesystem is `/usr` read-only (plus the `/lib*` and `/bin` links, `ld.so.cache`,
//!   and the interpreter's install prefix if it is outside `/usr`), a fresh `/proc`, a minimal
//!   `/dev`, the run's code directory read-only at `/sandbox`, and a size-capped private tmpfs at
//!   `/tmp` (twice the file-size limit) as the working directory. Nothing else of the host exists.
//! * **Empty environment**: only `PATH`, `HOME`, `TMPDIR`, `LANG`, `TZ` are set; host variables
//!   (tokens, AWS keys) never reach the code.
//! * **seccomp** (compiled with `seccompiler`, passed with `--add-seccomp-fd`): `ptrace`,
//!   `mount`, `unshare`, `setns`, `keyctl`, `bpf`, `perf_event_open`, `kexec_*`, module loading,
//!   `clone` with namespace flags… fail with `EPERM`; `clone3` with `ENOSYS`. bwrap sets
//!   `no_new_privs`. See [`blocked_syscalls`].
//! * **Limits** ([`Limits`]): RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_NOFILE, RLIMIT_CORE=0 for every
//!   run; processes and memory through a per-run **cgroup** (v1 `pids`+`memory`, or v2) when one
//!   is writable; otherwise RLIMIT_NPROC with headroom over the uid's current process count —
//!   under the user's own uid, or, for root (which RLIMIT_NPROC never binds), after dropping to
//!   uid/gid 65534 before bubblewrap. Memory: Python gets RLIMIT_AS = the limit (a `MemoryError` becomes
//!   memory_limit_exceeded); node gets `--max-old-space-size` = ¾ of the limit plus the cgroup
//!   limit, and, without a cgroup, RLIMIT_AS = limit + 1 GiB (V8 reserves ~768 MiB of address
//!   space before running anything, so a plain RLIMIT_AS would stop node from starting).
//! * **Supervision**: wall-clock deadline, combined stdout+stderr cap, result-size cap; at the
//!   end the process group and every task of the cgroup are SIGKILLed; the pid namespace dies
//!   with bwrap's init, so nothing outlives a run.
//! * **Results** travel on a private pipe whose lines must carry a per-run random secret; the
//!   candidate's stdout is only captured. Expected values never enter the sandbox: comparison
//!   happens here, so even a forged record could only claim a return value.
#![cfg(target_os = "linux")]

mod cgroup;
mod compare;
mod error;
mod exec;
mod isolation;
mod language;
mod launch;
mod limits;
mod literal;
mod problems;
mod protocol;
mod report;
mod runner;
mod seccomp;
mod suite;

pub use compare::{values_match, DEFAULT_FLOAT_TOLERANCE};
pub use error::SandboxError;
pub use isolation::{check_isolation, IsolationReport, ProcessLimit};
pub use language::{CompileStep, Language, LanguageSpec};
pub use launch::{run_command, CommandOutput};
pub use limits::{Limits, SandboxMode};
pub use problems::{
    problem, problem_bank, problem_bank_errors, problems_by, Complexity, Difficulty, LanguageEntry,
    Problem,
};
pub use report::{RunReport, TestResult, Verdict};
pub use runner::{run, Submission};
pub use seccomp::blocked_syscalls;
pub use suite::{CompareOptions, TestCase, TestInput, TestSuite};
