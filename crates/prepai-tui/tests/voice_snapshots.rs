//! Snapshots of the interview screen in voice mode at 80×24 and 160×48: the mic
//! meter and loop state in the status bar, the partial transcript in the input.

use prepai_core::{SessionCommand, SessionEvent, TypeRegistry};
use prepai_tui::action::Action;
use prepai_tui::app::{App, Screen};
use prepai_tui::{KeyMap, Theme};
use prepai_voice::{LiveState, VoiceUpdate};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// Voice mode before any interview runs.
fn idle_voice_app() -> App {
    let reg = TypeRegistry::builtin();
    let mut app = App::new(reg.all(), Theme::dark(), KeyMap::default(), "python", None);
    app.set_clock(|| "10:42".to_string());
    app.enable_voice(None, false);
    app.status.agent = "local".into();
    app
}

/// An interview in voice mode that has been greeted.
fn voice_app() -> App {
    let mut app = idle_voice_app();
    for e in [
        SessionEvent::SessionStarted {
            session_id: uuid::Uuid::nil(),
            interview_type: "google_sde".into(),
            candidate_name: "Ada".into(),
        },
        SessionEvent::AssistantComplete {
            text: "Hi Ada. Tell me about a project you are proud of.".into(),
            role: "assistant".into(),
        },
    ] {
        app.update(Action::Session(e));
    }
    app
}

fn voice(app: &mut App, u: VoiceUpdate) {
    app.update(Action::Voice(u));
}

fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| app.draw(f)).unwrap();
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

#[test]
fn listening_with_a_quiet_mic() {
    let mut a = voice_app();
    voice(&mut a, VoiceUpdate::State(LiveState::Listening));
    voice(&mut a, VoiceUpdate::Level(0.002));
    snap("voice_listening", &mut a);
}

#[test]
fn hearing_shows_the_meter_and_the_partial_transcript() {
    let mut a = voice_app();
    voice(&mut a, VoiceUpdate::State(LiveState::Hearing));
    voice(&mut a, VoiceUpdate::Level(0.2));
    voice(
        &mut a,
        VoiceUpdate::Partial("I led the migration of our billing service".into()),
    );
    snap("voice_hearing", &mut a);
}

#[test]
fn speaking_and_muted_states() {
    let mut a = voice_app();
    voice(&mut a, VoiceUpdate::State(LiveState::Speaking));
    voice(&mut a, VoiceUpdate::Level(0.01));
    let bar = |a: &mut App| {
        let mut t = Terminal::new(TestBackend::new(160, 48)).unwrap();
        t.draw(|f| a.draw(f)).unwrap();
        let buf = t.backend().buffer().clone();
        (0..160)
            .map(|x| buf[(x, 47)].symbol().to_string())
            .collect::<String>()
    };
    assert!(
        bar(&mut a).contains("mic ▮▮▮▯▯▯▯▯ speaking"),
        "{}",
        bar(&mut a)
    );
    // F6 mutes (push-to-talk); the meter drops to zero.
    let act = a.on_key(KeyEvent::from(KeyCode::F(6)));
    assert_eq!(act, Some(Action::ToggleMic));
    a.update(Action::ToggleMic);
    voice(&mut a, VoiceUpdate::State(LiveState::Muted));
    assert!(
        bar(&mut a).contains("mic ▯▯▯▯▯▯▯▯ muted"),
        "{}",
        bar(&mut a)
    );
    assert!(bar(&mut a).contains("toggle mic"), "the mute key is hinted");
    snap("voice_muted", &mut a);
}

#[test]
fn typing_still_works_in_voice_mode() {
    let mut a = voice_app();
    voice(&mut a, VoiceUpdate::Partial("half a sentence".into()));
    for c in "typed".chars() {
        if let Some(act) = a.on_key(KeyEvent::from(KeyCode::Char(c))) {
            a.update(act);
        }
    }
    assert_eq!(a.input.text(), "typed");
    let act = a.on_key(KeyEvent::from(KeyCode::Enter));
    assert_eq!(act, Some(Action::Answer("typed".into())));
}

#[test]
fn a_heard_turn_before_the_interview_runs_is_kept_for_it() {
    let heard = || VoiceUpdate::Heard {
        text: "I build compilers".into(),
        seconds: 1.5,
    };
    // On the home screen there is no interview to answer.
    let mut a = idle_voice_app();
    voice(&mut a, heard());
    assert_eq!(a.pending_spoken(), None);
    // While the interview is being prepared, the answer waits for it.
    a.set_screen(Screen::Interview);
    voice(&mut a, heard());
    assert_eq!(
        a.pending_spoken(),
        Some(&SessionCommand::Spoken {
            text: "I build compilers".into(),
            seconds: 1.5
        })
    );
}
