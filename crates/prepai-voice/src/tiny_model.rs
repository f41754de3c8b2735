//! Writes a tiny ggml Whisper model with random weights, in the exact format whisper.cpp
//! loads (magic, hyper-parameters, mel filters, vocabulary, named tensors). Its
//! transcripts are gibberish, but loading and inference run the real code path, which is
//! what tests and benchmarks need without downloading a model.

use std::io::{BufWriter, Write};
use std::path::Path;

/// The model's width (all layers); real "tiny" is 384.
const N_STATE: i32 = 32;
const N_HEAD: i32 = 2;
const N_LAYER: i32 = 1;
/// Audio context (1500 encoder positions = 30 s) and mel bands are fixed by Whisper.
const N_AUDIO_CTX: i32 = 1500;
const N_MELS: i32 = 80;
const N_TEXT_CTX: i32 = 448;
/// The English-only vocabulary size (special tokens sit at fixed ids above 50256).
const N_VOCAB: i32 = 51864;
/// Ordinary tokens written to the file; whisper.cpp adds the special ones.
const N_TEXT_TOKENS: i32 = 50256;
const N_FFT_BINS: i32 = 201;

/// A small deterministic generator (xorshift64*), so the same seed writes the same file.
struct Rng(u64);

impl Rng {
    fn next_f32(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (x >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0
    }
}

struct ModelWriter<W: Write> {
    out: W,
    rng: Rng,
}

impl<W: Write> ModelWriter<W> {
    fn i32(&mut self, v: i32) -> std::io::Result<()> {
        self.out.write_all(&v.to_le_bytes())
    }

    /// One tensor: dims, name length, type (0 = f32, 1 = f16), shape, name, data.
    /// Matrices and convolution kernels are f16 (the model's ftype), the rest f32.
    fn tensor(&mut self, name: &str, shape: &[i32], fill: Fill) -> std::io::Result<()> {
        let half = shape.len() >= 2 && name.ends_with(".weight");
        self.i32(shape.len() as i32)?;
        self.i32(name.len() as i32)?;
        self.i32(half as i32)?;
        for &d in shape {
            self.i32(d)?;
        }
        self.out.write_all(name.as_bytes())?;
        let n: i32 = shape.iter().product();
        for _ in 0..n {
            let v = match fill {
                Fill::Ones => 1.0,
                Fill::Random(scale) => self.rng.next_f32() * scale,
            };
            if half {
                self.out.write_all(&f16_bits(v).to_le_bytes())?;
            } else {
                self.out.write_all(&v.to_le_bytes())?;
            }
        }
        Ok(())
    }

    fn norm(&mut self, prefix: &str, n: i32) -> std::io::Result<()> {
        self.tensor(&format!("{prefix}.weight"), &[n], Fill::Ones)?;
        self.tensor(&format!("{prefix}.bias"), &[n], Fill::Random(0.01))
    }

    fn linear(&mut self, prefix: &str, n_in: i32, n_out: i32, bias: bool) -> std::io::Result<()> {
        self.tensor(
            &format!("{prefix}.weight"),
            &[n_in, n_out],
            Fill::Random(0.1),
        )?;
        if bias {
            self.tensor(&format!("{prefix}.bias"), &[n_out], Fill::Random(0.01))?;
        }
        Ok(())
    }

    fn attention(&mut self, prefix: &str) -> std::io::Result<()> {
        let n = N_STATE;
        self.linear(&format!("{prefix}.query"), n, n, true)?;
        self.linear(&format!("{prefix}.key"), n, n, false)?;
        self.linear(&format!("{prefix}.value"), n, n, true)?;
        self.linear(&format!("{prefix}.out"), n, n, true)
    }

    fn block(&mut self, prefix: &str, cross: bool) -> std::io::Result<()> {
        let n = N_STATE;
        self.norm(&format!("{prefix}.mlp_ln"), n)?;
        self.linear(&format!("{prefix}.mlp.0"), n, 4 * n, true)?;
        self.linear(&format!("{prefix}.mlp.2"), 4 * n, n, true)?;
        self.norm(&format!("{prefix}.attn_ln"), n)?;
        self.attention(&format!("{prefix}.attn"))?;
        if cross {
            self.norm(&format!("{prefix}.cross_attn_ln"), n)?;
            self.attention(&format!("{prefix}.cross_attn"))?;
        }
        Ok(())
    }
}

/// IEEE half-precision bits of `v` (round toward zero; tiny values flush to zero, which
/// is all random weights of this size need).
fn f16_bits(v: f32) -> u16 {
    let bits = v.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    let exp = ((bits >> 23) & 0xff) as i32 - 127 + 15;
    if exp <= 0 {
        return sign;
    }
    if exp >= 31 {
        return sign | 0x7c00;
    }
    sign | ((exp as u16) << 10) | ((bits >> 13) & 0x3ff) as u16
}

#[derive(Clone, Copy)]
enum Fill {
    Ones,
    Random(f32),
}

/// A made-up token for id `i`: short lowercase letter strings, some with a leading space;
/// id 220 is the lone space, as in GPT-2's vocabulary (whisper.cpp looks it up).
fn token_text(i: i32) -> String {
    if i == 220 {
        return " ".into();
    }
    let mut s = String::new();
    if i % 3 == 0 {
        s.push(' ');
    }
    let mut n = i as u32;
    loop {
        s.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    s
}

/// Writes the tiny random model (about 4 MB) to `path`; `seed` picks the weights.
pub fn write_tiny_model(path: &Path, seed: u64) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    let mut w = ModelWriter {
        out: BufWriter::new(file),
        rng: Rng(seed | 1),
    };
    // Magic and hyper-parameters, in whisper_model_load's order; ftype 1 = f16.
    for v in [
        0x6767_6d6c_u32 as i32,
        N_VOCAB,
        N_AUDIO_CTX,
        N_STATE,
        N_HEAD,
        N_LAYER,
        N_TEXT_CTX,
        N_STATE,
        N_HEAD,
        N_LAYER,
        N_MELS,
        1,
    ] {
        w.i32(v)?;
    }
    // Mel filter bank: n_mel × n_fft floats.
    w.i32(N_MELS)?;
    w.i32(N_FFT_BINS)?;
    for _ in 0..N_MELS * N_FFT_BINS {
        let v = w.rng.next_f32().abs() * 0.05;
        w.out.write_all(&v.to_le_bytes())?;
    }
    // Vocabulary: length-prefixed token bytes.
    w.i32(N_TEXT_TOKENS)?;
    for i in 0..N_TEXT_TOKENS {
        let t = token_text(i);
        w.i32(t.len() as i32)?;
        w.out.write_all(t.as_bytes())?;
    }
    // Encoder.
    let n = N_STATE;
    w.tensor(
        "encoder.positional_embedding",
        &[n, N_AUDIO_CTX],
        Fill::Random(0.1),
    )?;
    w.tensor("encoder.conv1.weight", &[3, N_MELS, n], Fill::Random(0.1))?;
    w.tensor("encoder.conv1.bias", &[1, n], Fill::Random(0.01))?;
    w.tensor("encoder.conv2.weight", &[3, n, n], Fill::Random(0.1))?;
    w.tensor("encoder.conv2.bias", &[1, n], Fill::Random(0.01))?;
    w.norm("encoder.ln_post", n)?;
    for i in 0..N_LAYER {
        w.block(&format!("encoder.blocks.{i}"), false)?;
    }
    // Decoder.
    w.tensor(
        "decoder.positional_embedding",
        &[n, N_TEXT_CTX],
        Fill::Random(0.1),
    )?;
    w.tensor(
        "decoder.token_embedding.weight",
        &[n, N_VOCAB],
        Fill::Random(0.1),
    )?;
    w.norm("decoder.ln", n)?;
    for i in 0..N_LAYER {
        w.block(&format!("decoder.blocks.{i}"), true)?;
    }
    w.out.flush()
}

#[cfg(test)]
mod tests {
    use super::f16_bits;

    #[test]
    fn half_precision_bits() {
        assert_eq!(f16_bits(1.0), 0x3c00);
        assert_eq!(f16_bits(-2.0), 0xc000);
        assert_eq!(f16_bits(0.0), 0);
        assert_eq!(f16_bits(0.099_975_586), 0x2e66);
    }
}
