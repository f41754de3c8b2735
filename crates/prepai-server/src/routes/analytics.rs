//! `/api/analytics/…`: aggregates, benchmarks, trends and a candidate's
//! history, computed by the store. Aggregates, benchmarks and trends are
//! anonymous statistics over every session; a candidate's history lists only
//! the sessions the caller's token created.

use axum::extract::State;
use prepai_core::analytics::History;
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Json, Path, Query};
use crate::state::SharedState;

/// Totals, completion rate, mean score, counts by type and recommendation.
#[utoipa::path(get, path = "/api/analytics/aggregate", tag = "analytics",
    responses((status = 200, description = "Aggregate statistics", body = Object)))]
pub async fn aggregate(State(st): State<SharedState>) -> ApiResult<Json<Value>> {
    let a = st.store_call(move |s| s.aggregate()).await?;
    Ok(Json(json!(a)))
}

/// Min, max, mean and P25/P50/P75/P90 of each score for one interview type.
#[utoipa::path(get, path = "/api/analytics/benchmarks/{interview_type}", tag = "analytics",
    params(("interview_type" = String, Path, description = "Interview type key or alias")),
    responses((status = 200, description = "Benchmarks", body = Object),
              (status = 400, description = "Unknown interview type", body = Object)))]
pub async fn benchmarks(
    State(st): State<SharedState>,
    Path(interview_type): Path<String>,
) -> ApiResult<Json<Value>> {
    let key = st
        .registry
        .resolve(&interview_type)
        .map_err(|e| ApiError::bad_request(e.to_string()))?
        .key
        .clone();
    let b = st.store_call(move |s| s.benchmarks(&key)).await?;
    Ok(Json(json!(b)))
}

/// `?days=` of the trends.
#[derive(Debug, Deserialize, IntoParams)]
pub struct TrendsQuery {
    /// Days back to look (1–3650, default 30).
    pub days: Option<u32>,
}

/// Daily mean scores with a fitted trend.
#[utoipa::path(get, path = "/api/analytics/trends", tag = "analytics", params(TrendsQuery),
    responses((status = 200, description = "Trends", body = Object),
              (status = 400, description = "Bad `days`", body = Object)))]
pub async fn trends(
    State(st): State<SharedState>,
    Query(q): Query<TrendsQuery>,
) -> ApiResult<Json<Value>> {
    let days = q.days.unwrap_or(30);
    if !(1..=3650).contains(&days) {
        return Err(ApiError::bad_request("days must be between 1 and 3650"));
    }
    let t = st
        .store_call(move |s| s.trends(days, prepai_core::timefmt::now()))
        .await?;
    Ok(Json(json!(t)))
}

/// A candidate's sessions, newest first (name matched case-insensitively).
#[utoipa::path(get, path = "/api/analytics/candidate/{name}/history", tag = "analytics",
    params(("name" = String, Path, description = "The candidate's name")),
    responses((status = 200, description = "History", body = Object),
              (status = 400, description = "Empty name", body = Object)))]
pub async fn history(
    State(st): State<SharedState>,
    caller: Caller,
    Path(name): Path<String>,
) -> ApiResult<Json<Value>> {
    if name.trim().is_empty() {
        return Err(ApiError::bad_request("give the candidate's name"));
    }
    let owned = match (&st.tokens, &caller.token_id) {
        (Some(tokens), Some(t)) => Some(tokens.owned(t).map_err(ApiError::internal)?),
        _ => None,
    };
    let mut h = st.store_call(move |s| s.history(&name)).await?;
    if let Some(owned) = owned {
        keep_only(&mut h, |id| owned.contains(id));
    }
    Ok(Json(json!(h)))
}

/// Narrows a history to some sessions, recomputing its summary from them
/// (the per-interview improvement is dropped: it needs the whole series).
fn keep_only(h: &mut History, keep: impl Fn(&uuid::Uuid) -> bool) {
    let before = h.sessions.len();
    h.sessions.retain(|s| keep(&s.session_id));
    if h.sessions.len() == before {
        return;
    }
    // Sessions are newest first; scores run oldest first.
    let scores: Vec<f64> = h
        .sessions
        .iter()
        .rev()
        .filter_map(|s| s.overall_score)
        .collect();
    h.total_interviews = h.sessions.len() as u64;
    h.average_score =
        (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
    h.best_score = scores.iter().copied().reduce(f64::max);
    h.latest_score = scores.last().copied();
    h.improvement_per_interview = None;
    h.scores_over_time = scores;
}

#[cfg(test)]
mod tests {
    use super::*;
    use prepai_core::analytics::HistoryEntry;

    fn entry(score: Option<f64>) -> HistoryEntry {
        HistoryEntry {
            session_id: uuid::Uuid::new_v4(),
            interview_type: "google_sde".into(),
            created_at: "2026-11-25T00:00:00Z".into(),
            status: "completed".into(),
            overall_score: score,
            recommendation: None,
        }
    }

    #[test]
    fn a_narrowed_history_is_summarised_from_what_is_left() {
        // Newest first: 8.0 (kept), 4.0 (dropped), 6.0 (kept).
        let sessions = vec![entry(Some(8.0)), entry(Some(4.0)), entry(Some(6.0))];
        let dropped = sessions[1].session_id;
        let mut h = History {
            candidate_name: "Ada".into(),
            total_interviews: 3,
            average_score: Some(6.0),
            best_score: Some(8.0),
            latest_score: Some(8.0),
            improvement_per_interview: Some(1.0),
            scores_over_time: vec![6.0, 4.0, 8.0],
            sessions,
        };
        keep_only(&mut h, |id| *id != dropped);
        assert_eq!(h.total_interviews, 2);
        assert_eq!(h.scores_over_time, [6.0, 8.0]);
        assert_eq!(h.average_score, Some(7.0));
        assert_eq!((h.best_score, h.latest_score), (Some(8.0), Some(8.0)));
        assert_eq!(h.improvement_per_interview, None);
    }
}
