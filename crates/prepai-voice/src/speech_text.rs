//! Text as it should be spoken. Markdown is parsed with pulldown-cmark and only
//! its prose is kept: code blocks go (they are on screen, not for reading
//! aloud), inline code keeps its text, links keep their label, emphasis and
//! headings lose their markers. Stage directions — `*smiles*`, `[pauses]`,
//! `(laughs)` — are dropped, as the original system did before speech.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Words that mark an emphasised or parenthesised aside as a stage direction.
const ACTIONS: &[&str] = &[
    "smiles", "smiling", "nods", "nodding", "laughs", "laughing", "chuckles", "pauses", "pause",
    "sighs", "leans", "thinks", "thinking", "grins", "clears", "coughs", "waits", "typing",
    "types", "writes", "looks", "glances", "shrugs", "takes", "sips", "silence",
];

fn is_stage_direction(aside: &str) -> bool {
    let words: Vec<String> = aside
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty() && words.len() <= 6 && words.iter().any(|w| ACTIONS.contains(&w.as_str()))
}

/// Removes `[...]` asides always, and `(...)` asides that are stage directions.
fn drop_bracketed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(['[', '(']) {
        let close = if rest[start..].starts_with('[') {
            ']'
        } else {
            ')'
        };
        let Some(len) = rest[start + 1..].find(close) else {
            break;
        };
        let inner = &rest[start + 1..start + 1 + len];
        out.push_str(&rest[..start]);
        if close == ')' && !is_stage_direction(inner) {
            out.push('(');
            out.push_str(inner);
            out.push(')');
        }
        rest = &rest[start + 2 + len..];
    }
    out.push_str(rest);
    out
}

/// Collapses whitespace and tidies spaces left before punctuation.
fn tidy(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(joined.len());
    for c in joined.chars() {
        if matches!(c, '.' | ',' | '?' | '!' | ';' | ':') && out.ends_with(' ') {
            out.pop();
        }
        out.push(c);
    }
    out.trim().to_string()
}

/// The text to hand to a speech synthesiser.
pub fn clean_for_speech(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_code_block = false;
    let mut emphasis: Option<String> = None;
    let push = |out: &mut String, emphasis: &mut Option<String>, text: &str| match emphasis {
        Some(buf) => buf.push_str(text),
        None => out.push_str(text),
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Emphasis) if emphasis.is_none() => emphasis = Some(String::new()),
            Event::End(TagEnd::Emphasis) => {
                if let Some(aside) = emphasis.take() {
                    if !is_stage_direction(&aside) {
                        out.push_str(&aside);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) if !in_code_block => push(&mut out, &mut emphasis, &t),
            Event::SoftBreak | Event::HardBreak => push(&mut out, &mut emphasis, " "),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                let ends_sentence = out.trim_end().ends_with(['.', '?', '!', ':']);
                out.push_str(if ends_sentence || out.trim().is_empty() {
                    " "
                } else {
                    ". "
                });
            }
            _ => {}
        }
    }
    tidy(&drop_bracketed(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_markers_go_and_prose_stays() {
        assert_eq!(
            clean_for_speech("## Next step\nUse a **hash map** and see the [docs](https://x.y)."),
            "Next step. Use a hash map and see the docs."
        );
        assert_eq!(
            clean_for_speech("Call `two_sum` with the list."),
            "Call two_sum with the list."
        );
    }

    #[test]
    fn code_blocks_are_not_read_aloud() {
        let text =
            "Here is a start:\n\n```python\ndef f(x):\n    return x\n```\n\nWhat would you change?";
        assert_eq!(
            clean_for_speech(text),
            "Here is a start: What would you change?"
        );
    }

    #[test]
    fn stage_directions_are_dropped_but_real_asides_kept() {
        assert_eq!(
            clean_for_speech(
                "*smiles* Great answer. [pauses] What is the complexity (in the worst case)?"
            ),
            "Great answer. What is the complexity (in the worst case)?"
        );
        assert_eq!(
            clean_for_speech("That is *really* good (nods)."),
            "That is really good."
        );
    }

    #[test]
    fn lists_become_sentences() {
        assert_eq!(
            clean_for_speech("Think about:\n- the load factor\n- resizing"),
            "Think about: the load factor. resizing."
        );
    }

    #[test]
    fn plain_text_is_unchanged_and_nothing_panics() {
        let plain = "Tell me about a time you disagreed with your manager.";
        assert_eq!(clean_for_speech(plain), plain);
        for weird in [
            "",
            "*",
            "[unclosed",
            "(",
            "```",
            "**a*b**c*",
            "# ",
            "\u{0}\u{feff}",
        ] {
            let _ = clean_for_speech(weird);
        }
    }
}
