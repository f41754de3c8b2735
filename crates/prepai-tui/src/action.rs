//! Everything that changes the application's state goes through an [`Action`]:
//! keys and mouse turned into intents, events from the interview, results of
//! background tasks.

use prepai_core::SessionEvent;
use uuid::Uuid;

use crate::view::{HistoryView, ReportView, SubmissionDetail};

/// A pane of the interview screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The conversation.
    Transcript,
    /// Problem, editor and test results.
    Code,
    /// The answer being typed.
    Input,
    /// Live scores.
    Scoreboard,
}

impl Pane {
    /// Focus order.
    pub const ORDER: [Pane; 4] = [Pane::Input, Pane::Transcript, Pane::Code, Pane::Scoreboard];

    /// The pane `step` places after this one in focus order.
    pub fn cycle(self, step: isize) -> Pane {
        let i = Pane::ORDER.iter().position(|p| *p == self).unwrap_or(0) as isize;
        let n = Pane::ORDER.len() as isize;
        Pane::ORDER[((i + step).rem_euclid(n)) as usize]
    }
}

/// What the user asked for on the home screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartRequest {
    /// Interview type key or alias.
    pub interview_type: String,
    /// The candidate.
    pub name: String,
    /// CV file, if any.
    pub cv: Option<std::path::PathBuf>,
    /// The interviewer (`local`).
    pub agent: String,
    /// Speak instead of type.
    pub voice: bool,
}

/// An intent or a fact the application reacts to.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Leave.
    Quit,
    /// The terminal was resized.
    Resize,
    /// A second passed (the elapsed clock).
    Tick,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Scroll the help overlay by this many rows.
    ScrollHelp(i32),
    /// Focus a pane.
    Focus(Pane),
    /// Move focus by this many panes.
    FocusBy(isize),
    /// Start an interview.
    Start(StartRequest),
    /// The interview is running (its session id).
    Started(Uuid),
    /// Send the typed answer.
    Answer(String),
    /// Run the code pane's code.
    RunTests,
    /// Ask for a hint.
    Hint,
    /// Ask for another question.
    Skip,
    /// End the interview.
    EndInterview,
    /// Something the interview said.
    Session(SessionEvent),
    /// A submission's per-test details arrived.
    Submission(SubmissionDetail),
    /// Open the home screen.
    Home,
    /// Recent sessions for the home screen arrived.
    Recent(Vec<prepai_core::SessionSummary>),
    /// Open the history screen (loads it).
    OpenHistory,
    /// The history arrived.
    History(HistoryView),
    /// Open the report of a session (loads it).
    OpenReport(Uuid),
    /// A report arrived.
    Report(ReportView),
    /// Export the shown report in a format.
    Export(String),
    /// A message for the status bar.
    Notice(String),
    /// An error for the status bar.
    Error(String),
    /// Something the live voice loop reported.
    Voice(prepai_voice::VoiceUpdate),
    /// Mute or unmute the microphone (push-to-talk).
    ToggleMic,
}
