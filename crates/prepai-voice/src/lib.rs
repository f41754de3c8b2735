//! PrepAI's voice layer.
//!
//! Today: preparing the interviewer's text for speech — [`speech_text::clean_for_speech`]
//! strips markdown, code and stage directions, and [`sentences::SentenceSplitter`] cuts a
//! streaming reply into sentences so speech can start on the first one while the rest is
//! still being written. Audio I/O (cpal), voice activity detection, Whisper speech-to-text
//! and espeak-ng text-to-speech build on these.

pub mod sentences;
pub mod speech_text;

pub use sentences::SentenceSplitter;
pub use speech_text::clean_for_speech;
