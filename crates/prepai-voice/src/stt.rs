//! Speech-to-text with whisper.cpp (whisper-rs): the model is loaded once and reused;
//! callers on an async runtime run [`Transcriber::transcribe`] with `spawn_blocking` or
//! use [`Transcriber::spawn`], which runs it on its own thread.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Instant;

use serde::Serialize;
use whisper_rs::{
    FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters, WhisperState,
};

use crate::error::{Result, VoiceError};
use crate::vad::VAD_RATE;

/// The environment variable naming the Whisper model file.
pub const MODEL_ENV: &str = "PREPAI_WHISPER_MODEL";

/// Picks the model file: the command-line flag, else `PREPAI_WHISPER_MODEL`, else the
/// config file's `[voice] whisper_model`; an error naming all three when none is set.
pub fn resolve_model_path(flag: Option<&Path>, config: Option<&Path>) -> Result<PathBuf> {
    let env = std::env::var_os(MODEL_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    flag.map(Path::to_path_buf)
        .or(env)
        .or(config.map(Path::to_path_buf))
        .ok_or(VoiceError::ModelNotConfigured)
}

/// A piece of a transcript with its place in the audio.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    /// Start, seconds from the start of the audio.
    pub start: f64,
    /// End, seconds.
    pub end: f64,
    /// The words.
    pub text: String,
}

/// What Whisper heard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transcript {
    /// All segments' text, trimmed and joined.
    pub text: String,
    /// The segments.
    pub segments: Vec<Segment>,
    /// Length of the audio, seconds.
    pub audio_seconds: f64,
    /// Time spent in Whisper, milliseconds.
    pub inference_ms: f64,
}

/// A loaded Whisper model, shareable between threads (clones share the model).
#[derive(Clone)]
pub struct Transcriber {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    // Declared before `ctx` so it is dropped first.
    state: Mutex<WhisperState>,
    _ctx: WhisperContext,
    threads: i32,
    load_ms: f64,
}

/// The ggml file magic (`ggml` as a little-endian u32).
const GGML_MAGIC: u32 = 0x6767_6d6c;

fn check_model_file(path: &Path) -> Result<()> {
    let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => VoiceError::ModelMissing(path.to_path_buf()),
        _ => VoiceError::ModelInvalid {
            path: path.to_path_buf(),
            reason: e.to_string(),
        },
    })?;
    let mut magic = [0u8; 4];
    let invalid = |reason: &str| VoiceError::ModelInvalid {
        path: path.to_path_buf(),
        reason: reason.into(),
    };
    file.read_exact(&mut magic)
        .map_err(|_| invalid("the file is too short"))?;
    match u32::from_le_bytes(magic) {
        GGML_MAGIC => Ok(()),
        0x4655_4747 => Err(invalid(
            "it is a GGUF file; whisper.cpp needs the ggml-*.bin format",
        )),
        _ => Err(invalid("it does not start with the ggml magic number")),
    }
}

impl Transcriber {
    /// Loads the model at `path` (once; clones reuse it).
    pub fn load(path: &Path) -> Result<Self> {
        check_model_file(path)?;
        whisper_rs::install_logging_hooks();
        let started = Instant::now();
        let mut params = WhisperContextParameters::default();
        params.use_gpu(false);
        let invalid = |e: whisper_rs::WhisperError| VoiceError::ModelInvalid {
            path: path.to_path_buf(),
            reason: format!("whisper.cpp could not load it: {e}"),
        };
        let ctx = WhisperContext::new_with_params(path, params).map_err(invalid)?;
        let state = ctx.create_state().map_err(invalid)?;
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8)) as i32;
        Ok(Self {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                state: Mutex::new(state),
                _ctx: ctx,
                threads,
                load_ms: started.elapsed().as_secs_f64() * 1000.0,
            }),
        })
    }

    /// The model file.
    pub fn model_path(&self) -> &Path {
        &self.inner.path
    }

    /// How long loading took, milliseconds.
    pub fn load_ms(&self) -> f64 {
        self.inner.load_ms
    }

    /// Transcribes 16 kHz mono audio (blocks; seconds for long audio on big models).
    pub fn transcribe(&self, audio: &[f32]) -> Result<Transcript> {
        self.run(audio, false)
    }

    /// A quick single-segment transcript of the audio so far, for partial results while
    /// the candidate is still speaking.
    pub fn transcribe_partial(&self, audio: &[f32]) -> Result<Transcript> {
        self.run(audio, true)
    }

    /// Transcribes on a new thread; the result arrives on the returned channel.
    pub fn spawn(&self, audio: Vec<f32>) -> mpsc::Receiver<Result<Transcript>> {
        let (tx, rx) = mpsc::channel();
        let me = self.clone();
        std::thread::spawn(move || {
            let _ = tx.send(me.transcribe(&audio));
        });
        rx
    }

    fn run(&self, audio: &[f32], partial: bool) -> Result<Transcript> {
        let started = Instant::now();
        let audio_seconds = audio.len() as f64 / VAD_RATE as f64;
        // Whisper wants at least a second; pad short clips with silence.
        let mut padded;
        let input = if audio.len() < VAD_RATE as usize + VAD_RATE as usize / 10 {
            padded = audio.to_vec();
            padded.resize(VAD_RATE as usize + VAD_RATE as usize / 10, 0.0);
            &padded[..]
        } else {
            audio
        };
        let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
        params.set_n_threads(self.inner.threads);
        params.set_language(Some("en"));
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_special(false);
        params.set_print_timestamps(false);
        params.set_no_context(true);
        params.set_single_segment(partial);
        if partial {
            // Encode only as much of the 30 s window as the audio fills (whisper.cpp's
            // streaming trick): much faster, slightly less accurate — fine for a preview.
            let ctx = (input.len() as f64 / (30.0 * VAD_RATE as f64) * 1500.0).ceil() as i32;
            params.set_audio_ctx((ctx + 64).min(1500));
        }
        // Bounded work per segment whatever the model (a damaged one could loop).
        params.set_max_tokens(if partial { 32 } else { 128 });
        params.set_temperature_inc(0.0);
        let mut state = self.inner.state.lock().unwrap_or_else(|e| e.into_inner());
        state
            .full(params, input)
            .map_err(|e| VoiceError::Transcription(e.to_string()))?;
        let mut segments = Vec::new();
        for segment in state.as_iter() {
            let text = segment
                .to_str_lossy()
                .map_err(|e| VoiceError::Transcription(e.to_string()))?;
            segments.push(Segment {
                // Whisper works on 30 s windows; keep times inside the real audio.
                start: (segment.start_timestamp() as f64 / 100.0).min(audio_seconds),
                end: (segment.end_timestamp() as f64 / 100.0).min(audio_seconds),
                text: text.trim().to_string(),
            });
        }
        drop(state);
        let text = segments
            .iter()
            .map(|s| s.text.as_str())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Ok(Transcript {
            text,
            segments,
            audio_seconds,
            inference_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }
}

impl std::fmt::Debug for Transcriber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transcriber")
            .field("model", &self.inner.path)
            .finish()
    }
}
