//! The screens and panes. Each component owns its state, turns keys into
//! [`Action`]s and draws itself.

pub mod code;
pub mod help;
pub mod history;
pub mod home;
pub mod input;
pub mod report;
pub mod scoreboard;
pub mod status;
pub mod transcript;

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders};
use ratatui::Frame;

use crate::action::Action;
use crate::keys::KeyMap;
use crate::theme::Theme;

/// What every component may consult while handling keys or drawing.
pub struct Ctx<'a> {
    /// Colours.
    pub theme: &'a Theme,
    /// Key bindings.
    pub keys: &'a KeyMap,
}

/// A part of the interface that owns its state and draws itself.
pub trait Component {
    /// Reacts to a key; returns what should happen beyond its own state.
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Option<Action>;
    /// Draws into `area`.
    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx, focused: bool);
}

/// A bordered pane with a title, highlighted when focused.
pub fn pane<'a>(title: impl Into<Line<'a>>, theme: &Theme, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(theme.border(focused))
        .title(title)
        .style(theme.base())
}

/// Word-wraps `text` to `width` columns: explicit newlines are kept, words
/// longer than a line are cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let width = width.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut w = 0usize;
        for word in para.split(' ') {
            let ww: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
            if w > 0 && w + 1 + ww > width {
                out.push(std::mem::take(&mut line));
                w = 0;
            } else if w > 0 || (!line.is_empty()) {
                line.push(' ');
                w += 1;
            }
            if ww > width {
                for c in word.chars() {
                    let cw = c.width().unwrap_or(0);
                    if w + cw > width {
                        out.push(std::mem::take(&mut line));
                        w = 0;
                    }
                    line.push(c);
                    w += cw;
                }
            } else {
                line.push_str(word);
                w += ww;
            }
        }
        out.push(line);
    }
    out
}

/// A rectangle of `w`×`h` centred in `area` (clamped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_words_keeps_newlines_and_cuts_long_words() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("a\n\nb", 5), vec!["a", "", "b"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("", 3), vec![""]);
    }
}
