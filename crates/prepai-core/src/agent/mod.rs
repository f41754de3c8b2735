//! Interviewer agents.
//!
//! An [`Agent`] runs one turn at a time: given the session's context and the
//! turn's input it streams text into a [`TurnSink`] and ends the turn in one of
//! three ways ([`TurnOutcome`]): the reply is complete, it wants tools run
//! (the runtime runs them and calls the agent again with
//! [`TurnInput::ToolResults`] — Bedrock's return-of-control and OpenAI's
//! `tool_calls` both map onto this), or the interview is over.

pub mod local;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::events::CodeOutcome;
use crate::interview_type::InterviewType;
use crate::problems::ProblemCard;
use crate::session::Message;

/// Tools an agent may ask the runtime to run.
pub const TOOL_NAMES: &[&str] = &[
    "execute_code",
    "analyze_cv",
    "evaluate_performance",
    "search_knowledge_base",
    "present_problem",
];

/// The candidate's CV as the interviewer uses it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CvProfile {
    /// The candidate's name, if found.
    pub name: Option<String>,
    /// Canonical skill names.
    pub skills: Vec<String>,
    /// `(title, company)` of each job, most recent first.
    pub roles: Vec<(String, String)>,
}

impl CvProfile {
    /// Reads the fields the interviewer needs from a CV analysis document
    /// (`candidateName`, `skills`, `experience[].title/company`).
    pub fn from_analysis(v: &serde_json::Value) -> Self {
        let str_of = |v: &serde_json::Value| {
            v.as_str()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        };
        CvProfile {
            name: v.get("candidateName").and_then(str_of),
            skills: v
                .get("skills")
                .and_then(|s| s.as_array())
                .map(|a| a.iter().filter_map(str_of).collect())
                .unwrap_or_default(),
            roles: v
                .get("experience")
                .and_then(|s| s.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|e| {
                            let company = e.get("company").and_then(str_of)?;
                            let title = e
                                .get("title")
                                .and_then(str_of)
                                .unwrap_or_else(|| "engineer".into());
                            Some((title, company))
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// What the agent knows about the session when a turn starts.
#[derive(Debug, Clone)]
pub struct TurnContext<'a> {
    /// The interview type.
    pub interview_type: &'a InterviewType,
    /// The candidate's name.
    pub candidate_name: &'a str,
    /// The CV, if one was loaded.
    pub cv: Option<&'a CvProfile>,
    /// Everything said so far, oldest first (the current input included).
    pub transcript: &'a [Message],
    /// The language the candidate codes in.
    pub language: &'a str,
}

/// What starts a turn.
#[derive(Debug, Clone, PartialEq)]
pub enum TurnInput {
    /// The interview begins: greet the candidate.
    Start,
    /// The candidate answered.
    Answer(String),
    /// The candidate's code was run.
    CodeResult(CodeOutcome),
    /// The candidate asked for a hint.
    Hint,
    /// The candidate asked to move on.
    Skip,
    /// The candidate ended the interview: close it.
    End,
    /// Results of the tools the agent asked for.
    ToolResults(Vec<ToolResult>),
}

/// A request to run a tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    /// Correlates the result with the call.
    pub id: String,
    /// One of [`TOOL_NAMES`].
    pub name: String,
    /// JSON arguments.
    pub arguments: serde_json::Value,
}

/// The result of a tool call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolResult {
    /// The call's id.
    pub call_id: String,
    /// The tool's name.
    pub name: String,
    /// JSON output (or `{"error": "..."}`).
    pub output: serde_json::Value,
    /// Whether the tool failed.
    pub is_error: bool,
}

/// How the agent judged an answer against the question's rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    /// The question (bank id, or a generated id for CV questions).
    pub question_id: String,
    /// Its text.
    pub question: String,
    /// Its difficulty, 1–3.
    pub difficulty: u8,
    /// Key points covered so far (ids).
    pub covered: Vec<String>,
    /// Key points still missing (ids).
    pub missed: Vec<String>,
    /// Whether this was the answer to a follow-up.
    pub follow_up: bool,
}

/// Structured things an agent reports besides text.
#[derive(Debug, Clone, PartialEq)]
pub enum AgentNote {
    /// The interview moved to a phase.
    Phase(String),
    /// An answer was judged.
    Assessment(Assessment),
    /// A coding problem is handed out, in this language.
    Present(Box<ProblemCard>, String),
    /// A hint was given.
    HintGiven,
}

/// Where an agent's output goes while the turn runs.
pub trait TurnSink: Send {
    /// A piece of the reply text.
    fn text(&mut self, delta: &str);
    /// A structured note.
    fn note(&mut self, note: AgentNote);
    /// Streaming figures of one model call by `agent` (remote agents report
    /// them; the default ignores them).
    fn stats(&mut self, agent: &str, stats: StreamStats) {
        let _ = (agent, stats);
    }
}

/// How fast a remote model streamed one reply.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StreamStats {
    /// Milliseconds from sending the request to the first text.
    pub ttft_ms: f64,
    /// Output tokens per second after the first one.
    pub tokens_per_sec: f64,
}

/// How a turn ended.
#[derive(Debug, Clone, PartialEq)]
pub enum TurnOutcome {
    /// The reply is complete; wait for the candidate.
    Complete,
    /// Run these tools and call again with their results.
    ToolCalls(Vec<ToolCall>),
    /// The reply is complete and the interview is over.
    Finished,
}

/// Errors an agent can hit.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AgentError {
    /// Credentials or configuration are missing or wrong.
    #[error("agent configuration: {0}")]
    Config(String),
    /// The remote service could not be reached or broke off.
    #[error("agent unavailable: {0}")]
    Unavailable(String),
    /// The service refused for too many requests; the runtime may retry.
    #[error("agent throttled: {0}")]
    Throttled(String),
    /// Anything else.
    #[error("agent error: {0}")]
    Other(String),
}

/// An interviewer.
#[async_trait]
pub trait Agent: Send + Sync {
    /// A short name for status bars (`local`, `bedrock`, `openai`).
    fn name(&self) -> &str;

    /// Runs one turn.
    async fn turn(
        &mut self,
        ctx: &TurnContext<'_>,
        input: TurnInput,
        sink: &mut dyn TurnSink,
    ) -> Result<TurnOutcome, AgentError>;
}

/// Streams `text` word by word into `sink`, the way a remote model would.
pub fn stream_words(sink: &mut dyn TurnSink, text: &str) {
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == ' ' && i > start {
            sink.text(&text[start..=i]);
            start = i + 1;
        }
    }
    if start < text.len() {
        sink.text(&text[start..]);
    }
}
