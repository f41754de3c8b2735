//! `prepai agents check`: is a remote agent configured, are its credentials
//! usable, and does its service answer? Each step says what is wrong.

use aws_sdk_bedrockagentruntime::types::MemoryType;
use prepai_core::agent::AgentError;
use serde::Serialize;
use serde_json::Value;

use crate::bedrock::BedrockAgent;
use crate::settings::{BedrockSettings, OpenAiSettings};

/// One verified thing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckItem {
    /// What was checked (`configuration`, `credentials`, `endpoint`, `model`, `agent`).
    pub name: String,
    /// Whether it is fine.
    pub ok: bool,
    /// What was found, or what is wrong and how to fix it.
    pub detail: String,
}

/// The outcome of checking one agent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// `bedrock` or `openai`.
    pub agent: String,
    /// The steps, in order; checking stops at the first that fails.
    pub items: Vec<CheckItem>,
}

impl CheckReport {
    fn new(agent: &str) -> Self {
        CheckReport {
            agent: agent.into(),
            items: Vec::new(),
        }
    }

    /// Whether every step passed.
    pub fn ok(&self) -> bool {
        self.items.iter().all(|i| i.ok)
    }

    fn push(&mut self, name: &str, result: Result<String, AgentError>) -> bool {
        let ok = result.is_ok();
        let detail = match result {
            Ok(d) => d,
            Err(e) => e.to_string(),
        };
        self.items.push(CheckItem {
            name: name.into(),
            ok,
            detail,
        });
        ok
    }
}

/// Checks an OpenAI-compatible endpoint: settings, then `GET {base}/models`
/// (reachability and the key), then whether the model is served.
pub async fn check_openai(settings: Result<OpenAiSettings, AgentError>) -> CheckReport {
    let mut r = CheckReport::new("openai");
    let s = match settings {
        Ok(s) => s,
        Err(e) => {
            r.push("configuration", Err(e));
            return r;
        }
    };
    r.push(
        "configuration",
        Ok(format!(
            "base URL {}, model {}, API key {}",
            s.base_url,
            s.model,
            if s.api_key.is_some() {
                "set"
            } else {
                "not set"
            }
        )),
    );
    let models = list_models(&s).await;
    let listed = match models {
        Ok(ids) => {
            r.push("endpoint", Ok(format!("{}/models answered", s.base_url)));
            ids
        }
        Err(e) => {
            r.push("endpoint", Err(e));
            return r;
        }
    };
    let model = if listed.is_empty() || listed.contains(&s.model) {
        Ok(format!("model {} is available", s.model))
    } else {
        let some: Vec<&str> = listed.iter().take(8).map(String::as_str).collect();
        Err(AgentError::Config(format!(
            "model `{}` is not served at {}; pass --model or set PREPAI_OPENAI_MODEL to one of: {}",
            s.model,
            s.base_url,
            some.join(", ")
        )))
    };
    r.push("model", model);
    r
}

async fn list_models(s: &OpenAiSettings) -> Result<Vec<String>, AgentError> {
    let client = reqwest::Client::builder()
        .connect_timeout(std::time::Duration::from_secs(10))
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .map_err(|e| AgentError::Config(format!("cannot set up the HTTP client: {e}")))?;
    let mut req = client.get(format!("{}/models", s.base_url));
    if let Some(k) = &s.api_key {
        req = req.bearer_auth(k);
    }
    let resp = req.send().await.map_err(|e| {
        AgentError::Unavailable(format!(
            "cannot reach {} ({}); start the server or fix --base-url / OPENAI_BASE_URL",
            s.base_url,
            crate::error_chain(&e)
        ))
    })?;
    let status = resp.status();
    if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
        return Err(AgentError::Config(format!(
            "{} refused the API key (HTTP {}); set OPENAI_API_KEY or api_key in [agents.openai]",
            s.base_url,
            status.as_u16()
        )));
    }
    if !status.is_success() {
        return Err(AgentError::Unavailable(format!(
            "{}/models answered HTTP {}; check --base-url (it usually ends in /v1)",
            s.base_url,
            status.as_u16()
        )));
    }
    let v: Value = resp.json().await.map_err(|e| {
        AgentError::Unavailable(format!(
            "{}/models did not answer JSON ({e}); is this an OpenAI-compatible server?",
            s.base_url
        ))
    })?;
    Ok(v.get("data")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|m| m.get("id").and_then(Value::as_str).map(String::from))
                .collect()
        })
        .unwrap_or_default())
}

/// Checks a Bedrock agent: settings, region and credentials from the AWS
/// chain, then a signed `GetAgentMemory` call on the agent alias.
pub async fn check_bedrock(
    settings: Result<BedrockSettings, AgentError>,
    agent: impl FnOnce(BedrockSettings) -> BedrockAgent,
) -> CheckReport {
    let mut r = CheckReport::new("bedrock");
    let s = match settings {
        Ok(s) => s,
        Err(e) => {
            r.push("configuration", Err(e));
            return r;
        }
    };
    r.push(
        "configuration",
        Ok(format!(
            "agent {}, alias {}, region {}",
            s.agent_id,
            s.agent_alias_id,
            s.region.as_deref().unwrap_or("from the AWS chain")
        )),
    );
    let mut agent = agent(s.clone());
    let client = match agent.client().await {
        Ok(c) => c,
        Err(e) => {
            r.push("credentials", Err(e));
            return r;
        }
    };
    let region = client
        .config()
        .region()
        .map(|r| r.to_string())
        .unwrap_or_default();
    r.push(
        "credentials",
        Ok(format!("AWS credentials found; region {region}")),
    );
    let answer = client
        .get_agent_memory()
        .agent_id(&s.agent_id)
        .agent_alias_id(&s.agent_alias_id)
        .memory_type(MemoryType::SessionSummary)
        .memory_id("prepai-check")
        .max_items(1)
        .send()
        .await;
    r.push(
        "agent",
        answer
            .map(|_| format!("agent {} alias {} answered", s.agent_id, s.agent_alias_id))
            .map_err(|e| agent.explain(&e)),
    );
    r
}
