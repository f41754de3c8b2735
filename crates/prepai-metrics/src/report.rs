//! The serialisable result types (camelCase JSON).

use serde::{Deserialize, Serialize};

/// Every metric computed for one source file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QualityMetrics {
    /// Lines holding code (not blank, not only comments or docstrings).
    pub lines_of_code: usize,
    /// Lines holding only comments or docstrings.
    pub comment_lines: usize,
    /// Lines holding only whitespace.
    pub blank_lines: usize,
    /// All lines (`linesOfCode + commentLines + blankLines`).
    pub total_lines: usize,
    /// `commentLines / (linesOfCode + commentLines)`, 0 when both are 0.
    pub comment_ratio: f64,
    /// Highest cyclomatic complexity of any unit (functions, and module-level code as its own unit).
    pub cyclomatic_complexity: u32,
    /// Mean cyclomatic complexity over the averaged units (see [`crate::analyze`]).
    pub average_cyclomatic: f64,
    /// Sum of the cognitive complexity of all units.
    pub cognitive_complexity: u32,
    /// Deepest control-structure nesting anywhere in the file.
    pub max_nesting: u32,
    /// File-wide Halstead measures.
    pub halstead: Halstead,
    /// Normalised maintainability index, 0–100 (see [`crate::score`]).
    pub maintainability_index: f64,
    /// Number of syntax-error regions (ERROR nodes and missing tokens) in the parse.
    pub syntax_errors: usize,
    /// Per-function measurements, in source order.
    pub functions: Vec<FunctionMetrics>,
    /// Module-level code measured as its own unit.
    pub module: UnitMetrics,
    /// 0–10 with one decimal: 10 minus the listed deductions, floored at 0.
    pub quality_score: f64,
    /// Every deduction taken from 10, with its reason.
    pub deductions: Vec<Deduction>,
}

/// Halstead's software-science measures.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Halstead {
    /// Distinct operators.
    pub n1: usize,
    /// Distinct operands.
    pub n2: usize,
    /// Total operators.
    #[serde(rename = "N1")]
    pub big_n1: usize,
    /// Total operands.
    #[serde(rename = "N2")]
    pub big_n2: usize,
    /// `n1 + n2`.
    pub vocabulary: usize,
    /// `N1 + N2`.
    pub length: usize,
    /// `length × log2(vocabulary)`.
    pub volume: f64,
    /// `(n1 / 2) × (N2 / n2)`.
    pub difficulty: f64,
    /// `difficulty × volume`.
    pub effort: f64,
}

/// Measurements of one function (method, arrow function, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionMetrics {
    /// The function's name, or `(anonymous)`.
    pub name: String,
    /// 1-based line where the function starts.
    pub start_line: usize,
    /// 1-based line where the function ends.
    pub end_line: usize,
    /// Lizard-compatible cyclomatic complexity.
    pub cyclomatic: u32,
    /// SonarSource cognitive complexity.
    pub cognitive: u32,
    /// Deepest control-structure nesting inside the function.
    pub nesting: u32,
    /// `endLine - startLine + 1`.
    pub lines: usize,
    /// Number of declared parameters (including `self`/`cls`).
    pub parameters: usize,
}

/// Measurements of the module-level code (everything outside functions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitMetrics {
    /// Cyclomatic complexity of module-level code.
    pub cyclomatic: u32,
    /// Cognitive complexity of module-level code.
    pub cognitive: u32,
    /// Deepest nesting in module-level code.
    pub nesting: u32,
}

/// One deduction from the 10-point quality score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deduction {
    /// What was found and which threshold it crossed.
    pub reason: String,
    /// Points deducted.
    pub points: f64,
    /// The function concerned, when the deduction is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
}
