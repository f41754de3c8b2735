//! Interview turn latency with the local interviewer, through the real runtime
//! and an on-disk store: from sending an answer to the first `llm_chunk`, and to
//! `assistant_complete`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use prepai_core::agent::local::LocalInterviewer;
use prepai_core::bank::QuestionBank;
use prepai_core::runtime::{self, InterviewSetup, RunningInterview, Services};
use prepai_core::{SessionCommand, SessionEvent, SqliteStore, TypeRegistry};

const ANSWER: &str = "I would use a hash map keyed by value, handle collisions with chaining, \
                      and resize when the load factor passes three quarters.";

async fn fresh(store: Arc<SqliteStore>) -> RunningInterview {
    let types = TypeRegistry::builtin();
    let ty = types.resolve("google_sde").unwrap().clone();
    let agent = LocalInterviewer::new(&ty, &QuestionBank::builtin(), vec![], 5);
    let setup = InterviewSetup {
        interview_type: ty,
        candidate_name: "Bench".into(),
        cv: None,
        language: "python".into(),
    };
    let mut run = runtime::start(store, Box::new(agent), Services::default(), setup)
        .await
        .unwrap();
    while let Some(e) = run.events.recv().await {
        if matches!(e, SessionEvent::AssistantComplete { .. }) {
            break;
        }
    }
    run
}

/// Sends one answer and returns (time to first chunk, time to completed turn,
/// whether the interview ended).
async fn one_turn(run: &mut RunningInterview) -> (Duration, Duration, bool) {
    let t0 = Instant::now();
    run.handle
        .send(SessionCommand::Answer(ANSWER.into()))
        .unwrap();
    let mut first = None;
    loop {
        match run.events.recv().await {
            Some(SessionEvent::LlmChunk { .. }) if first.is_none() => first = Some(t0.elapsed()),
            Some(SessionEvent::AssistantComplete { text, .. }) => {
                let done = t0.elapsed();
                return (
                    first.unwrap_or(done),
                    done,
                    text.contains("end of our interview"),
                );
            }
            Some(_) => {}
            None => return (t0.elapsed(), t0.elapsed(), true),
        }
    }
}

fn turn_benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    for (name, pick_first) in [
        ("turn/answer_to_first_delta", true),
        ("turn/answer_to_complete_turn", false),
    ] {
        c.bench_function(name, |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let mut total = Duration::ZERO;
                    let mut run = fresh(store.clone()).await;
                    for _ in 0..iters {
                        let (first, done, ended) = one_turn(&mut run).await;
                        total += if pick_first { first } else { done };
                        if ended || run.task.is_finished() {
                            run = fresh(store.clone()).await;
                        }
                    }
                    total
                })
            })
        });
    }
}

criterion_group!(benches, turn_benches);
criterion_main!(benches);
