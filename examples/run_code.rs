//! Runs a submission through the sandbox and prints the JSON report.
//!
//! ```text
//! cargo run --example run_code -- CODE_FILE FUNCTION TESTS_JSON_FILE [--no-sandbox]
//! cargo run --example run_code            # built-in two-sum demo in Python
//! ```
//! The language comes from the code file's extension (`.py`, `.js`).

use anyhow::{bail, Context};
use prepai_sandbox::{check_isolation, run, Language, Limits, SandboxMode, Submission, TestSuite};

const DEMO_CODE: &str = "def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n";
const DEMO_TESTS: &str = r#"[{"input": "[[2,7,11,15],9]", "expected": "[0, 1]"},
 {"args": [[3,2,4], 6], "expected": [1, 2]},
 {"args": [[3,3], 6], "expected": [0, 1], "hidden": true}]"#;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let no_sandbox = args.iter().any(|a| a == "--no-sandbox");
    let positional: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let (language, code, function, tests) = match positional.as_slice() {
        [] => (
            Language::Python,
            DEMO_CODE.to_string(),
            "two_sum".to_string(),
            DEMO_TESTS.to_string(),
        ),
        [code_file, function, tests_file] => {
            let ext = std::path::Path::new(code_file.as_str())
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default();
            let code = std::fs::read_to_string(code_file)
                .with_context(|| format!("reading {code_file}"))?;
            let tests = std::fs::read_to_string(tests_file)
                .with_context(|| format!("reading {tests_file}"))?;
            (
                Language::from_extension(ext)?,
                code,
                function.to_string(),
                tests,
            )
        }
        _ => bail!("usage: run_code [CODE_FILE FUNCTION TESTS_JSON_FILE] [--no-sandbox]"),
    };
    let mode = if no_sandbox {
        SandboxMode::Unsandboxed
    } else {
        let iso = check_isolation();
        if !iso.is_isolated() {
            bail!(
                "cannot isolate on this host ({}); rerun with --no-sandbox to run anyway",
                iso.reason()
            );
        }
        SandboxMode::Isolated
    };
    let sub = Submission {
        language,
        code,
        function,
        suite: TestSuite::from_json(&tests)?,
    };
    let mut report = run(&sub, &Limits::default(), mode)?;
    report.redact_hidden();
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
