//! Per-language node-kind tables that drive the shared syntax-tree walker.
//!
//! Each table names tree-sitter node kinds (see the grammar's `node-types.json`).
//! Anonymous kinds are the literal tokens (`"if"`, `"&&"`); named kinds are
//! syntax nodes (`"if_statement"`). A new language needs one more table here.

/// How function units are named and their parameters found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NamingStyle {
    /// `def name(...)`: the `name` field.
    Python,
    /// Declarations, methods, and expressions named by what they are assigned to.
    JavaScript,
}

/// The node-kind table for one language.
#[derive(Debug)]
pub(crate) struct LanguageSpec {
    /// Nodes that start a function unit (own CCN, cognitive score, nesting).
    pub function_kinds: &'static [&'static str],
    /// Anonymous functions that are *not* units: their decisions count for the
    /// enclosing unit (as lizard does) and they add one cognitive nesting level.
    pub lambda_kinds: &'static [&'static str],
    /// Anonymous tokens that each add 1 to the cyclomatic complexity (lizard's condition set).
    pub ccn_tokens: &'static [&'static str],
    /// Named nodes that each add 1 to the cyclomatic complexity (lizard's binding defaults).
    pub ccn_nodes: &'static [&'static str],
    /// Property names that add 1 when called as a method (`promise.catch(…)`).
    pub ccn_methods: &'static [&'static str],
    /// Nodes whose content adds no CCN (lizard reads template interpolations as opaque).
    pub ccn_opaque_kinds: &'static [&'static str],
    /// Function kinds that merge into an enclosing function of the same kind
    /// when they are its whole body (curried arrows `a => b => {…}` are one unit).
    pub curried_kinds: &'static [&'static str],
    /// Flow breaks that add `1 + nesting` to cognitive complexity and nest their children.
    pub cognitive_flow: &'static [&'static str],
    /// `if` kinds: an `if` directly inside an else-kind is an `else if` continuation.
    pub if_kinds: &'static [&'static str],
    /// `else`/`elif` kinds: `+1` without nesting increment; children nest one level.
    pub else_kinds: &'static [&'static str],
    /// Binary-operator nodes that may hold a logical operator (in their `operator` field).
    pub logical_nodes: &'static [&'static str],
    /// Logical operators whose like-sequences count once in cognitive complexity.
    pub logical_operators: &'static [&'static str],
    /// Wrappers that are transparent when flattening logical-operator sequences.
    pub transparent_kinds: &'static [&'static str],
    /// Jumps that add 1 to cognitive complexity when they carry a label.
    pub labeled_jumps: &'static [&'static str],
    /// Block structures that deepen the control-nesting depth (`maxNesting`).
    pub nesting_kinds: &'static [&'static str],
    /// Comment nodes.
    pub comment_kinds: &'static [&'static str],
    /// Whether a statement that is only a string literal (a docstring) is a comment.
    pub string_statements_are_comments: bool,
    /// The string node kind (for docstrings).
    pub string_kind: &'static str,
    /// Leaf kinds counted as Halstead operands (everything else that is a token is an operator).
    pub operand_kinds: &'static [&'static str],
    /// Nodes measured as one Halstead operand without descending (string and regex literals).
    pub atomic_operand_kinds: &'static [&'static str],
    /// Code embedded in an atomic literal that is still measured (f-string `{…}`).
    pub embedded_code_kinds: &'static [&'static str],
    /// Tokens that are pure punctuation and not Halstead operators (closers, separators).
    pub ignored_tokens: &'static [&'static str],
    /// Children of a parameter list that are not parameters.
    pub non_parameter_kinds: &'static [&'static str],
    /// How units are named.
    pub naming: NamingStyle,
}

/// Python 3 (tree-sitter-python 0.25).
pub(crate) static PYTHON: LanguageSpec = LanguageSpec {
    function_kinds: &["function_definition"],
    lambda_kinds: &["lambda"],
    ccn_tokens: &[
        "if", "elif", "for", "while", "except", "finally", "and", "or", "case",
    ],
    ccn_nodes: &[],
    ccn_methods: &[],
    ccn_opaque_kinds: &[],
    curried_kinds: &[],
    cognitive_flow: &[
        "if_statement",
        "for_statement",
        "while_statement",
        "except_clause",
        "match_statement",
        "conditional_expression",
    ],
    if_kinds: &["if_statement"],
    else_kinds: &["elif_clause", "else_clause"],
    logical_nodes: &["boolean_operator"],
    logical_operators: &["and", "or"],
    transparent_kinds: &["parenthesized_expression"],
    labeled_jumps: &[],
    nesting_kinds: &[
        "if_statement",
        "for_statement",
        "while_statement",
        "try_statement",
        "with_statement",
        "match_statement",
    ],
    comment_kinds: &["comment"],
    string_statements_are_comments: true,
    string_kind: "string",
    operand_kinds: &[
        "identifier",
        "integer",
        "float",
        "true",
        "false",
        "none",
        "ellipsis",
        "string",
    ],
    atomic_operand_kinds: &["string"],
    embedded_code_kinds: &["interpolation"],
    ignored_tokens: &[")", "]", "}", ",", ";", "\\", "line_continuation"],
    non_parameter_kinds: &["comment", "positional_separator", "keyword_separator"],
    naming: NamingStyle::Python,
};

/// JavaScript with JSX (tree-sitter-javascript 0.25).
pub(crate) static JAVASCRIPT: LanguageSpec = LanguageSpec {
    function_kinds: &[
        "function_declaration",
        "generator_function_declaration",
        "function_expression",
        "generator_function",
        "arrow_function",
        "method_definition",
    ],
    lambda_kinds: &[],
    ccn_tokens: &[
        "if", "for", "while", "catch", "case", "&&", "||", "??", "?", "&&=", "||=", "??=",
    ],
    ccn_nodes: &["assignment_pattern", "object_assignment_pattern"],
    ccn_methods: &["catch"],
    ccn_opaque_kinds: &["template_substitution"],
    curried_kinds: &["arrow_function"],
    cognitive_flow: &[
        "if_statement",
        "for_statement",
        "for_in_statement",
        "while_statement",
        "do_statement",
        "catch_clause",
        "switch_statement",
        "ternary_expression",
    ],
    if_kinds: &["if_statement"],
    else_kinds: &["else_clause"],
    logical_nodes: &["binary_expression"],
    logical_operators: &["&&", "||", "??"],
    transparent_kinds: &["parenthesized_expression"],
    labeled_jumps: &["break_statement", "continue_statement"],
    nesting_kinds: &[
        "if_statement",
        "for_statement",
        "for_in_statement",
        "while_statement",
        "do_statement",
        "try_statement",
        "switch_statement",
        "with_statement",
    ],
    comment_kinds: &["comment", "html_comment", "hash_bang_line"],
    string_statements_are_comments: false,
    string_kind: "string",
    operand_kinds: &[
        "identifier",
        "property_identifier",
        "shorthand_property_identifier",
        "shorthand_property_identifier_pattern",
        "private_property_identifier",
        "statement_identifier",
        "number",
        "string",
        "string_fragment",
        "escape_sequence",
        "regex",
        "true",
        "false",
        "null",
        "undefined",
        "this",
        "super",
        "jsx_text",
    ],
    atomic_operand_kinds: &["string", "regex"],
    embedded_code_kinds: &[],
    ignored_tokens: &[")", "]", "}", ",", ";", "\"", "'"],
    non_parameter_kinds: &["comment"],
    naming: NamingStyle::JavaScript,
};
