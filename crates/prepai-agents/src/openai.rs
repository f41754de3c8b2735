//! [`OpenAiAgent`]: an interviewer on any OpenAI-compatible
//! `/chat/completions` endpoint (OpenAI, Ollama, llama.cpp server, vLLM,
//! LM Studio), streamed as server-sent events, with the runtime's tools offered
//! as function tools.

use std::time::Duration;

use async_trait::async_trait;
use eventsource_stream::Eventsource;
use futures_util::StreamExt;
use prepai_core::agent::{
    Agent, AgentError, ToolCall, TurnContext, TurnInput, TurnOutcome, TurnSink,
};
use prepai_core::Role;
use serde_json::{json, Value};

use crate::backoff::RetryPolicy;
use crate::prompt;
use crate::settings::OpenAiSettings;
use crate::stats::StreamClock;
use crate::tools;

/// An interviewer backed by an OpenAI-compatible chat model.
pub struct OpenAiAgent {
    settings: OpenAiSettings,
    client: reqwest::Client,
    retry: RetryPolicy,
    /// Messages of the turn in progress that are not in the transcript: a
    /// stand-in for a non-answer input, tool calls and their results.
    turn_tail: Vec<Value>,
}

impl OpenAiAgent {
    /// An agent for `settings`, with one connection pool for its whole life.
    pub fn new(settings: OpenAiSettings) -> Result<Self, AgentError> {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .read_timeout(Duration::from_secs(120))
            .user_agent(concat!("prepai/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| AgentError::Config(format!("cannot set up the HTTP client: {e}")))?;
        Ok(OpenAiAgent {
            settings,
            client,
            retry: RetryPolicy::default(),
            turn_tail: Vec::new(),
        })
    }

    /// Replaces the retry policy for throttled requests.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The settings in use.
    pub fn settings(&self) -> &OpenAiSettings {
        &self.settings
    }

    fn messages(&self, ctx: &TurnContext<'_>) -> Vec<Value> {
        let mut m = Vec::with_capacity(ctx.transcript.len() + self.turn_tail.len() + 1);
        m.push(json!({"role": "system", "content": prompt::system_prompt(ctx)}));
        for msg in ctx.transcript {
            let role = match msg.role {
                Role::User => "user",
                Role::Assistant => "assistant",
                Role::System => continue,
            };
            m.push(json!({"role": role, "content": msg.content}));
        }
        m.extend(self.turn_tail.iter().cloned());
        m
    }

    /// Sends the request, retrying throttled ones with backoff.
    async fn send(&self, body: &Value) -> Result<(reqwest::Response, StreamClock), AgentError> {
        let url = format!("{}/chat/completions", self.settings.base_url);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let clock = StreamClock::start();
            let mut req = self.client.post(&url).json(body);
            if let Some(key) = &self.settings.api_key {
                req = req.bearer_auth(key);
            }
            let err = match req.send().await {
                Ok(resp) if resp.status().is_success() => return Ok((resp, clock)),
                Ok(resp) => status_error(&self.settings, resp).await,
                Err(e) => send_error(&self.settings.base_url, &e),
            };
            match err {
                AgentError::Throttled(_) if self.retry.allows(attempts) => {
                    tokio::time::sleep(self.retry.delay(attempts)).await;
                }
                e => return Err(e),
            }
        }
    }
}

fn send_error(base_url: &str, e: &reqwest::Error) -> AgentError {
    let detail = crate::error_chain(e);
    if e.is_connect() || e.is_timeout() {
        AgentError::Unavailable(format!(
            "cannot reach the model server at {base_url} ({detail}); start it or fix --base-url / OPENAI_BASE_URL, or type /local to carry on offline"
        ))
    } else {
        AgentError::Unavailable(format!("request to {base_url} failed: {detail}"))
    }
}

/// Turns a refused request into a message saying what to fix.
async fn status_error(s: &OpenAiSettings, resp: reqwest::Response) -> AgentError {
    let status = resp.status();
    let body = resp.text().await.unwrap_or_default();
    let detail = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|v| {
            v.pointer("/error/message")
                .or_else(|| v.get("error"))
                .or_else(|| v.get("message"))
                .and_then(Value::as_str)
                .map(String::from)
        })
        .unwrap_or_else(|| body.chars().take(200).collect());
    let code = status.as_u16();
    match code {
        401 | 403 => AgentError::Config(format!(
            "{} refused the API key (HTTP {code}: {detail}); set OPENAI_API_KEY or api_key in [agents.openai]",
            s.base_url
        )),
        404 => AgentError::Config(format!(
            "HTTP 404 from {}/chat/completions ({detail}); check --base-url (it usually ends in /v1) and that model `{}` exists",
            s.base_url, s.model
        )),
        429 => AgentError::Throttled(format!("{} is rate limiting requests ({detail})", s.base_url)),
        400..=499 => AgentError::Config(format!(
            "{} rejected the request (HTTP {code}: {detail})",
            s.base_url
        )),
        _ => AgentError::Unavailable(format!(
            "{} failed (HTTP {code}: {detail}); try again shortly",
            s.base_url
        )),
    }
}

/// A tool call being assembled from streamed fragments.
#[derive(Debug, Clone, Default)]
struct PartialCall {
    id: String,
    name: String,
    arguments: String,
}

/// What one streamed completion amounted to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Completion {
    /// Its text.
    pub text: String,
    /// The tool calls: `(id, name, JSON arguments as sent)`.
    pub calls: Vec<(String, String, String)>,
}

/// Decodes the `data` payloads of a chat-completions SSE stream, forwarding
/// text deltas to the sink as they arrive and assembling tool calls.
#[derive(Debug, Default)]
pub struct ChatStream {
    text: String,
    calls: Vec<PartialCall>,
    finish_reason: Option<String>,
    done: bool,
}

impl ChatStream {
    /// A decoder for one completion.
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies one event's `data`; `[DONE]` ends the stream.
    pub fn feed(
        &mut self,
        data: &str,
        sink: &mut dyn TurnSink,
        clock: &mut StreamClock,
    ) -> Result<(), AgentError> {
        let data = data.trim();
        if data == "[DONE]" {
            self.done = true;
            return Ok(());
        }
        if data.is_empty() {
            return Ok(());
        }
        let v: Value = serde_json::from_str(data).map_err(|e| {
            AgentError::Unavailable(format!(
                "the model server sent an event that is not JSON ({e})"
            ))
        })?;
        if let Some(err) = v.get("error") {
            let msg = err
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("unknown error");
            return Err(AgentError::Unavailable(format!(
                "the model server reported an error mid-reply: {msg}"
            )));
        }
        if let Some(n) = v
            .pointer("/usage/completion_tokens")
            .and_then(Value::as_u64)
        {
            clock.reported(n);
        }
        let Some(choice) = v.pointer("/choices/0") else {
            return Ok(());
        };
        if let Some(delta) = choice.get("delta") {
            if let Some(t) = delta.get("content").and_then(Value::as_str) {
                if !t.is_empty() {
                    clock.delta(1);
                    self.text.push_str(t);
                    sink.text(t);
                }
            }
            if let Some(calls) = delta.get("tool_calls").and_then(Value::as_array) {
                for c in calls {
                    let index = c.get("index").and_then(Value::as_u64).unwrap_or(0) as usize;
                    if index > 64 {
                        return Err(AgentError::Other(
                            "the model sent a tool call with an implausible index".into(),
                        ));
                    }
                    if self.calls.len() <= index {
                        self.calls.resize_with(index + 1, PartialCall::default);
                    }
                    let p = &mut self.calls[index];
                    if let Some(id) = c.get("id").and_then(Value::as_str) {
                        p.id = id.to_string();
                    }
                    if let Some(n) = c.pointer("/function/name").and_then(Value::as_str) {
                        p.name.push_str(n);
                    }
                    if let Some(a) = c.pointer("/function/arguments").and_then(Value::as_str) {
                        p.arguments.push_str(a);
                    }
                }
            }
        }
        if let Some(r) = choice.get("finish_reason").and_then(Value::as_str) {
            self.finish_reason = Some(r.to_string());
        }
        Ok(())
    }

    /// Whether the server said the completion is over (`[DONE]` or a finish reason).
    pub fn ended(&self) -> bool {
        self.done || self.finish_reason.is_some()
    }

    /// The completion, once the stream has ended; an error if it broke off.
    pub fn finish(self) -> Result<Completion, AgentError> {
        if !self.ended() {
            return Err(AgentError::Unavailable(
                "the model server closed the stream mid-reply".into(),
            ));
        }
        let calls = self
            .calls
            .into_iter()
            .enumerate()
            .filter(|(_, c)| !c.name.is_empty())
            .map(|(i, c)| {
                let id = if c.id.is_empty() {
                    format!("call_{i}")
                } else {
                    c.id
                };
                (id, c.name, c.arguments)
            })
            .collect();
        Ok(Completion {
            text: self.text,
            calls,
        })
    }
}

#[async_trait]
impl Agent for OpenAiAgent {
    fn name(&self) -> &str {
        "openai"
    }

    async fn turn(
        &mut self,
        ctx: &TurnContext<'_>,
        input: TurnInput,
        sink: &mut dyn TurnSink,
    ) -> Result<TurnOutcome, AgentError> {
        let ending = input == TurnInput::End;
        match &input {
            TurnInput::ToolResults(results) => {
                for r in results {
                    self.turn_tail.push(json!({
                        "role": "tool",
                        "tool_call_id": r.call_id,
                        "content": r.output.to_string(),
                    }));
                }
            }
            TurnInput::Answer(_) => self.turn_tail.clear(),
            other => {
                self.turn_tail.clear();
                if let Some(text) = prompt::input_text(ctx, other) {
                    self.turn_tail
                        .push(json!({"role": "user", "content": text}));
                }
            }
        }
        let body = json!({
            "model": self.settings.model,
            "messages": self.messages(ctx),
            "tools": tools::openai_tools(),
            "stream": true,
            "stream_options": {"include_usage": true},
        });
        let (resp, mut clock) = self.send(&body).await?;
        let mut events = resp.bytes_stream().eventsource();
        let mut decoder = ChatStream::new();
        while let Some(event) = events.next().await {
            match event {
                Ok(e) => decoder.feed(&e.data, sink, &mut clock)?,
                Err(e) => {
                    return Err(AgentError::Unavailable(format!(
                        "the stream from {} broke off mid-reply ({e})",
                        self.settings.base_url
                    )))
                }
            }
            if decoder.done {
                break;
            }
        }
        clock.report(self.name(), sink);
        let completion = decoder.finish()?;
        if completion.calls.is_empty() {
            self.turn_tail.clear();
            return Ok(if ending {
                TurnOutcome::Finished
            } else {
                TurnOutcome::Complete
            });
        }
        let mut calls = Vec::with_capacity(completion.calls.len());
        for (id, name, args) in &completion.calls {
            calls.push(ToolCall {
                id: id.clone(),
                name: name.clone(),
                arguments: tools::parse_call(name, args)?,
            });
        }
        let content = if completion.text.is_empty() {
            Value::Null
        } else {
            Value::String(completion.text)
        };
        self.turn_tail.push(json!({
            "role": "assistant",
            "content": content,
            "tool_calls": completion.calls.iter().map(|(id, name, args)| json!({
                "id": id, "type": "function",
                "function": {"name": name, "arguments": args}})).collect::<Vec<_>>(),
        }));
        Ok(TurnOutcome::ToolCalls(calls))
    }
}
