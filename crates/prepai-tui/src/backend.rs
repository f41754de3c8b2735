//! Background work: starting interviews, forwarding their events, and
//! engine reads, each on a task that reports back as an [`Action`] over a
//! channel.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use prepai_core::SessionCommand;
use tokio::sync::mpsc::UnboundedSender;
use uuid::Uuid;

use crate::action::{Action, StartRequest};
use crate::data;
use crate::engine::{CommandSender, Engine, EngineFuture, Interrupter};

/// What background tasks need, and the channel they report on.
#[derive(Clone)]
pub struct Backend {
    tx: UnboundedSender<Action>,
    engine: Arc<dyn Engine>,
    export_dir: PathBuf,
    commands: Arc<Mutex<Option<CommandSender>>>,
    interrupter: Arc<Mutex<Option<Interrupter>>>,
}

impl Backend {
    /// A backend reporting on `tx`, running interviews on `engine`.
    pub fn new(
        tx: UnboundedSender<Action>,
        engine: Arc<dyn Engine>,
        export_dir: PathBuf,
    ) -> Backend {
        Backend {
            tx,
            engine,
            export_dir,
            commands: Arc::new(Mutex::new(None)),
            interrupter: Arc::new(Mutex::new(None)),
        }
    }

    fn report(&self, a: Action) {
        // The UI is gone when this fails; nothing is left to tell.
        let _ = self.tx.send(a);
    }

    /// Awaits an engine read and reports its result (or its error).
    fn read<T: Send + 'static>(
        &self,
        work: EngineFuture<T>,
        into: impl FnOnce(T) -> Action + Send + 'static,
    ) {
        let me = self.clone();
        tokio::spawn(async move {
            let a = match work.await {
                Ok(v) => into(v),
                Err(e) => Action::Error(e),
            };
            me.report(a);
        });
    }

    /// Prepares and starts an interview, then forwards its events.
    pub fn start(&self, req: StartRequest) {
        let me = self.clone();
        tokio::spawn(async move {
            let mut running = match me.engine.start(req).await {
                Ok(r) => r,
                Err(e) => return me.report(Action::Error(e)),
            };
            let id = running.session_id;
            if let Some(w) = running.warning.take() {
                me.report(Action::Error(w));
            }
            if let Ok(mut c) = me.commands.lock() {
                *c = Some(running.commands.clone());
            }
            if let Ok(mut i) = me.interrupter.lock() {
                *i = running.interrupt.clone();
            }
            me.report(Action::Started(id));
            tracing::info!(session = %id, "interview started");
            while let Some(e) = running.events.recv().await {
                me.report(Action::Session(e));
            }
            match running.finished.await {
                Ok(()) => tracing::info!(session = %id, "interview finished"),
                Err(e) => me.report(Action::Error(e)),
            }
        });
    }

    /// Sends a command to the running interview.
    pub fn send(&self, cmd: SessionCommand) -> Result<(), String> {
        let guard = self
            .commands
            .lock()
            .map_err(|_| "interview handle poisoned".to_string())?;
        match guard.as_ref() {
            Some(send) => {
                send(cmd).map_err(|e| format!("{e}; start a new one from the home screen"))
            }
            None => Err("no interview is running yet".into()),
        }
    }

    /// Cuts the interviewer's turn in progress (the candidate barged in).
    pub fn interrupt(&self) {
        if let Ok(Some(cut)) = self.interrupter.lock().as_deref() {
            cut();
        }
    }

    /// Forgets the finished interview's handle.
    pub fn clear(&self) {
        if let Ok(mut c) = self.commands.lock() {
            *c = None;
        }
        if let Ok(mut i) = self.interrupter.lock() {
            *i = None;
        }
    }

    /// Loads recent sessions for the home screen.
    pub fn load_recent(&self) {
        self.read(self.engine.recent(), Action::Recent);
    }

    /// Loads a submission's per-test details.
    pub fn load_submission(&self, session: Uuid, submission_id: String) {
        self.read(
            self.engine.submission(session, submission_id),
            Action::Submission,
        );
    }

    /// Evaluates (or loads) a session's report.
    pub fn load_report(&self, session: Uuid) {
        self.read(self.engine.report(session), |r| {
            Action::Report(data::view_of(&r))
        });
    }

    /// Loads the history and its analytics.
    pub fn load_history(&self) {
        self.read(self.engine.history(), Action::History);
    }

    /// Writes a session's report in `format` to the export directory.
    pub fn export(&self, session: Uuid, format: String) {
        self.read(
            self.engine.export(session, format, self.export_dir.clone()),
            |path| Action::Notice(format!("report written to {}", path.display())),
        );
    }
}
