//! The live voice loop for interactive front ends (the TUI): on its own thread it
//! listens to the microphone, transcribes the candidate's turns, speaks the
//! interviewer's reply while it streams, and watches the microphone during playback
//! so that the candidate can barge in.
//!
//! The front end feeds it the agent's text ([`LiveVoice::agent_text`],
//! [`LiveVoice::agent_done`]) and mute/unmute (push-to-talk), and reads
//! [`VoiceUpdate`]s back: send [`VoiceUpdate::Heard`] to the interview as
//! `SessionCommand::Spoken`, and cut the agent's turn on [`VoiceUpdate::BargedIn`].

use std::any::Any;
use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::audio::{AudioInput, AudioOutput};
use crate::error::{Result, VoiceError};
use crate::pipeline::{AudioSource, Block, ListenEvent, Listener};
use crate::playback::{BargeIn, PlaybackQueue};
use crate::recording::Recorder;
use crate::resample::StreamResampler;
use crate::stt::Transcriber;
use crate::tts::{SpeechStream, Synthesizer};
use crate::vad::{TurnConfig, VAD_RATE};

/// What the loop is doing, for a status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveState {
    /// Waiting for the candidate to speak.
    Listening,
    /// The candidate is speaking.
    Hearing,
    /// The candidate's turn ended; Whisper is transcribing it.
    Transcribing,
    /// The interviewer's reply is being spoken.
    Speaking,
    /// The microphone is ignored (push-to-talk released).
    Muted,
}

impl LiveState {
    /// A short label (`listening`, `hearing`, …).
    pub fn label(self) -> &'static str {
        match self {
            LiveState::Listening => "listening",
            LiveState::Hearing => "hearing",
            LiveState::Transcribing => "transcribing",
            LiveState::Speaking => "speaking",
            LiveState::Muted => "muted",
        }
    }
}

/// What the loop reports to the front end.
#[derive(Debug, Clone, PartialEq)]
pub enum VoiceUpdate {
    /// Microphone level (RMS, 0–1), at most every [`LEVEL_EVERY`].
    Level(f32),
    /// The loop changed state.
    State(LiveState),
    /// What Whisper has heard so far of the turn in progress.
    Partial(String),
    /// The candidate's finished turn: its words and how long they spoke.
    Heard {
        /// The words (may be empty when Whisper heard none).
        text: String,
        /// Seconds of speech.
        seconds: f64,
    },
    /// The candidate spoke over the interviewer: playback is stopped; cut the
    /// agent's turn.
    BargedIn,
    /// Something failed; the loop goes on listening.
    Error(String),
}

/// The shortest time between two [`VoiceUpdate::Level`]s.
pub const LEVEL_EVERY: Duration = Duration::from_millis(50);

/// The audio the loop runs on. It is opened on the loop's own thread, since audio
/// streams stay on the thread that opened them.
pub struct LiveAudio {
    /// The microphone (or a file, or test samples).
    pub source: Box<dyn AudioSource>,
    /// Where speech is queued for playback.
    pub queue: PlaybackQueue,
    /// Whatever must stay alive while the loop runs (the output stream).
    pub keep_alive: Box<dyn Any>,
}

impl LiveAudio {
    /// The named input and output devices (the defaults when `None`).
    pub fn devices(input: Option<&str>, output: Option<&str>) -> Result<Self> {
        let output = AudioOutput::open(output)?;
        let queue = output.queue().clone();
        let input = AudioInput::open(input)?;
        Ok(Self {
            source: Box::new(input),
            queue,
            keep_alive: Box::new(output),
        })
    }
}

/// How the loop listens and when the candidate may interrupt.
#[derive(Debug, Clone)]
pub struct LiveOptions {
    /// Turn detection (VAD threshold, end-of-turn silence…).
    pub turn: TurnConfig,
    /// Partial transcripts at most this often while the candidate speaks.
    pub partials: Option<Duration>,
    /// Start with the microphone muted (push-to-talk: unmute to speak).
    pub start_muted: bool,
    /// Speech this long during playback is a barge-in, ms.
    pub barge_in_ms: u32,
    /// Turns will be recorded ([`VoiceControl::record_to`]): hold those heard
    /// before the recorder arrives.
    pub record: bool,
}

impl Default for LiveOptions {
    fn default() -> Self {
        Self {
            turn: TurnConfig::default(),
            partials: Some(Duration::from_millis(1500)),
            start_muted: false,
            barge_in_ms: 160,
            record: false,
        }
    }
}

#[derive(Debug)]
enum Command {
    Text(String),
    TurnComplete,
    Mute(bool),
    Record(Recorder),
}

/// Feeds a running loop from another part of the front end (cheap to clone).
#[derive(Debug, Clone)]
pub struct VoiceControl {
    commands: Sender<Command>,
}

impl VoiceControl {
    fn send(&self, cmd: Command) {
        // A loop that has stopped has nothing left to speak or hear.
        let _ = self.commands.send(cmd);
    }

    /// A piece of the interviewer's reply (an `llm_chunk`): spoken sentence by sentence.
    pub fn agent_text(&self, delta: &str) {
        if !delta.is_empty() {
            self.send(Command::Text(delta.to_string()));
        }
    }

    /// The interviewer's reply is complete (`assistant_complete`).
    pub fn agent_done(&self) {
        self.send(Command::TurnComplete);
    }

    /// Mutes or unmutes the microphone (push-to-talk).
    pub fn set_muted(&self, muted: bool) {
        self.send(Command::Mute(muted));
    }

    /// Keeps each turn heard from now on as a WAV file with `recorder`
    /// (`recordings/{session_id}/turn-NNN.wav`).
    pub fn record_to(&self, recorder: Recorder) {
        self.send(Command::Record(recorder));
    }
}

/// A running voice loop; it stops once this and every [`VoiceControl`] are dropped.
pub struct LiveVoice {
    control: VoiceControl,
    updates: Receiver<VoiceUpdate>,
    thread: JoinHandle<()>,
}

impl LiveVoice {
    /// Starts the loop on its own thread. `open` runs there and opens the audio; its
    /// error (a missing device) is returned here.
    pub fn start<F>(
        open: F,
        transcriber: Transcriber,
        synth: Synthesizer,
        opts: LiveOptions,
    ) -> Result<Self>
    where
        F: FnOnce() -> Result<LiveAudio> + Send + 'static,
    {
        let mut listener = Listener::new(opts.turn, transcriber)?;
        if let Some(every) = opts.partials {
            listener = listener.with_partials(every);
        }
        if opts.record {
            listener = listener.hold_for_recorder();
        }
        let (ctx, crx) = mpsc::channel();
        let (utx, urx) = mpsc::channel();
        let (ready_tx, ready_rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("prepai-voice".into())
            .spawn(move || {
                let audio = match open() {
                    Ok(a) => a,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                let _ = ready_tx.send(Ok(()));
                let barge =
                    BargeIn::new(audio.queue.clone(), opts.turn.threshold, opts.barge_in_ms);
                let worker = Worker {
                    source: audio.source,
                    queue: audio.queue,
                    listener,
                    synth,
                    barge,
                    commands: crx,
                    updates: utx,
                    muted: opts.start_muted,
                    source_ended: false,
                    discarding: false,
                    deferred: VecDeque::new(),
                    state: None,
                    last_level: None,
                };
                worker.run();
                drop(audio.keep_alive);
            })?;
        match ready_rx.recv() {
            Ok(Ok(())) => Ok(Self {
                control: VoiceControl { commands: ctx },
                updates: urx,
                thread,
            }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(VoiceError::Device(
                "the voice thread stopped while opening the audio devices".into(),
            )),
        }
    }

    /// A handle that feeds this loop from elsewhere.
    pub fn control(&self) -> VoiceControl {
        self.control.clone()
    }

    /// See [`VoiceControl::agent_text`].
    pub fn agent_text(&self, delta: &str) {
        self.control.agent_text(delta);
    }

    /// See [`VoiceControl::agent_done`].
    pub fn agent_done(&self) {
        self.control.agent_done();
    }

    /// See [`VoiceControl::set_muted`].
    pub fn set_muted(&self, muted: bool) {
        self.control.set_muted(muted);
    }

    /// The next update, if one is waiting.
    pub fn try_update(&self) -> Option<VoiceUpdate> {
        self.updates.try_recv().ok()
    }

    /// The next update, waiting up to `timeout`.
    pub fn recv_update(&self, timeout: Duration) -> Option<VoiceUpdate> {
        self.updates.recv_timeout(timeout).ok()
    }

    /// Stops the loop (once no [`VoiceControl`] is left) and waits for its thread.
    pub fn stop(self) {
        let LiveVoice {
            control,
            updates,
            thread,
        } = self;
        drop((control, updates));
        let _ = thread.join();
    }
}

/// Remembers whether the wrapped source ended.
struct Watched<'a> {
    inner: &'a mut dyn AudioSource,
    ended: bool,
}

impl AudioSource for Watched<'_> {
    fn sample_rate(&self) -> u32 {
        self.inner.sample_rate()
    }

    fn next_block(&mut self, timeout: Duration) -> Block {
        let b = self.inner.next_block(timeout);
        if matches!(b, Block::Ended) {
            self.ended = true;
        }
        b
    }
}

fn rms(block: &[f32]) -> f32 {
    (block.iter().map(|s| s * s).sum::<f32>() / block.len().max(1) as f32)
        .sqrt()
        .min(1.0)
}

/// Sends a level update unless one went out less than [`LEVEL_EVERY`] ago.
fn report_level(updates: &Sender<VoiceUpdate>, last: &mut Option<Instant>, level: f32) {
    if last.is_none_or(|t| t.elapsed() >= LEVEL_EVERY) {
        *last = Some(Instant::now());
        let _ = updates.send(VoiceUpdate::Level(level));
    }
}

struct Worker {
    source: Box<dyn AudioSource>,
    queue: PlaybackQueue,
    listener: Listener,
    synth: Synthesizer,
    barge: BargeIn,
    commands: Receiver<Command>,
    updates: Sender<VoiceUpdate>,
    muted: bool,
    source_ended: bool,
    /// Text of a reply cut by barge-in still arriving; ignored until it completes.
    discarding: bool,
    /// The next reply's commands, arrived while the last one still played.
    deferred: VecDeque<Command>,
    state: Option<LiveState>,
    last_level: Option<Instant>,
}

impl Worker {
    fn report(&self, u: VoiceUpdate) {
        let _ = self.updates.send(u);
    }

    fn set_state(&mut self, s: LiveState) {
        if self.state != Some(s) {
            self.state = Some(s);
            self.report(VoiceUpdate::State(s));
        }
    }

    fn idle_state(&self) -> LiveState {
        if self.muted {
            LiveState::Muted
        } else {
            LiveState::Listening
        }
    }

    /// The next command; `Err` once the front end has gone.
    fn poll(&self, wait: bool) -> std::result::Result<Option<Command>, ()> {
        let got = if wait {
            match self.commands.recv_timeout(Duration::from_millis(20)) {
                Ok(c) => Ok(c),
                Err(RecvTimeoutError::Timeout) => Err(true),
                Err(RecvTimeoutError::Disconnected) => Err(false),
            }
        } else {
            match self.commands.try_recv() {
                Ok(c) => Ok(c),
                Err(TryRecvError::Empty) => Err(true),
                Err(TryRecvError::Disconnected) => Err(false),
            }
        };
        match got {
            Ok(c) => Ok(Some(c)),
            Err(true) => Ok(None),
            Err(false) => Err(()),
        }
    }

    fn run(mut self) {
        self.set_state(self.idle_state());
        loop {
            let cmd = match self.deferred.pop_front() {
                Some(c) => Some(c),
                None => match self.poll(self.source_ended) {
                    Ok(c) => c,
                    Err(()) => return,
                },
            };
            match cmd {
                Some(Command::Text(t)) if !self.discarding => {
                    if !self.speak(t) {
                        return;
                    }
                }
                Some(Command::Text(_)) => {}
                Some(Command::TurnComplete) => self.discarding = false,
                Some(Command::Mute(m)) => {
                    self.muted = m;
                    self.set_state(self.idle_state());
                }
                Some(Command::Record(r)) => self.record(r),
                None if self.source_ended => {}
                None if self.muted => self.ignore_mic(),
                None => self.listen_once(),
            }
        }
    }

    /// Records heard turns from now on (and those held for the recorder).
    fn record(&mut self, recorder: Recorder) {
        if let Err(e) = self.listener.set_recorder(recorder) {
            self.report(VoiceUpdate::Error(format!(
                "a spoken turn was not recorded: {e}"
            )));
        }
    }

    /// Reads one block and drops it (muted), keeping the level meter at zero.
    fn ignore_mic(&mut self) {
        if let Block::Ended = self.source.next_block(Duration::from_millis(20)) {
            self.source_ended = true;
        }
        report_level(&self.updates, &mut self.last_level, 0.0);
    }

    /// Listens briefly (longer while the candidate speaks) and reports what it heard.
    fn listen_once(&mut self) {
        let mut state = self.state;
        let result = {
            let updates = &self.updates;
            let last_level = &mut self.last_level;
            let mut source = Watched {
                inner: self.source.as_mut(),
                ended: false,
            };
            let mut on_event = |e: ListenEvent| {
                let next = match e {
                    ListenEvent::Level(l) => {
                        report_level(updates, last_level, l);
                        None
                    }
                    ListenEvent::SpeechStarted => Some(LiveState::Hearing),
                    ListenEvent::Partial(t) => {
                        let _ = updates.send(VoiceUpdate::Partial(t));
                        None
                    }
                    ListenEvent::SpeechEnded => Some(LiveState::Transcribing),
                };
                if let Some(s) = next.filter(|s| state != Some(*s)) {
                    state = Some(s);
                    let _ = updates.send(VoiceUpdate::State(s));
                }
            };
            let r = self
                .listener
                .listen(&mut source, Duration::from_millis(100), &mut on_event);
            self.source_ended = source.ended;
            r
        };
        self.state = state;
        match result {
            Ok(Some(turn)) => self.report(VoiceUpdate::Heard {
                text: turn.text,
                seconds: turn.seconds,
            }),
            Ok(None) => {}
            Err(e) => self.report(VoiceUpdate::Error(e.to_string())),
        }
        self.set_state(self.idle_state());
    }

    /// Speaks the interviewer's reply, starting with `first`, until it has played out
    /// or the candidate barged in; false once the front end has gone.
    fn speak(&mut self, first: String) -> bool {
        self.barge.rearm();
        let mut stream = Some(SpeechStream::start(self.synth.clone(), self.queue.clone()));
        if let Some(s) = stream.as_mut() {
            s.push_text(&first);
        }
        self.set_state(LiveState::Speaking);
        let mut resampler = match StreamResampler::new(self.source.sample_rate(), VAD_RATE) {
            Ok(r) => Some(r),
            Err(e) => {
                self.report(VoiceUpdate::Error(e.to_string()));
                None
            }
        };
        let mut complete = false;
        let mut finishing: Option<JoinHandle<Result<usize>>> = None;
        // Commands deferred while the last reply played come first.
        let mut early = std::mem::take(&mut self.deferred);
        loop {
            loop {
                let next = match early.pop_front() {
                    Some(c) => Ok(Some(c)),
                    None => self.poll(false),
                };
                match next {
                    Err(()) => {
                        if let Some(s) = stream.as_mut() {
                            s.cancel();
                        }
                        return false;
                    }
                    Ok(None) => break,
                    Ok(Some(c @ (Command::Text(_) | Command::TurnComplete))) if complete => {
                        self.deferred.push_back(c);
                    }
                    Ok(Some(Command::Text(t))) => {
                        if let Some(s) = stream.as_mut() {
                            s.push_text(&t);
                        }
                    }
                    Ok(Some(Command::TurnComplete)) => {
                        complete = true;
                        if let Some(s) = stream.take() {
                            finishing = Some(std::thread::spawn(move || s.finish()));
                        }
                    }
                    Ok(Some(Command::Mute(m))) => self.muted = m,
                    Ok(Some(Command::Record(r))) => self.record(r),
                }
            }
            if finishing.as_ref().is_some_and(|h| h.is_finished()) {
                match finishing.take().map(JoinHandle::join) {
                    Some(Ok(Err(e))) => self.report(VoiceUpdate::Error(e.to_string())),
                    Some(Err(_)) => self.report(VoiceUpdate::Error(
                        "the speech worker stopped unexpectedly".into(),
                    )),
                    _ => {}
                }
            }
            if complete && finishing.is_none() && self.queue.pending() == 0 {
                break;
            }
            if self.source_ended {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
            match self.source.next_block(Duration::from_millis(20)) {
                Block::Audio(block) => {
                    let level = if self.muted { 0.0 } else { rms(&block) };
                    report_level(&self.updates, &mut self.last_level, level);
                    let mic = match resampler.as_mut() {
                        Some(r) if !self.muted => r.push(&block),
                        _ => continue,
                    };
                    if self.barge.feed(&mic) {
                        // Playback is already stopped; nothing more of this reply is spoken.
                        if let Some(s) = stream.as_mut() {
                            s.cancel();
                        }
                        self.discarding = !complete;
                        self.report(VoiceUpdate::BargedIn);
                        self.set_state(LiveState::Hearing);
                        break;
                    }
                }
                Block::Timeout => {}
                Block::Ended => self.source_ended = true,
            }
        }
        // A cut reply's synthesis ends on its own: the stopped queue takes nothing more.
        drop(stream);
        if self.state != Some(LiveState::Hearing) {
            self.set_state(self.idle_state());
        }
        true
    }
}
