//! Line classification and Halstead measures, values worked out by hand.

mod common;
use common::{js, py};

#[test]
fn python_lines_split_into_code_comment_blank() {
    let src = "\"\"\"Module doc\nspanning two lines.\"\"\"\n\nimport os  # trailing comment is still code\n\n# a comment line\ndef f():\n    '''Docstring.'''\n    return os.sep\n";
    let m = py(src);
    assert_eq!(m.total_lines, 9);
    assert_eq!(
        m.comment_lines, 4,
        "two docstring lines, one comment, one function docstring"
    );
    assert_eq!(m.blank_lines, 2);
    assert_eq!(m.lines_of_code, 3);
    assert!((m.comment_ratio - 4.0 / 7.0).abs() < 1e-9);
}

#[test]
fn python_multiline_string_value_is_code() {
    let m = py("X = '''\n\nvalue\n'''\n");
    assert_eq!(m.lines_of_code, 4);
    assert_eq!(m.blank_lines, 0);
}

#[test]
fn javascript_block_comment_lines_are_comments() {
    let src = "/*\n * Header.\n\n */\nconst a = 1; // note\n\n";
    let m = js(src);
    assert_eq!(m.total_lines, 6);
    assert_eq!(m.comment_lines, 4);
    assert_eq!(m.lines_of_code, 1);
    assert_eq!(m.blank_lines, 1);
}

#[test]
fn empty_source_has_no_lines() {
    let m = py("");
    assert_eq!(
        (
            m.total_lines,
            m.lines_of_code,
            m.comment_lines,
            m.blank_lines
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(m.comment_ratio, 0.0);
}

#[test]
fn python_halstead_by_hand() {
    // operators: = +      operands: x a 1
    let h = py("x = a + 1\n").halstead;
    assert_eq!((h.n1, h.n2, h.big_n1, h.big_n2), (2, 3, 2, 3));
    assert_eq!((h.vocabulary, h.length), (5, 5));
    assert!((h.volume - 5.0 * 5f64.log2()).abs() < 1e-9);
    assert!((h.difficulty - 1.0).abs() < 1e-9);
    assert!((h.effort - h.volume).abs() < 1e-9);
}

#[test]
fn javascript_halstead_by_hand() {
    // operators: let = * (`;` is punctuation)   operands: y b 2 y
    let h = js("let y = b * 2;\ny;\n").halstead;
    assert_eq!((h.n1, h.n2, h.big_n1, h.big_n2), (3, 3, 3, 4));
    assert!((h.volume - 7.0 * 6f64.log2()).abs() < 1e-9);
    assert!((h.difficulty - 1.5 * 4.0 / 3.0).abs() < 1e-9);
}

#[test]
fn string_literals_are_single_operands() {
    // operators: =   operands: s, 'a b c'
    let h = py("s = 'a b c'\n").halstead;
    assert_eq!((h.n1, h.n2, h.big_n1, h.big_n2), (1, 2, 1, 2));
}
