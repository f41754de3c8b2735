//! The TUI's part of `config.toml`: `theme = "light"` and the `[keys]` table.
//! The engine's `Config` ignores these keys; this reads them.

use std::path::Path;

use crate::keys::{KeyMap, KeysError};

/// A problem with the TUI's settings.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file is not TOML.
    #[error("config file {path}: {detail}; fix it or move it aside")]
    Invalid {
        /// The file.
        path: String,
        /// The parse error.
        detail: String,
    },
    /// The `[keys]` table is wrong.
    #[error(transparent)]
    Keys(#[from] KeysError),
}

/// Theme name and key bindings from `config.toml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// `theme = "…"`, if set.
    pub theme: Option<String>,
    /// The key bindings (defaults plus `[keys]`).
    pub keys: KeyMap,
}

impl Settings {
    /// Reads `<config_dir>/config.toml`; a missing file gives the defaults.
    pub fn load(config_dir: &Path) -> Result<Settings, SettingsError> {
        let path = config_dir.join("config.toml");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(_) => return Ok(Settings::default()),
        };
        Settings::parse(&text).map_err(|e| match e {
            SettingsError::Invalid { detail, .. } => SettingsError::Invalid {
                path: path.display().to_string(),
                detail,
            },
            other => other,
        })
    }

    /// Parses the text of a `config.toml`.
    pub fn parse(text: &str) -> Result<Settings, SettingsError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| SettingsError::Invalid {
            path: "config.toml".into(),
            detail: e.message().to_string(),
        })?;
        let theme = match table.get("theme") {
            None => None,
            Some(toml::Value::String(s)) => Some(s.clone()),
            Some(_) => {
                return Err(SettingsError::Invalid {
                    path: "config.toml".into(),
                    detail: "`theme` must be a name, like theme = \"light\"".into(),
                })
            }
        };
        Ok(Settings {
            theme,
            keys: KeyMap::from_config(&table)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeyCommand;

    #[test]
    fn reads_theme_and_keys() {
        let s = Settings::parse("data_dir = \"/x\"\ntheme = \"light\"\n[keys]\nskip = \"f7\"\n")
            .unwrap();
        assert_eq!(s.theme.as_deref(), Some("light"));
        assert_eq!(s.keys.label(KeyCommand::Skip), "F7");
        assert!(Settings::parse("theme = 3")
            .unwrap_err()
            .to_string()
            .contains("`theme`"));
        let d = tempfile::tempdir().unwrap();
        assert_eq!(Settings::load(d.path()).unwrap(), Settings::default());
    }
}
