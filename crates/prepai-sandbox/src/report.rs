//! Run results: verdicts, per-test results and the serialized report.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::language::Language;

/// The verdict for a whole run (the first failing test decides; limits end the run).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every test returned the expected value.
    Accepted,
    /// A test returned a different value.
    WrongAnswer,
    /// A test raised, or the program crashed or exited early.
    RuntimeError,
    /// The code does not parse (syntax error) or does not compile.
    CompileError,
    /// CPU or wall-clock limit exceeded.
    TimeLimitExceeded,
    /// Memory limit exceeded.
    MemoryLimitExceeded,
    /// Output or file-size limit exceeded.
    OutputLimitExceeded,
}

impl Verdict {
    /// The snake_case name used in JSON (`wrong_answer`).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::WrongAnswer => "wrong_answer",
            Verdict::RuntimeError => "runtime_error",
            Verdict::CompileError => "compile_error",
            Verdict::TimeLimitExceeded => "time_limit_exceeded",
            Verdict::MemoryLimitExceeded => "memory_limit_exceeded",
            Verdict::OutputLimitExceeded => "output_limit_exceeded",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The result of one test case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestResult {
    /// 1-based index of the test.
    pub test_case: usize,
    /// Whether the returned value matched.
    pub passed: bool,
    /// The input as given (literal text or JSON text of the arguments); `null` once redacted.
    pub input: Option<String>,
    /// Expected value; `null` once redacted.
    pub expected: Option<Value>,
    /// Returned value (`null` if none, or once redacted).
    pub actual: Option<Value>,
    /// Why the test did not pass, when it raised or the run was cut short.
    pub error: Option<String>,
    /// Time spent in the function call, in milliseconds (`null` if it never returned).
    pub time_ms: Option<f64>,
    /// Whether this is a hidden test.
    pub hidden: bool,
}

/// The report of one run, serialized in camelCase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunReport {
    /// `false` only when the sandbox itself failed (the verdict then says nothing about the code).
    pub success: bool,
    /// The language that ran.
    pub language: Language,
    /// The overall verdict.
    pub verdict: Verdict,
    /// Whether every test passed.
    pub all_tests_passed: bool,
    /// One entry per test, in order.
    pub test_results: Vec<TestResult>,
    /// Wall-clock time of the whole sandboxed run, in milliseconds.
    pub execution_time: f64,
    /// Infrastructure or compile error message, if any.
    pub error: Option<String>,
    /// The candidate's captured stdout (capped).
    pub stdout: String,
    /// The candidate's captured stderr (capped).
    pub stderr: String,
}

impl RunReport {
    /// Replaces `input`, `expected` and `actual` of hidden tests by `null` (for showing to the candidate).
    pub fn redact_hidden(&mut self) {
        for t in self.test_results.iter_mut().filter(|t| t.hidden) {
            t.input = None;
            t.expected = None;
            t.actual = None;
        }
    }

    /// Number of passed tests.
    pub fn passed_count(&self) -> usize {
        self.test_results.iter().filter(|t| t.passed).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serializes_to_the_documented_shape_and_redacts() {
        let mut r = RunReport {
            success: true,
            language: Language::Python,
            verdict: Verdict::WrongAnswer,
            all_tests_passed: false,
            test_results: vec![TestResult {
                test_case: 1,
                passed: false,
                input: Some("[1]".into()),
                expected: Some(json!(1)),
                actual: Some(json!(2)),
                error: None,
                time_ms: Some(0.5),
                hidden: true,
            }],
            execution_time: 12.5,
            error: None,
            stdout: String::new(),
            stderr: String::new(),
        };
        r.redact_hidden();
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(
            v,
            json!({"success": true, "language": "python", "verdict": "wrong_answer",
                   "allTestsPassed": false, "executionTime": 12.5, "error": null,
                   "stdout": "", "stderr": "",
                   "testResults": [{"testCase": 1, "passed": false, "input": null, "expected": null,
                                    "actual": null, "error": null, "timeMs": 0.5, "hidden": true}]})
        );
    }
}
