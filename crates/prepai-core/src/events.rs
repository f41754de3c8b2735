//! What a running interview tells its front ends, and what they tell it.
//!
//! Events serialize with a `type` tag. Where the original WebSocket API had a
//! message for the same thing, the name and fields are the original's
//! (`transcript`, `llm_chunk`, `assistant_complete`, `coding_question`, `error`);
//! the rest are PrepAI's own.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::agent::Agent;

/// A coding problem handed to the candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodingQuestion {
    /// The problem's id in the problem bank.
    pub problem_id: String,
    /// Its title.
    pub title: String,
    /// The statement (markdown).
    pub question: String,
    /// The language the starter code is in.
    pub language: String,
    /// The function to implement.
    pub function_name: String,
    /// Its signature in that language.
    pub signature: String,
    /// Code to start from.
    pub initial_code: String,
    /// The visible tests (`{args, expected}`).
    pub test_cases: Vec<serde_json::Value>,
    /// `easy`, `medium` or `hard`.
    pub difficulty: String,
}

/// The outcome of running a submission, as the interviewer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeOutcome {
    /// The problem it was for, if known.
    pub problem_id: Option<String>,
    /// The language.
    pub language: String,
    /// The whole run's verdict (`accepted`, `wrong_answer`, …).
    pub verdict: String,
    /// Whether every test passed.
    pub all_tests_passed: bool,
    /// Tests passed.
    pub passed: usize,
    /// Tests run.
    pub total: usize,
    /// The first error message, if any.
    pub error: Option<String>,
    /// Wall time of the run in milliseconds.
    pub execution_time_ms: f64,
    /// The quality score (0–10), when measured.
    pub quality_score: Option<f64>,
    /// The submission's id in the store, when recorded.
    pub submission_id: Option<String>,
}

/// Live estimate of the five dimensions (0–10 each) and the weighted overall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreUpdate {
    /// Technical knowledge.
    pub technical_knowledge: Option<f64>,
    /// Problem solving.
    pub problem_solving: Option<f64>,
    /// Communication.
    pub communication: Option<f64>,
    /// Code quality.
    pub code_quality: Option<f64>,
    /// Cultural fit.
    pub cultural_fit: Option<f64>,
    /// Weighted overall over the dimensions with evidence.
    pub overall: Option<f64>,
    /// Questions asked so far.
    pub questions_asked: usize,
    /// Key points covered so far / key points asked about.
    pub key_points_covered: usize,
    /// Key points asked about so far.
    pub key_points_total: usize,
}

/// Everything a front end can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SessionEvent {
    /// The session exists and the interview is starting.
    SessionStarted {
        /// Its id.
        session_id: Uuid,
        /// Interview type key.
        interview_type: String,
        /// The candidate.
        candidate_name: String,
    },
    /// The candidate's words, as committed to the transcript.
    Transcript {
        /// The text.
        text: String,
        /// Always `user`.
        role: String,
        /// Always true (partial transcripts come from voice).
        is_final: bool,
    },
    /// A piece of the interviewer's reply as it streams.
    LlmChunk {
        /// The piece.
        text: String,
    },
    /// The interviewer's whole reply, committed to the transcript.
    AssistantComplete {
        /// The text.
        text: String,
        /// Always `assistant`.
        role: String,
    },
    /// A coding problem for the code pane.
    CodingQuestion(CodingQuestion),
    /// The result of running the candidate's code.
    CodeResult(CodeOutcome),
    /// The interview moved to another phase.
    Phase {
        /// The new phase.
        phase: String,
    },
    /// A fresh live score estimate.
    ScoreUpdate(ScoreUpdate),
    /// How fast the remote interviewer streamed its last reply.
    AgentStats {
        /// The agent (`bedrock`, `openai`).
        agent: String,
        /// Milliseconds to the first token.
        ttft_ms: f64,
        /// Output tokens per second.
        tokens_per_sec: f64,
    },
    /// Something went wrong; the session goes on.
    Error {
        /// What happened and what to do.
        message: String,
    },
    /// The performance report, written when the interview ends.
    Report(Box<crate::report::Report>),
    /// The interview is over and its session completed.
    SessionEnded {
        /// Its id.
        session_id: Uuid,
    },
}

/// What a front end can ask of a running interview.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionCommand {
    /// The candidate's answer.
    Answer(String),
    /// The candidate's answer, spoken: its transcript and how long the
    /// speech lasted (for speaking pace).
    Spoken {
        /// What the speech-to-text heard.
        text: String,
        /// Seconds of speech.
        seconds: f64,
    },
    /// The candidate submitted code for the current problem.
    SubmitCode {
        /// The language it is written in.
        language: String,
        /// The code.
        code: String,
    },
    /// The candidate ran their code elsewhere and reports the outcome
    /// (the original web client's `code_submission`).
    CodeResult(CodeOutcome),
    /// The candidate asks for a hint.
    Hint,
    /// The candidate wants another question.
    Skip,
    /// End the interview.
    End,
    /// Run the last turn that failed again (its input is already saved).
    Retry,
    /// Carry on with another interviewer (e.g. the local one when a remote
    /// service is down).
    SwitchAgent(AgentSwitch),
}

/// An interviewer handed to a running interview by
/// [`SessionCommand::SwitchAgent`]; compares equal only to its own clones.
#[derive(Clone)]
pub struct AgentSwitch(Arc<Mutex<Option<Box<dyn Agent>>>>);

impl AgentSwitch {
    /// Wraps `agent` for sending.
    pub fn new(agent: Box<dyn Agent>) -> Self {
        AgentSwitch(Arc::new(Mutex::new(Some(agent))))
    }

    /// The agent, the first time it is asked for.
    pub fn take(&self) -> Option<Box<dyn Agent>> {
        self.0.lock().ok()?.take()
    }
}

impl std::fmt::Debug for AgentSwitch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self.0.lock() {
            Ok(g) => g.as_ref().map(|a| a.name().to_string()),
            Err(_) => None,
        };
        f.debug_tuple("AgentSwitch").field(&name).finish()
    }
}

impl PartialEq for AgentSwitch {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
