//! `prepai agents check`, and the flags choosing and configuring the
//! interviewer (`--agent local|bedrock|openai` and its settings).

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand};
use prepai_agents::check::{self, CheckReport};
use prepai_agents::{
    AgentFlags, AgentKind, AgentsFile, BedrockAgent, BedrockSettings, OpenAiAgent, OpenAiSettings,
};
use prepai_core::agent::{Agent, AgentError};

use super::{BadInput, Context};

/// Settings of the remote interviewers; each overrides the environment and
/// `[agents.*]` in config.toml.
#[derive(Debug, Clone, Default, Args)]
pub struct RemoteFlags {
    /// Bedrock agent id (else BEDROCK_AGENT_ID or [agents.bedrock] agent_id).
    #[arg(long, value_name = "ID")]
    pub agent_id: Option<String>,
    /// Bedrock agent alias id (else BEDROCK_AGENT_ALIAS_ID or [agents.bedrock] agent_alias_id).
    #[arg(long, value_name = "ID")]
    pub agent_alias_id: Option<String>,
    /// AWS region for Bedrock (else the AWS chain: AWS_REGION, profile).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// OpenAI-compatible base URL ending in /v1 (else OPENAI_BASE_URL or [agents.openai] base_url).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Model for the OpenAI-compatible endpoint (else PREPAI_OPENAI_MODEL or [agents.openai] model).
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,
}

impl RemoteFlags {
    fn flags(&self) -> AgentFlags {
        AgentFlags {
            agent_id: self.agent_id.clone(),
            agent_alias_id: self.agent_alias_id.clone(),
            region: self.region.clone(),
            base_url: self.base_url.clone(),
            model: self.model.clone(),
        }
    }
}

/// The values `--agent` takes.
pub const AGENT_NAMES: [&str; 3] = ["local", "bedrock", "openai"];

/// `prepai agents …`.
#[derive(Debug, Subcommand)]
pub enum AgentsCommand {
    /// Verify a remote interviewer's configuration, credentials and reachability.
    Check(CheckArgs),
}

/// Arguments of `prepai agents check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The agent to check (default: every remote agent that has settings).
    #[arg(long, value_parser = ["bedrock", "openai"])]
    pub agent: Option<String>,
    #[command(flatten)]
    pub remote: RemoteFlags,
}

fn env(k: &str) -> Option<String> {
    std::env::var(k).ok().filter(|v| !v.trim().is_empty())
}

fn agents_file(ctx: &Context) -> Result<AgentsFile> {
    agents_file_in(&ctx.paths()?.config_dir)
}

fn bad(e: AgentError) -> anyhow::Error {
    BadInput(e.to_string()).into()
}

/// The remote interviewer `kind` configured by `flags`, the environment and
/// config.toml; `None` for the local one. Missing settings are bad input.
pub fn remote_agent(
    ctx: &Context,
    kind: AgentKind,
    remote: &RemoteFlags,
) -> Result<Option<Box<dyn Agent>>> {
    match kind {
        AgentKind::Local => Ok(None),
        _ => remote_agent_from(&agents_file(ctx)?, kind, remote),
    }
}

/// [`remote_agent`] with the `[agents.*]` settings already read from config.toml.
pub fn remote_agent_from(
    file: &AgentsFile,
    kind: AgentKind,
    remote: &RemoteFlags,
) -> Result<Option<Box<dyn Agent>>> {
    let flags = remote.flags();
    Ok(match kind {
        AgentKind::Local => None,
        AgentKind::Bedrock => {
            let s = BedrockSettings::resolve(&flags, file, env).map_err(bad)?;
            Some(Box::new(BedrockAgent::new(s)))
        }
        AgentKind::OpenAi => {
            let s = OpenAiSettings::resolve(&flags, file, env).map_err(bad)?;
            Some(Box::new(OpenAiAgent::new(s).map_err(bad)?))
        }
    })
}

/// The `[agents.*]` settings of config.toml in `config_dir`.
pub fn agents_file_in(config_dir: &std::path::Path) -> Result<AgentsFile> {
    AgentsFile::load(config_dir).map_err(|e| BadInput(e.to_string()).into())
}

/// Runs an `agents` subcommand.
pub fn run(ctx: &Context, cmd: AgentsCommand) -> Result<()> {
    let AgentsCommand::Check(a) = cmd;
    let file = agents_file(ctx)?;
    let flags = a.remote.flags();
    let kinds: Vec<AgentKind> = match a.agent.as_deref() {
        Some(name) => vec![AgentKind::parse(name).map_err(bad)?],
        None => {
            let bedrock = flags.agent_id.is_some()
                || env("BEDROCK_AGENT_ID").is_some()
                || file.bedrock.agent_id.is_some();
            let openai = flags.base_url.is_some()
                || flags.model.is_some()
                || env("OPENAI_BASE_URL").is_some()
                || env("OPENAI_API_KEY").is_some()
                || file.openai.base_url.is_some()
                || file.openai.model.is_some();
            match (bedrock, openai) {
                (true, false) => vec![AgentKind::Bedrock],
                (false, true) => vec![AgentKind::OpenAi],
                (true, true) => vec![AgentKind::Bedrock, AgentKind::OpenAi],
                (false, false) => {
                    return Err(BadInput(
                        "no remote agent is configured; pass --agent bedrock|openai with its settings, or add [agents.bedrock] / [agents.openai] to config.toml (see README)".into(),
                    )
                    .into())
                }
            }
        }
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let reports: Vec<CheckReport> = rt.block_on(async {
        let mut out = Vec::new();
        for kind in kinds {
            out.push(match kind {
                AgentKind::Bedrock => {
                    let s = BedrockSettings::resolve(&flags, &file, env);
                    check::check_bedrock(s, BedrockAgent::new).await
                }
                _ => check::check_openai(OpenAiSettings::resolve(&flags, &file, env)).await,
            });
        }
        out
    });
    if ctx.json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    } else {
        for r in &reports {
            println!("{}:", r.agent);
            for i in &r.items {
                println!(
                    "  {} {:<13} {}",
                    if i.ok { "ok  " } else { "FAIL" },
                    i.name,
                    i.detail
                );
            }
        }
    }
    let failed: Vec<&CheckReport> = reports.iter().filter(|r| !r.ok()).collect();
    if failed.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = failed.iter().map(|r| r.agent.as_str()).collect();
    let summary = format!("agent check failed for {}", names.join(", "));
    let config_only = failed
        .iter()
        .all(|r| r.items.iter().any(|i| !i.ok && i.name == "configuration"));
    if config_only {
        Err(BadInput(summary).into())
    } else {
        Err(anyhow::anyhow!(summary))
    }
}
