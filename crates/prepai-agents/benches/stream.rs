//! PrepAI's overhead between receiving a streamed chunk and emitting its
//! `llm_chunk` event: for OpenAI-compatible servers, SSE parsing + JSON
//! decoding + the sink; for Bedrock, what PrepAI does with a `chunk` event the
//! SDK has decoded. Run: `cargo bench -p prepai-agents --bench stream`.

use std::hint::black_box;

use aws_sdk_bedrockagentruntime::primitives::Blob;
use aws_sdk_bedrockagentruntime::types::PayloadPart;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use eventsource_stream::Eventsource;
use futures_util::{stream, StreamExt};
use prepai_agents::bedrock::forward_chunk;
use prepai_agents::openai::ChatStream;
use prepai_agents::stats::StreamClock;
use prepai_core::agent::{AgentNote, TurnSink};
use prepai_core::SessionEvent;
use tokio::sync::mpsc;

/// Emits `llm_chunk` events on a channel, as the runtime's sink does.
struct ChannelSink(mpsc::UnboundedSender<SessionEvent>);

impl TurnSink for ChannelSink {
    fn text(&mut self, delta: &str) {
        let _ = self.0.send(SessionEvent::LlmChunk {
            text: delta.to_string(),
        });
    }
    fn note(&mut self, _: AgentNote) {}
}

const CHUNKS: usize = 100;

fn sse_body() -> Vec<Bytes> {
    (0..CHUNKS)
        .map(|i| {
            let v = serde_json::json!({"id": "chatcmpl-1", "object": "chat.completion.chunk",
                "created": 0, "model": "m",
                "choices": [{"index": 0, "delta": {"content": format!("word{i} ")}, "finish_reason": null}]});
            Bytes::from(format!("data: {v}\n\n"))
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut g = c.benchmark_group("chunk_to_event");
    g.throughput(Throughput::Elements(CHUNKS as u64));

    let body = sse_body();
    g.bench_function("openai_sse", |b| {
        b.iter(|| {
            let (tx, mut rx) = mpsc::unbounded_channel();
            let mut sink = ChannelSink(tx);
            let mut clock = StreamClock::start();
            let mut dec = ChatStream::new();
            rt.block_on(async {
                let mut events =
                    stream::iter(body.iter().cloned().map(Ok::<_, std::io::Error>)).eventsource();
                while let Some(Ok(e)) = events.next().await {
                    dec.feed(&e.data, &mut sink, &mut clock).unwrap();
                }
            });
            let mut n = 0;
            while rx.try_recv().is_ok() {
                n += 1;
            }
            black_box(n)
        })
    });

    let parts: Vec<PayloadPart> = (0..CHUNKS)
        .map(|i| {
            PayloadPart::builder()
                .bytes(Blob::new(format!("word{i} ").into_bytes()))
                .build()
        })
        .collect();
    g.bench_function("bedrock_chunk", |b| {
        b.iter(|| {
            let (tx, mut rx) = mpsc::unbounded_channel();
            let mut sink = ChannelSink(tx);
            let mut clock = StreamClock::start();
            for p in &parts {
                forward_chunk(p, &mut sink, &mut clock);
            }
            let mut n = 0;
            while rx.try_recv().is_ok() {
                n += 1;
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
