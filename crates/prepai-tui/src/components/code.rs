//! The code pane: the problem statement, an editor with line numbers, syntax
//! highlighting and undo/redo, and the last run's tests, verdict and metrics.

use prepai_core::events::{CodeOutcome, CodingQuestion};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{pane, wrap, Component, Ctx};
use crate::action::Action;
use crate::buffer::TextBuffer;
use crate::highlight::HighlightCache;
use crate::keys::KeyCommand;
use crate::theme::Theme;
use crate::view::SubmissionDetail;

/// The code pane.
pub struct CodePane {
    question: Option<CodingQuestion>,
    language: String,
    buffer: TextBuffer,
    highlight: HighlightCache,
    syntax_theme: Option<String>,
    /// First visible row and column of the editor.
    scroll: (usize, usize),
    /// Editor height last drawn.
    page: usize,
    outcome: Option<CodeOutcome>,
    detail: Option<SubmissionDetail>,
    running: bool,
}

impl CodePane {
    /// An empty pane highlighting `language` with syntect theme `syntax_theme`.
    pub fn new(language: &str, syntax_theme: Option<&str>) -> CodePane {
        CodePane {
            question: None,
            language: language.to_string(),
            buffer: TextBuffer::default(),
            highlight: HighlightCache::new(language, syntax_theme),
            syntax_theme: syntax_theme.map(String::from),
            scroll: (0, 0),
            page: 10,
            outcome: None,
            detail: None,
            running: false,
        }
    }

    /// A coding question arrived: its statement and starter code fill the pane.
    pub fn set_question(&mut self, q: CodingQuestion) {
        self.language = q.language.clone();
        self.highlight = HighlightCache::new(&q.language, self.syntax_theme.as_deref());
        self.buffer.set_text(&q.initial_code);
        self.question = Some(q);
        self.outcome = None;
        self.detail = None;
        self.scroll = (0, 0);
    }

    /// Replaces the code (as if typed over).
    pub fn set_code(&mut self, code: &str) {
        self.buffer.set_text(code);
    }

    /// Inserts pasted text at the cursor, as is.
    pub fn paste(&mut self, text: &str) {
        self.buffer
            .insert_str(&text.replace("\r\n", "\n").replace('\r', "\n"));
    }

    /// The problem in play.
    pub fn question(&self) -> Option<&CodingQuestion> {
        self.question.as_ref()
    }

    /// The code's language.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The code.
    pub fn code(&self) -> String {
        self.buffer.text()
    }

    /// Marks a run as started.
    pub fn set_running(&mut self, running: bool) {
        self.running = running;
    }

    /// Whether a run is in progress.
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// A run's outcome arrived.
    pub fn set_outcome(&mut self, o: CodeOutcome) {
        self.running = false;
        self.outcome = Some(o);
        self.detail = None;
    }

    /// The run's per-test details arrived.
    pub fn set_detail(&mut self, d: SubmissionDetail) {
        self.detail = Some(d);
    }

    /// The last run's outcome.
    pub fn outcome(&self) -> Option<&CodeOutcome> {
        self.outcome.as_ref()
    }

    fn statement_lines(&self, width: u16, theme: &Theme) -> Vec<Line<'static>> {
        let Some(q) = &self.question else {
            let text = "No problem yet: the interviewer hands one out in the problem-solving phase. You can sketch code here meanwhile.";
            return wrap(text, width as usize)
                .into_iter()
                .map(|l| Line::styled(l, theme.muted()))
                .collect();
        };
        let mut out = vec![Line::from(vec![
            Span::styled(q.title.clone(), theme.accent()),
            Span::styled(
                format!(" ({}) · {}", q.difficulty, q.signature),
                theme.muted(),
            ),
        ])];
        for l in wrap(&reflow(q.question.trim()), width as usize) {
            out.push(Line::raw(l));
        }
        out
    }

    fn draw_editor(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx, focused: bool) {
        let title = format!(
            " Code — {} · {} run tests ",
            self.language,
            ctx.keys.short(KeyCommand::RunTests)
        );
        let block = pane(Span::styled(title, ctx.theme.accent()), ctx.theme, focused);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if let Some(row) = self.buffer.take_dirty() {
            self.highlight.invalidate_from(row);
        }
        let lines = self.buffer.lines();
        let gutter = (lines.len().to_string().len().max(3) + 1) as u16;
        let h = inner.height as usize;
        let w = inner.width.saturating_sub(gutter) as usize;
        self.page = h.max(1);
        if h == 0 || w == 0 {
            return;
        }
        let (row, col) = self.buffer.cursor();
        if row < self.scroll.0 {
            self.scroll.0 = row;
        } else if row >= self.scroll.0 + h {
            self.scroll.0 = row + 1 - h;
        }
        if col < self.scroll.1 {
            self.scroll.1 = col;
        } else if col >= self.scroll.1 + w {
            self.scroll.1 = col + 1 - w;
        }
        let (top, left) = self.scroll;
        let mut out = Vec::with_capacity(h);
        for r in top..(top + h).min(lines.len()) {
            let text = &lines[r];
            let mut spans = vec![Span::styled(
                format!("{:>width$} ", r + 1, width = gutter as usize - 1),
                if r == row {
                    ctx.theme.accent()
                } else {
                    ctx.theme.muted()
                },
            )];
            let runs = self.highlight.line(lines, r);
            let bytes: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect();
            let nchars = bytes.len() - 1;
            let (lo, hi) = (left.min(nchars), (left + w).min(nchars));
            for &(style, a, b) in runs {
                let (a, b) = (a.max(lo).min(hi), b.max(lo).min(hi));
                if a < b {
                    let style = if ctx.theme.color {
                        style
                    } else {
                        Style::default()
                    };
                    spans.push(Span::styled(text[bytes[a]..bytes[b]].to_string(), style));
                }
            }
            out.push(Line::from(spans));
        }
        frame.render_widget(Paragraph::new(out), inner);
        if focused {
            frame.set_cursor_position(Position::new(
                inner.x + gutter + (col - left) as u16,
                inner.y + (row - top) as u16,
            ));
        }
    }

    fn result_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        if self.running {
            return vec![Line::styled("Running your tests…", theme.muted())];
        }
        let Some(o) = &self.outcome else {
            return vec![Line::styled("No run yet.", theme.muted())];
        };
        let ok = o.all_tests_passed;
        let mut out = vec![
            Line::from(vec![
                Span::styled(
                    o.verdict.replace('_', " "),
                    theme
                        .fg(if ok { theme.success } else { theme.error })
                        .add_modifier(Modifier::BOLD),
                ),
                Span::styled(format!(" · {:.0} ms", o.execution_time_ms), theme.muted()),
            ]),
            Line::raw(format!("Tests {}/{} passed", o.passed, o.total)),
        ];
        if let Some(e) = &o.error {
            out.push(Line::styled(
                e.lines().next().unwrap_or("").to_string(),
                theme.fg(theme.error),
            ));
        }
        let Some(d) = &self.detail else {
            if let Some(q) = o.quality_score {
                out.push(Line::styled(format!("Quality {q:.1}/10"), theme.accent()));
            }
            return out;
        };
        if let Some(m) = &d.quality_metrics {
            out.push(Line::styled(
                format!(
                    "Quality {:.1}/10 · {} lines",
                    m.quality_score, m.lines_of_code
                ),
                theme.accent(),
            ));
            out.push(Line::raw(format!(
                "Cyclomatic {} · cognitive {} · nesting {} · MI {:.0}",
                m.cyclomatic_complexity,
                m.cognitive_complexity,
                m.max_nesting,
                m.maintainability_index
            )));
        }
        for t in &d.test_results {
            let mark = if t.passed { "✓" } else { "✗" };
            let color = if t.passed { theme.success } else { theme.error };
            let mut s = format!("{mark} #{}", t.test_case);
            if t.hidden {
                s.push_str(" hidden");
            }
            if let Some(ms) = t.time_ms {
                s.push_str(&format!(" {ms:.1} ms"));
            }
            if !t.passed && !t.hidden {
                if let (Some(exp), Some(act)) = (&t.expected, &t.actual) {
                    s.push_str(&format!(" want {exp} got {act}"));
                } else if let Some(err) = &t.error {
                    s.push_str(&format!(" {}", err.lines().next().unwrap_or("")));
                }
            }
            out.push(Line::styled(s, theme.fg(color)));
        }
        out
    }
}

/// Joins a markdown statement's hard-wrapped lines into paragraphs, keeping
/// blank lines, list items, headings and code blocks as they are.
pub fn reflow(text: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in text.lines() {
        let t = line.trim_start();
        let fence = t.starts_with("```");
        let keep = in_code
            || fence
            || t.is_empty()
            || t.starts_with("- ")
            || t.starts_with("* ")
            || t.starts_with('#')
            || t.chars().next().is_some_and(|c| c.is_ascii_digit()) && t.contains(". ");
        let prev_blank = out.is_empty() || out.ends_with('\n');
        if keep || prev_blank {
            if !prev_blank {
                out.push('\n');
            }
            out.push_str(line);
            out.push('\n');
            if t.is_empty() || fence {
                // nothing joins onto a blank line or a fence
            } else if !in_code && !fence {
                out.pop();
            }
        } else {
            out.push(' ');
            out.push_str(t);
        }
        if fence {
            in_code = !in_code;
        }
    }
    out.trim_end().to_string()
}

impl Component for CodePane {
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Option<Action> {
        if ctx.keys.is(KeyCommand::Undo, key) {
            self.buffer.undo();
        } else if ctx.keys.is(KeyCommand::Redo, key) {
            self.buffer.redo();
        } else {
            self.buffer.handle_key(key, self.page, true);
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx, focused: bool) {
        let wide = area.width >= 90;
        let statement = self.statement_lines(area.width.saturating_sub(2), ctx.theme);
        let sh = (statement.len() as u16 + 2).min(area.height / 3).max(3);
        let [top, rest] =
            Layout::vertical([Constraint::Length(sh), Constraint::Min(3)]).areas(area);
        let block = pane(
            Span::styled(" Problem ", ctx.theme.accent()),
            ctx.theme,
            false,
        );
        frame.render_widget(
            Paragraph::new(statement)
                .wrap(Wrap { trim: false })
                .block(block),
            top,
        );
        let (editor, results) = if wide {
            let [e, r] =
                Layout::horizontal([Constraint::Min(20), Constraint::Length(34)]).areas(rest);
            (e, r)
        } else {
            let [e, r] = Layout::vertical([Constraint::Min(3), Constraint::Length(7)]).areas(rest);
            (e, r)
        };
        self.draw_editor(frame, editor, ctx, focused);
        let block = pane(
            Span::styled(" Tests ", ctx.theme.accent()),
            ctx.theme,
            false,
        );
        frame.render_widget(
            Paragraph::new(self.result_lines(ctx.theme))
                .wrap(Wrap { trim: false })
                .block(block),
            results,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::reflow;

    #[test]
    fn reflow_joins_wrapped_lines_and_keeps_lists() {
        let text = "Return the\n**largest** profit.\n\n**Constraints**\n- `a`\n- `b`\n\nDone.";
        assert_eq!(
            reflow(text),
            "Return the **largest** profit.\n\n**Constraints**\n- `a`\n- `b`\n\nDone."
        );
    }
}
