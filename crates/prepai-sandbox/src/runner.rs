//! Running a submission: prepare the private code directory, start the harness in the sandbox,
//! supervise it, and turn what happened into a [`RunReport`].

use std::ffi::OsString;
use std::fs;
use std::os::fd::AsRawFd;
use std::path::Path;

use serde_json::Value;

use crate::compare::values_match;
use crate::error::SandboxError;
use crate::exec::{memfd_with, pipe, Exit, Finished};
use crate::isolation::{self, check_isolation, CODE_DIR};
use crate::language::Language;
use crate::launch::{launch, Launch, Launched, V8_RESERVE};
use crate::limits::{Limits, SandboxMode};
use crate::protocol::{job_json, new_secret, parse_records, FailKind, HarnessReport, TestOutcome};
use crate::report::{RunReport, TestResult, Verdict};
use crate::suite::TestSuite;

/// Largest accepted source file.
const MAX_CODE_BYTES: usize = 1 << 20;

/// Code to run against a test suite.
#[derive(Clone, Debug, PartialEq)]
pub struct Submission {
    /// The language the code is written in.
    pub language: Language,
    /// The candidate's source code.
    pub code: String,
    /// Name of the function (or `Solution` method) to call for each test.
    pub function: String,
    /// The tests.
    pub suite: TestSuite,
}

/// Runs `sub` against its suite under `limits`.
///
/// In [`SandboxMode::Isolated`] (the default) this refuses with
/// [`SandboxError::IsolationUnavailable`] when [`check_isolation`] fails. Errors are returned only
/// for unusable input or a host that cannot run anything; everything the code does ends in a
/// verdict.
pub fn run(
    sub: &Submission,
    limits: &Limits,
    mode: SandboxMode,
) -> Result<RunReport, SandboxError> {
    limits.validate()?;
    validate(sub)?;
    if mode == SandboxMode::Isolated {
        let iso = check_isolation();
        if !iso.is_isolated() {
            return Err(SandboxError::IsolationUnavailable {
                reason: iso.reason(),
            });
        }
    }
    let spec = sub.language.spec();
    let interpreter = sub.language.interpreter()?;

    let dir = tempfile::Builder::new()
        .prefix("prepai-run-")
        .tempdir()
        .map_err(|e| SandboxError::io("creating the run directory", e))?;
    // The directory stays 0700: inside the sandbox the code runs as an id mapped to our own
    // uid, so it can read it, while other local users cannot read the candidate's code.
    for (name, text) in [
        (spec.source_file, sub.code.as_str()),
        (spec.harness_file, spec.harness),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, text)
            .map_err(|e| SandboxError::io_at("writing the run directory", &path, e))?;
    }
    let root = match mode {
        SandboxMode::Isolated => Path::new(CODE_DIR).to_path_buf(),
        SandboxMode::Unsandboxed => dir.path().to_path_buf(),
    };

    let secret = new_secret()?;
    let source_inside = root.join(spec.source_file);
    let job = memfd_with(
        "prepai-job",
        &job_json(
            &secret,
            &sub.function,
            &source_inside.to_string_lossy(),
            &sub.suite,
        ),
    )?;
    let (results_read, results_write) = pipe()?;
    let (job_fd, results_fd) = (job.as_raw_fd(), results_write.as_raw_fd());
    let mut argv: Vec<OsString> = vec![interpreter.into()];
    let heap_mb = (limits.memory_bytes >> 20) * 3 / 4;
    match sub.language {
        Language::Python => argv.extend(["-I", "-S", "-B", "-X", "utf8"].map(OsString::from)),
        Language::JavaScript => argv.push(format!("--max-old-space-size={heap_mb}").into()),
    }
    argv.push(root.join(spec.harness_file).into());
    argv.extend([job_fd.to_string().into(), results_fd.to_string().into()]);
    let cgroup = isolation::cgroup_parents().is_some();
    let address_space = match (sub.language, cgroup) {
        (Language::Python, _) => Some(limits.memory_bytes),
        // V8 reserves gigabytes of address space up front; its heap is capped by
        // --max-old-space-size and, with a cgroup, resident memory by the cgroup.
        (Language::JavaScript, true) => None,
        (Language::JavaScript, false) => Some(limits.memory_bytes + V8_RESERVE),
    };
    let Launched {
        finished,
        memory_exhausted,
    } = launch(Launch {
        mode,
        code_dir: dir.path(),
        argv,
        limits,
        address_space,
        inherit: vec![job.into(), results_write],
        results: results_read,
    })?;
    let harness = parse_records(&finished.results, &secret, sub.suite.tests.len());
    Ok(build_report(
        sub,
        limits,
        mode,
        &finished,
        &harness,
        memory_exhausted,
    ))
}

fn validate(sub: &Submission) -> Result<(), SandboxError> {
    let bad = |m: String| Err(SandboxError::InvalidSubmission(m));
    let f = &sub.function;
    let ident = !f.is_empty()
        && f.len() <= 128
        && f.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !f.starts_with(|c: char| c.is_ascii_digit());
    if !ident {
        return bad(format!(
            "function name `{f}` is not a valid identifier (letters, digits, `_`; not starting with a digit)"
        ));
    }
    if sub.code.trim().is_empty() {
        return bad("the code is empty".into());
    }
    if sub.code.len() > MAX_CODE_BYTES {
        return bad(format!(
            "the code is {} bytes; the limit is {MAX_CODE_BYTES}",
            sub.code.len()
        ));
    }
    if sub.code.contains('\0') {
        return bad("the code contains a NUL byte".into());
    }
    if sub.suite.tests.is_empty() {
        return bad("the test suite has no tests".into());
    }
    Ok(())
}

/// Why the run ended early, if it did (decides the first unreported test's fate).
fn abort_reason(
    language: Language,
    limits: &Limits,
    mode: SandboxMode,
    done: &Finished,
    memory_exhausted: bool,
) -> Option<(Verdict, String)> {
    let stderr = String::from_utf8_lossy(&done.stderr);
    let signal = match (done.exit, mode) {
        (Exit::Signal(s), _) => Some(s),
        // bwrap reports a signal-killed child as 128 + signal.
        (Exit::Code(c), SandboxMode::Isolated) if c > 128 && c < 128 + 65 => Some(c - 128),
        _ => None,
    };
    if done.output_exceeded {
        return Some((
            Verdict::OutputLimitExceeded,
            format!("output exceeded the {}-byte limit", limits.output_bytes),
        ));
    }
    if done.results_exceeded {
        return Some((
            Verdict::OutputLimitExceeded,
            "returned values are too large".into(),
        ));
    }
    if memory_exhausted
        || (language == Language::JavaScript && stderr.contains("heap out of memory"))
    {
        return Some((
            Verdict::MemoryLimitExceeded,
            format!("memory limit of {} MiB exceeded", limits.memory_bytes >> 20),
        ));
    }
    if done.wall_exceeded {
        return Some((
            Verdict::TimeLimitExceeded,
            format!(
                "wall-clock limit of {} ms exceeded",
                limits.wall_time.as_millis()
            ),
        ));
    }
    match signal {
        Some(libc::SIGXCPU) => Some((
            Verdict::TimeLimitExceeded,
            format!(
                "CPU time limit of {} ms exceeded",
                limits.cpu_time.as_millis()
            ),
        )),
        Some(libc::SIGXFSZ) => Some((
            Verdict::OutputLimitExceeded,
            format!(
                "file size limit of {} bytes exceeded",
                limits.file_size_bytes
            ),
        )),
        // The hard CPU limit (one second after SIGXCPU, if the code ignored it) kills with SIGKILL.
        Some(libc::SIGKILL) if done.cpu_time >= limits.cpu_time => Some((
            Verdict::TimeLimitExceeded,
            format!(
                "CPU time limit of {} ms exceeded",
                limits.cpu_time.as_millis()
            ),
        )),
        Some(s) => Some((
            Verdict::RuntimeError,
            format!("the program was killed by signal {s}"),
        )),
        None => match done.exit {
            Exit::Code(c) => Some((
                Verdict::RuntimeError,
                format!("the program exited with status {c} before finishing the tests"),
            )),
            Exit::Signal(_) => None,
        },
    }
}

fn verdict_of(kind: FailKind) -> Verdict {
    match kind {
        FailKind::Compile => Verdict::CompileError,
        FailKind::Runtime => Verdict::RuntimeError,
        FailKind::Memory => Verdict::MemoryLimitExceeded,
        FailKind::Output => Verdict::OutputLimitExceeded,
    }
}

fn lossy_capped(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn build_report(
    sub: &Submission,
    limits: &Limits,
    mode: SandboxMode,
    done: &Finished,
    harness: &HarnessReport,
    memory_exhausted: bool,
) -> RunReport {
    let abort = if harness.done && !done.output_exceeded && !done.results_exceeded {
        None
    } else {
        abort_reason(sub.language, limits, mode, done, memory_exhausted)
    };
    let mut report = RunReport {
        success: true,
        language: sub.language,
        verdict: Verdict::Accepted,
        all_tests_passed: false,
        test_results: Vec::with_capacity(sub.suite.tests.len()),
        execution_time: done.elapsed.as_secs_f64() * 1000.0,
        error: None,
        stdout: lossy_capped(&done.stdout),
        stderr: lossy_capped(&done.stderr),
    };
    let killed_by_limit = matches!(
        abort,
        Some((
            Verdict::TimeLimitExceeded
                | Verdict::MemoryLimitExceeded
                | Verdict::OutputLimitExceeded,
            _
        ))
    );
    if !harness.ready && !killed_by_limit {
        report.success = false;
        report.verdict = Verdict::RuntimeError;
        report.error = Some(format!(
            "the sandbox failed to start the {} harness: {}",
            sub.language,
            report.stderr.trim()
        ));
        report.test_results = sub
            .suite
            .tests
            .iter()
            .enumerate()
            .map(|(i, t)| not_run(i, t, "not run: the sandbox failed to start"))
            .collect();
        return report;
    }
    let load_error = harness.load_error.clone();
    let mut first_failure: Option<Verdict> = None;
    let mut abort_used = false;
    for (i, test) in sub.suite.tests.iter().enumerate() {
        let mut result = not_run(i, test, "");
        match (&load_error, harness.tests.get(i).cloned().flatten()) {
            (Some((_, msg)), _) => result.error = Some(msg.clone()),
            (None, Some(TestOutcome::Returned { value, ms })) => {
                let matched = values_match(&test.expected, &value, &sub.suite.compare)
                    || matches!((&test.expected_text, &value), (Some(t), Value::String(s)) if s == t);
                result.passed = matched;
                result.actual = Some(value);
                result.time_ms = Some(ms);
                if !matched {
                    first_failure.get_or_insert(Verdict::WrongAnswer);
                }
            }
            (None, Some(TestOutcome::Failed { kind, error, ms })) => {
                result.error = Some(error);
                result.time_ms = ms;
                first_failure.get_or_insert(verdict_of(kind));
            }
            (None, None) => match (&abort, abort_used) {
                (Some((v, msg)), false) => {
                    abort_used = true;
                    result.error = Some(msg.clone());
                    first_failure.get_or_insert(*v);
                }
                _ => result.error = Some("not run: the run ended before this test".into()),
            },
        }
        report.test_results.push(result);
    }
    if let Some((kind, msg)) = load_error {
        first_failure = Some(verdict_of(kind));
        report.error = Some(msg);
    }
    // Output floods end the run even when every test had already reported.
    if let Some((v @ Verdict::OutputLimitExceeded, msg)) = &abort {
        first_failure = Some(*v);
        report.error.get_or_insert(msg.clone());
    }
    report.verdict = first_failure.unwrap_or(Verdict::Accepted);
    report.all_tests_passed = report.verdict == Verdict::Accepted;
    if report.error.is_none()
        && report.verdict != Verdict::Accepted
        && report.verdict != Verdict::WrongAnswer
    {
        report.error = report.test_results.iter().find_map(|t| t.error.clone());
    }
    report
}

fn not_run(i: usize, t: &crate::suite::TestCase, error: &str) -> TestResult {
    TestResult {
        test_case: i + 1,
        passed: false,
        input: Some(t.input_text()),
        expected: Some(t.expected.clone()),
        actual: None,
        error: (!error.is_empty()).then(|| error.to_string()),
        time_ms: None,
        hidden: t.hidden,
    }
}
