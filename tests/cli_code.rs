//! `prepai code …` through the binary, with the real sandbox.
mod common;

use common::Sandbox;
use predicates::prelude::*;
use std::ffi::OsStr;
use std::path::PathBuf;

fn write(sb: &Sandbox, name: &str, text: &str) -> PathBuf {
    let p = sb.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const SORT_PY: &str =
    "def solution(arr):\n    \"\"\"Return the list sorted.\"\"\"\n    return sorted(arr)\n";
const ORIGINAL_TESTS: &str =
    r#"[{"input": "[3,1,2]", "expected": "[1, 2, 3]"}, {"input": "[]", "expected": "[]"}]"#;

#[test]
fn run_accepts_the_original_test_form_without_spreading_a_single_list_argument() {
    let sb = Sandbox::new();
    let code = write(&sb, "sol.py", SORT_PY);
    let tests = write(&sb, "tests.json", ORIGINAL_TESTS);
    let v = sb.json([
        OsStr::new("code"),
        "run".as_ref(),
        code.as_os_str(),
        "--tests".as_ref(),
        tests.as_os_str(),
    ]);
    for key in [
        "success",
        "language",
        "allTestsPassed",
        "testResults",
        "executionTime",
        "qualityMetrics",
        "submissionId",
        "error",
        "verdict",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["verdict"], "accepted");
    assert_eq!(v["allTestsPassed"], true);
    assert_eq!(v["language"], "python");
    let t0 = &v["testResults"][0];
    for key in [
        "testCase", "passed", "input", "expected", "actual", "error", "timeMs",
    ] {
        assert!(t0.get(key).is_some(), "test result missing {key}");
    }
    assert_eq!(v["qualityMetrics"]["functions"][0]["name"], "solution");
    assert!(v["submissionId"].is_null());
}

#[test]
fn wrong_answers_are_judged_with_exit_0() {
    let sb = Sandbox::new();
    let code = write(&sb, "bad.js", "function solution(arr) { return arr; }\n");
    let tests = write(&sb, "tests.json", ORIGINAL_TESTS);
    let v = sb.json([
        OsStr::new("code"),
        "run".as_ref(),
        code.as_os_str(),
        "--tests".as_ref(),
        tests.as_os_str(),
    ]);
    assert_eq!(v["verdict"], "wrong_answer");
    assert_eq!(v["language"], "javascript");
    assert_eq!(v["testResults"][0]["passed"], false);
    assert_eq!(v["testResults"][1]["passed"], true);
}

#[test]
fn runs_are_recorded_with_a_session_and_summarised() {
    let sb = Sandbox::new();
    let id = sb.create("coding-round", "Ada");
    let good = write(&sb, "good.py", SORT_PY);
    let bad = write(&sb, "bad.py", "def solution(arr):\n    return arr\n");
    let tests = write(&sb, "tests.json", ORIGINAL_TESTS);
    for code in [&bad, &good] {
        sb.cmd()
            .args(["code", "run"])
            .arg(code)
            .arg("--tests")
            .arg(&tests)
            .args(["--session", &id])
            .assert()
            .success();
    }
    let v = sb.json(["code", "submissions", &id]);
    assert_eq!(v["success"], true);
    assert_eq!(v["submissions"].as_array().unwrap().len(), 2);
    assert!(v["submissions"][0]["code"]
        .as_str()
        .unwrap()
        .contains("return arr"));
    let s = &v["summary"];
    assert_eq!(s["total_submissions"], 2);
    assert_eq!(s["total_passed"], 1);
    assert_eq!(s["pass_rate"], 50.0);
    assert_eq!(s["first_attempt_success"], false);
    assert_eq!(s["languages_used"], serde_json::json!(["python"]));
    sb.cmd()
        .args(["code", "submissions", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 passed (50%)"));
}

#[test]
fn bank_problems_run_with_hidden_tests_redacted() {
    let sb = Sandbox::new();
    let code = write(
        &sb,
        "ts.py",
        "def two_sum(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n",
    );
    let v = sb.json([
        OsStr::new("code"),
        "run".as_ref(),
        code.as_os_str(),
        "--problem".as_ref(),
        "two_sum".as_ref(),
    ]);
    assert_eq!(v["verdict"], "accepted");
    let hidden: Vec<&serde_json::Value> = v["testResults"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["hidden"] == true)
        .collect();
    assert!(hidden.len() >= 2);
    assert!(hidden
        .iter()
        .all(|t| t["input"].is_null() && t["expected"].is_null() && t["actual"].is_null()));
    let list = sb.json(["code", "problems"]);
    assert!(list.as_array().unwrap().len() >= 30);
    let one = sb.json(["code", "problems", "two_sum"]);
    assert_eq!(one["languages"]["javascript"]["functionName"], "twoSum");
    sb.cmd().args(["code", "problems", "nope"]).assert().code(2);
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let sb = Sandbox::new();
    let code = write(&sb, "sol.py", SORT_PY);
    let tests = write(&sb, "tests.json", ORIGINAL_TESTS);
    sb.cmd()
        .args(["code", "run", "/nonexistent.py", "--tests"])
        .arg(&tests)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
    let malformed = write(
        &sb,
        "bad.json",
        "[{\"args\": [1], \"expected\": 2},\n {\"args\": ]",
    );
    sb.cmd()
        .args(["code", "run"])
        .arg(&code)
        .arg("--tests")
        .arg(&malformed)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 2"));
    let ruby = write(&sb, "sol.rb", "def solution(a) a end");
    sb.cmd()
        .args(["code", "run"])
        .arg(&ruby)
        .arg("--tests")
        .arg(&tests)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--lang"));
    sb.cmd()
        .args(["code", "run"])
        .arg(&code)
        .arg("--tests")
        .arg(&tests)
        .args(["--lang", "cobol"])
        .assert()
        .code(2);
    sb.cmd().args(["code", "run"]).arg(&code).assert().code(2);
    sb.cmd()
        .args(["code", "run"])
        .arg(&code)
        .arg("--tests")
        .arg(&tests)
        .args(["--session", "ffffffff-ffff-4fff-bfff-ffffffffffff"])
        .assert()
        .code(1);
}

#[test]
fn metrics_lists_functions_and_deductions() {
    let sb = Sandbox::new();
    let code = write(
        &sb,
        "m.py",
        "def f(x):\n    if x > 1 and x < 5:\n        for i in range(x):\n            if i % 2:\n                print(i)\n    return x\n\ndef g():\n    return 1\n",
    );
    let v = sb.json(["code", "metrics", code.to_str().unwrap()]);
    let funcs = v["functions"].as_array().unwrap();
    assert_eq!(funcs.len(), 2);
    assert_eq!(funcs[0]["name"], "f");
    assert_eq!(funcs[0]["cyclomatic"], 5);
    for key in [
        "startLine",
        "endLine",
        "cyclomatic",
        "cognitive",
        "nesting",
        "lines",
    ] {
        assert!(funcs[0].get(key).is_some(), "missing {key}");
    }
    assert!(v["qualityScore"].as_f64().unwrap() <= 10.0);
    sb.cmd()
        .args(["code", "metrics"])
        .arg(&code)
        .assert()
        .success()
        .stdout(predicate::str::contains("quality"));
    sb.cmd()
        .args(["code", "metrics", "/nonexistent.py"])
        .assert()
        .code(2);
    let txt = write(&sb, "notes.txt", "hello");
    sb.cmd()
        .args(["code", "metrics"])
        .arg(&txt)
        .assert()
        .code(2);
}

#[test]
fn limit_flags_reach_the_sandbox() {
    let sb = Sandbox::new();
    let tests = write(
        &sb,
        "one.json",
        r#"[{"args": [[2, 1]], "expected": [1, 2]}]"#,
    );
    let run = |code: &PathBuf, flags: &[&str]| {
        let mut args: Vec<&OsStr> = vec![
            "code".as_ref(),
            "run".as_ref(),
            code.as_os_str(),
            "--tests".as_ref(),
            tests.as_os_str(),
        ];
        args.extend(flags.iter().map(OsStr::new));
        sb.json(args)["verdict"].as_str().unwrap().to_string()
    };
    // Sleeping uses no CPU: only the wall-clock limit can stop it.
    let nap = write(
        &sb,
        "nap.py",
        "import time\n\ndef solution(arr):\n    time.sleep(2)\n    return sorted(arr)\n",
    );
    assert_eq!(
        run(&nap, &[]),
        "accepted",
        "the default 5 s wall limit allows a 2 s nap"
    );
    assert_eq!(run(&nap, &["--wall-time", "1"]), "time_limit_exceeded");
    let hog = write(
        &sb,
        "hog.py",
        "def solution(arr):\n    block = bytearray(200 * 1024 * 1024)\n    return sorted(arr)\n",
    );
    assert_eq!(
        run(&hog, &[]),
        "accepted",
        "200 MB fits the default 256 MiB"
    );
    assert_eq!(run(&hog, &["--memory", "64"]), "memory_limit_exceeded");
}
