//! Background work: starting interviews, forwarding their events, and store
//! reads, each on a task that reports back as an [`Action`] over a channel.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use prepai_core::bank::QuestionBank;
use prepai_core::runtime::{self, InterviewHandle};
use prepai_core::{SessionCommand, SessionFilter, Store, TypeRegistry};
use tokio::sync::mpsc::UnboundedSender;
use uuid::Uuid;

use crate::action::{Action, StartRequest};
use crate::data;
use crate::Launcher;

/// What background tasks need, and the channel they report on.
#[derive(Clone)]
pub struct Backend {
    tx: UnboundedSender<Action>,
    store: Arc<dyn Store>,
    registry: Arc<TypeRegistry>,
    launcher: Arc<dyn Launcher>,
    bank: Arc<QuestionBank>,
    export_dir: PathBuf,
    handle: Arc<Mutex<Option<InterviewHandle>>>,
}

impl Backend {
    /// A backend reporting on `tx`.
    pub fn new(
        tx: UnboundedSender<Action>,
        store: Arc<dyn Store>,
        registry: Arc<TypeRegistry>,
        launcher: Arc<dyn Launcher>,
        bank: Arc<QuestionBank>,
        export_dir: PathBuf,
    ) -> Backend {
        Backend {
            tx,
            store,
            registry,
            launcher,
            bank,
            export_dir,
            handle: Arc::new(Mutex::new(None)),
        }
    }

    fn report(&self, a: Action) {
        // The UI is gone when this fails; nothing is left to tell.
        let _ = self.tx.send(a);
    }

    /// Runs a blocking store read and reports its result (or its error).
    fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Backend) -> Result<T, String> + Send + 'static,
        into: impl FnOnce(T) -> Action + Send + 'static,
    ) {
        let me = self.clone();
        tokio::task::spawn_blocking(move || {
            let a = match f(&me) {
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
            let launcher = me.launcher.clone();
            let prepared = tokio::task::spawn_blocking(move || launcher.prepare(&req)).await;
            let prepared = match prepared {
                Ok(Ok(p)) => p,
                Ok(Err(e)) => return me.report(Action::Error(e)),
                Err(e) => {
                    return me.report(Action::Error(format!(
                        "preparing the interview failed: {e}"
                    )))
                }
            };
            let mut running = match runtime::start(
                me.store.clone(),
                prepared.agent,
                prepared.services,
                prepared.setup,
            )
            .await
            {
                Ok(r) => r,
                Err(e) => return me.report(Action::Error(e.to_string())),
            };
            let id = running.handle.session_id;
            if let Some(after) = prepared.after_start {
                if let Err(e) = tokio::task::spawn_blocking(move || after(id))
                    .await
                    .unwrap_or_else(|e| Err(e.to_string()))
                {
                    me.report(Action::Error(e));
                }
            }
            if let Ok(mut h) = me.handle.lock() {
                *h = Some(running.handle.clone());
            }
            me.report(Action::Started(id));
            tracing::info!(session = %id, "interview started");
            while let Some(e) = running.events.recv().await {
                me.report(Action::Session(e));
            }
            match running.task.await {
                Ok(Ok(())) => tracing::info!(session = %id, "interview finished"),
                Ok(Err(e)) => me.report(Action::Error(e.to_string())),
                Err(e) => me.report(Action::Error(format!("the interview stopped: {e}"))),
            }
        });
    }

    /// Sends a command to the running interview.
    pub fn send(&self, cmd: SessionCommand) -> Result<(), String> {
        let guard = self
            .handle
            .lock()
            .map_err(|_| "interview handle poisoned".to_string())?;
        match guard.as_ref() {
            Some(h) => h
                .send(cmd)
                .map_err(|e| format!("{e}; start a new one from the home screen")),
            None => Err("no interview is running yet".into()),
        }
    }

    /// Cuts the interviewer's turn in progress (the candidate barged in).
    pub fn interrupt(&self) {
        if let Ok(Some(h)) = self.handle.lock().as_deref() {
            h.interrupt();
        }
    }

    /// Forgets the finished interview's handle.
    pub fn clear(&self) {
        if let Ok(mut h) = self.handle.lock() {
            *h = None;
        }
    }

    /// Loads recent sessions for the home screen.
    pub fn load_recent(&self) {
        self.read(
            |b| {
                b.store
                    .list_sessions(&SessionFilter {
                        limit: Some(50),
                        ..Default::default()
                    })
                    .map_err(|e| e.to_string())
            },
            Action::Recent,
        );
    }

    /// Loads a submission's per-test details.
    pub fn load_submission(&self, session: Uuid, submission_id: String) {
        self.read(
            move |b| data::submission_detail(b.store.as_ref(), session, &submission_id),
            Action::Submission,
        );
    }

    /// Evaluates (or loads) a session's report.
    pub fn load_report(&self, session: Uuid) {
        self.read(
            move |b| {
                data::report(b.store.as_ref(), &b.registry, &b.bank, session)
                    .map(|r| data::view_of(&r))
            },
            Action::Report,
        );
    }

    /// Loads the history and its analytics.
    pub fn load_history(&self) {
        self.read(|b| data::history_view(b.store.as_ref()), Action::History);
    }

    /// Writes a session's report in `format` to the export directory.
    pub fn export(&self, session: Uuid, format: String) {
        self.read(
            move |b| {
                data::export(
                    b.store.as_ref(),
                    &b.registry,
                    &b.bank,
                    session,
                    &format,
                    &b.export_dir,
                )
            },
            |path| Action::Notice(format!("report written to {}", path.display())),
        );
    }
}
