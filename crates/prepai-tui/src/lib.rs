//! PrepAI's full-screen terminal interface.
//!
//! [`run`] opens the home screen (or starts an interview at once) and drives
//! the session runtime of `prepai-core`: it sends [`prepai_core::SessionCommand`]s
//! and renders the [`prepai_core::SessionEvent`]s. The parts:
//! - [`app::App`]: the screens, focus and components, changed only through
//!   [`action::Action`]s;
//! - [`components`]: home, transcript, code pane (editor over [`buffer`] and
//!   [`highlight`]), scoreboard, input, status bar, help, report, history;
//! - [`engine`]: the [`Engine`] trait the interface asks everything of, and
//!   [`LocalEngine`] (a remote server implements it in the embedding program);
//! - [`backend`]: background tasks reporting over a channel;
//! - [`runner`]: the event loop (fixed frame rate, idle when nothing happens);
//! - [`theme`] and [`keys`]: colours and key bindings from files;
//! - [`voice`]: voice mode over `prepai-voice`'s live loop.

pub mod action;
pub mod app;
pub mod backend;
pub mod buffer;
pub mod components;
pub mod data;
pub mod engine;
pub mod highlight;
pub mod keys;
pub mod logging;
pub mod runner;
pub mod settings;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod voice;

use std::path::PathBuf;
use std::sync::Arc;

use prepai_core::agent::Agent;
use prepai_core::runtime::{InterviewSetup, Services};
use prepai_core::TypeRegistry;
use uuid::Uuid;

pub use action::StartRequest;
pub use engine::{Engine, LocalEngine};
pub use keys::KeyMap;
pub use settings::Settings;
pub use theme::Theme;

/// Work to do once the session exists (e.g. store the CV with it).
pub type AfterStart = Box<dyn FnOnce(Uuid) -> Result<(), String> + Send>;

/// What an interview needs, prepared by the embedding program.
pub struct Prepared {
    /// The interviewer.
    pub agent: Box<dyn Agent>,
    /// Knowledge base, problems, code runner.
    pub services: Services,
    /// Type, candidate, CV, language.
    pub setup: InterviewSetup,
    /// Runs once the session is created.
    pub after_start: Option<AfterStart>,
}

/// Builds the agent and services for a start request (runs on a blocking
/// thread: CV parsing and index building may take a while).
pub trait Launcher: Send + Sync {
    /// Prepares the interview, or says what is wrong with the request.
    fn prepare(&self, req: &StartRequest) -> Result<Prepared, String>;
}

/// Everything [`run`] needs.
pub struct TuiOptions {
    /// Runs interviews and answers the screens' reads (local or remote).
    pub engine: Arc<dyn Engine>,
    /// The interview types offered on the home screen.
    pub registry: Arc<TypeRegistry>,
    /// Start this interview at once instead of showing the home screen.
    pub start: Option<StartRequest>,
    /// Colours.
    pub theme: Theme,
    /// Key bindings.
    pub keys: KeyMap,
    /// The language coding problems come in (`python`, `javascript`).
    pub language: String,
    /// Where reports are exported.
    pub export_dir: PathBuf,
    /// Where `tui.log` goes.
    pub log_dir: PathBuf,
    /// Voice mode: the live voice loop, already listening.
    pub voice: Option<VoiceMode>,
}

/// Voice mode's loop and how it starts.
pub struct VoiceMode {
    /// The running loop.
    pub live: prepai_voice::LiveVoice,
    /// Start muted (push-to-talk: the mute key opens the mic).
    pub muted: bool,
    /// Keep each spoken turn as WAV under `<this>/recordings/{session_id}/`.
    pub record_root: Option<std::path::PathBuf>,
}

/// Runs the interface until the user quits. The terminal is restored however
/// it ends.
pub fn run(opts: TuiOptions) -> anyhow::Result<()> {
    let _guard = logging::init(&opts.log_dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot create the log directory {}: {e}",
            opts.log_dir.display()
        )
    })?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let result = rt.block_on(runner::run_loop(opts));
    if let Err(e) = &result {
        tracing::error!("{e:#}");
    }
    // The input thread blocks in a read; it ends with the process.
    rt.shutdown_background();
    result
}
