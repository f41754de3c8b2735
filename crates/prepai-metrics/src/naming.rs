//! Names, start lines and parameter counts of function units.
//!
//! Names follow lizard so results can be compared with it: Python uses the
//! `def` name; JavaScript uses the declared name, else what the function is
//! assigned to (`const f = () => …` → `f`, `a.b.c = function () {…}` → `a.b.c`,
//! `{ key: function () {…} }` → `key`, class field `h = () => …` → `h`),
//! `get x`/`set x` for accessors, and `(anonymous)` otherwise.

use crate::spec::{LanguageSpec, NamingStyle};
use tree_sitter::Node;

/// Name given to functions that have none.
pub const ANONYMOUS: &str = "(anonymous)";

fn text<'a>(node: Node, source: &'a str) -> &'a str {
    source.get(node.byte_range()).unwrap_or("")
}

fn identifier_like(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$' || c == '#')
}

/// The unit's display name.
pub(crate) fn unit_name(node: Node, spec: &LanguageSpec, source: &str) -> String {
    match spec.naming {
        NamingStyle::Python => node
            .child_by_field_name("name")
            .map(|name| text(name, source).to_string())
            .unwrap_or_else(|| ANONYMOUS.to_string()),
        NamingStyle::JavaScript => javascript_name(node, source),
    }
}

fn javascript_name(node: Node, source: &str) -> String {
    if node.kind() == "method_definition" {
        let name = node
            .child_by_field_name("name")
            .map(|n| text(n, source))
            .unwrap_or(ANONYMOUS);
        let mut cursor = node.walk();
        let accessor = node
            .children(&mut cursor)
            .find(|child| matches!(child.kind(), "get" | "set"));
        return match accessor {
            Some(word) => format!("{} {name}", word.kind()),
            None => name.to_string(),
        };
    }
    if let Some(name) = node.child_by_field_name("name") {
        return text(name, source).to_string();
    }
    assigned_name(node, source).unwrap_or_else(|| ANONYMOUS.to_string())
}

/// The name a function expression gets from the binding it is the value of.
fn assigned_name(node: Node, source: &str) -> Option<String> {
    let mut value = node;
    let mut parent = node.parent()?;
    while parent.kind() == "parenthesized_expression" {
        value = parent;
        parent = parent.parent()?;
    }
    let target = match parent.kind() {
        "variable_declarator" => parent.child_by_field_name("name"),
        "assignment_expression" => parent.child_by_field_name("left"),
        "pair" => parent.child_by_field_name("key"),
        "field_definition" => parent.child_by_field_name("property"),
        _ => None,
    }?;
    if target.id() == value.id() {
        return None;
    }
    let name: String = text(target, source)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    identifier_like(&name).then_some(name)
}

/// 1-based first line of the unit, ignoring leading decorators.
pub(crate) fn unit_start_line(node: Node) -> usize {
    let mut cursor = node.walk();
    let first = node
        .children(&mut cursor)
        .find(|child| child.kind() != "decorator" && child.kind() != "comment");
    first.unwrap_or(node).start_position().row + 1
}

/// Number of declared parameters.
pub(crate) fn parameter_count(node: Node, spec: &LanguageSpec) -> usize {
    if let Some(list) = node.child_by_field_name("parameters") {
        let mut cursor = list.walk();
        return list
            .named_children(&mut cursor)
            .filter(|child| !spec.non_parameter_kinds.contains(&child.kind()))
            .count();
    }
    usize::from(node.child_by_field_name("parameter").is_some())
}
