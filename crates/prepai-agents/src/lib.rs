//! Remote interviewers for PrepAI, both implementing
//! [`prepai_core::agent::Agent`]:
//!
//! - [`BedrockAgent`]: an AWS Bedrock Agent (`InvokeAgent`, streamed), with the
//!   interview configuration as session attributes and tools through
//!   return-of-control;
//! - [`OpenAiAgent`]: any OpenAI-compatible `/chat/completions` endpoint,
//!   streamed as server-sent events, with the tools as function tools.
//!
//! Settings come from flags, the environment and `[agents.*]` in
//! `config.toml` ([`settings`]); [`check`] verifies them. Both agents report
//! time to first token and tokens per second through
//! [`prepai_core::agent::TurnSink::stats`].

#![warn(missing_docs)]

pub mod backoff;
pub mod bedrock;
pub mod check;
#[cfg(feature = "fakes")]
pub mod fakes;
pub mod openai;
pub mod prompt;
pub mod settings;
pub mod stats;
pub mod tools;

pub use backoff::RetryPolicy;
pub use bedrock::BedrockAgent;
pub use openai::OpenAiAgent;
pub use settings::{AgentFlags, AgentKind, AgentsFile, BedrockSettings, OpenAiSettings};

/// An error with its causes, `: `-separated (reqwest hides the useful part in
/// its sources).
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(c) = src {
        s.push_str(": ");
        s.push_str(&c.to_string());
        src = c.source();
    }
    s
}
