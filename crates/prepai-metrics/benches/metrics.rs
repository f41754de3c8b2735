//! `analyze` on 1,000-line Python and JavaScript files (`benches/fixtures/`).
//! Run: `cargo bench --bench metrics`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use prepai_metrics::{analyze, MetricsLanguage};
use std::hint::black_box;

const PYTHON: &str = include_str!("fixtures/inventory.py");
const JAVASCRIPT: &str = include_str!("fixtures/inventory.js");

fn bench_analyze(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze_1000_lines");
    for (name, source, lang) in [
        ("python", PYTHON, MetricsLanguage::Python),
        ("javascript", JAVASCRIPT, MetricsLanguage::JavaScript),
    ] {
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| analyze(black_box(source), lang).expect("fixture analyses"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_analyze);
criterion_main!(benches);
