//! The conversation: speaker, time and phase over each message, wrapped to the
//! pane, streaming as the interviewer writes; scrolls with keys and the wheel.
//! Wrapped lines are cached per message and width.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};
use ratatui::Frame;

use super::{pane, wrap, Component, Ctx};
use crate::action::Action;
use crate::theme::Theme;

/// Who said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    /// The interviewer.
    Interviewer,
    /// The candidate.
    You,
    /// PrepAI itself (phases, problems, errors).
    System,
}

impl Speaker {
    fn label(self) -> &'static str {
        match self {
            Speaker::Interviewer => "Interviewer",
            Speaker::You => "You",
            Speaker::System => "PrepAI",
        }
    }
}

/// One message.
#[derive(Debug, Clone)]
struct Entry {
    speaker: Speaker,
    time: String,
    phase: String,
    text: String,
    /// Wrapped body for a width.
    cache: Option<(u16, Vec<String>)>,
}

/// The transcript pane.
#[derive(Debug, Default)]
pub struct Transcript {
    entries: Vec<Entry>,
    /// Whether the last entry is the interviewer's reply still streaming.
    streaming: bool,
    /// Lines scrolled up from the bottom (0 follows new messages).
    scroll: usize,
    /// The current phase.
    phase: String,
    /// Body height last drawn (for paging).
    page: usize,
}

impl Transcript {
    /// Sets the phase shown with new messages and in the title.
    pub fn set_phase(&mut self, phase: &str) {
        self.phase = phase.replace('_', " ");
    }

    /// The current phase.
    pub fn phase(&self) -> &str {
        &self.phase
    }

    /// Adds a whole message.
    pub fn push(&mut self, speaker: Speaker, text: &str, time: &str) {
        if self.streaming && speaker != Speaker::Interviewer {
            self.streaming = false;
        }
        self.entries.push(Entry {
            speaker,
            time: time.to_string(),
            phase: self.phase.clone(),
            text: text.to_string(),
            cache: None,
        });
    }

    /// Appends a streamed piece of the interviewer's reply.
    pub fn chunk(&mut self, text: &str, time: &str) {
        match self.entries.last_mut() {
            Some(e) if self.streaming => {
                e.text.push_str(text);
                e.cache = None;
            }
            _ => {
                self.push(Speaker::Interviewer, text, time);
                self.streaming = true;
            }
        }
    }

    /// The reply is complete: its final text replaces what streamed.
    pub fn complete(&mut self, text: &str, time: &str) {
        if self.streaming {
            if let Some(e) = self.entries.last_mut() {
                e.text = text.to_string();
                e.cache = None;
            }
            self.streaming = false;
        } else {
            self.push(Speaker::Interviewer, text, time);
        }
    }

    /// Whether a reply is streaming.
    pub fn is_streaming(&self) -> bool {
        self.streaming
    }

    /// How many messages there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Scrolls by `lines` (positive: back in time).
    pub fn scroll_by(&mut self, lines: isize) {
        self.scroll = self.scroll.saturating_add_signed(lines);
    }

    fn lines_of(e: &mut Entry, width: u16) -> usize {
        if e.cache.as_ref().map(|c| c.0) != Some(width) {
            e.cache = Some((width, wrap(&e.text, width.saturating_sub(2) as usize)));
        }
        // Header, body, blank separator.
        e.cache.as_ref().map_or(0, |c| c.1.len()) + 2
    }

    fn render_entry<'a>(e: &'a Entry, theme: &Theme, out: &mut Vec<Line<'a>>) {
        let color = match e.speaker {
            Speaker::Interviewer => theme.assistant,
            Speaker::You => theme.user,
            Speaker::System => theme.system,
        };
        let mut header = vec![
            Span::styled(
                e.speaker.label(),
                Style::default().fg(color).add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!(" · {}", e.time), theme.muted()),
        ];
        if !e.phase.is_empty() {
            header.push(Span::styled(format!(" · {}", e.phase), theme.muted()));
        }
        out.push(Line::from(header));
        if let Some((_, body)) = &e.cache {
            for l in body {
                out.push(Line::from(vec![Span::raw("  "), Span::raw(l.as_str())]));
            }
        }
        out.push(Line::default());
    }
}

impl Component for Transcript {
    fn handle_key(&mut self, key: &KeyEvent, _ctx: &Ctx) -> Option<Action> {
        let page = self.page.max(1) as isize;
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.scroll_by(1),
            KeyCode::Down | KeyCode::Char('j') => self.scroll_by(-1),
            KeyCode::PageUp => self.scroll_by(page),
            KeyCode::PageDown => self.scroll_by(-page),
            KeyCode::Home | KeyCode::Char('g') => self.scroll = usize::MAX / 2,
            KeyCode::End | KeyCode::Char('G') => self.scroll = 0,
            _ => return None,
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx, focused: bool) {
        let title = if self.phase.is_empty() {
            " Transcript ".to_string()
        } else {
            format!(" Transcript — {} ", self.phase)
        };
        let mut title = vec![Span::styled(title, ctx.theme.accent())];
        if self.streaming {
            title.push(Span::styled("✎ writing… ", ctx.theme.muted()));
        }
        let block = pane(Line::from(title), ctx.theme, focused);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let (w, h) = (inner.width.saturating_sub(1), inner.height as usize);
        self.page = h.saturating_sub(2);
        if w == 0 || h == 0 {
            return;
        }
        let counts: Vec<usize> = self
            .entries
            .iter_mut()
            .map(|e| Transcript::lines_of(e, w))
            .collect();
        let total: usize = counts.iter().sum();
        let max_scroll = total.saturating_sub(h);
        self.scroll = self.scroll.min(max_scroll);
        // The window [top, top + h) of all lines, counted from the top.
        let top = total.saturating_sub(h + self.scroll);
        let mut lines = Vec::with_capacity(h + 8);
        let (mut first, mut skip, mut acc) = (self.entries.len(), 0, 0);
        for (i, c) in counts.iter().enumerate() {
            if acc + c > top {
                (first, skip) = (i, top - acc);
                break;
            }
            acc += c;
        }
        for e in &self.entries[first..] {
            Transcript::render_entry(e, ctx.theme, &mut lines);
            if lines.len() >= skip + h {
                break;
            }
        }
        let visible: Vec<Line> = lines.into_iter().skip(skip).take(h).collect();
        if self.entries.is_empty() {
            let p = Paragraph::new("The interviewer will greet you in a moment…")
                .style(ctx.theme.muted());
            frame.render_widget(p, inner);
            return;
        }
        let text_area = Rect::new(inner.x, inner.y, w, inner.height);
        frame.render_widget(Paragraph::new(visible), text_area);
        if total > h {
            let mut state = ScrollbarState::new(max_scroll).position(max_scroll - self.scroll);
            frame.render_stateful_widget(
                Scrollbar::new(ScrollbarOrientation::VerticalRight)
                    .begin_symbol(None)
                    .end_symbol(None)
                    .style(ctx.theme.muted()),
                inner,
                &mut state,
            );
        }
    }
}
