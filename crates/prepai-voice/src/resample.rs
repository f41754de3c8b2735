//! Sample-rate conversion (rubato's FFT resampler) and channel down-mixing.

use rubato::{FftFixedIn, Resampler};

use crate::error::{Result, VoiceError};

/// Frames fed to the resampler per chunk.
const CHUNK: usize = 512;

/// Averages interleaved frames of `channels` channels into mono.
pub fn to_mono(interleaved: &[f32], channels: usize) -> Vec<f32> {
    if channels <= 1 {
        return interleaved.to_vec();
    }
    interleaved
        .chunks_exact(channels)
        .map(|frame| frame.iter().sum::<f32>() / channels as f32)
        .collect()
}

/// A streaming mono resampler: push any number of samples, get what is ready.
pub struct StreamResampler {
    inner: Option<FftFixedIn<f32>>,
    pending: Vec<f32>,
    /// Output samples still to drop at the start (the filter's delay).
    skip: usize,
}

impl StreamResampler {
    /// A resampler from `from` Hz to `to` Hz (a pass-through when they are equal).
    pub fn new(from: u32, to: u32) -> Result<Self> {
        if from == 0 || to == 0 {
            return Err(VoiceError::InvalidSetting(format!(
                "sample rates must be positive (got {from} Hz → {to} Hz)"
            )));
        }
        if from == to {
            return Ok(Self {
                inner: None,
                pending: Vec::new(),
                skip: 0,
            });
        }
        let inner = FftFixedIn::<f32>::new(from as usize, to as usize, CHUNK, 1, 1)
            .map_err(|e| VoiceError::InvalidSetting(format!("resampling {from} → {to} Hz: {e}")))?;
        let skip = inner.output_delay();
        Ok(Self {
            inner: Some(inner),
            pending: Vec::new(),
            skip,
        })
    }

    /// Feeds samples; returns the resampled samples that are complete.
    pub fn push(&mut self, samples: &[f32]) -> Vec<f32> {
        let Some(inner) = self.inner.as_mut() else {
            return samples.to_vec();
        };
        self.pending.extend_from_slice(samples);
        let mut out = Vec::new();
        while self.pending.len() >= inner.input_frames_next() {
            let need = inner.input_frames_next();
            if let Ok(chunk) = inner.process(&[&self.pending[..need]], None) {
                out.extend_from_slice(&chunk[0]);
            }
            self.pending.drain(..need);
        }
        self.drop_delay(out)
    }

    /// Pushes out what is still buffered (padding the last chunk with silence).
    pub fn flush(&mut self) -> Vec<f32> {
        let Some(inner) = self.inner.as_mut() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let rest = std::mem::take(&mut self.pending);
        if let Ok(chunk) = inner.process_partial(Some(&[&rest[..]]), None) {
            out.extend_from_slice(&chunk[0]);
        }
        // Drain the filter's delay line.
        if let Ok(chunk) = inner.process_partial::<&[f32]>(None, None) {
            out.extend_from_slice(&chunk[0]);
        }
        self.drop_delay(out)
    }

    fn drop_delay(&mut self, mut out: Vec<f32>) -> Vec<f32> {
        let n = self.skip.min(out.len());
        self.skip -= n;
        out.drain(..n);
        out
    }
}

/// Resamples a whole mono buffer from `from` Hz to `to` Hz, keeping its duration.
pub fn resample(samples: &[f32], from: u32, to: u32) -> Result<Vec<f32>> {
    if from == to {
        return Ok(samples.to_vec());
    }
    let mut r = StreamResampler::new(from, to)?;
    let mut out = r.push(samples);
    out.extend(r.flush());
    let expected = (samples.len() as u64 * to as u64).div_ceil(from as u64) as usize;
    out.resize(expected, 0.0);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_duration_and_pitch() {
        // A 440 Hz tone at 48 kHz becomes a 440 Hz tone at 16 kHz of the same length.
        let tone: Vec<f32> = (0..48_000)
            .map(|i| (i as f32 * 440.0 * std::f32::consts::TAU / 48_000.0).sin())
            .collect();
        let out = resample(&tone, 48_000, 16_000).unwrap();
        assert_eq!(out.len(), 16_000);
        let crossings = out.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count();
        assert!(
            (435..=445).contains(&crossings),
            "{crossings} upward zero crossings"
        );
    }

    #[test]
    fn mono_averages_channels() {
        assert_eq!(to_mono(&[1.0, 0.0, 0.5, 0.5], 2), vec![0.5, 0.5]);
    }
}
