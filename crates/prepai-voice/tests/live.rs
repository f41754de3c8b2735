//! The live voice loop with no sound card: test samples as the microphone, a thread
//! draining the playback queue in real time as the speaker, espeak-ng speech and a
//! tiny random Whisper model.

mod common;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::Part;
use prepai_voice::pipeline::SamplesSource;
use prepai_voice::tiny_model::write_tiny_model;
use prepai_voice::{
    LiveAudio, LiveOptions, LiveState, LiveVoice, PlaybackQueue, Synthesizer, Transcriber,
    VoiceError, VoiceSettings,
};

const SPEAKER_RATE: u32 = 48_000;

/// Plays `queue` out at real-time pace; counts the non-silent samples it played.
fn fake_speaker(queue: PlaybackQueue, stop: Arc<AtomicBool>) -> Arc<AtomicU64> {
    let loud = Arc::new(AtomicU64::new(0));
    let counter = loud.clone();
    std::thread::spawn(move || {
        let mut buf = vec![0.0f32; 480];
        while !stop.load(Ordering::SeqCst) {
            queue.fill(&mut buf);
            let n = buf.iter().filter(|s| s.abs() > 0.01).count();
            counter.fetch_add(n as u64, Ordering::Relaxed);
            std::thread::sleep(Duration::from_millis(10));
        }
    });
    loud
}

struct Rig {
    voice: LiveVoice,
    queue: PlaybackQueue,
    played: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    _dir: tempfile::TempDir,
}

impl Drop for Rig {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// The loop over `mic` (16 kHz, paced like a microphone) and the fake speaker.
fn rig(mic: Vec<f32>, opts: LiveOptions) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("tiny.bin");
    write_tiny_model(&model, 3).unwrap();
    let transcriber = Transcriber::load(&model).unwrap();
    let synth = Synthesizer::new(VoiceSettings::default()).unwrap();
    let queue = PlaybackQueue::new(SPEAKER_RATE);
    let stop = Arc::new(AtomicBool::new(false));
    let played = fake_speaker(queue.clone(), stop.clone());
    let q = queue.clone();
    let voice = LiveVoice::start(
        move || {
            let source = SamplesSource::new(mic, 16_000, 320).paced();
            Ok(LiveAudio {
                source: Box::new(source),
                queue: q,
                keep_alive: Box::new(()),
            })
        },
        transcriber,
        synth,
        opts,
    )
    .unwrap();
    Rig {
        voice,
        queue,
        played,
        stop,
        _dir: dir,
    }
}

/// Collects updates until `until` matches one (or panics after `secs`).
fn wait_for(
    voice: &LiveVoice,
    secs: u64,
    mut until: impl FnMut(&prepai_voice::VoiceUpdate) -> bool,
) -> Vec<prepai_voice::VoiceUpdate> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        if let Some(u) = voice.recv_update(Duration::from_millis(50)) {
            let done = until(&u);
            seen.push(u);
            if done {
                return seen;
            }
        }
    }
    panic!("not seen within {secs} s; got {seen:?}");
}

use prepai_voice::VoiceUpdate as U;

#[test]
fn a_spoken_turn_is_heard_with_its_length() {
    let (mic, truth) = common::mix(&[
        Part::Silence(500),
        Part::Speech("I would use a hash map keyed by the user id."),
        Part::Silence(1200),
    ]);
    let r = rig(mic, LiveOptions::default());
    let seen = wait_for(&r.voice, 60, |u| matches!(u, U::Heard { .. }));
    let Some(U::Heard { seconds, .. }) = seen.last() else {
        unreachable!()
    };
    let spoken = (truth[0].1 - truth[0].0) as f64 / 1000.0;
    assert!((seconds - spoken).abs() <= 0.2, "{seconds} s vs {spoken} s");
    let states: Vec<LiveState> = seen
        .iter()
        .filter_map(|u| match u {
            U::State(s) => Some(*s),
            _ => None,
        })
        .collect();
    assert_eq!(
        states,
        [
            LiveState::Listening,
            LiveState::Hearing,
            LiveState::Transcribing
        ]
    );
    assert!(seen.iter().any(|u| matches!(u, U::Level(l) if *l > 0.01)));
}

#[test]
fn turns_heard_before_the_recorder_arrives_are_recorded_with_it() {
    let (mic, truth) = common::mix(&[
        Part::Silence(500),
        Part::Speech("I would use a hash map keyed by the user id."),
        Part::Silence(1200),
    ]);
    let opts = LiveOptions {
        record: true,
        ..LiveOptions::default()
    };
    let r = rig(mic, opts);
    wait_for(&r.voice, 60, |u| matches!(u, U::Heard { .. }));
    // The session exists only now (a live interview hears before it starts).
    let dir = tempfile::tempdir().unwrap();
    let recorder = prepai_voice::recording::Recorder::new(dir.path(), "session-1").unwrap();
    let wav = recorder.dir().join("turn-001.wav");
    r.voice.control().record_to(recorder);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !wav.exists() {
        assert!(
            Instant::now() < deadline,
            "{} was not written",
            wav.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let audio = prepai_voice::wav::read_wav(&wav).unwrap();
    let kept = audio.samples.len() as f64 / audio.sample_rate as f64;
    let spoken = (truth[0].1 - truth[0].0) as f64 / 1000.0;
    // The turn's audio: the speech, its pre-roll and the silence that ended it.
    assert!(
        kept >= spoken && kept <= spoken + 2.0,
        "{kept} s recorded for {spoken} s of speech"
    );
}

#[test]
fn a_reply_is_spoken_to_the_end_without_speech_on_the_mic() {
    let r = rig(common::noise(16_000 * 20, 5), LiveOptions::default());
    r.voice.agent_text("Hello Ada. ");
    r.voice
        .agent_text("Tell me about a project you are proud of.");
    r.voice.agent_done();
    let mut spoke = false;
    let seen = wait_for(&r.voice, 30, |u| {
        spoke |= *u == U::State(LiveState::Speaking);
        spoke && *u == U::State(LiveState::Listening)
    });
    assert!(!seen.contains(&U::BargedIn));
    // About two seconds of speech at 48 kHz went to the speaker.
    let played = r.played.load(Ordering::Relaxed);
    assert!(played > SPEAKER_RATE as u64, "{played} loud samples");
}

#[test]
fn speaking_over_the_interviewer_stops_playback_and_is_heard() {
    let (mic, _) = common::mix(&[
        Part::Silence(1500),
        Part::Speech("Sorry, can I stop you there, I have a question."),
        Part::Silence(1500),
    ]);
    let r = rig(mic, LiveOptions::default());
    r.voice.agent_text(
        "Let me describe the problem in detail. You are given a list of intervals. \
         Each one has a start and an end. Merge the ones that overlap and return the rest. ",
    );
    let seen = wait_for(&r.voice, 30, |u| *u == U::BargedIn);
    assert!(seen.contains(&U::State(LiveState::Speaking)));
    assert!(r.played.load(Ordering::Relaxed) > 0, "nothing was played");
    assert!(r.queue.is_stopped());
    assert_eq!(r.queue.pending(), 0);
    // The rest of the cut reply is dropped, and the candidate's turn is heard.
    r.voice.agent_text("More words nobody hears. ");
    r.voice.agent_done();
    let seen = wait_for(&r.voice, 60, |u| matches!(u, U::Heard { .. }));
    assert!(!seen.contains(&U::State(LiveState::Speaking)), "{seen:?}");
}

#[test]
fn a_muted_mic_hears_nothing_until_unmuted() {
    let (mic, _) = common::mix(&[
        Part::Silence(300),
        Part::Speech("This should not be heard."),
        Part::Silence(1000),
    ]);
    let opts = LiveOptions {
        start_muted: true,
        ..LiveOptions::default()
    };
    let r = rig(mic, opts);
    let seen = wait_for(&r.voice, 10, |u| *u == U::State(LiveState::Muted));
    assert_eq!(seen.first(), Some(&U::State(LiveState::Muted)));
    let deadline = Instant::now() + Duration::from_secs(4);
    while Instant::now() < deadline {
        if let Some(u) = r.voice.recv_update(Duration::from_millis(50)) {
            assert!(!matches!(u, U::Heard { .. } | U::State(LiveState::Hearing)));
            assert!(!matches!(u, U::Level(l) if l > 0.0));
        }
    }
    r.voice.set_muted(false);
    wait_for(&r.voice, 5, |u| *u == U::State(LiveState::Listening));
}

#[test]
fn a_missing_device_is_reported_by_start() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("tiny.bin");
    write_tiny_model(&model, 3).unwrap();
    let err = LiveVoice::start(
        || {
            Err(VoiceError::NoDevice {
                direction: "input",
                name: Some("nope".into()),
            })
        },
        Transcriber::load(&model).unwrap(),
        Synthesizer::new(VoiceSettings::default()).unwrap(),
        LiveOptions::default(),
    )
    .err()
    .expect("start fails");
    assert!(err.to_string().contains("`nope`"), "{err}");
}

#[test]
fn a_reply_arriving_while_the_last_one_plays_is_spoken_after_it() {
    let r = rig(common::noise(16_000 * 30, 9), LiveOptions::default());
    r.voice.agent_text("Thanks, that is clear.");
    r.voice.agent_done();
    r.voice.agent_text("Next question: how would you scale it?");
    r.voice.agent_done();
    // Speaking, listening, speaking again, listening.
    let mut speaking = 0;
    let seen = wait_for(&r.voice, 40, |u| {
        if *u == U::State(LiveState::Speaking) {
            speaking += 1;
        }
        speaking == 2 && *u == U::State(LiveState::Listening)
    });
    assert!(!seen.contains(&U::BargedIn), "{seen:?}");
}
