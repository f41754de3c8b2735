//! Cognitive complexity (SonarSource) and nesting depth, one snippet per rule;
//! expected values worked out by hand from the rules in `src/cognitive.rs`.

mod common;
use common::{function, js, js_cognitive, py, py_cognitive};

#[test]
fn sonar_whitepaper_sum_of_primes_is_seven() {
    // for +1, nested for +2, nested if +3, `continue OUT` +1
    let src = "function sumOfPrimes(max) {\n  let total = 0;\n  OUT: for (let i = 1; i <= max; ++i) {\n    for (let j = 2; j < i; ++j) {\n      if (i % j == 0) {\n        continue OUT;\n      }\n    }\n    total += i;\n  }\n  return total;\n}\n";
    assert_eq!(js_cognitive(src), 7);
}

#[test]
fn sonar_whitepaper_get_words_switch_is_one() {
    let src = "function getWords(number) {\n  switch (number) {\n    case 1: return 'one';\n    case 2: return 'a couple';\n    default: return 'lots';\n  }\n}\n";
    assert_eq!(js_cognitive(src), 1);
}

#[test]
fn javascript_else_if_chain_inside_loop() {
    // for +1; if +2 (nesting 1); else if +1; else +1
    let src = "function f(xs) {\n  for (const x of xs) {\n    if (x > 1) { g(); } else if (x > 0) { h(); } else { k(); }\n  }\n}\n";
    assert_eq!(js_cognitive(src), 5);
}

#[test]
fn javascript_try_does_not_nest_catch_does() {
    // catch +1; if inside catch +2
    let src = "function f() {\n  try { g(); } catch (e) { if (e) { h(); } } finally { k(); }\n}\n";
    assert_eq!(js_cognitive(src), 3);
}

#[test]
fn javascript_ternary_nests() {
    // outer ternary +1, inner ternary +2
    assert_eq!(
        js_cognitive("function f(a, b) { return a ? (b ? 1 : 2) : 3; }"),
        3
    );
}

#[test]
fn javascript_like_logical_operators_count_once_per_sequence() {
    assert_eq!(
        js_cognitive("function f(a, b, c) { return a && b && c; }"),
        1
    );
    assert_eq!(
        js_cognitive("function f(a, b, c) { return a && b || c; }"),
        2
    );
    assert_eq!(
        js_cognitive("function f(a, b, c, d) { return a && (b || c) && d; }"),
        3
    );
}

#[test]
fn javascript_callbacks_start_at_nesting_zero() {
    let src =
        "function f(xs) {\n  if (xs) {\n    xs.forEach((x) => { if (x) { g(x); } });\n  }\n}\n";
    let metrics = js(src);
    assert_eq!(function(&metrics, "f").cognitive, 1);
    assert_eq!(function(&metrics, "(anonymous)").cognitive, 1);
    assert_eq!(metrics.cognitive_complexity, 2);
}

#[test]
fn python_if_elif_else_is_three() {
    let src = "def f(a):\n    if a > 1:\n        return 1\n    elif a > 0:\n        return 2\n    else:\n        return 3\n";
    assert_eq!(py_cognitive(src), 3);
}

#[test]
fn python_nested_loops_and_except() {
    // for +1; while +2; try adds nothing; except +1 at nesting 0
    let src = "def f(xs):\n    for x in xs:\n        while x:\n            x -= 1\n    try:\n        g()\n    except ValueError:\n        pass\n";
    assert_eq!(py_cognitive(src), 4);
}

#[test]
fn python_loop_else_is_a_hybrid_increment() {
    // for +1; else +1; if inside else +2
    let src =
        "def f(xs):\n    for x in xs:\n        pass\n    else:\n        if xs:\n            pass\n";
    assert_eq!(py_cognitive(src), 4);
}

#[test]
fn python_boolean_sequences_and_not() {
    assert_eq!(
        py_cognitive("def f(a, b, c):\n    return a and b and c\n"),
        1
    );
    assert_eq!(
        py_cognitive("def f(a, b, c):\n    return a and b or c\n"),
        2
    );
    // `not` starts a new expression: the inner sequence counts on its own
    assert_eq!(
        py_cognitive("def f(a, b, c):\n    return a or not (b or c)\n"),
        2
    );
}

#[test]
fn python_match_is_one_increment() {
    let src = "def f(p):\n    match p:\n        case 0:\n            return 0\n        case _:\n            return 1\n";
    assert_eq!(py_cognitive(src), 1);
}

#[test]
fn python_lambda_nests_without_increment() {
    // the conditional expression sits one level deep inside the lambda: +2
    assert_eq!(
        py_cognitive("def f(xs):\n    return map(lambda x: 1 if x else 0, xs)\n"),
        2
    );
}

#[test]
fn nesting_depth_counts_blocks_not_else_branches() {
    let src = "def f(xs):\n    for x in xs:\n        with open(x) as h:\n            if h:\n                pass\n            elif x:\n                try:\n                    pass\n                except OSError:\n                    pass\n";
    let metrics = py(src);
    // for > with > if(elif) > try
    assert_eq!(metrics.functions[0].nesting, 4);
    assert_eq!(metrics.max_nesting, 4);
}

#[test]
fn javascript_else_if_does_not_deepen_nesting() {
    let src = "function f(a) {\n  if (a > 2) { g(); } else if (a > 1) { g(); } else if (a > 0) { if (a) { g(); } }\n}\n";
    assert_eq!(js(src).functions[0].nesting, 2);
}
