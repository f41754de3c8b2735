//! Public API: language lookup, errors, JSON shape, robustness on odd input.

mod common;
use common::{js, py};
use prepai_metrics::{analyze, MetricsError, MetricsLanguage, MAX_SOURCE_BYTES};

#[test]
fn languages_by_name_and_extension() {
    assert_eq!(
        MetricsLanguage::from_name("Python").unwrap(),
        MetricsLanguage::Python
    );
    assert_eq!(
        MetricsLanguage::from_name(" js ").unwrap(),
        MetricsLanguage::JavaScript
    );
    assert_eq!(
        MetricsLanguage::from_extension(".py").unwrap(),
        MetricsLanguage::Python
    );
    assert_eq!(
        MetricsLanguage::from_extension("MJS").unwrap(),
        MetricsLanguage::JavaScript
    );
}

#[test]
fn unknown_language_says_what_is_supported() {
    let err = MetricsLanguage::from_name("cobol").unwrap_err();
    assert!(matches!(err, MetricsError::UnknownLanguage { .. }));
    let message = err.to_string();
    assert!(
        message.contains("cobol") && message.contains("python") && message.contains("javascript")
    );
    let err = MetricsLanguage::from_extension("rs").unwrap_err();
    assert!(err.to_string().contains("`rs`") && err.to_string().contains("py"));
}

#[test]
fn oversized_source_is_a_typed_error() {
    let big = " ".repeat(MAX_SOURCE_BYTES + 1);
    let err = analyze(&big, MetricsLanguage::Python).unwrap_err();
    assert_eq!(
        err,
        MetricsError::SourceTooLarge {
            bytes: MAX_SOURCE_BYTES + 1,
            limit: MAX_SOURCE_BYTES
        }
    );
    assert!(err.to_string().contains("split the file"));
}

#[test]
fn json_uses_camel_case_and_halstead_capitals() {
    let m = py("def f(a):\n    return a\n");
    let json = serde_json::to_value(&m).unwrap();
    for key in [
        "linesOfCode",
        "commentLines",
        "blankLines",
        "totalLines",
        "commentRatio",
        "cyclomaticComplexity",
        "averageCyclomatic",
        "cognitiveComplexity",
        "maxNesting",
        "maintainabilityIndex",
        "syntaxErrors",
        "qualityScore",
        "deductions",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    for key in [
        "n1",
        "n2",
        "N1",
        "N2",
        "vocabulary",
        "length",
        "volume",
        "difficulty",
        "effort",
    ] {
        assert!(
            json["halstead"].get(key).is_some(),
            "missing halstead.{key}"
        );
    }
    let function = &json["functions"][0];
    for key in [
        "name",
        "startLine",
        "endLine",
        "cyclomatic",
        "cognitive",
        "nesting",
        "lines",
        "parameters",
    ] {
        assert!(function.get(key).is_some(), "missing functions[0].{key}");
    }
    let back: prepai_metrics::QualityMetrics = serde_json::from_value(json).unwrap();
    assert_eq!(back, m);
}

#[test]
fn function_positions_and_parameters() {
    let m = py("\n@decorator\ndef f(self, a, *args, b=1, **kw):\n    pass\n\n    return a\n");
    let f = &m.functions[0];
    assert_eq!(
        (f.start_line, f.end_line, f.lines, f.parameters),
        (3, 6, 4, 5)
    );
    let m = js("class A {\n  m(a, { b }, ...c) {\n    return a;\n  }\n}\nconst g = x => x;\n");
    assert_eq!(
        (m.functions[0].start_line, m.functions[0].parameters),
        (2, 3)
    );
    assert_eq!(
        (m.functions[1].name.as_str(), m.functions[1].parameters),
        ("g", 1)
    );
}

#[test]
fn deeply_nested_and_long_chained_input_does_not_overflow() {
    let depth = 3000;
    let nested = format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth));
    assert_eq!(py(&nested).syntax_errors, 0);
    let chain = format!("const ok = a{};\n", " && a".repeat(20_000));
    let m = js(&chain);
    assert_eq!(m.module.cyclomatic, 20_001);
    assert_eq!(m.module.cognitive, 1);
}

#[test]
fn garbage_input_is_measured_not_rejected() {
    let m = js("}}}{{{ ))) function ( => => ?? :: \u{0}\u{1F600}");
    assert!(m.syntax_errors > 0);
    let m = py("\t\t  )\n\u{FEFF}def\n");
    assert!(m.syntax_errors > 0);
}
