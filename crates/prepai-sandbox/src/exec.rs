//! Spawning the sandbox process and supervising it: limits applied between `fork` and `exec`,
//! one `poll` loop over stdout, stderr, the result channel and a pidfd, caps on captured
//! bytes, the wall-clock deadline, and killing the whole process group.

use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::SandboxError;

/// One resource limit applied with `setrlimit` in the child.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rlimit {
    pub resource: libc::__rlimit_resource_t,
    pub soft: u64,
    pub hard: u64,
}

/// Everything needed to start and supervise one sandboxed process.
pub(crate) struct Spawn {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub env: Vec<(String, String)>,
    pub cwd: PathBuf,
    pub rlimits: Vec<Rlimit>,
    /// Switch to this uid and gid (dropping supplementary groups) before `exec`.
    pub drop_to: Option<u32>,
    /// `cgroup.procs` files the child joins (writes `0` to) before `exec`.
    pub cgroup_procs: Vec<File>,
    /// Descriptors the child inherits at their current numbers (closed here once it started).
    pub inherit: Vec<OwnedFd>,
    pub results: OwnedFd,
    pub wall: Duration,
    pub output_cap: u64,
    pub results_cap: u64,
}

/// How the supervised process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    Code(i32),
    Signal(i32),
}

/// What came out of one supervised run.
#[derive(Debug)]
pub(crate) struct Finished {
    pub exit: Exit,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub results: Vec<u8>,
    pub output_exceeded: bool,
    pub results_exceeded: bool,
    pub wall_exceeded: bool,
    pub elapsed: Duration,
    /// CPU time (user + system) of the process and the descendants it reaped.
    pub cpu_time: Duration,
}

/// An anonymous in-memory file holding `data`, rewound, for a child to read (job, seccomp).
pub(crate) fn memfd_with(name: &str, data: &[u8]) -> Result<File, SandboxError> {
    let cname = std::ffi::CString::new(name)
        .map_err(|e| SandboxError::io("naming a memfd", std::io::Error::other(e)))?;
    // SAFETY: memfd_create with a valid C string; the fd is owned by the File below.
    let fd = unsafe { libc::memfd_create(cname.as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return Err(SandboxError::io(
            "creating a memfd",
            std::io::Error::last_os_error(),
        ));
    }
    // SAFETY: fd was just created and is owned by nobody else.
    let mut file = unsafe { File::from_raw_fd(fd) };
    file.write_all(data)
        .map_err(|e| SandboxError::io("filling a memfd", e))?;
    file.seek(SeekFrom::Start(0))
        .map_err(|e| SandboxError::io("rewinding a memfd", e))?;
    Ok(file)
}

/// A close-on-exec pipe: (read end, write end).
pub(crate) fn pipe() -> Result<(OwnedFd, OwnedFd), SandboxError> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 writes two fds into the array.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(SandboxError::io(
            "creating a pipe",
            std::io::Error::last_os_error(),
        ));
    }
    // SAFETY: both fds were just created and are owned here.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Starts the process described by `spawn`, supervises it to the end and returns what it did.
/// `kill_extra` runs whenever the tree is killed (the per-run cgroup's kill-all).
pub(crate) fn supervise(spawn: Spawn, kill_extra: &dyn Fn()) -> Result<Finished, SandboxError> {
    let mut cmd = Command::new(&spawn.program);
    cmd.args(&spawn.args)
        .env_clear()
        .envs(spawn.env.iter().map(|(k, v)| (k, v)))
        .current_dir(&spawn.cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let rlimits = spawn.rlimits.clone();
    let drop_to = spawn.drop_to;
    let inherit: Vec<RawFd> = spawn.inherit.iter().map(|f| f.as_raw_fd()).collect();
    let procs: Vec<RawFd> = spawn.cgroup_procs.iter().map(|f| f.as_raw_fd()).collect();
    // SAFETY: the closure only makes async-signal-safe syscalls on pre-opened descriptors and
    // plain data captured by value; it allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            for fd in &procs {
                if libc::write(*fd, b"0".as_ptr().cast(), 1) != 1 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            // Everything inherited is close-on-exec except what we pass on purpose.
            libc::syscall(
                libc::SYS_close_range,
                3u32,
                u32::MAX,
                libc::CLOSE_RANGE_CLOEXEC,
            );
            for fd in &inherit {
                if libc::fcntl(*fd, libc::F_SETFD, 0) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            if let Some(id) = drop_to {
                if libc::setgroups(0, std::ptr::null()) != 0
                    || libc::setgid(id) != 0
                    || libc::setuid(id) != 0
                {
                    return Err(std::io::Error::last_os_error());
                }
            }
            for r in &rlimits {
                let lim = libc::rlimit {
                    rlim_cur: r.soft,
                    rlim_max: r.hard,
                };
                if libc::setrlimit(r.resource, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| SandboxError::io_at("starting the sandbox", &spawn.program, e))?;
    drop(spawn.cgroup_procs);
    // The parent's copies must go, or the result pipe would never report end-of-file.
    drop(spawn.inherit);
    let pgid = child.id() as libc::pid_t;
    let kill = || {
        // SAFETY: signals our own child's process group.
        unsafe { libc::killpg(pgid, libc::SIGKILL) };
        kill_extra();
    };
    let stdout = child.stdout.take().map(OwnedFd::from);
    let stderr = child.stderr.take().map(OwnedFd::from);
    let mut streams: Vec<Stream> = [stdout, stderr, Some(spawn.results)]
        .into_iter()
        .flatten()
        .map(Stream::new)
        .collect();
    // SAFETY: pidfd_open on our own child's pid.
    let pidfd = unsafe { libc::syscall(libc::SYS_pidfd_open, pgid, 0) };
    let pidfd = (pidfd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(pidfd as RawFd) });
    let deadline = start + spawn.wall;
    let (mut output_exceeded, mut results_exceeded, mut wall_exceeded) = (false, false, false);
    let mut exited_at: Option<Instant> = None;
    let mut killed = false;
    loop {
        let now = Instant::now();
        if !killed && now >= deadline {
            wall_exceeded = true;
            killed = true;
            kill();
        }
        if exited_at.is_none() {
            let done = match &pidfd {
                Some(_) => false,
                None => exited_unreaped(pgid),
            };
            if done {
                exited_at = Some(now);
            }
        }
        let open: Vec<usize> = (0..streams.len()).filter(|i| !streams[*i].eof).collect();
        if let Some(t) = exited_at {
            // The tree is gone once the sandbox's init exits; allow a moment to drain pipes.
            if open.is_empty() || now.duration_since(t) > Duration::from_millis(250) {
                if !open.is_empty() && !killed {
                    kill();
                }
                break;
            }
        }
        let mut pfds: Vec<libc::pollfd> = open
            .iter()
            .map(|i| libc::pollfd {
                fd: streams[*i].file.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            })
            .collect();
        let watch_pid = exited_at.is_none() && pidfd.is_some();
        if let (true, Some(p)) = (watch_pid, &pidfd) {
            pfds.push(libc::pollfd {
                fd: p.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            });
        }
        let mut timeout = deadline
            .saturating_duration_since(now)
            .as_millis()
            .min(1000) as i32
            + 1;
        if pidfd.is_none() && exited_at.is_none() {
            timeout = timeout.min(2);
        }
        if exited_at.is_some() {
            timeout = timeout.min(20);
        }
        // SAFETY: pfds is a valid array of pollfd of the given length.
        let n = unsafe { libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, timeout) };
        if n < 0 {
            let err = std::io::Error::last_os_error();
            if err.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            kill();
            let _ = reap(pgid);
            return Err(SandboxError::io("waiting for the sandbox", err));
        }
        for (slot, i) in open.iter().enumerate() {
            if pfds[slot].revents != 0 {
                streams[*i].read_some();
            }
        }
        if watch_pid && pfds.last().is_some_and(|p| p.revents != 0) {
            exited_at = Some(Instant::now());
        }
        let output = streams[0].total + streams[1].total;
        if !killed && output > spawn.output_cap {
            output_exceeded = true;
            killed = true;
            kill();
        }
        if !killed && streams[2].total > spawn.results_cap {
            results_exceeded = true;
            killed = true;
            kill();
        }
    }
    // Nothing in the group may outlive the run, whatever happened. Done before reaping, while
    // the leader's pid (the group id) cannot have been reused.
    kill();
    // Reaped with wait4 (not `Child::wait`) for the CPU time of the whole waited-for tree.
    let (exit, cpu_time) = reap(pgid).map_err(|e| SandboxError::io("reaping the sandbox", e))?;
    drop(child);
    let elapsed = start.elapsed();
    let cap = spawn.output_cap as usize;
    let [out, err, res]: [Stream; 3] = streams
        .try_into()
        .map_err(|_| SandboxError::Harness("sandbox pipes were not captured".into()))?;
    let stdout_keep = out.buf.len().min(cap);
    let stderr_keep = err.buf.len().min(cap.saturating_sub(stdout_keep));
    let mut stdout = out.buf;
    stdout.truncate(stdout_keep);
    let mut stderr = err.buf;
    stderr.truncate(stderr_keep);
    Ok(Finished {
        exit,
        stdout,
        stderr,
        results: res.buf,
        output_exceeded,
        results_exceeded,
        wall_exceeded,
        elapsed,
        cpu_time,
    })
}

/// Whether `pid` has exited, without reaping it.
fn exited_unreaped(pid: libc::pid_t) -> bool {
    // SAFETY: waitid writes into a zeroed siginfo_t we own.
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        libc::waitid(
            libc::P_PID,
            pid as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
        ) == 0
            && info.si_pid() != 0
    }
}

/// Waits for `pid`; returns how it ended and the user+system CPU time of it and every
/// descendant it waited for (bwrap's init reaps the sandbox, so that is the whole tree).
fn reap(pid: libc::pid_t) -> std::io::Result<(Exit, Duration)> {
    let mut status = 0;
    // SAFETY: wait4 writes into a zeroed rusage and an int we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    let exit = if libc::WIFEXITED(status) {
        Exit::Code(libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        Exit::Signal(libc::WTERMSIG(status))
    } else {
        Exit::Code(-1)
    };
    Ok((exit, tv(usage.ru_utime) + tv(usage.ru_stime)))
}

/// One captured pipe.
struct Stream {
    file: File,
    buf: Vec<u8>,
    total: u64,
    eof: bool,
}

/// Bytes kept per stream beyond which further output is counted but dropped.
const KEEP_LIMIT: usize = 64 << 20;

impl Stream {
    fn new(fd: OwnedFd) -> Stream {
        // SAFETY: fcntl on a descriptor we own.
        unsafe {
            let flags = libc::fcntl(fd.as_raw_fd(), libc::F_GETFL);
            libc::fcntl(fd.as_raw_fd(), libc::F_SETFL, flags | libc::O_NONBLOCK);
        }
        Stream {
            file: File::from(fd),
            buf: Vec::new(),
            total: 0,
            eof: false,
        }
    }

    fn read_some(&mut self) {
        let mut chunk = [0u8; 65536];
        loop {
            match self.file.read(&mut chunk) {
                Ok(0) => {
                    self.eof = true;
                    return;
                }
                Ok(n) => {
                    self.total += n as u64;
                    if self.buf.len() < KEEP_LIMIT {
                        self.buf.extend_from_slice(&chunk[..n]);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => {
                    self.eof = true;
                    return;
                }
            }
        }
    }
}
