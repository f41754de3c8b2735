//! Invariants that hold for any input, checked on the benchmark fixtures and
//! on many truncated (syntactically broken) prefixes of them.

use prepai_metrics::{analyze, MetricsLanguage, QualityMetrics};

const PYTHON: &str = include_str!("../benches/fixtures/inventory.py");
const JAVASCRIPT: &str = include_str!("../benches/fixtures/inventory.js");

fn check(m: &QualityMetrics, source: &str) {
    assert_eq!(
        m.lines_of_code + m.comment_lines + m.blank_lines,
        m.total_lines
    );
    assert_eq!(m.total_lines, source.lines().count());
    assert!((0.0..=1.0).contains(&m.comment_ratio));
    assert!((0.0..=100.0).contains(&m.maintainability_index));
    assert!((0.0..=10.0).contains(&m.quality_score));
    let deducted: f64 = m.deductions.iter().map(|d| d.points).sum();
    assert_eq!(
        m.quality_score,
        ((10.0 - deducted).max(0.0) * 10.0).round() / 10.0
    );
    assert!(m.cyclomatic_complexity >= m.module.cyclomatic);
    assert!(m.average_cyclomatic >= 1.0);
    assert!(m.average_cyclomatic <= f64::from(m.cyclomatic_complexity));
    for f in &m.functions {
        assert!(f.start_line <= f.end_line && f.end_line <= m.total_lines.max(1));
        assert_eq!(f.lines, f.end_line - f.start_line + 1);
        assert!(f.cyclomatic >= 1 && f.cyclomatic <= m.cyclomatic_complexity);
        assert!(f.nesting <= m.max_nesting);
    }
    let h = m.halstead;
    assert_eq!((h.vocabulary, h.length), (h.n1 + h.n2, h.big_n1 + h.big_n2));
}

fn truncations(source: &str, lang: MetricsLanguage) {
    let whole = analyze(source, lang).expect("fixture analyses");
    check(&whole, source);
    assert_eq!(whole.syntax_errors, 0, "{lang} fixture parses cleanly");
    let mut broken = 0;
    for cut in (0..source.len()).step_by(487) {
        let prefix = &source[..cut];
        let m = analyze(prefix, lang).expect("prefix analyses");
        check(&m, prefix);
        broken += usize::from(m.syntax_errors > 0);
    }
    assert!(broken > 0, "some {lang} prefixes must be broken");
}

#[test]
fn python_prefixes_keep_invariants() {
    truncations(PYTHON, MetricsLanguage::Python);
}

#[test]
fn javascript_prefixes_keep_invariants() {
    truncations(JAVASCRIPT, MetricsLanguage::JavaScript);
}
