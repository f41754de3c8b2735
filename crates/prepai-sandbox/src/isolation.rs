//! Whether this host can isolate candidate code, and the bubblewrap command line that does it.
//!
//! The sandbox gets new user, pid, network, mount, ipc, uts (and cgroup, where possible)
//! namespaces; a read-only view of `/usr` (plus `/lib*` links and the interpreter if it lives
//! elsewhere); a fresh `/proc` and minimal `/dev`; the run's code directory read-only at
//! `/sandbox`; a size-capped private tmpfs at `/tmp` (the working directory); no capabilities;
//! no new privileges; the seccomp filters; and `--die-with-parent` so it never outlives us.

use std::ffi::OsString;
use std::os::fd::RawFd;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use serde::Serialize;

use crate::cgroup::{CgroupParents, CgroupVersion};

/// Where the run's code directory appears inside the sandbox.
pub(crate) const CODE_DIR: &str = "/sandbox";
/// The private writable working directory inside the sandbox.
pub(crate) const WORK_DIR: &str = "/tmp";

/// How the process-count limit is enforced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcessLimit {
    /// A per-run cgroup v1 `pids` (and `memory`) hierarchy.
    CgroupV1,
    /// A per-run cgroup v2 group with `pids` and `memory`.
    CgroupV2,
    /// RLIMIT_NPROC under the (non-root) user's own uid; memory via RLIMIT_AS / V8 heap cap.
    Nproc,
    /// Root without a writable cgroup: the sandbox drops to uid/gid 65534 (`nobody`) before
    /// bubblewrap so RLIMIT_NPROC binds it (RLIMIT_NPROC never binds root); memory as for `Nproc`.
    NobodyNproc,
}

/// The unprivileged uid/gid root drops to when no cgroup can hold the limits.
pub(crate) const NOBODY: u32 = 65534;

/// The outcome of [`check_isolation`].
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IsolationReport {
    /// Path of `bwrap`, if found on PATH.
    pub bwrap: Option<PathBuf>,
    /// Whether a probe sandbox (all namespaces + seccomp) started and exited cleanly.
    pub namespaces: bool,
    /// How process and memory limits are enforced.
    pub process_limit: ProcessLimit,
    /// Problems found; empty when the host can isolate.
    pub problems: Vec<String>,
}

impl IsolationReport {
    /// Whether runs can be isolated on this host.
    pub fn is_isolated(&self) -> bool {
        self.problems.is_empty()
    }

    /// The problems as one sentence.
    pub fn reason(&self) -> String {
        self.problems.join("; ")
    }
}

/// Checks (once per process, then cached) whether this host can isolate runs: bubblewrap present,
/// namespaces and the seccomp filter accepted (by starting a probe sandbox), and a way to enforce
/// the process limit.
pub fn check_isolation() -> &'static IsolationReport {
    static REPORT: OnceLock<IsolationReport> = OnceLock::new();
    REPORT.get_or_init(probe)
}

/// The cgroup parents for per-run groups, if any (detected once).
pub(crate) fn cgroup_parents() -> Option<&'static CgroupParents> {
    static PARENTS: OnceLock<Option<CgroupParents>> = OnceLock::new();
    PARENTS
        .get_or_init(|| CgroupParents::detect().ok())
        .as_ref()
}

pub(crate) fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// How the process limit is enforced on this host.
pub(crate) fn process_limit() -> ProcessLimit {
    match cgroup_parents().map(CgroupParents::version) {
        Some(CgroupVersion::V1) => ProcessLimit::CgroupV1,
        Some(CgroupVersion::V2) => ProcessLimit::CgroupV2,
        None if is_root() => ProcessLimit::NobodyNproc,
        None => ProcessLimit::Nproc,
    }
}

pub(crate) fn bwrap_path() -> Option<&'static Path> {
    static BWRAP: OnceLock<Option<PathBuf>> = OnceLock::new();
    BWRAP.get_or_init(|| which::which("bwrap").ok()).as_deref()
}

fn probe() -> IsolationReport {
    let mut problems = Vec::new();
    let bwrap = bwrap_path().map(Path::to_path_buf);
    let process_limit = process_limit();
    let namespaces = match &bwrap {
        None => {
            problems.push("bubblewrap (bwrap) is not installed or not on PATH".into());
            false
        }
        Some(_) => match probe_sandbox() {
            Ok(()) => true,
            Err(e) => {
                problems.push(format!("a probe sandbox failed: {e}"));
                false
            }
        },
    };
    IsolationReport {
        bwrap,
        namespaces,
        process_limit,
        problems,
    }
}

/// Runs `true` inside a sandbox built exactly like a real run's.
fn probe_sandbox() -> Result<(), String> {
    let bwrap = bwrap_path().ok_or("bwrap missing")?;
    let truth = which::which("true").map_err(|e| format!("`true` not found: {e}"))?;
    let truth = std::fs::canonicalize(&truth).map_err(|e| e.to_string())?;
    let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
    let drop_to = drop_target();
    if let Some(id) = drop_to {
        std::os::unix::fs::chown(dir.path(), Some(id), Some(id))
            .map_err(|e| format!("chown temp dir: {e}"))?;
    }
    let programs = crate::seccomp::filter_programs()?;
    let memfds = programs
        .iter()
        .map(|p| crate::exec::memfd_with("prepai-seccomp", p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    use std::os::fd::AsRawFd;
    let fds: Vec<RawFd> = memfds.iter().map(|f| f.as_raw_fd()).collect();
    let mut args = bwrap_args(dir.path(), &truth, 1 << 20, &fds);
    let inherit = memfds.into_iter().map(std::os::fd::OwnedFd::from).collect();
    args.push(truth.into_os_string());
    let (results_read, _results_write) = crate::exec::pipe().map_err(|e| e.to_string())?;
    let spawn = crate::exec::Spawn {
        program: bwrap.to_path_buf(),
        args,
        env: base_env(),
        cwd: dir.path().to_path_buf(),
        rlimits: Vec::new(),
        drop_to,
        cgroup_procs: Vec::new(),
        inherit,
        results: results_read,
        wall: Duration::from_secs(10),
        output_cap: 64 << 10,
        results_cap: 64 << 10,
    };
    drop(_results_write);
    let done = crate::exec::supervise(spawn, &|| {}).map_err(|e| e.to_string())?;
    match done.exit {
        crate::exec::Exit::Code(0) => Ok(()),
        other => Err(format!(
            "bwrap ended with {other:?}: {}",
            String::from_utf8_lossy(&done.stderr).trim()
        )),
    }
}

/// The uid/gid to switch to before starting the sandbox, if any.
pub(crate) fn drop_target() -> Option<u32> {
    (process_limit() == ProcessLimit::NobodyNproc).then_some(NOBODY)
}

/// The environment given to sandboxed programs: nothing from the host.
pub(crate) fn base_env() -> Vec<(String, String)> {
    [
        ("PATH", "/usr/local/bin:/usr/bin:/bin"),
        ("HOME", WORK_DIR),
        ("TMPDIR", WORK_DIR),
        ("LANG", "C.UTF-8"),
        ("TZ", "UTC"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// bubblewrap options for a run whose code directory is `code_dir`, interpreted by `interpreter`;
/// the caller appends the command (argv) to run.
pub(crate) fn bwrap_args(
    code_dir: &Path,
    interpreter: &Path,
    tmp_bytes: u64,
    seccomp_fds: &[RawFd],
) -> Vec<OsString> {
    let os = |items: &[&str]| items.iter().map(OsString::from).collect::<Vec<_>>();
    let mut a: Vec<OsString> = os(&[
        "--unshare-user",
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--disable-userns",
        "--uid",
        "65534",
        "--gid",
        "65534",
        "--hostname",
        "prepai-sandbox",
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--ro-bind",
        "/usr",
        "/usr",
    ]);
    for top in ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"] {
        let p = Path::new(top);
        match std::fs::read_link(p) {
            Ok(target) => {
                a.push("--symlink".into());
                a.push(target.into_os_string());
                a.push(top.into());
            }
            Err(_) if p.is_dir() => {
                a.extend(["--ro-bind".into(), top.into(), top.into()]);
            }
            Err(_) => {}
        }
    }
    for etc in [
        "/etc/ld.so.cache",
        "/etc/ld.so.conf",
        "/etc/localtime",
        "/etc/alternatives",
    ] {
        a.extend(["--ro-bind-try".into(), etc.into(), etc.into()]);
    }
    if !interpreter.starts_with("/usr") {
        // An interpreter outside /usr (nvm, pyenv…): bind its install prefix (…/bin/..) read-only.
        let prefix = interpreter
            .parent()
            .filter(|d| d.file_name().is_some_and(|n| n == "bin"))
            .and_then(Path::parent)
            .unwrap_or(interpreter);
        a.extend(["--ro-bind".into(), prefix.into(), prefix.into()]);
    }
    a.extend(os(&[
        "--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size",
    ]));
    a.push(tmp_bytes.to_string().into());
    a.extend(["--tmpfs".into(), WORK_DIR.into()]);
    a.extend(["--ro-bind".into(), code_dir.into(), CODE_DIR.into()]);
    a.extend(["--chdir".into(), WORK_DIR.into()]);
    for fd in seccomp_fds {
        a.extend(["--add-seccomp-fd".into(), fd.to_string().into()]);
    }
    a.push("--".into());
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bwrap_command_line_isolates_everything() {
        let args = bwrap_args(
            Path::new("/tmp/run"),
            Path::new("/usr/bin/python3"),
            1 << 20,
            &[7, 8],
        );
        let text: Vec<String> = args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        for flag in [
            "--unshare-user",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-ipc",
            "--unshare-uts",
            "--die-with-parent",
            "--new-session",
            "--disable-userns",
        ] {
            assert!(text.iter().any(|a| a == flag), "missing {flag}");
        }
        let joined = text.join(" ");
        assert!(joined.contains("--cap-drop ALL"));
        assert!(joined.contains("--ro-bind /usr /usr"));
        assert!(joined.contains("--ro-bind /tmp/run /sandbox"));
        assert!(joined.contains("--add-seccomp-fd 7 --add-seccomp-fd 8"));
        assert!(
            !joined.contains("--bind /"),
            "no writable host bind: {joined}"
        );
        assert_eq!(text.last().map(String::as_str), Some("--"));
        let env: Vec<String> = base_env().into_iter().map(|(k, _)| k).collect();
        assert_eq!(env, ["PATH", "HOME", "TMPDIR", "LANG", "TZ"]);
    }
}
