//! One pass over the syntax tree that collects units, lines, Halstead tokens
//! and syntax errors. The walk uses an explicit stack, so deeply nested
//! source cannot overflow the call stack.

use crate::cognitive;
use crate::cyclomatic::{decision_weight, is_curried_body};
use crate::halstead::HalsteadCounter;
use crate::lines::LineTally;
use crate::naming;
use crate::spec::LanguageSpec;
use tree_sitter::Node;

/// Name of the module-level unit.
pub(crate) const MODULE_UNIT: &str = "<module>";

/// A measured unit: a function, or (index 0) the module-level code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    pub name: String,
    pub start_line: usize,
    pub end_line: usize,
    pub parameters: usize,
    pub cyclomatic: u32,
    pub cognitive: u32,
    pub nesting: u32,
}

/// Everything one walk collects.
#[derive(Debug)]
pub(crate) struct Walk<'a> {
    /// `units[0]` is the module; functions follow in source order.
    pub units: Vec<Unit>,
    pub lines: LineTally,
    pub halstead: HalsteadCounter<'a>,
    pub syntax_errors: usize,
}

/// Where a node sits: its unit and nesting levels.
#[derive(Debug, Clone, Copy)]
struct Context {
    unit: usize,
    /// Cognitive nesting level.
    level: u32,
    /// Control-structure nesting depth.
    depth: u32,
    /// The node is the `if` of an `else if`.
    else_if: bool,
    /// Inside a node whose content adds no CCN.
    opaque: bool,
    /// Inside a logical expression (through transparent wrappers).
    in_logical: bool,
}

/// What the walk does with a node's children.
enum Descend {
    /// The node was consumed whole (tokens, comments).
    No,
    /// Walk every child in this context.
    Children(Context),
    /// Walk only the code embedded in this literal (f-string interpolations).
    EmbeddedCode(Context),
}

/// Walks `root` and collects the measurements.
pub(crate) fn walk<'a>(root: Node<'a>, source: &'a str, spec: &LanguageSpec) -> Walk<'a> {
    let module = Unit {
        name: MODULE_UNIT.to_string(),
        start_line: 1,
        end_line: source.lines().count().max(1),
        parameters: 0,
        cyclomatic: 1,
        cognitive: 0,
        nesting: 0,
    };
    let mut walk = Walk {
        units: vec![module],
        lines: LineTally::new(source),
        halstead: HalsteadCounter::default(),
        syntax_errors: 0,
    };
    let start = Context {
        unit: 0,
        level: 0,
        depth: 0,
        else_if: false,
        opaque: false,
        in_logical: false,
    };
    let mut stack = vec![(root, start)];
    let mut children = Vec::new();
    let mut cursor = root.walk();
    while let Some((node, cx)) = stack.pop() {
        let (child_cx, only_embedded) = match walk.visit(node, cx, source, spec) {
            Descend::No => continue,
            Descend::Children(child_cx) => (child_cx, false),
            Descend::EmbeddedCode(child_cx) => (child_cx, true),
        };
        children.clear();
        children
            .extend(node.children(&mut cursor).filter(|child| {
                !only_embedded || spec.embedded_code_kinds.contains(&child.kind())
            }));
        for child in children.iter().rev() {
            stack.push((*child, walk.child_context(node, *child, cx, child_cx, spec)));
        }
    }
    walk
}

impl<'a> Walk<'a> {
    /// Measures `node` itself and says how to walk its children.
    fn visit(
        &mut self,
        node: Node<'a>,
        cx: Context,
        source: &'a str,
        spec: &LanguageSpec,
    ) -> Descend {
        let kind = node.kind();
        if node.is_missing() {
            self.syntax_errors += 1;
            return Descend::No;
        }
        if node.is_error() {
            self.syntax_errors += 1;
        }
        if spec.comment_kinds.contains(&kind) {
            self.lines.mark_comment(&node);
            return Descend::No;
        }
        if spec.string_statements_are_comments && is_string_statement(node, spec) {
            self.lines.mark_comment(&node);
            return Descend::No;
        }
        let atomic = spec.atomic_operand_kinds.contains(&kind);
        if atomic || node.child_count() == 0 {
            if node.start_byte() == node.end_byte() {
                return Descend::No;
            }
            self.lines.mark_code(&node);
            self.add_decisions(cx, node, spec, source);
            if spec.operand_kinds.contains(&kind) {
                self.halstead
                    .operand(source.get(node.byte_range()).unwrap_or(""));
            } else if !spec.ignored_tokens.contains(&kind) {
                self.halstead.operator(kind);
            }
            return if atomic {
                Descend::EmbeddedCode(Context {
                    else_if: false,
                    in_logical: false,
                    ..cx
                })
            } else {
                Descend::No
            };
        }
        self.add_decisions(cx, node, spec, source);

        if spec.function_kinds.contains(&kind) && !is_curried_body(node, spec) {
            let start_line = naming::unit_start_line(node);
            let end_line = node.end_position().row + 1;
            self.units.push(Unit {
                name: naming::unit_name(node, spec, source),
                start_line,
                end_line: end_line.max(start_line),
                parameters: naming::parameter_count(node, spec),
                cyclomatic: 1,
                cognitive: 0,
                nesting: 0,
            });
            return Descend::Children(Context {
                unit: self.units.len() - 1,
                level: 0,
                depth: 0,
                else_if: false,
                opaque: cx.opaque,
                in_logical: false,
            });
        }

        let logical = cognitive::logical_operator(node, spec).is_some();
        let mut inner = Context {
            else_if: false,
            in_logical: logical || (cx.in_logical && spec.transparent_kinds.contains(&kind)),
            ..cx
        };
        let unit = cx.unit;
        if spec.ccn_opaque_kinds.contains(&kind) {
            inner.opaque = true;
        }
        if spec.lambda_kinds.contains(&kind) {
            inner.level += 1;
        }
        if spec.else_kinds.contains(&kind) && !cognitive::is_else_if(node, spec) {
            self.units[unit].cognitive += 1;
            inner.level += 1;
        }
        if spec.cognitive_flow.contains(&kind) {
            self.units[unit].cognitive += if cx.else_if { 1 } else { 1 + cx.level };
            inner.level += 1;
        }
        if logical && !cx.in_logical {
            self.units[unit].cognitive += cognitive::logical_sequence_increment(node, spec);
        }
        if cognitive::is_labeled_jump(node, spec) {
            self.units[unit].cognitive += 1;
        }
        if spec.nesting_kinds.contains(&kind) && !cx.else_if {
            inner.depth += 1;
            let unit = &mut self.units[unit];
            unit.nesting = unit.nesting.max(inner.depth);
        }
        Descend::Children(inner)
    }

    fn add_decisions(&mut self, cx: Context, node: Node, spec: &LanguageSpec, source: &str) {
        if !cx.opaque {
            self.units[cx.unit].cyclomatic += decision_weight(node, spec, source);
        }
    }

    /// The context of `child` under `parent`: else-clauses stay at their
    /// `if`'s cognitive level, and the `if` of an `else if` is a continuation.
    fn child_context(
        &self,
        parent: Node,
        child: Node,
        parent_cx: Context,
        child_cx: Context,
        spec: &LanguageSpec,
    ) -> Context {
        if spec.else_kinds.contains(&child.kind()) && spec.cognitive_flow.contains(&parent.kind()) {
            return Context {
                level: parent_cx.level,
                ..child_cx
            };
        }
        if spec.if_kinds.contains(&child.kind()) && cognitive::is_else_if(parent, spec) {
            return Context {
                else_if: true,
                ..child_cx
            };
        }
        child_cx
    }
}

/// A statement that is only a string literal (a docstring or string comment).
fn is_string_statement(node: Node, spec: &LanguageSpec) -> bool {
    node.kind() == "expression_statement"
        && node.named_child_count() == 1
        && node
            .named_child(0)
            .is_some_and(|child| child.kind() == spec.string_kind)
}
