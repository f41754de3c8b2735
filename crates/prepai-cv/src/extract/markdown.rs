//! Markdown to plain lines with `pulldown-cmark`: markup dropped, headings and list items kept
//! on their own lines, link targets kept next to their text.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{DocumentFormat, ExtractedText};

/// Renders Markdown as plain text lines.
pub fn extract(source: &str) -> ExtractedText {
    let mut out = String::with_capacity(source.len());
    let mut link_stack: Vec<(String, usize)> = Vec::new();
    let mut cell_index = 0usize;
    for event in Parser::new_ext(
        source,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Start(Tag::Heading { .. }) | Event::Start(Tag::Paragraph) => newline(&mut out),
            Event::Start(Tag::Item) => {
                newline(&mut out);
                out.push_str("• ");
            }
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => {
                newline(&mut out);
                cell_index = 0;
            }
            Event::Start(Tag::TableCell) => {
                if cell_index > 0 {
                    out.push_str(" | ");
                }
                cell_index += 1;
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link_stack.push((dest_url.to_string(), out.len()))
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, start)) = link_stack.pop() {
                    let label = out.get(start..).unwrap_or_default().trim().to_string();
                    if !url.is_empty() && label != url && !url.starts_with("mailto:") {
                        out.push_str(" (");
                        out.push_str(&url);
                        out.push(')');
                    }
                }
            }
            Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableHead)
            | Event::End(TagEnd::TableRow)
            | Event::End(TagEnd::CodeBlock)
            | Event::HardBreak
            | Event::SoftBreak
            | Event::Rule => newline(&mut out),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                out.push_str(&t)
            }
            _ => {}
        }
    }
    ExtractedText {
        format: DocumentFormat::Markdown,
        text: out,
        pages: None,
        warnings: Vec::new(),
    }
}

fn newline(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_removed_and_lines_kept() {
        let md = "# Jane Doe\n**Engineer**\n\n- Built *fast* APIs\n- [GitHub](https://github.com/jane)\n";
        let text = extract(md).text;
        assert_eq!(
            text,
            "Jane Doe\nEngineer\n• Built fast APIs\n• GitHub (https://github.com/jane)\n"
        );
    }
}
