//! The report screen: the scores as a chart, strengths, improvements, evidence
//! per dimension and per-question feedback; exports to the report formats.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Wrap};
use ratatui::Frame;

use super::{pane, Component, Ctx};
use crate::action::Action;
use crate::keys::KeyCommand;
use crate::view::ReportView;

/// The report screen.
#[derive(Debug, Default)]
pub struct ReportScreen {
    report: Option<ReportView>,
    scroll: u16,
}

impl ReportScreen {
    /// Shows "evaluating…" until [`ReportScreen::set`].
    pub fn loading(&mut self) {
        self.report = None;
        self.scroll = 0;
    }

    /// The report to show.
    pub fn set(&mut self, r: ReportView) {
        self.report = Some(r);
        self.scroll = 0;
    }

    /// The report shown.
    pub fn report(&self) -> Option<&ReportView> {
        self.report.as_ref()
    }
}

fn bullet_lines<'a>(title: &'a str, items: &'a [String], ctx: &Ctx) -> Vec<Line<'a>> {
    let mut out = vec![Line::styled(title, ctx.theme.accent())];
    if items.is_empty() {
        out.push(Line::styled("  (none)", ctx.theme.muted()));
    }
    for i in items {
        out.push(Line::raw(format!("• {i}")));
    }
    out.push(Line::default());
    out
}

impl Component for ReportScreen {
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Option<Action> {
        if ctx.keys.is(KeyCommand::Export, key) {
            let fmt = self
                .report
                .as_ref()
                .and_then(|r| r.export_formats.first().cloned())?;
            return Some(Action::Export(fmt));
        }
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => self.scroll = self.scroll.saturating_add(1),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
            KeyCode::PageDown => self.scroll = self.scroll.saturating_add(10),
            KeyCode::Char(c) => {
                // Digits pick an export format: 1 = the first.
                let i = c.to_digit(10)? as usize;
                let f = self
                    .report
                    .as_ref()?
                    .export_formats
                    .get(i.checked_sub(1)?)?;
                return Some(Action::Export(f.clone()));
            }
            _ => {}
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx, _focused: bool) {
        let t = ctx.theme;
        let Some(r) = &self.report else {
            frame.render_widget(
                Paragraph::new(Line::styled("Evaluating the interview…", t.muted())).block(pane(
                    Span::styled(" Report ", t.accent()),
                    t,
                    true,
                )),
                area,
            );
            return;
        };
        let overall = r
            .overall
            .map(|o| format!("{o:.1}/10"))
            .unwrap_or_else(|| "not scored".into());
        let mut title = vec![Span::styled(
            format!(
                " Report — {} · {} · overall {overall} ",
                r.candidate, r.interview_type
            ),
            t.accent(),
        )];
        if let Some(rec) = &r.recommendation {
            title.push(Span::styled(
                format!("· {rec} "),
                t.fg(t.warning).add_modifier(Modifier::BOLD),
            ));
        }
        let formats: Vec<String> = r
            .export_formats
            .iter()
            .enumerate()
            .map(|(i, f)| format!("{} {f}", i + 1))
            .collect();
        let footer = format!(
            " {} export ({}) · {} home · {} history ",
            ctx.keys.short(KeyCommand::Export),
            formats.join(", "),
            ctx.keys.short(KeyCommand::Back),
            ctx.keys.short(KeyCommand::History)
        );
        let block = pane(Line::from(title), t, true).title_bottom(Line::styled(footer, t.muted()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(inner);
        let chart_h = (left.height / 2).clamp(6, 14);
        let [chart_area, lists] =
            Layout::vertical([Constraint::Length(chart_h), Constraint::Min(2)]).areas(left);
        let bars: Vec<Bar> = r
            .dimensions
            .iter()
            .map(|d| {
                let v = d.score.unwrap_or(0.0);
                let short: String = d
                    .name
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(9)
                    .collect();
                Bar::default()
                    .value((v * 10.0).round() as u64)
                    .text_value(
                        d.score
                            .map(|s| format!("{s:.1}"))
                            .unwrap_or_else(|| "–".into()),
                    )
                    .label(Line::raw(short))
                    .style(t.fg(t.gauge(v)))
            })
            .collect();
        let n = bars.len().max(1) as u16;
        let bar_w = (chart_area.width.saturating_sub(2 + n) / n).clamp(3, 12);
        frame.render_widget(
            BarChart::default()
                .data(BarGroup::default().bars(&bars))
                .max(100)
                .bar_width(bar_w)
                .bar_gap(1)
                .block(pane(Span::styled(" Scores ", t.accent()), t, false)),
            chart_area,
        );
        let mut l = bullet_lines("Strengths", &r.strengths, ctx);
        l.extend(bullet_lines("To improve", &r.improvements, ctx));
        if let Some((p, n)) = r.tests {
            l.push(Line::raw(format!(
                "Code: {p}/{n} tests passed in the last run"
            )));
        }
        frame.render_widget(Paragraph::new(l).wrap(Wrap { trim: false }), lists);

        let mut d = Vec::new();
        for dim in &r.dimensions {
            d.push(Line::from(vec![
                Span::styled(dim.name.clone(), t.accent()),
                Span::styled(
                    format!(
                        "  {} · weight {:.0}%",
                        dim.score
                            .map(|s| format!("{s:.1}/10"))
                            .unwrap_or_else(|| "no evidence".into()),
                        dim.weight * 100.0
                    ),
                    t.muted(),
                ),
            ]));
            for e in &dim.evidence {
                d.push(Line::raw(format!("  – {e}")));
            }
        }
        d.push(Line::default());
        d.push(Line::styled("Questions", t.accent()));
        for (i, q) in r.questions.iter().enumerate() {
            d.push(Line::from(vec![
                Span::styled(format!("{}. ", i + 1), t.muted()),
                Span::raw(q.question.clone()),
                Span::styled(
                    q.score.map(|s| format!("  {s:.1}/10")).unwrap_or_default(),
                    t.fg(q.score.map(|s| t.gauge(s)).unwrap_or(t.muted)),
                ),
            ]));
            if !q.feedback.is_empty() {
                d.push(Line::styled(format!("   {}", q.feedback), t.muted()));
            }
        }
        frame.render_widget(
            Paragraph::new(d)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0)),
            right,
        );
    }
}
