//! The private channel between the host and the harness: the job sent on fd 3 and the
//! result records read from fd 4.
//!
//! Records are `<secret> <json>\n` lines. The secret is random per run; lines without it are
//! ignored, and the first record for each test wins. Expected values are never sent, so a record
//! forged by candidate code can at most claim a return value, which is no more than returning it.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::SandboxError;
use crate::suite::{TestInput, TestSuite};

/// How a failed load or test failed, as classified by the harness.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FailKind {
    Compile,
    Runtime,
    Memory,
    Output,
}

/// One record from the harness.
#[derive(Debug, Deserialize)]
#[serde(tag = "t", rename_all = "lowercase")]
enum Record {
    Ready,
    Load {
        ok: bool,
        kind: Option<FailKind>,
        error: Option<String>,
    },
    Test {
        i: usize,
        ok: bool,
        value: Option<Value>,
        kind: Option<FailKind>,
        error: Option<String>,
        ms: Option<f64>,
    },
    Done,
}

/// What one test did inside the sandbox.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TestOutcome {
    Returned {
        value: Value,
        ms: f64,
    },
    Failed {
        kind: FailKind,
        error: String,
        ms: Option<f64>,
    },
}

/// Everything the harness reported.
#[derive(Debug, Default)]
pub(crate) struct HarnessReport {
    pub ready: bool,
    pub load_error: Option<(FailKind, String)>,
    pub tests: Vec<Option<TestOutcome>>,
    pub done: bool,
}

/// A fresh 128-bit hex secret for one run.
pub(crate) fn new_secret() -> Result<String, SandboxError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| {
        SandboxError::io(
            "generating the run secret",
            std::io::Error::other(e.to_string()),
        )
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The job document the harness reads from fd 3 (no expected values in it).
pub(crate) fn job_json(secret: &str, function: &str, source: &str, suite: &TestSuite) -> Vec<u8> {
    let tests: Vec<Value> = suite
        .tests
        .iter()
        .map(|t| match &t.input {
            TestInput::Args(args) => json!({ "args": args }),
            TestInput::Spreadable { value, .. } => json!({ "input": value }),
        })
        .collect();
    json!({ "secret": secret, "function": function, "source": source, "tests": tests })
        .to_string()
        .into_bytes()
}

/// Parses the result channel; `test_count` sizes the per-test table.
pub(crate) fn parse_records(bytes: &[u8], secret: &str, test_count: usize) -> HarnessReport {
    let mut report = HarnessReport {
        tests: vec![None; test_count],
        ..HarnessReport::default()
    };
    let prefix = format!("{secret} ");
    for line in bytes.split(|b| *b == b'\n') {
        let Some(body) = line.strip_prefix(prefix.as_bytes()) else {
            continue;
        };
        let Ok(record) = serde_json::from_slice::<Record>(body) else {
            continue;
        };
        match record {
            Record::Ready => report.ready = true,
            Record::Load { ok, kind, error } if !ok && report.load_error.is_none() => {
                report.load_error = Some((
                    kind.unwrap_or(FailKind::Runtime),
                    error.unwrap_or_else(|| "the solution failed to load".into()),
                ));
            }
            Record::Load { .. } => {}
            Record::Test {
                i,
                ok,
                value,
                kind,
                error,
                ms,
            } => {
                let Some(slot) = report.tests.get_mut(i) else {
                    continue;
                };
                if slot.is_some() {
                    continue;
                }
                *slot = Some(if ok {
                    TestOutcome::Returned {
                        value: value.unwrap_or(Value::Null),
                        ms: ms.unwrap_or(0.0),
                    }
                } else {
                    TestOutcome::Failed {
                        kind: kind.unwrap_or(FailKind::Runtime),
                        error: error.unwrap_or_else(|| "the test failed".into()),
                        ms,
                    }
                });
            }
            Record::Done => report.done = true,
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_secret_records_count_and_first_wins() {
        let text = b"abc {\"t\":\"ready\"}\n\
            zzz {\"t\":\"test\",\"i\":0,\"ok\":true,\"value\":99}\n\
            abc {\"t\":\"test\",\"i\":0,\"ok\":true,\"value\":1,\"ms\":0.5}\n\
            abc {\"t\":\"test\",\"i\":0,\"ok\":true,\"value\":2}\n\
            abc {\"t\":\"test\",\"i\":7,\"ok\":true,\"value\":2}\n\
            abc garbage\n\
            abc {\"t\":\"test\",\"i\":1,\"ok\":false,\"kind\":\"memory\",\"error\":\"MemoryError\"}\n";
        let r = parse_records(text, "abc", 2);
        assert!(r.ready && !r.done);
        assert_eq!(
            r.tests[0],
            Some(TestOutcome::Returned {
                value: serde_json::json!(1),
                ms: 0.5
            })
        );
        assert!(matches!(
            r.tests[1],
            Some(TestOutcome::Failed {
                kind: FailKind::Memory,
                ..
            })
        ));
    }

    #[test]
    fn secrets_are_random_hex() {
        let (a, b) = (new_secret().unwrap(), new_secret().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
