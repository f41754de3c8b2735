//! The seccomp filter handed to bubblewrap (`--seccomp FD`), compiled to BPF with `seccompiler`.
//!
//! Default allow; kernel-attack-surface and escape syscalls fail with `EPERM`; `clone` with any
//! namespace flag fails with `EPERM`; `clone3` fails with `ENOSYS` so libc falls back to `clone`
//! (whose flags, unlike `clone3`'s, the filter can inspect).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
    SeccompRule,
};

/// Syscalls refused with `EPERM` whatever their arguments.
const BLOCKED: &[(&str, i64)] = &[
    ("ptrace", libc::SYS_ptrace),
    ("process_vm_readv", libc::SYS_process_vm_readv),
    ("process_vm_writev", libc::SYS_process_vm_writev),
    ("mount", libc::SYS_mount),
    ("umount2", libc::SYS_umount2),
    ("pivot_root", libc::SYS_pivot_root),
    ("chroot", libc::SYS_chroot),
    ("unshare", libc::SYS_unshare),
    ("setns", libc::SYS_setns),
    ("keyctl", libc::SYS_keyctl),
    ("add_key", libc::SYS_add_key),
    ("request_key", libc::SYS_request_key),
    ("bpf", libc::SYS_bpf),
    ("perf_event_open", libc::SYS_perf_event_open),
    ("userfaultfd", libc::SYS_userfaultfd),
    ("kexec_load", libc::SYS_kexec_load),
    ("kexec_file_load", libc::SYS_kexec_file_load),
    ("init_module", libc::SYS_init_module),
    ("finit_module", libc::SYS_finit_module),
    ("delete_module", libc::SYS_delete_module),
    ("reboot", libc::SYS_reboot),
    ("swapon", libc::SYS_swapon),
    ("swapoff", libc::SYS_swapoff),
    ("acct", libc::SYS_acct),
    ("quotactl", libc::SYS_quotactl),
    ("syslog", libc::SYS_syslog),
    ("settimeofday", libc::SYS_settimeofday),
    ("clock_settime", libc::SYS_clock_settime),
    ("clock_adjtime", libc::SYS_clock_adjtime),
    ("adjtimex", libc::SYS_adjtimex),
    ("open_by_handle_at", libc::SYS_open_by_handle_at),
    ("name_to_handle_at", libc::SYS_name_to_handle_at),
    ("fanotify_init", libc::SYS_fanotify_init),
    ("move_mount", libc::SYS_move_mount),
    ("open_tree", libc::SYS_open_tree),
    ("fsopen", libc::SYS_fsopen),
    ("fsmount", libc::SYS_fsmount),
    ("fsconfig", libc::SYS_fsconfig),
    ("fspick", libc::SYS_fspick),
    ("mount_setattr", libc::SYS_mount_setattr),
    ("personality", libc::SYS_personality),
    ("vhangup", libc::SYS_vhangup),
];

/// Namespace-creating clone flags.
const NAMESPACE_FLAGS: &[u64] = &[
    libc::CLONE_NEWUSER as u64,
    libc::CLONE_NEWNS as u64,
    libc::CLONE_NEWPID as u64,
    libc::CLONE_NEWNET as u64,
    libc::CLONE_NEWIPC as u64,
    libc::CLONE_NEWUTS as u64,
    libc::CLONE_NEWCGROUP as u64,
];

/// Names of the syscalls the filter refuses unconditionally (for diagnostics and docs).
pub fn blocked_syscalls() -> impl Iterator<Item = &'static str> {
    BLOCKED.iter().map(|(n, _)| *n)
}

/// The compiled filters as raw `struct sock_filter` bytes, one per program (built once per
/// process). bwrap installs each with `--add-seccomp-fd`; the kernel applies the strictest result.
pub(crate) fn filter_programs() -> Result<&'static [Vec<u8>], String> {
    static PROGRAMS: OnceLock<Result<Vec<Vec<u8>>, String>> = OnceLock::new();
    PROGRAMS.get_or_init(build).as_deref().map_err(Clone::clone)
}

fn build() -> Result<Vec<Vec<u8>>, String> {
    let arch = std::env::consts::ARCH.try_into().map_err(|e| {
        format!(
            "seccomp filters are not supported on {}: {e:?}",
            std::env::consts::ARCH
        )
    })?;
    let eperm =
        |rules: BTreeMap<i64, Vec<SeccompRule>>, errno: i32| -> Result<BpfProgram, String> {
            let filter = SeccompFilter::new(
                rules,
                SeccompAction::Allow,
                SeccompAction::Errno(errno as u32),
                arch,
            )
            .map_err(|e| format!("building the seccomp filter: {e}"))?;
            BpfProgram::try_from(filter).map_err(|e| format!("compiling the seccomp filter: {e}"))
        };
    let mut rules: BTreeMap<i64, Vec<SeccompRule>> =
        BLOCKED.iter().map(|(_, nr)| (*nr, Vec::new())).collect();
    let clone_rules = NAMESPACE_FLAGS
        .iter()
        .map(|flag| {
            let cond = SeccompCondition::new(
                0,
                SeccompCmpArgLen::Qword,
                SeccompCmpOp::MaskedEq(*flag),
                *flag,
            )
            .map_err(|e| format!("seccomp condition: {e}"))?;
            SeccompRule::new(vec![cond]).map_err(|e| format!("seccomp rule: {e}"))
        })
        .collect::<Result<Vec<_>, String>>()?;
    rules.insert(libc::SYS_clone, clone_rules);
    let main = eperm(rules, libc::EPERM)?;
    // clone3 passes its flags in memory the filter cannot read: make libc fall back to clone.
    let clone3 = eperm(
        BTreeMap::from([(libc::SYS_clone3, Vec::new())]),
        libc::ENOSYS,
    )?;
    Ok(vec![to_bytes(&main), to_bytes(&clone3)])
}

fn to_bytes(prog: &BpfProgram) -> Vec<u8> {
    prog.iter()
        .flat_map(|ins| {
            let mut b = Vec::with_capacity(8);
            b.extend_from_slice(&ins.code.to_ne_bytes());
            b.push(ins.jt);
            b.push(ins.jf);
            b.extend_from_slice(&ins.k.to_ne_bytes());
            b
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_compile_to_whole_bpf_instructions() {
        let programs = filter_programs().expect("filter builds on this architecture");
        assert_eq!(programs.len(), 2);
        for p in programs {
            assert!(!p.is_empty() && p.len() % 8 == 0);
        }
        assert!(
            blocked_syscalls().any(|n| n == "ptrace") && blocked_syscalls().any(|n| n == "bpf")
        );
    }
}
