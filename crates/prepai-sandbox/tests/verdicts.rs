//! One test per verdict per language, plus argument spreading, capture and options.

mod common;

use common::{require_isolation, run_default, run_with, short_limits, summary};
use prepai_sandbox::{run, Language, Limits, SandboxMode, Submission, TestSuite, Verdict};
use serde_json::json;

const PY: Language = Language::Python;
const JS: Language = Language::JavaScript;

const TWO_SUM_TESTS: &str = r#"[
  {"input": "[[2,7,11,15],9]", "expected": "[0, 1]"},
  {"args": [[3,2,4], 6], "expected": [1, 2]},
  {"args": [[3,3], 6], "expected": [0, 1], "hidden": true}]"#;

const TWO_SUM_PY: &str = "def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return (seen[target - n], i)\n        seen[n] = i\n";
const TWO_SUM_JS: &str = "function twoSum(nums, target) {\n  const seen = new Map();\n  for (let i = 0; i < nums.length; i++) {\n    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];\n    seen.set(nums[i], i);\n  }\n}\n";

#[test]
fn accepted_python_and_javascript() {
    require_isolation();
    let r = run_default(PY, TWO_SUM_PY, "two_sum", TWO_SUM_TESTS);
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
    assert!(r.success && r.all_tests_passed && r.test_results.len() == 3);
    assert_eq!(r.test_results[0].actual, Some(json!([0, 1])));
    assert_eq!(r.test_results[0].input.as_deref(), Some("[[2,7,11,15],9]"));
    assert!(r.test_results.iter().all(|t| t.time_ms.is_some()));
    let r = run_default(JS, TWO_SUM_JS, "twoSum", TWO_SUM_TESTS);
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
}

#[test]
fn list_input_is_spread_only_when_arity_calls_for_it() {
    require_isolation();
    let tests = r#"[{"input": "[3,1,2]", "expected": "[1, 2, 3]"}, {"input": "['b', 'a']", "expected": "['a', 'b']"}]"#;
    let r = run_default(
        PY,
        "def solution(arr):\n    return sorted(arr)\n",
        "solution",
        tests,
    );
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
    let r = run_default(
        JS,
        "function solution(arr) { return [...arr].sort(); }",
        "solution",
        tests,
    );
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
}

#[test]
fn wrong_answer_both_languages() {
    require_isolation();
    let r = run_default(
        PY,
        "def two_sum(nums, target):\n    return [1, 0]\n",
        "two_sum",
        TWO_SUM_TESTS,
    );
    assert_eq!(r.verdict, Verdict::WrongAnswer);
    assert_eq!(r.test_results[0].actual, Some(json!([1, 0])));
    assert!(!r.test_results[0].passed && !r.all_tests_passed);
    let r = run_default(
        JS,
        "function twoSum(n, t) { return [1, 0]; }",
        "twoSum",
        TWO_SUM_TESTS,
    );
    assert_eq!(r.verdict, Verdict::WrongAnswer);
}

#[test]
fn runtime_error_both_languages() {
    require_isolation();
    let r = run_default(
        PY,
        "def f(x):\n    return x[10]\n",
        "f",
        r#"[{"args": [[1]], "expected": 1}]"#,
    );
    assert_eq!(r.verdict, Verdict::RuntimeError);
    let err = r.test_results[0].error.clone().unwrap_or_default();
    assert!(
        err.contains("IndexError") && err.contains("line 2"),
        "{err}"
    );
    let r = run_default(
        JS,
        "function f(x) {\n  return x.y.z;\n}",
        "f",
        r#"[{"args": [{}], "expected": 1}]"#,
    );
    assert_eq!(r.verdict, Verdict::RuntimeError);
    let err = r.test_results[0].error.clone().unwrap_or_default();
    assert!(err.contains("TypeError") && err.contains("line 2"), "{err}");
}

#[test]
fn compile_error_both_languages() {
    require_isolation();
    let r = run_default(
        PY,
        "def f(x)\n    return x\n",
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
    );
    assert_eq!(r.verdict, Verdict::CompileError, "{}", summary(&r));
    assert!(r
        .error
        .as_deref()
        .unwrap_or_default()
        .contains("SyntaxError"));
    let r = run_default(
        JS,
        "function f(x) { return x; ",
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
    );
    assert_eq!(r.verdict, Verdict::CompileError, "{}", summary(&r));
    assert!(r
        .error
        .as_deref()
        .unwrap_or_default()
        .contains("SyntaxError"));
}

#[test]
fn time_limit_exceeded_both_languages() {
    require_isolation();
    let tests = r#"[{"args": [1], "expected": 1}, {"args": [2], "expected": 2}]"#;
    let r = run_with(
        PY,
        "def f(x):\n    while x: pass\n",
        "f",
        tests,
        &short_limits(),
    );
    assert_eq!(r.verdict, Verdict::TimeLimitExceeded, "{}", summary(&r));
    assert!(r.test_results[1]
        .error
        .as_deref()
        .unwrap_or_default()
        .contains("not run"));
    let r = run_with(
        JS,
        "function f(x) { while (x) {} }",
        "f",
        tests,
        &short_limits(),
    );
    assert_eq!(r.verdict, Verdict::TimeLimitExceeded, "{}", summary(&r));
}

#[test]
fn memory_limit_exceeded_both_languages() {
    require_isolation();
    let tests = r#"[{"args": [1], "expected": 1}]"#;
    let r = run_default(
        PY,
        "def f(x):\n    a = []\n    while True:\n        a.append(bytearray(8 << 20))\n",
        "f",
        tests,
    );
    assert_eq!(r.verdict, Verdict::MemoryLimitExceeded, "{}", summary(&r));
    let r = run_default(
        JS,
        "function f(x) { const a = []; for (;;) a.push(Buffer.alloc(8 << 20, 1)); }",
        "f",
        tests,
    );
    assert_eq!(r.verdict, Verdict::MemoryLimitExceeded, "{}", summary(&r));
    let r = run_default(
        JS,
        "function f(x) { const a = []; for (;;) a.push(new Array(1 << 20).fill(x)); }",
        "f",
        tests,
    );
    assert_eq!(r.verdict, Verdict::MemoryLimitExceeded, "{}", summary(&r));
}

#[test]
fn output_limit_exceeded_both_languages() {
    require_isolation();
    let tests = r#"[{"args": [1], "expected": 1}]"#;
    let r = run_default(
        PY,
        "def f(x):\n    while True:\n        print('y' * 1000)\n",
        "f",
        tests,
    );
    assert_eq!(r.verdict, Verdict::OutputLimitExceeded, "{}", summary(&r));
    assert!(r.stdout.len() <= 1 << 20 && r.stdout.starts_with("yyy"));
    let r = run_default(
        JS,
        "function f(x) { for (;;) console.log('y'.repeat(1000)); }",
        "f",
        tests,
    );
    assert_eq!(r.verdict, Verdict::OutputLimitExceeded, "{}", summary(&r));
}

#[test]
fn stdout_and_stderr_are_captured() {
    require_isolation();
    let tests = r#"[{"args": [2], "expected": 4}]"#;
    let r = run_default(PY, "import sys\ndef f(x):\n    print('hello', x)\n    print('oops', file=sys.stderr)\n    return x * 2\n", "f", tests);
    assert_eq!(r.verdict, Verdict::Accepted);
    assert_eq!(
        (r.stdout.as_str(), r.stderr.as_str()),
        ("hello 2\n", "oops\n")
    );
    let r = run_default(
        JS,
        "function f(x) { console.log('hello', x); console.error('oops'); return x * 2; }",
        "f",
        tests,
    );
    assert_eq!(
        (r.stdout.as_str(), r.stderr.as_str()),
        ("hello 2\n", "oops\n")
    );
}

#[test]
fn compare_options_apply_in_the_sandbox() {
    require_isolation();
    let tests = r#"{"tests": [{"args": [3], "expected": [[3, 0.3333333], [1]]}], "compare": {"floatTolerance": 1e-6, "unorderedLists": true}}"#;
    let r = run_default(PY, "def f(n):\n    return [[1], (n, 1 / n)]\n", "f", tests);
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
    let r = run_default(
        JS,
        "function f(n) { return [[1], [n, 1 / n]]; }",
        "f",
        tests,
    );
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
}

#[test]
fn solution_class_methods_and_missing_functions() {
    require_isolation();
    let tests = r#"[{"args": [2, 3], "expected": 5}]"#;
    let r = run_default(
        PY,
        "class Solution:\n    def add(self, a, b):\n        return a + b\n",
        "add",
        tests,
    );
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
    let r = run_default(
        JS,
        "class Solution { add(a, b) { return a + b; } }",
        "add",
        tests,
    );
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
    let r = run_default(PY, "def other(a, b):\n    return 0\n", "add", tests);
    assert_eq!(r.verdict, Verdict::RuntimeError);
    assert!(r.error.unwrap_or_default().contains("`add` is not defined"));
}

#[test]
fn hidden_tests_are_redacted_on_request() {
    require_isolation();
    let mut r = run_default(PY, TWO_SUM_PY, "two_sum", TWO_SUM_TESTS);
    r.redact_hidden();
    let hidden = &r.test_results[2];
    assert!(hidden.hidden && hidden.passed);
    assert_eq!(
        (&hidden.input, &hidden.expected, &hidden.actual),
        (&None, &None, &None)
    );
    assert!(r.test_results[0].input.is_some());
}

#[test]
fn invalid_submissions_are_typed_errors() {
    let sub = Submission {
        language: PY,
        code: "def f(): pass".into(),
        function: "f(); import os".into(),
        suite: TestSuite::from_json(r#"[{"args": [], "expected": null}]"#).unwrap(),
    };
    let err = run(&sub, &Limits::default(), SandboxMode::Isolated)
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a valid identifier"), "{err}");
}

#[test]
fn unsandboxed_mode_runs_with_an_empty_environment() {
    let tests = r#"[{"args": [], "expected": 0}]"#;
    let code =
        "import os\ndef f():\n    return len([k for k in os.environ if k.startswith('CARGO')])\n";
    let sub = Submission {
        language: PY,
        code: code.into(),
        function: "f".into(),
        suite: TestSuite::from_json(tests).unwrap(),
    };
    let r = run(&sub, &Limits::default(), SandboxMode::Unsandboxed).unwrap();
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
}
