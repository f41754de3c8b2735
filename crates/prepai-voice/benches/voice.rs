//! Voice latency per stage: VAD per frame, end of speech to transcript (with the tiny
//! random-weight model the tests use — a real model is slower, see docs/PERFORMANCE.md),
//! and first TTS audio after a sentence is complete.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use prepai_voice::resample::resample;
use prepai_voice::tiny_model::write_tiny_model;
use prepai_voice::vad::{Vad, VAD_FRAME};
use prepai_voice::{PlaybackQueue, SpeechStream, Synthesizer, Transcriber, VoiceSettings};

fn speech_16k(text: &str) -> Vec<f32> {
    let synth = Synthesizer::new(VoiceSettings::default()).expect("espeak-ng is installed");
    let audio = synth.synthesize(text).unwrap();
    resample(&audio.samples, audio.sample_rate, 16_000).unwrap()
}

fn vad(c: &mut Criterion) {
    let speech = speech_16k("Tell me about a time you disagreed with a teammate.");
    let mut vad = Vad::new(0.5);
    let mut i = 0;
    c.bench_function("vad/16ms_frame", |b| {
        b.iter(|| {
            let start = (i * VAD_FRAME) % (speech.len() - VAD_FRAME);
            i += 1;
            let frame: &[f32; VAD_FRAME] = speech[start..start + VAD_FRAME].try_into().unwrap();
            vad.score(frame)
        })
    });
    let mut j = 0;
    c.bench_function("vad/30ms_of_audio", |b| {
        b.iter(|| {
            let start = (j * 480) % (speech.len() - 480);
            j += 1;
            vad.push(&speech[start..start + 480])
        })
    });
}

fn stt(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("tiny.bin");
    write_tiny_model(&model, 1).unwrap();
    let t = Transcriber::load(&model).unwrap();
    let turn = speech_16k("I would put a least recently used cache in front of the database.");
    let mut g = c.benchmark_group("stt");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("end_of_speech_to_transcript_tiny_random_model", |b| {
        b.iter(|| t.transcribe(&turn).unwrap())
    });
    g.finish();
}

fn tts(c: &mut Criterion) {
    let synth = Synthesizer::new(VoiceSettings::default()).unwrap();
    let mut g = c.benchmark_group("tts");
    g.sample_size(20);
    g.bench_function("first_audio_after_sentence", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let queue = PlaybackQueue::new(48_000);
                let mut stream = SpeechStream::start(synth.clone(), queue.clone());
                stream.push_text("Thanks, that makes sense");
                let started = Instant::now();
                stream.push_text(". And how would you test it?");
                while queue.pending() == 0 {
                    std::hint::spin_loop();
                }
                total += started.elapsed();
                stream.cancel();
                let _ = stream.finish();
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, vad, stt, tts);
criterion_main!(benches);
