//! The help overlay: every key binding.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Row, Table};
use ratatui::Frame;

use super::{centered, pane, Ctx};
use crate::keys::KeyCommand;

/// Keys that are not configurable.
const FIXED: &[(&str, &str)] = &[
    ("Ctrl-C", "quit at once (the session is kept)"),
    (
        "Arrows PgUp PgDn",
        "move, scroll (transcript, lists, editor)",
    ),
    ("Mouse click / wheel", "focus a pane / scroll it"),
    ("Tab (code pane)", "indent"),
    ("?", "this help, outside text fields"),
];

/// Draws the help over `area`.
pub fn draw(frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let t = ctx.theme;
    let rows: Vec<Row> = KeyCommand::ALL
        .iter()
        .map(|c| Row::new(vec![ctx.keys.label(*c), c.describe().to_string()]))
        .chain(
            FIXED
                .iter()
                .map(|(k, d)| Row::new(vec![k.to_string(), d.to_string()]).style(t.muted())),
        )
        .collect();
    let h = rows.len() as u16 + 4;
    let popup = centered(area, 72, h);
    frame.render_widget(Clear, popup);
    let table = Table::new(rows, [Constraint::Length(22), Constraint::Min(20)])
        .header(Row::new(vec!["Key", "Does"]).style(t.accent()))
        .block(
            pane(Line::styled(" Keys — any key closes ", t.accent()), t, true)
                .title_bottom(Line::styled(" rebind in config.toml [keys] ", t.muted())),
        );
    frame.render_widget(table, popup);
}
