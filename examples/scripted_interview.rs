//! Embedding prepai-core: run a short interview from code with the built-in
//! offline interviewer, printing events as they arrive.
//!
//! `cargo run --example scripted_interview`

use std::io::Write;
use std::sync::Arc;

use prepai_core::agent::local::LocalInterviewer;
use prepai_core::bank::QuestionBank;
use prepai_core::kb::KnowledgeBase;
use prepai_core::runtime::{self, InterviewSetup, Services};
use prepai_core::{SessionCommand, SessionEvent, SqliteStore, Store, TypeRegistry};

const ANSWERS: &[&str] = &[
    "I'm a backend engineer; I run the payments platform at a fintech.",
    "The situation was a checkout outage; my role was incident lead; I decided to roll back and add a circuit breaker, and as a result errors dropped 90 percent.",
    "I would shard by customer id with consistent hashing and keep a read replica per region.",
];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join("prepai-example");
    let store = Arc::new(SqliteStore::open_dir(&dir)?);
    let types = TypeRegistry::builtin();
    let ty = types.resolve("amazon-sde")?.clone();
    let agent = LocalInterviewer::new(&ty, &QuestionBank::builtin(), vec![], 2026);
    let services = Services {
        kb: Some(Arc::new(KnowledgeBase::builtin()?)),
        bank: Arc::new(QuestionBank::builtin()),
        ..Services::default()
    };
    let setup = InterviewSetup {
        interview_type: ty,
        candidate_name: "Ada".into(),
        cv: None,
        language: "python".into(),
    };
    let mut run = runtime::start(store.clone(), Box::new(agent), services, setup).await?;
    let mut answers = ANSWERS.iter();
    while let Some(event) = run.events.recv().await {
        match &event {
            SessionEvent::LlmChunk { text } => {
                print!("{text}");
                std::io::stdout().flush()?;
            }
            SessionEvent::AssistantComplete { .. } => {
                println!("\n");
                let cmd = match answers.next() {
                    Some(a) => {
                        println!("> {a}");
                        SessionCommand::Answer(a.to_string())
                    }
                    None => SessionCommand::End,
                };
                let _ = run.handle.send(cmd);
            }
            SessionEvent::ScoreUpdate(s) => println!("[live score: {s:?}]"),
            SessionEvent::Report(r) => println!("{}", prepai_core::report::to_markdown(r)),
            SessionEvent::SessionEnded { .. } => break,
            other => println!("[{}]", serde_json::to_string(other)?),
        }
    }
    run.task.await??;
    let doc = store.load_session(run.handle.session_id)?;
    println!(
        "stored {} messages in {}",
        doc.transcript.len(),
        store.path().display()
    );
    Ok(())
}
