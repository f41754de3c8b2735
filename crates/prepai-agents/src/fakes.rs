//! Loopback fakes of the two remote services, speaking their real wire
//! protocols so the real clients can be tested against them (feature `fakes`):
//!
//! - [`FakeServer::bedrock`]: `InvokeAgent` answered with AWS event-stream
//!   frames (encoded with `aws-smithy-eventstream`): `chunk`, `returnControl`
//!   and `throttlingException`; `GetAgentMemory` for checks;
//! - [`FakeServer::openai`]: `/v1/chat/completions` streamed as server-sent
//!   events with text and `tool_calls` deltas; `/v1/models` for checks.
//!
//! Each request takes the next scripted reply; when the script runs out the
//! default reply is used. Every request is recorded.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use bytes::Bytes;
use futures_util::stream;
use http_body_util::{BodyExt, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::{Request, Response};
use serde_json::{json, Value};

/// A reply of the fake OpenAI server to one chat-completions request.
#[derive(Debug, Clone)]
pub enum OpenAiReply {
    /// Streams these text deltas, then `[DONE]`.
    Text(Vec<String>),
    /// Streams `text`, then one tool call whose arguments arrive in the given pieces.
    ToolCall {
        /// Text before the call.
        text: Vec<String>,
        /// The call's id.
        id: String,
        /// The function.
        name: String,
        /// Pieces of the JSON arguments.
        arguments: Vec<String>,
    },
    /// Answers with this HTTP status and error message.
    Status(u16, String),
    /// Streams these deltas, then drops the connection.
    Broken(Vec<String>),
}

/// A reply of the fake Bedrock server to one `InvokeAgent` request.
#[derive(Debug, Clone)]
pub enum BedrockReply {
    /// `chunk` events with these texts.
    Chunks(Vec<String>),
    /// `chunk` events, then a `returnControl` event asking for one function.
    ReturnControl {
        /// Text before the return of control.
        text: Vec<String>,
        /// The invocation id.
        invocation_id: String,
        /// The action group.
        action_group: String,
        /// The function.
        function: String,
        /// `(name, type, value)` of each parameter.
        parameters: Vec<(String, String, String)>,
    },
    /// A `throttlingException` event.
    Throttle,
    /// `chunk` events, then the connection drops.
    Broken(Vec<String>),
}

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `GET`, `POST`.
    pub method: String,
    /// Path and query.
    pub path: String,
    /// The `authorization` header, if any.
    pub authorization: Option<String>,
    /// The body as text.
    pub body: String,
}

impl Recorded {
    /// The body as JSON (`Null` if it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

enum Script {
    OpenAi {
        replies: VecDeque<OpenAiReply>,
        fallback: OpenAiReply,
        model: String,
        api_key: Option<String>,
    },
    Bedrock {
        replies: VecDeque<BedrockReply>,
        fallback: BedrockReply,
        agent_id: String,
    },
}

struct State {
    script: Script,
    requests: Vec<Recorded>,
}

/// A fake service on `127.0.0.1`, stopped when dropped.
pub struct FakeServer {
    /// `http://127.0.0.1:PORT` (Bedrock) or `http://127.0.0.1:PORT/v1` (OpenAI).
    pub url: String,
    state: Arc<Mutex<State>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Pause between streamed pieces, so that streaming is observable.
const PIECE_GAP: Duration = Duration::from_millis(2);

type Body = StreamBody<stream::BoxStream<'static, Result<Frame<Bytes>, std::io::Error>>>;

impl FakeServer {
    /// A fake OpenAI-compatible server serving `model`; with `api_key`, other
    /// keys are refused with 401. After `replies`, every request gets `fallback`.
    pub fn openai(
        model: &str,
        api_key: Option<&str>,
        replies: Vec<OpenAiReply>,
        fallback: OpenAiReply,
    ) -> Self {
        Self::start(
            Script::OpenAi {
                replies: replies.into(),
                fallback,
                model: model.into(),
                api_key: api_key.map(String::from),
            },
            "/v1",
        )
    }

    /// A fake Bedrock Agents runtime knowing only `agent_id` (others get
    /// `ResourceNotFoundException`). After `replies`, every request gets `fallback`.
    pub fn bedrock(agent_id: &str, replies: Vec<BedrockReply>, fallback: BedrockReply) -> Self {
        Self::start(
            Script::Bedrock {
                replies: replies.into(),
                fallback,
                agent_id: agent_id.into(),
            },
            "",
        )
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state
            .lock()
            .map(|s| s.requests.clone())
            .unwrap_or_default()
    }

    fn start(script: Script, suffix: &str) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).expect("nonblocking");
        let url = format!("http://{}{suffix}", listener.local_addr().expect("address"));
        let state = Arc::new(Mutex::new(State {
            script,
            requests: Vec::new(),
        }));
        let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
        let st = state.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("fake server runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                loop {
                    tokio::select! {
                        _ = &mut stopped => break,
                        conn = listener.accept() => {
                            let Ok((io, _)) = conn else { continue };
                            let st = st.clone();
                            tokio::spawn(async move {
                                let svc = hyper::service::service_fn(move |req| {
                                    let st = st.clone();
                                    async move { Ok::<_, Infallible>(handle(st, req).await) }
                                });
                                let _ = hyper::server::conn::http1::Builder::new()
                                    .serve_connection(hyper_util::rt::TokioIo::new(io), svc)
                                    .await;
                            });
                        }
                    }
                }
            });
        });
        FakeServer {
            url,
            state,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn handle(state: Arc<Mutex<State>>, req: Request<Incoming>) -> Response<Body> {
    let method = req.method().to_string();
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    let authorization = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let body = match req.into_body().collect().await {
        Ok(b) => String::from_utf8_lossy(&b.to_bytes()).into_owned(),
        Err(_) => String::new(),
    };
    let Ok(mut st) = state.lock() else {
        return status(500, "application/json", json!({"message": "fake poisoned"}));
    };
    st.requests.push(Recorded {
        method: method.clone(),
        path: path.clone(),
        authorization: authorization.clone(),
        body,
    });
    match &mut st.script {
        Script::OpenAi {
            replies,
            fallback,
            model,
            api_key,
        } => {
            if let Some(k) = api_key {
                if authorization.as_deref() != Some(&format!("Bearer {k}")) {
                    return status(
                        401,
                        "application/json",
                        json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}),
                    );
                }
            }
            match (method.as_str(), path.as_str()) {
                ("GET", "/v1/models") => status(
                    200,
                    "application/json",
                    json!({"object": "list", "data": [{"id": model, "object": "model"}]}),
                ),
                ("POST", "/v1/chat/completions") => {
                    let reply = replies.pop_front().unwrap_or_else(|| fallback.clone());
                    openai_reply(reply, model)
                }
                _ => status(
                    404,
                    "application/json",
                    json!({"error": {"message": "no such route"}}),
                ),
            }
        }
        Script::Bedrock {
            replies,
            fallback,
            agent_id,
        } => {
            let parts: Vec<&str> = path.split(['/', '?']).collect();
            // /agents/{id}/agentAliases/{alias}/sessions/{sid}/text or .../memories
            if parts.get(1) != Some(&"agents") || parts.get(3) != Some(&"agentAliases") {
                return status(404, "application/json", json!({"message": "no such route"}));
            }
            if parts.get(2) != Some(&agent_id.as_str()) {
                let mut r = status(
                    404,
                    "application/json",
                    json!({"message": "Failed to retrieve resource because it doesn't exist. Retry the request with a different resource identifier."}),
                );
                r.headers_mut().insert(
                    "x-amzn-errortype",
                    hyper::header::HeaderValue::from_static("ResourceNotFoundException"),
                );
                return r;
            }
            if method == "GET" && parts.get(5) == Some(&"memories") {
                return status(200, "application/json", json!({"memoryContents": []}));
            }
            let session = parts.get(6).unwrap_or(&"session").to_string();
            let reply = replies.pop_front().unwrap_or_else(|| fallback.clone());
            bedrock_reply(reply, &session)
        }
    }
}

fn status(code: u16, content_type: &str, body: Value) -> Response<Body> {
    let bytes = Bytes::from(body.to_string());
    let s: stream::BoxStream<'static, _> =
        Box::pin(stream::iter([Ok::<_, std::io::Error>(Frame::data(bytes))]));
    Response::builder()
        .status(code)
        .header("content-type", content_type)
        .body(StreamBody::new(s))
        .expect("response")
}

/// A streamed body of `pieces`, a short pause before each; `broken` ends it
/// with an error, which makes hyper drop the connection mid-body.
fn streamed(pieces: Vec<Bytes>, broken: bool) -> Body {
    let items = pieces
        .into_iter()
        .map(Ok)
        .chain(broken.then(|| Err(std::io::Error::other("fake: connection dropped"))));
    let s = stream::unfold(items, |mut it| async move {
        let next = it.next()?;
        tokio::time::sleep(PIECE_GAP).await;
        Some((next.map(Frame::data), it))
    });
    StreamBody::new(Box::pin(s))
}

fn sse(v: &Value) -> Bytes {
    Bytes::from(format!("data: {v}\n\n"))
}

fn chunk(model: &str, delta: Value, finish: Option<&str>) -> Value {
    json!({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": model,
           "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
}

fn openai_reply(reply: OpenAiReply, model: &str) -> Response<Body> {
    let mut pieces = Vec::new();
    let texts = |pieces: &mut Vec<Bytes>, text: &[String]| {
        for t in text {
            pieces.push(sse(&chunk(model, json!({"content": t}), None)));
        }
    };
    let broken = match &reply {
        OpenAiReply::Status(code, message) => {
            return status(
                *code,
                "application/json",
                json!({"error": {"message": message}}),
            )
        }
        OpenAiReply::Text(text) => {
            pieces.push(sse(&chunk(
                model,
                json!({"role": "assistant", "content": ""}),
                None,
            )));
            texts(&mut pieces, text);
            pieces.push(sse(&chunk(model, json!({}), Some("stop"))));
            false
        }
        OpenAiReply::ToolCall {
            text,
            id,
            name,
            arguments,
        } => {
            texts(&mut pieces, text);
            pieces.push(sse(&chunk(
                model,
                json!({"tool_calls": [{"index": 0, "id": id, "type": "function",
                                       "function": {"name": name, "arguments": ""}}]}),
                None,
            )));
            for a in arguments {
                pieces.push(sse(&chunk(
                    model,
                    json!({"tool_calls": [{"index": 0, "function": {"arguments": a}}]}),
                    None,
                )));
            }
            pieces.push(sse(&chunk(model, json!({}), Some("tool_calls"))));
            false
        }
        OpenAiReply::Broken(text) => {
            texts(&mut pieces, text);
            true
        }
    };
    if !broken {
        let n = pieces.len();
        pieces.push(sse(&json!({"id": "chatcmpl-fake", "object": "chat.completion.chunk",
            "choices": [], "usage": {"prompt_tokens": 50, "completion_tokens": n, "total_tokens": 50 + n}})));
        pieces.push(Bytes::from_static(b"data: [DONE]\n\n"));
    }
    Response::builder()
        .status(200)
        .header("content-type", "text/event-stream")
        .header("cache-control", "no-cache")
        .body(streamed(pieces, broken))
        .expect("response")
}

fn frame(headers: &[(&'static str, String)], payload: Value) -> Bytes {
    let mut msg = Message::new(Bytes::from(payload.to_string()));
    for (name, value) in headers {
        msg = msg.add_header(Header::new(
            *name,
            HeaderValue::String(value.clone().into()),
        ));
    }
    let mut buf = Vec::new();
    write_message_to(&msg, &mut buf).expect("encode event-stream frame");
    Bytes::from(buf)
}

fn event(kind: &str, payload: Value) -> Bytes {
    frame(
        &[
            (":message-type", "event".into()),
            (":event-type", kind.into()),
            (":content-type", "application/json".into()),
        ],
        payload,
    )
}

fn text_chunk(text: &str) -> Bytes {
    event(
        "chunk",
        json!({"bytes": aws_smithy_types::base64::encode(text.as_bytes())}),
    )
}

/// Encodes Bedrock `chunk` events for `texts` (for benchmarks and tests).
pub fn bedrock_chunk_frames(texts: &[&str]) -> Vec<Bytes> {
    texts.iter().map(|t| text_chunk(t)).collect()
}

fn bedrock_reply(reply: BedrockReply, session: &str) -> Response<Body> {
    let (pieces, broken) = match reply {
        BedrockReply::Chunks(texts) => (texts.iter().map(|t| text_chunk(t)).collect(), false),
        BedrockReply::Broken(texts) => (texts.iter().map(|t| text_chunk(t)).collect(), true),
        BedrockReply::Throttle => (
            vec![frame(
                &[
                    (":message-type", "exception".into()),
                    (":exception-type", "throttlingException".into()),
                    (":content-type", "application/json".into()),
                ],
                json!({"message": "Your request rate is too high. Reduce the frequency of requests."}),
            )],
            false,
        ),
        BedrockReply::ReturnControl {
            text,
            invocation_id,
            action_group,
            function,
            parameters,
        } => {
            let mut p: Vec<Bytes> = text.iter().map(|t| text_chunk(t)).collect();
            let params: Vec<Value> = parameters
                .iter()
                .map(|(n, t, v)| json!({"name": n, "type": t, "value": v}))
                .collect();
            p.push(event(
                "returnControl",
                json!({"invocationId": invocation_id, "invocationInputs": [
                    {"functionInvocationInput": {"actionGroup": action_group, "function": function,
                     "parameters": params, "actionInvocationType": "RESULT"}}]}),
            ));
            (p, false)
        }
    };
    Response::builder()
        .status(200)
        .header("content-type", "application/vnd.amazon.eventstream")
        .header("x-amzn-bedrock-agent-content-type", "application/json")
        .header("x-amz-bedrock-agent-session-id", session)
        .header("x-amzn-requestid", "fake-request")
        .body(streamed(pieces, broken))
        .expect("response")
}
