//! The full-screen interview in voice mode, through the real binary in tmux and ALSA
//! file devices (no sound card): the microphone reads a raw file holding espeak-ng
//! speech, the speaker writes a WAV file. The candidate's spoken turn must reach the
//! store with its speech length, and the interviewer's reply must be heard as speech.
//! The Whisper model is a tiny random one written by the test, so its words are random.
mod common;

use common::tmux::{sh_quote, Tmux};
use common::Sandbox;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use prepai_voice::resample::resample;
use prepai_voice::tiny_model::write_tiny_model;
use prepai_voice::{Synthesizer, VoiceSettings};

/// ALSA file devices: the default capture reads `mic` as raw samples (cpal opens it as
/// f32, 2 channels, 48 kHz), the default playback writes `speaker` as WAV.
fn write_asoundrc(home: &Path, mic: &Path, speaker: &Path) {
    let rc = format!(
        "pcm.!default {{ type asym; playback.pcm \"fileout\"; capture.pcm \"filein\" }}\n\
         pcm.fileout {{ type file; slave.pcm \"null\"; file \"{}\"; format \"wav\" }}\n\
         pcm.filein {{ type file; slave.pcm \"null\"; file \"/dev/null\"; infile \"{}\"; format \"raw\" }}\n",
        speaker.display(),
        mic.display()
    );
    std::fs::write(home.join(".asoundrc"), rc).unwrap();
}

/// Silence, `text` spoken by espeak-ng, silence: 48 kHz stereo f32 little-endian.
fn mic_bytes(text: &str) -> Vec<u8> {
    let synth = Synthesizer::new(VoiceSettings::default()).expect("espeak-ng is installed");
    let audio = synth.synthesize(text).unwrap();
    let speech = resample(&audio.samples, audio.sample_rate, 48_000).unwrap();
    let mut mono = vec![0.0f32; 48_000 / 2];
    mono.extend(speech);
    mono.extend(vec![0.0f32; 48_000 * 2]);
    mono.iter()
        .flat_map(|s| [s.to_le_bytes(), s.to_le_bytes()])
        .flatten()
        .collect()
}

/// Seconds of loud audio (10 ms windows over −40 dBFS) in a WAV the ALSA file plugin
/// wrote (its header sizes may be unset, so the data chunk is read to the file's end).
fn loud_seconds(wav: &Path) -> f64 {
    let bytes = std::fs::read(wav).unwrap_or_default();
    let Some(fmt) = bytes.windows(4).position(|w| w == b"fmt ") else {
        return 0.0;
    };
    let le16 = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let le32 = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    let (tag, channels, rate, bits) = (
        le16(fmt + 8),
        le16(fmt + 10) as usize,
        le32(fmt + 12) as usize,
        le16(fmt + 22),
    );
    let Some(data) = bytes.windows(4).position(|w| w == b"data") else {
        return 0.0;
    };
    let body = &bytes[data + 8..];
    let samples: Vec<f32> = match (tag, bits) {
        (3, 32) => body
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
            .collect(),
        (1, 32) => body
            .chunks_exact(4)
            .map(|c| i32::from_le_bytes(c.try_into().unwrap()) as f32 / 2_147_483_648.0)
            .collect(),
        (1, 16) => body
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 / 32768.0)
            .collect(),
        other => panic!("speaker format {other:?} not handled by this test"),
    };
    let window = rate / 100 * channels;
    let loud = samples
        .chunks(window)
        .filter(|w| (w.iter().map(|s| s * s).sum::<f32>() / w.len() as f32).sqrt() > 0.01)
        .count();
    loud as f64 / 100.0
}

fn only_session(sb: &Sandbox) -> Option<String> {
    let v = sb.json(["sessions", "list"]);
    v.as_array()?.first()?["session_id"]
        .as_str()
        .map(str::to_string)
}

/// The `seconds` of each `speech` event of the session, from the database.
fn speech_events(db: &Path, session: &str) -> Vec<f64> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT body FROM events WHERE session_id = ?1 AND kind = 'speech'")
        .unwrap();
    let bodies: Vec<String> = stmt
        .query_map([session], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    bodies
        .iter()
        .filter_map(|b| serde_json::from_str::<serde_json::Value>(b).ok())
        .filter_map(|v| v["seconds"].as_f64())
        .collect()
}

struct Rig {
    sb: Sandbox,
    home: PathBuf,
    speaker: PathBuf,
    model: PathBuf,
}

fn rig() -> Rig {
    let sb = Sandbox::new();
    let home = sb.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mic = sb.dir.path().join("mic.raw");
    let speaker = sb.dir.path().join("speaker.wav");
    write_asoundrc(&home, &mic, &speaker);
    std::fs::write(
        &mic,
        mic_bytes("I am a backend engineer and I built a payments service."),
    )
    .unwrap();
    let model = sb.dir.path().join("tiny.bin");
    write_tiny_model(&model, 3).unwrap();
    Rig {
        sb,
        home,
        speaker,
        model,
    }
}

#[test]
fn a_spoken_answer_in_the_full_screen_interview() {
    let r = rig();
    let args = format!(
        "interview --type behavioral --name Ada --voice --record --whisper-model {}",
        sh_quote(&r.model)
    );
    let tmux = Tmux::start(&r.sb, "voice-turn", &[("HOME", &r.home)], &args);
    tmux.wait("the greeting and the mic meter", 60, |s| {
        s.contains("Hi Ada") && s.contains("mic ")
    });

    // The spoken answer reaches the store with the length of the speech.
    let deadline = Instant::now() + Duration::from_secs(60);
    let (id, seconds) = loop {
        if let Some(id) = only_session(&r.sb) {
            let speech = speech_events(&r.sb.db(), &id);
            if let Some(s) = speech.first() {
                break (id, *s);
            }
        }
        assert!(
            Instant::now() < deadline,
            "no spoken turn was stored:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(
        (1.5..6.0).contains(&seconds),
        "{seconds} s of speech for a ~3 s sentence"
    );
    let v = r.sb.json(["sessions", "transcript", &id]);
    let users = v["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "user")
        .count();
    assert_eq!(users, 1, "{v}");
    // --record: the spoken turn is kept with the session.
    let wav =
        r.sb.data_dir()
            .join(format!("recordings/{id}/turn-001.wav"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !wav.exists() {
        assert!(
            Instant::now() < deadline,
            "{} was not written",
            wav.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // The interviewer was heard: speech went to the speaker.
    let deadline = Instant::now() + Duration::from_secs(30);
    while loud_seconds(&r.speaker) < 0.5 {
        assert!(
            Instant::now() < deadline,
            "the speaker got {} s of sound",
            loud_seconds(&r.speaker)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    tmux.keys(&["C-q"]);
    tmux.wait_exited(15);
    let after = tmux.screen();
    assert!(
        !after.contains("mic "),
        "the terminal was not restored:\n{after}"
    );
}

/// Runs `prepai args` in a pseudo-terminal (util-linux `script`) with HOME at `home`;
/// returns its exit code and everything it printed.
fn run_in_pty(r: &Rig, args: &str) -> (i32, String) {
    let cmd = format!(
        "env HOME={} PREPAI_DATA_DIR={} PREPAI_CONFIG_DIR={} {} {args}",
        sh_quote(&r.home),
        sh_quote(&r.sb.data_dir()),
        sh_quote(&r.sb.config_dir()),
        sh_quote(&assert_cmd::cargo::cargo_bin("prepai")),
    );
    let out = Command::new("script")
        .args(["-q", "-e", "-c", &cmd, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script (util-linux) is installed");
    let text = String::from_utf8_lossy(&out.stdout).replace("\r\n", " ");
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn voice_without_a_model_is_bad_input_that_says_where_to_get_one() {
    let r = rig();
    let missing = r.sb.dir.path().join("nope.bin");
    let (code, out) = run_in_pty(
        &r,
        &format!(
            "interview --type behavioral --name Ada --voice --record --whisper-model {}",
            sh_quote(&missing)
        ),
    );
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("huggingface.co/ggerganov/whisper.cpp"),
        "{out}"
    );
    assert!(out.contains("drop --voice"), "{out}");
}

#[test]
fn voice_with_a_missing_microphone_is_bad_input() {
    let r = rig();
    let (code, out) = run_in_pty(
        &r,
        &format!(
            "interview --type behavioral --name Ada --voice --input-device no-such-mic \
             --whisper-model {}",
            sh_quote(&r.model)
        ),
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("no-such-mic"), "{out}");
    assert!(out.contains("drop --voice"), "{out}");
}
