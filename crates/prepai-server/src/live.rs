//! Interviews running on this server, keyed by session id, each with the log
//! of every message it produced. WebSocket connections attach to a live
//! interview and stream its log from a cursor, so a dropped connection that
//! comes back (to the same session) continues where it stopped: either from
//! the last message the server sent successfully, or from `?from=N`, the
//! number of messages the client has already received.
//!
//! An interview that has had no connection attached for the registry's idle
//! time is evicted: its runtime is stopped and it is forgotten. Everything it
//! said and heard is already in the store, so nothing is lost; the session
//! stays `active`, `POST /api/interviews/{id}/end` still ends it and makes its
//! report, but a new WebSocket cannot continue it (the runtime only starts
//! sessions without a transcript) and is answered with an `error` saying so.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use prepai_core::runtime::{InterviewHandle, RunningInterview};
use prepai_core::SessionEvent;
use tokio::sync::watch;
use uuid::Uuid;

/// How long a finished interview stays attachable for late reconnects.
const LINGER: Duration = Duration::from_secs(300);

/// One running interview and its message log.
pub struct LiveInterview {
    /// Send commands here.
    pub handle: InterviewHandle,
    log: Mutex<Vec<Arc<str>>>,
    /// The log's length and whether the interview has finished.
    progress: watch::Sender<(usize, bool)>,
    delivered: AtomicUsize,
    generation: AtomicU64,
    /// How many connections are attached now.
    attached: watch::Sender<usize>,
}

/// A connection's claim on a live interview: while one exists the interview
/// is not idle. Dropping it detaches the connection.
pub struct Attachment {
    live: Arc<LiveInterview>,
}

impl Drop for Attachment {
    fn drop(&mut self) {
        self.live.attached.send_modify(|n| *n = n.saturating_sub(1));
    }
}

impl LiveInterview {
    /// Messages `from..` that are in the log now.
    pub fn messages_from(&self, from: usize) -> Vec<Arc<str>> {
        let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        log.get(from.min(log.len())..).unwrap_or_default().to_vec()
    }

    /// Watches the log's length and whether the interview has finished.
    pub fn progress(&self) -> watch::Receiver<(usize, bool)> {
        self.progress.subscribe()
    }

    /// Where a new connection without `?from=` starts: after the last message
    /// some connection sent successfully.
    pub fn delivered(&self) -> usize {
        self.delivered.load(Ordering::SeqCst)
    }

    /// Notes that messages up to `upto` reached a client.
    pub fn mark_delivered(&self, upto: usize) {
        self.delivered.fetch_max(upto, Ordering::SeqCst);
    }

    /// Makes a new connection the interview's current one; earlier
    /// connections see [`Self::is_current`] turn false and close.
    pub fn take_over(&self) -> u64 {
        self.generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Attaches a connection until the returned guard is dropped.
    pub fn attach(self: &Arc<Self>) -> Attachment {
        self.attached.send_modify(|n| *n += 1);
        Attachment { live: self.clone() }
    }

    /// Completes once no connection has been attached for `idle` in a row.
    async fn idle_for(&self, idle: Duration) {
        let mut attached = self.attached.subscribe();
        loop {
            let none = *attached.borrow_and_update() == 0;
            if none {
                match tokio::time::timeout(idle, attached.changed()).await {
                    Err(_) => return,
                    Ok(Ok(())) => continue,
                    Ok(Err(_)) => std::future::pending::<()>().await,
                }
            } else if attached.changed().await.is_err() {
                std::future::pending::<()>().await
            }
        }
    }

    /// Whether the connection of generation `g` is still the current one.
    pub fn is_current(&self, g: u64) -> bool {
        self.generation.load(Ordering::SeqCst) == g
    }

    fn push(&self, event: &SessionEvent) {
        let Ok(text) = serde_json::to_string(event) else {
            return;
        };
        let len = {
            let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
            log.push(text.into());
            log.len()
        };
        self.progress.send_replace((len, false));
    }
}

/// The interviews running on this server.
pub struct LiveRegistry {
    inner: Arc<Inner>,
}

struct Inner {
    map: tokio::sync::Mutex<HashMap<Uuid, Arc<LiveInterview>>>,
    count: AtomicUsize,
    idle: Duration,
}

impl Default for LiveRegistry {
    fn default() -> Self {
        LiveRegistry::new(DEFAULT_IDLE)
    }
}

/// How long an interview may stay without a connection by default.
pub const DEFAULT_IDLE: Duration = Duration::from_secs(30 * 60);

impl LiveRegistry {
    /// A registry that evicts interviews left without a connection for `idle`.
    pub fn new(idle: Duration) -> Self {
        LiveRegistry {
            inner: Arc::new(Inner {
                map: Default::default(),
                count: AtomicUsize::new(0),
                idle,
            }),
        }
    }

    /// The live interview of `id`, if one runs here.
    pub async fn get(&self, id: Uuid) -> Option<Arc<LiveInterview>> {
        self.inner.map.lock().await.get(&id).cloned()
    }

    /// How many interviews run now.
    pub fn running(&self) -> usize {
        self.inner.count.load(Ordering::SeqCst)
    }

    /// The live interview of `id`, or the one `start` starts (under the
    /// registry's lock, so two connections never start the same session twice).
    pub async fn get_or_start<F, Fut, E>(&self, id: Uuid, start: F) -> Result<Arc<LiveInterview>, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<RunningInterview, E>>,
    {
        let mut map = self.inner.map.lock().await;
        if let Some(live) = map.get(&id) {
            return Ok(live.clone());
        }
        let running = start().await?;
        let (progress, _) = watch::channel((0, false));
        let live = Arc::new(LiveInterview {
            handle: running.handle.clone(),
            log: Mutex::new(Vec::new()),
            progress,
            delivered: AtomicUsize::new(0),
            generation: AtomicU64::new(0),
            attached: watch::channel(0).0,
        });
        map.insert(id, live.clone());
        self.inner.count.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(pump(self.inner.clone(), id, live.clone(), running));
        Ok(live)
    }
}

/// Moves the interview's events into its log; when it ends, marks it
/// finished and forgets it after [`LINGER`]. One left without a connection
/// for the registry's idle time is stopped and forgotten at once.
async fn pump(registry: Arc<Inner>, id: Uuid, live: Arc<LiveInterview>, run: RunningInterview) {
    let RunningInterview {
        handle,
        mut events,
        task,
    } = run;
    drop(handle);
    let idle = live.idle_for(registry.idle);
    tokio::pin!(idle);
    let mut evicted = false;
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Some(event) => live.push(&event),
                None => break,
            },
            () = &mut idle => {
                evicted = true;
                task.abort();
                break;
            }
        }
    }
    match task.await {
        Ok(Err(e)) => {
            tracing::error!(session = %id, error = %e, "interview stopped on a store error")
        }
        _ if evicted => tracing::info!(session = %id, "idle interview evicted"),
        _ => {}
    }
    live.progress.send_modify(|p| p.1 = true);
    registry.count.fetch_sub(1, Ordering::SeqCst);
    if !evicted {
        tokio::time::sleep(LINGER).await;
    }
    let mut map = registry.map.lock().await;
    if map.get(&id).is_some_and(|l| Arc::ptr_eq(l, &live)) {
        map.remove(&id);
    }
}
