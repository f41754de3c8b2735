//! Typed calls of the server's REST API for remote front ends: sessions,
//! transcripts, reports, code submissions and analytics, deserialised into
//! the same `prepai-core` types the local engine returns, so a front end
//! prints remote results with its local code.

use prepai_core::analytics::{Aggregate, Benchmarks, History, Trends};
use prepai_core::report::Report;
use prepai_core::submissions::{NewSubmission, QualitySummary, Submission, SubmissionSummary};
use prepai_core::{Message, SessionSummary};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;
use uuid::Uuid;

use crate::client::{ClientError, RemoteClient};

/// Filters of [`RemoteClient::list_sessions`] (`GET /api/sessions/list`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct SessionQuery {
    /// `active` or `completed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// An interview type key or alias.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub interview_type: Option<String>,
    /// A candidate name (case-insensitive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidate: Option<String>,
    /// At most this many, newest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

/// The answer of `POST /api/interviews/{id}/end`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EndedSession {
    /// The session.
    pub session_id: Uuid,
    /// Its status now (`completed`).
    pub status: String,
    /// When it ended (RFC 3339).
    pub ended_at: Option<String>,
    /// How long it ran.
    pub duration_seconds: i64,
    /// Where its report is.
    pub report_url: String,
}

/// The answer of `GET /api/code/{sid}/submissions`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionSubmissions {
    /// The session.
    pub session_id: Uuid,
    /// Each run as the original's client document (`submissionId`, `timestamp`, …).
    pub submissions: Vec<Value>,
    /// Totals over the runs.
    pub summary: SubmissionSummary,
}

impl SessionSubmissions {
    /// The runs as stored submissions, read back from their client documents
    /// (which carry every recorded field), oldest first.
    pub fn records(&self) -> Result<Vec<Submission>, ClientError> {
        self.submissions.iter().map(record_of).collect()
    }
}

/// The submission a client document was made from (the inverse of
/// [`crate::routes::code::client_document`] for runs of `POST /api/code/execute`
/// and interviews).
fn record_of(doc: &Value) -> Result<Submission, ClientError> {
    let bad = |what: &str| ClientError::Protocol(format!("a submission has no {what}"));
    let mut body = doc.clone();
    let o = body.as_object_mut().ok_or_else(|| bad("fields"))?;
    let id = o
        .remove("submissionId")
        .and_then(|v| v.as_str().map(String::from))
        .ok_or_else(|| bad("submissionId"))?;
    let created_at = o
        .remove("timestamp")
        .and_then(|v| v.as_str().map(String::from))
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
        .ok_or_else(|| bad("timestamp"))?
        .with_timezone(&chrono::Utc);
    let field = |k: &str| o.get(k);
    let metric = |k: &str| field("qualityMetrics").and_then(|q| q.get(k));
    let record = NewSubmission {
        language: field("language")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        problem_id: field("problemId").and_then(Value::as_str).map(String::from),
        all_passed: field("allTestsPassed")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        execution_ms: field("executionTime")
            .and_then(Value::as_f64)
            .unwrap_or(0.0),
        quality_score: metric("qualityScore").and_then(Value::as_f64),
        cyclomatic: metric("cyclomaticComplexity").and_then(Value::as_f64),
        lines_of_code: metric("linesOfCode").and_then(Value::as_u64),
        body: Value::Null,
    };
    Ok(Submission {
        id,
        created_at,
        record: NewSubmission { body, ..record },
    })
}

impl RemoteClient {
    /// The server URL of the path made of `segments`, each percent-encoded.
    fn endpoint(&self, segments: &[&str]) -> Result<Url, ClientError> {
        let base = self.base_url();
        let mut url = base.clone();
        url.path_segments_mut()
            .map_err(|_| ClientError::BadUrl(base.to_string()))?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    /// `GET` of `segments` with `query`, deserialised (from `field` if given).
    async fn fetch<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        query: &impl Serialize,
        field: Option<&str>,
    ) -> Result<T, ClientError> {
        let url = self.endpoint(segments)?;
        let body = self.send(self.http_client().get(url).query(query)).await?;
        decode(body, field)
    }

    /// `POST` of `segments` with a JSON body, deserialised.
    async fn submit<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        body: &Value,
    ) -> Result<T, ClientError> {
        let url = self.endpoint(segments)?;
        let answer = self.send(self.http_client().post(url).json(body)).await?;
        decode(answer, None)
    }

    /// Creates a session of an interview type (key or alias) for a candidate.
    pub async fn new_session(
        &self,
        interview_type: &str,
        candidate_name: &str,
    ) -> Result<SessionSummary, ClientError> {
        decode(
            self.create_session(interview_type, candidate_name).await?,
            None,
        )
    }

    /// The caller's sessions, newest first.
    pub async fn list_sessions(
        &self,
        query: &SessionQuery,
    ) -> Result<Vec<SessionSummary>, ClientError> {
        self.fetch(&["api", "sessions", "list"], query, Some("sessions"))
            .await
    }

    /// One session (without its transcript).
    pub async fn session(&self, id: Uuid) -> Result<SessionSummary, ClientError> {
        self.fetch(&["api", "sessions", &id.to_string()], &(), None)
            .await
    }

    /// A session's transcript, oldest first.
    pub async fn transcript(&self, id: Uuid) -> Result<Vec<Message>, ClientError> {
        let id = id.to_string();
        self.fetch(
            &["api", "interviews", &id, "transcript"],
            &(),
            Some("transcript"),
        )
        .await
    }

    /// Ends a session (a running interview is closed by its runtime).
    pub async fn end_session(&self, id: Uuid) -> Result<EndedSession, ClientError> {
        let id = id.to_string();
        self.submit(&["api", "interviews", &id, "end"], &Value::Null)
            .await
    }

    /// The performance report of a completed session.
    pub async fn performance_report(&self, id: Uuid) -> Result<Report, ClientError> {
        let id = id.to_string();
        self.fetch(
            &["api", "interviews", &id, "performance-report"],
            &(),
            Some("report"),
        )
        .await
    }

    /// Runs code against tests: `body` is `POST /api/code/execute`'s
    /// (`{code, language, testCases | problemId, functionName, sessionId}`);
    /// the answer is the run's document.
    pub async fn execute(&self, body: &Value) -> Result<Value, ClientError> {
        self.submit(&["api", "code", "execute"], body).await
    }

    /// A session's code runs and their totals.
    pub async fn submissions(&self, id: Uuid) -> Result<SessionSubmissions, ClientError> {
        let id = id.to_string();
        self.fetch(&["api", "code", &id, "submissions"], &(), None)
            .await
    }

    /// One code run of a session, as the original's client document
    /// (`testResults`, `qualityMetrics`, …).
    pub async fn submission(&self, id: Uuid, submission_id: &str) -> Result<Value, ClientError> {
        let id = id.to_string();
        self.fetch(
            &["api", "code", &id, "submissions", submission_id],
            &(),
            Some("submission"),
        )
        .await
    }

    /// The quality summary of a session's code runs.
    pub async fn quality_summary(&self, id: Uuid) -> Result<QualitySummary, ClientError> {
        let id = id.to_string();
        self.fetch(&["api", "code", &id, "quality-summary"], &(), None)
            .await
    }

    /// Totals, completion rate, mean score, counts by type and recommendation.
    pub async fn aggregate(&self) -> Result<Aggregate, ClientError> {
        self.fetch(&["api", "analytics", "aggregate"], &(), None)
            .await
    }

    /// Score distributions of one interview type (key or alias).
    pub async fn benchmarks(&self, interview_type: &str) -> Result<Benchmarks, ClientError> {
        self.fetch(
            &["api", "analytics", "benchmarks", interview_type],
            &(),
            None,
        )
        .await
    }

    /// Daily mean scores over the last `days` days with a fitted trend.
    pub async fn trends(&self, days: u32) -> Result<Trends, ClientError> {
        self.fetch(&["api", "analytics", "trends"], &[("days", days)], None)
            .await
    }

    /// A candidate's sessions (those the caller's token created) and scores.
    pub async fn history(&self, candidate: &str) -> Result<History, ClientError> {
        self.fetch(
            &["api", "analytics", "candidate", candidate, "history"],
            &(),
            None,
        )
        .await
    }

    /// The session whose id is `text` or starts with it (at least 4
    /// characters, unique among the caller's sessions).
    pub async fn resolve_session_id(&self, text: &str) -> Result<Uuid, ClientError> {
        let text = text.trim();
        if let Ok(id) = Uuid::parse_str(text) {
            return Ok(id);
        }
        let refuse = |detail: String| ClientError::Api {
            status: 404,
            detail,
        };
        if text.chars().count() < 4 {
            return Err(refuse(format!(
                "`{text}` is not a session id; give the full id or at least 4 of its first characters"
            )));
        }
        let prefix = text.to_ascii_lowercase();
        let sessions = self.list_sessions(&SessionQuery::default()).await?;
        let mut found = sessions
            .iter()
            .map(|s| s.session_id)
            .filter(|id| id.to_string().starts_with(&prefix));
        match (found.next(), found.next()) {
            (Some(id), None) => Ok(id),
            (None, _) => Err(refuse(format!("no session starts with `{text}`"))),
            (Some(_), Some(_)) => Err(refuse(format!(
                "`{text}` matches more than one session; give more of the id"
            ))),
        }
    }
}

/// The answer (or its `field`) as `T`.
fn decode<T: DeserializeOwned>(mut body: Value, field: Option<&str>) -> Result<T, ClientError> {
    if let Some(f) = field {
        body = body
            .get_mut(f)
            .map(Value::take)
            .ok_or_else(|| ClientError::Protocol(format!("the answer has no `{f}`")))?;
    }
    serde_json::from_value(body).map_err(|e| ClientError::Protocol(e.to_string()))
}
