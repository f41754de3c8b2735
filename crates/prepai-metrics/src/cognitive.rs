//! Cognitive complexity per SonarSource's definition (G. Ann Campbell,
//! "Cognitive Complexity", 2017–2023).
//!
//! * **Structural increments, `+1 + nesting`**: `if`, conditional expressions
//!   (`a if c else b`, `c ? a : b`), `for`, `while`, `do … while`, `switch`/`match`,
//!   `except`/`catch`. Each also raises the nesting level of what it contains.
//! * **Hybrid increments, `+1` with no nesting penalty**: `elif`, `else if`, `else`
//!   (including a loop's or `try`'s `else`); their bodies are nested one level.
//! * **Fundamental increments, `+1`**: each *sequence* of like logical operators
//!   (`a && b && c` is 1, `a && b || c` is 2; parentheses are looked through, so
//!   `a && (b || c)` is 2), and a labelled `break`/`continue` (JavaScript).
//! * **Nesting only**: a Python `lambda` nests its body one level without an increment.
//! * `try`, `finally`, `with` and `case` add nothing and do not nest.
//!
//! Functions (including nested functions, JavaScript callbacks and methods) are
//! separate units whose nesting starts at 0; the file's cognitive complexity is
//! the sum over all units, so nothing is counted twice. Recursion is not scored
//! (it needs call resolution that a single-file parse cannot do reliably).

use crate::spec::LanguageSpec;
use tree_sitter::Node;

/// The logical operator of `node`, when it is a logical binary expression.
pub(crate) fn logical_operator(node: Node, spec: &LanguageSpec) -> Option<&'static str> {
    if !spec.logical_nodes.contains(&node.kind()) {
        return None;
    }
    let op = node.child_by_field_name("operator")?.kind();
    spec.logical_operators
        .iter()
        .copied()
        .find(|known| *known == op)
}

/// The increment for a logical expression: the number of runs of like operators
/// in the flattened sequence rooted at `node`. The caller skips nodes inside a
/// larger logical expression, which is counted at its root.
pub(crate) fn logical_sequence_increment(node: Node, spec: &LanguageSpec) -> u32 {
    if logical_operator(node, spec).is_none() {
        return 0;
    }
    let mut runs = 0;
    let mut previous: Option<&str> = None;
    // In-order traversal with an explicit stack: long operator chains must not
    // exhaust the call stack.
    enum Item<'t> {
        Visit(Node<'t>),
        Operator(&'static str),
    }
    let mut stack = vec![Item::Visit(node)];
    while let Some(item) = stack.pop() {
        match item {
            Item::Operator(op) => {
                if previous != Some(op) {
                    runs += 1;
                }
                previous = Some(op);
            }
            Item::Visit(current) => {
                if let Some(op) = logical_operator(current, spec) {
                    if let Some(right) = current.child_by_field_name("right") {
                        stack.push(Item::Visit(right));
                    }
                    stack.push(Item::Operator(op));
                    if let Some(left) = current.child_by_field_name("left") {
                        stack.push(Item::Visit(left));
                    }
                } else if spec.transparent_kinds.contains(&current.kind()) {
                    let mut cursor = current.walk();
                    let inner: Vec<Node> = current.named_children(&mut cursor).collect();
                    stack.extend(inner.into_iter().rev().map(Item::Visit));
                }
            }
        }
    }
    runs
}

/// Whether `node` is an else-clause that only wraps an `if` (an `else if`).
pub(crate) fn is_else_if(node: Node, spec: &LanguageSpec) -> bool {
    if !spec.else_kinds.contains(&node.kind()) {
        return false;
    }
    let mut cursor = node.walk();
    let mut named = node
        .named_children(&mut cursor)
        .filter(|child| !spec.comment_kinds.contains(&child.kind()));
    matches!((named.next(), named.next()), (Some(only), None) if spec.if_kinds.contains(&only.kind()))
}

/// Whether `node` is a `break`/`continue` that names a label.
pub(crate) fn is_labeled_jump(node: Node, spec: &LanguageSpec) -> bool {
    spec.labeled_jumps.contains(&node.kind()) && node.child_by_field_name("label").is_some()
}
