//! Shared helpers: speech from espeak-ng at 16 kHz, where it really starts and stops, and
//! streams of speech and silence with known boundaries.
#![allow(dead_code)]

use prepai_voice::resample::resample;
use prepai_voice::{Synthesizer, VoiceSettings};

/// 16 kHz samples per millisecond.
pub const PER_MS: usize = 16;

/// `text` spoken by espeak-ng, as 16 kHz mono.
pub fn speech_16k(text: &str) -> Vec<f32> {
    let synth = Synthesizer::new(VoiceSettings::default()).expect("espeak-ng is installed");
    let audio = synth.synthesize(text).expect("espeak-ng speaks");
    resample(&audio.samples, audio.sample_rate, 16_000).unwrap()
}

/// First and last sample of real sound (10 ms windows above −40 dBFS RMS).
pub fn sound_span(samples: &[f32]) -> (usize, usize) {
    let win = 10 * PER_MS;
    let loud: Vec<usize> = samples
        .chunks(win)
        .enumerate()
        .filter(|(_, w)| (w.iter().map(|s| s * s).sum::<f32>() / w.len() as f32).sqrt() > 0.01)
        .map(|(i, _)| i)
        .collect();
    let first = *loud.first().expect("the speech has sound");
    let last = *loud.last().unwrap();
    (first * win, ((last + 1) * win).min(samples.len()))
}

/// Deterministic low-level noise (about −60 dBFS), so silence is not digital zero.
pub fn noise(n: usize, seed: u32) -> Vec<f32> {
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x as f32 / u32::MAX as f32 - 0.5) * 0.002
        })
        .collect()
}

/// A stream of silences and utterances: returns the samples and, per utterance, the true
/// start and end of its sound in ms.
pub fn mix(parts: &[Part]) -> (Vec<f32>, Vec<(u64, u64)>) {
    let mut out = Vec::new();
    let mut truth = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        match part {
            Part::Silence(ms) => out.extend(noise(ms * PER_MS, i as u32 + 1)),
            Part::Speech(text) => {
                let speech = speech_16k(text);
                let (a, b) = sound_span(&speech);
                let at = out.len();
                let floor = noise(speech.len(), i as u32 + 7);
                out.extend(speech.iter().zip(floor).map(|(s, n)| s + n));
                truth.push((((at + a) / PER_MS) as u64, ((at + b) / PER_MS) as u64));
            }
        }
    }
    (out, truth)
}

/// A piece of a test stream.
pub enum Part {
    /// Silence (with a noise floor) of this many ms.
    Silence(usize),
    /// This text, spoken.
    Speech(&'static str),
}
