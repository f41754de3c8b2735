//! The voice layer's errors, each with a message that says what to do.

use std::path::PathBuf;

/// Where to get a Whisper model and how to point PrepAI at it (used in error messages).
pub const MODEL_HELP: &str = "download a ggml model (for example ggml-base.en.bin) from \
https://huggingface.co/ggerganov/whisper.cpp and pass it with --whisper-model PATH, \
set PREPAI_WHISPER_MODEL=PATH, or set `whisper_model = \"PATH\"` under [voice] in the config file";

/// Everything that can go wrong in the voice layer.
#[derive(Debug, thiserror::Error)]
pub enum VoiceError {
    /// No audio device for the wanted direction (or the named one does not exist).
    #[error("no audio {direction} device{}: connect one, pick another with `prepai voice devices`, or use typed mode (`prepai interview --headless` without voice, or `--audio-in DIR` with WAV files)", .name.as_ref().map(|n| format!(" named `{n}`")).unwrap_or_default())]
    NoDevice {
        /// `input` or `output`.
        direction: &'static str,
        /// The requested name, if one was given.
        name: Option<String>,
    },
    /// The audio system failed while opening or running a stream.
    #[error("audio device error: {0}")]
    Device(String),
    /// No Whisper model was configured.
    #[error("no Whisper model configured: {MODEL_HELP}")]
    ModelNotConfigured,
    /// The configured model file does not exist.
    #[error("Whisper model `{}` not found: {MODEL_HELP}", .0.display())]
    ModelMissing(PathBuf),
    /// The file exists but is not a ggml Whisper model whisper.cpp can load.
    #[error("`{}` is not a usable ggml Whisper model ({reason}): {MODEL_HELP}", .path.display())]
    ModelInvalid {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Whisper failed while transcribing.
    #[error("speech recognition failed: {0}")]
    Transcription(String),
    /// espeak-ng is missing or failed.
    #[error("text-to-speech failed: {0}")]
    Speech(String),
    /// A setting is out of range (voice, rate, pitch, silence length…).
    #[error("invalid voice setting: {0}")]
    InvalidSetting(String),
    /// An audio file could not be read or written.
    #[error("audio file `{}`: {reason}", .path.display())]
    AudioFile {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// A file system error.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl VoiceError {
    /// True when the user gave bad input (a bad file, setting or model path) rather than
    /// the machine failing; the CLI exits with 2 for these.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            VoiceError::ModelNotConfigured
                | VoiceError::ModelMissing(_)
                | VoiceError::ModelInvalid { .. }
                | VoiceError::InvalidSetting(_)
                | VoiceError::AudioFile { .. }
        )
    }
}

/// Shorthand for results in this crate.
pub type Result<T, E = VoiceError> = std::result::Result<T, E>;
