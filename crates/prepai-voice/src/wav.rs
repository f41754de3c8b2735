//! WAV files in and out (hound).

use std::path::{Path, PathBuf};

use crate::error::{Result, VoiceError};
use crate::resample::{resample, to_mono};
use crate::tts::Audio;
use crate::vad::VAD_RATE;

fn file_error(path: &Path, reason: impl ToString) -> VoiceError {
    VoiceError::AudioFile {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// Reads a WAV file (8/16/24/32-bit integer or 32-bit float, any channels) as mono.
pub fn read_wav(path: &Path) -> Result<Audio> {
    let reader = hound::WavReader::open(path).map_err(|e| match e {
        hound::Error::IoError(io) if io.kind() == std::io::ErrorKind::NotFound => {
            file_error(path, "no such file")
        }
        e => file_error(path, format!("not a readable WAV file ({e})")),
    })?;
    decode(reader).map_err(|reason| file_error(path, reason))
}

/// Decodes a whole WAV file held in memory (as [`read_wav`] does a file); errors
/// name it `label`.
pub fn decode_wav(bytes: &[u8], label: &str) -> Result<Audio> {
    let reader = hound::WavReader::new(std::io::Cursor::new(bytes))
        .map_err(|e| file_error(Path::new(label), format!("not a readable WAV file ({e})")))?;
    decode(reader).map_err(|reason| file_error(Path::new(label), reason))
}

fn decode<R: std::io::Read>(reader: hound::WavReader<R>) -> std::result::Result<Audio, String> {
    let spec = reader.spec();
    if spec.sample_rate == 0 || spec.channels == 0 {
        return Err("the header gives no sample rate or channels".into());
    }
    let samples: std::result::Result<Vec<f32>, _> = match spec.sample_format {
        hound::SampleFormat::Float => reader.into_samples::<f32>().collect(),
        hound::SampleFormat::Int => {
            let scale = 1.0 / (1u64 << (spec.bits_per_sample.clamp(1, 32) - 1)) as f32;
            reader
                .into_samples::<i32>()
                .map(|s| s.map(|v| v as f32 * scale))
                .collect()
        }
    };
    let samples = samples.map_err(|e| format!("damaged sample data ({e})"))?;
    Ok(Audio {
        samples: to_mono(&samples, spec.channels as usize),
        sample_rate: spec.sample_rate,
    })
}

/// Reads a WAV file as 16 kHz mono, Whisper's input.
pub fn read_wav_16k(path: &Path) -> Result<Vec<f32>> {
    let audio = read_wav(path)?;
    resample(&audio.samples, audio.sample_rate, VAD_RATE)
}

/// Writes mono samples as a 16-bit PCM WAV file.
pub fn write_wav(path: &Path, samples: &[f32], sample_rate: u32) -> Result<PathBuf> {
    let file =
        std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| file_error(path, e))?);
    write_pcm16(file, samples, sample_rate).map_err(|e| file_error(path, e))?;
    Ok(path.to_path_buf())
}

/// Mono samples as the bytes of a 16-bit PCM WAV file (for sending over a network).
pub fn encode_wav(samples: &[f32], sample_rate: u32) -> Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::with_capacity(44 + samples.len() * 2));
    write_pcm16(&mut out, samples, sample_rate)
        .map_err(|e| file_error(Path::new("<memory>"), e))?;
    Ok(out.into_inner())
}

fn write_pcm16<W: std::io::Write + std::io::Seek>(
    out: W,
    samples: &[f32],
    sample_rate: u32,
) -> std::result::Result<(), hound::Error> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::new(out, spec)?;
    for &s in samples {
        w.write_sample((s.clamp(-1.0, 1.0) * 32767.0) as i16)?;
    }
    w.finalize()
}
