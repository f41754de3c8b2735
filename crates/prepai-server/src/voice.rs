//! Voice on the interview WebSocket: the candidate's utterances (WAV or raw
//! 16 kHz mono s16le PCM) transcribed with the server's Whisper model, and the
//! interviewer's replies spoken with espeak-ng as WAV bytes.
//!
//! The model is loaded once and shared by every connection; decoding,
//! inference and synthesis run on blocking threads, at most
//! [`Voice::concurrent`] at once (more wait their turn).

use std::path::PathBuf;

use prepai_voice::pipeline::{transcribe_samples, HeardTurn};
use prepai_voice::recording::Recorder;
use prepai_voice::resample::resample;
use prepai_voice::vad::VAD_RATE;
use prepai_voice::wav::{decode_wav, encode_wav};
use prepai_voice::{clean_for_speech, Synthesizer, Transcriber, VoiceSettings};
use tokio::sync::Semaphore;

/// What a client without a model on the server is told.
pub const NO_MODEL: &str = "voice input is not available on this server: start `prepai serve` \
with --whisper-model PATH (or set PREPAI_WHISPER_MODEL, or `whisper_model` under [voice] in \
config.toml); until then send {\"type\": \"user_text\", \"text\": \"…\"} instead";

/// The server's speech recognition and synthesis.
pub struct Voice {
    transcriber: Option<Transcriber>,
    settings: VoiceSettings,
    slots: Semaphore,
    concurrent: usize,
    record_root: Option<PathBuf>,
}

impl Default for Voice {
    /// No model (voice input answers with [`NO_MODEL`]), the default voice.
    fn default() -> Self {
        Voice::new(None, VoiceSettings::default(), 2)
    }
}

impl Voice {
    /// Voice with `transcriber` (none: voice input is refused), speaking with
    /// `settings`, running at most `concurrent` transcriptions or syntheses at once.
    pub fn new(
        transcriber: Option<Transcriber>,
        settings: VoiceSettings,
        concurrent: usize,
    ) -> Self {
        let concurrent = concurrent.max(1);
        Voice {
            transcriber,
            settings,
            slots: Semaphore::new(concurrent),
            concurrent,
            record_root: None,
        }
    }

    /// Keeps each utterance as a WAV file in `root/recordings/{session_id}/`.
    pub fn with_recordings(mut self, root: PathBuf) -> Self {
        self.record_root = Some(root);
        self
    }

    /// Whether a Whisper model is loaded.
    pub fn has_model(&self) -> bool {
        self.transcriber.is_some()
    }

    /// How many transcriptions or syntheses run at once.
    pub fn concurrent(&self) -> usize {
        self.concurrent
    }

    /// Transcribes one utterance of `session` (recording it when asked to);
    /// the error is the message for the client.
    pub async fn transcribe(&self, session: &str, bytes: Vec<u8>) -> Result<HeardTurn, String> {
        let Some(t) = self.transcriber.clone() else {
            return Err(NO_MODEL.into());
        };
        let _slot = self.slots.acquire().await.map_err(|e| e.to_string())?;
        let record_root = self.record_root.clone();
        let session = session.to_string();
        let heard = tokio::task::spawn_blocking(move || {
            let audio = decode_utterance(&bytes)?;
            if let Some(root) = record_root {
                // A recording that cannot be written does not cost the turn.
                if let Err(e) =
                    Recorder::new(&root, &session).and_then(|mut r| r.save_turn(&audio, VAD_RATE))
                {
                    tracing::warn!(error = %e, "the utterance was not recorded");
                }
            }
            transcribe_samples(&t, &audio).map_err(|e| {
                tracing::warn!(error = %e, "transcription failed");
                "the audio could not be transcribed; try again or send user_text".to_string()
            })
        })
        .await
        .map_err(|_| "the audio could not be transcribed; try again".to_string())??;
        if heard.text.trim().is_empty() {
            return Err(
                "no words were heard in that audio; speak again (or send user_text)".into(),
            );
        }
        Ok(heard)
    }

    /// The interviewer's `text` spoken as a 16-bit mono WAV file; `None` when
    /// nothing is left to say once markdown and code are removed. The error
    /// (espeak-ng missing or failing) is the message for the client.
    pub async fn speak(&self, text: &str) -> Result<Option<Vec<u8>>, String> {
        let text = clean_for_speech(text);
        if text.trim().is_empty() {
            return Ok(None);
        }
        let settings = self.settings.clone();
        let _slot = self.slots.acquire().await.map_err(|e| e.to_string())?;
        tokio::task::spawn_blocking(move || {
            let audio = Synthesizer::new(settings)
                .and_then(|s| s.synthesize(&text))
                .map_err(|e| format!("spoken replies are off: {e}; the text goes on"))?;
            encode_wav(&audio.samples, audio.sample_rate)
                .map(Some)
                .map_err(|e| format!("spoken replies are off: {e}"))
        })
        .await
        .map_err(|_| "spoken replies are off: speech synthesis failed".to_string())?
    }
}

/// 16 kHz mono samples from a client's utterance: a WAV file (any rate and
/// channels) or, when it does not start with `RIFF`, raw 16 kHz mono s16le PCM.
pub fn decode_utterance(bytes: &[u8]) -> Result<Vec<f32>, String> {
    if bytes.starts_with(b"RIFF") {
        let audio = decode_wav(bytes, "the utterance").map_err(|e| e.to_string())?;
        if audio.samples.is_empty() {
            return Err("the WAV file holds no samples".into());
        }
        return resample(&audio.samples, audio.sample_rate, VAD_RATE).map_err(|e| e.to_string());
    }
    if !bytes.len().is_multiple_of(2) {
        return Err(
            "audio that is not a WAV file must be raw 16 kHz mono 16-bit little-endian PCM \
             (an even number of bytes)"
                .into(),
        );
    }
    Ok(bytes
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 / 32768.0)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_pcm_and_wav_decode_to_16k_mono() {
        let raw: Vec<u8> = [0i16, 16384, -16384, 32767]
            .iter()
            .flat_map(|s| s.to_le_bytes())
            .collect();
        assert_eq!(
            decode_utterance(&raw).unwrap(),
            vec![0.0, 0.5, -0.5, 32767.0 / 32768.0]
        );
        assert!(decode_utterance(&raw[..3])
            .unwrap_err()
            .contains("raw 16 kHz"));

        let tone: Vec<f32> = (0..48_000)
            .map(|i| (i as f32 * 440.0 * std::f32::consts::TAU / 48_000.0).sin() * 0.5)
            .collect();
        let wav = encode_wav(&tone, 48_000).unwrap();
        let decoded = decode_utterance(&wav).unwrap();
        assert!(
            (decoded.len() as i64 - 16_000).abs() < 200,
            "{}",
            decoded.len()
        );
        assert!(decoded.iter().any(|s| s.abs() > 0.3));

        let mut broken = wav[..20].to_vec();
        broken.extend_from_slice(&[1, 2, 3]);
        assert!(decode_utterance(&broken)
            .unwrap_err()
            .contains("not a readable WAV"));
    }

    #[tokio::test]
    async fn without_a_model_voice_input_says_how_to_configure_one() {
        let v = Voice::default();
        assert!(!v.has_model());
        let e = v.transcribe("s", vec![0; 3200]).await.unwrap_err();
        assert!(e.contains("--whisper-model"), "{e}");
    }
}
