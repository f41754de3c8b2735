//! Starting one program under the sandbox: per-run cgroup, rlimits, seccomp, bubblewrap (or
//! directly, unsandboxed), then supervision. Shared by test runs and [`run_command`].

use std::ffi::OsString;
use std::fs;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::error::SandboxError;
use crate::exec::{memfd_with, pipe, supervise, Exit, Finished, Rlimit, Spawn};
use crate::isolation::{self, check_isolation};
use crate::limits::{Limits, SandboxMode};

/// Address space V8 reserves before running anything (node needs about 768 MiB to start); added
/// to the memory limit when RLIMIT_AS is the only memory bound for node.
pub(crate) const V8_RESERVE: u64 = 1 << 30;

/// One program to start under the limits.
pub(crate) struct Launch<'a> {
    pub mode: SandboxMode,
    /// Host directory shown read-only at `/sandbox` (unsandboxed: the parent of the work dir).
    pub code_dir: &'a Path,
    /// Program and arguments; the program's install prefix is bound into the sandbox.
    pub argv: Vec<OsString>,
    pub limits: &'a Limits,
    /// RLIMIT_AS to apply, if any.
    pub address_space: Option<u64>,
    /// Descriptors the program inherits at their current numbers.
    pub inherit: Vec<OwnedFd>,
    /// Read end of the result channel.
    pub results: OwnedFd,
}

/// What a launch produced.
pub(crate) struct Launched {
    pub finished: Finished,
    pub memory_exhausted: bool,
}

/// Starts `l` and supervises it to the end.
pub(crate) fn launch(l: Launch<'_>) -> Result<Launched, SandboxError> {
    let cgroup = match isolation::cgroup_parents() {
        Some(parents) => Some(parents.create(l.limits.max_processes, l.limits.memory_bytes)?),
        None => None,
    };
    let seccomp = match l.mode {
        SandboxMode::Isolated => crate::seccomp::filter_programs()
            .map_err(|e| SandboxError::IsolationUnavailable { reason: e })?
            .iter()
            .map(|p| memfd_with("prepai-seccomp", p))
            .collect::<Result<Vec<_>, _>>()?,
        SandboxMode::Unsandboxed => Vec::new(),
    };
    let seccomp_fds: Vec<RawFd> = seccomp.iter().map(|f| f.as_raw_fd()).collect();
    let mut inherit = l.inherit;
    inherit.extend(seccomp.into_iter().map(OwnedFd::from));
    let program_path = PathBuf::from(l.argv.first().cloned().unwrap_or_default());
    if l.mode == SandboxMode::Unsandboxed {
        let work = l.code_dir.join("work");
        fs::create_dir_all(&work)
            .map_err(|e| SandboxError::io_at("creating the work dir", &work, e))?;
    }
    let drop_to = isolation::drop_target();
    if let Some(id) = drop_to {
        give_tree(l.code_dir, id)?;
    }
    let (program, args, cwd) = match l.mode {
        SandboxMode::Isolated => {
            let bwrap =
                isolation::bwrap_path().ok_or_else(|| SandboxError::IsolationUnavailable {
                    reason: "bubblewrap (bwrap) is not installed".into(),
                })?;
            let mut args = isolation::bwrap_args(
                l.code_dir,
                &program_path,
                l.limits.file_size_bytes * 2,
                &seccomp_fds,
            );
            args.extend(l.argv);
            (bwrap.to_path_buf(), args, l.code_dir.to_path_buf())
        }
        SandboxMode::Unsandboxed => (
            program_path,
            l.argv.into_iter().skip(1).collect(),
            l.code_dir.join("work"),
        ),
    };
    let spawn = Spawn {
        program,
        args,
        env: isolation::base_env(),
        cwd,
        rlimits: rlimits(l.limits, l.address_space, cgroup.is_some(), drop_to),
        drop_to,
        cgroup_procs: match &cgroup {
            Some(c) => c.procs_files()?,
            None => Vec::new(),
        },
        inherit,
        results: l.results,
        wall: l.limits.wall_time,
        output_cap: l.limits.output_bytes,
        results_cap: (l.limits.output_bytes * 16).max(16 << 20),
    };
    let kill_cgroup = || {
        if let Some(c) = &cgroup {
            c.kill_all();
        }
    };
    let finished = supervise(spawn, &kill_cgroup)?;
    let memory_exhausted = cgroup.as_ref().is_some_and(|c| c.memory_exhausted());
    Ok(Launched {
        finished,
        memory_exhausted,
    })
}

/// Hands the run directory (and what is in it) to `id`, for runs that drop to that uid.
fn give_tree(dir: &Path, id: u32) -> Result<(), SandboxError> {
    let chown = |p: &Path| {
        std::os::unix::fs::chown(p, Some(id), Some(id))
            .map_err(|e| SandboxError::io_at("handing the run directory to the sandbox user", p, e))
    };
    chown(dir)?;
    let entries =
        fs::read_dir(dir).map_err(|e| SandboxError::io_at("listing the run directory", dir, e))?;
    for e in entries.flatten() {
        chown(&e.path())?;
    }
    Ok(())
}

fn rlimits(
    limits: &Limits,
    address_space: Option<u64>,
    cgroup: bool,
    drop_to: Option<u32>,
) -> Vec<Rlimit> {
    let fixed = |resource, value: u64| Rlimit {
        resource,
        soft: value,
        hard: value,
    };
    let cpu = limits.cpu_time.as_millis().div_ceil(1000) as u64;
    let mut out = vec![
        // Soft limit sends SIGXCPU (reported as time_limit_exceeded); hard limit a second later kills.
        Rlimit {
            resource: libc::RLIMIT_CPU,
            soft: cpu,
            hard: cpu + 1,
        },
        fixed(libc::RLIMIT_FSIZE, limits.file_size_bytes),
        fixed(libc::RLIMIT_NOFILE, limits.open_files),
        fixed(libc::RLIMIT_CORE, 0),
    ];
    if let Some(bytes) = address_space {
        out.push(fixed(libc::RLIMIT_AS, bytes));
    }
    if !cgroup {
        // RLIMIT_NPROC counts every process of the uid: allow the current ones plus the budget.
        // SAFETY: getuid has no preconditions.
        let uid = drop_to.unwrap_or_else(|| unsafe { libc::getuid() });
        out.push(fixed(
            libc::RLIMIT_NPROC,
            user_process_count(uid) + limits.max_processes,
        ));
    }
    out
}

/// Number of processes (threads included, as RLIMIT_NPROC counts them) of `uid`.
fn user_process_count(uid: u32) -> u64 {
    let Ok(entries) = fs::read_dir("/proc") else {
        return 0;
    };
    let field = |status: &str, key: &str| -> Option<u64> {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
    };
    entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|e| fs::read_to_string(e.path().join("status")).ok())
        .filter(|s| field(s, "Uid:") == Some(u64::from(uid)))
        .map(|s| field(&s, "Threads:").unwrap_or(1))
        .sum()
}

/// What an arbitrary command did inside the sandbox ([`run_command`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandOutput {
    /// Exit status, when it exited normally (inside the sandbox, 128+N means killed by signal N).
    pub exit_code: Option<i32>,
    /// Signal that killed it, when it was killed directly.
    pub signal: Option<i32>,
    /// Captured stdout (capped with stderr at `Limits::output_bytes`).
    pub stdout: String,
    /// Captured stderr.
    pub stderr: String,
    /// The wall-clock limit was hit.
    pub wall_exceeded: bool,
    /// The output cap was hit.
    pub output_exceeded: bool,
    /// The cgroup memory limit was hit.
    pub memory_exceeded: bool,
    /// Wall-clock duration.
    pub elapsed: Duration,
}

/// Runs an arbitrary program (absolute path first) with an empty private code directory, under
/// the same isolation and limits as a test run. The building block for compile steps; also what
/// the overhead benchmark measures. Refuses like [`crate::run`] when isolation is unavailable.
pub fn run_command(
    argv: &[OsString],
    limits: &Limits,
    mode: SandboxMode,
) -> Result<CommandOutput, SandboxError> {
    limits.validate()?;
    let program = argv
        .first()
        .filter(|p| Path::new(p).is_absolute())
        .ok_or_else(|| {
            SandboxError::InvalidSubmission(
                "the command needs an absolute program path first".into(),
            )
        })?;
    if mode == SandboxMode::Isolated {
        let iso = check_isolation();
        if !iso.is_isolated() {
            return Err(SandboxError::IsolationUnavailable {
                reason: iso.reason(),
            });
        }
    }
    let dir = tempfile::Builder::new()
        .prefix("prepai-cmd-")
        .tempdir()
        .map_err(|e| SandboxError::io("creating the run directory", e))?;
    let (results, results_write) = pipe()?;
    drop(results_write);
    let cgroup_available = isolation::cgroup_parents().is_some();
    let out = launch(Launch {
        mode,
        code_dir: dir.path(),
        argv: std::iter::once(program.clone())
            .chain(argv[1..].iter().cloned())
            .collect(),
        limits,
        address_space: (!cgroup_available).then_some(limits.memory_bytes + V8_RESERVE),
        inherit: Vec::new(),
        results,
    })?;
    let f = out.finished;
    let (exit_code, signal) = match f.exit {
        Exit::Code(c) => (Some(c), None),
        Exit::Signal(s) => (None, Some(s)),
    };
    Ok(CommandOutput {
        exit_code,
        signal,
        stdout: String::from_utf8_lossy(&f.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&f.stderr).into_owned(),
        wall_exceeded: f.wall_exceeded,
        output_exceeded: f.output_exceeded,
        memory_exceeded: out.memory_exhausted,
        elapsed: f.elapsed,
    })
}
