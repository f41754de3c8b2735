//! Per-token rate limiting (GCRA, from `governor`), and the access log.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::{ServerLimits, SharedState};

/// One rate limiter keyed by token id (or client address without auth).
pub struct RateLimits {
    limiter: DefaultKeyedRateLimiter<String>,
}

impl RateLimits {
    /// Limits of `limits.rate_per_second` with bursts of `limits.rate_burst`.
    pub fn new(limits: &ServerLimits) -> Self {
        let rate = NonZeroU32::new(limits.rate_per_second.max(1)).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(limits.rate_burst.max(1)).unwrap_or(NonZeroU32::MIN);
        RateLimits {
            limiter: RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst)),
        }
    }

    /// `Ok` if `key` may make a request now, else the seconds to wait.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        self.limiter
            .check_key(&key.to_string())
            .map_err(|not_until| {
                not_until
                    .wait_time_from(DefaultClock::default().now())
                    .as_secs()
                    .max(1)
            })
    }
}

/// Answers 429 (with `Retry-After`) when the caller is over its rate.
pub async fn rate_limit(State(state): State<SharedState>, req: Request, next: Next) -> Response {
    let caller = req
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or_default();
    let key = match caller.token_id {
        Some(id) => format!("token:{id}"),
        None => req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| format!("ip:{}", c.0.ip()))
            .unwrap_or_else(|| "anonymous".into()),
    };
    if let Err(wait) = state.rate.check(&key) {
        let mut resp = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!("too many requests; slow down and retry in {wait} s"),
        )
        .into_response();
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return resp;
    }
    next.run(req).await
}

/// Logs each request: method, path (never the query, which may hold a token),
/// status, latency and the token's public id.
pub async fn access_log(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let started = Instant::now();
    let resp = next.run(req).await;
    let token = resp
        .extensions()
        .get::<Caller>()
        .and_then(|c| c.token_id.clone())
        .unwrap_or_else(|| "-".into());
    tracing::info!(
        target: "prepai_server::access",
        %method,
        path,
        status = resp.status().as_u16(),
        latency_ms = started.elapsed().as_secs_f64() * 1000.0,
        token,
        "request"
    );
    resp
}
