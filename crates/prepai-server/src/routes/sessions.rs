//! `/api/sessions`: create, read and list sessions (with the guide's
//! `/create` and `/list` aliases).

use axum::extract::State;
use axum::http::StatusCode;
use prepai_core::{NewSession, SessionFilter, SessionStatus};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Json, Path, Query};
use crate::state::SharedState;

/// The body of `POST /api/sessions`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateSession {
    /// An interview type key or alias (`google-sde`, `aws_solutions_architect`, `behavioral`…).
    pub interview_type: String,
    /// The candidate's name.
    pub candidate_name: String,
}

/// Filters of `GET /api/sessions/list`.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// `active` or `completed`.
    pub status: Option<String>,
    /// An interview type key or alias.
    #[serde(rename = "type")]
    pub interview_type: Option<String>,
    /// A candidate name (case-insensitive).
    pub candidate: Option<String>,
    /// At most this many, newest first.
    pub limit: Option<usize>,
}

/// Creates a session.
#[utoipa::path(post, path = "/api/sessions", tag = "sessions", request_body = CreateSession,
    responses((status = 201, description = "Created", body = Object),
              (status = 400, description = "Unknown type or empty name", body = Object)))]
pub async fn create(
    State(st): State<SharedState>,
    caller: Caller,
    Json(body): Json<CreateSession>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let ty = st
        .registry
        .resolve(&body.interview_type)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let name = body.candidate_name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::bad_request(
            "candidate_name must be 1 to 200 characters",
        ));
    }
    let new = NewSession {
        interview_type: ty.key.clone(),
        candidate_name: name,
    };
    let summary = st.store_call(move |s| s.create_session(&new)).await?;
    st.claim(&caller, summary.session_id)?;
    Ok((StatusCode::CREATED, Json(json!(summary))))
}

/// The same as `POST /api/sessions` (the architecture guide's path).
#[utoipa::path(post, path = "/api/sessions/create", tag = "sessions", request_body = CreateSession,
    responses((status = 201, description = "Created", body = Object),
              (status = 400, description = "Unknown type or empty name", body = Object)))]
pub async fn create_alias(
    st: State<SharedState>,
    caller: Caller,
    body: Json<CreateSession>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    create(st, caller, body).await
}

/// One session (without its transcript).
#[utoipa::path(get, path = "/api/sessions/{id}", tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    responses((status = 200, description = "The session", body = Object),
              (status = 404, description = "No such session", body = Object)))]
pub async fn get(
    State(st): State<SharedState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let s = st.session_for(&caller, &id).await?;
    Ok(Json(json!(s)))
}

/// The caller's sessions, newest first.
#[utoipa::path(get, path = "/api/sessions/list", tag = "sessions", params(ListQuery),
    responses((status = 200, description = "`{sessions, count}`", body = Object),
              (status = 400, description = "Bad filter", body = Object)))]
pub async fn list(
    State(st): State<SharedState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let status = match q.status.as_deref() {
        None => None,
        Some("active") => Some(SessionStatus::Active),
        Some("completed") => Some(SessionStatus::Completed),
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "unknown status `{other}`: use active or completed"
            )))
        }
    };
    let interview_type = match q.interview_type.as_deref() {
        Some(t) => Some(
            st.registry
                .resolve(t)
                .map_err(|e| ApiError::bad_request(e.to_string()))?
                .key
                .clone(),
        ),
        None => None,
    };
    let owned = match (&st.tokens, &caller.token_id) {
        (Some(tokens), Some(t)) => Some(tokens.owned(t).map_err(ApiError::internal)?),
        _ => None,
    };
    let filter = SessionFilter {
        status,
        interview_type,
        candidate_name: q.candidate.clone(),
        limit: if owned.is_some() { None } else { q.limit },
    };
    let mut sessions = st.store_call(move |s| s.list_sessions(&filter)).await?;
    if let Some(owned) = owned {
        sessions.retain(|s| owned.contains(&s.session_id));
        sessions.truncate(q.limit.unwrap_or(usize::MAX));
    }
    Ok(Json(json!({"count": sessions.len(), "sessions": sessions})))
}
