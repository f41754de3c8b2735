//! espeak-ng speech: non-silent, of plausible length, shaped by the settings, and spoken
//! sentence by sentence from a streaming reply after cleaning.

use std::time::{Duration, Instant};

use prepai_voice::{PlaybackQueue, SpeechStream, Synthesizer, VoiceError, VoiceSettings};

fn rms(samples: &[f32]) -> f32 {
    (samples.iter().map(|s| s * s).sum::<f32>() / samples.len().max(1) as f32).sqrt()
}

const SENTENCE: &str = "Walk me through how you would design a rate limiter for a public API.";

#[test]
fn speech_is_loud_enough_and_as_long_as_the_words() {
    let synth = Synthesizer::new(VoiceSettings::default()).unwrap();
    let audio = synth.synthesize(SENTENCE).unwrap();
    assert!(audio.sample_rate >= 16_000);
    assert!(rms(&audio.samples) > 0.02, "rms {}", rms(&audio.samples));
    // 14 words at 175 words per minute is 4.8 s; allow for pauses and padding.
    let words = SENTENCE.split_whitespace().count() as f64;
    let expected = words * 60.0 / 175.0;
    let secs = audio.seconds();
    assert!(
        secs > expected * 0.5 && secs < expected * 1.6,
        "{secs:.2} s for {expected:.2} s of words"
    );
}

#[test]
fn rate_voice_and_pitch_change_the_audio() {
    let at = |voice: &str, rate, pitch| {
        Synthesizer::new(VoiceSettings {
            voice: voice.into(),
            rate,
            pitch,
        })
        .unwrap()
        .synthesize(SENTENCE)
        .unwrap()
    };
    let slow = at("en-us", 120, 50);
    let fast = at("en-us", 300, 50);
    assert!(
        fast.seconds() < slow.seconds() * 0.6,
        "{} vs {}",
        fast.seconds(),
        slow.seconds()
    );
    assert_ne!(at("en-us", 175, 10).samples, at("en-us", 175, 90).samples);
    assert_ne!(at("en-gb", 175, 50).samples, at("en-us", 175, 50).samples);
}

#[test]
fn unknown_voice_is_a_clear_error() {
    let err = Synthesizer::new(VoiceSettings {
        voice: "xx-nonexistent".into(),
        ..VoiceSettings::default()
    })
    .and_then(|s| s.synthesize("hello"))
    .unwrap_err();
    assert!(matches!(err, VoiceError::Speech(_)), "{err}");
    assert!(err.to_string().contains("espeak-ng --voices"), "{err}");
}

#[test]
fn streaming_reply_speaks_each_sentence_but_no_code() {
    let queue = PlaybackQueue::new(48_000);
    let synth = Synthesizer::new(VoiceSettings::default()).unwrap();
    let mut stream = SpeechStream::start(synth, queue.clone());
    let started = Instant::now();
    // The reply arrives in small pieces, as `llm_chunk` events do.
    let reply = "*leans forward* Good. Here is a **starting point**:\n\n```python\ndef f(x):\n    return x\n```\n\nWhat is its time complexity? Take your time.";
    let mut first_audio = None;
    for piece in reply.as_bytes().chunks(7) {
        stream.push_text(std::str::from_utf8(piece).unwrap());
        if first_audio.is_none() && queue.pending() > 0 {
            first_audio = Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let spoken = stream.finish().unwrap();
    assert_eq!(
        spoken, 3,
        "three sentences of prose; the code block and stage direction are not spoken"
    );
    let queued = queue.pending() as f64 / 48_000.0;
    assert!(queued > 2.0 && queued < 12.0, "{queued:.2} s queued");
}

#[test]
fn a_cancelled_stream_queues_nothing_more() {
    let queue = PlaybackQueue::new(16_000);
    let synth = Synthesizer::new(VoiceSettings::default()).unwrap();
    let mut stream = SpeechStream::start(synth, queue.clone());
    stream.push_text("One sentence here. ");
    stream.cancel();
    stream.push_text("Another one that must not be spoken. ");
    stream.finish().unwrap();
    assert_eq!(queue.pending(), 0);
    assert!(queue.is_stopped());
}

#[test]
fn long_text_does_not_stall_the_pipe() {
    let synth = Synthesizer::new(VoiceSettings {
        rate: 450,
        ..VoiceSettings::default()
    })
    .unwrap();
    let text = "This sentence is here to make the input long. ".repeat(60);
    let audio = synth.synthesize(&text).unwrap();
    assert!(audio.seconds() > 30.0, "{} s", audio.seconds());
}

#[test]
fn code_blocks_with_sentence_ends_are_not_spoken() {
    let queue = PlaybackQueue::new(16_000);
    let synth = Synthesizer::new(VoiceSettings::default()).unwrap();
    let mut stream = SpeechStream::start(synth, queue.clone());
    stream.push_text(
        "Consider this.\n\n```python\nx = a.b(c). y\nprint(x)! z\n```\n\nWhat does it print? ",
    );
    assert_eq!(
        stream.finish().unwrap(),
        2,
        "the prose before and after, nothing from the code"
    );
}
