//! The status bar: agent, voice, what is happening, key hints, and the last
//! notice or error.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::Ctx;
use crate::keys::KeyCommand;

/// The status bar's state.
#[derive(Debug, Default)]
pub struct StatusBar {
    /// The interviewer's name (`local`).
    pub agent: String,
    /// Voice state (`voice off`).
    pub voice: String,
    /// What is going on (`interviewer is writing…`).
    pub activity: String,
    /// The last notice, shown until replaced.
    pub notice: Option<(bool, String)>,
}

impl StatusBar {
    /// Shows a notice (`error`: in the error colour).
    pub fn notice(&mut self, error: bool, text: impl Into<String>) {
        self.notice = Some((error, text.into()));
    }

    /// Draws the bar with hints for `commands`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, commands: &[KeyCommand]) {
        let t = ctx.theme;
        let mut spans = Vec::new();
        if !self.agent.is_empty() {
            spans.push(Span::styled(format!(" ● {} ", self.agent), t.accent()));
            spans.push(Span::styled(format!("· {} ", self.voice), t.muted()));
        }
        if !self.activity.is_empty() {
            spans.push(Span::styled(
                format!("· {} ", self.activity),
                t.fg(t.warning),
            ));
        }
        if let Some((error, text)) = &self.notice {
            let color = if *error { t.error } else { t.success };
            spans.push(Span::styled(format!("· {text} "), t.fg(color)));
        }
        spans.push(Span::raw(" "));
        for c in commands {
            spans.push(Span::styled(ctx.keys.short(*c), t.accent()));
            let name = c.name().replace('_', " ");
            spans.push(Span::styled(format!(" {name}  "), t.muted()));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)).style(t.base()), area);
    }
}
