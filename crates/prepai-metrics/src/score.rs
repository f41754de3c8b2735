//! Maintainability index and the 0–10 quality score with its deductions.
//!
//! # Maintainability index
//!
//! The normalised (Visual Studio) form of Oman & Hagemeister's index:
//!
//! `MI = clamp(0, 100, (171 − 5.2·ln V − 0.23·G − 16.2·ln L) × 100 / 171)`
//!
//! where `V` is the file's Halstead volume (the term is 0 when `V ≤ 1`), `G`
//! the sum of the cyclomatic complexity of all units (functions and
//! module-level code, as radon does) and `L` the lines of code (the term is 0
//! when `L ≤ 1`). Microsoft's bands: 20–100 good, 10–19 moderate, 0–9 low.
//!
//! # Quality score
//!
//! The score starts at 10 and every deduction is listed with its reason; the
//! score is `10 − Σ points`, floored at 0 and shown with one decimal. Nothing
//! adds points, so length alone never raises the score. Thresholds
//! ([`THRESHOLDS`]):
//!
//! | Finding (per unit unless noted)                       | Threshold  | Points |
//! |-------------------------------------------------------|------------|--------|
//! | cyclomatic complexity                                 | > 10       | 1.0 (2.0 when > 20) |
//! | cognitive complexity                                  | > 15       | 1.0    |
//! | control nesting depth                                 | > 3        | 0.5    |
//! | function length (lines)                               | > 50       | 0.5    |
//! | parameters                                            | > 5        | 0.5    |
//! | no comment or docstring line (file)                   | ≥ 20 lines of code | 1.0 |
//! | maintainability index (file)                          | < 20       | 1.0 (2.0 when < 10) |
//! | syntax errors (file)                                  | ≥ 1        | 2.0    |
//!
//! Module-level code is judged like a function (named `<module>`) for
//! cyclomatic, cognitive and nesting.

use crate::naming::ANONYMOUS;
use crate::report::Deduction;
use crate::walk::Unit;

/// The thresholds and points of every quality-score rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Cyclomatic complexity above this costs [`Thresholds::cyclomatic_points`].
    pub cyclomatic: u32,
    /// Cyclomatic complexity above this costs [`Thresholds::cyclomatic_severe_points`] instead.
    pub cyclomatic_severe: u32,
    /// Points for a unit over [`Thresholds::cyclomatic`].
    pub cyclomatic_points: f64,
    /// Points for a unit over [`Thresholds::cyclomatic_severe`].
    pub cyclomatic_severe_points: f64,
    /// Cognitive complexity above this costs [`Thresholds::cognitive_points`].
    pub cognitive: u32,
    /// Points for a unit over [`Thresholds::cognitive`].
    pub cognitive_points: f64,
    /// Nesting depth above this costs [`Thresholds::nesting_points`].
    pub nesting: u32,
    /// Points for a unit over [`Thresholds::nesting`].
    pub nesting_points: f64,
    /// Function length (lines) above this costs [`Thresholds::function_lines_points`].
    pub function_lines: usize,
    /// Points for a function over [`Thresholds::function_lines`].
    pub function_lines_points: f64,
    /// Parameter count above this costs [`Thresholds::parameters_points`].
    pub parameters: usize,
    /// Points for a function over [`Thresholds::parameters`].
    pub parameters_points: f64,
    /// Files with at least this many lines of code need a comment or docstring.
    pub uncommented_lines: usize,
    /// Points for an uncommented file.
    pub uncommented_points: f64,
    /// Maintainability index below this costs [`Thresholds::maintainability_points`].
    pub maintainability: f64,
    /// Maintainability index below this costs [`Thresholds::maintainability_severe_points`] instead.
    pub maintainability_severe: f64,
    /// Points for a file below [`Thresholds::maintainability`].
    pub maintainability_points: f64,
    /// Points for a file below [`Thresholds::maintainability_severe`].
    pub maintainability_severe_points: f64,
    /// Points for a file with syntax errors.
    pub syntax_error_points: f64,
}

/// The rules the quality score applies (see the module documentation).
pub const THRESHOLDS: Thresholds = Thresholds {
    cyclomatic: 10,
    cyclomatic_severe: 20,
    cyclomatic_points: 1.0,
    cyclomatic_severe_points: 2.0,
    cognitive: 15,
    cognitive_points: 1.0,
    nesting: 3,
    nesting_points: 0.5,
    function_lines: 50,
    function_lines_points: 0.5,
    parameters: 5,
    parameters_points: 0.5,
    uncommented_lines: 20,
    uncommented_points: 1.0,
    maintainability: 20.0,
    maintainability_severe: 10.0,
    maintainability_points: 1.0,
    maintainability_severe_points: 2.0,
    syntax_error_points: 2.0,
};

/// The normalised maintainability index (0–100) from Halstead volume, total
/// cyclomatic complexity and lines of code.
pub fn maintainability_index(volume: f64, total_cyclomatic: u32, lines_of_code: usize) -> f64 {
    let ln_volume = if volume > 1.0 { volume.ln() } else { 0.0 };
    let ln_lines = if lines_of_code > 1 {
        (lines_of_code as f64).ln()
    } else {
        0.0
    };
    let raw = 171.0 - 5.2 * ln_volume - 0.23 * f64::from(total_cyclomatic) - 16.2 * ln_lines;
    (raw * 100.0 / 171.0).clamp(0.0, 100.0)
}

/// File-level facts the score needs besides the units.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileFacts {
    pub lines_of_code: usize,
    pub comment_lines: usize,
    pub maintainability_index: f64,
    pub syntax_errors: usize,
}

/// Lists every deduction for the units (`units[0]` is the module) and file facts.
pub(crate) fn deductions(units: &[Unit], file: FileFacts, t: &Thresholds) -> Vec<Deduction> {
    let mut out = Vec::new();
    let mut push = |reason: String, points: f64, function: Option<&str>| {
        out.push(Deduction {
            reason,
            points,
            function: function.map(str::to_string),
        });
    };
    if file.syntax_errors > 0 {
        push(
            format!(
                "syntax errors ({} region(s) did not parse)",
                file.syntax_errors
            ),
            t.syntax_error_points,
            None,
        );
    }
    for (index, unit) in units.iter().enumerate() {
        let is_module = index == 0;
        let label = if unit.name == ANONYMOUS {
            format!("`{}` at line {}", unit.name, unit.start_line)
        } else {
            format!("`{}`", unit.name)
        };
        let what = if is_module {
            "module-level code".to_string()
        } else {
            format!("function {label}")
        };
        let function = (!is_module).then_some(unit.name.as_str());
        if unit.cyclomatic > t.cyclomatic {
            let (limit, points) = if unit.cyclomatic > t.cyclomatic_severe {
                (t.cyclomatic_severe, t.cyclomatic_severe_points)
            } else {
                (t.cyclomatic, t.cyclomatic_points)
            };
            push(
                format!(
                    "{what} has cyclomatic complexity {} (> {limit})",
                    unit.cyclomatic
                ),
                points,
                function,
            );
        }
        if unit.cognitive > t.cognitive {
            push(
                format!(
                    "{what} has cognitive complexity {} (> {})",
                    unit.cognitive, t.cognitive
                ),
                t.cognitive_points,
                function,
            );
        }
        if unit.nesting > t.nesting {
            let place = if is_module {
                "module-level code".to_string()
            } else {
                label.clone()
            };
            push(
                format!(
                    "nesting depth {} in {place} (> {})",
                    unit.nesting, t.nesting
                ),
                t.nesting_points,
                function,
            );
        }
        if is_module {
            continue;
        }
        let lines = unit.end_line + 1 - unit.start_line;
        if lines > t.function_lines {
            push(
                format!("{what} is {lines} lines (> {})", t.function_lines),
                t.function_lines_points,
                function,
            );
        }
        if unit.parameters > t.parameters {
            push(
                format!(
                    "{what} takes {} parameters (> {})",
                    unit.parameters, t.parameters
                ),
                t.parameters_points,
                function,
            );
        }
    }
    if file.comment_lines == 0 && file.lines_of_code >= t.uncommented_lines {
        push(
            format!(
                "no comments or docstrings in a {}-line file",
                file.lines_of_code
            ),
            t.uncommented_points,
            None,
        );
    }
    let mi = file.maintainability_index;
    if mi < t.maintainability {
        let (limit, points) = if mi < t.maintainability_severe {
            (t.maintainability_severe, t.maintainability_severe_points)
        } else {
            (t.maintainability, t.maintainability_points)
        };
        push(
            format!("maintainability index {:.0} (< {limit:.0})", mi.floor()),
            points,
            None,
        );
    }
    out
}

/// `10 − Σ points`, floored at 0, rounded to one decimal.
pub(crate) fn quality_score(deductions: &[Deduction]) -> f64 {
    let total: f64 = deductions.iter().map(|d| d.points).sum();
    ((10.0 - total).max(0.0) * 10.0).round() / 10.0
}
