//! Drawing the interview screen at 160×48 with a 1,000-message transcript and
//! a 500-line highlighted buffer: a steady frame (caches warm), a frame after
//! a streamed chunk, and a frame after an edit in the code pane.

use criterion::{criterion_group, criterion_main, Criterion};
use prepai_core::events::CodingQuestion;
use prepai_core::{SessionEvent, TypeRegistry};
use prepai_tui::action::{Action, Pane};
use prepai_tui::app::App;
use prepai_tui::{KeyMap, Theme};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;

fn code(lines: usize) -> String {
    let mut out = String::new();
    for i in 0..lines / 5 {
        out.push_str(&format!(
            "def helper_{i}(values, limit={i}):\n    \"\"\"Sum the values under the limit.\"\"\"\n    total = 0  # running sum\n    for v in values:\n        total += v if v < limit else 0\n"
        ));
    }
    out
}

fn build_app() -> App {
    let reg = TypeRegistry::builtin();
    let mut app = App::new(reg.all(), Theme::dark(), KeyMap::default(), "python", None);
    app.set_clock(|| "10:42".to_string());
    let ev = |app: &mut App, e| app.update(Action::Session(e));
    ev(
        &mut app,
        SessionEvent::Phase {
            phase: "technical".into(),
        },
    );
    for i in 0..500 {
        ev(&mut app, SessionEvent::AssistantComplete {
            text: format!("Question {i}: how would you shard a write-heavy table across regions while keeping reads consistent, and what would you monitor first?"),
            role: "assistant".into(),
        });
        ev(&mut app, SessionEvent::Transcript {
            text: format!("Answer {i}: I would hash on the tenant id, keep a small routing table, and watch replication lag, p99 latency and hot partitions."),
            role: "user".into(),
            is_final: true,
        });
    }
    ev(
        &mut app,
        SessionEvent::CodingQuestion(CodingQuestion {
            problem_id: "sum".into(),
            title: "Sum under a limit".into(),
            question: "Return the sum of the values under the limit.".into(),
            language: "python".into(),
            function_name: "helper_0".into(),
            signature: "def helper_0(values, limit)".into(),
            initial_code: code(500),
            test_cases: vec![],
            difficulty: "easy".into(),
        }),
    );
    app.update(Action::Focus(Pane::Code));
    for _ in 0..250 {
        app.on_key(KeyEvent::from(KeyCode::Down));
    }
    app
}

fn bench(c: &mut Criterion) {
    let mut app = build_app();
    let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    let mut g = c.benchmark_group("interview_160x48_1000_messages_500_lines");
    g.bench_function("steady_frame", |b| {
        b.iter(|| {
            term.draw(|f| app.draw(f)).unwrap();
        });
    });
    g.bench_function("frame_after_streamed_chunk", |b| {
        b.iter(|| {
            app.update(Action::Session(SessionEvent::LlmChunk {
                text: "more words ".into(),
            }));
            term.draw(|f| app.draw(f)).unwrap();
        });
    });
    g.bench_function("frame_after_typing_in_code", |b| {
        b.iter(|| {
            app.on_key(KeyEvent::from(KeyCode::Char('x')));
            term.draw(|f| app.draw(f)).unwrap();
        });
    });
    g.finish();
    c.bench_function("first_frame_cold_caches_160x48", |b| {
        b.iter_batched(
            build_app,
            |mut a| term.draw(|f| a.draw(f)).map(|_| ()).unwrap(),
            criterion::BatchSize::LargeInput,
        );
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
