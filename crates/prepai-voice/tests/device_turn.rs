//! A full voice turn through real audio devices, with no sound card: ALSA file devices
//! (capture reads a raw file, playback writes a WAV file) stand in for the microphone
//! and speaker. capture → VAD → Whisper (tiny random model) → the offline interviewer
//! (prepai-core's runtime) → espeak-ng → playback.
//!
//! ALSA reads `$HOME/.asoundrc` once per process, so this file holds one test.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use prepai_core::agent::local::LocalInterviewer;
use prepai_core::bank::QuestionBank;
use prepai_core::code::problem_cards;
use prepai_core::runtime::{self, InterviewSetup, Services};
use prepai_core::{SessionCommand, SessionEvent, SqliteStore, TypeRegistry};
use prepai_voice::audio::{default_device, AudioInput, AudioOutput};
use prepai_voice::pipeline::Listener;
use prepai_voice::recording::Recorder;
use prepai_voice::resample::resample;
use prepai_voice::tiny_model::write_tiny_model;
use prepai_voice::{SpeechStream, Synthesizer, Transcriber, TurnConfig, VoiceSettings};

/// Playback to a WAV file, capture from a raw file; no daemon, no hardware.
fn write_asoundrc(home: &Path, infile: &Path, outfile: &Path) {
    let rc = format!(
        "pcm.!default {{ type asym; playback.pcm \"fileout\"; capture.pcm \"filein\" }}\n\
         pcm.fileout {{ type file; slave.pcm \"null\"; file \"{}\"; format \"wav\" }}\n\
         pcm.filein {{ type file; slave.pcm \"null\"; file \"/dev/null\"; infile \"{}\"; format \"raw\" }}\n",
        outfile.display(),
        infile.display()
    );
    std::fs::write(home.join(".asoundrc"), rc).unwrap();
}

/// Writes mono audio as the raw interleaved samples the capture device will read.
fn write_raw(path: &Path, mono: &[f32], channels: usize, format: &str) {
    let mut bytes = Vec::new();
    for &s in mono {
        for _ in 0..channels {
            match format {
                "f32" => bytes.extend_from_slice(&s.to_le_bytes()),
                "i16" => {
                    bytes.extend_from_slice(&((s.clamp(-1.0, 1.0) * 32767.0) as i16).to_le_bytes())
                }
                other => panic!("capture format {other} not handled by this test"),
            }
        }
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_voice_turn_through_alsa_file_devices() {
    let dir = tempfile::tempdir().unwrap();
    let infile = dir.path().join("mic.raw");
    let outfile = dir.path().join("speaker.wav");
    write_asoundrc(dir.path(), &infile, &outfile);
    // The capture device cannot open without its input file; the real one comes below.
    std::fs::write(&infile, [0u8; 4096]).unwrap();
    // Before anything opens ALSA in this process.
    std::env::set_var("HOME", dir.path());

    // The candidate's answer, as the microphone will deliver it.
    let (speech, truth) = common::mix(&[
        common::Part::Silence(600),
        common::Part::Speech("I would cache the results in a hash map keyed by the input."),
        common::Part::Silence(1500),
    ]);
    let input = default_device(true).expect("the ALSA file device is the default input");
    let mic = resample(&speech, 16_000, input.sample_rate).unwrap();
    write_raw(&infile, &mic, input.channels as usize, &input.sample_format);

    let model = dir.path().join("tiny.bin");
    write_tiny_model(&model, 7).unwrap();
    let transcriber = Transcriber::load(&model).unwrap();
    let recorder = Recorder::new(dir.path(), "session-1").unwrap();
    let mut listener = Listener::new(TurnConfig::default(), transcriber)
        .unwrap()
        .with_recorder(recorder);

    let mut capture = AudioInput::open(None).unwrap();
    let mut events = Vec::new();
    let heard = listener
        .listen(&mut capture, Duration::from_secs(20), &mut |e| {
            events.push(e)
        })
        .unwrap()
        .expect("a turn was heard");
    drop(capture);
    let spoken = (truth[0].1 - truth[0].0) as f64 / 1000.0;
    assert!(
        (heard.seconds - spoken).abs() <= 0.2,
        "{} s heard, {spoken} s spoken",
        heard.seconds
    );
    let recording = heard.recording.clone().unwrap();
    assert!(recording.ends_with("recordings/session-1/turn-001.wav"));
    assert!(events.contains(&prepai_voice::pipeline::ListenEvent::SpeechStarted));

    // The interviewer hears it and answers; its reply is spoken as it streams.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let output = AudioOutput::open(None).unwrap();
    let synth = Synthesizer::new(VoiceSettings::default()).unwrap();
    let reply = rt.block_on(async {
        let ty = TypeRegistry::builtin()
            .resolve("google-sde")
            .unwrap()
            .clone();
        let agent = LocalInterviewer::new(&ty, &QuestionBank::builtin(), problem_cards(), 1);
        let store = Arc::new(SqliteStore::in_memory().unwrap());
        let setup = InterviewSetup {
            interview_type: ty,
            candidate_name: "Ada".into(),
            cv: None,
            language: "python".into(),
        };
        let mut run = runtime::start(store, Box::new(agent), Services::default(), setup)
            .await
            .unwrap();
        // Skip the greeting.
        while let Some(e) = run.events.recv().await {
            if matches!(e, SessionEvent::AssistantComplete { .. }) {
                break;
            }
        }
        run.handle
            .send(SessionCommand::Spoken {
                text: heard.text.clone(),
                seconds: heard.seconds,
            })
            .unwrap();
        let mut speaker = SpeechStream::start(synth, output.queue().clone());
        let mut reply = String::new();
        let mut saw_transcript = false;
        while let Some(e) = run.events.recv().await {
            match e {
                SessionEvent::Transcript { .. } => saw_transcript = true,
                SessionEvent::LlmChunk { text } => {
                    speaker.push_text(&text);
                    reply.push_str(&text);
                }
                SessionEvent::AssistantComplete { .. } => break,
                _ => {}
            }
        }
        assert!(saw_transcript, "the spoken answer reached the transcript");
        assert!(speaker.finish().unwrap() >= 1);
        reply
    });
    assert!(!reply.is_empty());
    // The file device plays faster than real time: part of the reply may be
    // played already, so count both.
    let queued = output.queue().pending() as u64 + output.queue().played();
    assert!(queued > 0);
    assert!(output.drain(Duration::from_secs(30)), "playback drained");
    std::thread::sleep(Duration::from_millis(200));
    let played = output.queue().played();
    drop(output);

    // What reached the "speaker": the WAV the file device wrote.
    let bytes = std::fs::read(&outfile).unwrap();
    let written = prepai_voice::wav::read_wav(&outfile).expect("the speaker file is a WAV file");
    let loud = written.samples.iter().filter(|s| s.abs() > 0.05).count();
    println!(
        "reply: {reply}\nplayed {played} samples, speaker file {} bytes",
        bytes.len()
    );
    assert!(played >= queued);
    assert!(loud > 1000, "the speaker file holds the reply's speech");
}
