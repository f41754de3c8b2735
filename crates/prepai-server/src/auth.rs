//! Authentication: `Authorization: Bearer <token>` on every API route (or
//! `?token=` on the WebSocket, which browsers cannot give headers), checked
//! against the hashed tokens. Without a token store (`--no-auth`) every caller
//! is let in.

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::SharedState;

/// Who is calling: the token's public id, or nobody when auth is off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caller {
    /// The verified token's id (`None` without auth).
    pub token_id: Option<String>,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Caller>()
            .cloned()
            .unwrap_or_default())
    }
}

fn bearer(req: &Request) -> Option<String> {
    if let Some(v) = req.headers().get(header::AUTHORIZATION) {
        let v = v.to_str().ok()?.trim();
        let (scheme, token) = v.split_once(' ')?;
        return scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim().to_string());
    }
    if req.uri().path().starts_with("/ws/") {
        let query = req.uri().query()?;
        return url::form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == "token")
            .map(|(_, v)| v.into_owned());
    }
    None
}

/// Verifies the caller's token and records it as a [`Caller`] extension.
pub async fn require_token(
    State(state): State<SharedState>,
    mut req: Request,
    next: Next,
) -> Response {
    let Some(tokens) = &state.tokens else {
        req.extensions_mut().insert(Caller::default());
        return next.run(req).await;
    };
    let Some(token) = bearer(&req) else {
        return ApiError::new(
            StatusCode::UNAUTHORIZED,
            "an API token is required: send `Authorization: Bearer <token>` (create one with `prepai tokens create`)",
        )
        .into_response();
    };
    match tokens.verify(&token) {
        Ok(Some(id)) => {
            let caller = Caller { token_id: Some(id) };
            req.extensions_mut().insert(caller.clone());
            let mut resp = next.run(req).await;
            resp.extensions_mut().insert(caller);
            resp
        }
        Ok(None) => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "the API token is not valid (unknown or revoked)",
        )
        .into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}
