//! PrepAI's HTTP and WebSocket server: the original web system's API
//! (FastAPI routes and the `/ws/interview/{id}` protocol) as a third front end
//! on `prepai-core`, with API tokens, rate limits, CORS and size limits; and
//! [`client`], the remote client that drives an interview on such a server.
//!
//! The server holds no business logic: sessions, interviews, code runs and CV
//! analysis are the engine's; this crate maps them onto HTTP.

pub mod auth;
pub mod client;
pub mod client_api;
pub mod error;
pub mod limit;
pub mod live;
pub mod openapi;
pub mod routes;
pub mod state;
pub mod tokens;
pub mod voice;
pub mod ws;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;

pub use error::ApiError;
pub use state::{AppState, Engine, ServerLimits, SharedState};
pub use tokens::{TokenError, TokenStore};
pub use voice::Voice;

/// Browser origins allowed to call the API (CORS); empty allows none.
#[derive(Debug, Clone, Default)]
pub struct Cors {
    /// Exact origins, e.g. `http://localhost:3000`.
    pub origins: Vec<String>,
}

/// The whole application: every route behind auth, rate limits, CORS, size
/// limits, timeouts and the access log.
pub fn router(state: SharedState, cors: &Cors) -> Router {
    let limits = state.limits.clone();
    let api = Router::new()
        .route(
            "/api/sessions",
            post(routes::sessions::create).get(routes::sessions::list),
        )
        .route("/api/sessions/create", post(routes::sessions::create_alias))
        .route("/api/sessions/list", get(routes::sessions::list))
        .route("/api/sessions/{id}", get(routes::sessions::get))
        .route(
            "/api/interviews/{id}/transcript",
            get(routes::interviews::transcript),
        )
        .route(
            "/api/interviews/{id}/upload-cv",
            post(routes::interviews::upload_cv)
                .layer(DefaultBodyLimit::max(limits.max_upload_bytes)),
        )
        .route(
            "/api/interviews/{id}/cv-analysis",
            get(routes::interviews::cv_analysis),
        )
        .route("/api/interviews/{id}/end", post(routes::interviews::end))
        .route(
            "/api/interviews/{id}/performance-report",
            get(routes::interviews::performance_report),
        )
        .route(
            "/api/analytics/aggregate",
            get(routes::analytics::aggregate),
        )
        .route(
            "/api/analytics/benchmarks/{interview_type}",
            get(routes::analytics::benchmarks),
        )
        .route("/api/analytics/trends", get(routes::analytics::trends))
        .route(
            "/api/analytics/candidate/{name}/history",
            get(routes::analytics::history),
        )
        .route("/api/code/execute", post(routes::code::execute))
        .route(
            "/api/code/{sid}/submissions",
            get(routes::code::submissions),
        )
        .route(
            "/api/code/{sid}/submissions/{sub_id}",
            get(routes::code::submission),
        )
        .route(
            "/api/code/{sid}/quality-summary",
            get(routes::code::quality_summary),
        )
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .route("/ws/interview/{id}", get(ws::upgrade))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limit::rate_limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_token,
        ));
    Router::new()
        .route("/", get(routes::health::root))
        .route("/health", get(routes::health::health))
        .route("/openapi.json", get(openapi_json))
        .merge(api)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(cors_layer(cors))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(on_panic))
        .layer(axum::middleware::from_fn(limit::access_log))
        .with_state(state)
}

async fn openapi_json() -> impl IntoResponse {
    axum::Json(openapi::document())
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such route; GET /openapi.json lists them")
}

fn on_panic(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    ApiError::internal("a handler panicked").into_response()
}

fn cors_layer(cors: &Cors) -> CorsLayer {
    let origins: Vec<HeaderValue> = cors
        .origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim()).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([
            axum::http::header::AUTHORIZATION,
            axum::http::header::CONTENT_TYPE,
        ])
}

/// Serves `state` on `listener` until ctrl-c (or SIGTERM). Every write the
/// engine acknowledged is already committed, so stopping loses nothing.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    cors: &Cors,
) -> std::io::Result<()> {
    let app = router(Arc::new(state), cors);
    let server = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    );
    tokio::select! {
        r = server => r,
        _ = shutdown() => Ok(()),
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Logs to stderr (`RUST_LOG` filters; `info` by default), access log included.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}
