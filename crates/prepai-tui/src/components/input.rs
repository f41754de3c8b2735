//! The answer input: multi-line, sends on Enter (keys configurable).

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{pane, Component, Ctx};
use crate::action::Action;
use crate::buffer::TextBuffer;
use crate::keys::KeyCommand;

/// Most lines the input grows to.
pub const MAX_LINES: u16 = 5;

/// The input pane.
#[derive(Debug, Default)]
pub struct Input {
    buffer: TextBuffer,
    /// What the candidate is saying (voice mode), shown while nothing is typed.
    partial: String,
}

impl Input {
    /// Rows the pane needs (borders included).
    pub fn height(&self) -> u16 {
        (self.buffer.lines().len() as u16).clamp(1, MAX_LINES) + 2
    }

    /// Inserts pasted text.
    pub fn paste(&mut self, text: &str) {
        self.buffer.insert_str(&text.replace("\r\n", "\n"));
    }

    /// Shows the partial transcript of the candidate's speech (empty: none).
    pub fn set_partial(&mut self, text: &str) {
        text.clone_into(&mut self.partial);
    }

    /// The text typed so far.
    pub fn text(&self) -> String {
        self.buffer.text()
    }
}

impl Component for Input {
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Option<Action> {
        if ctx.keys.is(KeyCommand::Newline, key) {
            self.buffer.split_line(false);
        } else if ctx.keys.is(KeyCommand::Send, key) {
            if self.buffer.is_blank() {
                return None;
            }
            let text = self.buffer.text();
            self.buffer = TextBuffer::default();
            return Some(Action::Answer(text));
        } else if ctx.keys.is(KeyCommand::Undo, key) {
            self.buffer.undo();
        } else if ctx.keys.is(KeyCommand::Redo, key) {
            self.buffer.redo();
        } else {
            self.buffer.handle_key(key, MAX_LINES as usize, false);
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx, focused: bool) {
        let block = pane(
            Span::styled(" Your answer ", ctx.theme.accent()),
            ctx.theme,
            focused,
        );
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let (row, col) = self.buffer.cursor();
        let h = inner.height as usize;
        let top = (row + 1).saturating_sub(h);
        let w = inner.width as usize;
        let left = (col + 1).saturating_sub(w);
        if self.buffer.is_blank() && self.buffer.lines().len() == 1 && !self.partial.is_empty() {
            let heard = Line::from(vec![
                Span::styled("heard: ", ctx.theme.muted()),
                Span::raw(format!("{}…", self.partial)),
            ]);
            frame.render_widget(Paragraph::new(heard), inner);
        } else if self.buffer.is_blank() && self.buffer.lines().len() == 1 {
            let hint = format!(
                "Type your answer — {} sends, {} new line, {} help",
                ctx.keys.short(KeyCommand::Send),
                ctx.keys.short(KeyCommand::Newline),
                ctx.keys.short(KeyCommand::Help)
            );
            frame.render_widget(Paragraph::new(Line::styled(hint, ctx.theme.muted())), inner);
        } else {
            let lines: Vec<Line> = self.buffer.lines()[top..]
                .iter()
                .take(h)
                .map(|l| Line::raw(l.chars().skip(left).collect::<String>()))
                .collect();
            frame.render_widget(Paragraph::new(lines), inner);
        }
        if focused {
            frame.set_cursor_position(Position::new(
                inner.x + (col - left) as u16,
                inner.y + (row - top) as u16,
            ));
        }
    }
}
