//! Voice mode: the live loop of `prepai-voice` hears the candidate and speaks the
//! interviewer. Its updates arrive as [`Action::Voice`]; [`VoiceView`] keeps what the
//! status bar and the input show (mic level, state, partial transcript) and says what
//! the application must do about each update.

use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use prepai_core::SessionCommand;
use prepai_voice::recording::Recorder;
use prepai_voice::{LiveState, LiveVoice, VoiceControl, VoiceUpdate};
use tokio::sync::mpsc::UnboundedSender;
use uuid::Uuid;

use crate::action::Action;

/// Cells of the mic level meter.
const METER_CELLS: usize = 8;

/// What the application does after a voice update.
#[derive(Debug, Clone, PartialEq)]
pub enum VoiceEffect {
    /// Nothing beyond redrawing.
    None,
    /// Send this command to the interview (a heard turn).
    Send(SessionCommand),
    /// The candidate barged in: cut the interviewer's turn.
    Interrupt,
    /// Show this error.
    Error(String),
}

/// Voice mode's state as shown on screen, and the loop it feeds.
#[derive(Debug)]
pub struct VoiceView {
    state: LiveState,
    level: f32,
    partial: String,
    muted: bool,
    control: Option<VoiceControl>,
    record_root: Option<PathBuf>,
}

impl VoiceView {
    /// Voice mode feeding `control` (none in tests: only the display changes);
    /// `muted` for push-to-talk.
    pub fn new(control: Option<VoiceControl>, muted: bool) -> Self {
        Self {
            state: if muted {
                LiveState::Muted
            } else {
                LiveState::Listening
            },
            level: 0.0,
            partial: String::new(),
            muted,
            control,
            record_root: None,
        }
    }

    /// Keeps each spoken turn as WAV under `root/recordings/{session_id}/`
    /// once the interview has started.
    pub fn record_under(&mut self, root: Option<PathBuf>) {
        self.record_root = root;
    }

    /// The interview `session` has started: records its turns if asked to.
    /// Returns the recordings directory, or why it cannot be made.
    pub fn session_started(&self, session: Uuid) -> Result<Option<PathBuf>, String> {
        let (Some(root), Some(control)) = (&self.record_root, &self.control) else {
            return Ok(None);
        };
        let recorder = Recorder::new(root, &session.to_string())
            .map_err(|e| format!("spoken turns are not recorded: {e}"))?;
        let dir = recorder.dir().to_path_buf();
        control.record_to(recorder);
        Ok(Some(dir))
    }

    /// What the loop is doing.
    pub fn state(&self) -> LiveState {
        self.state
    }

    /// The partial transcript of the turn in progress (empty when none).
    pub fn partial(&self) -> &str {
        &self.partial
    }

    /// The status bar text: `mic ▮▮▮▯▯▯▯▯ listening`.
    pub fn status_text(&self) -> String {
        // −60 dBFS and below shows empty, 0 dBFS full.
        let db = 20.0 * self.level.max(1e-6).log10();
        let lit = (((db + 60.0) / 60.0).clamp(0.0, 1.0) * METER_CELLS as f32).round() as usize;
        format!(
            "mic {}{} {}",
            "▮".repeat(lit),
            "▯".repeat(METER_CELLS - lit),
            self.state.label()
        )
    }

    /// Mutes or unmutes the microphone (push-to-talk).
    pub fn toggle_mute(&mut self) {
        self.muted = !self.muted;
        if let Some(c) = &self.control {
            c.set_muted(self.muted);
        }
        if self.muted {
            self.level = 0.0;
            self.partial.clear();
        }
    }

    /// A piece of the interviewer's reply, to be spoken.
    pub fn agent_text(&self, delta: &str) {
        if let Some(c) = &self.control {
            c.agent_text(delta);
        }
    }

    /// The interviewer's reply is complete.
    pub fn agent_done(&self) {
        if let Some(c) = &self.control {
            c.agent_done();
        }
    }

    /// Applies an update from the loop and says what to do about it.
    pub fn apply(&mut self, update: VoiceUpdate) -> VoiceEffect {
        match update {
            VoiceUpdate::Level(l) => self.level = l,
            VoiceUpdate::State(s) => {
                self.state = s;
                if matches!(s, LiveState::Listening | LiveState::Muted) {
                    self.partial.clear();
                }
            }
            VoiceUpdate::Partial(t) => self.partial = t,
            VoiceUpdate::Heard { text, seconds } => {
                self.partial.clear();
                let text = text.trim().to_string();
                if text.is_empty() {
                    return VoiceEffect::Error(
                        "heard speech but no words; speak again, or type your answer".into(),
                    );
                }
                return VoiceEffect::Send(SessionCommand::Spoken { text, seconds });
            }
            VoiceUpdate::BargedIn => return VoiceEffect::Interrupt,
            VoiceUpdate::Error(m) => return VoiceEffect::Error(format!("voice: {m}")),
        }
        VoiceEffect::None
    }
}

/// Forwards the loop's updates to the application as [`Action::Voice`] until the
/// receiver of `tx` is dropped; then stops the loop (once every [`VoiceControl`] is
/// dropped too). Wait for the returned thread with [`finish`].
pub fn forward(voice: LiveVoice, tx: UnboundedSender<Action>) -> Option<JoinHandle<()>> {
    let spawned = std::thread::Builder::new()
        .name("prepai-voice-updates".into())
        .spawn(move || {
            while !tx.is_closed() {
                if let Some(u) = voice.recv_update(Duration::from_millis(100)) {
                    if tx.send(Action::Voice(u)).is_err() {
                        break;
                    }
                }
            }
            voice.stop();
        });
    match spawned {
        Ok(t) => Some(t),
        Err(e) => {
            tracing::error!("cannot start the voice thread: {e}");
            None
        }
    }
}

/// Waits (up to three seconds) for the thread of [`forward`] and the loop to stop, so
/// the audio devices are closed before the process exits.
pub fn finish(thread: JoinHandle<()>) {
    let deadline = Instant::now() + Duration::from_secs(3);
    while !thread.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    if thread.is_finished() {
        let _ = thread.join();
    } else {
        tracing::warn!("the voice loop did not stop in time");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meter_follows_the_level() {
        let mut v = VoiceView::new(None, false);
        assert_eq!(v.status_text(), "mic ▯▯▯▯▯▯▯▯ listening");
        v.apply(VoiceUpdate::Level(0.1));
        v.apply(VoiceUpdate::State(LiveState::Hearing));
        assert_eq!(v.status_text(), "mic ▮▮▮▮▮▯▯▯ hearing");
        v.apply(VoiceUpdate::Level(1.0));
        assert!(v.status_text().starts_with("mic ▮▮▮▮▮▮▮▮"));
    }

    #[test]
    fn heard_words_become_a_spoken_answer() {
        let mut v = VoiceView::new(None, false);
        v.apply(VoiceUpdate::Partial("I would".into()));
        assert_eq!(v.partial(), "I would");
        let e = v.apply(VoiceUpdate::Heard {
            text: " I would cache it ".into(),
            seconds: 2.5,
        });
        assert_eq!(
            e,
            VoiceEffect::Send(SessionCommand::Spoken {
                text: "I would cache it".into(),
                seconds: 2.5
            })
        );
        assert_eq!(v.partial(), "");
        let e = v.apply(VoiceUpdate::Heard {
            text: " ".into(),
            seconds: 1.0,
        });
        assert!(matches!(e, VoiceEffect::Error(_)));
        assert_eq!(v.apply(VoiceUpdate::BargedIn), VoiceEffect::Interrupt);
    }
}
