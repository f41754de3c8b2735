//! Line classification: code, comment (comments and docstrings), blank.
//!
//! A line is *code* when any code token touches it (a line with code and a
//! trailing comment is code), *comment* when only comment or docstring text
//! touches it, and *blank* when it holds only whitespace. Multi-line strings
//! make every line they span code; multi-line comments make every line they
//! span a comment line. The three counts always sum to `totalLines`.

use tree_sitter::Node;

const CODE: u8 = 1;
const COMMENT: u8 = 2;

/// Per-line flags collected while walking the syntax tree.
#[derive(Debug)]
pub(crate) struct LineTally {
    flags: Vec<u8>,
}

/// The final line counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineCounts {
    pub code: usize,
    pub comment: usize,
    pub blank: usize,
    pub total: usize,
}

impl LineTally {
    /// A tally for `source` with every line unmarked.
    pub fn new(source: &str) -> Self {
        Self {
            flags: vec![0; source.lines().count()],
        }
    }

    /// Marks the lines spanned by a code token.
    pub fn mark_code(&mut self, node: &Node) {
        self.mark(node, CODE);
    }

    /// Marks the lines spanned by a comment or docstring.
    pub fn mark_comment(&mut self, node: &Node) {
        self.mark(node, COMMENT);
    }

    fn mark(&mut self, node: &Node, flag: u8) {
        let start = node.start_position();
        let end = node.end_position();
        // A token that ends at column 0 ends with the previous line's newline.
        let last = if end.column == 0 && end.row > start.row {
            end.row - 1
        } else {
            end.row
        };
        let upper = (last + 1).min(self.flags.len());
        for line in self.flags.iter_mut().take(upper).skip(start.row) {
            *line |= flag;
        }
    }

    /// Counts the lines; unmarked lines with visible text count as code.
    pub fn finish(&self, source: &str) -> LineCounts {
        let mut counts = LineCounts {
            code: 0,
            comment: 0,
            blank: 0,
            total: self.flags.len(),
        };
        for (text, flag) in source.lines().zip(&self.flags) {
            if flag & CODE != 0 {
                counts.code += 1;
            } else if flag & COMMENT != 0 {
                counts.comment += 1;
            } else if text.trim().is_empty() {
                counts.blank += 1;
            } else {
                counts.code += 1;
            }
        }
        counts
    }
}
