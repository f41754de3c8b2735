//! The session runtime with the local interviewer: a scripted interview of every
//! type runs from greeting to close, is persisted as it goes, and never asks two
//! questions in one turn.

use std::sync::Arc;

use prepai_core::agent::local::LocalInterviewer;
use prepai_core::bank::QuestionBank;
use prepai_core::runtime::{self, InterviewSetup, RunningInterview, Services};
use prepai_core::{
    Role, SessionCommand, SessionEvent, SessionStatus, SqliteStore, Store, TypeRegistry,
};

/// Starts an interview of `type_key` for Ada with the local interviewer.
async fn start_local(store: Arc<SqliteStore>, type_key: &str, seed: u64) -> RunningInterview {
    let types = TypeRegistry::builtin();
    let ty = types.resolve(type_key).unwrap().clone();
    let agent = LocalInterviewer::new(&ty, &QuestionBank::builtin(), vec![], seed);
    let setup = InterviewSetup {
        interview_type: ty,
        candidate_name: "Ada".into(),
        cv: None,
        language: "python".into(),
    };
    runtime::start(store, Box::new(agent), Services::default(), setup)
        .await
        .unwrap()
}

struct Outcome {
    assistant_turns: Vec<String>,
    events: Vec<SessionEvent>,
}

async fn scripted(
    store: Arc<SqliteStore>,
    type_key: &str,
    answers: &[&str],
) -> (uuid::Uuid, Outcome) {
    let mut run = start_local(store, type_key, 11).await;
    let id = run.handle.session_id;
    let mut out = Outcome {
        assistant_turns: vec![],
        events: vec![],
    };
    let mut next = 0;
    while let Some(e) = run.events.recv().await {
        out.events.push(e.clone());
        match e {
            SessionEvent::AssistantComplete { text, .. } => {
                out.assistant_turns.push(text);
                let answer = answers[next % answers.len()];
                next += 1;
                if next > 200 {
                    panic!("{type_key}: interview did not end");
                }
                // The runtime may already have finished (closing words); ignore send errors.
                let _ = run.handle.send(SessionCommand::Answer(answer.to_string()));
            }
            SessionEvent::SessionEnded { .. } => break,
            _ => {}
        }
    }
    run.task.await.unwrap().unwrap();
    (id, out)
}

const ANSWERS: &[&str] = &[
    "I'm a backend engineer; I built a payments service and I designed its retry logic, which reduced failures by 30 percent.",
    "I would use a hash map for constant time lookups, handle collisions with chaining, and resize when the load factor grows.",
    "I'd put instances in an Auto Scaling group across two availability zones behind a load balancer, with a Multi-AZ database.",
    "The situation was a missed deadline; my role was to lead the fix; I decided to cut scope and as a result we shipped on time.",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_type_runs_from_greeting_to_close() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    for ty in TypeRegistry::builtin().all() {
        let (id, out) = scripted(store.clone(), &ty.key, ANSWERS).await;
        let first = &out.assistant_turns[0];
        assert!(first.starts_with("Hi Ada"), "{}: {first}", ty.key);
        let last = out.assistant_turns.last().unwrap();
        assert!(last.contains("end of our interview"), "{}: {last}", ty.key);
        for turn in &out.assistant_turns {
            assert!(
                turn.matches('?').count() <= 1,
                "{}: two questions in one turn: {turn}",
                ty.key
            );
        }
        // Every phase of the type was entered, in order.
        let phases: Vec<String> = out
            .events
            .iter()
            .filter_map(|e| match e {
                SessionEvent::Phase { phase } => Some(phase.clone()),
                _ => None,
            })
            .collect();
        let expected: Vec<String> = ty.phases.iter().map(|p| p.name.clone()).collect();
        assert_eq!(phases, expected, "{}", ty.key);
        // Streaming: chunks concatenate to the completed turns.
        let chunks: String = out
            .events
            .iter()
            .filter_map(|e| match e {
                SessionEvent::LlmChunk { text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            chunks.replace(' ', ""),
            out.assistant_turns.concat().replace(' ', "")
        );

        // The whole transcript is stored, alternating as it happened.
        let doc = store.load_session(id).unwrap();
        assert_eq!(doc.summary.status, SessionStatus::Completed);
        let assistant: Vec<&str> = doc
            .transcript
            .iter()
            .filter(|m| m.role == Role::Assistant)
            .map(|m| m.content.as_str())
            .collect();
        assert_eq!(assistant, out.assistant_turns, "{}", ty.key);
        assert!(doc.transcript.iter().any(|m| m.role == Role::User));
        let events = store.events(id).unwrap();
        assert!(
            events.iter().any(|e| e["type"] == "assessment"),
            "{}",
            ty.key
        );
        assert!(events.iter().any(|e| e["type"] == "phase"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ending_early_closes_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let mut run = start_local(store.clone(), "google_sde", 1).await;
    run.handle
        .send(SessionCommand::Answer("Hello, I'm Ada.".into()))
        .unwrap();
    run.handle.send(SessionCommand::Hint).unwrap();
    run.handle.send(SessionCommand::End).unwrap();
    let mut saw_end = false;
    while let Some(e) = run.events.recv().await {
        if let SessionEvent::SessionEnded { .. } = e {
            saw_end = true;
        }
    }
    assert!(saw_end);
    run.task.await.unwrap().unwrap();
    let s = store.session(run.handle.session_id).unwrap();
    assert_eq!(s.status, SessionStatus::Completed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_submission_without_a_problem_is_an_error_event_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let mut run = start_local(store, "coding-round", 1).await;
    run.handle
        .send(SessionCommand::SubmitCode {
            language: "python".into(),
            code: "def f(): pass".into(),
        })
        .unwrap();
    let mut error = None;
    while let Some(e) = run.events.recv().await {
        if let SessionEvent::Error { message } = e {
            error = Some(message);
            break;
        }
    }
    assert!(error.unwrap().contains("no coding problem"));
    run.handle.send(SessionCommand::End).unwrap();
    while run.events.recv().await.is_some() {}
    run.task.await.unwrap().unwrap();
}
