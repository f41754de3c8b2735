//! Barge-in: the candidate starts speaking while the interviewer's audio plays; playback
//! stops within one audio buffer and the caller's signal is raised.

mod common;

use std::sync::atomic::Ordering;

use common::{mix, Part};
use prepai_voice::resample::resample;
use prepai_voice::{BargeIn, PlaybackQueue, Synthesizer, VoiceSettings};

/// Output device buffer: 480 frames at 48 kHz (10 ms), the microphone's matching 160 samples.
const OUT_BUF: usize = 480;
const MIC_BUF: usize = 160;

#[test]
fn speech_during_playback_stops_it_within_one_buffer() {
    let synth = Synthesizer::new(VoiceSettings::default()).unwrap();
    let reply = synth
        .synthesize("Let me tell you about the next question, which is about distributed caches and how they fail.")
        .unwrap();
    let queue = PlaybackQueue::new(48_000);
    queue.push(&resample(&reply.samples, reply.sample_rate, 48_000).unwrap());
    let (mic, truth) = mix(&[
        Part::Silence(1500),
        Part::Speech("Sorry, can I ask something?"),
        Part::Silence(500),
    ]);
    let onset_ms = truth[0].0;

    let mut barge = BargeIn::new(queue.clone(), 0.5, 64);
    let signal = barge.signal();
    let mut out = vec![0.0f32; OUT_BUF];
    let mut stopped_at = None;
    for (i, mic_block) in mic.chunks(MIC_BUF).enumerate() {
        let played = queue.fill(&mut out);
        if let Some(at) = stopped_at {
            // The buffer right after barge-in is silent: nothing more of the reply plays.
            assert_eq!(played, 0, "buffer {i} after the stop at {at} still played");
            assert!(out.iter().all(|&s| s == 0.0));
            break;
        }
        assert!(played > 0, "the reply is still playing at buffer {i}");
        if barge.feed(mic_block) {
            stopped_at = Some(i);
        }
    }
    let at = stopped_at.expect("barge-in fired");
    assert!(signal.load(Ordering::SeqCst));
    let at_ms = (at as u64 + 1) * 10;
    println!("speech at {onset_ms} ms, barge-in at {at_ms} ms");
    assert!(at_ms >= onset_ms, "no barge-in before the candidate speaks");
    assert!(
        at_ms - onset_ms < 300,
        "barge-in took {} ms",
        at_ms - onset_ms
    );
    // Re-armed, the queue plays again.
    barge.rearm();
    queue.push(&[0.5; OUT_BUF]);
    assert_eq!(queue.fill(&mut out), OUT_BUF);
}

#[test]
fn silence_and_noise_do_not_barge_in() {
    let queue = PlaybackQueue::new(48_000);
    queue.push(&vec![0.1; 48_000 * 3]);
    let mut barge = BargeIn::new(queue.clone(), 0.5, 64);
    for block in common::noise(16_000 * 3, 3).chunks(MIC_BUF) {
        assert!(!barge.feed(block));
    }
    assert!(!queue.is_stopped());
}
