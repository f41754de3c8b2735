//! Whisper through whisper.cpp for real: a tiny random-weight model written by the test is
//! loaded, run on speech and gives segments back; bad model files are clear errors. With
//! `PREPAI_TEST_WHISPER_MODEL` naming a real model, espeak-ng speech is transcribed and
//! the words checked.

mod common;

use std::path::PathBuf;

use prepai_voice::pipeline::transcribe_file;
use prepai_voice::stt::resolve_model_path;
use prepai_voice::tiny_model::write_tiny_model;
use prepai_voice::wav::write_wav;
use prepai_voice::{Transcriber, VoiceError};

fn tiny_model(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("ggml-tiny-random.bin");
    write_tiny_model(&path, 42).unwrap();
    path
}

#[test]
fn tiny_model_loads_and_transcribes_into_segments() {
    let dir = tempfile::tempdir().unwrap();
    let model = tiny_model(&dir);
    let t = Transcriber::load(&model).unwrap();
    let speech = common::speech_16k("Hash maps give constant time lookups on average.");
    let result = t.transcribe(&speech).unwrap();
    println!("{result:?}");
    assert!(
        !result.segments.is_empty(),
        "whisper.cpp returned no segments"
    );
    let secs = speech.len() as f64 / 16_000.0;
    assert!((result.audio_seconds - secs).abs() < 1e-6);
    for s in &result.segments {
        assert!(s.start >= 0.0 && s.end >= s.start, "{s:?}");
    }
    // The model is reused: clones share it, and a second run works on the same state.
    let again = t.clone().transcribe(&speech[..16_000]).unwrap();
    assert!(again.inference_ms > 0.0);
    // Off the caller's thread.
    let rx = t.spawn(speech.clone());
    assert!(rx.recv().unwrap().is_ok());
    // Partials are a single segment.
    assert!(t.transcribe_partial(&speech).unwrap().segments.len() <= 1);
}

#[test]
fn wav_files_are_transcribed_with_their_speech_length() {
    let dir = tempfile::tempdir().unwrap();
    let t = Transcriber::load(&tiny_model(&dir)).unwrap();
    let (audio, truth) = common::mix(&[
        common::Part::Silence(700),
        common::Part::Speech("I would use a queue."),
        common::Part::Silence(900),
    ]);
    let wav = dir.path().join("answer.wav");
    write_wav(&wav, &audio, 16_000).unwrap();
    let heard = transcribe_file(&t, &wav).unwrap();
    let spoken = (truth[0].1 - truth[0].0) as f64 / 1000.0;
    assert!(
        (heard.seconds - spoken).abs() <= 0.2,
        "{} s vs {spoken} s",
        heard.seconds
    );
}

#[test]
fn missing_and_invalid_models_say_where_to_get_one() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.bin");
    let err = Transcriber::load(&missing).unwrap_err();
    assert!(matches!(err, VoiceError::ModelMissing(_)));
    let msg = err.to_string();
    for hint in [
        "huggingface.co/ggerganov/whisper.cpp",
        "--whisper-model",
        "PREPAI_WHISPER_MODEL",
        "[voice]",
    ] {
        assert!(msg.contains(hint), "{msg} lacks {hint}");
    }
    assert!(err.is_bad_input());

    let junk = dir.path().join("junk.bin");
    std::fs::write(&junk, b"this is not a model at all").unwrap();
    let err = Transcriber::load(&junk).unwrap_err();
    assert!(matches!(err, VoiceError::ModelInvalid { .. }), "{err}");

    let gguf = dir.path().join("model.gguf");
    std::fs::write(&gguf, b"GGUF\x03\0\0\0").unwrap();
    assert!(Transcriber::load(&gguf)
        .unwrap_err()
        .to_string()
        .contains("GGUF"));

    // Right magic, truncated body: whisper.cpp refuses it and we say so.
    let full = tiny_model(&dir);
    let bytes = std::fs::read(&full).unwrap();
    let cut = dir.path().join("cut.bin");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let err = Transcriber::load(&cut).unwrap_err();
    assert!(matches!(err, VoiceError::ModelInvalid { .. }), "{err}");
}

#[test]
fn model_path_comes_from_flag_then_config() {
    // (The environment variable is not touched here: tests share the process.)
    if std::env::var_os("PREPAI_WHISPER_MODEL").is_some() {
        return;
    }
    let flag = PathBuf::from("/flag.bin");
    let cfg = PathBuf::from("/cfg.bin");
    assert_eq!(resolve_model_path(Some(&flag), Some(&cfg)).unwrap(), flag);
    assert_eq!(resolve_model_path(None, Some(&cfg)).unwrap(), cfg);
    assert!(matches!(
        resolve_model_path(None, None),
        Err(VoiceError::ModelNotConfigured)
    ));
}

#[test]
fn real_model_transcribes_espeak_speech() {
    let Some(model) = std::env::var_os("PREPAI_TEST_WHISPER_MODEL") else {
        println!("skipped: set PREPAI_TEST_WHISPER_MODEL to a ggml Whisper model to run this test");
        return;
    };
    let t = Transcriber::load(std::path::Path::new(&model)).unwrap();
    let speech = common::speech_16k("The quick brown fox jumps over the lazy dog.");
    let text = t.transcribe(&speech).unwrap().text.to_lowercase();
    println!("heard: {text}");
    for word in ["quick", "brown", "fox", "lazy", "dog"] {
        assert!(text.contains(word), "`{word}` not in `{text}`");
    }
}
