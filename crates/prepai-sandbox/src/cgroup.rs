//! Per-run cgroups: a `pids` limit (fork bombs) and a `memory` limit, on cgroup v1 (separate
//! `pids` and `memory` hierarchies) or v2 (unified, when both controllers are delegated to us).
//!
//! The run's cgroup is created under the cgroup this process already lives in, the sandbox
//! joins it before `exec` (so nothing it starts escapes), and dropping the guard kills every
//! task left in it. Creating and removing cgroups costs several milliseconds, so emptied groups
//! go back to a small per-process pool and are reused (limits rewritten, counters re-based);
//! the pool is removed at process exit, and groups left by dead processes are swept on startup.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};
use std::time::Duration;

use crate::error::SandboxError;

/// Which cgroup layout a run cgroup uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CgroupVersion {
    /// Legacy hierarchies: one directory per controller.
    V1,
    /// Unified hierarchy.
    V2,
}

/// Where new per-run cgroups can be created on this host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CgroupParents {
    version: CgroupVersion,
    pids: PathBuf,
    memory: PathBuf,
}

/// A live per-run cgroup (one directory per controller on v1; one shared directory on v2).
#[derive(Debug)]
pub(crate) struct RunCgroup {
    version: CgroupVersion,
    dirs: Vec<PathBuf>,
    memory_dir: PathBuf,
    memory_bytes: u64,
    /// OOM-kill count when this run started (pooled groups keep their history).
    oom_baseline: u64,
}

/// Emptied run cgroups kept for reuse.
static POOL: Mutex<Vec<RunCgroup>> = Mutex::new(Vec::new());
/// Emptied run cgroups still charged with unreaped tasks, removed once drained.
static GRAVEYARD: Mutex<Vec<RunCgroup>> = Mutex::new(Vec::new());

/// Removes the parked groups that have drained; keeps the rest for later.
fn sweep_graveyard() {
    let mut graves = GRAVEYARD.lock().unwrap_or_else(|e| e.into_inner());
    let (done, waiting): (Vec<RunCgroup>, Vec<RunCgroup>) = std::mem::take(&mut *graves)
        .into_iter()
        .partition(RunCgroup::pids_drained);
    *graves = waiting;
    drop(graves);
    for g in done {
        g.remove();
    }
}
/// Most groups kept in the pool.
const POOL_SIZE: usize = 4;
/// Name prefix of every run cgroup (followed by the owning pid).
const PREFIX: &str = "prepai-";

impl CgroupParents {
    /// Finds writable `pids` and `memory` parents for this process, or explains why there are none.
    pub fn detect() -> Result<CgroupParents, String> {
        let own = fs::read_to_string("/proc/self/cgroup")
            .map_err(|e| format!("cannot read /proc/self/cgroup: {e}"))?;
        let mounts = fs::read_to_string("/proc/self/mountinfo")
            .map_err(|e| format!("cannot read /proc/self/mountinfo: {e}"))?;
        let v1 = |controller: &str| -> Option<PathBuf> {
            let rel = own.lines().find_map(|l| {
                let mut parts = l.splitn(3, ':');
                let (_, ctrls, path) = (parts.next()?, parts.next()?, parts.next()?);
                ctrls
                    .split(',')
                    .any(|c| c == controller)
                    .then(|| path.to_string())
            })?;
            let dir = mount_path(&mounts, "cgroup", Some(controller), &rel)?;
            writable_dir(&dir).then_some(dir)
        };
        if let (Some(pids), Some(memory)) = (v1("pids"), v1("memory")) {
            return Ok(CgroupParents {
                version: CgroupVersion::V1,
                pids,
                memory,
            });
        }
        let unified = own
            .lines()
            .find_map(|l| l.strip_prefix("0::").map(str::to_string));
        if let Some(rel) = unified {
            if let Some(dir) = mount_path(&mounts, "cgroup2", None, &rel) {
                let delegated =
                    fs::read_to_string(dir.join("cgroup.subtree_control")).unwrap_or_default();
                let has = |c: &str| delegated.split_whitespace().any(|x| x == c);
                if has("pids") && has("memory") && writable_dir(&dir) {
                    return Ok(CgroupParents {
                        version: CgroupVersion::V2,
                        pids: dir.clone(),
                        memory: dir,
                    });
                }
            }
        }
        Err("no writable cgroup with the pids and memory controllers (cgroup v1 pids+memory hierarchies, or cgroup v2 with both enabled in cgroup.subtree_control)".into())
    }

    /// The layout found.
    pub fn version(&self) -> CgroupVersion {
        self.version
    }

    /// A per-run cgroup with `pids` and `memory` limits (from the pool when one fits).
    pub fn create(&self, max_processes: u64, memory_bytes: u64) -> Result<RunCgroup, SandboxError> {
        let pooled = {
            let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
            let at = pool.iter().position(|g| g.memory_bytes == memory_bytes);
            at.map(|i| pool.swap_remove(i))
        };
        // A group goes back to the pool before its last task is reaped (bwrap's
        // inner init is an orphan, reaped whenever the host's init gets to it);
        // reuse it only once nothing is charged to it, so every run gets its whole
        // process budget. Otherwise park it for removal later and make a new one.
        sweep_graveyard();
        let pooled = pooled.and_then(|g| {
            if g.pids_drained() {
                Some(g)
            } else {
                GRAVEYARD.lock().unwrap_or_else(|e| e.into_inner()).push(g);
                None
            }
        });
        let mut group = match pooled {
            Some(g) => g,
            None => self.make(memory_bytes)?,
        };
        write(&group.dirs[0].join("pids.max"), &max_processes.to_string())?;
        group.oom_baseline = group.oom_kills();
        Ok(group)
    }

    fn make(&self, memory_bytes: u64) -> Result<RunCgroup, SandboxError> {
        static SWEEP: Once = Once::new();
        SWEEP.call_once(|| self.sweep_stale());
        let name = format!(
            "{PREFIX}{}-{}",
            std::process::id(),
            crate::protocol::new_secret()?
        );
        let mut group = RunCgroup {
            version: self.version,
            dirs: Vec::new(),
            memory_dir: self.memory.join(&name),
            memory_bytes,
            oom_baseline: 0,
        };
        let mk = |dir: &Path, group: &mut RunCgroup| -> Result<(), SandboxError> {
            fs::create_dir(dir)
                .map_err(|e| SandboxError::io_at("creating the run cgroup", dir, e))?;
            group.dirs.push(dir.to_path_buf());
            Ok(())
        };
        match self.version {
            CgroupVersion::V1 => {
                mk(&self.pids.join(&name), &mut group)?;
                mk(&self.memory.join(&name), &mut group)?;
                let mem = self.memory.join(&name);
                write(
                    &mem.join("memory.limit_in_bytes"),
                    &memory_bytes.to_string(),
                )?;
                let memsw = mem.join("memory.memsw.limit_in_bytes");
                if memsw.exists() {
                    write(&memsw, &memory_bytes.to_string())?;
                }
            }
            CgroupVersion::V2 => {
                let dir = self.pids.join(&name);
                mk(&dir, &mut group)?;
                write(&dir.join("memory.max"), &memory_bytes.to_string())?;
                let swap = dir.join("memory.swap.max");
                if swap.exists() {
                    write(&swap, "0")?;
                }
            }
        }
        static AT_EXIT: Once = Once::new();
        AT_EXIT.call_once(|| {
            // SAFETY: registers a plain extern "C" function with no captured state.
            unsafe { libc::atexit(drain_pool) };
        });
        Ok(group)
    }

    /// Kills and removes run cgroups whose owning process is gone (left by a crash).
    fn sweep_stale(&self) {
        let mut parents = vec![self.pids.clone()];
        if self.memory != self.pids {
            parents.push(self.memory.clone());
        }
        for parent in parents {
            let Ok(entries) = fs::read_dir(&parent) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let Some(pid) = name.strip_prefix(PREFIX).and_then(|r| r.split('-').next()) else {
                    continue;
                };
                if Path::new("/proc").join(pid).exists() {
                    continue;
                }
                let stale = RunCgroup {
                    version: self.version,
                    dirs: vec![e.path()],
                    memory_dir: e.path(),
                    memory_bytes: 0,
                    oom_baseline: 0,
                };
                stale.remove();
            }
        }
    }
}

/// Removes every pooled group (registered with `atexit`).
extern "C" fn drain_pool() {
    let mut groups = std::mem::take(&mut *POOL.lock().unwrap_or_else(|e| e.into_inner()));
    groups.extend(std::mem::take(
        &mut *GRAVEYARD.lock().unwrap_or_else(|e| e.into_inner()),
    ));
    for g in groups {
        g.remove();
    }
}

impl RunCgroup {
    /// Opens every `cgroup.procs` file for writing; the child writes `0` to each before `exec`.
    pub fn procs_files(&self) -> Result<Vec<File>, SandboxError> {
        self.dirs
            .iter()
            .map(|d| {
                let p = d.join("cgroup.procs");
                OpenOptions::new()
                    .write(true)
                    .open(&p)
                    .map_err(|e| SandboxError::io_at("opening cgroup.procs", p, e))
            })
            .collect()
    }

    /// Whether the kernel OOM killer fired in this cgroup during this run.
    pub fn memory_exhausted(&self) -> bool {
        self.oom_kills() > self.oom_baseline
    }

    fn oom_kills(&self) -> u64 {
        let file = match self.version {
            CgroupVersion::V1 => "memory.oom_control",
            CgroupVersion::V2 => "memory.events",
        };
        fs::read_to_string(self.memory_dir.join(file))
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("oom_kill ")?.trim().parse::<u64>().ok())
            .unwrap_or(0)
    }

    fn is_empty(&self) -> bool {
        self.dirs
            .iter()
            .all(|d| fs::read_to_string(d.join("cgroup.procs")).is_ok_and(|p| p.trim().is_empty()))
    }

    /// Whether no task is charged to the group any more. Killed tasks leave
    /// `cgroup.procs` at once but stay charged to `pids.current` until their
    /// parent reaps them; a group reused before that would start the next run
    /// with part of its process budget already spent.
    fn pids_drained(&self) -> bool {
        self.dirs
            .iter()
            .all(|d| match fs::read_to_string(d.join("pids.current")) {
                Ok(n) => n.trim() == "0",
                Err(_) => true,
            })
    }

    /// Kills what is left and removes the directories (bounded retries).
    fn remove(mut self) {
        self.kill_all();
        for dir in std::mem::take(&mut self.dirs).iter().rev() {
            for _ in 0..100 {
                if fs::remove_dir(dir).is_ok() || !dir.exists() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        }
    }

    /// SIGKILLs every task in the cgroup until it is empty (bounded retries).
    pub fn kill_all(&self) {
        if self.version == CgroupVersion::V2 {
            if let Some(dir) = self.dirs.first() {
                let _ = fs::write(dir.join("cgroup.kill"), "1");
            }
        }
        for _ in 0..200 {
            let mut any = false;
            for dir in &self.dirs {
                let procs = fs::read_to_string(dir.join("cgroup.procs")).unwrap_or_default();
                for pid in procs.lines().filter_map(|l| l.trim().parse::<i32>().ok()) {
                    any = true;
                    // SAFETY: kill(2) with a pid read from our own cgroup; no memory is touched.
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                }
            }
            if !any {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

impl Drop for RunCgroup {
    fn drop(&mut self) {
        if self.dirs.is_empty() {
            return;
        }
        self.kill_all();
        let group = RunCgroup {
            version: self.version,
            dirs: std::mem::take(&mut self.dirs),
            memory_dir: self.memory_dir.clone(),
            memory_bytes: self.memory_bytes,
            oom_baseline: 0,
        };
        if group.is_empty() {
            let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
            if pool.len() < POOL_SIZE {
                pool.push(group);
                return;
            }
        }
        group.remove();
    }
}

fn write(path: &Path, value: &str) -> Result<(), SandboxError> {
    fs::write(path, value).map_err(|e| SandboxError::io_at("writing a cgroup limit", path, e))
}

fn writable_dir(dir: &Path) -> bool {
    let c = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()).unwrap_or_default();
    // SAFETY: access(2) on a NUL-terminated path we own.
    dir.is_dir() && unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0
}

/// Host path of cgroup `rel` on the mount of `fstype` (with `controller` among its options on v1).
fn mount_path(
    mountinfo: &str,
    fstype: &str,
    controller: Option<&str>,
    rel: &str,
) -> Option<PathBuf> {
    for line in mountinfo.lines() {
        let Some((left, right)) = line.split_once(" - ") else {
            continue;
        };
        let mut r = right.split_whitespace();
        let (fs_type, opts) = (r.next().unwrap_or(""), r.nth(1).unwrap_or(""));
        if fs_type != fstype {
            continue;
        }
        if let Some(c) = controller {
            if !opts.split(',').any(|o| o == c) {
                continue;
            }
        }
        let l: Vec<&str> = left.split_whitespace().collect();
        let (Some(root), Some(mount_point)) = (l.get(3), l.get(4)) else {
            continue;
        };
        let inner = if *root == "/" {
            rel
        } else {
            rel.strip_prefix(*root)?
        };
        return Some(Path::new(mount_point).join(inner.trim_start_matches('/')));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mount_path_maps_cgroup_paths() {
        let info = "30 25 0:26 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n\
                    31 25 0:27 /docker/x /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n\
                    32 25 0:28 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n";
        assert_eq!(
            mount_path(info, "cgroup", Some("pids"), "/a/b"),
            Some(PathBuf::from("/sys/fs/cgroup/pids/a/b"))
        );
        assert_eq!(
            mount_path(info, "cgroup", Some("memory"), "/docker/x/y"),
            Some(PathBuf::from("/sys/fs/cgroup/memory/y"))
        );
        assert_eq!(
            mount_path(info, "cgroup2", None, "/"),
            Some(PathBuf::from("/sys/fs/cgroup/unified/"))
        );
        assert_eq!(mount_path(info, "cgroup", Some("cpu"), "/"), None);
    }
}
