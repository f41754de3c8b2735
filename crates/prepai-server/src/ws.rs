//! `WS /ws/interview/{id}`: the original's live-interview protocol on the
//! session runtime.
//!
//! In (JSON): `interview_ready` (optionally `{"audio": true}` for spoken
//! replies), `user_text {text}`, `code_submission` (with the client's own
//! results as the original sent them, or just `{code, language}` to have the
//! server run it), `hint`, `skip`, `end`, `speech_start`, `speech_end`, `ping`;
//! binary audio between `speech_start` and `speech_end` (one utterance: a WAV
//! file, or raw 16 kHz mono s16le PCM), transcribed with the server's Whisper
//! model and answered as a spoken turn.
//! Out: every [`prepai_core::SessionEvent`] as JSON (`transcript`, `llm_chunk`,
//! `assistant_complete`, `coding_question`, `error`, … with the original's
//! names), `error` for messages this connection got wrong, and, with audio on
//! (`?audio=true` or `interview_ready {"audio": true}`), one binary WAV frame
//! with the spoken reply right after each `assistant_complete`.

use std::sync::Arc;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use prepai_core::agent::CvProfile;
use prepai_core::events::CodeOutcome;
use prepai_core::runtime::{self, InterviewSetup, RunningInterview};
use prepai_core::{SessionCommand, Store, StoreError};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::watch;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{ApiResult, Path, Query};
use crate::live::{Attachment, LiveInterview};
use crate::state::SharedState;

/// Query parameters of the WebSocket.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct WsQuery {
    /// Resume after this many messages already received (default: after the
    /// last message the server delivered).
    pub from: Option<usize>,
    /// The language coding problems are handed out in (`python` or `javascript`).
    pub language: Option<String>,
    /// Send each `assistant_complete` also as speech: a binary WAV frame.
    pub audio: Option<bool>,
}

/// Upgrades to the interview WebSocket of session `id`.
#[utoipa::path(get, path = "/ws/interview/{id}", tag = "interviews",
    params(("id" = String, Path, description = "Session id"), WsQuery),
    responses((status = 101, description = "Switching to the WebSocket protocol"),
              (status = 404, description = "No such session", body = Object)))]
pub async fn upgrade(
    ws: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
    State(st): State<SharedState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<WsQuery>,
) -> ApiResult<Response> {
    let ws = ws.map_err(|r| crate::error::ApiError::new(r.status(), r.body_text()))?;
    let id = st.session_for(&caller, &id).await?.session_id;
    let language = match q.language.as_deref() {
        None | Some("python") => "python",
        Some("javascript") => "javascript",
        Some(other) => {
            return Err(crate::error::ApiError::bad_request(format!(
                "unknown language `{other}`: use python or javascript"
            )))
        }
    };
    let max = st.limits.max_ws_message_bytes;
    Ok(ws
        .max_message_size(max)
        .max_frame_size(max)
        .on_upgrade(move |socket| async move {
            Connection {
                st,
                id,
                language,
                live: None,
                attachment: None,
                progress: None,
                generation: 0,
                cursor: 0,
                utterance: Utterance::Idle,
                speak: q.audio.unwrap_or(false),
            }
            .run(socket, q.from)
            .await
        }))
}

struct Connection {
    st: SharedState,
    id: Uuid,
    language: &'static str,
    live: Option<Arc<LiveInterview>>,
    /// Keeps the interview from being evicted while this connection is open.
    attachment: Option<Attachment>,
    progress: Option<watch::Receiver<(usize, bool)>>,
    generation: u64,
    cursor: usize,
    utterance: Utterance,
    /// Whether replies are also sent as speech.
    speak: bool,
}

/// The audio of the utterance being received.
enum Utterance {
    /// Not between `speech_start` and `speech_end`.
    Idle,
    /// Buffering binary frames.
    Recording(Vec<u8>),
    /// Over the size limit: the client was told; frames are ignored until `speech_end`.
    Dropped,
}

/// What handling one client message produced for this connection alone.
type Reply = Option<String>;

/// An `error` for this connection only; `direct` tells clients that count
/// logged messages (for `?from=`) to leave it out.
fn error_msg(message: impl Into<String>) -> Reply {
    Some(json!({"type": "error", "message": message.into(), "direct": true}).to_string())
}

impl Connection {
    async fn run(mut self, socket: WebSocket, from: Option<usize>) {
        if let Some(live) = self.st.live.get(self.id).await {
            let start = from.unwrap_or_else(|| live.delivered());
            self.attach(live, start);
        }
        let (mut tx, mut rx) = socket.split();
        loop {
            if !self.flush(&mut tx).await {
                break;
            }
            tokio::select! {
                msg = rx.next() => {
                    let reply = match msg {
                        Some(Ok(Message::Text(t))) => self.on_text(t.as_str()).await,
                        Some(Ok(Message::Binary(b))) => self.on_audio(&b),
                        Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                        Some(Ok(_)) => None,
                    };
                    if let Some(text) = reply {
                        if tx.send(Message::Text(text.into())).await.is_err() {
                            break;
                        }
                    }
                }
                _ = changed(&mut self.progress) => {}
            }
        }
    }

    fn attach(&mut self, live: Arc<LiveInterview>, cursor: usize) {
        self.generation = live.take_over();
        self.progress = Some(live.progress());
        self.attachment = Some(live.attach());
        self.cursor = cursor;
        self.live = Some(live);
    }

    /// Sends the log from the cursor; false when this connection must close
    /// (the socket failed, or a newer connection took the interview over).
    async fn flush(
        &mut self,
        tx: &mut futures_util::stream::SplitSink<WebSocket, Message>,
    ) -> bool {
        let Some(live) = self.live.clone() else {
            return true;
        };
        if !live.is_current(self.generation) {
            let _ = tx.send(Message::Close(None)).await;
            return false;
        }
        for m in live.messages_from(self.cursor) {
            if tx.send(Message::Text(m.as_ref().into())).await.is_err() {
                return false;
            }
            self.cursor += 1;
            live.mark_delivered(self.cursor);
            if self.speak && !self.send_speech(tx, &m).await {
                return false;
            }
        }
        true
    }

    /// With audio on, follows an `assistant_complete` with its speech as a
    /// binary WAV frame; when speech fails, tells the client once and turns
    /// audio off. False when the socket failed.
    async fn send_speech(
        &mut self,
        tx: &mut futures_util::stream::SplitSink<WebSocket, Message>,
        message: &str,
    ) -> bool {
        if !message.contains("\"assistant_complete\"") {
            return true;
        }
        let Ok(v) = serde_json::from_str::<Value>(message) else {
            return true;
        };
        let (Some("assistant_complete"), Some(text)) = (
            v.get("type").and_then(Value::as_str),
            v.get("text").and_then(Value::as_str),
        ) else {
            return true;
        };
        let frame = match self.st.voice.speak(text).await {
            Ok(Some(wav)) => Message::Binary(wav.into()),
            Ok(None) => return true,
            Err(e) => {
                self.speak = false;
                Message::Text(error_msg(e).unwrap_or_default().into())
            }
        };
        tx.send(frame).await.is_ok()
    }

    async fn on_text(&mut self, text: &str) -> Reply {
        let Ok(msg) = serde_json::from_str::<Value>(text) else {
            return error_msg("messages must be JSON objects with a `type`");
        };
        let kind = msg.get("type").and_then(Value::as_str).unwrap_or("");
        let str_field = |k: &str| msg.get(k).and_then(Value::as_str).map(str::to_string);
        let cmd = match kind {
            "interview_ready" => {
                if let Some(on) = msg.get("audio").and_then(Value::as_bool) {
                    self.speak = on;
                }
                return self.ensure_live().await.err();
            }
            "ping" => return Some(json!({"type": "pong", "direct": true}).to_string()),
            "speech_start" => {
                self.utterance = Utterance::Recording(Vec::new());
                // Barge-in: speaking over the interviewer cuts its turn.
                if let Some(live) = &self.live {
                    live.handle.interrupt();
                }
                return None;
            }
            "speech_end" => match self.heard().await {
                Ok(Some(cmd)) => cmd,
                Ok(None) => return None,
                Err(e) => return error_msg(e),
            },
            "user_text" => match (str_field("text"), msg.get("seconds").and_then(Value::as_f64)) {
                (Some(t), _) if t.trim().is_empty() => {
                    return error_msg("user_text needs a non-empty `text`")
                }
                (Some(text), Some(seconds)) if seconds > 0.0 => {
                    SessionCommand::Spoken { text, seconds }
                }
                (Some(t), _) => SessionCommand::Answer(t),
                (None, _) => return error_msg("user_text needs a non-empty `text`"),
            },
            "retry" => SessionCommand::Retry,
            "code_submission" => match code_command(&msg) {
                Ok(cmd) => cmd,
                Err(e) => return error_msg(e),
            },
            "hint" => SessionCommand::Hint,
            "skip" => SessionCommand::Skip,
            "end" | "end_interview" => SessionCommand::End,
            other => {
                return error_msg(format!(
                    "unknown message type `{other}`; send interview_ready, user_text, code_submission, hint, skip, retry or end"
                ))
            }
        };
        if let Err(reply) = self.ensure_live().await {
            return Some(reply);
        }
        let live = self.live.as_ref()?;
        if live.handle.send(cmd).is_err() {
            return error_msg("the interview has ended; start a new session to practise again");
        }
        None
    }

    fn on_audio(&mut self, bytes: &[u8]) -> Reply {
        let max = self.st.limits.max_audio_bytes;
        match &mut self.utterance {
            Utterance::Idle => {
                error_msg("send binary audio only between speech_start and speech_end")
            }
            Utterance::Dropped => None,
            Utterance::Recording(buf) if buf.len() + bytes.len() > max => {
                self.utterance = Utterance::Dropped;
                error_msg(format!(
                    "the utterance is longer than {} KiB of audio; it was dropped: speak in shorter turns",
                    max >> 10
                ))
            }
            Utterance::Recording(buf) => {
                buf.extend_from_slice(bytes);
                None
            }
        }
    }

    /// At `speech_end`: the spoken turn heard in the buffered audio; `None`
    /// when the utterance was already dropped (the client was told).
    async fn heard(&mut self) -> Result<Option<SessionCommand>, String> {
        let bytes = match std::mem::replace(&mut self.utterance, Utterance::Idle) {
            Utterance::Idle => return Err("speech_end without speech_start".into()),
            Utterance::Dropped => return Ok(None),
            Utterance::Recording(b) => b,
        };
        if !self.st.voice.has_model() {
            return Err(crate::voice::NO_MODEL.into());
        }
        if bytes.is_empty() {
            return Err("no audio arrived between speech_start and speech_end".into());
        }
        let heard = self
            .st
            .voice
            .transcribe(&self.id.to_string(), bytes)
            .await?;
        Ok(Some(SessionCommand::Spoken {
            text: heard.text,
            seconds: heard.seconds.max(0.01),
        }))
    }

    /// Attaches to the running interview, starting it if needed; the error
    /// is the message to send.
    async fn ensure_live(&mut self) -> Result<(), String> {
        if self.live.is_some() {
            return Ok(());
        }
        let st = self.st.clone();
        let (id, language) = (self.id, self.language);
        let live = st
            .live
            .get_or_start(id, || start(st.clone(), id, language))
            .await
            .map_err(|m| error_msg(m).unwrap_or_default())?;
        let from = live.delivered();
        self.attach(live, from);
        Ok(())
    }
}

async fn changed(rx: &mut Option<watch::Receiver<(usize, bool)>>) {
    match rx {
        Some(rx) => {
            if rx.changed().await.is_err() {
                std::future::pending::<()>().await
            }
        }
        None => std::future::pending().await,
    }
}

/// The command for a `code_submission`: the client's own results (the
/// original web client ran the code through `/api/code/execute` first), or
/// code for the server to run against the problem in play.
fn code_command(msg: &Value) -> Result<SessionCommand, String> {
    let code = msg.get("code").and_then(Value::as_str).unwrap_or("");
    let language = msg
        .get("language")
        .and_then(Value::as_str)
        .unwrap_or("python")
        .to_string();
    let Some(all_passed) = msg.get("allTestsPassed").and_then(Value::as_bool) else {
        if code.trim().is_empty() {
            return Err("code_submission needs `code`".into());
        }
        return Ok(SessionCommand::SubmitCode {
            language,
            code: code.to_string(),
        });
    };
    let results = msg
        .get("testResults")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let passed = results
        .iter()
        .filter(|r| r.get("passed").and_then(Value::as_bool) == Some(true))
        .count();
    let error = msg.get("error").and_then(Value::as_str).map(str::to_string);
    let verdict = match (all_passed, &error) {
        (true, _) => "accepted",
        (false, Some(_)) => "runtime_error",
        (false, None) => "wrong_answer",
    };
    Ok(SessionCommand::CodeResult(CodeOutcome {
        problem_id: None,
        language,
        verdict: verdict.into(),
        all_tests_passed: all_passed,
        passed,
        total: results.len(),
        error,
        execution_time_ms: msg
            .get("executionTime")
            .and_then(Value::as_f64)
            .unwrap_or(0.0),
        quality_score: None,
        submission_id: None,
    }))
}

/// Starts the interview of a prepared session (with its stored CV).
async fn start(
    st: SharedState,
    id: Uuid,
    language: &'static str,
) -> Result<RunningInterview, String> {
    let store = st.store.clone();
    let loaded = tokio::task::spawn_blocking(move || {
        Ok::<_, StoreError>((store.session(id)?, store.cv_analysis(id)?))
    })
    .await;
    let (summary, cv) = match loaded {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return Err(start_error(e)),
        Err(e) => return Err(start_error(StoreError::Database(e.to_string()))),
    };
    let ty = st
        .registry
        .resolve(&summary.interview_type)
        .map_err(|e| e.to_string())?
        .clone();
    let agent = (st.engine.agent)(&ty)?;
    let setup = InterviewSetup {
        interview_type: ty,
        candidate_name: summary.candidate_name,
        cv: cv.map(|(_, v)| CvProfile::from_analysis(&v)),
        language: language.into(),
    };
    runtime::start_existing(st.store_dyn(), agent, st.engine.services.clone(), setup, id)
        .await
        .map_err(start_error)
}

fn start_error(e: StoreError) -> String {
    match e {
        StoreError::Conflict(m) => m,
        StoreError::NotFound { .. } => "this session no longer exists".into(),
        other => {
            tracing::error!(error = %other, "could not start an interview");
            "the interview could not be started; try again".into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_submissions_with_results_report_them_and_without_are_run() {
        let original = json!({"type": "code_submission", "code": "x", "language": "javascript",
            "allTestsPassed": false, "testResults": [{"passed": true}, {"passed": false}],
            "executionTime": 7.5, "error": null});
        let SessionCommand::CodeResult(o) = code_command(&original).unwrap() else {
            panic!("expected a code result");
        };
        assert_eq!(
            (o.passed, o.total, o.verdict.as_str()),
            (1, 2, "wrong_answer")
        );
        assert_eq!(o.language, "javascript");
        assert_eq!(o.execution_time_ms, 7.5);
        let run = json!({"type": "code_submission", "code": "def f(): pass"});
        assert_eq!(
            code_command(&run).unwrap(),
            SessionCommand::SubmitCode {
                language: "python".into(),
                code: "def f(): pass".into()
            }
        );
        assert!(code_command(&json!({"type": "code_submission"})).is_err());
    }
}
