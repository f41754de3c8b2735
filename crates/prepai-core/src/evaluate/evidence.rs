//! What the evaluator looks at, gathered from a stored session (or kept up to
//! date by the runtime while the interview runs).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::bank::{Question, QuestionBank};
use crate::events::CodeOutcome;
use crate::interview_type::InterviewType;
use crate::session::{Message, Role};
use crate::store::{Store, StoreError};
use crate::submissions::Submission;

use super::questions::{Asked, QuestionFinder};

/// One answer of the candidate and what it answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// The interviewer's message the answer replies to.
    pub prompt: String,
    /// The bank question under discussion, if the prompt is one (or a follow-up on one).
    pub question: Option<Question>,
    /// Whether the prompt was a follow-up on that question.
    pub follow_up: bool,
    /// The answer.
    pub answer: String,
    /// Seconds from the prompt to the answer, when both have timestamps.
    pub response_secs: Option<f64>,
    /// Seconds of speech, when the answer was spoken.
    pub spoken_secs: Option<f64>,
}

/// One run of the candidate's code.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeAttempt {
    /// The problem, if known.
    pub problem_id: Option<String>,
    /// The language.
    pub language: String,
    /// Tests passed.
    pub passed: usize,
    /// Tests run.
    pub total: usize,
    /// Quality score 0–10, when measured.
    pub quality_score: Option<f64>,
    /// Highest cyclomatic complexity of a function, when measured.
    pub cyclomatic: Option<f64>,
    /// Lines of code, when measured.
    pub lines_of_code: Option<u64>,
    /// Hints taken on this problem before this run.
    pub hints_before: usize,
}

/// Everything the evaluator judges.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The interview type (weights, name).
    pub interview_type: InterviewType,
    /// The candidate's answers in order.
    pub exchanges: Vec<Exchange>,
    /// Code runs in order.
    pub attempts: Vec<CodeAttempt>,
    /// Problems handed out, in order.
    pub problems: Vec<String>,
    /// Hints taken on each problem.
    pub hints: HashMap<String, usize>,
    /// Seconds from the first message to the last.
    pub duration_secs: Option<f64>,
}

impl Evidence {
    /// Empty evidence for an interview of `ty`.
    pub fn new(ty: InterviewType) -> Self {
        Evidence {
            interview_type: ty,
            exchanges: Vec::new(),
            attempts: Vec::new(),
            problems: Vec::new(),
            hints: HashMap::new(),
            duration_secs: None,
        }
    }

    /// Reads a stored session's transcript, event log and submissions.
    pub fn load(
        store: &dyn Store,
        id: Uuid,
        ty: InterviewType,
        bank: &QuestionBank,
    ) -> Result<Self, StoreError> {
        let transcript = store.transcript(id)?;
        let events = store.events(id)?;
        let submissions = store.submissions(id)?;
        let mut ev = Evidence::new(ty);
        let spoken = spoken_seconds(&events);
        ev.exchanges = exchanges(&transcript, &ev.interview_type, bank, &spoken);
        ev.duration_secs = match (transcript.first(), transcript.last()) {
            (Some(a), Some(b)) => Some(seconds_between(a.timestamp, b.timestamp)),
            _ => None,
        };
        ev.read_code(&events, &submissions);
        Ok(ev)
    }

    /// Records a problem being handed out.
    pub fn problem_presented(&mut self, problem_id: &str) {
        self.problems.push(problem_id.to_string());
    }

    /// Records a hint on the current problem.
    pub fn hint(&mut self) {
        if let Some(p) = self.problems.last() {
            *self.hints.entry(p.clone()).or_default() += 1;
        }
    }

    /// Records a code run (with the stored submission's metrics, if any).
    pub fn code_result(&mut self, o: &CodeOutcome, sub: Option<&Submission>) {
        let key = o.problem_id.clone().unwrap_or_default();
        self.attempts.push(CodeAttempt {
            problem_id: o.problem_id.clone(),
            language: o.language.clone(),
            passed: o.passed,
            total: o.total,
            quality_score: o
                .quality_score
                .or_else(|| sub.and_then(|s| s.record.quality_score)),
            cyclomatic: sub.and_then(|s| s.record.cyclomatic),
            lines_of_code: sub.and_then(|s| s.record.lines_of_code),
            hints_before: self.hints.get(&key).copied().unwrap_or(0),
        });
    }

    fn read_code(&mut self, events: &[serde_json::Value], submissions: &[Submission]) {
        let by_id: HashMap<&str, &Submission> =
            submissions.iter().map(|s| (s.id.as_str(), s)).collect();
        let mut saw_result = false;
        for e in events {
            match e.get("type").and_then(|t| t.as_str()) {
                Some("coding_question") => {
                    if let Some(p) = e.get("problemId").and_then(|p| p.as_str()) {
                        self.problem_presented(p);
                    }
                }
                Some("hint") => self.hint(),
                Some("code_result") => {
                    if let Ok(o) = serde_json::from_value::<CodeOutcome>(e.clone()) {
                        let sub = o.submission_id.as_deref().and_then(|i| by_id.get(i));
                        self.code_result(&o, sub.copied());
                        saw_result = true;
                    }
                }
                _ => {}
            }
        }
        // Code run with `prepai code run --session` leaves submissions only.
        if !saw_result {
            for s in submissions {
                let o = outcome_of(s);
                self.code_result(&o, Some(s));
            }
        }
    }

    /// Appends an answer, finding what it answers from `prompt`.
    pub fn push_answer(
        &mut self,
        finder: &QuestionFinder,
        prompt: &str,
        answer: &str,
        response_secs: Option<f64>,
        spoken_secs: Option<f64>,
    ) {
        let current = self.exchanges.last().and_then(|e| e.question.as_ref());
        let (question, follow_up) = match finder.classify(prompt, current) {
            Asked::Question(q) => (Some(q.clone()), false),
            Asked::FollowUp => (current.cloned(), true),
            Asked::Other => (None, false),
        };
        self.exchanges.push(Exchange {
            prompt: prompt.to_string(),
            question,
            follow_up,
            answer: answer.to_string(),
            response_secs,
            spoken_secs,
        });
    }
}

/// A stored submission seen as a code result (passed tests read from its body).
fn outcome_of(s: &Submission) -> CodeOutcome {
    let tests = s.record.body.get("testResults").and_then(|t| t.as_array());
    let total = tests.map_or(0, |t| t.len());
    let passed = tests.map_or(0, |t| {
        t.iter()
            .filter(|r| r.get("passed").and_then(|p| p.as_bool()) == Some(true))
            .count()
    });
    CodeOutcome {
        problem_id: s.record.problem_id.clone(),
        language: s.record.language.clone(),
        verdict: String::new(),
        all_tests_passed: s.record.all_passed,
        passed,
        total,
        error: None,
        execution_time_ms: s.record.execution_ms,
        quality_score: s.record.quality_score,
        submission_id: Some(s.id.clone()),
    }
}

/// Seconds of speech per message index, from `speech` events.
fn spoken_seconds(events: &[serde_json::Value]) -> HashMap<usize, f64> {
    events
        .iter()
        .filter(|e| e.get("type").and_then(|t| t.as_str()) == Some("speech"))
        .filter_map(|e| {
            let i = e.get("messageIndex")?.as_u64()? as usize;
            let s = e.get("seconds")?.as_f64()?;
            Some((i, s))
        })
        .collect()
}

fn seconds_between(a: DateTime<Utc>, b: DateTime<Utc>) -> f64 {
    (b - a).num_milliseconds().max(0) as f64 / 1000.0
}

/// Pairs each candidate message with the interviewer message before it.
fn exchanges(
    transcript: &[Message],
    ty: &InterviewType,
    bank: &QuestionBank,
    spoken: &HashMap<usize, f64>,
) -> Vec<Exchange> {
    let finder = QuestionFinder::for_type(bank, &ty.key);
    let mut ev = Evidence::new(ty.clone());
    let mut prompt: Option<&Message> = None;
    for (i, m) in transcript.iter().enumerate() {
        match m.role {
            Role::Assistant => prompt = Some(m),
            Role::User => {
                let (text, secs) = match prompt {
                    Some(p) => (
                        p.content.as_str(),
                        Some(seconds_between(p.timestamp, m.timestamp)),
                    ),
                    None => ("", None),
                };
                ev.push_answer(&finder, text, &m.content, secs, spoken.get(&i).copied());
            }
            _ => {}
        }
    }
    ev.exchanges
}
