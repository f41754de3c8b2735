//! Text-to-speech with espeak-ng (its program, `--stdout`), and a stream that speaks the
//! interviewer's reply sentence by sentence while it is still being written.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;

use crate::error::{Result, VoiceError};
use crate::playback::PlaybackQueue;
use crate::resample::resample;
use crate::{clean_for_speech, SentenceSplitter};

/// How the interviewer sounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceSettings {
    /// espeak-ng voice name (`espeak-ng --voices` lists them), e.g. `en-us`, `en-gb`.
    pub voice: String,
    /// Words per minute (80–450).
    pub rate: u32,
    /// Pitch (0–99).
    pub pitch: u32,
}

impl Default for VoiceSettings {
    fn default() -> Self {
        Self {
            voice: "en-us".into(),
            rate: 175,
            pitch: 50,
        }
    }
}

impl VoiceSettings {
    /// Checks the settings are in range.
    pub fn validate(&self) -> Result<()> {
        let voice_ok = !self.voice.is_empty()
            && self.voice.len() <= 64
            && self
                .voice
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_+/".contains(c));
        if !voice_ok {
            return Err(VoiceError::InvalidSetting(format!(
                "voice `{}` is not an espeak-ng voice name (see `espeak-ng --voices`)",
                self.voice
            )));
        }
        if !(80..=450).contains(&self.rate) {
            return Err(VoiceError::InvalidSetting(format!(
                "rate must be 80–450 words per minute (got {})",
                self.rate
            )));
        }
        if self.pitch > 99 {
            return Err(VoiceError::InvalidSetting(format!(
                "pitch must be 0–99 (got {})",
                self.pitch
            )));
        }
        Ok(())
    }
}

/// Mono audio with its rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Audio {
    /// Samples in −1…1.
    pub samples: Vec<f32>,
    /// Samples per second.
    pub sample_rate: u32,
}

impl Audio {
    /// Length in seconds.
    pub fn seconds(&self) -> f64 {
        self.samples.len() as f64 / self.sample_rate as f64
    }
}

/// Speaks text with espeak-ng.
#[derive(Debug, Clone)]
pub struct Synthesizer {
    settings: VoiceSettings,
}

impl Synthesizer {
    /// A synthesizer with these settings; fails if they are out of range or espeak-ng is
    /// not installed.
    pub fn new(settings: VoiceSettings) -> Result<Self> {
        settings.validate()?;
        // Fails early, with the install hint, when espeak-ng is missing.
        Command::new("espeak-ng")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(missing_program)?;
        Ok(Self { settings })
    }

    /// The settings in use.
    pub fn settings(&self) -> &VoiceSettings {
        &self.settings
    }

    /// Speaks `text` as is (no cleaning); empty text is empty audio.
    pub fn synthesize(&self, text: &str) -> Result<Audio> {
        if text.trim().is_empty() {
            return Ok(Audio {
                samples: Vec::new(),
                sample_rate: ESPEAK_RATE,
            });
        }
        let mut child = Command::new("espeak-ng")
            .args(["--stdout", "-b", "1", "-v", &self.settings.voice])
            .args([
                "-s",
                &self.settings.rate.to_string(),
                "-p",
                &self.settings.pitch.to_string(),
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(missing_program)?;
        // espeak-ng speaks long input while still reading it, so feed it from another
        // thread: writing here could block on a full stdout pipe. Dropping stdin closes it.
        let writer = child.stdin.take().map(|mut stdin| {
            let text = text.to_string();
            std::thread::spawn(move || stdin.write_all(text.as_bytes()))
        });
        let out = child.wait_with_output()?;
        if let Some(w) = writer {
            // A write error means espeak-ng exited early; its status says why.
            let _ = w.join();
        }
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            return Err(VoiceError::Speech(format!(
                "espeak-ng failed: {} (check the voice name with `espeak-ng --voices`)",
                err.trim()
            )));
        }
        parse_streamed_wav(&out.stdout)
    }
}

/// espeak-ng's output rate.
const ESPEAK_RATE: u32 = 22_050;

fn missing_program(e: std::io::Error) -> VoiceError {
    VoiceError::Speech(format!(
        "cannot run espeak-ng ({e}); install it (`apt-get install espeak-ng`, or run scripts/setup.sh)"
    ))
}

/// Reads espeak-ng's `--stdout` WAV, whose header gives a placeholder length: samples are
/// read until the data ends.
fn parse_streamed_wav(bytes: &[u8]) -> Result<Audio> {
    let reader = hound::WavReader::new(std::io::Cursor::new(bytes))
        .map_err(|e| VoiceError::Speech(format!("espeak-ng wrote unreadable audio: {e}")))?;
    let spec = reader.spec();
    let channels = spec.channels.max(1) as usize;
    let samples: Vec<f32> = reader
        .into_samples::<i16>()
        .map_while(|s| s.ok())
        .map(|s| s as f32 / 32768.0)
        .collect();
    Ok(Audio {
        samples: crate::resample::to_mono(&samples, channels),
        sample_rate: spec.sample_rate,
    })
}

/// Speaks a streaming reply: text pieces go in as they arrive; each complete sentence is
/// cleaned, synthesized on a worker thread and queued for playback at the queue's rate.
pub struct SpeechStream {
    splitter: SentenceSplitter,
    /// Sentences inside a code fence that is not closed yet.
    held: String,
    tx: Option<mpsc::Sender<String>>,
    worker: Option<JoinHandle<Result<usize>>>,
    queue: PlaybackQueue,
}

impl SpeechStream {
    /// Starts the worker that speaks into `queue`.
    pub fn start(synth: Synthesizer, queue: PlaybackQueue) -> Self {
        let (tx, rx) = mpsc::channel::<String>();
        let out = queue.clone();
        let worker = std::thread::spawn(move || -> Result<usize> {
            let mut spoken = 0;
            for sentence in rx {
                if out.is_stopped() {
                    continue;
                }
                let audio = synth.synthesize(&sentence)?;
                out.push(&resample(
                    &audio.samples,
                    audio.sample_rate,
                    out.sample_rate(),
                )?);
                spoken += 1;
            }
            Ok(spoken)
        });
        Self {
            splitter: SentenceSplitter::new(),
            held: String::new(),
            tx: Some(tx),
            worker: Some(worker),
            queue,
        }
    }

    fn send(&mut self, sentence: String) {
        // A code block can hold sentence ends; keep it whole so cleaning removes all of it.
        if !self.held.is_empty() {
            self.held.push('\n');
        }
        self.held.push_str(&sentence);
        if self.held.matches("```").count() % 2 == 1 {
            return;
        }
        let text = clean_for_speech(&std::mem::take(&mut self.held));
        if !text.trim().is_empty() {
            if let Some(tx) = &self.tx {
                let _ = tx.send(text);
            }
        }
    }

    /// Adds a piece of the reply (an `llm_chunk`); complete sentences start speaking.
    pub fn push_text(&mut self, delta: &str) {
        for sentence in self.splitter.push(delta) {
            self.send(sentence);
        }
    }

    /// Cuts the reply short (barge-in): queued audio is dropped, nothing more is spoken.
    pub fn cancel(&mut self) {
        self.queue.stop();
        self.tx = None;
    }

    /// The reply is complete: speaks the rest and waits until every sentence is queued;
    /// returns how many sentences were spoken.
    pub fn finish(mut self) -> Result<usize> {
        if let Some(rest) = self.splitter.finish() {
            self.send(rest);
        }
        if !self.held.is_empty() {
            // An unclosed fence at the end: close it so its code is not read out.
            let rest = std::mem::take(&mut self.held) + "\n```";
            self.send(rest);
        }
        self.tx = None;
        match self.worker.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(VoiceError::Speech(
                "the speech worker stopped unexpectedly".into(),
            )),
            None => Ok(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_out_of_range_are_refused() {
        let bad = VoiceSettings {
            rate: 10,
            ..VoiceSettings::default()
        };
        assert!(bad.validate().unwrap_err().to_string().contains("80–450"));
        let bad = VoiceSettings {
            voice: "en; rm -rf".into(),
            ..VoiceSettings::default()
        };
        assert!(bad.validate().is_err());
        let bad = VoiceSettings {
            pitch: 120,
            ..VoiceSettings::default()
        };
        assert!(bad.validate().is_err());
    }
}
