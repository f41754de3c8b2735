//! The event loop: terminal input on a thread, interview events and task
//! results on a channel, a clock tick only while an interview runs, and a
//! redraw at most once per frame and only after something changed.

use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::action::Action;
use crate::app::{App, Screen};
use crate::backend::Backend;
use crate::terminal::Tui;
use crate::TuiOptions;

/// The shortest time between two frames (60 per second).
const FRAME: Duration = Duration::from_millis(16);

/// Reads terminal events on a thread (blocking, so idle costs nothing) and
/// forwards them.
fn spawn_input(tx: mpsc::UnboundedSender<Event>) {
    std::thread::Builder::new()
        .name("prepai-input".into())
        .spawn(move || {
            while let Ok(ev) = event::read() {
                if tx.send(ev).is_err() {
                    return;
                }
            }
        })
        .ok();
}

/// Runs the interface until the user quits.
pub async fn run_loop(mut opts: TuiOptions) -> anyhow::Result<()> {
    let (tx, mut actions) = mpsc::unbounded_channel::<Action>();
    let types = opts.registry.all().to_vec();
    let backend = Backend::new(tx.clone(), opts.engine.clone(), opts.export_dir.clone());
    let mut app = App::new(
        &types,
        opts.theme.clone(),
        opts.keys.clone(),
        &opts.language,
        Some(backend.clone()),
    );
    let voice = opts.voice.take().and_then(|v| {
        app.enable_voice_recording(Some(v.live.control()), v.muted, v.record_root.clone());
        crate::voice::forward(v.live, tx.clone())
    });
    backend.load_recent();
    if let Some(req) = opts.start.clone() {
        app.home.prefill(&req);
        app.update(Action::Start(req));
    }
    let mut tui = Tui::enter()?;
    let (itx, mut input) = mpsc::unbounded_channel();
    spawn_input(itx);
    let mut term_signal =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut dirty = true;
    let mut last_draw = Instant::now() - FRAME;
    loop {
        if dirty {
            let due = last_draw + FRAME;
            if Instant::now() >= due {
                tui.terminal.draw(|f| app.draw(f))?;
                last_draw = Instant::now();
                dirty = false;
            }
        }
        let next_frame = last_draw + FRAME;
        let ticking = app.ticking();
        let action = tokio::select! {
            Some(ev) = input.recv() => match ev {
                Event::Key(k) if k.kind != KeyEventKind::Release => app.on_key(k).or(Some(Action::Resize)),
                Event::Mouse(m) => app.on_mouse(m),
                Event::Paste(text) => {
                    app.on_paste(&text);
                    Some(Action::Resize)
                }
                Event::Resize(..) => Some(Action::Resize),
                _ => None,
            },
            Some(a) = actions.recv() => Some(a),
            _ = tick.tick(), if ticking => app.tick().then_some(Action::Tick),
            _ = tokio::time::sleep_until(next_frame), if dirty => None,
            _ = term_signal.recv() => Some(Action::Quit),
            _ = hangup.recv() => Some(Action::Quit),
        };
        if let Some(a) = action {
            tracing::debug!(?a, "action");
            app.update(a);
            dirty = true;
        }
        if app.should_quit() {
            break;
        }
    }
    drop(tui);
    if app.screen() == Screen::Interview {
        tracing::info!("left during an interview; the session stays active");
    }
    if let Some(thread) = voice {
        // Audio streams must close before the process exits.
        drop((app, actions));
        crate::voice::finish(thread);
    }
    Ok(())
}
