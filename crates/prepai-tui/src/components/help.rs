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

/// How many bindings the help lists (the most it can scroll).
pub const ROWS: u16 = (KeyCommand::ALL.len() + FIXED.len()) as u16;

/// Draws the help over `area`, scrolled down by `scroll` rows when it does
/// not fit; returns the scroll actually used (clamped to what is hidden).
pub fn draw(frame: &mut Frame, area: Rect, ctx: &Ctx, scroll: u16) -> u16 {
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
    let popup = centered(area, 72, ROWS + 3);
    // The borders and the header take three rows.
    let visible = popup.height.saturating_sub(3);
    let hidden = ROWS.saturating_sub(visible);
    let scroll = scroll.min(hidden);
    let footer = if hidden == 0 {
        " rebind in config.toml [keys] ".to_string()
    } else {
        format!(
            " ↑↓ scroll: rows {}–{} of {ROWS} · rebind in [keys] ",
            scroll + 1,
            scroll + visible
        )
    };
    frame.render_widget(Clear, popup);
    let table = Table::new(
        rows.into_iter().skip(scroll as usize),
        [Constraint::Length(22), Constraint::Min(20)],
    )
    .header(Row::new(vec!["Key", "Does"]).style(t.accent()))
    .block(
        pane(
            Line::styled(" Keys — any other key closes ", t.accent()),
            t,
            true,
        )
        .title_bottom(Line::styled(footer, t.muted())),
    );
    frame.render_widget(table, popup);
    scroll
}
