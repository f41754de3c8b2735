//! Test suites: parsing the canonical `{"args", "expected"}` form and the original
//! `{"input": "<literal>", "expected": "<literal>"}` form, plus per-suite comparison options.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::SandboxError;
use crate::literal::parse_literal;

/// How actual and expected values are compared.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompareOptions {
    /// Absolute-or-relative tolerance for floating-point numbers (default `1e-9`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub float_tolerance: Option<f64>,
    /// Treat the top-level returned list as a multiset (order-insensitive); nested lists keep order.
    #[serde(default)]
    pub unordered_lists: bool,
}

/// What a test passes to the function.
#[derive(Clone, Debug, PartialEq)]
pub enum TestInput {
    /// Canonical form: positional arguments, passed as they are.
    Args(Vec<Value>),
    /// Original form: one value that the harness spreads into positional arguments only when it is
    /// a list and the function takes two or more required positional parameters.
    Spreadable {
        /// The literal text as given (shown in reports).
        text: String,
        /// The parsed value.
        value: Value,
    },
}

/// One test case.
#[derive(Clone, Debug, PartialEq)]
pub struct TestCase {
    /// The arguments.
    pub input: TestInput,
    /// The expected return value.
    pub expected: Value,
    /// In the original form, the expected literal text: an actual *string* equal to it also passes.
    pub expected_text: Option<String>,
    /// Hidden tests are run but their input/expected/actual are redacted for the candidate.
    pub hidden: bool,
}

/// An ordered list of test cases plus comparison options.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TestSuite {
    /// The cases, run in order.
    pub tests: Vec<TestCase>,
    /// How results are compared.
    pub compare: CompareOptions,
}

impl TestCase {
    /// A canonical test: positional `args` and the `expected` return value.
    pub fn new(args: Vec<Value>, expected: Value) -> Self {
        TestCase {
            input: TestInput::Args(args),
            expected,
            expected_text: None,
            hidden: false,
        }
    }

    /// Marks this test hidden.
    pub fn hidden(mut self, hidden: bool) -> Self {
        self.hidden = hidden;
        self
    }

    /// The input as shown in reports: the literal as given, or the JSON text of the arguments.
    pub fn input_text(&self) -> String {
        match &self.input {
            TestInput::Args(args) => Value::Array(args.clone()).to_string(),
            TestInput::Spreadable { text, .. } => text.clone(),
        }
    }
}

impl TestSuite {
    /// Parses a suite from JSON text: a bare array of tests, or
    /// `{"tests": [...], "compare": {"floatTolerance": 1e-6, "unorderedLists": true}}`.
    ///
    /// Malformed JSON yields [`SandboxError::SuiteJson`] with line and column.
    pub fn from_json(text: &str) -> Result<TestSuite, SandboxError> {
        let value: Value = serde_json::from_str(text).map_err(|e| SandboxError::SuiteJson {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        TestSuite::from_value(&value)
    }

    /// Builds a suite from an already-parsed JSON value (same shapes as [`TestSuite::from_json`]).
    pub fn from_value(value: &Value) -> Result<TestSuite, SandboxError> {
        let (tests, compare) = match value {
            Value::Array(items) => (items.as_slice(), CompareOptions::default()),
            Value::Object(map) => {
                let tests = map.get("tests").and_then(Value::as_array).ok_or_else(|| {
                    SandboxError::InvalidTestCase {
                        index: 0,
                        message:
                            "a suite object needs a \"tests\" array; or pass a bare array of tests"
                                .into(),
                    }
                })?;
                let compare = match map.get("compare") {
                    None | Some(Value::Null) => CompareOptions::default(),
                    Some(c) => serde_json::from_value(c.clone()).map_err(|e| SandboxError::InvalidTestCase {
                        index: 0,
                        message: format!("bad \"compare\" options ({e}); allowed keys are floatTolerance (number) and unorderedLists (bool)"),
                    })?,
                };
                (tests.as_slice(), compare)
            }
            _ => {
                return Err(SandboxError::InvalidTestCase {
                    index: 0,
                    message: "expected a JSON array of tests or an object with a \"tests\" array"
                        .into(),
                })
            }
        };
        let tests = tests
            .iter()
            .enumerate()
            .map(|(i, t)| parse_case(i + 1, t))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TestSuite { tests, compare })
    }
}

fn parse_case(index: usize, raw: &Value) -> Result<TestCase, SandboxError> {
    let bad = |message: String| SandboxError::InvalidTestCase { index, message };
    let obj = raw.as_object().ok_or_else(|| {
        bad("a test case must be an object with \"args\" or \"input\", and \"expected\"".into())
    })?;
    let hidden = match obj.get("hidden") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(bad(format!(
                "\"hidden\" must be true or false, got {other}"
            )))
        }
    };
    let expected_raw = obj
        .get("expected")
        .ok_or_else(|| bad("missing \"expected\"".into()))?;
    match (obj.get("args"), obj.get("input")) {
        (Some(_), Some(_)) => Err(bad("give either \"args\" or \"input\", not both".into())),
        (Some(Value::Array(args)), None) => Ok(TestCase {
            input: TestInput::Args(args.clone()),
            expected: expected_raw.clone(),
            expected_text: None,
            hidden,
        }),
        (Some(other), None) => Err(bad(format!(
            "\"args\" must be an array of positional arguments, got {other}"
        ))),
        (None, Some(input)) => {
            let (text, value) = match input {
                Value::String(s) => (s.clone(), literal_or_text(index, "input", s)?),
                other => (other.to_string(), other.clone()),
            };
            let (expected, expected_text) = match expected_raw {
                Value::String(s) => (literal_or_text(index, "expected", s)?, Some(s.clone())),
                other => (other.clone(), None),
            };
            Ok(TestCase {
                input: TestInput::Spreadable { text, value },
                expected,
                expected_text,
                hidden,
            })
        }
        (None, None) => Err(bad(
            "missing \"args\" (array of arguments) or \"input\" (literal)".into(),
        )),
    }
}

/// A literal that looks structured must parse; bare words are taken as plain strings.
fn literal_or_text(index: usize, field: &'static str, text: &str) -> Result<Value, SandboxError> {
    match parse_literal(text) {
        Ok(v) => Ok(v),
        Err(message) => {
            let t = text.trim_start();
            if t.starts_with(['[', '{', '(', '"', '\'']) {
                Err(SandboxError::InvalidLiteral {
                    index,
                    field,
                    literal: text.to_string(),
                    message,
                })
            } else {
                Ok(Value::String(text.to_string()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_and_original_forms_parse() {
        let s = TestSuite::from_json(
            r#"[{"args": [[2,7,11,15], 9], "expected": [0,1]},
                {"input": "[[2,7,11,15],9]", "expected": "[0, 1]", "hidden": true},
                {"input": "(True, None, 'x')", "expected": "False"}]"#,
        )
        .unwrap();
        assert_eq!(
            s.tests[0].input,
            TestInput::Args(vec![json!([2, 7, 11, 15]), json!(9)])
        );
        assert_eq!(s.tests[0].input_text(), "[[2,7,11,15],9]");
        assert!(s.tests[1].hidden);
        assert_eq!(s.tests[1].expected, json!([0, 1]));
        assert_eq!(s.tests[1].expected_text.as_deref(), Some("[0, 1]"));
        match &s.tests[2].input {
            TestInput::Spreadable { value, .. } => assert_eq!(value, &json!([true, null, "x"])),
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(s.tests[2].expected, json!(false));
    }

    #[test]
    fn object_form_with_compare_options() {
        let s = TestSuite::from_json(
            r#"{"tests": [{"args": [1], "expected": 1.0}], "compare": {"floatTolerance": 1e-6, "unorderedLists": true}}"#,
        )
        .unwrap();
        assert_eq!(s.compare.float_tolerance, Some(1e-6));
        assert!(s.compare.unordered_lists);
    }

    #[test]
    fn malformed_json_reports_line_and_column() {
        let err = TestSuite::from_json("[\n  {\"args\": [1,]}\n]").unwrap_err();
        match err {
            SandboxError::SuiteJson { line, column, .. } => assert_eq!((line, column), (2, 15)),
            other => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn bad_cases_are_typed_errors() {
        for (text, needle) in [
            (r#"[{"expected": 1}]"#, "missing \"args\""),
            (r#"[{"args": 1, "expected": 1}]"#, "must be an array"),
            (r#"[{"args": [1]}]"#, "missing \"expected\""),
            (
                r#"[{"input": "[1, 2", "expected": 1}]"#,
                "cannot parse input literal",
            ),
            (r#"{"tests": [], "compare": {"fuzzy": true}}"#, "compare"),
            (
                r#"[{"args": [], "expected": 1, "hidden": "yes"}]"#,
                "hidden",
            ),
        ] {
            let err = TestSuite::from_json(text).unwrap_err().to_string();
            assert!(err.contains(needle), "{text}: {err}");
        }
    }

    #[test]
    fn bare_words_are_strings() {
        let s = TestSuite::from_json(r#"[{"input": "hello", "expected": "olleh"}]"#).unwrap();
        assert_eq!(s.tests[0].expected, json!("olleh"));
    }
}
