//! A whole listening turn for front ends: capture → VAD → Whisper gives the candidate's
//! words and how long they spoke, which the caller sends to the interview as
//! `SessionCommand::Spoken { text, seconds }`. Speaking back is [`crate::SpeechStream`].

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::audio::AudioInput;
use crate::error::Result;
use crate::playback::{BargeIn, PlaybackQueue};
use crate::recording::Recorder;
use crate::resample::StreamResampler;
use crate::stt::{Transcriber, Transcript};
use crate::vad::{TurnConfig, TurnDetector, TurnEvent, VAD_RATE};
use crate::wav::read_wav_16k;

/// What an audio source gave.
#[derive(Debug)]
pub enum Block {
    /// Mono samples at the source's rate.
    Audio(Vec<f32>),
    /// Nothing arrived in time; the source is still open.
    Timeout,
    /// The source has no more audio.
    Ended,
}

/// Anything that yields mono audio blocks: a microphone, a file, a test signal.
pub trait AudioSource {
    /// Its sample rate, Hz.
    fn sample_rate(&self) -> u32;
    /// The next block, waiting up to `timeout`.
    fn next_block(&mut self, timeout: Duration) -> Block;
}

impl AudioSource for AudioInput {
    fn sample_rate(&self) -> u32 {
        AudioInput::sample_rate(self)
    }

    fn next_block(&mut self, timeout: Duration) -> Block {
        self.recv(timeout).map_or(Block::Timeout, Block::Audio)
    }
}

/// Samples in memory, handed out in fixed blocks: as fast as asked, or paced like a
/// microphone.
pub struct SamplesSource {
    samples: Vec<f32>,
    rate: u32,
    pos: usize,
    block: usize,
    paced_from: Option<Instant>,
}

impl SamplesSource {
    /// Serves `samples` at `rate` Hz in blocks of `block` samples.
    pub fn new(samples: Vec<f32>, rate: u32, block: usize) -> Self {
        Self {
            samples,
            rate,
            pos: 0,
            block: block.max(1),
            paced_from: None,
        }
    }

    /// Hands out each block only once real time has reached its end, like a microphone.
    pub fn paced(mut self) -> Self {
        self.paced_from = Some(Instant::now());
        self
    }
}

impl AudioSource for SamplesSource {
    fn sample_rate(&self) -> u32 {
        self.rate
    }

    fn next_block(&mut self, _timeout: Duration) -> Block {
        if self.pos >= self.samples.len() {
            return Block::Ended;
        }
        let end = (self.pos + self.block).min(self.samples.len());
        if let Some(t0) = self.paced_from {
            let due = t0 + Duration::from_secs_f64(end as f64 / self.rate as f64);
            std::thread::sleep(due.saturating_duration_since(Instant::now()));
        }
        let block = self.samples[self.pos..end].to_vec();
        self.pos = end;
        Block::Audio(block)
    }
}

/// What a front end may show while listening.
#[derive(Debug, Clone, PartialEq)]
pub enum ListenEvent {
    /// Microphone level of the last block (RMS, 0–1), for a level meter.
    Level(f32),
    /// The candidate started speaking.
    SpeechStarted,
    /// What Whisper has heard so far in this turn.
    Partial(String),
    /// The turn ended; Whisper is transcribing it.
    SpeechEnded,
}

/// The candidate's finished turn.
#[derive(Debug, Clone, Serialize)]
pub struct HeardTurn {
    /// The words (send as `SessionCommand::Spoken { text, seconds }`).
    pub text: String,
    /// How long they spoke, seconds.
    pub seconds: f64,
    /// Whisper's full result (segments, timings).
    pub transcript: Transcript,
    /// Milliseconds from the end of speech being detected to the transcript.
    pub end_to_text_ms: f64,
    /// The turn's WAV file, when recording.
    pub recording: Option<PathBuf>,
}

/// Listens for turns on any [`AudioSource`] and transcribes them.
pub struct Listener {
    detector: TurnDetector,
    transcriber: Transcriber,
    recorder: Option<Recorder>,
    /// Turns heard before a recorder was set, kept for it (`Some` when asked to).
    held: Option<Vec<Vec<f32>>>,
    partial_every: Option<Duration>,
}

impl Listener {
    /// A listener with these turn settings and a loaded model.
    pub fn new(cfg: TurnConfig, transcriber: Transcriber) -> Result<Self> {
        Ok(Self {
            detector: TurnDetector::new(cfg)?,
            transcriber,
            recorder: None,
            held: None,
            partial_every: None,
        })
    }

    /// Keeps each turn's audio as a WAV file.
    pub fn with_recorder(mut self, recorder: Recorder) -> Self {
        self.recorder = Some(recorder);
        self
    }

    /// Holds the audio of turns heard before [`Listener::set_recorder`], so they
    /// are recorded too (a live interview hears before its session exists).
    pub fn hold_for_recorder(mut self) -> Self {
        self.held = Some(Vec::new());
        self
    }

    /// Keeps each turn's audio as a WAV file from now on (e.g. once the session
    /// exists), starting with any turns held for it.
    pub fn set_recorder(&mut self, mut recorder: Recorder) -> Result<()> {
        for audio in self.held.take().unwrap_or_default() {
            recorder.save_turn(&audio, VAD_RATE)?;
        }
        self.recorder = Some(recorder);
        Ok(())
    }

    /// Reports partial transcripts at most this often while the candidate speaks.
    pub fn with_partials(mut self, every: Duration) -> Self {
        self.partial_every = Some(every);
        self
    }

    /// Listens until a turn ends and returns it transcribed; `None` when nobody spoke
    /// within `wait` (counted from the call) or the source ended in silence.
    pub fn listen(
        &mut self,
        source: &mut dyn AudioSource,
        wait: Duration,
        on_event: &mut dyn FnMut(ListenEvent),
    ) -> Result<Option<HeardTurn>> {
        let started = Instant::now();
        let mut resampler = StreamResampler::new(source.sample_rate(), VAD_RATE)?;
        let mut last_partial = Instant::now();
        let mut partial: Option<mpsc::Receiver<Result<Transcript>>> = None;
        let turn = loop {
            let samples = match source.next_block(Duration::from_millis(100)) {
                Block::Audio(block) => {
                    let rms = (block.iter().map(|s| s * s).sum::<f32>()
                        / block.len().max(1) as f32)
                        .sqrt();
                    on_event(ListenEvent::Level(rms.min(1.0)));
                    resampler.push(&block)
                }
                Block::Timeout => Vec::new(),
                Block::Ended => {
                    let mut rest = resampler.flush();
                    rest.extend(std::iter::repeat_n(
                        0.0,
                        VAD_RATE as usize * self.detector.config().end_silence_ms as usize / 1000,
                    ));
                    let ended = self.detector.push(&rest).into_iter().find_map(|e| match e {
                        TurnEvent::TurnEnded(t) => Some(t),
                        _ => None,
                    });
                    match ended.or_else(|| self.detector.finish()) {
                        Some(turn) => break turn,
                        None => return Ok(None),
                    }
                }
            };
            let mut ended = None;
            for event in self.detector.push(&samples) {
                match event {
                    TurnEvent::SpeechStarted { .. } => {
                        on_event(ListenEvent::SpeechStarted);
                        last_partial = Instant::now();
                    }
                    TurnEvent::TurnEnded(t) => ended = Some(t),
                }
            }
            if let Some(t) = ended {
                break t;
            }
            if let Some(rx) = &partial {
                if let Ok(result) = rx.try_recv() {
                    partial = None;
                    if let Ok(t) = result {
                        on_event(ListenEvent::Partial(t.text));
                    }
                }
            }
            if let (Some(every), None) = (self.partial_every, &partial) {
                if self.detector.is_speaking() && last_partial.elapsed() >= every {
                    if let Some(audio) = self.detector.current_audio() {
                        let (tx, rx) = mpsc::channel();
                        let t = self.transcriber.clone();
                        std::thread::spawn(move || {
                            let _ = tx.send(t.transcribe_partial(&audio));
                        });
                        partial = Some(rx);
                        last_partial = Instant::now();
                    }
                }
            }
            if !self.detector.is_speaking() && started.elapsed() >= wait {
                return Ok(None);
            }
        };
        on_event(ListenEvent::SpeechEnded);
        let ended_at = Instant::now();
        let transcript = self.transcriber.transcribe(&turn.audio)?;
        let end_to_text_ms = ended_at.elapsed().as_secs_f64() * 1000.0;
        let recording = match (self.recorder.as_mut(), self.held.as_mut()) {
            (Some(r), _) => Some(r.save_turn(&turn.audio, VAD_RATE)?),
            (None, Some(held)) => {
                held.push(turn.audio.clone());
                None
            }
            (None, None) => None,
        };
        Ok(Some(HeardTurn {
            text: transcript.text.clone(),
            seconds: turn.speech_seconds(),
            transcript,
            end_to_text_ms,
            recording,
        }))
    }
}

/// Watches the microphone while the interviewer's reply plays. Returns true when the
/// candidate barged in (playback is already stopped; cut the agent's turn), false once
/// `finished()` says the reply is complete and the queue has played out.
pub fn watch_playback(
    source: &mut dyn AudioSource,
    barge: &mut BargeIn,
    queue: &PlaybackQueue,
    finished: &dyn Fn() -> bool,
) -> Result<bool> {
    let mut resampler = StreamResampler::new(source.sample_rate(), VAD_RATE)?;
    loop {
        if finished() && queue.pending() == 0 {
            return Ok(false);
        }
        match source.next_block(Duration::from_millis(20)) {
            Block::Audio(block) => {
                if barge.feed(&resampler.push(&block)) {
                    return Ok(true);
                }
            }
            Block::Timeout => {}
            // No more microphone audio: nothing can interrupt; let playback finish.
            Block::Ended => {
                while !(finished() && queue.pending() == 0) {
                    std::thread::sleep(Duration::from_millis(10));
                }
                return Ok(false);
            }
        }
    }
}

/// Transcribes a WAV file holding one answer; `seconds` is the span the VAD hears as
/// speech (the whole file when it hears none).
pub fn transcribe_file(transcriber: &Transcriber, path: &Path) -> Result<HeardTurn> {
    transcribe_samples(transcriber, &read_wav_16k(path)?)
}

/// Transcribes one answer held as 16 kHz mono samples; `seconds` as in
/// [`transcribe_file`].
pub fn transcribe_samples(transcriber: &Transcriber, audio: &[f32]) -> Result<HeardTurn> {
    let started = Instant::now();
    let mut detector = TurnDetector::new(TurnConfig::default())?;
    let mut span: Option<(u64, u64)> = None;
    let mut note = |start: u64, end: u64| {
        span = Some(span.map_or((start, end), |(s, _)| (s, end)));
    };
    for event in detector.push(audio) {
        if let TurnEvent::TurnEnded(t) = event {
            note(t.start_ms, t.end_ms);
        }
    }
    if let Some(t) = detector.finish() {
        note(t.start_ms, t.end_ms);
    }
    let seconds = span.map_or(audio.len() as f64 / VAD_RATE as f64, |(s, e)| {
        (e - s) as f64 / 1000.0
    });
    let transcript = transcriber.transcribe(audio)?;
    Ok(HeardTurn {
        text: transcript.text.clone(),
        seconds,
        end_to_text_ms: started.elapsed().as_secs_f64() * 1000.0,
        transcript,
        recording: None,
    })
}
