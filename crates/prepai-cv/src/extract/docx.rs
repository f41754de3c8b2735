//! DOCX extraction: `zip` for the container, `quick-xml` for the WordprocessingML parts.
//! Paragraphs, tables and text boxes come out in document order; a table row whose cells each
//! hold one paragraph becomes one line with cells separated by ` | `. Page headers (where
//! Word templates often put the name and contact line) come first, and hyperlink targets
//! (a "LinkedIn" link whose URL is only in the relationships part) are listed at the end.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{DocumentFormat, ExtractedText};
use crate::CvError;

const FORMAT: &str = "DOCX";
const BODY: &str = "word/document.xml";
const RELS: &str = "word/_rels/document.xml.rels";

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Extracts the text of a DOCX. `max_bytes` bounds each decompressed XML part (zip bombs).
pub fn extract(bytes: &[u8], max_bytes: u64) -> Result<ExtractedText, CvError> {
    let limit = max_bytes.saturating_mul(8);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("unreadable zip container: {e}")))?;
    let body = read_part(&mut archive, BODY, limit)?
        .ok_or_else(|| corrupt("the zip has no word/document.xml"))?;
    let body = body_text(&body, BODY)?;
    let mut headers: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("word/header") && n.ends_with(".xml"))
        .map(|n| n.into_owned())
        .collect();
    headers.sort();
    let mut lines: Vec<String> = Vec::new();
    let mut warnings = Vec::new();
    for name in headers {
        // A damaged header costs its text, not the whole CV.
        match read_part(&mut archive, &name, limit)
            .and_then(|x| x.map(|x| body_text(&x, &name)).transpose())
        {
            Ok(Some(text)) => lines.extend(text.lines().map(str::to_string)),
            Ok(None) => {}
            Err(e) => warnings.push(format!("{name} skipped: {e}")),
        }
    }
    lines.retain(|l| !body.lines().any(|b| b == l));
    lines.dedup();
    lines.extend(body.lines().map(str::to_string));
    if let Ok(Some(rels)) = read_part(&mut archive, RELS, limit) {
        for url in external_links(&rels) {
            if !lines.iter().any(|l| l.contains(&url)) {
                lines.push(url);
            }
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    Ok(ExtractedText {
        format: DocumentFormat::Docx,
        text,
        pages: None,
        warnings,
    })
}

fn corrupt(detail: impl Into<String>) -> CvError {
    CvError::Corrupt {
        format: FORMAT,
        detail: detail.into(),
    }
}

/// Reads one part of the package, `None` when absent.
fn read_part(archive: &mut Archive<'_>, name: &str, limit: u64) -> Result<Option<String>, CvError> {
    let mut entry = match archive.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(corrupt(format!("cannot open {name}: {e}"))),
    };
    if entry.size() > limit {
        return Err(CvError::TooLarge {
            size: entry.size(),
            limit,
        });
    }
    let mut raw = Vec::new();
    (&mut entry)
        .take(limit + 1)
        .read_to_end(&mut raw)
        .map_err(|e| corrupt(format!("cannot decompress {name}: {e}")))?;
    if raw.len() as u64 > limit {
        return Err(CvError::TooLarge {
            size: raw.len() as u64,
            limit,
        });
    }
    String::from_utf8(raw)
        .map(Some)
        .map_err(|_| corrupt(format!("{name} is not UTF-8")))
}

/// `http(s)` targets of external relationships (hyperlinks).
fn external_links(rels: &str) -> Vec<String> {
    let mut reader = Reader::from_str(rels);
    let mut out = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                let mut target = None;
                let mut external = false;
                for attr in e.attributes().flatten() {
                    match attr.key.local_name().as_ref() {
                        "Target" => {
                            target = attr
                                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        }
                        "TargetMode" => external = attr.value.as_ref() == "External",
                        _ => {}
                    }
                }
                if let Some(t) = target.filter(|t| external && t.starts_with("http")) {
                    if !out.contains(&t) {
                        out.push(t);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// One open table while walking the XML.
#[derive(Default)]
struct Table {
    row: Vec<Vec<String>>,
    cell: Vec<String>,
}

/// Where finished paragraphs and rows go.
#[derive(Default)]
struct Sink {
    lines: Vec<String>,
    tables: Vec<Table>,
}

impl Sink {
    fn push(&mut self, line: String) {
        match self.tables.last_mut() {
            Some(t) => t.cell.push(line),
            None => self.lines.push(line),
        }
    }

    fn end_cell(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            let cell = std::mem::take(&mut t.cell);
            t.row.push(cell);
        }
    }

    /// Emits a finished row into whatever encloses its table.
    fn end_row(&mut self) {
        let Some(mut table) = self.tables.pop() else {
            return;
        };
        let row = std::mem::take(&mut table.row);
        let cells: Vec<Vec<String>> = row
            .into_iter()
            .map(|c| c.into_iter().filter(|p| !p.trim().is_empty()).collect())
            .collect();
        if cells.iter().all(|c| c.len() <= 1) {
            let joined: Vec<String> = cells.into_iter().flatten().collect();
            if !joined.is_empty() {
                self.push(joined.join(" | "));
            }
        } else {
            for p in cells.into_iter().flatten() {
                self.push(p);
            }
        }
        self.tables.push(table);
    }
}

/// Text of one WordprocessingML part (body or header).
fn body_text(xml: &str, part: &str) -> Result<String, CvError> {
    let mut reader = Reader::from_str(xml);
    let mut sink = Sink::default();
    // Open paragraphs: text boxes put paragraphs inside paragraphs.
    let mut paras: Vec<(String, bool)> = Vec::new();
    let mut in_text = false;
    // Inside `mc:Fallback`, the legacy duplicate of a text box already read from `mc:Choice`.
    let mut fallback_depth = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| match e {
            quick_xml::Error::Syntax(_) if reader.buffer_position() as usize >= xml.len() => {
                CvError::Truncated { format: FORMAT }
            }
            other => corrupt(format!("bad XML in {part}: {other}")),
        })?;
        if fallback_depth > 0 {
            match event {
                Event::Start(e) if e.local_name().as_ref() == "Fallback" => fallback_depth += 1,
                Event::End(e) if e.local_name().as_ref() == "Fallback" => fallback_depth -= 1,
                Event::Eof => return Err(CvError::Truncated { format: FORMAT }),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "p" => paras.push((String::new(), false)),
                "t" => in_text = true,
                "numPr" => mark_bullet(&mut paras),
                "tbl" => sink.tables.push(Table::default()),
                "Fallback" => fallback_depth = 1,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => push_text(&mut paras, "\t"),
                "br" | "cr" => push_text(&mut paras, "\n"),
                "numPr" => mark_bullet(&mut paras),
                _ => {}
            },
            Event::Text(t) if in_text => push_text(&mut paras, &t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    push_text(&mut paras, c.encode_utf8(&mut [0; 4]));
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                    push_text(&mut paras, s);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    if let Some((text, bullet)) = paras.pop() {
                        let text = text.trim();
                        if !text.is_empty() {
                            sink.push(if bullet {
                                format!("• {text}")
                            } else {
                                text.to_string()
                            });
                        }
                    }
                }
                "tc" => sink.end_cell(),
                "tr" => sink.end_row(),
                "tbl" => {
                    sink.tables.pop();
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !sink.tables.is_empty() || !paras.is_empty() {
        return Err(CvError::Truncated { format: FORMAT });
    }
    let mut text = sink.lines.join("\n");
    text.push('\n');
    Ok(text)
}

fn push_text(paras: &mut [(String, bool)], text: &str) {
    if let Some((p, _)) = paras.last_mut() {
        p.push_str(text);
    }
}

fn mark_bullet(paras: &mut [(String, bool)]) {
    if let Some((_, b)) = paras.last_mut() {
        *b = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn paragraphs_tables_and_bullets_in_order() {
        let xml = format!(
            r#"<w:document {NS}><w:body>
            <w:p><w:r><w:t>Jane</w:t></w:r><w:r><w:t xml:space="preserve"> Doe &amp; Co</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>2019 – 2022</w:t></w:r></w:p></w:tc>
                         <w:tc><w:p><w:r><w:t>Engineer</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>Shipped it</w:t></w:r></w:p>
            </w:body></w:document>"#
        );
        assert_eq!(
            body_text(&xml, BODY).unwrap(),
            "Jane Doe & Co\n2019 – 2022 | Engineer\n• Shipped it\n"
        );
    }

    #[test]
    fn text_boxes_once_and_nested_paragraphs_kept() {
        let xml = format!(
            r#"<w:document {NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>
            <w:p><w:r><w:t>Before</w:t></w:r><w:r><mc:AlternateContent>
              <mc:Choice><w:txbxContent><w:p><w:r><w:t>Boxed</w:t></w:r></w:p></w:txbxContent></mc:Choice>
              <mc:Fallback><w:txbxContent><w:p><w:r><w:t>Boxed</w:t></w:r></w:p></w:txbxContent></mc:Fallback>
            </mc:AlternateContent></w:r><w:r><w:t> after</w:t></w:r></w:p>
            </w:body></w:document>"#
        );
        assert_eq!(body_text(&xml, BODY).unwrap(), "Boxed\nBefore after\n");
    }

    #[test]
    fn hyperlink_targets_from_relationships() {
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://x/hyperlink" Target="https://www.linkedin.com/in/jane" TargetMode="External"/>
            <Relationship Id="rId2" Type="http://x/styles" Target="styles.xml"/></Relationships>"#;
        assert_eq!(external_links(rels), ["https://www.linkedin.com/in/jane"]);
    }

    #[test]
    fn cut_off_xml_is_an_error_not_a_panic() {
        let xml = format!(r#"<w:document {NS}><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x"#);
        assert!(body_text(&xml, BODY).is_err());
    }
}
