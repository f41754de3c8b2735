//! Voice activity detection (earshot) and turn-taking: when the candidate starts and
//! stops speaking, with a configurable end-of-turn silence, and push-to-talk instead.

use std::collections::VecDeque;

use crate::error::{Result, VoiceError};

/// The sample rate the detector (and Whisper) work at.
pub const VAD_RATE: u32 = 16_000;
/// Samples per detector frame (16 ms at 16 kHz), fixed by earshot.
pub const VAD_FRAME: usize = 256;

/// earshot decides on a window of past frames, so its score rises and falls about two
/// frames after the sound does (measured on espeak-ng speech, see tests/vad_turns.rs);
/// reported boundaries are moved back by this much.
const LAG_SAMPLES: u64 = 2 * VAD_FRAME as u64;

fn samples_to_ms(samples: u64) -> u64 {
    samples * 1000 / VAD_RATE as u64
}

fn ms_to_samples(ms: u32) -> u64 {
    ms as u64 * VAD_RATE as u64 / 1000
}

/// Frame-level voice detector: earshot's network behind a threshold, fed any number of
/// 16 kHz mono samples at a time.
pub struct Vad {
    detector: Box<earshot::Detector<earshot::DefaultPredictor>>,
    pending: Vec<f32>,
    threshold: f32,
}

impl std::fmt::Debug for Vad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vad")
            .field("threshold", &self.threshold)
            .finish_non_exhaustive()
    }
}

impl Vad {
    /// A detector that calls a frame voiced when earshot's score is at least `threshold`.
    pub fn new(threshold: f32) -> Self {
        Self {
            detector: earshot::Detector::default_boxed(),
            pending: Vec::new(),
            threshold,
        }
    }

    /// The voice score (0–1) of one 256-sample frame.
    pub fn score(&mut self, frame: &[f32; VAD_FRAME]) -> f32 {
        self.detector.predict_f32(frame)
    }

    /// Feeds samples; returns whether each completed frame was voiced.
    pub fn push(&mut self, samples: &[f32]) -> Vec<bool> {
        self.pending.extend_from_slice(samples);
        let frames = self.pending.len() / VAD_FRAME;
        let mut voiced = Vec::with_capacity(frames);
        for i in 0..frames {
            let frame: &[f32; VAD_FRAME] = self.pending[i * VAD_FRAME..(i + 1) * VAD_FRAME]
                .try_into()
                .expect("frame size");
            voiced.push(self.detector.predict_f32(frame) >= self.threshold);
        }
        self.pending.drain(..frames * VAD_FRAME);
        voiced
    }

    /// Forgets all state (between turns).
    pub fn reset(&mut self) {
        self.detector.reset();
        self.pending.clear();
    }
}

/// How turns are detected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TurnConfig {
    /// earshot score at or above which a frame counts as speech (0–1).
    pub threshold: f32,
    /// Speech must last this long before a turn starts (ignores clicks and coughs).
    pub min_speech_ms: u32,
    /// Silence this long after speech ends the turn.
    pub end_silence_ms: u32,
    /// Audio kept from before the detected start, so Whisper hears the first syllable.
    pub pre_roll_ms: u32,
    /// A turn longer than this is cut here.
    pub max_turn_ms: u32,
}

impl Default for TurnConfig {
    fn default() -> Self {
        Self {
            threshold: 0.5,
            min_speech_ms: 96,
            end_silence_ms: 800,
            pre_roll_ms: 250,
            max_turn_ms: 120_000,
        }
    }
}

impl TurnConfig {
    /// Checks the settings are usable.
    pub fn validate(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.threshold) {
            return Err(VoiceError::InvalidSetting(format!(
                "VAD threshold must be between 0 and 1 (got {})",
                self.threshold
            )));
        }
        if !(100..=10_000).contains(&self.end_silence_ms) {
            return Err(VoiceError::InvalidSetting(format!(
                "end-of-turn silence must be 100–10000 ms (got {} ms)",
                self.end_silence_ms
            )));
        }
        if self.max_turn_ms < 1_000 {
            return Err(VoiceError::InvalidSetting(
                "a turn must be allowed at least 1000 ms".into(),
            ));
        }
        Ok(())
    }
}

/// One complete turn of the candidate's speech.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// Where speech started, in ms from the start of the stream.
    pub start_ms: u64,
    /// Where speech ended (end of the last voiced frame), in ms from the start.
    pub end_ms: u64,
    /// The turn's 16 kHz mono audio, from a little before the start to a little after the end.
    pub audio: Vec<f32>,
}

impl Turn {
    /// How long the candidate spoke, in seconds.
    pub fn speech_seconds(&self) -> f64 {
        (self.end_ms - self.start_ms) as f64 / 1000.0
    }
}

/// What the turn detector reports.
#[derive(Debug, Clone, PartialEq)]
pub enum TurnEvent {
    /// The candidate started speaking (at this ms from the stream's start).
    SpeechStarted {
        /// Start of speech, ms.
        at_ms: u64,
    },
    /// The candidate finished a turn.
    TurnEnded(Turn),
}

/// Splits a 16 kHz mono stream into turns with a [`Vad`].
#[derive(Debug)]
pub struct TurnDetector {
    vad: Vad,
    cfg: TurnConfig,
    /// Samples seen so far.
    pos: u64,
    /// Frames the detector has classified.
    frames: u64,
    /// Recent audio (for the pre-roll) and, during a turn, the whole turn.
    audio: VecDeque<f32>,
    /// Absolute sample index of `audio[0]`.
    audio_start: u64,
    /// First frame of the current run of voiced frames.
    run_start: Option<u64>,
    /// Sample where the current turn's speech started, when in a turn.
    speaking_since: Option<u64>,
    /// End sample of the last voiced frame.
    last_voiced_end: u64,
}

impl TurnDetector {
    /// A detector with these settings.
    pub fn new(cfg: TurnConfig) -> Result<Self> {
        cfg.validate()?;
        Ok(Self {
            vad: Vad::new(cfg.threshold),
            cfg,
            pos: 0,
            frames: 0,
            audio: VecDeque::new(),
            audio_start: 0,
            run_start: None,
            speaking_since: None,
            last_voiced_end: 0,
        })
    }

    /// The settings in use.
    pub fn config(&self) -> &TurnConfig {
        &self.cfg
    }

    /// True while the candidate is in a turn.
    pub fn is_speaking(&self) -> bool {
        self.speaking_since.is_some()
    }

    /// The audio of the turn so far (for partial transcripts), if in a turn.
    pub fn current_audio(&self) -> Option<Vec<f32>> {
        self.speaking_since
            .map(|_| self.audio.iter().copied().collect())
    }

    /// Feeds 16 kHz mono samples; returns what happened in them.
    pub fn push(&mut self, samples: &[f32]) -> Vec<TurnEvent> {
        self.audio.extend(samples.iter().copied());
        self.pos += samples.len() as u64;
        let mut events = Vec::new();
        for voiced in self.vad.push(samples) {
            let frame = self.frames;
            self.frames += 1;
            let frame_start = frame * VAD_FRAME as u64;
            let frame_end = frame_start + VAD_FRAME as u64;
            if voiced {
                self.last_voiced_end = frame_end.saturating_sub(LAG_SAMPLES);
                let run_start = *self.run_start.get_or_insert(frame);
                let run_ms = samples_to_ms((frame + 1 - run_start) * VAD_FRAME as u64);
                if self.speaking_since.is_none() && run_ms >= self.cfg.min_speech_ms as u64 {
                    let start = (run_start * VAD_FRAME as u64).saturating_sub(LAG_SAMPLES);
                    self.speaking_since = Some(start);
                    events.push(TurnEvent::SpeechStarted {
                        at_ms: samples_to_ms(start),
                    });
                }
            } else {
                self.run_start = None;
            }
            if let Some(start) = self.speaking_since {
                let silence = frame_end.saturating_sub(self.last_voiced_end);
                let too_long = frame_end - start >= ms_to_samples(self.cfg.max_turn_ms);
                if silence >= ms_to_samples(self.cfg.end_silence_ms) || too_long {
                    events.push(TurnEvent::TurnEnded(
                        self.take_turn(start, self.last_voiced_end),
                    ));
                }
            }
        }
        if self.speaking_since.is_none() {
            self.trim_to_pre_roll();
        }
        events
    }

    /// Ends the stream: a turn still in progress ends at its last voiced frame.
    pub fn finish(&mut self) -> Option<Turn> {
        let start = self.speaking_since?;
        Some(self.take_turn(start, self.last_voiced_end))
    }

    fn take_turn(&mut self, start: u64, end: u64) -> Turn {
        let from = start
            .saturating_sub(ms_to_samples(self.cfg.pre_roll_ms))
            .max(self.audio_start);
        let to = (end + ms_to_samples(self.cfg.pre_roll_ms)).min(self.pos);
        let audio: Vec<f32> = self
            .audio
            .range((from - self.audio_start) as usize..(to - self.audio_start) as usize)
            .copied()
            .collect();
        self.speaking_since = None;
        self.run_start = None;
        self.trim_to_pre_roll();
        Turn {
            start_ms: samples_to_ms(start),
            end_ms: samples_to_ms(end),
            audio,
        }
    }

    /// Drops audio older than the pre-roll before the last classified frame (samples
    /// not yet classified are always kept).
    fn trim_to_pre_roll(&mut self) {
        let keep =
            ms_to_samples(self.cfg.pre_roll_ms + self.cfg.min_speech_ms) + 2 * VAD_FRAME as u64;
        let cutoff = (self.frames * VAD_FRAME as u64).saturating_sub(keep);
        if cutoff > self.audio_start {
            self.audio.drain(..(cutoff - self.audio_start) as usize);
            self.audio_start = cutoff;
        }
    }
}

/// Push-to-talk: the candidate holds a key while speaking; no VAD decides anything.
#[derive(Debug, Default)]
pub struct PushToTalk {
    pos: u64,
    pressed_at: Option<u64>,
    audio: Vec<f32>,
}

impl PushToTalk {
    /// A released push-to-talk switch.
    pub fn new() -> Self {
        Self::default()
    }

    /// The key went down: audio from now on belongs to the turn.
    pub fn press(&mut self) {
        if self.pressed_at.is_none() {
            self.pressed_at = Some(self.pos);
            self.audio.clear();
        }
    }

    /// Feeds 16 kHz mono samples (kept only while pressed).
    pub fn push(&mut self, samples: &[f32]) {
        if self.pressed_at.is_some() {
            self.audio.extend_from_slice(samples);
        }
        self.pos += samples.len() as u64;
    }

    /// The key came up: the turn, if it was pressed.
    pub fn release(&mut self) -> Option<Turn> {
        let start = self.pressed_at.take()?;
        Some(Turn {
            start_ms: samples_to_ms(start),
            end_ms: samples_to_ms(self.pos),
            audio: std::mem::take(&mut self.audio),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silence_is_no_turn() {
        let mut d = TurnDetector::new(TurnConfig::default()).unwrap();
        assert!(d.push(&vec![0.0; 16_000 * 3]).is_empty());
        assert!(d.finish().is_none());
    }

    #[test]
    fn bad_settings_are_refused() {
        let cfg = TurnConfig {
            end_silence_ms: 5,
            ..TurnConfig::default()
        };
        assert!(TurnDetector::new(cfg)
            .unwrap_err()
            .to_string()
            .contains("100–10000 ms"));
        let cfg = TurnConfig {
            threshold: 1.5,
            ..TurnConfig::default()
        };
        assert!(TurnDetector::new(cfg).is_err());
    }

    #[test]
    fn push_to_talk_keeps_only_pressed_audio() {
        let mut p = PushToTalk::new();
        p.push(&[0.1; 1600]);
        p.press();
        p.push(&[0.2; 3200]);
        let turn = p.release().unwrap();
        p.push(&[0.3; 1600]);
        assert_eq!(
            (turn.start_ms, turn.end_ms, turn.audio.len()),
            (100, 300, 3200)
        );
        assert!(p.release().is_none());
    }
}
