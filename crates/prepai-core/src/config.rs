//! Where PrepAI keeps its configuration and data, and the configuration file itself.
//!
//! Precedence, lowest first: built-in defaults, `<config dir>/config.toml`,
//! environment variables (`PREPAI_DATA_DIR`), command-line flags (`--data-dir`).
//! The config directory itself is `PREPAI_CONFIG_DIR` or the platform's
//! (`~/.config/prepai` on Linux).

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Errors reading the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file exists but is not valid TOML of the expected shape.
    #[error("config file {}: {detail}; fix it or move it aside", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The parse error.
        detail: String,
    },
    /// No home directory, so no default location can be chosen.
    #[error("cannot find a home directory for PrepAI's files; set PREPAI_DATA_DIR and PREPAI_CONFIG_DIR")]
    NoHome,
    /// Reading the file failed.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// The contents of `config.toml`. Unknown keys are ignored so that older versions
/// can read newer files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Where the database lives (overrides the platform default).
    pub data_dir: Option<PathBuf>,
    /// Limits for running candidate code (`[sandbox]`).
    pub sandbox: SandboxConfig,
}

/// `[sandbox]` in `config.toml`: resource limits for candidate code. Unset
/// values keep the defaults (2 s CPU, 5 s wall, 256 MiB, 64 processes, 1 MiB output).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SandboxConfig {
    /// CPU seconds per run.
    pub cpu_seconds: Option<u64>,
    /// Wall-clock seconds per run.
    pub wall_seconds: Option<u64>,
    /// Memory in MiB.
    pub memory_mib: Option<u64>,
    /// Processes and threads.
    pub max_processes: Option<u64>,
    /// Captured output in KiB.
    pub output_kib: Option<u64>,
}

impl SandboxConfig {
    /// The sandbox limits these settings describe.
    pub fn limits(&self) -> prepai_sandbox::Limits {
        let mut l = prepai_sandbox::Limits::default();
        if let Some(s) = self.cpu_seconds {
            l.cpu_time = std::time::Duration::from_secs(s);
        }
        if let Some(s) = self.wall_seconds {
            l.wall_time = std::time::Duration::from_secs(s);
        }
        if let Some(m) = self.memory_mib {
            l.memory_bytes = m << 20;
        }
        if let Some(p) = self.max_processes {
            l.max_processes = p;
        }
        if let Some(k) = self.output_kib {
            l.output_bytes = k << 10;
        }
        l
    }
}

impl Config {
    /// Reads `config.toml` from `config_dir`; a missing file is the default config.
    pub fn load(config_dir: &Path) -> Result<Config, ConfigError> {
        let path = config_dir.join("config.toml");
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| ConfigError::Invalid {
                path,
                detail: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Io { path, source }),
        }
    }
}

/// The resolved directories for one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Paths {
    /// Holds `config.toml`, `types/`, `kb/`.
    pub config_dir: PathBuf,
    /// Holds `prepai.db`.
    pub data_dir: PathBuf,
}

impl Paths {
    /// Resolves both directories. `data_dir_flag` is the `--data-dir` flag;
    /// `env` looks up environment variables (injected for testability).
    pub fn resolve(
        data_dir_flag: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<(Paths, Config), ConfigError> {
        let project = || directories::ProjectDirs::from("dev", "prepai", "prepai");
        let config_dir = match env("PREPAI_CONFIG_DIR").filter(|s| !s.is_empty()) {
            Some(dir) => PathBuf::from(dir),
            None => project()
                .ok_or(ConfigError::NoHome)?
                .config_dir()
                .to_path_buf(),
        };
        let config = Config::load(&config_dir)?;
        let data_dir = match (
            data_dir_flag,
            env("PREPAI_DATA_DIR").filter(|s| !s.is_empty()),
        ) {
            (Some(flag), _) => flag.to_path_buf(),
            (None, Some(env_dir)) => PathBuf::from(env_dir),
            (None, None) => match &config.data_dir {
                Some(dir) => dir.clone(),
                None => project()
                    .ok_or(ConfigError::NoHome)?
                    .data_dir()
                    .to_path_buf(),
            },
        };
        Ok((
            Paths {
                config_dir,
                data_dir,
            },
            config,
        ))
    }

    /// The SQLite database file.
    pub fn database(&self) -> PathBuf {
        self.data_dir.join("prepai.db")
    }

    /// The directory of user-defined interview types.
    pub fn user_types_dir(&self) -> PathBuf {
        self.config_dir.join("types")
    }

    /// The directory of user-defined interview questions.
    pub fn user_questions_dir(&self) -> PathBuf {
        self.config_dir.join("questions")
    }

    /// The directory of user knowledge-base documents.
    pub fn user_kb_dir(&self) -> PathBuf {
        self.config_dir.join("kb")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_from(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let owned: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| owned.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn flag_beats_env_beats_config_file() {
        let cfg = tempfile::tempdir().unwrap();
        std::fs::write(
            cfg.path().join("config.toml"),
            "data_dir = \"/from/config\"\n",
        )
        .unwrap();
        let c = cfg.path().to_str().unwrap();

        let (p, _) = Paths::resolve(None, env_from(&[("PREPAI_CONFIG_DIR", c)])).unwrap();
        assert_eq!(p.data_dir, PathBuf::from("/from/config"));

        let env = env_from(&[("PREPAI_CONFIG_DIR", c), ("PREPAI_DATA_DIR", "/from/env")]);
        let (p, _) = Paths::resolve(None, &env).unwrap();
        assert_eq!(p.data_dir, PathBuf::from("/from/env"));

        let (p, _) = Paths::resolve(Some(Path::new("/from/flag")), &env).unwrap();
        assert_eq!(p.data_dir, PathBuf::from("/from/flag"));
        assert_eq!(p.database(), PathBuf::from("/from/flag/prepai.db"));
    }

    #[test]
    fn invalid_config_names_the_file() {
        let cfg = tempfile::tempdir().unwrap();
        std::fs::write(cfg.path().join("config.toml"), "data_dir = [").unwrap();
        let err = Paths::resolve(
            None,
            env_from(&[("PREPAI_CONFIG_DIR", cfg.path().to_str().unwrap())]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("config.toml"));
    }
}
