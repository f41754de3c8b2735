//! [`BedrockAgent`]: the original's interviewer, an AWS Bedrock Agent called
//! with `InvokeAgent` and its response streamed. The interview's configuration
//! travels as session attributes; the agent's action groups return control, so
//! PrepAI runs the tools locally and sends their results back.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_bedrockagentruntime::config::{ProvideCredentials, Region};
use aws_sdk_bedrockagentruntime::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_bedrockagentruntime::operation::invoke_agent::InvokeAgentOutput;
use aws_sdk_bedrockagentruntime::types::error::ResponseStreamError;
use aws_sdk_bedrockagentruntime::types::{
    ContentBody, FunctionParameter, FunctionResult, InvocationInputMember, InvocationResultMember,
    PayloadPart, ResponseStream, SessionState, StreamingConfigurations,
};
use aws_sdk_bedrockagentruntime::Client;
use prepai_core::agent::{
    Agent, AgentError, ToolCall, ToolResult, TurnContext, TurnInput, TurnOutcome, TurnSink,
};
use serde_json::Value;

use crate::backoff::RetryPolicy;
use crate::prompt;
use crate::settings::BedrockSettings;
use crate::stats::{estimate_tokens, StreamClock};

/// A tool call the agent handed back, remembered until its result is sent.
#[derive(Debug, Clone)]
struct PendingCall {
    call_id: String,
    action_group: String,
    function: String,
}

/// The return-of-control round in progress.
#[derive(Debug, Clone)]
struct Pending {
    invocation_id: Option<String>,
    calls: Vec<PendingCall>,
}

/// An interviewer backed by an AWS Bedrock Agent.
pub struct BedrockAgent {
    settings: BedrockSettings,
    sdk_config: Option<SdkConfig>,
    client: Option<Client>,
    retry: RetryPolicy,
    session_id: String,
    pending: Option<Pending>,
}

impl BedrockAgent {
    /// An agent using the standard AWS chain (environment, profiles, SSO) for
    /// credentials, region and endpoint; nothing is loaded until the first turn.
    pub fn new(settings: BedrockSettings) -> Self {
        BedrockAgent {
            settings,
            sdk_config: None,
            client: None,
            retry: RetryPolicy::default(),
            session_id: format!("prepai-{}", uuid::Uuid::new_v4().simple()),
            pending: None,
        }
    }

    /// An agent using `config` instead of the standard chain (tests, embedders).
    pub fn with_sdk_config(settings: BedrockSettings, config: SdkConfig) -> Self {
        BedrockAgent {
            sdk_config: Some(config),
            ..Self::new(settings)
        }
    }

    /// Replaces the retry policy for throttled calls.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The Bedrock session id this interview runs under.
    pub fn session_id(&self) -> &str {
        &self.session_id
    }

    /// The settings in use.
    pub fn settings(&self) -> &BedrockSettings {
        &self.settings
    }

    /// The client, created on first use (one connection pool per session);
    /// fails with what to fix when the region or credentials are missing.
    pub async fn client(&mut self) -> Result<Client, AgentError> {
        if let Some(c) = &self.client {
            return Ok(c.clone());
        }
        let conf = match self.sdk_config.clone() {
            Some(c) => c,
            None => {
                let mut loader = aws_config::defaults(BehaviorVersion::latest());
                if let Some(r) = &self.settings.region {
                    loader = loader.region(Region::new(r.clone()));
                }
                loader.load().await
            }
        };
        if conf.region().is_none() {
            return Err(AgentError::Config(
                "no AWS region: pass --region, set AWS_REGION, or set region in [agents.bedrock] of config.toml".into(),
            ));
        }
        let Some(provider) = conf.credentials_provider() else {
            return Err(no_credentials("no credentials provider is configured"));
        };
        if let Err(e) = provider.provide_credentials().await {
            return Err(no_credentials(&e.to_string()));
        }
        let service = aws_sdk_bedrockagentruntime::config::Builder::from(&conf)
            // Throttling is retried here, with jitter, including mid-stream.
            .retry_config(aws_sdk_bedrockagentruntime::config::retry::RetryConfig::disabled())
            .build();
        let client = Client::from_conf(service);
        self.client = Some(client.clone());
        Ok(client)
    }

    fn region(&self) -> String {
        self.client
            .as_ref()
            .and_then(|c| c.config().region().map(|r| r.to_string()))
            .or_else(|| self.settings.region.clone())
            .unwrap_or_else(|| "the configured region".into())
    }

    /// Turns an SDK error into a message saying what is wrong and what to do.
    pub(crate) fn explain<E, R>(&self, e: &SdkError<E, R>) -> AgentError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug,
    {
        let code = e.code().unwrap_or_default();
        let msg = e.message().unwrap_or_default();
        if let Some(known) = self.explain_code(code, msg) {
            return known;
        }
        match e {
            SdkError::ServiceError(_) => {
                AgentError::Unavailable(format!("Bedrock failed ({code}: {msg}); try again"))
            }
            SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
                AgentError::Unavailable(format!(
                    "cannot reach Bedrock Agents in {} ({}); check your network, or type /local to carry on offline",
                    self.region(),
                    crate::error_chain(e)
                ))
            }
            _ => AgentError::Unavailable(format!(
                "the Bedrock stream broke off mid-reply ({}); /retry to ask again",
                DisplayErrorContext(e)
            )),
        }
    }

    /// The message for a Bedrock error code, if it is one the user can act on.
    fn explain_code(&self, code: &str, msg: &str) -> Option<AgentError> {
        let s = &self.settings;
        Some(match code {
            "ThrottlingException" | "throttlingException" => {
                AgentError::Throttled(format!("Bedrock is throttling requests ({msg})"))
            }
            "ResourceNotFoundException" | "resourceNotFoundException" => AgentError::Config(format!(
                "Bedrock agent {} (alias {}) was not found in {}: {msg}; check --agent-id, --agent-alias-id and --region",
                s.agent_id, s.agent_alias_id, self.region()
            )),
            "AccessDeniedException" | "accessDeniedException" => AgentError::Config(format!(
                "AWS denied access ({msg}); the credentials need bedrock:InvokeAgent on agent alias {}",
                s.agent_alias_id
            )),
            "UnrecognizedClientException" | "InvalidSignatureException" | "ExpiredTokenException" => {
                AgentError::Config(format!(
                    "AWS rejected the credentials ({code}: {msg}); refresh them (aws sso login) or set valid ones"
                ))
            }
            "ValidationException" | "validationException" => {
                AgentError::Config(format!("Bedrock rejected the request: {msg}"))
            }
            _ => return None,
        })
    }

    /// An error event inside the response stream (the exception's type is
    /// the variant, not a code).
    fn explain_stream<R: std::fmt::Debug>(
        &self,
        e: &SdkError<ResponseStreamError, R>,
    ) -> AgentError {
        let code = match e.as_service_error() {
            Some(ResponseStreamError::ThrottlingException(_)) => "ThrottlingException",
            Some(ResponseStreamError::ResourceNotFoundException(_)) => "ResourceNotFoundException",
            Some(ResponseStreamError::AccessDeniedException(_)) => "AccessDeniedException",
            Some(ResponseStreamError::ValidationException(_)) => "ValidationException",
            Some(other) => {
                return AgentError::Unavailable(format!(
                    "Bedrock failed mid-reply ({}); /retry to ask again",
                    DisplayErrorContext(other)
                ))
            }
            None => {
                return AgentError::Unavailable(format!(
                    "the Bedrock stream broke off mid-reply ({}); /retry to ask again",
                    crate::error_chain(e)
                ))
            }
        };
        let msg = e.message().unwrap_or_default();
        self.explain_code(code, msg)
            .unwrap_or_else(|| self.explain(e))
    }

    /// The session state of a call: the interview configuration, plus the
    /// tool results when this call answers a return of control.
    fn session_state(
        &mut self,
        ctx: &TurnContext<'_>,
        results: Option<Vec<ToolResult>>,
    ) -> Result<SessionState, AgentError> {
        let attrs: HashMap<String, String> = prompt::session_attributes(ctx);
        let mut state = SessionState::builder()
            .set_session_attributes(Some(attrs.clone()))
            .set_prompt_session_attributes(Some(attrs));
        let Some(results) = results else {
            self.pending = None;
            return Ok(state.build());
        };
        let pending = self.pending.take().ok_or_else(|| {
            AgentError::Other("tool results arrived but the agent asked for no tools".into())
        })?;
        if let Some(id) = pending.invocation_id {
            state = state.invocation_id(id);
        }
        for r in results {
            let Some(call) = pending.calls.iter().find(|c| c.call_id == r.call_id) else {
                return Err(AgentError::Other(format!(
                    "a result for unknown tool call `{}`",
                    r.call_id
                )));
            };
            let body = ContentBody::builder().body(r.output.to_string()).build();
            let result = FunctionResult::builder()
                .action_group(&call.action_group)
                .function(&call.function)
                .response_body("TEXT", body)
                .build()
                .map_err(|e| AgentError::Other(format!("building a tool result: {e}")))?;
            state = state
                .return_control_invocation_results(InvocationResultMember::FunctionResult(result));
        }
        Ok(state.build())
    }

    /// Streams one response: text to the sink, a return of control into
    /// tool calls.
    async fn read(
        &mut self,
        mut out: InvokeAgentOutput,
        sink: &mut dyn TurnSink,
        clock: &mut StreamClock,
    ) -> Result<Vec<ToolCall>, AgentError> {
        let mut calls = Vec::new();
        loop {
            match out.completion.recv().await {
                Ok(Some(ResponseStream::Chunk(part))) => forward_chunk(&part, sink, clock),
                Ok(Some(ResponseStream::ReturnControl(rc))) => {
                    let mut pending = Pending {
                        invocation_id: rc.invocation_id,
                        calls: Vec::new(),
                    };
                    for input in rc.invocation_inputs.unwrap_or_default() {
                        let InvocationInputMember::FunctionInvocationInput(f) = input else {
                            return Err(AgentError::Config(
                                "the agent's action group is defined by an API schema; PrepAI answers action groups defined with function details".into(),
                            ));
                        };
                        let Some(function) = f.function else {
                            return Err(AgentError::Other(
                                "the agent returned control without naming a function".into(),
                            ));
                        };
                        let call_id = format!("{}-{}", pending.calls.len(), function);
                        calls.push(ToolCall {
                            id: call_id.clone(),
                            name: function.clone(),
                            arguments: arguments(f.parameters.as_deref().unwrap_or_default()),
                        });
                        pending.calls.push(PendingCall {
                            call_id,
                            action_group: f.action_group,
                            function,
                        });
                    }
                    self.pending = Some(pending);
                }
                Ok(Some(_)) => {}
                Ok(None) => return Ok(calls),
                Err(e) => return Err(self.explain_stream(&e)),
            }
        }
    }
}

/// Forwards one `chunk` event's text to the sink, counting it.
pub fn forward_chunk(part: &PayloadPart, sink: &mut dyn TurnSink, clock: &mut StreamClock) {
    if let Some(bytes) = &part.bytes {
        let text = String::from_utf8_lossy(bytes.as_ref());
        if !text.is_empty() {
            clock.delta(estimate_tokens(&text));
            sink.text(&text);
        }
    }
}

fn no_credentials(detail: &str) -> AgentError {
    AgentError::Config(format!(
        "no usable AWS credentials ({detail}); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pick a profile with AWS_PROFILE, or run `aws sso login`"
    ))
}

/// A function call's parameters as JSON arguments, typed as the agent
/// declared them (`number`, `integer`, `boolean`, `array`, else string).
fn arguments(params: &[FunctionParameter]) -> Value {
    let mut map = serde_json::Map::new();
    for p in params {
        let (Some(name), Some(value)) = (&p.name, &p.value) else {
            continue;
        };
        let typed = match p.r#type.as_deref() {
            Some("number") => value.parse::<f64>().ok().map(Value::from),
            Some("integer") => value.parse::<i64>().ok().map(Value::from),
            Some("boolean") => value.parse::<bool>().ok().map(Value::from),
            Some("array") => serde_json::from_str::<Value>(value)
                .ok()
                .filter(Value::is_array),
            _ => None,
        };
        map.insert(
            name.clone(),
            typed.unwrap_or_else(|| Value::String(value.clone())),
        );
    }
    Value::Object(map)
}

#[async_trait]
impl Agent for BedrockAgent {
    fn name(&self) -> &str {
        "bedrock"
    }

    async fn turn(
        &mut self,
        ctx: &TurnContext<'_>,
        input: TurnInput,
        sink: &mut dyn TurnSink,
    ) -> Result<TurnOutcome, AgentError> {
        let ending = input == TurnInput::End;
        let text = prompt::input_text(ctx, &input);
        let results = match input {
            TurnInput::ToolResults(r) => Some(r),
            _ => None,
        };
        let state = self.session_state(ctx, results)?;
        let client = self.client().await?;
        let mut attempts = 0;
        loop {
            attempts += 1;
            let mut req = client
                .invoke_agent()
                .agent_id(&self.settings.agent_id)
                .agent_alias_id(&self.settings.agent_alias_id)
                .session_id(&self.session_id)
                .session_state(state.clone())
                .enable_trace(false)
                .end_session(false)
                .streaming_configurations(
                    StreamingConfigurations::builder()
                        .stream_final_response(true)
                        .build(),
                );
            if let Some(t) = &text {
                req = req.input_text(t);
            }
            let mut clock = StreamClock::start();
            let result = match req.send().await {
                Ok(out) => self.read(out, sink, &mut clock).await,
                Err(e) => Err(self.explain(&e)),
            };
            clock.report("bedrock", sink);
            match result {
                Ok(calls) if calls.is_empty() => {
                    return Ok(if ending {
                        TurnOutcome::Finished
                    } else {
                        TurnOutcome::Complete
                    })
                }
                Ok(calls) => return Ok(TurnOutcome::ToolCalls(calls)),
                // Retrying is safe until text has reached the candidate.
                Err(AgentError::Throttled(m)) if !clock.started() => {
                    if !self.retry.allows(attempts) {
                        return Err(AgentError::Throttled(format!(
                            "{m}; gave up after {attempts} attempts"
                        )));
                    }
                    self.pending = None;
                    tokio::time::sleep(self.retry.delay(attempts)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_become_typed_arguments() {
        let p = |n: &str, t: &str, v: &str| {
            FunctionParameter::builder()
                .name(n)
                .r#type(t)
                .value(v)
                .build()
        };
        let args = arguments(&[
            p("query", "string", "hash maps"),
            p("limit", "integer", "3"),
            p("deep", "boolean", "true"),
            p("bad", "integer", "three"),
        ]);
        assert_eq!(
            args,
            serde_json::json!({"query": "hash maps", "limit": 3, "deep": true, "bad": "three"})
        );
    }
}
