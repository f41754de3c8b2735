//! Analytics over 100,000 stored reported sessions (8 types, 90 days):
//! aggregate, benchmarks for one type, 30-day trends, a history and a rank.

#[path = "../tests/support/seed.rs"]
mod seed;

use criterion::{criterion_group, criterion_main, Criterion};
use prepai_core::{SqliteStore, Store};
use seed::{insert, Row};

const SESSIONS: usize = 100_000;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open_dir(dir.path()).expect("store");
    let now = prepai_core::timefmt::now();
    let now_ms = now.timestamp_millis();
    let types: Vec<String> = prepai_core::TypeRegistry::builtin()
        .all()
        .iter()
        .map(|t| t.key.clone())
        .collect();
    let mut x: u64 = 42;
    let mut next = move || {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    let rows: Vec<Row> = (0..SESSIONS)
        .map(|i| {
            let mut scores = [None; 6];
            for s in scores.iter_mut() {
                *s = Some((next() * 100.0).round() / 10.0);
            }
            Row {
                interview_type: types[i % types.len()].clone(),
                candidate: format!("candidate {}", i % 5_000),
                created_ms: now_ms - (next() * 90.0 * 86_400_000.0) as i64,
                scores,
            }
        })
        .collect();
    insert(&dir.path().join("prepai.db"), &rows);
    let some = store.history("candidate 17").expect("history").sessions[0].session_id;

    let mut g = c.benchmark_group("analytics_100k");
    g.sample_size(20);
    g.bench_function("aggregate", |b| b.iter(|| store.aggregate().unwrap()));
    g.bench_function("benchmarks_one_type", |b| {
        b.iter(|| store.benchmarks("google_sde").unwrap())
    });
    g.bench_function("trends_30_days", |b| {
        b.iter(|| store.trends(30, now).unwrap())
    });
    g.bench_function("history", |b| {
        b.iter(|| store.history("candidate 17").unwrap())
    });
    g.bench_function("rank", |b| b.iter(|| store.rank(some).unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
