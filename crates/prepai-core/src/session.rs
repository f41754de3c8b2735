//! Sessions and their transcripts, in the original system's JSON shape.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

use crate::timefmt::serde_millis;

/// Whether an interview is still running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// The interview is in progress; messages may be appended.
    Active,
    /// The interview has ended; its transcript is closed.
    Completed,
}

impl SessionStatus {
    /// The name stored and printed for this status.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Active => "active",
            SessionStatus::Completed => "completed",
        }
    }
}

impl fmt::Display for SessionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SessionStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "active" => Ok(SessionStatus::Active),
            "completed" => Ok(SessionStatus::Completed),
            other => Err(format!(
                "unknown status `{other}` (expected active or completed)"
            )),
        }
    }
}

/// Who spoke a transcript message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The candidate.
    User,
    /// The interviewer.
    Assistant,
    /// A note from PrepAI itself (phase changes, errors shown in the transcript).
    System,
}

impl Role {
    /// The name stored and printed for this role.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::System => "system",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "user" => Ok(Role::User),
            "assistant" => Ok(Role::Assistant),
            "system" => Ok(Role::System),
            other => Err(format!(
                "unknown role `{other}` (expected user, assistant or system)"
            )),
        }
    }
}

/// One transcript message: `{role, content, timestamp}` as in the original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Who said it.
    pub role: Role,
    /// What was said.
    pub content: String,
    /// When it was committed to the store.
    #[serde(with = "serde_millis")]
    pub timestamp: DateTime<Utc>,
}

/// What is needed to start a session.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The canonical key of the interview type (see [`crate::TypeRegistry::resolve`]).
    pub interview_type: String,
    /// The candidate's name as they gave it.
    pub candidate_name: String,
}

/// A session without its transcript: what lists and the REST API return.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// The session's UUID.
    pub session_id: Uuid,
    /// The canonical interview type key.
    pub interview_type: String,
    /// The candidate's name.
    pub candidate_name: String,
    /// When the session was created.
    #[serde(with = "serde_millis")]
    pub created_at: DateTime<Utc>,
    /// When anything in the session last changed.
    #[serde(with = "serde_millis")]
    pub updated_at: DateTime<Utc>,
    /// When the interview ended, if it has.
    #[serde(with = "serde_millis::option")]
    pub ended_at: Option<DateTime<Utc>>,
    /// `active` or `completed`.
    pub status: SessionStatus,
    /// How many transcript messages the session holds.
    pub message_count: u64,
}

impl SessionSummary {
    /// Seconds from creation to the end (or to now for a running session).
    pub fn duration_secs(&self) -> i64 {
        let end = self.ended_at.unwrap_or_else(Utc::now);
        (end - self.created_at).num_seconds().max(0)
    }
}

/// The stored session document: the summary's fields plus the transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The session's fields.
    #[serde(flatten)]
    pub summary: SessionSummary,
    /// Every message, oldest first.
    pub transcript: Vec<Message>,
}
