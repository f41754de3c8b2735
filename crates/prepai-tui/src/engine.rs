//! The seam between the interface and whatever runs interviews: the
//! [`Engine`] trait, and [`LocalEngine`], which runs them in this process
//! (store + [`Launcher`] + session runtime). A remote engine (a PrepAI
//! server) implements the same trait in the embedding program.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use prepai_core::bank::QuestionBank;
use prepai_core::report::Report;
use prepai_core::runtime;
use prepai_core::{
    SessionCommand, SessionEvent, SessionFilter, SessionSummary, Store, TypeRegistry,
};
use tokio::sync::mpsc::UnboundedReceiver;
use uuid::Uuid;

use crate::action::StartRequest;
use crate::data;
use crate::view::{HistoryView, SubmissionDetail};
use crate::Launcher;

/// A result the engine delivers later; errors are messages for the status bar.
pub type EngineFuture<T> = Pin<Box<dyn Future<Output = Result<T, String>> + Send + 'static>>;

/// Sends a command to a running interview; fails with a message when the
/// interview is gone or the command makes no sense for this engine.
pub type CommandSender = Arc<dyn Fn(SessionCommand) -> Result<(), String> + Send + Sync>;

/// Cuts the interviewer's turn in progress (barge-in).
pub type Interrupter = Arc<dyn Fn() + Send + Sync>;

/// How many sessions the home screen lists.
pub const RECENT_LIMIT: usize = 50;

/// How many sessions the history screen looks at.
pub const HISTORY_LIMIT: usize = 200;

/// A started interview, seen from the interface.
pub struct EngineInterview {
    /// The session.
    pub session_id: Uuid,
    /// What the interview says, in order.
    pub events: UnboundedReceiver<SessionEvent>,
    /// Where the candidate's commands go.
    pub commands: CommandSender,
    /// Cuts the interviewer's turn, where the engine can (barge-in).
    pub interrupt: Option<Interrupter>,
    /// Ends when the interview has ended (with its error, if it failed).
    pub finished: EngineFuture<()>,
    /// A problem that did not stop the interview (e.g. the CV was not stored).
    pub warning: Option<String>,
}

/// Everything the interface asks of the engine.
pub trait Engine: Send + Sync {
    /// Starts an interview.
    fn start(&self, req: StartRequest) -> EngineFuture<EngineInterview>;
    /// Recent sessions, newest first.
    fn recent(&self) -> EngineFuture<Vec<SessionSummary>>;
    /// A stored submission's per-test details.
    fn submission(&self, session: Uuid, submission_id: String) -> EngineFuture<SubmissionDetail>;
    /// The evaluator's report of a completed session, with its rank.
    fn report(&self, session: Uuid) -> EngineFuture<Report>;
    /// Past sessions with their scores, and per-type trends.
    fn history(&self) -> EngineFuture<HistoryView>;
    /// Writes the report of `session` in `format` into `dir` (on this
    /// machine); returns the file.
    fn export(&self, session: Uuid, format: String, dir: PathBuf) -> EngineFuture<PathBuf> {
        if let Err(e) = data::export_format(&format) {
            return Box::pin(async move { Err(e) });
        }
        let report = self.report(session);
        Box::pin(async move {
            let r = report.await?;
            blocking(move || data::write_report(&r, &format, &dir)).await
        })
    }
}

/// Runs blocking work (store reads, file writes) off the async threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(format!("a background task failed: {e}")))
}

/// Interviews run in this process, on the local store.
pub struct LocalEngine {
    store: Arc<dyn Store>,
    registry: Arc<TypeRegistry>,
    launcher: Arc<dyn Launcher>,
    bank: Arc<QuestionBank>,
}

impl LocalEngine {
    /// An engine over `store`, building interviews with `launcher` and
    /// judging answers by `bank`.
    pub fn new(
        store: Arc<dyn Store>,
        registry: Arc<TypeRegistry>,
        launcher: Arc<dyn Launcher>,
        bank: Arc<QuestionBank>,
    ) -> LocalEngine {
        LocalEngine {
            store,
            registry,
            launcher,
            bank,
        }
    }

    fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn Store, &TypeRegistry, &QuestionBank) -> Result<T, String> + Send + 'static,
    ) -> EngineFuture<T> {
        let (store, registry, bank) =
            (self.store.clone(), self.registry.clone(), self.bank.clone());
        Box::pin(blocking(move || f(store.as_ref(), &registry, &bank)))
    }
}

impl Engine for LocalEngine {
    fn start(&self, req: StartRequest) -> EngineFuture<EngineInterview> {
        let (launcher, store) = (self.launcher.clone(), self.store.clone());
        Box::pin(async move {
            let prepared = blocking(move || launcher.prepare(&req)).await?;
            let running = runtime::start(store, prepared.agent, prepared.services, prepared.setup)
                .await
                .map_err(|e| e.to_string())?;
            let id = running.handle.session_id;
            let warning = match prepared.after_start {
                Some(after) => blocking(move || after(id)).await.err(),
                None => None,
            };
            let handle = running.handle;
            let task = running.task;
            Ok(EngineInterview {
                session_id: id,
                events: running.events,
                interrupt: Some(Arc::new({
                    let handle = handle.clone();
                    move || handle.interrupt()
                })),
                commands: Arc::new(move |cmd| handle.send(cmd).map_err(|e| e.to_string())),
                finished: Box::pin(async move {
                    match task.await {
                        Ok(r) => r.map_err(|e| e.to_string()),
                        Err(e) => Err(format!("the interview stopped: {e}")),
                    }
                }),
                warning,
            })
        })
    }

    fn recent(&self) -> EngineFuture<Vec<SessionSummary>> {
        self.read(|store, _, _| {
            store
                .list_sessions(&SessionFilter {
                    limit: Some(RECENT_LIMIT),
                    ..Default::default()
                })
                .map_err(|e| e.to_string())
        })
    }

    fn submission(&self, session: Uuid, submission_id: String) -> EngineFuture<SubmissionDetail> {
        self.read(move |store, _, _| data::submission_detail(store, session, &submission_id))
    }

    fn report(&self, session: Uuid) -> EngineFuture<Report> {
        self.read(move |store, registry, bank| data::report(store, registry, bank, session))
    }

    fn history(&self) -> EngineFuture<HistoryView> {
        self.read(|store, _, _| data::history_view(store))
    }
}
