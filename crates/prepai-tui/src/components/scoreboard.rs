//! Live scores: the five dimensions as gauges, the overall, tests passed, time
//! elapsed and questions covered.

use prepai_core::events::ScoreUpdate;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};
use ratatui::Frame;

use super::{pane, Component, Ctx};
use crate::action::Action;

/// The five dimensions' display names, in `ScoreUpdate` order.
pub const DIMENSIONS: [&str; 5] = [
    "Technical",
    "Problem solving",
    "Communication",
    "Code quality",
    "Culture fit",
];

/// The scoreboard pane.
#[derive(Debug, Default)]
pub struct Scoreboard {
    score: Option<ScoreUpdate>,
    tests: (usize, usize),
    elapsed_secs: u64,
}

impl Scoreboard {
    /// A fresh estimate arrived.
    pub fn set_score(&mut self, s: ScoreUpdate) {
        self.score = Some(s);
    }

    /// The latest estimate.
    pub fn score(&self) -> Option<&ScoreUpdate> {
        self.score.as_ref()
    }

    /// Tests passed and run in the latest submission.
    pub fn set_tests(&mut self, passed: usize, total: usize) {
        self.tests = (passed, total);
    }

    /// Seconds since the interview started; true when the shown value changed.
    pub fn set_elapsed(&mut self, secs: u64) -> bool {
        std::mem::replace(&mut self.elapsed_secs, secs) != secs
    }

    fn values(&self) -> [Option<f64>; 5] {
        match &self.score {
            Some(s) => [
                s.technical_knowledge,
                s.problem_solving,
                s.communication,
                s.code_quality,
                s.cultural_fit,
            ],
            None => [None; 5],
        }
    }
}

impl Component for Scoreboard {
    fn handle_key(&mut self, _key: &KeyEvent, _ctx: &Ctx) -> Option<Action> {
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx, focused: bool) {
        let t = ctx.theme;
        let block = pane(Span::styled(" Scores ", t.accent()), t, focused);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut y = inner.y;
        let bottom = inner.y + inner.height;
        for (name, v) in DIMENSIONS.iter().zip(self.values()) {
            if y >= bottom {
                return;
            }
            let row = Rect::new(inner.x, y, inner.width, 1);
            let label = match v {
                Some(v) => format!("{name:<15} {v:>4.1}"),
                None => format!("{name:<15}    –"),
            };
            let color = v.map(|v| t.gauge(v)).unwrap_or(t.muted);
            frame.render_widget(
                LineGauge::default()
                    .ratio(v.map(|v| (v / 10.0).clamp(0.0, 1.0)).unwrap_or(0.0))
                    .label(label)
                    .filled_style(t.fg(color))
                    .unfilled_style(t.fg(t.border)),
                row,
            );
            y += 1;
        }
        let s = self.score.clone().unwrap_or(ScoreUpdate {
            technical_knowledge: None,
            problem_solving: None,
            communication: None,
            code_quality: None,
            cultural_fit: None,
            overall: None,
            questions_asked: 0,
            key_points_covered: 0,
            key_points_total: 0,
        });
        let overall = s
            .overall
            .map(|o| format!("{o:.1}/10"))
            .unwrap_or_else(|| "–".into());
        let m = self.elapsed_secs;
        let lines = vec![
            Line::default(),
            Line::from(vec![
                Span::raw("Overall   "),
                Span::styled(
                    overall,
                    t.fg(s.overall.map(|o| t.gauge(o)).unwrap_or(t.muted))
                        .add_modifier(Modifier::BOLD),
                ),
            ]),
            Line::raw(format!(
                "Tests     {}/{} passed",
                self.tests.0, self.tests.1
            )),
            Line::raw(format!("Elapsed   {:02}:{:02}", m / 60, m % 60)),
            Line::raw(format!("Questions {}", s.questions_asked)),
            Line::raw(format!(
                "Key points {}/{}",
                s.key_points_covered, s.key_points_total
            )),
        ];
        if y < bottom {
            frame.render_widget(
                Paragraph::new(lines),
                Rect::new(inner.x, y, inner.width, bottom - y),
            );
        }
    }
}
