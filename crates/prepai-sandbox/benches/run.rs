//! End-to-end run latency and sandbox overhead.
//!
//! `cargo bench --bench run` — needs bubblewrap and cgroups/user namespaces (skips otherwise).

use std::ffi::OsString;
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion};
use prepai_sandbox::{
    check_isolation, run, run_command, Language, Limits, SandboxMode, Submission, TestSuite,
};

const TESTS: &str = r#"[
  {"args": [[2,7,11,15], 9], "expected": [0, 1]},
  {"args": [[3,2,4], 6], "expected": [1, 2]},
  {"args": [[3,3], 6], "expected": [0, 1]},
  {"input": "[[1,5,9,13],22]", "expected": "[2, 3]"},
  {"args": [[-1,-2,-3,-4,-5], -8], "expected": [2, 4], "hidden": true}]"#;

const PY: &str = "def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n";
const JS: &str = "function twoSum(nums, target) {\n  const seen = new Map();\n  for (let i = 0; i < nums.length; i++) {\n    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];\n    seen.set(nums[i], i);\n  }\n}\n";

fn submission(language: Language, code: &str, function: &str) -> Submission {
    Submission {
        language,
        code: code.into(),
        function: function.into(),
        suite: TestSuite::from_json(TESTS).expect("suite"),
    }
}

fn benches(c: &mut Criterion) {
    if !check_isolation().is_isolated() {
        eprintln!("skipping: {}", check_isolation().reason());
        return;
    }
    let limits = Limits::default();
    let mut g = c.benchmark_group("run_5_tests");
    for (name, sub) in [
        ("python", submission(Language::Python, PY, "two_sum")),
        ("javascript", submission(Language::JavaScript, JS, "twoSum")),
    ] {
        let r = run(&sub, &limits, SandboxMode::Isolated).expect("run");
        assert!(r.all_tests_passed, "benchmark solution must pass");
        g.bench_function(name, |b| {
            b.iter(|| run(&sub, &limits, SandboxMode::Isolated).expect("run"))
        });
    }
    g.finish();

    let python = Language::Python.interpreter().expect("python3");
    let mut g = c.benchmark_group("python3_c_pass");
    g.bench_function("bare", |b| {
        b.iter(|| {
            let s = Command::new(python)
                .args(["-I", "-S", "-c", "pass"])
                .status()
                .expect("python3");
            assert!(s.success());
        })
    });
    let argv: Vec<OsString> = [
        python.as_os_str(),
        "-I".as_ref(),
        "-S".as_ref(),
        "-c".as_ref(),
        "pass".as_ref(),
    ]
    .iter()
    .map(|s| s.to_os_string())
    .collect();
    g.bench_function("sandboxed", |b| {
        b.iter(|| {
            let out = run_command(&argv, &limits, SandboxMode::Isolated).expect("run_command");
            assert_eq!(out.exit_code, Some(0), "{}", out.stderr);
        })
    });
    g.finish();
}

criterion_group! {
    name = run_benches;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(run_benches);
