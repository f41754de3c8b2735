//! Helpers shared by the integration tests.
#![allow(dead_code)]

use prepai_metrics::{analyze, FunctionMetrics, MetricsLanguage, QualityMetrics};

/// Analyses Python source, which must succeed.
pub fn py(source: &str) -> QualityMetrics {
    analyze(source, MetricsLanguage::Python).expect("python source analyses")
}

/// Analyses JavaScript source, which must succeed.
pub fn js(source: &str) -> QualityMetrics {
    analyze(source, MetricsLanguage::JavaScript).expect("javascript source analyses")
}

/// The function called `name`; fails the test when there is none.
pub fn function<'m>(metrics: &'m QualityMetrics, name: &str) -> &'m FunctionMetrics {
    metrics
        .functions
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no function `{name}` in {:?}", metrics.functions))
}

/// CCN of the only function in a Python snippet.
pub fn py_ccn(source: &str) -> u32 {
    only(&py(source)).cyclomatic
}

/// CCN of the only function in a JavaScript snippet.
pub fn js_ccn(source: &str) -> u32 {
    only(&js(source)).cyclomatic
}

/// Cognitive complexity of the only function in a Python snippet.
pub fn py_cognitive(source: &str) -> u32 {
    only(&py(source)).cognitive
}

/// Cognitive complexity of the only function in a JavaScript snippet.
pub fn js_cognitive(source: &str) -> u32 {
    only(&js(source)).cognitive
}

fn only(metrics: &QualityMetrics) -> &FunctionMetrics {
    assert_eq!(metrics.functions.len(), 1, "{:?}", metrics.functions);
    &metrics.functions[0]
}
