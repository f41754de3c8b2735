//! The report as a PDF (written with lopdf): a title, the overall score and
//! recommendation, a bar chart of the five scores, then the strengths,
//! improvements, evidence and per-question feedback as wrapped text.

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

use super::{show_score, Report, DIMENSIONS};

const PAGE: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 50.0;
/// Characters per wrapped line at the body size.
const WRAP: usize = 92;

/// Text in the PDF's WinAnsi encoding; characters outside it are replaced.
fn win_ansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '—' | '–' => out.push(b'-'),
            '×' => out.push(0xD7),
            '…' => out.extend_from_slice(b"..."),
            '“' | '”' => out.push(b'"'),
            '‘' | '’' => out.push(b'\''),
            c if (c as u32) < 0x80 => out.push(c as u8),
            c if (0xA0..=0xFF).contains(&(c as u32)) => out.push(c as u32 as u8),
            _ => out.push(b'?'),
        }
    }
    out
}

/// Splits `text` into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Pages of drawing operations, laid out top to bottom.
struct Layout {
    pages: Vec<Vec<Operation>>,
    y: f32,
}

impl Layout {
    fn new() -> Self {
        Layout {
            pages: vec![Vec::new()],
            y: PAGE.1 - MARGIN,
        }
    }

    fn ops(&mut self) -> &mut Vec<Operation> {
        self.pages.last_mut().expect("a page always exists")
    }

    fn need(&mut self, height: f32) {
        if self.y - height < MARGIN {
            self.pages.push(Vec::new());
            self.y = PAGE.1 - MARGIN;
        }
    }

    fn text_at(&mut self, x: f32, y: f32, font: &str, size: f32, text: &str) {
        let ops = self.ops();
        ops.push(Operation::new("BT", vec![]));
        ops.push(Operation::new("Tf", vec![font.into(), size.into()]));
        ops.push(Operation::new("Td", vec![x.into(), y.into()]));
        ops.push(Operation::new(
            "Tj",
            vec![Object::String(win_ansi(text), lopdf::StringFormat::Literal)],
        ));
        ops.push(Operation::new("ET", vec![]));
    }

    fn line(&mut self, font: &str, size: f32, text: &str) {
        self.need(size * 1.5);
        self.y -= size * 1.4;
        let y = self.y;
        self.text_at(MARGIN, y, font, size, text);
    }

    fn paragraph(&mut self, bullet: &str, text: &str) {
        for (i, l) in wrap(text, WRAP).into_iter().enumerate() {
            let prefix = if i == 0 { bullet } else { "  " };
            self.line("F1", 10.0, &format!("{prefix}{l}"));
        }
    }

    fn heading(&mut self, text: &str) {
        self.need(40.0);
        self.y -= 8.0;
        self.line("F2", 13.0, text);
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, rgb: (f32, f32, f32)) {
        let ops = self.ops();
        ops.push(Operation::new(
            "rg",
            vec![rgb.0.into(), rgb.1.into(), rgb.2.into()],
        ));
        ops.push(Operation::new(
            "re",
            vec![x.into(), y.into(), w.into(), h.into()],
        ));
        ops.push(Operation::new("f", vec![]));
        ops.push(Operation::new("rg", vec![0.into(), 0.into(), 0.into()]));
    }

    /// One bar per dimension, 0–10, with its name and score.
    fn chart(&mut self, r: &Report) {
        let bar_w = 280.0;
        self.need(5.0 * 24.0 + 10.0);
        for (i, (_, name)) in DIMENSIONS.iter().enumerate() {
            self.y -= 24.0;
            let y = self.y;
            let score = *r.scores.values()[i];
            self.text_at(MARGIN, y + 4.0, "F1", 11.0, name);
            self.rect(MARGIN + 140.0, y, bar_w, 16.0, (0.9, 0.9, 0.9));
            let filled = bar_w * (score.unwrap_or(0.0) as f32 / 10.0);
            self.rect(MARGIN + 140.0, y, filled, 16.0, (0.23, 0.51, 0.96));
            self.text_at(
                MARGIN + 150.0 + bar_w,
                y + 4.0,
                "F2",
                11.0,
                &format!("{} / 10", show_score(score)),
            );
        }
        self.y -= 10.0;
    }
}

/// Renders `r` as a PDF document.
pub fn to_pdf(r: &Report) -> Vec<u8> {
    let mut l = Layout::new();
    l.line(
        "F2",
        18.0,
        &format!("Interview report: {}", r.candidate_name),
    );
    l.line(
        "F1",
        10.0,
        &format!(
            "{} - session {} - {}",
            r.interview_type_name, r.session_id, r.generated_at
        ),
    );
    l.y -= 6.0;
    l.line(
        "F2",
        14.0,
        &format!(
            "Overall {:.1} / 10 - {}",
            r.overall_score,
            r.recommendation.as_str()
        ),
    );
    if let Some(rank) = r.rank_line() {
        l.line("F1", 10.0, &rank);
    }
    l.chart(r);
    for (title, items) in [
        ("Strengths", &r.strengths),
        ("Improvements", &r.improvements),
    ] {
        l.heading(title);
        if items.is_empty() {
            l.paragraph("- ", "(none)");
        }
        for i in items {
            l.paragraph("- ", i);
        }
    }
    for (i, (_, name)) in DIMENSIONS.iter().enumerate() {
        l.heading(&format!("{name}: {}", show_score(*r.scores.values()[i])));
        for e in r.evidence.values()[i] {
            l.paragraph("- ", e);
        }
    }
    if !r.question_feedback.is_empty() {
        l.heading("Questions");
        for q in &r.question_feedback {
            l.paragraph(
                "- ",
                &format!(
                    "{} (score {}): {}",
                    q.question,
                    show_score(q.score),
                    q.feedback
                ),
            );
        }
    }
    assemble(l.pages)
}

/// Builds the document from the pages' operations.
fn assemble(pages: Vec<Vec<Operation>>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = |name: &str| {
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => name.to_string(),
            "Encoding" => "WinAnsiEncoding",
        }
    };
    let regular = doc.add_object(font("Helvetica"));
    let bold = doc.add_object(font("Helvetica-Bold"));
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => regular, "F2" => bold },
    });
    let mut kids = Vec::new();
    for ops in pages {
        let content = Content { operations: ops };
        let bytes = content.encode().unwrap_or_default();
        let content_id = doc.add_object(Stream::new(dictionary! {}, bytes));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        kids.push(Object::from(page));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), PAGE.0.into(), PAGE.1.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.compress();
    let mut out = Vec::new();
    let _ = doc.save_to(&mut out);
    out
}
