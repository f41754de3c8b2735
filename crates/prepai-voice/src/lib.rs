//! PrepAI's voice layer: the candidate speaks, the interviewer speaks back.
//!
//! - [`audio`]: input and output devices (cpal), listing and streams;
//! - [`resample`]: rubato resampling to 16 kHz mono for Whisper and to the device rate;
//! - [`vad`]: earshot voice activity detection, turn detection, push-to-talk;
//! - [`stt`]: Whisper speech-to-text (whisper-rs), model loaded once and reused;
//! - [`tts`]: espeak-ng text-to-speech, spoken sentence by sentence as the reply streams;
//! - [`playback`]: the playback queue and barge-in;
//! - [`recording`] and [`wav`]: turns kept as WAV files, WAV input;
//! - [`pipeline`]: a whole voice turn (capture → VAD → STT) for front ends;
//! - [`live`]: the live loop for interactive front ends (listen, speak, barge-in);
//! - [`speech_text::clean_for_speech`] and [`sentences::SentenceSplitter`]: text prepared
//!   for speech (no markdown, code or stage directions), cut into sentences.
//!
//! [`tiny_model`] writes a tiny random-weight Whisper model for tests and benchmarks.

pub mod audio;
pub mod config;
pub mod error;
pub mod live;
pub mod pipeline;
pub mod playback;
pub mod recording;
pub mod resample;
pub mod sentences;
pub mod speech_text;
pub mod stt;
pub mod tiny_model;
pub mod tts;
pub mod vad;
pub mod wav;

pub use config::VoiceConfig;
pub use error::{Result, VoiceError};
pub use live::{LiveAudio, LiveOptions, LiveState, LiveVoice, VoiceControl, VoiceUpdate};
pub use playback::{BargeIn, PlaybackQueue};
pub use sentences::SentenceSplitter;
pub use speech_text::clean_for_speech;
pub use stt::{Segment, Transcriber, Transcript};
pub use tts::{Audio, SpeechStream, Synthesizer, VoiceSettings};
pub use vad::{PushToTalk, Turn, TurnConfig, TurnDetector, TurnEvent};
