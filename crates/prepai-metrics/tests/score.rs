//! Maintainability index and quality-score deductions.

mod common;
use common::{js, py};
use prepai_metrics::score::maintainability_index;
use prepai_metrics::{analyze_with_thresholds, MetricsLanguage, Thresholds, THRESHOLDS};

#[test]
fn maintainability_index_formula() {
    // (171 − 5.2·ln 100 − 0.23·2 − 16.2·ln 10) × 100 / 171
    let expected = (171.0 - 5.2 * 100f64.ln() - 0.46 - 16.2 * 10f64.ln()) * 100.0 / 171.0;
    assert!((maintainability_index(100.0, 2, 10) - expected).abs() < 1e-9);
    assert_eq!(
        maintainability_index(0.0, 1, 0),
        100.0 * (171.0 - 0.23) / 171.0
    );
    assert_eq!(maintainability_index(1e12, 500, 100_000), 0.0);
}

#[test]
fn clean_small_function_scores_ten() {
    let m = py("def add(a, b):\n    \"\"\"Add two numbers.\"\"\"\n    return a + b\n");
    assert_eq!(m.quality_score, 10.0);
    assert!(m.deductions.is_empty(), "{:?}", m.deductions);
}

#[test]
fn complex_function_is_deducted_with_reason() {
    let body: String = (0..12)
        .map(|i| format!("    if a == {i}:\n        return {i}\n"))
        .collect();
    let m = py(&format!(
        "def pick(a):\n    \"\"\"Pick.\"\"\"\n{body}    return -1\n"
    ));
    let d = m
        .deductions
        .iter()
        .find(|d| d.reason.contains("cyclomatic"))
        .expect("cyclomatic deduction");
    assert_eq!(
        d.reason,
        "function `pick` has cyclomatic complexity 13 (> 10)"
    );
    assert_eq!(d.points, THRESHOLDS.cyclomatic_points);
    assert_eq!(d.function.as_deref(), Some("pick"));
}

#[test]
fn deep_nesting_long_function_and_many_parameters_are_listed() {
    let filler: String = (0..50).map(|i| format!("  total += {i};\n")).collect();
    let src = format!(
        "// Sums.\nfunction g(a, b, c, d, e, f) {{\n  let total = 0;\n  if (a) {{ if (b) {{ if (c) {{ if (d) {{ total = 1; }} }} }} }}\n{filler}  return total;\n}}\n"
    );
    let m = js(&src);
    let reasons: Vec<&str> = m.deductions.iter().map(|d| d.reason.as_str()).collect();
    assert!(
        reasons.contains(&"nesting depth 4 in `g` (> 3)"),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&"function `g` is 55 lines (> 50)"),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&"function `g` takes 6 parameters (> 5)"),
        "{reasons:?}"
    );
}

#[test]
fn uncommented_file_is_deducted() {
    let body: String = (0..25).map(|i| format!("x{i} = {i}\n")).collect();
    let m = py(&body);
    assert!(m
        .deductions
        .iter()
        .any(|d| d.reason == "no comments or docstrings in a 25-line file"));
}

#[test]
fn syntax_errors_are_counted_and_the_rest_is_measured() {
    let m = py("def ok(a):\n    if a:\n        return 1\n\ndef broken(:\n    pass\n");
    assert!(m.syntax_errors > 0);
    assert!(m
        .deductions
        .iter()
        .any(|d| d.reason.starts_with("syntax errors")));
    let ok = m
        .functions
        .iter()
        .find(|f| f.name == "ok")
        .expect("ok measured");
    assert_eq!(ok.cyclomatic, 2);
}

#[test]
fn score_is_ten_minus_deductions() {
    let src = "function f(a,b,c,d,e,f,g){if(a){if(b){if(c){if(d){return 1;}}}}}\nf(;\n";
    let m = js(src);
    let total: f64 = m.deductions.iter().map(|d| d.points).sum();
    assert!(!m.deductions.is_empty());
    assert_eq!(
        m.quality_score,
        ((10.0 - total).max(0.0) * 10.0).round() / 10.0
    );
}

#[test]
fn score_never_rises_with_length_alone() {
    let mut previous = f64::INFINITY;
    for statements in [1, 5, 10, 20, 40, 60, 120, 240] {
        let body: String = (0..statements)
            .map(|i| format!("    v{i} = {i}\n"))
            .collect();
        let score = py(&format!("def f():\n{body}    return 0\n")).quality_score;
        assert!(
            score <= previous,
            "{statements} statements scored {score} > {previous}"
        );
        previous = score;
    }
    assert!(previous < 10.0);
}

#[test]
fn anonymous_functions_are_located_by_line() {
    let src = "// Handlers.\nrun(function () {\n  if (a) { if (b) { if (c) { if (d) { go(); } } } }\n});\n";
    let m = js(src);
    assert!(
        m.deductions
            .iter()
            .any(|d| d.reason == "nesting depth 4 in `(anonymous)` at line 2 (> 3)"),
        "{:?}",
        m.deductions
    );
}

#[test]
fn custom_thresholds_change_the_deductions() {
    let src = "def f(a):\n    \"\"\"Doc.\"\"\"\n    if a:\n        return 1\n    return 2\n";
    assert!(py(src).deductions.is_empty());
    let strict = Thresholds {
        cyclomatic: 1,
        ..THRESHOLDS
    };
    let m = analyze_with_thresholds(src, MetricsLanguage::Python, &strict).unwrap();
    assert_eq!(m.deductions.len(), 1);
    assert_eq!(
        m.deductions[0].reason,
        "function `f` has cyclomatic complexity 2 (> 1)"
    );
    assert_eq!(m.quality_score, 9.0);
}
