//! `/api/code/…`: run code against tests, and a session's submissions.

use axum::extract::State;
use axum::http::StatusCode;
use prepai_core::code::{run_code, CodeError, CodeRequest};
use prepai_core::submissions::{QualitySummary, Submission, SubmissionSummary};
use prepai_core::Store;
use prepai_sandbox::{Language, SandboxError, TestSuite};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Json, Path};
use crate::state::{blocking, SharedState};

/// The body of `POST /api/code/execute`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExecuteRequest {
    /// Record the run as a submission of this session.
    pub session_id: Option<String>,
    /// The source code.
    pub code: String,
    /// `python` or `javascript`.
    pub language: String,
    /// Tests: `[{input, expected}]` (the original's strings) or `[{args, expected}]`.
    /// Omit them and give `problemId` to run a bank problem's tests.
    #[schema(value_type = Option<Vec<Object>>)]
    pub test_cases: Option<Value>,
    /// The function the tests call (default `solution`, or the problem's).
    pub function_name: Option<String>,
    /// A bank problem whose tests (hidden ones included) to run.
    pub problem_id: Option<String>,
}

/// Runs code against tests in the sandbox.
#[utoipa::path(post, path = "/api/code/execute", tag = "code", request_body = ExecuteRequest,
    responses((status = 200, description = "`{success, testResults, allTestsPassed, executionTime, qualityMetrics, submissionId, error, verdict}`", body = Object),
              (status = 400, description = "Bad language, tests or code", body = Object),
              (status = 404, description = "No such session", body = Object),
              (status = 503, description = "The sandbox is not available", body = Object)))]
pub async fn execute(
    State(st): State<SharedState>,
    caller: Caller,
    Json(body): Json<ExecuteRequest>,
) -> ApiResult<Json<Value>> {
    let session = match &body.session_id {
        Some(id) => Some(st.session_for(&caller, id).await?.session_id),
        None => None,
    };
    let language = Language::from_name(&body.language)
        .map_err(|e| ApiError::bad_request(format!("{e}; use python or javascript")))?;
    let req = match (&body.test_cases, &body.problem_id) {
        (Some(tests), _) => {
            let suite = TestSuite::from_json(&tests.to_string())
                .map_err(|e| ApiError::bad_request(format!("testCases: {e}")))?;
            CodeRequest {
                language,
                code: body.code,
                function: body.function_name.unwrap_or_else(|| "solution".into()),
                suite,
                problem_id: None,
                redact_hidden: false,
            }
        }
        (None, Some(pid)) => {
            let mut req = CodeRequest::for_problem(pid, language, body.code)
                .map_err(ApiError::bad_request)?;
            if let Some(f) = body.function_name {
                req.function = f;
            }
            req
        }
        (None, None) => {
            return Err(ApiError::bad_request(
                "give testCases ([{input, expected}]) or a problemId",
            ))
        }
    };
    let _slot = st.code_slots.acquire().await.map_err(ApiError::internal)?;
    let state = st.clone();
    let run = blocking(move || {
        let store = state.store.as_ref() as &dyn Store;
        run_code(
            &req,
            &state.engine.limits,
            state.engine.mode,
            session.map(|id| (store, id)),
        )
        .map_err(code_error)
    })
    .await?;
    Ok(Json(json!(run)))
}

fn code_error(e: CodeError) -> ApiError {
    if e.is_bad_input() {
        return ApiError::bad_request(e.to_string());
    }
    match e {
        CodeError::Store(s) => s.into(),
        CodeError::Sandbox(
            s @ (SandboxError::IsolationUnavailable { .. }
            | SandboxError::InterpreterMissing { .. }),
        ) => {
            tracing::error!(error = %s, "code execution unavailable");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "code execution is not available on this server",
            )
        }
        other => ApiError::internal(other),
    }
}

/// A stored run as the original's client document: the run's result with
/// `submissionId` and `timestamp` added.
pub fn client_document(s: &Submission) -> Value {
    let mut body = s.record.body.clone();
    if let Some(o) = body.as_object_mut() {
        o.insert("submissionId".into(), s.id.clone().into());
        o.insert(
            "timestamp".into(),
            prepai_core::timefmt::rfc3339(&s.created_at).into(),
        );
    }
    body
}

async fn submissions_of(
    st: &SharedState,
    caller: &Caller,
    sid: &str,
) -> ApiResult<(uuid::Uuid, Vec<Submission>)> {
    let id = st.session_for(caller, sid).await?.session_id;
    let subs = st.store_call(move |s| s.submissions(id)).await?;
    Ok((id, subs))
}

/// `{success, sessionId, submissions, summary}`.
#[utoipa::path(get, path = "/api/code/{sid}/submissions", tag = "code",
    params(("sid" = String, Path, description = "Session id")),
    responses((status = 200, description = "The session's runs and their summary", body = Object),
              (status = 404, description = "No such session", body = Object)))]
pub async fn submissions(
    State(st): State<SharedState>,
    caller: Caller,
    Path(sid): Path<String>,
) -> ApiResult<Json<Value>> {
    let (id, subs) = submissions_of(&st, &caller, &sid).await?;
    let list: Vec<Value> = subs.iter().map(client_document).collect();
    Ok(Json(json!({
        "success": true,
        "sessionId": id,
        "submissions": list,
        "summary": SubmissionSummary::of(&subs),
    })))
}

/// `{success, submission}`.
#[utoipa::path(get, path = "/api/code/{sid}/submissions/{sub_id}", tag = "code",
    params(("sid" = String, Path, description = "Session id"),
           ("sub_id" = String, Path, description = "Submission id")),
    responses((status = 200, description = "One run", body = Object),
              (status = 404, description = "No such session or submission", body = Object)))]
pub async fn submission(
    State(st): State<SharedState>,
    caller: Caller,
    Path((sid, sub_id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let (_, subs) = submissions_of(&st, &caller, &sid).await?;
    let sub = subs
        .iter()
        .find(|s| s.id == sub_id)
        .ok_or_else(|| ApiError::not_found(format!("no submission `{sub_id}` in this session")))?;
    Ok(Json(
        json!({"success": true, "submission": client_document(sub)}),
    ))
}

/// The original's quality summary of a session's runs.
#[utoipa::path(get, path = "/api/code/{sid}/quality-summary", tag = "code",
    params(("sid" = String, Path, description = "Session id")),
    responses((status = 200, description = "`{success, sessionId, hasSubmissions, …}`", body = Object),
              (status = 404, description = "No such session", body = Object)))]
pub async fn quality_summary(
    State(st): State<SharedState>,
    caller: Caller,
    Path(sid): Path<String>,
) -> ApiResult<Json<Value>> {
    let (id, subs) = submissions_of(&st, &caller, &sid).await?;
    let mut doc = json!(QualitySummary::of(&subs));
    if let Some(o) = doc.as_object_mut() {
        o.insert("success".into(), true.into());
        o.insert("sessionId".into(), json!(id));
    }
    Ok(Json(doc))
}
