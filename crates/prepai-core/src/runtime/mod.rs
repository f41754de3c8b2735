//! The session runtime: runs an interview on a task, takes [`SessionCommand`]s,
//! emits [`SessionEvent`]s, and persists everything as it happens.
//!
//! Front ends (TUI, headless CLI, server) only send commands and consume events.
//! Store writes run on the blocking pool; the agent's turn streams its text out
//! as `llm_chunk` events while it is being produced.

mod sink;
mod tools;

use std::sync::Arc;

use tokio::sync::{mpsc, Notify};
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::agent::{Agent, AgentNote, Assessment, CvProfile, TurnContext, TurnInput, TurnOutcome};
use crate::bank::QuestionBank;
use crate::evaluate::{self, questions::QuestionFinder, Evidence};
use crate::events::{CodeOutcome, SessionCommand, SessionEvent};
use crate::interview_type::InterviewType;
use crate::kb::KnowledgeBase;
use crate::problems::ProblemCard;
use crate::session::{Message, NewSession, Role, SessionStatus};
use crate::store::{Store, StoreError};
use crate::timefmt;

use sink::EventSink;

/// Runs candidate code for the runtime (the sandbox, in the real program).
pub trait CodeRunner: Send + Sync {
    /// Runs `code` against `problem`'s tests (all of them, hidden included) and
    /// records the submission with `session_id`.
    fn run(
        &self,
        session_id: Uuid,
        problem: &ProblemCard,
        language: &str,
        code: &str,
    ) -> Result<CodeOutcome, String>;
}

/// What the runtime can call on besides the agent.
#[derive(Clone, Default)]
pub struct Services {
    /// The knowledge base, for the `search_knowledge_base` tool.
    pub kb: Option<Arc<KnowledgeBase>>,
    /// Problems the agent may hand out.
    pub problems: Arc<Vec<ProblemCard>>,
    /// Runs submissions; without one, code submissions are refused with a message.
    pub runner: Option<Arc<dyn CodeRunner>>,
    /// The question bank whose rubrics the evaluator judges answers by.
    pub bank: Arc<QuestionBank>,
}

/// What to interview about.
#[derive(Debug, Clone)]
pub struct InterviewSetup {
    /// The interview type.
    pub interview_type: InterviewType,
    /// The candidate's name.
    pub candidate_name: String,
    /// The CV, if loaded.
    pub cv: Option<CvProfile>,
    /// The language coding problems are handed out in.
    pub language: String,
}

/// Sends commands to a running interview.
#[derive(Debug, Clone)]
pub struct InterviewHandle {
    /// The session being run.
    pub session_id: Uuid,
    tx: mpsc::UnboundedSender<SessionCommand>,
    interrupt: Arc<Notify>,
}

/// The interview has finished and takes no more commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the interview has finished")]
pub struct InterviewClosed;

impl InterviewHandle {
    /// Sends a command; fails only when the interview has already finished.
    pub fn send(&self, cmd: SessionCommand) -> Result<(), InterviewClosed> {
        self.tx.send(cmd).map_err(|_| InterviewClosed)
    }

    /// Cuts the agent's turn in progress (barge-in): the text streamed so far is
    /// kept as the interviewer's message and the interview waits for the
    /// candidate. Outside a turn it does nothing and is not remembered.
    pub fn interrupt(&self) {
        self.interrupt.notify_waiters();
    }
}

/// A started interview: its handle, its event stream, and the task running it.
pub struct RunningInterview {
    /// Send commands here.
    pub handle: InterviewHandle,
    /// Events arrive here, in order.
    pub events: mpsc::UnboundedReceiver<SessionEvent>,
    /// Completes when the interview ends (or every handle is dropped).
    pub task: JoinHandle<Result<(), StoreError>>,
}

/// Creates the session in `store`, greets the candidate and runs the interview
/// until it ends or every [`InterviewHandle`] is dropped.
pub async fn start(
    store: Arc<dyn Store>,
    agent: Box<dyn Agent>,
    services: Services,
    setup: InterviewSetup,
) -> Result<RunningInterview, StoreError> {
    let new = NewSession {
        interview_type: setup.interview_type.key.clone(),
        candidate_name: setup.candidate_name.clone(),
    };
    let s2 = store.clone();
    let summary = blocking(move || s2.create_session(&new)).await?;
    Ok(launch(store, agent, services, setup, summary.session_id))
}

/// Runs the interview on a session created earlier (by `prepai sessions create`
/// or the API), which must be active and have no transcript yet.
pub async fn start_existing(
    store: Arc<dyn Store>,
    agent: Box<dyn Agent>,
    services: Services,
    setup: InterviewSetup,
    session_id: Uuid,
) -> Result<RunningInterview, StoreError> {
    let s2 = store.clone();
    let summary = blocking(move || s2.session(session_id)).await?;
    if summary.status != SessionStatus::Active {
        return Err(StoreError::Conflict(format!(
            "session {session_id} has ended; start a new one"
        )));
    }
    if summary.message_count > 0 {
        return Err(StoreError::Conflict(format!(
            "session {session_id} already has a transcript; start a new session to interview again"
        )));
    }
    Ok(launch(store, agent, services, setup, session_id))
}

fn launch(
    store: Arc<dyn Store>,
    agent: Box<dyn Agent>,
    services: Services,
    setup: InterviewSetup,
    session_id: Uuid,
) -> RunningInterview {
    let (tx, rx) = mpsc::unbounded_channel();
    let (etx, erx) = mpsc::unbounded_channel();
    let interrupt = Arc::new(Notify::new());
    let finder = QuestionFinder::for_type(&services.bank, &setup.interview_type.key);
    let evidence = Evidence::new(setup.interview_type.clone());
    let mut rt = Runtime {
        store,
        agent,
        services,
        setup,
        session_id,
        events: etx,
        transcript: Vec::new(),
        problem: None,
        evidence,
        finder,
        failed: None,
        interrupt: interrupt.clone(),
    };
    let task = tokio::spawn(async move { rt.run(rx).await });
    RunningInterview {
        handle: InterviewHandle {
            session_id,
            tx,
            interrupt,
        },
        events: erx,
        task,
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Database(format!("store task failed: {e}")))?
}

/// Agent turns that ask for tools are answered at most this many times per turn.
const MAX_TOOL_ROUNDS: usize = 8;

struct Runtime {
    store: Arc<dyn Store>,
    agent: Box<dyn Agent>,
    services: Services,
    setup: InterviewSetup,
    session_id: Uuid,
    events: mpsc::UnboundedSender<SessionEvent>,
    transcript: Vec<Message>,
    problem: Option<ProblemCard>,
    evidence: Evidence,
    finder: QuestionFinder,
    /// The input of the last turn that failed, for [`SessionCommand::Retry`].
    failed: Option<TurnInput>,
    /// Woken by [`InterviewHandle::interrupt`] to cut the turn in progress.
    interrupt: Arc<Notify>,
}

impl Runtime {
    fn emit(&self, e: SessionEvent) {
        // A front end that went away is not an error for the interview.
        let _ = self.events.send(e);
    }

    async fn run(
        &mut self,
        mut commands: mpsc::UnboundedReceiver<SessionCommand>,
    ) -> Result<(), StoreError> {
        self.emit(SessionEvent::SessionStarted {
            session_id: self.session_id,
            interview_type: self.setup.interview_type.key.clone(),
            candidate_name: self.setup.candidate_name.clone(),
        });
        let mut finished = self.turn(TurnInput::Start).await? == TurnOutcome::Finished;
        while !finished {
            let Some(cmd) = commands.recv().await else {
                return Ok(());
            };
            let input = match cmd {
                SessionCommand::Answer(text) => match self.answer(&text, None).await? {
                    Some(input) => input,
                    None => continue,
                },
                SessionCommand::Spoken { text, seconds } => {
                    match self.answer(&text, Some(seconds)).await? {
                        Some(input) => input,
                        None => continue,
                    }
                }
                SessionCommand::SubmitCode { language, code } => {
                    match self.run_code(&language, &code).await? {
                        Some(outcome) => TurnInput::CodeResult(outcome),
                        None => continue,
                    }
                }
                SessionCommand::CodeResult(outcome) => {
                    self.record_code_result(&outcome).await?;
                    TurnInput::CodeResult(outcome)
                }
                SessionCommand::Hint => TurnInput::Hint,
                SessionCommand::Skip => TurnInput::Skip,
                SessionCommand::End => TurnInput::End,
                SessionCommand::Retry => match self.failed.take() {
                    Some(input) => input,
                    None => {
                        self.emit(SessionEvent::Error {
                            message: "there is no failed turn to retry".into(),
                        });
                        continue;
                    }
                },
                SessionCommand::SwitchAgent(switch) => {
                    if let Some(agent) = switch.take() {
                        self.agent = agent;
                    }
                    continue;
                }
            };
            let ending = input == TurnInput::End;
            finished = self.turn(input).await? == TurnOutcome::Finished || ending;
        }
        let (store, id) = (self.store.clone(), self.session_id);
        let (ty, bank) = (
            self.setup.interview_type.clone(),
            self.services.bank.clone(),
        );
        let report = blocking(move || {
            let summary = store.end_session(id)?;
            evaluate::report_and_store(store.as_ref(), &summary, ty, &bank)
        })
        .await?;
        self.emit(SessionEvent::Report(Box::new(report)));
        self.emit(SessionEvent::SessionEnded {
            session_id: self.session_id,
        });
        Ok(())
    }

    /// Commits the candidate's answer (with the length of the speech when it
    /// was spoken) and shows it; `None` for an empty answer.
    async fn answer(
        &mut self,
        text: &str,
        spoken_seconds: Option<f64>,
    ) -> Result<Option<TurnInput>, StoreError> {
        let text = text.trim().to_string();
        if text.is_empty() {
            return Ok(None);
        }
        let prompt = self
            .transcript
            .iter()
            .rev()
            .find(|m| m.role == Role::Assistant)
            .cloned();
        self.append(Role::User, &text).await?;
        let answered_at = self.transcript.last().map(|m| m.timestamp);
        let response_secs = prompt
            .as_ref()
            .zip(answered_at)
            .map(|(p, at)| (at - p.timestamp).num_milliseconds().max(0) as f64 / 1000.0);
        self.evidence.push_answer(
            &self.finder,
            prompt.as_ref().map_or("", |p| p.content.as_str()),
            &text,
            response_secs,
            spoken_seconds,
        );
        if let Some(seconds) = spoken_seconds {
            self.record(serde_json::json!({
                "type": "speech",
                "messageIndex": self.transcript.len() - 1,
                "seconds": seconds,
                "words": text.split_whitespace().count(),
            }))
            .await?;
        }
        self.emit(SessionEvent::Transcript {
            text: text.clone(),
            role: "user".into(),
            is_final: true,
        });
        self.emit(SessionEvent::ScoreUpdate(evaluate::live(&self.evidence)));
        Ok(Some(TurnInput::Answer(text)))
    }

    async fn append(&mut self, role: Role, content: &str) -> Result<(), StoreError> {
        let (store, id, text) = (self.store.clone(), self.session_id, content.to_string());
        let m = blocking(move || store.append_message(id, role, &text)).await?;
        self.transcript.push(m);
        Ok(())
    }

    async fn record_event(&self, event: &SessionEvent) -> Result<(), StoreError> {
        let body = serde_json::to_value(event).map_err(|e| StoreError::Database(e.to_string()))?;
        self.record(body).await
    }

    /// Appends one entry (a JSON object with a `type`) to the session's event log.
    async fn record(&self, body: serde_json::Value) -> Result<(), StoreError> {
        let (store, id) = (self.store.clone(), self.session_id);
        blocking(move || store.append_event(id, &body)).await
    }

    async fn run_code(
        &mut self,
        language: &str,
        code: &str,
    ) -> Result<Option<CodeOutcome>, StoreError> {
        let Some(problem) = self.problem.clone() else {
            self.emit(SessionEvent::Error {
                message:
                    "there is no coding problem in play; wait for the interviewer to hand one out"
                        .into(),
            });
            return Ok(None);
        };
        let Some(runner) = self.services.runner.clone() else {
            self.emit(SessionEvent::Error {
                message: "code execution is not available in this session".into(),
            });
            return Ok(None);
        };
        let (id, lang, src) = (self.session_id, language.to_string(), code.to_string());
        let result = tokio::task::spawn_blocking(move || runner.run(id, &problem, &lang, &src))
            .await
            .map_err(|e| StoreError::Database(format!("code runner task failed: {e}")))?;
        match result {
            Ok(outcome) => {
                self.record_code_result(&outcome).await?;
                Ok(Some(outcome))
            }
            Err(message) => {
                self.emit(SessionEvent::Error { message });
                Ok(None)
            }
        }
    }

    async fn record_code_result(&mut self, outcome: &CodeOutcome) -> Result<(), StoreError> {
        self.evidence.code_result(outcome, None);
        let event = SessionEvent::CodeResult(outcome.clone());
        self.record_event(&event).await?;
        self.emit(event);
        self.emit(SessionEvent::ScoreUpdate(evaluate::live(&self.evidence)));
        Ok(())
    }

    /// Runs one agent turn to completion, tool rounds included, or until
    /// [`InterviewHandle::interrupt`] cuts it (the text so far is kept).
    async fn turn(&mut self, mut input: TurnInput) -> Result<TurnOutcome, StoreError> {
        let mut sink = EventSink::new(self.events.clone());
        let mut outcome = TurnOutcome::Complete;
        let first = input.clone();
        let interrupt = self.interrupt.clone();
        self.failed = None;
        for _ in 0..MAX_TOOL_ROUNDS {
            let ctx = TurnContext {
                interview_type: &self.setup.interview_type,
                candidate_name: &self.setup.candidate_name,
                cv: self.setup.cv.as_ref(),
                transcript: &self.transcript,
                language: &self.setup.language,
            };
            let result = tokio::select! {
                r = self.agent.turn(&ctx, input, &mut sink) => Some(r),
                _ = interrupt.notified() => None,
            };
            let notes = sink.take_notes();
            self.apply_notes(notes).await?;
            let Some(result) = result else {
                // Barge-in: the candidate cut the interviewer off.
                break;
            };
            match result {
                Ok(TurnOutcome::ToolCalls(calls)) => {
                    let results = tools::run_all(self, &calls).await;
                    input = TurnInput::ToolResults(results);
                }
                Ok(o) => {
                    outcome = o;
                    break;
                }
                Err(e) => {
                    // The turn is redone whole on retry; its partial text is not kept.
                    let _ = sink.take_text();
                    self.failed = Some(first);
                    self.emit(SessionEvent::Error {
                        message: format!("{e}; your answer is saved, so you can try again"),
                    });
                    break;
                }
            }
        }
        let text = sink.take_text();
        if !text.trim().is_empty() {
            self.append(Role::Assistant, text.trim()).await?;
            self.emit(SessionEvent::AssistantComplete {
                text: text.trim().to_string(),
                role: "assistant".into(),
            });
        }
        Ok(outcome)
    }

    async fn apply_notes(&mut self, notes: Vec<AgentNote>) -> Result<(), StoreError> {
        for note in notes {
            match note {
                // Already shown by the sink; persisted here.
                AgentNote::Phase(phase) => {
                    self.record_event(&SessionEvent::Phase { phase }).await?
                }
                AgentNote::Assessment(a) => self.assessed(a).await?,
                AgentNote::Present(problem, language) => {
                    self.present(*problem, &language, false).await?
                }
                AgentNote::HintGiven => {
                    self.evidence.hint();
                    let at = timefmt::rfc3339(&timefmt::now());
                    self.record(serde_json::json!({"type": "hint", "at": at}))
                        .await?;
                }
            }
        }
        Ok(())
    }

    async fn assessed(&mut self, a: Assessment) -> Result<(), StoreError> {
        self.record(serde_json::json!({"type": "assessment", "assessment": a}))
            .await?;
        Ok(())
    }

    /// Puts a problem in play and persists its `coding_question` (`announce`
    /// also emits it, for problems that did not come through the sink).
    async fn present(
        &mut self,
        problem: ProblemCard,
        language: &str,
        announce: bool,
    ) -> Result<(), StoreError> {
        let Some(q) = crate::problems::coding_question(&problem, language) else {
            self.emit(SessionEvent::Error {
                message: format!("problem `{}` has no {language} version", problem.id),
            });
            return Ok(());
        };
        let e = SessionEvent::CodingQuestion(q);
        self.record_event(&e).await?;
        if announce {
            self.emit(e);
        }
        self.evidence.problem_presented(&problem.id);
        self.problem = Some(problem);
        Ok(())
    }
}
