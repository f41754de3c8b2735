//! Barge-in: `InterviewHandle::interrupt` cuts a slow agent's turn, keeps the
//! text streamed so far, and the interview goes on with the next answer.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use prepai_core::agent::{Agent, AgentError, TurnContext, TurnInput, TurnOutcome, TurnSink};
use prepai_core::runtime::{self, InterviewSetup, RunningInterview, Services};
use prepai_core::{Role, SessionCommand, SessionEvent, SqliteStore, Store, TypeRegistry};

/// Streams one sentence, then takes a minute for the rest (unless cut).
struct SlowAgent;

#[async_trait]
impl Agent for SlowAgent {
    fn name(&self) -> &str {
        "slow"
    }

    async fn turn(
        &mut self,
        _ctx: &TurnContext<'_>,
        input: TurnInput,
        sink: &mut dyn TurnSink,
    ) -> Result<TurnOutcome, AgentError> {
        if let TurnInput::Answer(a) = &input {
            sink.text(&format!("You said {a}. "));
        } else {
            sink.text("Hello, tell me about yourself. ");
        }
        tokio::time::sleep(Duration::from_secs(60)).await;
        sink.text("This part is never heard.");
        Ok(TurnOutcome::Complete)
    }
}

async fn start(store: Arc<SqliteStore>) -> RunningInterview {
    let ty = TypeRegistry::builtin()
        .resolve("google_sde")
        .unwrap()
        .clone();
    let setup = InterviewSetup {
        interview_type: ty,
        candidate_name: "Ada".into(),
        cv: None,
        language: "python".into(),
    };
    runtime::start(store, Box::new(SlowAgent), Services::default(), setup)
        .await
        .unwrap()
}

/// Waits for the first `llm_chunk`, then for the `assistant_complete` that follows.
async fn cut_after_first_chunk(run: &mut RunningInterview) -> String {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), run.events.recv()).await {
            Ok(Some(SessionEvent::LlmChunk { .. })) => break,
            Ok(Some(_)) => continue,
            other => panic!("no llm_chunk: {other:?}"),
        }
    }
    run.handle.interrupt();
    loop {
        match tokio::time::timeout(Duration::from_secs(10), run.events.recv()).await {
            Ok(Some(SessionEvent::AssistantComplete { text, .. })) => return text,
            Ok(Some(_)) => continue,
            other => panic!("the turn was not cut: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interrupt_cuts_the_turn_and_keeps_the_partial_text() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let mut run = start(store.clone()).await;
    let id = run.handle.session_id;

    let greeting = cut_after_first_chunk(&mut run).await;
    assert_eq!(greeting, "Hello, tell me about yourself.");

    // The runtime waits for commands again: the next answer starts a new turn.
    run.handle
        .send(SessionCommand::Answer("I build compilers".into()))
        .unwrap();
    let reply = cut_after_first_chunk(&mut run).await;
    assert_eq!(reply, "You said I build compilers.");

    let transcript = store.transcript(id).unwrap();
    let roles: Vec<Role> = transcript.iter().map(|m| m.role).collect();
    assert_eq!(roles, [Role::Assistant, Role::User, Role::Assistant]);
    assert!(transcript
        .iter()
        .all(|m| !m.content.contains("never heard")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupt_between_turns_is_not_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let mut run = start(store.clone()).await;
    cut_after_first_chunk(&mut run).await;
    // Nobody is speaking now; this interrupt must not cut the next turn.
    run.handle.interrupt();
    run.handle
        .send(SessionCommand::Answer("hello".into()))
        .unwrap();
    loop {
        match tokio::time::timeout(Duration::from_secs(10), run.events.recv()).await {
            Ok(Some(SessionEvent::LlmChunk { .. })) => break,
            Ok(Some(_)) => continue,
            other => panic!("no llm_chunk: {other:?}"),
        }
    }
    // The slow turn is still running: nothing completes within half a second.
    let next = tokio::time::timeout(Duration::from_millis(500), async {
        loop {
            if let Some(SessionEvent::AssistantComplete { .. }) = run.events.recv().await {
                return;
            }
        }
    })
    .await;
    assert!(next.is_err(), "a stale interrupt cut the turn");
}
