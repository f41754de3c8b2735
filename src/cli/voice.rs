//! `prepai voice …`: audio devices, Whisper transcription of WAV files and espeak-ng
//! speech; also the model loading `prepai interview --audio-in` shares.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use clap::{Args, Subcommand};
use prepai_voice::audio::{list_devices, AudioOutput};
use prepai_voice::pipeline::transcribe_file;
use prepai_voice::resample::resample;
use prepai_voice::stt::resolve_model_path;
use prepai_voice::wav::write_wav;
use prepai_voice::{
    LiveAudio, LiveOptions, LiveVoice, Synthesizer, Transcriber, VoiceConfig, VoiceError,
    VoiceSettings,
};
use serde_json::json;

use super::{output, BadInput, Context};

/// The `voice` subcommands.
#[derive(Debug, Subcommand)]
pub enum VoiceCommand {
    /// List audio input and output devices.
    Devices,
    /// Transcribe a WAV file with Whisper: text, segments with times, timings.
    Transcribe(TranscribeArgs),
    /// Speak text with espeak-ng, to the speaker or to a WAV file.
    Say(SayArgs),
}

/// Where the Whisper model is (the flag, else PREPAI_WHISPER_MODEL, else `[voice]
/// whisper_model` in config.toml).
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// A ggml Whisper model file (e.g. ggml-base.en.bin from huggingface.co/ggerganov/whisper.cpp).
    #[arg(long, value_name = "PATH")]
    pub whisper_model: Option<PathBuf>,
}

/// Arguments of `voice transcribe`.
#[derive(Debug, Args)]
pub struct TranscribeArgs {
    /// The WAV file (any rate, any channels).
    pub file: PathBuf,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Arguments of `voice say`.
#[derive(Debug, Args)]
pub struct SayArgs {
    /// What to say (markdown, code and stage directions are left out).
    pub text: String,
    /// Write a WAV file instead of playing it.
    #[arg(short = 'o', long = "output", value_name = "FILE.wav")]
    pub output: Option<PathBuf>,
    /// espeak-ng voice (`espeak-ng --voices`), default en-us.
    #[arg(long)]
    pub voice: Option<String>,
    /// Words per minute (80–450), default 175.
    #[arg(long)]
    pub rate: Option<u32>,
    /// Pitch (0–99), default 50.
    #[arg(long)]
    pub pitch: Option<u32>,
    /// The output device (`prepai voice devices`), default the system's.
    #[arg(long, value_name = "NAME")]
    pub output_device: Option<String>,
}

/// Turns a voice error into the CLI's error: bad input (exit 2) or a failure (exit 1).
pub fn voice_error(e: VoiceError) -> anyhow::Error {
    if e.is_bad_input() {
        BadInput(e.to_string()).into()
    } else {
        anyhow::Error::new(e)
    }
}

fn voice_config(ctx: &Context) -> Result<VoiceConfig> {
    VoiceConfig::load(&ctx.paths()?.config_dir).map_err(voice_error)
}

/// Loads the Whisper model named by the flag, the environment or the config file.
pub fn load_transcriber(ctx: &Context, flag: Option<&Path>) -> Result<Transcriber> {
    let cfg = voice_config(ctx)?;
    let path = resolve_model_path(flag, cfg.whisper_model.as_deref()).map_err(voice_error)?;
    Transcriber::load(&path).map_err(voice_error)
}

/// The `--voice` flags of the full-screen interview.
#[derive(Debug, Clone, Default)]
pub struct LiveFlags {
    /// `--whisper-model`.
    pub whisper_model: Option<PathBuf>,
    /// `--input-device`.
    pub input_device: Option<String>,
    /// `--output-device`.
    pub output_device: Option<String>,
    /// `--record`: keep each spoken turn as WAV with the session.
    pub record: bool,
}

/// Starts the live voice loop of the full-screen interview: model, voice and devices
/// from the flags, else `[voice]` in the config file. A missing model or device is bad
/// input (exit 2) that says what to do.
pub fn start_live(ctx: &Context, flags: &LiveFlags) -> Result<prepai_tui::VoiceMode> {
    let cfg = voice_config(ctx)?;
    let path = resolve_model_path(flags.whisper_model.as_deref(), cfg.whisper_model.as_deref())
        .map_err(|e| BadInput(format!("{e}; or drop --voice to type your answers")))?;
    let transcriber = Transcriber::load(&path)
        .map_err(|e| BadInput(format!("{e}; or drop --voice to type your answers")))?;
    let settings = voice_settings(&cfg, None, None, None);
    let synth = Synthesizer::new(settings).map_err(voice_error)?;
    let mut opts = LiveOptions::default();
    if let Some(ms) = cfg.end_silence_ms {
        opts.turn.end_silence_ms = ms;
    }
    let record = flags.record || cfg.record == Some(true);
    opts.record = record;
    let muted = cfg.push_to_talk.unwrap_or(false);
    opts.start_muted = muted;
    let input = flags.input_device.clone().or(cfg.input_device.clone());
    let output = flags.output_device.clone().or(cfg.output_device.clone());
    let live = LiveVoice::start(
        move || LiveAudio::devices(input.as_deref(), output.as_deref()),
        transcriber,
        synth,
        opts,
    )
    .map_err(|e| match e {
        VoiceError::NoDevice { .. } | VoiceError::Device(_) => {
            BadInput(format!("{e}; or drop --voice to type your answers")).into()
        }
        e => voice_error(e),
    })?;
    let record_root = record
        .then(|| ctx.paths().map(|p| p.data_dir.clone()))
        .transpose()?;
    Ok(prepai_tui::VoiceMode {
        live,
        muted,
        record_root,
    })
}

/// The voice of `prepai serve`: the Whisper model if one is configured (a
/// configured model that cannot be loaded is an error), the `[voice]` settings,
/// and `workers` transcriptions or syntheses at once.
pub fn server_voice(
    ctx: &Context,
    flag: Option<&Path>,
    workers: u64,
) -> Result<prepai_server::Voice> {
    let cfg = voice_config(ctx)?;
    let transcriber = match resolve_model_path(flag, cfg.whisper_model.as_deref()) {
        Ok(path) => Some(Transcriber::load(&path).map_err(voice_error)?),
        Err(VoiceError::ModelNotConfigured) => None,
        Err(e) => return Err(voice_error(e)),
    };
    let settings = voice_settings(&cfg, None, None, None);
    settings.validate().map_err(voice_error)?;
    Ok(prepai_server::Voice::new(
        transcriber,
        settings,
        workers as usize,
    ))
}

/// The interviewer's voice: the flags, else the config file, else the defaults.
fn voice_settings(
    cfg: &VoiceConfig,
    voice: Option<String>,
    rate: Option<u32>,
    pitch: Option<u32>,
) -> VoiceSettings {
    let defaults = VoiceSettings::default();
    VoiceSettings {
        voice: voice.or(cfg.voice.clone()).unwrap_or(defaults.voice),
        rate: rate.or(cfg.rate).unwrap_or(defaults.rate),
        pitch: pitch.or(cfg.pitch).unwrap_or(defaults.pitch),
    }
}

/// Runs one `voice` subcommand.
pub fn run(ctx: &Context, cmd: VoiceCommand) -> Result<()> {
    match cmd {
        VoiceCommand::Devices => devices(ctx),
        VoiceCommand::Transcribe(a) => transcribe(ctx, a),
        VoiceCommand::Say(a) => say(ctx, a),
    }
}

fn devices(ctx: &Context) -> Result<()> {
    let list = list_devices().map_err(voice_error)?;
    if ctx.json {
        return output::print_json(&list);
    }
    if list.is_empty() {
        println!("No audio devices found. Voice mode needs a microphone and a speaker; interview in typed mode (`prepai interview --headless`) or from WAV files (`--audio-in DIR`).");
        return Ok(());
    }
    let mut t = output::table([
        "direction",
        "name",
        "default",
        "channels",
        "rate",
        "format",
        "description",
    ]);
    for d in &list {
        t.add_row(vec![
            d.direction.to_string(),
            d.name.clone(),
            if d.is_default { "yes" } else { "" }.to_string(),
            d.channels.to_string(),
            format!("{} Hz", d.sample_rate),
            d.sample_format.clone(),
            d.description.clone(),
        ]);
    }
    println!("{t}");
    Ok(())
}

fn transcribe(ctx: &Context, a: TranscribeArgs) -> Result<()> {
    let t = load_transcriber(ctx, a.model.whisper_model.as_deref())?;
    let heard = transcribe_file(&t, &a.file).map_err(voice_error)?;
    if ctx.json {
        return output::print_json(&json!({
            "file": a.file,
            "model": t.model_path(),
            "text": heard.text,
            "segments": heard.transcript.segments,
            "audio_seconds": heard.transcript.audio_seconds,
            "speech_seconds": heard.seconds,
            "timings": {
                "load_ms": t.load_ms(),
                "inference_ms": heard.transcript.inference_ms,
                "total_ms": heard.end_to_text_ms,
            },
        }));
    }
    println!("{}", heard.text);
    for s in &heard.transcript.segments {
        println!("  [{:>7.2} → {:>7.2}] {}", s.start, s.end, s.text);
    }
    println!(
        "{:.1} s of audio ({:.1} s of speech); model loaded in {:.0} ms, transcribed in {:.0} ms",
        heard.transcript.audio_seconds,
        heard.seconds,
        t.load_ms(),
        heard.transcript.inference_ms
    );
    Ok(())
}

fn say(ctx: &Context, a: SayArgs) -> Result<()> {
    let cfg = voice_config(ctx)?;
    let settings = voice_settings(&cfg, a.voice, a.rate, a.pitch);
    let text = prepai_voice::clean_for_speech(&a.text);
    if text.trim().is_empty() {
        return Err(BadInput(
            "nothing to say: the text is empty once markdown and code are removed".into(),
        )
        .into());
    }
    let synth = Synthesizer::new(settings).map_err(voice_error)?;
    let audio = synth.synthesize(&text).map_err(voice_error)?;
    match &a.output {
        Some(path) => {
            write_wav(path, &audio.samples, audio.sample_rate).map_err(voice_error)?;
        }
        None => {
            let out =
                AudioOutput::open(a.output_device.as_deref().or(cfg.output_device.as_deref()))
                    .map_err(voice_error)?;
            let queue = out.queue();
            queue.push(
                &resample(&audio.samples, audio.sample_rate, queue.sample_rate())
                    .map_err(voice_error)?,
            );
            out.drain(Duration::from_secs_f64(audio.seconds() + 10.0));
            // Let the device play its last buffer.
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    if ctx.json {
        return output::print_json(&json!({
            "text": text,
            "seconds": audio.seconds(),
            "sample_rate": audio.sample_rate,
            "output": a.output,
        }));
    }
    match &a.output {
        Some(p) => println!(
            "Wrote {:.1} s of speech to {}",
            audio.seconds(),
            p.display()
        ),
        None => println!("Said {:.1} s of speech", audio.seconds()),
    }
    Ok(())
}
