//! `[voice]` in PrepAI's `config.toml`: the Whisper model, the interviewer's voice and
//! turn-taking. Every key is optional; command-line flags and the environment win.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Result, VoiceError};

/// The `[voice]` table.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct VoiceConfig {
    /// The ggml Whisper model file.
    pub whisper_model: Option<PathBuf>,
    /// espeak-ng voice name.
    pub voice: Option<String>,
    /// Words per minute.
    pub rate: Option<u32>,
    /// Pitch 0–99.
    pub pitch: Option<u32>,
    /// Silence that ends a turn, ms.
    pub end_silence_ms: Option<u32>,
    /// Microphone name (`prepai voice devices`).
    pub input_device: Option<String>,
    /// Speaker name.
    pub output_device: Option<String>,
    /// Push-to-talk: the live interview starts with the mic muted and the mute key
    /// (`toggle_mic`) opens it.
    pub push_to_talk: Option<bool>,
    /// Keep each spoken turn of a live interview as a WAV file under
    /// `<data dir>/recordings/{session_id}/`.
    pub record: Option<bool>,
}

#[derive(Deserialize, Default)]
struct File {
    #[serde(default)]
    voice: VoiceConfig,
}

impl VoiceConfig {
    /// Reads `[voice]` from `config_dir/config.toml` (a missing file or table gives the
    /// defaults). A relative `whisper_model` is taken relative to `config_dir`.
    pub fn load(config_dir: &Path) -> Result<Self> {
        let path = config_dir.join("config.toml");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(e.into()),
        };
        let file: File = toml::from_str(&text).map_err(|e| {
            VoiceError::InvalidSetting(format!(
                "{}: [voice] is malformed: {}",
                path.display(),
                e.message()
            ))
        })?;
        let mut cfg = file.voice;
        cfg.whisper_model = cfg.whisper_model.map(|p| {
            if p.is_relative() {
                config_dir.join(p)
            } else {
                p
            }
        });
        Ok(cfg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_voice_table() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            VoiceConfig::load(dir.path()).unwrap(),
            VoiceConfig::default()
        );
        std::fs::write(
            dir.path().join("config.toml"),
            "data_dir = \"/x\"\n[voice]\nwhisper_model = \"m.bin\"\nrate = 160\npush_to_talk = true\n",
        )
        .unwrap();
        let cfg = VoiceConfig::load(dir.path()).unwrap();
        assert_eq!(cfg.whisper_model, Some(dir.path().join("m.bin")));
        assert_eq!(cfg.rate, Some(160));
        assert_eq!(cfg.push_to_talk, Some(true));
        std::fs::write(dir.path().join("config.toml"), "[voice]\nrate = \"fast\"\n").unwrap();
        assert!(VoiceConfig::load(dir.path())
            .unwrap_err()
            .to_string()
            .contains("[voice]"));
    }
}
