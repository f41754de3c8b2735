//! The queue the output device plays from, and barge-in: when the candidate starts
//! speaking during playback, playback stops within one audio buffer and the caller is
//! told to cut the interviewer's turn.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::vad::{Vad, VAD_FRAME, VAD_RATE};

#[derive(Debug, Default)]
struct Shared {
    samples: Mutex<VecDeque<f32>>,
    stopped: AtomicBool,
    played: AtomicU64,
}

/// Mono samples waiting to be played at `sample_rate`; cheap to clone and share between
/// the producer (text-to-speech) and the audio callback.
#[derive(Debug, Clone)]
pub struct PlaybackQueue {
    shared: Arc<Shared>,
    sample_rate: u32,
}

impl PlaybackQueue {
    /// An empty queue for a device playing at `sample_rate` Hz.
    pub fn new(sample_rate: u32) -> Self {
        Self {
            shared: Arc::default(),
            sample_rate,
        }
    }

    /// The rate the queued samples are played at.
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<f32>> {
        self.shared
            .samples
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Queues samples (ignored while stopped).
    pub fn push(&self, samples: &[f32]) {
        if !self.is_stopped() {
            self.lock().extend(samples.iter().copied());
        }
    }

    /// Fills one device buffer of mono samples, silence where nothing is queued; returns
    /// how many queued samples it played. Called from the audio callback.
    pub fn fill(&self, out: &mut [f32]) -> usize {
        if self.is_stopped() {
            out.fill(0.0);
            return 0;
        }
        let mut q = self.lock();
        let n = out.len().min(q.len());
        for (o, s) in out.iter_mut().zip(q.drain(..n)) {
            *o = s;
        }
        out[n..].fill(0.0);
        self.shared.played.fetch_add(n as u64, Ordering::Relaxed);
        n
    }

    /// Stops playback now: what is queued is dropped and later pushes are ignored until
    /// [`PlaybackQueue::resume`].
    pub fn stop(&self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        self.lock().clear();
    }

    /// Accepts audio again after a stop.
    pub fn resume(&self) {
        self.shared.stopped.store(false, Ordering::SeqCst);
    }

    /// True after [`PlaybackQueue::stop`] until [`PlaybackQueue::resume`].
    pub fn is_stopped(&self) -> bool {
        self.shared.stopped.load(Ordering::SeqCst)
    }

    /// Samples waiting to be played.
    pub fn pending(&self) -> usize {
        self.lock().len()
    }

    /// Samples played so far.
    pub fn played(&self) -> u64 {
        self.shared.played.load(Ordering::Relaxed)
    }
}

/// Watches the microphone while the interviewer speaks; on speech it stops the playback
/// queue and raises its signal.
pub struct BargeIn {
    vad: Vad,
    queue: PlaybackQueue,
    signal: Arc<AtomicBool>,
    voiced_run: u32,
    min_frames: u32,
}

impl BargeIn {
    /// Watches for at least `min_speech_ms` of speech (earshot score ≥ `threshold`) and
    /// then stops `queue`.
    pub fn new(queue: PlaybackQueue, threshold: f32, min_speech_ms: u32) -> Self {
        let frame_ms = VAD_FRAME as u32 * 1000 / VAD_RATE;
        Self {
            vad: Vad::new(threshold),
            queue,
            signal: Arc::default(),
            voiced_run: 0,
            min_frames: min_speech_ms.div_ceil(frame_ms).max(1),
        }
    }

    /// A flag the caller can poll (from any thread): true once the candidate barged in.
    pub fn signal(&self) -> Arc<AtomicBool> {
        self.signal.clone()
    }

    /// True once the candidate barged in.
    pub fn triggered(&self) -> bool {
        self.signal.load(Ordering::SeqCst)
    }

    /// Feeds 16 kHz mono microphone samples; returns true if this barged in.
    pub fn feed(&mut self, mic: &[f32]) -> bool {
        if self.triggered() {
            return false;
        }
        for voiced in self.vad.push(mic) {
            self.voiced_run = if voiced { self.voiced_run + 1 } else { 0 };
            if self.voiced_run >= self.min_frames {
                self.queue.stop();
                self.signal.store(true, Ordering::SeqCst);
                return true;
            }
        }
        false
    }

    /// Re-arms for the next interviewer turn (and lets the queue play again).
    pub fn rearm(&mut self) {
        self.signal.store(false, Ordering::SeqCst);
        self.voiced_run = 0;
        self.vad.reset();
        self.queue.resume();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_silences_the_next_buffer() {
        let q = PlaybackQueue::new(48_000);
        q.push(&[0.5; 4096]);
        let mut buf = [0.0; 1024];
        assert_eq!(q.fill(&mut buf), 1024);
        q.stop();
        q.push(&[0.5; 100]);
        assert_eq!(q.fill(&mut buf), 0);
        assert!(buf.iter().all(|&s| s == 0.0));
        q.resume();
        q.push(&[0.5; 10]);
        assert_eq!(q.fill(&mut buf), 10);
    }
}
