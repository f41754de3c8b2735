//! `prepai voice …` and `prepai interview --audio-in`: speech to WAV files, Whisper
//! transcription with a tiny random-weight model the test writes, spoken interviews,
//! and the errors for missing models, bad settings and missing devices.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_ok, json_lines, ok_json, Sandbox};
use prepai_voice::tiny_model::write_tiny_model;
use prepai_voice::wav::read_wav;

fn tiny_model(sb: &Sandbox) -> PathBuf {
    let path = sb.dir.path().join("tiny.bin");
    write_tiny_model(&path, 3).unwrap();
    path
}

fn say_to(sb: &Sandbox, text: &str, path: &Path) {
    let out = sb
        .cmd()
        .args(["voice", "say", text, "-o"])
        .arg(path)
        .output()
        .unwrap();
    assert_ok(&out);
}

#[test]
fn say_writes_speech_without_the_markdown() {
    let sb = Sandbox::new();
    let wav = sb.dir.path().join("hello.wav");
    let out = sb
        .cmd()
        .args([
            "voice",
            "say",
            "**Hello** there.\n\n```rust\nfn main() {}\n```",
            "-o",
        ])
        .arg(&wav)
        .args([
            "--rate", "200", "--pitch", "40", "--voice", "en-gb", "--json",
        ])
        .output()
        .unwrap();
    let v = ok_json(&out);
    assert_eq!(v["text"], "Hello there.");
    let audio = read_wav(&wav).unwrap();
    assert!((audio.seconds() - v["seconds"].as_f64().unwrap()).abs() < 0.01);
    assert!(
        audio.seconds() > 0.4 && audio.seconds() < 3.0,
        "{}",
        audio.seconds()
    );
    assert!(audio.samples.iter().any(|s| s.abs() > 0.1));
}

#[test]
fn bad_settings_and_missing_devices_are_clear() {
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .args(["voice", "say", "hi", "--rate", "5", "-o", "x.wav"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("80–450"));

    let out = sb
        .cmd()
        .args(["voice", "say", "hi", "--output-device", "no-such-speaker"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no-such-speaker") && err.contains("typed mode"),
        "{err}"
    );

    let out = sb
        .cmd()
        .args(["voice", "say", "```\ncode only\n```", "-o", "x.wav"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn transcribe_needs_a_model_and_says_where_to_get_one() {
    let sb = Sandbox::new();
    let wav = sb.dir.path().join("a.wav");
    say_to(&sb, "I would use a queue.", &wav);
    let out = sb
        .cmd()
        .env_remove("PREPAI_WHISPER_MODEL")
        .args(["voice", "transcribe"])
        .arg(&wav)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("huggingface.co/ggerganov/whisper.cpp") && err.contains("--whisper-model"),
        "{err}"
    );

    let junk = sb.dir.path().join("junk.bin");
    std::fs::write(&junk, "not a model").unwrap();
    let out = sb
        .cmd()
        .args(["voice", "transcribe"])
        .arg(&wav)
        .arg("--whisper-model")
        .arg(&junk)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));

    let model = tiny_model(&sb);
    let not_wav = sb.dir.path().join("notes.wav");
    std::fs::write(&not_wav, "hello").unwrap();
    let out = sb
        .cmd()
        .args(["voice", "transcribe"])
        .arg(&not_wav)
        .arg("--whisper-model")
        .arg(&model)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a readable WAV file"));
}

#[test]
fn transcribe_reports_segments_and_timings_with_the_model_from_config() {
    let sb = Sandbox::new();
    let wav = sb.dir.path().join("a.wav");
    say_to(
        &sb,
        "A binary heap gives the smallest element in constant time.",
        &wav,
    );
    let model = tiny_model(&sb);
    std::fs::create_dir_all(sb.config_dir()).unwrap();
    std::fs::write(
        sb.config_dir().join("config.toml"),
        format!(
            "[voice]\nwhisper_model = {:?}\n",
            model.display().to_string()
        ),
    )
    .unwrap();
    let out = sb
        .cmd()
        .env_remove("PREPAI_WHISPER_MODEL")
        .args(["voice", "transcribe", "--json"])
        .arg(&wav)
        .output()
        .unwrap();
    let v = ok_json(&out);
    let segments = v["segments"].as_array().unwrap();
    assert!(!segments.is_empty());
    let audio = v["audio_seconds"].as_f64().unwrap();
    for s in segments {
        assert!(s["start"].as_f64().unwrap() <= s["end"].as_f64().unwrap());
        assert!(s["end"].as_f64().unwrap() <= audio);
    }
    assert!(
        v["speech_seconds"].as_f64().unwrap() > 1.0
            && v["speech_seconds"].as_f64().unwrap() <= audio
    );
    assert!(v["timings"]["inference_ms"].as_f64().unwrap() > 0.0);
    assert_eq!(v["model"], model.display().to_string());
}

#[test]
fn an_interview_from_wav_files_sends_spoken_turns() {
    let sb = Sandbox::new();
    let answers = sb.dir.path().join("answers");
    std::fs::create_dir_all(&answers).unwrap();
    // Name order, not creation order.
    say_to(
        &sb,
        "Second, I would add a cache.",
        &answers.join("02-second.wav"),
    );
    say_to(
        &sb,
        "First, I am a backend engineer.",
        &answers.join("01-first.wav"),
    );
    std::fs::write(answers.join("notes.txt"), "ignored").unwrap();
    let model = tiny_model(&sb);
    let out = sb
        .headless("behavioral", "Ada")
        .args(["--json", "--audio-in"])
        .arg(&answers)
        .arg("--whisper-model")
        .arg(&model)
        .output()
        .unwrap();
    assert_ok(&out);
    let events = json_lines(&out.stdout);
    let heard = events.iter().filter(|e| e["type"] == "transcript").count();
    assert_eq!(heard, 2, "one transcript per WAV file");
    assert!(events.iter().any(|e| e["type"] == "session_ended"));
    let id = events[0]["session_id"].as_str().unwrap().to_string();
    let out = sb
        .cmd()
        .args(["sessions", "transcript", &id, "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let users = v["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "user")
        .count();
    assert_eq!(users, 2);
}

#[test]
fn audio_in_needs_wav_files_and_excludes_answers() {
    let sb = Sandbox::new();
    let empty = sb.dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let model = tiny_model(&sb);
    let out = sb
        .headless("behavioral", "Ada")
        .arg("--audio-in")
        .arg(&empty)
        .arg("--whisper-model")
        .arg(&model)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no .wav files"));
    let out = sb
        .headless("behavioral", "Ada")
        .args(["--answers", "a.txt", "--audio-in"])
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
