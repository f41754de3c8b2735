//! Cyclomatic complexity rules (lizard-compatible), one snippet per rule;
//! expected values worked out by hand from the rules in `src/cyclomatic.rs`.

mod common;
use common::{function, js, js_ccn, py, py_ccn};

#[test]
fn python_straight_line_function_is_one() {
    assert_eq!(py_ccn("def f(a):\n    return a + 1\n"), 1);
}

#[test]
fn python_if_elif_count_else_does_not() {
    let src = "def f(a):\n    if a > 1:\n        return 1\n    elif a > 0:\n        return 2\n    else:\n        return 3\n";
    assert_eq!(py_ccn(src), 3);
}

#[test]
fn python_loops_count() {
    let src = "def f(xs):\n    for x in xs:\n        pass\n    while xs:\n        xs.pop()\n";
    assert_eq!(py_ccn(src), 3);
}

#[test]
fn python_except_and_finally_count_try_and_with_do_not() {
    let src = "def f():\n    with open('a') as h:\n        try:\n            h.read()\n        except OSError:\n            pass\n        except ValueError:\n            pass\n        finally:\n            pass\n";
    assert_eq!(py_ccn(src), 4);
}

#[test]
fn python_boolean_operators_count_each() {
    assert_eq!(
        py_ccn("def f(a, b, c):\n    return a and b or c and not a\n"),
        4
    );
}

#[test]
fn python_comprehension_for_and_if_count() {
    assert_eq!(
        py_ccn("def f(xs):\n    return [x for x in xs if x for y in x]\n"),
        4
    );
}

#[test]
fn python_conditional_expression_counts() {
    assert_eq!(py_ccn("def f(a):\n    return 1 if a else 2\n"), 2);
}

#[test]
fn python_match_cases_and_guards_count() {
    let src = "def f(p):\n    match p:\n        case 0:\n            return 0\n        case int(n) if n > 0:\n            return 1\n        case _:\n            return 2\n";
    // three `case` + one guard `if`
    assert_eq!(py_ccn(src), 5);
}

#[test]
fn python_lambda_folds_into_enclosing_function() {
    let metrics = py("def f(xs):\n    return sorted(xs, key=lambda x: x if x else 0)\n");
    assert_eq!(metrics.functions.len(), 1);
    assert_eq!(metrics.functions[0].cyclomatic, 2);
}

#[test]
fn python_nested_function_is_its_own_unit() {
    let src = "def outer(a):\n    def inner(b):\n        return b or a\n    if a:\n        return inner(a)\n";
    let metrics = py(src);
    assert_eq!(function(&metrics, "outer").cyclomatic, 2);
    assert_eq!(function(&metrics, "inner").cyclomatic, 2);
}

#[test]
fn python_keywords_in_strings_and_comments_do_not_count() {
    let src = "def f():\n    # if a and b or c\n    return 'if x and y while z'\n";
    assert_eq!(py_ccn(src), 1);
}

#[test]
fn python_fstring_interpolation_counts() {
    assert_eq!(
        py_ccn("def f(a):\n    return f\"{'x' if a else 'y'}\"\n"),
        2
    );
}

#[test]
fn python_module_level_code_is_its_own_unit() {
    let metrics = py("import os\nif os.name and os.sep:\n    X = 1\ndef f():\n    pass\n");
    assert_eq!(metrics.module.cyclomatic, 3);
    assert_eq!(metrics.cyclomatic_complexity, 3);
    // f (1) and the module (3) are averaged because the module has decisions.
    assert!((metrics.average_cyclomatic - 2.0).abs() < 1e-9);
}

#[test]
fn javascript_if_else_if_counts_each_if() {
    let src = "function f(a) {\n  if (a > 1) { return 1; } else if (a > 0) { return 2; } else { return 3; }\n}\n";
    assert_eq!(js_ccn(src), 3);
}

#[test]
fn javascript_loops_count() {
    let src = "function f(xs) {\n  for (let i = 0; i < 1; i++) {}\n  for (const x of xs) {}\n  while (xs.length) xs.pop();\n  do {} while (false);\n}\n";
    assert_eq!(js_ccn(src), 5);
}

#[test]
fn javascript_catch_and_cases_count_default_and_switch_do_not() {
    let src = "function f(a) {\n  try { g(); } catch (e) {}\n  switch (a) { case 1: break; case 2: break; default: break; }\n}\n";
    assert_eq!(js_ccn(src), 4);
}

#[test]
fn javascript_logical_operators_and_ternary_count() {
    assert_eq!(
        js_ccn("function f(a, b, c) { return a && b || c ?? (a ? b : c); }"),
        5
    );
}

#[test]
fn javascript_logical_assignments_count_optional_chaining_does_not() {
    assert_eq!(
        js_ccn("function f(a) { a.b ||= 1; a.c &&= 2; a.d ??= 3; return a?.b?.c; }"),
        4
    );
}

#[test]
fn javascript_default_values_count() {
    // two parameter defaults, one destructuring default
    let src = "function f(a = 1, { b = 2 } = {}) { const [c = 3] = a; return c; }";
    assert_eq!(js_ccn(src), 5);
}

#[test]
fn javascript_promise_catch_counts() {
    assert_eq!(js_ccn("function f(p) { return p.then(g).catch(h); }"), 2);
}

#[test]
fn javascript_template_interpolations_are_opaque() {
    assert_eq!(js_ccn("function f(a) { return `n: ${a ? 1 : 2}`; }"), 1);
}

#[test]
fn javascript_nested_functions_and_callbacks_are_units() {
    let src = "function outer(xs) {\n  const pick = (x) => x || 0;\n  return xs.map(function (x) { if (x) { return pick(x); } return 0; });\n}\n";
    let metrics = js(src);
    assert_eq!(function(&metrics, "outer").cyclomatic, 1);
    assert_eq!(function(&metrics, "pick").cyclomatic, 2);
    assert_eq!(function(&metrics, "(anonymous)").cyclomatic, 2);
}

#[test]
fn javascript_curried_arrows_are_one_unit() {
    let metrics = js("const f = (a) => (b) => {\n  if (a && b) { return 1; }\n  return 0;\n};\n");
    assert_eq!(metrics.functions.len(), 1);
    assert_eq!(function(&metrics, "f").cyclomatic, 3);
}

#[test]
fn javascript_names_follow_lizard() {
    let src = "module.exports.run = function () {};\nclass K {\n  get v() { return 1; }\n  static s() {}\n  h = () => {};\n  #p() {}\n}\nconst o = { k: function () {}, m() {} };\n";
    let metrics = js(src);
    let names: Vec<&str> = metrics.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["module.exports.run", "get v", "s", "h", "#p", "k", "m"]
    );
}
