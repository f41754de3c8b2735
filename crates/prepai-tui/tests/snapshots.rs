//! Snapshots of every screen at 80×24 and 160×48 (ratatui's TestBackend).

use prepai_core::events::{CodeOutcome, CodingQuestion, ScoreUpdate};
use prepai_core::{SessionEvent, SessionStatus, SessionSummary, TypeRegistry};
use prepai_tui::action::{Action, Pane};
use prepai_tui::app::{App, Screen};
use prepai_tui::view::{
    DimensionView, HistoryRow, HistoryView, MetricsView, QuestionView, ReportView,
    SubmissionDetail, TestView, TypeTrend,
};
use prepai_tui::{KeyMap, Theme};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::Color;
use ratatui::Terminal;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn app() -> App {
    let reg = TypeRegistry::builtin();
    let mut app = App::new(reg.all(), Theme::dark(), KeyMap::default(), "python", None);
    app.set_clock(|| "10:42".to_string());
    app
}

fn render(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| app.draw(f)).unwrap();
    t
}

fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let t = render(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

fn ev(app: &mut App, e: SessionEvent) {
    app.update(Action::Session(e));
}

fn started(app: &mut App) {
    ev(
        app,
        SessionEvent::SessionStarted {
            session_id: uuid::Uuid::nil(),
            interview_type: "google_sde".into(),
            candidate_name: "Ada".into(),
        },
    );
    ev(
        app,
        SessionEvent::Phase {
            phase: "intro".into(),
        },
    );
}

fn say(app: &mut App, text: &str) {
    for piece in text.split_inclusive(' ') {
        ev(app, SessionEvent::LlmChunk { text: piece.into() });
    }
    ev(
        app,
        SessionEvent::AssistantComplete {
            text: text.into(),
            role: "assistant".into(),
        },
    );
}

fn answer(app: &mut App, text: &str) {
    ev(
        app,
        SessionEvent::Transcript {
            text: text.into(),
            role: "user".into(),
            is_final: true,
        },
    );
}

fn scores(app: &mut App) {
    ev(
        app,
        SessionEvent::ScoreUpdate(ScoreUpdate {
            technical_knowledge: Some(6.5),
            problem_solving: Some(8.0),
            communication: None,
            code_quality: Some(3.5),
            cultural_fit: None,
            overall: Some(6.4),
            questions_asked: 3,
            key_points_covered: 7,
            key_points_total: 11,
        }),
    );
    app.scoreboard.set_elapsed(754);
}

#[test]
fn home() {
    let mut a = app();
    a.home.set_recent(vec![SessionSummary {
        session_id: uuid::Uuid::nil(),
        interview_type: "google_sde".into(),
        candidate_name: "Ada".into(),
        created_at: "2026-11-24T09:30:00Z".parse().unwrap(),
        updated_at: "2026-11-24T10:00:00Z".parse().unwrap(),
        ended_at: None,
        status: SessionStatus::Completed,
        message_count: 12,
    }]);
    for c in "Ada Lovelace".chars() {
        if let Some(act) = a.on_key(KeyEvent::from(KeyCode::Char(c))) {
            a.update(act);
        }
    }
    snap("home", &mut a);
}

#[test]
fn interview_streaming_transcript() {
    let mut a = app();
    started(&mut a);
    say(&mut a, "Hi Ada, welcome to your Google SDE practice interview. To start, could you tell me a little about yourself?");
    answer(
        &mut a,
        "I build distributed storage systems in Rust and care about tail latency.",
    );
    ev(
        &mut a,
        SessionEvent::Phase {
            phase: "technical".into(),
        },
    );
    // The next reply is still streaming.
    for piece in [
        "Thanks. ",
        "How would you ",
        "design a rate ",
        "limiter for",
    ] {
        ev(&mut a, SessionEvent::LlmChunk { text: piece.into() });
    }
    scores(&mut a);
    assert!(a.transcript.is_streaming());
    snap("interview_streaming", &mut a);
}

fn question() -> CodingQuestion {
    CodingQuestion {
        problem_id: "two_sum".into(),
        title: "Two Sum".into(),
        question: "Given a list of integers `nums` and a `target`, return the indices\nof the two numbers that add up to the target.".into(),
        language: "python".into(),
        function_name: "two_sum".into(),
        signature: "def two_sum(nums, target)".into(),
        initial_code: "def two_sum(nums, target):\n    pass\n".into(),
        test_cases: vec![],
        difficulty: "easy".into(),
    }
}

const SOLUTION: &str = "def two_sum(nums, target):\n    seen = {}  # value -> index\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n    return []";

fn coding(a: &mut App) {
    started(a);
    ev(
        a,
        SessionEvent::Phase {
            phase: "problem_solving".into(),
        },
    );
    say(a, "Here is a problem for you. Go ahead and write it.");
    ev(a, SessionEvent::CodingQuestion(question()));
    a.code.set_code(SOLUTION);
    ev(
        a,
        SessionEvent::CodeResult(CodeOutcome {
            problem_id: Some("two_sum".into()),
            language: "python".into(),
            verdict: "wrong_answer".into(),
            all_tests_passed: false,
            passed: 2,
            total: 3,
            error: None,
            execution_time_ms: 41.0,
            quality_score: Some(8.5),
            submission_id: None,
        }),
    );
    let t = |n, passed, hidden| TestView {
        test_case: n,
        passed,
        hidden,
        time_ms: Some(0.1),
        error: None,
        input: None,
        expected: (!passed).then(|| serde_json::json!([0, 1])),
        actual: (!passed).then(|| serde_json::json!([1, 0])),
    };
    a.update(Action::Submission(SubmissionDetail {
        test_results: vec![t(1, true, false), t(2, false, false), t(3, true, true)],
        quality_metrics: Some(MetricsView {
            quality_score: 8.5,
            cyclomatic_complexity: 3,
            cognitive_complexity: 3,
            max_nesting: 2,
            lines_of_code: 7,
            maintainability_index: 71.0,
        }),
    }));
    scores(a);
    a.update(Action::Focus(Pane::Code));
}

#[test]
fn interview_code_pane_with_results() {
    let mut a = app();
    coding(&mut a);
    snap("interview_code", &mut a);
    // The buffer is highlighted: `def` and the name after it differ in colour.
    let t = render(&mut a, 160, 48);
    let buf = t.backend().buffer();
    let row = (0..48)
        .find(|&y| {
            let line: String = (0..160).map(|x| buf[(x, y)].symbol().to_string()).collect();
            line.contains("1 def two_sum")
        })
        .expect("the code is drawn");
    let line: String = (0..160)
        .map(|x| buf[(x, row)].symbol().to_string())
        .collect();
    let x = line.find("def two_sum").unwrap();
    let x = line[..x].chars().count() as u16;
    let kw = buf[(x, row)].fg;
    let name = buf[(x + 4, row)].fg;
    assert!(matches!(kw, Color::Rgb(..)), "{kw:?}");
    assert_ne!(kw, name, "keyword and name share a colour");
}

#[test]
fn help_overlay() {
    let mut a = app();
    started(&mut a);
    a.update(Action::ToggleHelp);
    snap("help", &mut a);
}

#[test]
fn the_help_scrolls_where_it_does_not_fit() {
    let mut a = app();
    started(&mut a);
    a.update(Action::ToggleHelp);
    a.update(Action::ScrollHelp(100));
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| a.draw(f)).unwrap();
    let screen = format!("{:?}", t.backend());
    // The last rows are reachable at 80×24, and the footer says where you are.
    assert!(screen.contains("quit at once"), "{screen}");
    assert!(screen.contains("scroll: rows"), "{screen}");
    assert!(!screen.contains("send your answer"), "{screen}");
    // Any other key closes it.
    assert_eq!(
        a.on_key(KeyEvent::from(KeyCode::Char('x'))),
        Some(Action::ToggleHelp)
    );
}

fn report() -> ReportView {
    let dim = |name: &str, score: Option<f64>, weight, ev: &[&str]| DimensionView {
        name: name.into(),
        score,
        weight,
        evidence: ev.iter().map(|s| s.to_string()).collect(),
    };
    ReportView {
        session_id: uuid::Uuid::nil().to_string(),
        candidate: "Ada".into(),
        interview_type: "Google SDE".into(),
        overall: Some(6.8),
        recommendation: Some("Borderline".into()),
        rank: Some("Ranks #2 of 5 google_sde interviews (better than 75% of the others).".into()),
        dimensions: vec![
            dim(
                "Technical knowledge",
                Some(7.2),
                0.3,
                &["covered 8 of 11 key points"],
            ),
            dim(
                "Problem solving",
                Some(8.0),
                0.3,
                &["two_sum: 3/3 tests after one retry"],
            ),
            dim(
                "Communication",
                Some(5.5),
                0.15,
                &["answers averaged 95 words"],
            ),
            dim(
                "Code quality",
                Some(8.5),
                0.15,
                &["quality 8.5/10, cyclomatic 3"],
            ),
            dim("Cultural fit", None, 0.1, &[]),
        ],
        strengths: vec![
            "Clear complexity analysis".into(),
            "Tests pass on the second run".into(),
        ],
        improvements: vec!["Mention trade-offs before choosing a data structure".into()],
        questions: vec![QuestionView {
            question: "How would you design a rate limiter?".into(),
            score: Some(6.0),
            feedback: "missed: sliding window, distributed counters".into(),
        }],
        tests: Some((3, 3)),
        export_formats: ["markdown", "html", "pdf", "json"]
            .map(String::from)
            .to_vec(),
    }
}

#[test]
fn report_screen() {
    let mut a = app();
    a.set_screen(Screen::Report);
    a.update(Action::Report(report()));
    snap("report", &mut a);
}

#[test]
fn history_screen() {
    let mut a = app();
    a.update(Action::OpenHistory);
    let row = |d: &str, t: &str, o: Option<f64>| HistoryRow {
        session_id: uuid::Uuid::nil().to_string(),
        date: d.into(),
        interview_type: t.into(),
        candidate: "Ada".into(),
        status: "completed".into(),
        overall: o,
    };
    a.update(Action::History(HistoryView {
        rows: vec![
            row("2026-11-24 09:30", "google_sde", Some(6.8)),
            row("2026-11-20 18:02", "google_sde", Some(5.1)),
            row("2026-11-18 08:15", "behavioral", Some(7.4)),
        ],
        trends: vec![
            TypeTrend {
                interview_type: "google_sde".into(),
                scores: vec![4.0, 5.1, 6.8],
                percentile: Some(83.0),
            },
            TypeTrend {
                interview_type: "behavioral".into(),
                scores: vec![7.4],
                percentile: Some(50.0),
            },
        ],
    }));
    snap("history", &mut a);
}

#[test]
fn no_color_draws_without_colours() {
    let reg = TypeRegistry::builtin();
    let mut a = App::new(
        reg.all(),
        Theme::monochrome(),
        KeyMap::default(),
        "python",
        None,
    );
    coding(&mut a);
    let t = render(&mut a, 160, 48);
    for c in t.backend().buffer().content() {
        assert!(matches!(c.fg, Color::Reset), "{c:?}");
        assert!(matches!(c.bg, Color::Reset), "{c:?}");
    }
}
