//! The history screen: past sessions, and per interview type a trend
//! sparkline with the latest session's percentile rank.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Sparkline, Table, TableState};
use ratatui::Frame;

use super::{pane, Component, Ctx};
use crate::action::Action;
use crate::view::HistoryView;

/// The history screen.
#[derive(Debug, Default)]
pub struct HistoryScreen {
    view: Option<HistoryView>,
    selected: usize,
}

impl HistoryScreen {
    /// Shows "loading…" until [`HistoryScreen::set`].
    pub fn loading(&mut self) {
        self.view = None;
    }

    /// The history to show.
    pub fn set(&mut self, v: HistoryView) {
        self.selected = self.selected.min(v.rows.len().saturating_sub(1));
        self.view = Some(v);
    }
}

/// `1st`, `2nd`, `3rd`, `11th`, `83rd`.
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

impl Component for HistoryScreen {
    fn handle_key(&mut self, key: &KeyEvent, _ctx: &Ctx) -> Option<Action> {
        let n = self.view.as_ref().map_or(0, |v| v.rows.len());
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(n.saturating_sub(1))
            }
            KeyCode::Enter => {
                let row = self.view.as_ref()?.rows.get(self.selected)?;
                if row.status != "completed" {
                    return Some(Action::Error(
                        "that session is still active; end it to see its report".into(),
                    ));
                }
                return Some(Action::OpenReport(row.session_id.parse().ok()?));
            }
            _ => {}
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx, _focused: bool) {
        let t = ctx.theme;
        let Some(v) = &self.view else {
            frame.render_widget(
                Paragraph::new(Line::styled("Loading your sessions…", t.muted())).block(pane(
                    Span::styled(" History ", t.accent()),
                    t,
                    true,
                )),
                area,
            );
            return;
        };
        let [list, trends] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(area);
        let rows: Vec<Row> = v
            .rows
            .iter()
            .map(|r| {
                Row::new(vec![
                    r.date.clone(),
                    r.interview_type.clone(),
                    r.candidate.clone(),
                    r.overall
                        .map(|o| format!("{o:.1}"))
                        .unwrap_or_else(|| "–".into()),
                    r.status.clone(),
                ])
            })
            .collect();
        let empty = rows.is_empty();
        let table = Table::new(
            rows,
            [
                Constraint::Length(16),
                Constraint::Length(14),
                Constraint::Min(8),
                Constraint::Length(7),
                Constraint::Length(9),
            ],
        )
        .header(Row::new(vec!["Date", "Type", "Candidate", "Overall", "Status"]).style(t.accent()))
        .row_highlight_style(t.selected())
        .block(
            pane(
                Span::styled(" Sessions — Enter opens the report ", t.accent()),
                t,
                true,
            )
            .title_bottom(Line::styled(" Esc home ", t.muted())),
        );
        let mut state = TableState::default().with_selected((!empty).then_some(self.selected));
        frame.render_stateful_widget(table, list, &mut state);

        let block = pane(Span::styled(" Trends by type ", t.accent()), t, false);
        let inner = block.inner(trends);
        frame.render_widget(block, trends);
        if v.trends.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled("No scored sessions yet.", t.muted())),
                inner,
            );
            return;
        }
        let per = 3u16;
        let areas = Layout::vertical(vec![Constraint::Length(per); v.trends.len()]).split(inner);
        for (tr, a) in v.trends.iter().zip(areas.iter()) {
            if a.height < 2 {
                break;
            }
            let latest = tr
                .scores
                .last()
                .map(|s| format!("{s:.1}"))
                .unwrap_or_else(|| "–".into());
            let pct = tr
                .percentile
                .map(|p| format!(" · {} percentile", ordinal(p.round() as u32)))
                .unwrap_or_default();
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(tr.interview_type.clone(), t.accent()),
                    Span::styled(
                        format!("  latest {latest}{pct} · {} sessions", tr.scores.len()),
                        t.muted(),
                    ),
                ])),
                Rect::new(a.x, a.y, a.width, 1),
            );
            let data: Vec<u64> = tr
                .scores
                .iter()
                .map(|s| (s * 10.0).round() as u64)
                .collect();
            frame.render_widget(
                Sparkline::default()
                    .data(&data)
                    .max(100)
                    .style(t.fg(t.accent)),
                Rect::new(a.x, a.y + 1, a.width, a.height - 1),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 83, 100]
            .map(super::ordinal)
            .to_vec();
        assert_eq!(
            got,
            ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "83rd", "100th"]
        );
    }
}
