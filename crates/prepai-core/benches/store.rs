//! Store latency: create, append, list 10,000 sessions, load 1,000 messages.
//! Runs against a file in a temporary directory (WAL, synchronous=NORMAL), as users get it.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use prepai_core::{NewSession, Role, SessionFilter, SqliteStore, Store};
use std::hint::black_box;

fn new_session() -> NewSession {
    NewSession {
        interview_type: "google_sde".into(),
        candidate_name: "Bench Candidate".into(),
    }
}

fn store_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).unwrap();

    c.bench_function("store/create_session", |b| {
        b.iter(|| black_box(store.create_session(&new_session()).unwrap()))
    });

    let target = store.create_session(&new_session()).unwrap().session_id;
    c.bench_function("store/append_message", |b| {
        b.iter(|| {
            black_box(
                store
                    .append_message(target, Role::User, "I would use a hash map keyed by value.")
                    .unwrap(),
            )
        })
    });

    // A separate database with exactly 10,000 sessions for the listing.
    let list_dir = tempfile::tempdir().unwrap();
    let listed = SqliteStore::open_dir(list_dir.path()).unwrap();
    for _ in 0..10_000 {
        listed.create_session(&new_session()).unwrap();
    }
    c.bench_function("store/list_10000_sessions", |b| {
        b.iter(|| {
            let all = listed.list_sessions(&SessionFilter::default()).unwrap();
            assert_eq!(all.len(), 10_000);
            black_box(all)
        })
    });

    let long = listed.create_session(&new_session()).unwrap().session_id;
    for i in 0..1_000 {
        let role = if i % 2 == 0 {
            Role::Assistant
        } else {
            Role::User
        };
        listed
            .append_message(
                long,
                role,
                &format!("message {i}: a typical answer of moderate length about trade-offs"),
            )
            .unwrap();
    }
    c.bench_function("store/load_session_1000_messages", |b| {
        b.iter_batched(
            || (),
            |_| {
                let s = listed.load_session(long).unwrap();
                assert_eq!(s.transcript.len(), 1_000);
                black_box(s)
            },
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, store_benches);
criterion_main!(benches);
