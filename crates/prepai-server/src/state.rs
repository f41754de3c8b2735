//! What every handler shares: the store, the engine, tokens, running interviews
//! and the server's limits.

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use prepai_core::agent::Agent;
use prepai_core::runtime::Services;
use prepai_core::{InterviewType, SessionSummary, SqliteStore, Store, TypeRegistry};
use prepai_sandbox::{Limits, SandboxMode};
use tokio::sync::Semaphore;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::limit::RateLimits;
use crate::live::LiveRegistry;
use crate::tokens::TokenStore;
use crate::voice::Voice;

/// Makes the interviewer for one interview.
pub type AgentFactory = dyn Fn(&InterviewType) -> Result<Box<dyn Agent>, String> + Send + Sync;

/// The engine the server runs interviews and code on, built by the front end
/// that starts the server (the same way the CLI builds it).
pub struct Engine {
    /// Knowledge base, problems and the code runner used by interviews.
    pub services: Services,
    /// Sandbox limits for `POST /api/code/execute`.
    pub limits: Limits,
    /// Sandbox mode for `POST /api/code/execute`.
    pub mode: SandboxMode,
    /// The interviewer for a new interview.
    pub agent: Box<AgentFactory>,
}

/// Limits on what clients may send and how fast.
#[derive(Debug, Clone)]
pub struct ServerLimits {
    /// Largest JSON request body in bytes.
    pub max_body_bytes: usize,
    /// Largest CV upload in bytes.
    pub max_upload_bytes: usize,
    /// Largest WebSocket message in bytes (audio frames included).
    pub max_ws_message_bytes: usize,
    /// Audio buffered per utterance at most, in bytes.
    pub max_audio_bytes: usize,
    /// Time allowed for one REST request.
    pub request_timeout: Duration,
    /// Requests per second allowed per token (or per client address without auth).
    pub rate_per_second: u32,
    /// Requests allowed in a burst above the rate.
    pub rate_burst: u32,
    /// Code runs at once; more wait their turn.
    pub concurrent_code_runs: usize,
    /// How long a live interview may stay without a WebSocket before it is evicted.
    pub live_idle: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            max_body_bytes: 1 << 20,
            max_upload_bytes: 10 << 20,
            max_ws_message_bytes: 1 << 20,
            max_audio_bytes: 16 << 20,
            request_timeout: Duration::from_secs(60),
            rate_per_second: 50,
            rate_burst: 100,
            concurrent_code_runs: std::thread::available_parallelism()
                .map(|n| n.get() * 2)
                .unwrap_or(4),
            live_idle: crate::live::DEFAULT_IDLE,
        }
    }
}

/// The state shared by every handler.
pub struct AppState {
    /// The session store.
    pub store: Arc<SqliteStore>,
    /// Interview types.
    pub registry: TypeRegistry,
    /// The engine.
    pub engine: Engine,
    /// API tokens; `None` serves without authentication (`--no-auth`).
    pub tokens: Option<TokenStore>,
    /// Interviews running on this server.
    pub live: LiveRegistry,
    /// Limits.
    pub limits: ServerLimits,
    /// Bounds concurrent code runs.
    pub code_slots: Semaphore,
    /// Per-token request rates.
    pub rate: RateLimits,
    /// Speech recognition and synthesis for the WebSocket.
    pub voice: Voice,
}

/// A shared handle to the state.
pub type SharedState = Arc<AppState>;

impl AppState {
    /// State over `store`, serving with `tokens` (or without auth when `None`).
    pub fn new(
        store: Arc<SqliteStore>,
        registry: TypeRegistry,
        engine: Engine,
        tokens: Option<TokenStore>,
        limits: ServerLimits,
    ) -> Self {
        let code_slots = Semaphore::new(limits.concurrent_code_runs.max(1));
        AppState {
            store,
            registry,
            engine,
            tokens,
            live: LiveRegistry::new(limits.live_idle),
            rate: RateLimits::new(&limits),
            limits,
            code_slots,
            voice: Voice::default(),
        }
    }

    /// The same state with `voice` for spoken interviews.
    pub fn with_voice(mut self, voice: Voice) -> Self {
        self.voice = voice;
        self
    }

    /// The store as the engine's trait object.
    pub fn store_dyn(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    /// Parses a session id from a path, checks that `caller` may use it and
    /// returns the session it loaded: 404 when there is no such session, 403
    /// when another token owns it.
    pub async fn session_for(&self, caller: &Caller, id: &str) -> Result<SessionSummary, ApiError> {
        let not_found = || ApiError::not_found(format!("no session `{id}`"));
        let id = Uuid::parse_str(id.trim()).map_err(|_| not_found())?;
        let summary = self.store_call(move |s| s.session(id)).await?;
        self.check_owner(caller, id).await?;
        Ok(summary)
    }

    async fn check_owner(&self, caller: &Caller, id: Uuid) -> Result<(), ApiError> {
        let (Some(tokens), Some(token_id)) = (&self.tokens, &caller.token_id) else {
            return Ok(());
        };
        let owner = tokens.owner(id).map_err(ApiError::internal)?;
        if owner.as_deref() != Some(token_id.as_str()) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "this session belongs to another API token",
            ));
        }
        Ok(())
    }

    /// Runs one store call off the async workers, its error mapped for the API.
    pub async fn store_call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn Store) -> Result<T, prepai_core::StoreError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let store = self.store.clone();
        blocking(move || f(store.as_ref()).map_err(ApiError::from)).await
    }

    /// Records that `caller` created session `id`.
    pub fn claim(&self, caller: &Caller, id: Uuid) -> Result<(), ApiError> {
        if let (Some(tokens), Some(token_id)) = (&self.tokens, &caller.token_id) {
            tokens.set_owner(id, token_id).map_err(ApiError::internal)?;
        }
        Ok(())
    }
}

/// Runs blocking work (store, sandbox, parsers) off the async workers.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(ApiError::internal)?
}
