//! Code-quality metrics computed from real syntax trees (tree-sitter).
//!
//! [`analyze`] parses one source file and returns [`QualityMetrics`]: line
//! counts, lizard-compatible cyclomatic complexity ([`cyclomatic`]),
//! SonarSource cognitive complexity ([`cognitive`]), nesting depth, Halstead
//! measures ([`halstead`]), the normalised maintainability index and a 0–10
//! quality score whose every deduction is listed ([`score`]).
//!
//! ```
//! use prepai_metrics::{analyze, MetricsLanguage};
//! let m = analyze("def f(x):\n    return 1 if x else 2\n", MetricsLanguage::Python).unwrap();
//! assert_eq!(m.functions[0].cyclomatic, 2);
//! ```

#![warn(missing_docs)]

pub mod cognitive;
pub mod cyclomatic;
mod error;
pub mod halstead;
mod language;
mod lines;
mod naming;
mod report;
pub mod score;
mod spec;
mod walk;

pub use error::MetricsError;
pub use language::MetricsLanguage;
pub use naming::ANONYMOUS;
pub use report::{Deduction, FunctionMetrics, Halstead, QualityMetrics, UnitMetrics};
pub use score::{Thresholds, THRESHOLDS};

use tree_sitter::Parser;

/// Largest source accepted by [`analyze`], in bytes (16 MiB).
pub const MAX_SOURCE_BYTES: usize = 16 * 1024 * 1024;

/// Measures `source` written in `lang`.
///
/// Syntax errors do not fail the call: they are counted in
/// [`QualityMetrics::syntax_errors`] (and cost points) while everything that
/// parses is measured. `averageCyclomatic` is the mean over the functions,
/// plus the module-level unit when it has decisions of its own or the file
/// has no functions.
///
/// # Errors
/// [`MetricsError::SourceTooLarge`] above [`MAX_SOURCE_BYTES`];
/// [`MetricsError::Grammar`]/[`MetricsError::ParseAborted`] only on a broken build.
pub fn analyze(source: &str, lang: MetricsLanguage) -> Result<QualityMetrics, MetricsError> {
    analyze_with_thresholds(source, lang, &THRESHOLDS)
}

/// Like [`analyze`], but scores against custom `thresholds` instead of [`THRESHOLDS`].
///
/// # Errors
/// As for [`analyze`].
pub fn analyze_with_thresholds(
    source: &str,
    lang: MetricsLanguage,
    thresholds: &Thresholds,
) -> Result<QualityMetrics, MetricsError> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(MetricsError::SourceTooLarge {
            bytes: source.len(),
            limit: MAX_SOURCE_BYTES,
        });
    }
    let mut parser = Parser::new();
    parser
        .set_language(&lang.grammar())
        .map_err(|err| MetricsError::Grammar {
            language: lang.display_name(),
            message: err.to_string(),
        })?;
    let tree = parser
        .parse(source, None)
        .ok_or(MetricsError::ParseAborted {
            language: lang.display_name(),
        })?;
    let walk = walk::walk(tree.root_node(), source, lang.spec());
    Ok(summarise(&walk, source, thresholds))
}

fn summarise(walk: &walk::Walk, source: &str, thresholds: &Thresholds) -> QualityMetrics {
    let lines = walk.lines.finish(source);
    let halstead = walk.halstead.finish();
    let module = &walk.units[0];
    let functions = &walk.units[1..];

    let total_cyclomatic: u32 = walk.units.iter().map(|u| u.cyclomatic).sum();
    let averaged: Vec<u32> = functions
        .iter()
        .map(|u| u.cyclomatic)
        .chain((module.cyclomatic > 1 || functions.is_empty()).then_some(module.cyclomatic))
        .collect();
    let average_cyclomatic =
        averaged.iter().map(|&c| f64::from(c)).sum::<f64>() / averaged.len() as f64;
    let maintainability_index =
        score::maintainability_index(halstead.volume, total_cyclomatic, lines.code);
    let deductions = score::deductions(
        &walk.units,
        score::FileFacts {
            lines_of_code: lines.code,
            comment_lines: lines.comment,
            maintainability_index,
            syntax_errors: walk.syntax_errors,
        },
        thresholds,
    );
    let measured = lines.code + lines.comment;
    QualityMetrics {
        lines_of_code: lines.code,
        comment_lines: lines.comment,
        blank_lines: lines.blank,
        total_lines: lines.total,
        comment_ratio: if measured == 0 {
            0.0
        } else {
            lines.comment as f64 / measured as f64
        },
        cyclomatic_complexity: walk.units.iter().map(|u| u.cyclomatic).max().unwrap_or(1),
        average_cyclomatic,
        cognitive_complexity: walk.units.iter().map(|u| u.cognitive).sum(),
        max_nesting: walk.units.iter().map(|u| u.nesting).max().unwrap_or(0),
        halstead,
        maintainability_index,
        syntax_errors: walk.syntax_errors,
        functions: functions
            .iter()
            .map(|u| FunctionMetrics {
                name: u.name.clone(),
                start_line: u.start_line,
                end_line: u.end_line,
                cyclomatic: u.cyclomatic,
                cognitive: u.cognitive,
                nesting: u.nesting,
                lines: u.end_line + 1 - u.start_line,
                parameters: u.parameters,
            })
            .collect(),
        module: UnitMetrics {
            cyclomatic: module.cyclomatic,
            cognitive: module.cognitive,
            nesting: module.nesting,
        },
        quality_score: score::quality_score(&deductions),
        deductions,
    }
}
