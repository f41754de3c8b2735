//! Persistence of sessions and everything they accumulate.
//!
//! [`Store`] is a small set of primitive operations; [`SqliteStore`] is the
//! embedded default. Every write is its own committed transaction, so a crash
//! loses at most the write in flight.

mod analytics;
mod error;
mod schema;
mod sqlite;

pub use error::StoreError;
pub use sqlite::SqliteStore;

use crate::analytics::{Aggregate, Benchmarks, History, Rank, Trends};
use crate::report::Report;
use crate::session::{Message, NewSession, Role, Session, SessionStatus, SessionSummary};
use crate::submissions::{NewSubmission, Submission};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Which sessions a listing returns. The default is every session, newest first.
#[derive(Debug, Clone, Default)]
pub struct SessionFilter {
    /// Only sessions with this status.
    pub status: Option<SessionStatus>,
    /// Only sessions of this interview type key.
    pub interview_type: Option<String>,
    /// Only this candidate (matched case-insensitively).
    pub candidate_name: Option<String>,
    /// At most this many sessions.
    pub limit: Option<usize>,
}

/// The storage operations every backend provides.
pub trait Store: Send + Sync {
    /// Creates an active session with a fresh UUID.
    fn create_session(&self, new: &NewSession) -> Result<SessionSummary, StoreError>;

    /// One session's summary; [`StoreError::NotFound`] if there is none.
    fn session(&self, id: Uuid) -> Result<SessionSummary, StoreError>;

    /// Sessions matching `filter`, newest first.
    fn list_sessions(&self, filter: &SessionFilter) -> Result<Vec<SessionSummary>, StoreError>;

    /// Ids of sessions whose textual UUID starts with `prefix` (at most `limit`).
    fn ids_with_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<Uuid>, StoreError>;

    /// Appends a message to an active session and commits it before returning.
    fn append_message(&self, id: Uuid, role: Role, content: &str) -> Result<Message, StoreError>;

    /// The session's messages, oldest first.
    fn transcript(&self, id: Uuid) -> Result<Vec<Message>, StoreError>;

    /// Appends a structured event (a JSON object with a `type`) to the session's log.
    fn append_event(&self, id: Uuid, event: &serde_json::Value) -> Result<(), StoreError>;

    /// The session's event log, oldest first.
    fn events(&self, id: Uuid) -> Result<Vec<serde_json::Value>, StoreError>;

    /// Records a code submission and returns its id.
    fn add_submission(&self, id: Uuid, sub: &NewSubmission) -> Result<Submission, StoreError>;

    /// The session's submissions, oldest first.
    fn submissions(&self, id: Uuid) -> Result<Vec<Submission>, StoreError>;

    /// Stores (or replaces) the session's CV analysis.
    fn put_cv_analysis(
        &self,
        id: Uuid,
        file_name: &str,
        analysis: &serde_json::Value,
    ) -> Result<(), StoreError>;

    /// The session's CV analysis and its file name, if one was stored.
    fn cv_analysis(&self, id: Uuid) -> Result<Option<(String, serde_json::Value)>, StoreError>;

    /// Marks an active session completed and stamps `ended_at`.
    /// Stores (or replaces) the performance report of its session.
    fn put_report(&self, report: &Report) -> Result<(), StoreError>;

    /// A session's stored report, if one was written.
    fn report(&self, id: Uuid) -> Result<Option<Report>, StoreError>;

    /// Totals, completion rate, mean score, counts by type and recommendation.
    fn aggregate(&self) -> Result<Aggregate, StoreError>;

    /// Score distributions of one interview type's reports.
    fn benchmarks(&self, interview_type: &str) -> Result<Benchmarks, StoreError>;

    /// Daily mean scores over the last `days` days before `now`, with a fitted trend.
    fn trends(&self, days: u32, now: DateTime<Utc>) -> Result<Trends, StoreError>;

    /// A candidate's sessions and score progression.
    fn history(&self, candidate_name: &str) -> Result<History, StoreError>;

    /// Where a reported session ranks among its type; `None` without a report.
    fn rank(&self, id: Uuid) -> Result<Option<Rank>, StoreError>;

    fn end_session(&self, id: Uuid) -> Result<SessionSummary, StoreError>;

    /// Deletes a session and everything stored with it.
    fn delete_session(&self, id: Uuid) -> Result<(), StoreError>;

    /// The whole session document: summary and transcript.
    fn load_session(&self, id: Uuid) -> Result<Session, StoreError> {
        let summary = self.session(id)?;
        let transcript = self.transcript(id)?;
        Ok(Session {
            summary,
            transcript,
        })
    }

    /// Finds a session by its full UUID or a unique prefix of at least 4 characters.
    fn resolve_session_id(&self, text: &str) -> Result<Uuid, StoreError> {
        let text = text.trim();
        if let Ok(id) = Uuid::parse_str(text) {
            self.session(id)?;
            return Ok(id);
        }
        let not_found = || StoreError::NotFound {
            what: "session",
            id: text.to_string(),
        };
        let is_prefix = text.len() >= 4 && text.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
        if !is_prefix {
            return Err(not_found());
        }
        match self
            .ids_with_prefix(&text.to_ascii_lowercase(), 2)?
            .as_slice()
        {
            [only] => Ok(*only),
            [] => Err(not_found()),
            _ => Err(StoreError::Ambiguous {
                prefix: text.to_string(),
            }),
        }
    }
}
