//! Voice over the interview WebSocket, against a `prepai serve` with a tiny
//! random-weight Whisper model written here: spoken turns (a WAV file made with
//! espeak-ng, and raw 16 kHz PCM) are transcribed and answered, replies come
//! back as WAV frames, oversize audio is refused, and a server without a
//! model says how to configure one.
mod common;
mod server;

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use prepai_voice::wav::{decode_wav, encode_wav};
use prepai_voice::{Synthesizer, VoiceSettings};
use serde_json::{json, Value};
use server::{ws_connect, ws_next, ws_send, ws_until, Server, Ws};
use tokio_tungstenite::tungstenite::Message;

/// The next frame, which must be binary.
async fn next_binary(ws: &mut Ws) -> Vec<u8> {
    let msg = tokio::time::timeout(Duration::from_secs(60), ws.next())
        .await
        .expect("no frame within 60 s")
        .expect("the socket closed")
        .unwrap();
    match msg {
        Message::Binary(b) => b.to_vec(),
        other => panic!("expected a binary WAV frame, got {other:?}"),
    }
}

fn assert_speech(wav: &[u8]) {
    let audio = decode_wav(wav, "reply").expect("the frame is a WAV file");
    assert!(audio.seconds() > 0.3, "{} s", audio.seconds());
    assert!(audio.samples.iter().any(|s| s.abs() > 0.05), "silent reply");
}

/// A voice server: tiny model, 1 MiB utterances at most, `env` added.
fn voice_server_with(env: &[(&str, &str)]) -> Server {
    let sb = common::Sandbox::new();
    let model = sb.dir.path().join("tiny.bin");
    prepai_voice::tiny_model::write_tiny_model(&model, 3).unwrap();
    let model = model.display().to_string();
    Server::start_with_env(
        sb,
        &[
            "--no-auth",
            "--whisper-model",
            &model,
            "--max-audio-mib",
            "1",
            "--record",
        ],
        env,
    )
}

fn voice_server() -> Server {
    voice_server_with(&[])
}

/// Sends one utterance (in `chunks` frames) and returns the messages up to the reply.
async fn speak(ws: &mut Ws, bytes: &[u8], chunks: usize) -> Vec<Value> {
    ws_send(ws, json!({"type": "speech_start"})).await;
    for part in bytes.chunks(bytes.len().div_ceil(chunks)) {
        ws.send(Message::Binary(part.to_vec().into()))
            .await
            .unwrap();
    }
    ws_send(ws, json!({"type": "speech_end"})).await;
    ws_until(ws, "assistant_complete").await
}

fn user_transcript(msgs: &[Value]) -> &Value {
    msgs.iter()
        .find(|m| m["type"] == "transcript")
        .unwrap_or_else(|| panic!("no transcript in {msgs:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spoken_turns_are_transcribed_and_answered_with_speech() {
    let srv = voice_server();
    let id = srv.http().session("behavioral", "Ada").await;
    let mut ws = ws_connect(&srv.ws_url(&id, ""), None).await.unwrap();
    ws_send(&mut ws, json!({"type": "interview_ready", "audio": true})).await;
    ws_until(&mut ws, "assistant_complete").await;
    assert_speech(&next_binary(&mut ws).await);

    let voice = Synthesizer::new(VoiceSettings::default()).unwrap();
    let said = voice
        .synthesize("I led a team of four engineers and we shipped the payment service on time.")
        .unwrap();
    let wav = encode_wav(&said.samples, said.sample_rate).unwrap();
    let msgs = speak(&mut ws, &wav, 3).await;
    let t = user_transcript(&msgs);
    assert_eq!((&t["role"], &t["is_final"]), (&json!("user"), &json!(true)));
    assert!(!t["text"].as_str().unwrap().trim().is_empty(), "{t}");
    assert!(msgs.iter().any(|m| m["type"] == "llm_chunk"), "{msgs:?}");
    assert_speech(&next_binary(&mut ws).await);

    // The same words as raw 16 kHz mono s16le PCM.
    let pcm: Vec<u8> = prepai_voice::resample::resample(&said.samples, said.sample_rate, 16_000)
        .unwrap()
        .iter()
        .flat_map(|s| ((s.clamp(-1.0, 1.0) * 32767.0) as i16).to_le_bytes())
        .collect();
    let msgs = speak(&mut ws, &pcm, 1).await;
    assert!(!user_transcript(&msgs)["text"].as_str().unwrap().is_empty());
    assert_speech(&next_binary(&mut ws).await);
    // --record: both utterances are kept with the session, as 16 kHz WAV.
    let dir = srv.sb.data_dir().join(format!("recordings/{id}"));
    for turn in ["turn-001.wav", "turn-002.wav"] {
        let kept = prepai_voice::wav::read_wav(&dir.join(turn)).unwrap();
        let seconds = kept.samples.len() as f64 / kept.sample_rate as f64;
        let said_seconds = said.samples.len() as f64 / said.sample_rate as f64;
        assert!((seconds - said_seconds).abs() < 0.1, "{turn}: {seconds} s");
    }

    // Over the 1 MiB limit: one error, the rest of the utterance is ignored,
    // and the interview goes on.
    ws_send(&mut ws, json!({"type": "speech_start"})).await;
    for _ in 0..3 {
        ws.send(Message::Binary(vec![0u8; 600 << 10].into()))
            .await
            .unwrap();
    }
    ws_send(&mut ws, json!({"type": "speech_end"})).await;
    let e = ws_next(&mut ws).await;
    assert_eq!(e["type"], "error");
    assert!(
        e["message"].as_str().unwrap().contains("longer than"),
        "{e}"
    );
    // Turn speech off; a typed answer is still answered, in text only.
    ws_send(&mut ws, json!({"type": "interview_ready", "audio": false})).await;
    ws_send(
        &mut ws,
        json!({"type": "user_text", "text": "I would do it again."}),
    )
    .await;
    let msgs = ws_until(&mut ws, "assistant_complete").await;
    assert!(msgs.iter().all(|m| m["type"] != "error"), "{msgs:?}");
    ws_send(&mut ws, json!({"type": "ping"})).await;
    assert_eq!(ws_next(&mut ws).await["type"], "pong");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audio_that_is_not_speech_is_an_error_and_the_session_goes_on() {
    let srv = voice_server();
    let id = srv.http().session("behavioral", "Ada").await;
    let mut ws = ws_connect(&srv.ws_url(&id, "?audio=true"), None)
        .await
        .unwrap();
    ws_send(&mut ws, json!({"type": "interview_ready"})).await;
    ws_until(&mut ws, "assistant_complete").await;
    assert_speech(&next_binary(&mut ws).await);
    for (frames, expect) in [
        (vec![b"RIFF1234WAVEjunk".to_vec()], "not a readable WAV"),
        (vec![vec![1u8, 2, 3]], "raw 16 kHz"),
        (vec![], "no audio arrived"),
    ] {
        ws_send(&mut ws, json!({"type": "speech_start"})).await;
        for f in frames {
            ws.send(Message::Binary(f.into())).await.unwrap();
        }
        ws_send(&mut ws, json!({"type": "speech_end"})).await;
        let e = ws_next(&mut ws).await;
        assert_eq!(e["type"], "error");
        assert!(e["message"].as_str().unwrap().contains(expect), "{e}");
    }
    ws_send(&mut ws, json!({"type": "speech_end"})).await;
    assert!(ws_next(&mut ws).await["message"]
        .as_str()
        .unwrap()
        .contains("without speech_start"));
    ws_send(&mut ws, json!({"type": "user_text", "text": "Still here."})).await;
    let msgs = ws_until(&mut ws, "assistant_complete").await;
    assert!(msgs.iter().any(|m| m["type"] == "transcript"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_model_voice_input_says_how_to_configure_one() {
    let srv = Server::start(&["--no-auth"]);
    let id = srv.http().session("behavioral", "Ada").await;
    let mut ws = ws_connect(&srv.ws_url(&id, ""), None).await.unwrap();
    ws_send(&mut ws, json!({"type": "speech_start"})).await;
    ws.send(Message::Binary(vec![0u8; 3200].into()))
        .await
        .unwrap();
    ws_send(&mut ws, json!({"type": "speech_end"})).await;
    let e = ws_next(&mut ws).await;
    assert_eq!(e["type"], "error");
    let m = e["message"].as_str().unwrap();
    assert!(
        m.contains("--whisper-model") && m.contains("user_text"),
        "{m}"
    );
}

#[test]
fn a_model_that_cannot_be_loaded_stops_the_server_with_exit_2() {
    let sb = common::Sandbox::new();
    let junk = sb.dir.path().join("junk.bin");
    std::fs::write(&junk, "not a model").unwrap();
    let out = sb
        .cmd()
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--no-auth",
            "--whisper-model",
        ])
        .arg(&junk)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ggml"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_espeak_ng_one_error_and_the_text_goes_on() {
    let srv = voice_server_with(&[("PATH", "/nonexistent")]);
    let id = srv.http().session("behavioral", "Ada").await;
    let mut ws = ws_connect(&srv.ws_url(&id, "?audio=true"), None)
        .await
        .unwrap();
    ws_send(&mut ws, json!({"type": "interview_ready"})).await;
    ws_until(&mut ws, "assistant_complete").await;
    let e = ws_next(&mut ws).await;
    assert_eq!(e["type"], "error");
    assert!(e["message"].as_str().unwrap().contains("espeak-ng"), "{e}");
    ws_send(
        &mut ws,
        json!({"type": "user_text", "text": "I kept the team informed."}),
    )
    .await;
    let msgs = ws_until(&mut ws, "assistant_complete").await;
    assert!(msgs.iter().all(|m| m["type"] != "error"), "{msgs:?}");
    // No binary frame follows: the next message is the pong.
    ws_send(&mut ws, json!({"type": "ping"})).await;
    let next = tokio::time::timeout(Duration::from_secs(60), ws.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(
        matches!(next, Message::Text(ref t) if t.contains("pong")),
        "{next:?}"
    );
}
