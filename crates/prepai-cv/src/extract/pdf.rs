//! PDF extraction: `pdf-extract` (on `lopdf`) walks the content streams and reports each glyph
//! with its position; [`super::layout`] rebuilds lines and columns from those positions.
//! Third-party parsing runs under `catch_unwind` and glyph output is capped, so malformed
//! files give an error instead of a panic or runaway work.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use pdf_extract::content::{Content, Operation};
use pdf_extract::{
    Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Stream, Transform,
};

use super::layout::{page_text, Glyph};
use super::{DocumentFormat, ExtractedText};
use crate::CvError;

const FORMAT: &str = "PDF";
/// Pages read at most; a CV longer than this is read partially with a warning.
const MAX_PAGES: usize = 40;
/// Glyphs read at most across the document.
const MAX_GLYPHS: usize = 400_000;

thread_local! {
    /// Set while this thread runs the third-party parser, whose panics are expected.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs (once) a panic hook that stays silent for panics inside the PDF
/// parser on this thread and defers to the previous hook for everything else,
/// so a malformed CV never prints a panic message over the user's terminal.
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `f` with the parser's expected panics caught and kept quiet.
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    install_quiet_hook();
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result
}

/// Extracts the text of a PDF in reading order.
pub fn extract(bytes: &[u8]) -> Result<ExtractedText, CvError> {
    let result = quietly(|| extract_inner(bytes));
    match result {
        Ok(r) => r,
        Err(_) => Err(if looks_truncated(bytes) {
            CvError::Truncated { format: FORMAT }
        } else {
            CvError::Corrupt {
                format: FORMAT,
                detail: "the PDF parser could not make sense of its structure".into(),
            }
        }),
    }
}

fn looks_truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    !tail.windows(5).any(|w| w == b"%%EOF")
}

fn extract_inner(bytes: &[u8]) -> Result<ExtractedText, CvError> {
    let mut doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(pdf_extract::Error::Decryption(_)) => return Err(CvError::Encrypted),
        Err(e) if looks_truncated(bytes) => {
            let _ = e;
            return Err(CvError::Truncated { format: FORMAT });
        }
        Err(e) => {
            return Err(CvError::Corrupt {
                format: FORMAT,
                detail: e.to_string(),
            })
        }
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(CvError::Encrypted);
    }
    let page_ids = doc.get_pages();
    check_form_nesting(&doc, page_ids.values().copied().take(MAX_PAGES))?;
    expand_quote_operators(
        &mut doc,
        page_ids.values().copied().take(MAX_PAGES).collect(),
    );
    if page_ids.is_empty() {
        return Err(if looks_truncated(bytes) {
            CvError::Truncated { format: FORMAT }
        } else {
            CvError::Corrupt {
                format: FORMAT,
                detail: "the document has no pages".into(),
            }
        });
    }
    let mut warnings = Vec::new();
    if page_ids.len() > MAX_PAGES {
        warnings.push(format!(
            "only the first {MAX_PAGES} of {} pages were read",
            page_ids.len()
        ));
    }
    let mut collector = Collector::default();
    let mut page_errors = 0;
    for &page_num in page_ids.keys().take(MAX_PAGES) {
        let outcome = pdf_extract::output_doc_page(&doc, &mut collector, page_num);
        if outcome.is_err() {
            collector.end_page().ok();
            if collector.exhausted {
                warnings.push("the PDF holds more text than a CV; the rest was not read".into());
                break;
            }
            page_errors += 1;
            warnings.push(format!("page {page_num} could not be read completely"));
        }
    }
    if page_errors > 0 && collector.pages.iter().all(|(g, _)| g.is_empty()) {
        return Err(CvError::Corrupt {
            format: FORMAT,
            detail: "no page could be read".into(),
        });
    }
    let text: Vec<String> = collector
        .pages
        .iter()
        .map(|(g, w)| page_text(g, *w))
        .collect();
    let mut text = text.join("\n\n");
    if text.chars().filter(|c| c.is_alphanumeric()).count() < 20 {
        return Err(CvError::NoTextLayer);
    }
    // Clickable "LinkedIn" / "GitHub" labels keep their URLs only in link annotations.
    for uri in link_targets(&doc, page_ids.values().copied().take(MAX_PAGES)) {
        if !text.contains(&uri) {
            text.push('\n');
            text.push_str(&uri);
        }
    }
    Ok(ExtractedText {
        format: DocumentFormat::Pdf,
        text,
        pages: Some(page_ids.len() as u32),
        warnings,
    })
}

/// Drawings (form XObjects) painted at most, counting repeats, across the document.
const MAX_FORM_PAINTS: u64 = 20_000;
/// Deepest nesting of drawings inside drawings.
const MAX_FORM_DEPTH: usize = 24;

/// `pdf-extract` follows `Do` into form XObjects without a guard, so a form that paints itself
/// would recurse until the stack overflows (an abort, not a catchable panic), and deeply
/// fanned-out forms would take exponential time. Walks the same graph first, with a budget.
fn check_form_nesting(
    doc: &Document,
    pages: impl Iterator<Item = ObjectId>,
) -> Result<(), CvError> {
    let refuse = |detail: &str| CvError::Corrupt {
        format: FORMAT,
        detail: detail.to_string(),
    };
    let mut budget = MAX_FORM_PAINTS;
    for page in pages {
        let Ok(page_dict) = doc.get_dictionary(page) else {
            continue;
        };
        let xobjects = inherited_resources(doc, page_dict).and_then(|r| xobject_dict(doc, r));
        let Ok(content) = doc.get_page_content(page) else {
            continue;
        };
        let mut stack = Vec::new();
        for name in painted_names(&content) {
            walk_form(doc, &name, xobjects, &mut stack, &mut budget).map_err(refuse)?;
        }
    }
    Ok(())
}

fn walk_form(
    doc: &Document,
    name: &[u8],
    xobjects: Option<&Dictionary>,
    stack: &mut Vec<ObjectId>,
    budget: &mut u64,
) -> Result<(), &'static str> {
    let Some(Ok(Object::Reference(id))) = xobjects.map(|x| x.get(name)) else {
        return Ok(());
    };
    let Ok(Object::Stream(stream)) = doc.get_object(*id) else {
        return Ok(());
    };
    if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
        return Ok(());
    }
    if stack.contains(id) {
        return Err("a drawing object paints itself (a reference loop)");
    }
    if stack.len() >= MAX_FORM_DEPTH {
        return Err("drawing objects are nested too deeply");
    }
    *budget = budget
        .checked_sub(1)
        .ok_or("drawing objects are repeated too many times")?;
    // A form without its own resources uses those of whatever paints it, as pdf-extract does.
    let own = stream
        .dict
        .get(b"Resources")
        .ok()
        .and_then(|r| doc.dereference(r).ok())
        .and_then(|(_, r)| r.as_dict().ok());
    let children = own.and_then(|r| xobject_dict(doc, r)).or(xobjects);
    stack.push(*id);
    for child in painted_names(&form_content(stream)) {
        walk_form(doc, &child, children, stack, budget)?;
    }
    stack.pop();
    Ok(())
}

fn form_content(stream: &Stream) -> Vec<u8> {
    stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone())
}

/// Names given to `Do` in a content stream.
fn painted_names(content: &[u8]) -> Vec<Vec<u8>> {
    let Ok(content) = Content::decode(content) else {
        return Vec::new();
    };
    content
        .operations
        .into_iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| {
            op.operands
                .first()
                .and_then(|o| o.as_name().ok())
                .map(<[u8]>::to_vec)
        })
        .collect()
}

/// The `Resources` of a page, looked up through its `Parent` chain.
fn inherited_resources<'a>(doc: &'a Document, mut dict: &'a Dictionary) -> Option<&'a Dictionary> {
    for _ in 0..32 {
        if let Ok(r) = dict.get(b"Resources") {
            return doc.dereference(r).ok().and_then(|(_, r)| r.as_dict().ok());
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn xobject_dict<'a>(doc: &'a Document, resources: &'a Dictionary) -> Option<&'a Dictionary> {
    let x = resources.get(b"XObject").ok()?;
    doc.dereference(x).ok()?.1.as_dict().ok()
}

/// `pdf-extract` ignores the `'` and `"` text operators ("next line, then show text") that
/// Ghostscript and groff emit, which piles those lines onto the previous one. Rewrites them
/// into the equivalent `Tw`/`Tc`, `T*` and `Tj` operators.
fn expand_quote_operators(doc: &mut Document, pages: Vec<ObjectId>) {
    for id in pages {
        let Ok(content) = doc.get_and_decode_page_content(id) else {
            continue;
        };
        if !content
            .operations
            .iter()
            .any(|op| op.operator == "'" || op.operator == "\"")
        {
            continue;
        }
        let mut ops = Vec::with_capacity(content.operations.len() + 64);
        for op in content.operations {
            match (op.operator.as_str(), op.operands.len()) {
                ("'", 1) => {
                    ops.push(Operation::new("T*", vec![]));
                    ops.push(Operation::new("Tj", op.operands));
                }
                ("\"", 3) => {
                    let mut operands = op.operands.into_iter();
                    let (aw, ac, text) = (operands.next(), operands.next(), operands.next());
                    ops.extend(aw.map(|o| Operation::new("Tw", vec![o])));
                    ops.extend(ac.map(|o| Operation::new("Tc", vec![o])));
                    ops.push(Operation::new("T*", vec![]));
                    ops.extend(text.map(|o| Operation::new("Tj", vec![o])));
                }
                _ => ops.push(op),
            }
        }
        if let Ok(bytes) = (Content { operations: ops }).encode() {
            let _ = doc.change_page_content(id, bytes);
        }
    }
}

/// `http(s)` URIs of the link annotations on `pages`.
fn link_targets(doc: &Document, pages: impl Iterator<Item = ObjectId>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for page in pages {
        let Ok(annotations) = doc.get_page_annotations(page) else {
            continue;
        };
        for annot in annotations.into_iter().take(500) {
            let action = annot
                .get(b"A")
                .ok()
                .and_then(|a| doc.dereference(a).ok())
                .and_then(|(_, a)| a.as_dict().ok());
            let Some(uri) = action
                .and_then(|a| a.get(b"URI").ok())
                .and_then(|u| u.as_str().ok())
            else {
                continue;
            };
            let uri = String::from_utf8_lossy(uri).trim().to_string();
            if uri.starts_with("http") && !out.contains(&uri) {
                out.push(uri);
            }
        }
    }
    out
}

/// Receives glyphs from `pdf-extract`, page by page.
#[derive(Default)]
struct Collector {
    /// Finished pages: glyphs and page width.
    pages: Vec<(Vec<Glyph>, f64)>,
    page: Vec<Glyph>,
    width: f64,
    origin: (f64, f64),
    total: usize,
    exhausted: bool,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _num: u32,
        media_box: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.origin = (media_box.llx, media_box.ury);
        let width = (media_box.urx - media_box.llx).abs();
        self.width = if width.is_finite() && width > 1.0 {
            width
        } else {
            612.0
        };
        self.page.clear();
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.pages
            .push((std::mem::take(&mut self.page), self.width));
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        self.total += 1;
        if self.total > MAX_GLYPHS {
            self.exhausted = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        if ch.trim().is_empty() && font_size.abs() > f64::EPSILON {
            // A space squeezed to nothing by negative word spacing (Ghostscript kerning) is
            // not a word break.
            let visible = width * size + spacing * size / font_size.abs();
            if visible < 0.12 * size {
                return Ok(());
            }
        }
        let glyph = Glyph {
            x: trm.m31 - self.origin.0,
            y: self.origin.1 - trm.m32,
            advance: width * size,
            size,
            text: ch.to_string(),
        };
        if glyph.x.is_finite()
            && glyph.y.is_finite()
            && glyph.advance.is_finite()
            && size.is_finite()
        {
            self.page.push(glyph);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use pdf_extract::{dictionary, Object, Stream};

    use super::*;

    /// A one-page PDF whose page paints form `/Fm0`, which paints itself.
    fn self_painting_pdf() -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let form_id = doc.new_object_id();
        let form = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
                "Resources" => dictionary! { "XObject" => dictionary! { "Fm0" => Object::Reference(form_id) } },
            },
            b"q /Fm0 Do Q".to_vec(),
        );
        doc.objects.insert(form_id, Object::Stream(form));
        let content_id = doc.add_object(Stream::new(dictionary! {}, b"/Fm0 Do".to_vec()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => dictionary! { "XObject" => dictionary! { "Fm0" => Object::Reference(form_id) } },
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
            ),
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("in-memory PDF");
        out
    }

    #[test]
    fn self_painting_form_is_refused_instead_of_overflowing_the_stack() {
        let err = extract(&self_painting_pdf()).unwrap_err();
        assert!(matches!(err, CvError::Corrupt { .. }), "{err:?}");
        assert!(err.to_string().contains("loop"), "{err}");
    }
}
