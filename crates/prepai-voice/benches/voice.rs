//! Voice latency per stage: VAD per frame, end of speech to transcript (with the tiny
//! random-weight model the tests use — a real model is slower, see docs/PERFORMANCE.md),
//! first TTS audio after a sentence is complete, and in the live loop the time from the
//! candidate starting to speak over the interviewer to playback stopped (barge-in).

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use prepai_voice::pipeline::{AudioSource, Block};
use prepai_voice::resample::resample;
use prepai_voice::tiny_model::write_tiny_model;
use prepai_voice::vad::{Vad, VAD_FRAME};
use prepai_voice::{
    LiveAudio, LiveOptions, LiveState, LiveVoice, PlaybackQueue, SpeechStream, Synthesizer,
    Transcriber, VoiceSettings, VoiceUpdate,
};

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

/// A microphone fed by the bench, block by block.
struct ChannelMic(std::sync::mpsc::Receiver<Vec<f32>>);

impl AudioSource for ChannelMic {
    fn sample_rate(&self) -> u32 {
        16_000
    }

    fn next_block(&mut self, timeout: Duration) -> Block {
        match self.0.recv_timeout(timeout) {
            Ok(b) => Block::Audio(b),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Block::Timeout,
            Err(_) => Block::Ended,
        }
    }
}

fn wait_for(voice: &LiveVoice, want: &VoiceUpdate) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if voice.recv_update(Duration::from_millis(50)).as_ref() == Some(want) {
            return;
        }
    }
    panic!("{want:?} did not come");
}

/// Speech onset on the mic (20 ms blocks in real time) while the interviewer speaks →
/// playback stopped and `BargedIn` reported. Includes the 160 ms of speech the loop waits
/// for before it calls it a barge-in.
fn live(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("tiny.bin");
    write_tiny_model(&model, 5).unwrap();
    let speech = speech_16k("Sorry, can I stop you there?");
    let onset = speech.iter().position(|s| s.abs() > 0.02).unwrap_or(0);
    let speech = speech[onset..].to_vec();
    let (tx, rx) = std::sync::mpsc::channel();
    let queue = PlaybackQueue::new(48_000);
    let q = queue.clone();
    let voice = LiveVoice::start(
        move || {
            Ok(LiveAudio {
                source: Box::new(ChannelMic(rx)),
                queue: q,
                keep_alive: Box::new(()),
            })
        },
        Transcriber::load(&model).unwrap(),
        Synthesizer::new(VoiceSettings::default()).unwrap(),
        LiveOptions::default(),
    )
    .unwrap();
    let silence = vec![0.0f32; 320];
    let mut g = c.benchmark_group("live");
    g.sample_size(10);
    g.bench_function("speech_onset_to_playback_stopped", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                voice.agent_text("Let me describe the problem to you in some detail now. ");
                wait_for(&voice, &VoiceUpdate::State(LiveState::Speaking));
                let started = Instant::now();
                let mut barged = false;
                for (i, block) in speech.chunks(320).enumerate() {
                    tx.send(block.to_vec()).unwrap();
                    let due = started + Duration::from_millis(20 * (i as u64 + 1));
                    while Instant::now() < due {
                        if voice.try_update() == Some(VoiceUpdate::BargedIn) {
                            barged = true;
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    if barged {
                        break;
                    }
                }
                assert!(barged, "no barge-in");
                total += started.elapsed();
                assert_eq!(queue.pending(), 0);
                // End the cut reply and let the loop settle: too little speech is left
                // for a turn.
                voice.agent_done();
                for _ in 0..50 {
                    tx.send(silence.clone()).unwrap();
                }
                wait_for(&voice, &VoiceUpdate::State(LiveState::Listening));
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, vad, stt, tts, live);
criterion_main!(benches);
