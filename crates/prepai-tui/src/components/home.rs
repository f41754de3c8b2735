//! The home screen: interview type, name, CV (with path completion), agent,
//! voice; and recent sessions to review.

use std::path::{Path, PathBuf};

use prepai_core::{InterviewType, SessionStatus, SessionSummary};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::{pane, Component, Ctx};
use crate::action::{Action, StartRequest};

/// The interviewers one can choose.
pub const AGENTS: [&str; 3] = ["local", "bedrock", "openai"];

/// The form's fields, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Interview type list.
    Type,
    /// Candidate name.
    Name,
    /// CV path.
    Cv,
    /// Interviewer.
    Agent,
    /// Voice on/off.
    Voice,
    /// The start button.
    Start,
    /// Recent sessions.
    Recent,
}

const FIELDS: [Field; 7] = [
    Field::Type,
    Field::Name,
    Field::Cv,
    Field::Agent,
    Field::Voice,
    Field::Start,
    Field::Recent,
];

/// The home screen.
pub struct Home {
    types: Vec<(String, String, String)>,
    type_idx: usize,
    name: String,
    cv: String,
    agent: usize,
    voice: bool,
    field: Field,
    recent: Vec<SessionSummary>,
    recent_idx: usize,
    /// Completion candidates last offered for the CV path.
    completions: Vec<String>,
}

impl Home {
    /// A home screen offering `types`.
    pub fn new(types: &[InterviewType]) -> Home {
        Home {
            types: types
                .iter()
                .map(|t| (t.key.clone(), t.name.clone(), t.description.clone()))
                .collect(),
            type_idx: 0,
            name: String::new(),
            cv: String::new(),
            agent: 0,
            voice: false,
            field: Field::Name,
            recent: Vec::new(),
            recent_idx: 0,
            completions: Vec::new(),
        }
    }

    /// Pre-fills the form.
    pub fn prefill(&mut self, req: &StartRequest) {
        if let Some(i) = self.types.iter().position(|t| t.0 == req.interview_type) {
            self.type_idx = i;
        }
        self.name = req.name.clone();
        self.cv = req
            .cv
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
    }

    /// Recent sessions, newest first.
    pub fn set_recent(&mut self, recent: Vec<SessionSummary>) {
        self.recent = recent;
        self.recent_idx = self.recent_idx.min(self.recent.len().saturating_sub(1));
    }

    /// The field with focus.
    pub fn field(&self) -> Field {
        self.field
    }

    fn move_field(&mut self, step: isize) {
        let i = FIELDS.iter().position(|f| *f == self.field).unwrap_or(0) as isize;
        self.field = FIELDS[(i + step).rem_euclid(FIELDS.len() as isize) as usize];
    }

    fn request(&self) -> Result<StartRequest, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err("enter the candidate's name first".into());
        }
        let cv = self.cv.trim();
        let cv = if cv.is_empty() {
            None
        } else {
            let p = expand_home(cv);
            if !p.is_file() {
                return Err(format!("no CV file at {cv}; fix the path or clear it"));
            }
            Some(p)
        };
        Ok(StartRequest {
            interview_type: self
                .types
                .get(self.type_idx)
                .map(|t| t.0.clone())
                .unwrap_or_default(),
            name: name.to_string(),
            cv,
            agent: AGENTS[self.agent].to_string(),
            voice: self.voice,
        })
    }

    fn start(&self) -> Action {
        match self.request() {
            Ok(r) => Action::Start(r),
            Err(e) => Action::Error(e),
        }
    }

    fn complete_cv(&mut self) -> Option<Action> {
        let (done, candidates) = complete_path(&self.cv);
        self.cv = done;
        self.completions = candidates;
        None
    }

    fn edit(text: &mut String, key: &KeyEvent) -> bool {
        match key.code {
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                text.push(c)
            }
            KeyCode::Backspace => {
                text.pop();
            }
            _ => return false,
        }
        true
    }
}

fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(p),
    }
}

/// Completes a path: the longest common prefix of the entries that start with
/// its last component, plus `/` for a single directory; returns the new text
/// and the candidates when more than one matches.
pub fn complete_path(text: &str) -> (String, Vec<String>) {
    let (dir_text, stem) = match text.rfind('/') {
        Some(i) => (&text[..=i], &text[i + 1..]),
        None => ("", text),
    };
    let dir = if dir_text.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(dir_text)
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (text.to_string(), Vec::new());
    };
    let mut names: Vec<(String, bool)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let is_dir = e.file_type().ok()?.is_dir();
            (name.starts_with(stem) && (!name.starts_with('.') || stem.starts_with('.')))
                .then_some((name, is_dir))
        })
        .collect();
    names.sort();
    match names.as_slice() {
        [] => (text.to_string(), Vec::new()),
        [(name, is_dir)] => (
            format!("{dir_text}{name}{}", if *is_dir { "/" } else { "" }),
            Vec::new(),
        ),
        many => {
            let first = &many[0].0;
            let common = many.iter().fold(first.len(), |n, (s, _)| {
                first
                    .char_indices()
                    .zip(s.chars())
                    .take_while(|((_, a), b)| a == b)
                    .last()
                    .map(|((i, a), _)| (i + a.len_utf8()).min(n))
                    .unwrap_or(0)
            });
            (
                format!("{dir_text}{}", &first[..common]),
                many.iter().map(|(n, _)| n.clone()).collect(),
            )
        }
    }
}

impl Component for Home {
    fn handle_key(&mut self, key: &KeyEvent, _ctx: &Ctx) -> Option<Action> {
        match (self.field, key.code) {
            (_, KeyCode::BackTab) => self.move_field(-1),
            (Field::Cv, KeyCode::Tab) if !self.cv.is_empty() => return self.complete_cv(),
            (_, KeyCode::Tab) => self.move_field(1),
            (Field::Type, KeyCode::Up) => self.type_idx = self.type_idx.saturating_sub(1),
            (Field::Type, KeyCode::Down) => {
                self.type_idx = (self.type_idx + 1).min(self.types.len().saturating_sub(1))
            }
            (Field::Recent, KeyCode::Up) if self.recent_idx > 0 => self.recent_idx -= 1,
            (Field::Recent, KeyCode::Down) => {
                self.recent_idx = (self.recent_idx + 1).min(self.recent.len().saturating_sub(1))
            }
            (Field::Recent, KeyCode::Enter) => {
                let s = self.recent.get(self.recent_idx)?;
                return Some(if s.status == SessionStatus::Completed {
                    Action::OpenReport(s.session_id)
                } else {
                    Action::Error(format!(
                        "session {} is still active; resume it with `prepai interview --headless --session {}` or end it",
                        &s.session_id.to_string()[..8],
                        s.session_id
                    ))
                });
            }
            (_, KeyCode::Up) => self.move_field(-1),
            (_, KeyCode::Down) => self.move_field(1),
            (Field::Agent, KeyCode::Left) => {
                self.agent = (self.agent + AGENTS.len() - 1) % AGENTS.len()
            }
            (Field::Agent, KeyCode::Right | KeyCode::Char(' ')) => {
                self.agent = (self.agent + 1) % AGENTS.len()
            }
            (Field::Voice, KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')) => {
                self.voice = !self.voice
            }
            (_, KeyCode::Enter) => return Some(self.start()),
            (Field::Name, _) => {
                Home::edit(&mut self.name, key);
            }
            (Field::Cv, _) => {
                Home::edit(&mut self.cv, key);
                self.completions.clear();
            }
            _ => {}
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx, _focused: bool) {
        let t = ctx.theme;
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(area);
        let types_h = (self.types.len() as u16 + 2)
            .min(left.height.saturating_sub(9))
            .max(3);
        let [types_area, form_area] =
            Layout::vertical([Constraint::Length(types_h), Constraint::Min(7)]).areas(left);

        let items: Vec<ListItem> = self
            .types
            .iter()
            .map(|(key, name, _)| {
                ListItem::new(Line::from(vec![
                    Span::raw(name.clone()),
                    Span::styled(format!("  {key}"), t.muted()),
                ]))
            })
            .collect();
        let mut state = ListState::default().with_selected(Some(self.type_idx));
        frame.render_stateful_widget(
            List::new(items)
                .highlight_style(t.selected())
                .highlight_symbol("▸ ")
                .block(pane(
                    Span::styled(" Interview type ", t.accent()),
                    t,
                    self.field == Field::Type,
                )),
            types_area,
            &mut state,
        );

        let row = |label: &str, value: String, field: Field| {
            let focused = self.field == field;
            let style = if focused { t.selected() } else { t.base() };
            Line::from(vec![
                Span::styled(format!("{label:<10}"), t.muted()),
                Span::styled(value, style),
            ])
        };
        let mut lines = vec![
            row("Name", format!("{}▏", self.name), Field::Name),
            row(
                "CV file",
                if self.cv.is_empty() && self.field != Field::Cv {
                    "(none — Tab completes paths)".into()
                } else {
                    format!("{}▏", self.cv)
                },
                Field::Cv,
            ),
            row("Agent", format!("◂ {} ▸", AGENTS[self.agent]), Field::Agent),
            row(
                "Answer by",
                if self.voice {
                    "◂ voice ▸".into()
                } else {
                    "◂ typing ▸".into()
                },
                Field::Voice,
            ),
            Line::default(),
            Line::from(Span::styled(
                "  [ Start interview ]  ",
                if self.field == Field::Start {
                    t.selected()
                } else {
                    t.accent()
                },
            )),
        ];
        if !self.completions.is_empty() {
            lines.push(Line::styled(self.completions.join("  "), t.muted()));
        }
        let form_block = pane(
            Span::styled(" You ", t.accent()),
            t,
            matches!(
                self.field,
                Field::Name | Field::Cv | Field::Agent | Field::Voice | Field::Start
            ),
        );
        let form_inner = form_block.inner(form_area);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(form_block),
            form_area,
        );
        let cursor = match self.field {
            Field::Name => Some((0u16, self.name.chars().count())),
            Field::Cv => Some((1, self.cv.chars().count())),
            _ => None,
        };
        if let Some((r, c)) = cursor {
            let x = (form_inner.x + 10 + c as u16).min(form_inner.right().saturating_sub(1));
            frame.set_cursor_position(Position::new(x, form_inner.y + r));
        }

        let [about, recent_area] =
            Layout::vertical([Constraint::Length(7), Constraint::Min(3)]).areas(right);
        let desc = self
            .types
            .get(self.type_idx)
            .map(|t| t.2.clone())
            .unwrap_or_default();
        frame.render_widget(
            Paragraph::new(desc).wrap(Wrap { trim: true }).block(pane(
                Span::styled(" About this interview ", t.accent()),
                t,
                false,
            )),
            about,
        );
        let items: Vec<ListItem> = self
            .recent
            .iter()
            .map(|s| {
                let when = s
                    .created_at
                    .with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M");
                let status = match s.status {
                    SessionStatus::Completed => Span::styled(" done", t.fg(t.success)),
                    SessionStatus::Active => Span::styled(" open", t.fg(t.warning)),
                };
                ListItem::new(Line::from(vec![
                    Span::styled(format!("{when} "), t.muted()),
                    Span::raw(format!("{} · {}", s.interview_type, s.candidate_name)),
                    status,
                ]))
            })
            .collect();
        let empty = items.is_empty();
        let mut state = ListState::default()
            .with_selected((self.field == Field::Recent && !empty).then_some(self.recent_idx));
        let block = pane(
            Span::styled(" Recent sessions — Enter opens the report ", t.accent()),
            t,
            self.field == Field::Recent,
        );
        if empty {
            frame.render_widget(
                Paragraph::new(Line::styled("No sessions yet.", t.muted())).block(block),
                recent_area,
            );
        } else {
            frame.render_stateful_widget(
                List::new(items)
                    .highlight_style(t.selected().add_modifier(Modifier::BOLD))
                    .block(block),
                recent_area,
                &mut state,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_unique_and_common_prefixes() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("resume-2026.pdf"), "x").unwrap();
        std::fs::write(d.path().join("resume-2025.pdf"), "x").unwrap();
        std::fs::create_dir(d.path().join("letters")).unwrap();
        let base = format!("{}/", d.path().display());
        let (t, c) = complete_path(&format!("{base}res"));
        assert_eq!(t, format!("{base}resume-202"));
        assert_eq!(c.len(), 2);
        let (t, c) = complete_path(&format!("{base}let"));
        assert_eq!(t, format!("{base}letters/"));
        assert!(c.is_empty());
        let (t, _) = complete_path(&format!("{base}zzz"));
        assert_eq!(t, format!("{base}zzz"));
    }
}
