//! Where the remote agents' settings come from. Precedence, lowest first:
//! `[agents.bedrock]` / `[agents.openai]` in `config.toml`, environment
//! variables, command-line flags.

use std::path::Path;

use prepai_core::agent::AgentError;
use serde::Deserialize;

/// Which interviewer runs the interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentKind {
    /// The built-in offline interviewer.
    Local,
    /// An AWS Bedrock Agent.
    Bedrock,
    /// An OpenAI-compatible chat-completions endpoint.
    OpenAi,
}

impl AgentKind {
    /// Parses `local`, `bedrock` or `openai`.
    pub fn parse(name: &str) -> Result<Self, AgentError> {
        match name.trim().to_ascii_lowercase().as_str() {
            "local" => Ok(AgentKind::Local),
            "bedrock" => Ok(AgentKind::Bedrock),
            "openai" => Ok(AgentKind::OpenAi),
            other => Err(AgentError::Config(format!(
                "unknown agent `{other}`; use local, bedrock or openai"
            ))),
        }
    }

    /// The name used on the command line and in events.
    pub fn name(self) -> &'static str {
        match self {
            AgentKind::Local => "local",
            AgentKind::Bedrock => "bedrock",
            AgentKind::OpenAi => "openai",
        }
    }
}

/// The `[agents]` table of `config.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AgentsFile {
    /// `[agents.bedrock]`.
    pub bedrock: BedrockFile,
    /// `[agents.openai]`.
    pub openai: OpenAiFile,
}

/// `[agents.bedrock]` in `config.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct BedrockFile {
    /// The agent's id.
    pub agent_id: Option<String>,
    /// The alias to invoke.
    pub agent_alias_id: Option<String>,
    /// The AWS region (else the standard AWS chain decides).
    pub region: Option<String>,
}

/// `[agents.openai]` in `config.toml`.
#[derive(Clone, Default, Deserialize)]
#[serde(default)]
pub struct OpenAiFile {
    /// Base URL, ending in `/v1`.
    pub base_url: Option<String>,
    /// API key (prefer the `OPENAI_API_KEY` environment variable).
    pub api_key: Option<String>,
    /// Model name.
    pub model: Option<String>,
}

impl std::fmt::Debug for OpenAiFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiFile")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("model", &self.model)
            .finish()
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ConfigFile {
    agents: AgentsFile,
}

impl AgentsFile {
    /// Reads the `[agents]` table of `<config_dir>/config.toml`; a missing file
    /// or table means no settings.
    pub fn load(config_dir: &Path) -> Result<Self, AgentError> {
        let path = config_dir.join("config.toml");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => {
                return Err(AgentError::Config(format!(
                    "cannot read {}: {e}",
                    path.display()
                )))
            }
        };
        toml::from_str::<ConfigFile>(&text)
            .map(|c| c.agents)
            .map_err(|e| {
                AgentError::Config(format!(
                    "{}: the [agents] table is not valid: {}",
                    path.display(),
                    e.message()
                ))
            })
    }
}

/// Values given on the command line (each overrides env and file).
#[derive(Debug, Clone, Default)]
pub struct AgentFlags {
    /// `--agent-id`.
    pub agent_id: Option<String>,
    /// `--agent-alias-id`.
    pub agent_alias_id: Option<String>,
    /// `--region`.
    pub region: Option<String>,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--model`.
    pub model: Option<String>,
}

/// Resolved settings of a Bedrock agent.
#[derive(Debug, Clone, PartialEq)]
pub struct BedrockSettings {
    /// The agent's id.
    pub agent_id: String,
    /// The alias to invoke.
    pub agent_alias_id: String,
    /// The region, if set here (else the AWS chain: `AWS_REGION`, profile).
    pub region: Option<String>,
}

/// Resolved settings of an OpenAI-compatible endpoint.
#[derive(Clone, PartialEq)]
pub struct OpenAiSettings {
    /// Base URL without a trailing slash (`https://api.openai.com/v1`).
    pub base_url: String,
    /// API key; local servers often need none.
    pub api_key: Option<String>,
    /// Model name.
    pub model: String,
}

impl std::fmt::Debug for OpenAiSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiSettings")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("model", &self.model)
            .finish()
    }
}

fn pick(flag: &Option<String>, env: Option<String>, file: &Option<String>) -> Option<String> {
    [flag.clone(), env, file.clone()]
        .into_iter()
        .flatten()
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
}

impl BedrockSettings {
    /// Resolves flags > `BEDROCK_AGENT_ID` / `BEDROCK_AGENT_ALIAS_ID` /
    /// `AWS_REGION` > `[agents.bedrock]`; says what is missing and how to set it.
    pub fn resolve(
        flags: &AgentFlags,
        file: &AgentsFile,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, AgentError> {
        let f = &file.bedrock;
        let agent_id = pick(&flags.agent_id, env("BEDROCK_AGENT_ID"), &f.agent_id);
        let alias = pick(
            &flags.agent_alias_id,
            env("BEDROCK_AGENT_ALIAS_ID"),
            &f.agent_alias_id,
        );
        let region = pick(&flags.region, None, &f.region);
        let missing = |what: &str, flag: &str, var: &str, key: &str| {
            AgentError::Config(format!(
                "no Bedrock {what}: pass {flag}, set {var}, or set {key} in [agents.bedrock] of config.toml"
            ))
        };
        let agent_id = agent_id
            .ok_or_else(|| missing("agent id", "--agent-id", "BEDROCK_AGENT_ID", "agent_id"))?;
        let agent_alias_id = alias.ok_or_else(|| {
            missing(
                "agent alias id",
                "--agent-alias-id",
                "BEDROCK_AGENT_ALIAS_ID",
                "agent_alias_id",
            )
        })?;
        for (what, v) in [("agent id", &agent_id), ("agent alias id", &agent_alias_id)] {
            if v.len() > 10 || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(AgentError::Config(format!(
                    "the Bedrock {what} `{v}` is not valid: it is up to 10 letters and digits, as shown in the Bedrock console"
                )));
            }
        }
        Ok(BedrockSettings {
            agent_id,
            agent_alias_id,
            region,
        })
    }
}

/// The model used when none is configured.
pub const DEFAULT_OPENAI_MODEL: &str = "gpt-4o-mini";
/// The endpoint used when none is configured.
pub const DEFAULT_OPENAI_BASE_URL: &str = "https://api.openai.com/v1";

impl OpenAiSettings {
    /// Resolves flags > `OPENAI_BASE_URL` / `OPENAI_API_KEY` /
    /// `PREPAI_OPENAI_MODEL` > `[agents.openai]` > OpenAI's public API and
    /// [`DEFAULT_OPENAI_MODEL`].
    pub fn resolve(
        flags: &AgentFlags,
        file: &AgentsFile,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, AgentError> {
        let f = &file.openai;
        let base_url = pick(&flags.base_url, env("OPENAI_BASE_URL"), &f.base_url)
            .unwrap_or_else(|| DEFAULT_OPENAI_BASE_URL.into());
        let base_url = base_url.trim_end_matches('/').to_string();
        match reqwest::Url::parse(&base_url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => {}
            _ => {
                return Err(AgentError::Config(format!(
                    "the OpenAI base URL `{base_url}` is not an http(s) URL; pass e.g. --base-url http://localhost:11434/v1"
                )))
            }
        }
        let api_key = pick(&None, env("OPENAI_API_KEY"), &f.api_key);
        let model = pick(&flags.model, env("PREPAI_OPENAI_MODEL"), &f.model)
            .unwrap_or_else(|| DEFAULT_OPENAI_MODEL.into());
        Ok(OpenAiSettings {
            base_url,
            api_key,
            model,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn flags_beat_env_beat_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            "data_dir = \"/x\"\n[agents.bedrock]\nagent_id = \"FILEAGENT1\"\nagent_alias_id = \"FILEALIAS1\"\nregion = \"eu-west-1\"\n[agents.openai]\nmodel = \"file-model\"\napi_key = \"sk-file\"\n",
        )
        .unwrap();
        let file = AgentsFile::load(dir.path()).unwrap();
        let none = AgentFlags::default();
        let b = BedrockSettings::resolve(&none, &file, env_of(&[])).unwrap();
        assert_eq!(b.agent_id, "FILEAGENT1");
        assert_eq!(b.region.as_deref(), Some("eu-west-1"));
        let b =
            BedrockSettings::resolve(&none, &file, env_of(&[("BEDROCK_AGENT_ID", "ENVAGENT12")]))
                .unwrap();
        assert_eq!(b.agent_id, "ENVAGENT12");
        let flags = AgentFlags {
            agent_id: Some("FLAGAGENT1".into()),
            ..Default::default()
        };
        let b =
            BedrockSettings::resolve(&flags, &file, env_of(&[("BEDROCK_AGENT_ID", "ENVAGENT12")]))
                .unwrap();
        assert_eq!(b.agent_id, "FLAGAGENT1");

        let o = OpenAiSettings::resolve(&none, &file, env_of(&[])).unwrap();
        assert_eq!(o.model, "file-model");
        assert_eq!(o.base_url, DEFAULT_OPENAI_BASE_URL);
        assert!(
            !format!("{o:?}").contains("sk-file"),
            "keys never show in Debug"
        );
    }

    #[test]
    fn missing_and_malformed_settings_say_how_to_fix() {
        let file = AgentsFile::default();
        let e = BedrockSettings::resolve(&AgentFlags::default(), &file, env_of(&[]))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("--agent-id") && e.contains("BEDROCK_AGENT_ID"),
            "{e}"
        );
        let flags = AgentFlags {
            agent_id: Some("not an id!".into()),
            agent_alias_id: Some("TSTALIASID".into()),
            ..Default::default()
        };
        let e = BedrockSettings::resolve(&flags, &file, env_of(&[])).unwrap_err();
        assert!(e.to_string().contains("not valid"), "{e}");
        let flags = AgentFlags {
            base_url: Some("localhost:8080".into()),
            ..Default::default()
        };
        assert!(OpenAiSettings::resolve(&flags, &file, env_of(&[])).is_err());
        assert!(AgentKind::parse("claude").is_err());
        assert_eq!(AgentKind::parse("OpenAI").unwrap(), AgentKind::OpenAi);
    }

    #[test]
    fn bad_agents_table_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            "[agents.openai]\nmodel = 3\n",
        )
        .unwrap();
        let e = AgentsFile::load(dir.path()).unwrap_err().to_string();
        assert!(e.contains("config.toml"), "{e}");
    }
}
