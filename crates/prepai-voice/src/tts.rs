//! Text-to-speech with espeak-ng (its program, `--stdout`), and a stream that speaks the
//! interviewer's reply sentence by sentence while it is still being written.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;

use crate::error::{Result, VoiceError};
use crate::playback::PlaybackQueue;
use crate::resample::{to_mono, StreamResampler};
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
        let mut samples = Vec::new();
        let sample_rate = self.synthesize_streaming(text, &mut |chunk, _| {
            samples.extend_from_slice(chunk);
            true
        })?;
        Ok(Audio {
            samples,
            sample_rate,
        })
    }

    /// Speaks `text`, handing mono samples to `on_audio` as espeak-ng writes them, so the
    /// first words can play before the sentence is finished; `on_audio` returns false to
    /// stop early. Returns the sample rate.
    pub fn synthesize_streaming(
        &self,
        text: &str,
        on_audio: &mut dyn FnMut(&[f32], u32) -> bool,
    ) -> Result<u32> {
        if text.trim().is_empty() {
            return Ok(ESPEAK_RATE);
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
        let mut stdout = child.stdout.take().expect("stdout is piped");
        let streamed = stream_wav(&mut stdout, on_audio);
        if !matches!(streamed, Ok((true, _))) {
            // Stopped early or unreadable: espeak-ng's output is no longer wanted.
            let _ = child.kill();
        }
        drop(stdout);
        let out = child.wait_with_output()?;
        if let Some(w) = writer {
            // A write error means espeak-ng exited early; its status says why.
            let _ = w.join();
        }
        match streamed {
            // Stopped by the caller: espeak-ng was killed on purpose.
            Ok((false, rate)) => Ok(rate),
            _ if !out.status.success() => Err(VoiceError::Speech(format!(
                "espeak-ng failed: {} (check the voice name with `espeak-ng --voices`)",
                String::from_utf8_lossy(&out.stderr).trim()
            ))),
            Ok((true, rate)) => Ok(rate),
            Err(e) => Err(e),
        }
    }
}

/// Reads espeak-ng's `--stdout` WAV as it arrives (its header gives a placeholder length,
/// so samples are read until the stream ends). Returns whether it ran to the end (false
/// when `on_audio` stopped it) and the sample rate.
fn stream_wav(
    input: &mut impl Read,
    on_audio: &mut dyn FnMut(&[f32], u32) -> bool,
) -> Result<(bool, u32)> {
    let unreadable =
        |what: &str| VoiceError::Speech(format!("espeak-ng wrote unreadable audio ({what})"));
    let mut header = [0u8; 44];
    if input.read_exact(&mut header).is_err() {
        return Err(unreadable("no WAV header"));
    }
    if &header[0..4] != b"RIFF" || &header[8..12] != b"WAVE" || &header[36..40] != b"data" {
        return Err(unreadable("not a PCM WAV stream"));
    }
    let channels = u16::from_le_bytes([header[22], header[23]]).max(1) as usize;
    let rate = u32::from_le_bytes([header[24], header[25], header[26], header[27]]);
    if rate != ESPEAK_RATE && !(8_000..=96_000).contains(&rate) {
        return Err(unreadable("implausible sample rate"));
    }
    let frame = 2 * channels;
    let mut buf = vec![0u8; 4096];
    let mut pending: Vec<u8> = Vec::new();
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            return Ok((true, rate));
        }
        pending.extend_from_slice(&buf[..n]);
        let whole = pending.len() / frame * frame;
        let samples: Vec<f32> = pending[..whole]
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 / 32768.0)
            .collect();
        pending.drain(..whole);
        if !samples.is_empty() && !on_audio(&to_mono(&samples, channels), rate) {
            return Ok((false, rate));
        }
    }
}

/// espeak-ng's output rate.
const ESPEAK_RATE: u32 = 22_050;

fn missing_program(e: std::io::Error) -> VoiceError {
    VoiceError::Speech(format!(
        "cannot run espeak-ng ({e}); install it (`apt-get install espeak-ng`, or run scripts/setup.sh)"
    ))
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
                // Each piece espeak-ng writes is resampled and queued at once.
                let mut resampler: Option<StreamResampler> = None;
                let mut failed = None;
                synth.synthesize_streaming(&sentence, &mut |chunk, rate| {
                    if out.is_stopped() {
                        return false;
                    }
                    if resampler.is_none() {
                        match StreamResampler::new(rate, out.sample_rate()) {
                            Ok(r) => resampler = Some(r),
                            Err(e) => {
                                failed = Some(e);
                                return false;
                            }
                        }
                    }
                    let r = resampler.as_mut().expect("set above");
                    out.push(&r.push(chunk));
                    true
                })?;
                if let Some(e) = failed {
                    return Err(e);
                }
                if let Some(mut r) = resampler {
                    out.push(&r.flush());
                }
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
