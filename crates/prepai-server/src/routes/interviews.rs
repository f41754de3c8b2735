//! `/api/interviews/{id}/…`: transcript, CV upload and analysis, ending.

use std::time::Duration;

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use prepai_core::{SessionCommand, SessionStatus, Store};
use prepai_cv::{analyze_bytes, CvError, CvOptions};
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Json, Path};
use crate::state::{blocking, SharedState};

/// CV file extensions the original accepted (plus Markdown).
const CV_EXTENSIONS: [&str; 5] = ["txt", "pdf", "doc", "docx", "md"];

/// How long `end` waits for a running interview to close itself.
const END_WAIT: Duration = Duration::from_secs(30);

/// `{session_id, transcript: [{role, content, timestamp}]}`.
#[utoipa::path(get, path = "/api/interviews/{id}/transcript", tag = "interviews",
    params(("id" = String, Path, description = "Session id")),
    responses((status = 200, description = "The transcript", body = Object),
              (status = 404, description = "No such session", body = Object)))]
pub async fn transcript(
    State(st): State<SharedState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = st.session_for(&caller, &id).await?.session_id;
    let t = st.store_call(move |s| s.transcript(id)).await?;
    Ok(Json(json!({"session_id": id, "transcript": t})))
}

/// Analyses a CV sent as the multipart field `file` and stores it with the session.
#[utoipa::path(post, path = "/api/interviews/{id}/upload-cv", tag = "interviews",
    params(("id" = String, Path, description = "Session id")),
    request_body(content_type = "multipart/form-data", content = Object,
        description = "A `file` field: txt, pdf, doc, docx or md"),
    responses((status = 200, description = "`{success, analysis, message}`", body = Object),
              (status = 400, description = "Missing file, wrong type or unreadable CV", body = Object),
              (status = 404, description = "No such session", body = Object),
              (status = 413, description = "File too large", body = Object)))]
pub async fn upload_cv(
    State(st): State<SharedState>,
    caller: Caller,
    Path(id): Path<String>,
    mut form: Multipart,
) -> ApiResult<Json<Value>> {
    let id = st.session_for(&caller, &id).await?.session_id;
    let mut file = None;
    while let Some(field) = form.next_field().await.map_err(multipart_error)? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("cv.txt").to_string();
            let bytes = field.bytes().await.map_err(multipart_error)?;
            file = Some((name, bytes));
            break;
        }
    }
    let Some((name, bytes)) = file else {
        return Err(ApiError::bad_request(
            "send the CV as a multipart form field named `file`",
        ));
    };
    let ext = std::path::Path::new(&name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !CV_EXTENSIONS.contains(&ext.as_str()) {
        return Err(ApiError::bad_request(format!(
            "unsupported file type `.{ext}`: upload a txt, pdf, doc, docx or md file"
        )));
    }
    let store = st.store.clone();
    let file_name = name.clone();
    let analysis = blocking(move || {
        let a = analyze_bytes(&bytes, Some(&file_name), &CvOptions::default()).map_err(cv_error)?;
        let v = serde_json::to_value(&a).map_err(ApiError::internal)?;
        store
            .put_cv_analysis(id, &file_name, &v)
            .map_err(ApiError::from)?;
        Ok(v)
    })
    .await?;
    Ok(Json(json!({
        "success": true,
        "analysis": analysis,
        "message": format!("CV `{name}` analysed; the interviewer will ask about it"),
    })))
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    let status = e.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(status, "the file is too large")
    } else {
        ApiError::bad_request(format!("malformed multipart body: {}", e.body_text()))
    }
}

fn cv_error(e: CvError) -> ApiError {
    match e {
        CvError::Io { .. } => ApiError::internal(e),
        other => ApiError::bad_request(other.to_string()),
    }
}

/// `{success, analysis, filename}` of the stored CV.
#[utoipa::path(get, path = "/api/interviews/{id}/cv-analysis", tag = "interviews",
    params(("id" = String, Path, description = "Session id")),
    responses((status = 200, description = "The stored analysis", body = Object),
              (status = 404, description = "No such session or no CV", body = Object)))]
pub async fn cv_analysis(
    State(st): State<SharedState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = st.session_for(&caller, &id).await?.session_id;
    let cv = st.store_call(move |s| s.cv_analysis(id)).await?;
    let Some((filename, analysis)) = cv else {
        return Err(ApiError::not_found(
            "no CV was uploaded for this session; POST it to /api/interviews/{id}/upload-cv",
        ));
    };
    Ok(Json(
        json!({"success": true, "analysis": analysis, "filename": filename}),
    ))
}

/// Ends the interview: a running one is closed through its runtime, an idle
/// one is marked completed. Ending twice is harmless.
#[utoipa::path(post, path = "/api/interviews/{id}/end", tag = "interviews",
    params(("id" = String, Path, description = "Session id")),
    responses((status = 200, description = "`{session_id, status, report_url}`", body = Object),
              (status = 404, description = "No such session", body = Object)))]
pub async fn end(
    State(st): State<SharedState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = st.session_for(&caller, &id).await?.session_id;
    if let Some(live) = st.live.get(id).await {
        let mut progress = live.progress();
        if live.handle.send(SessionCommand::End).is_ok() {
            let _ = tokio::time::timeout(END_WAIT, progress.wait_for(|p| p.1)).await;
        }
    }
    let state = st.clone();
    let summary = blocking(move || {
        let store = state.store.as_ref();
        let mut s = store.session(id)?;
        if s.status != SessionStatus::Completed {
            s = store.end_session(id)?;
        }
        // The report is stored now (the runtime stores it for interviews it ran).
        prepai_core::evaluate::report_for(store, id, &state.registry, &state.engine.services.bank)?;
        Ok(s)
    })
    .await?;
    Ok(Json(json!({
        "session_id": id,
        "status": summary.status,
        "ended_at": summary.ended_at.map(|t| prepai_core::timefmt::rfc3339(&t)),
        "duration_seconds": summary.duration_secs(),
        "report_url": format!("/api/interviews/{id}/performance-report"),
    })))
}

/// `?format=` of the performance report.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct ReportQuery {
    /// `json` (default: `{success, report, report_url}`), `md`, `html` or `pdf`.
    pub format: Option<String>,
}

/// The performance report of a completed session (evaluated on first request
/// if the session ended without one): 400 while the session is active.
#[utoipa::path(get, path = "/api/interviews/{id}/performance-report", tag = "interviews",
    params(("id" = String, Path, description = "Session id"), ReportQuery),
    responses((status = 200, description = "`{success, report, report_url}`, or the rendered report", body = Object),
              (status = 400, description = "The session is still active, or an unknown format", body = Object),
              (status = 404, description = "No such session", body = Object)))]
pub async fn performance_report(
    State(st): State<SharedState>,
    caller: Caller,
    Path(id): Path<String>,
    crate::error::Query(q): crate::error::Query<ReportQuery>,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    use prepai_core::report::{render, Format};
    let format = match q.format.as_deref() {
        None | Some("json") => None,
        Some("md") => Some((Format::Markdown, "text/markdown; charset=utf-8")),
        Some("html") => Some((Format::Html, "text/html; charset=utf-8")),
        Some("pdf") => Some((Format::Pdf, "application/pdf")),
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "unknown format `{other}`: use json, md, html or pdf"
            )))
        }
    };
    let id = st.session_for(&caller, &id).await?.session_id;
    let state = st.clone();
    let report = blocking(move || {
        let store = state.store.as_ref();
        if store.session(id)?.status == SessionStatus::Active {
            return Err(ApiError::bad_request(format!(
                "session {id} is still active, so it has no report yet; POST /api/interviews/{id}/end first"
            )));
        }
        prepai_core::evaluate::report_for(
            store,
            id,
            &state.registry,
            &state.engine.services.bank,
        )
        .map_err(ApiError::from)
    })
    .await?;
    Ok(match format {
        Some((f, content_type)) => (
            [(axum::http::header::CONTENT_TYPE, content_type)],
            render(&report, f),
        )
            .into_response(),
        None => Json(json!({
            "success": true,
            "report": report,
            "report_url": format!("/api/interviews/{id}/performance-report"),
        }))
        .into_response(),
    })
}
