//! The listening and speaking halves of a voice turn on in-memory audio paced like a
//! microphone: partial transcripts while the candidate speaks, recordings, and barge-in
//! cutting a reply that is playing.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{mix, Part};
use prepai_voice::pipeline::{watch_playback, ListenEvent, Listener, SamplesSource};
use prepai_voice::recording::Recorder;
use prepai_voice::tiny_model::write_tiny_model;
use prepai_voice::{BargeIn, PlaybackQueue, Transcriber, TurnConfig};

#[test]
fn listening_gives_partials_then_the_turn_and_its_recording() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("tiny.bin");
    write_tiny_model(&model, 5).unwrap();
    let (audio, truth) = mix(&[
        Part::Silence(400),
        Part::Speech(
            "I would shard the table by customer and keep a small lookup service in front of it.",
        ),
        Part::Silence(1000),
    ]);
    let mut source = SamplesSource::new(audio, 16_000, 480).paced();
    let mut listener = Listener::new(TurnConfig::default(), Transcriber::load(&model).unwrap())
        .unwrap()
        .with_partials(Duration::from_millis(700))
        .with_recorder(Recorder::new(dir.path(), "s1").unwrap());
    let mut events = Vec::new();
    let heard = listener
        .listen(&mut source, Duration::from_secs(10), &mut |e| {
            events.push(e)
        })
        .unwrap()
        .unwrap();
    let partials = events
        .iter()
        .filter(|e| matches!(e, ListenEvent::Partial(_)))
        .count();
    assert!(partials >= 1, "no partial transcript in {events:?}");
    assert!(events
        .iter()
        .any(|e| matches!(e, ListenEvent::Level(l) if *l > 0.01)));
    let spoken = (truth[0].1 - truth[0].0) as f64 / 1000.0;
    assert!((heard.seconds - spoken).abs() <= 0.2);
    assert!(!heard.transcript.segments.is_empty());
    let rec = prepai_voice::wav::read_wav(&heard.recording.unwrap()).unwrap();
    assert!(rec.seconds() >= spoken);
}

#[test]
fn nobody_speaking_is_no_turn() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("tiny.bin");
    write_tiny_model(&model, 5).unwrap();
    let mut source = SamplesSource::new(common::noise(16_000 * 2, 9), 16_000, 480);
    let mut listener =
        Listener::new(TurnConfig::default(), Transcriber::load(&model).unwrap()).unwrap();
    assert!(listener
        .listen(&mut source, Duration::from_secs(5), &mut |_| {})
        .unwrap()
        .is_none());
}

#[test]
fn speaking_over_the_reply_cuts_it() {
    // A "device" pulls 10 ms buffers from the queue in real time.
    let queue = PlaybackQueue::new(48_000);
    queue.push(&vec![0.2; 48_000 * 6]);
    let stop = Arc::new(AtomicBool::new(false));
    let device = {
        let (q, stop) = (queue.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut buf = vec![0.0; 480];
            while !stop.load(Ordering::SeqCst) {
                q.fill(&mut buf);
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    let (mic, _) = mix(&[
        Part::Silence(800),
        Part::Speech("Wait, can I clarify?"),
        Part::Silence(300),
    ]);
    let mut source = SamplesSource::new(mic, 16_000, 160).paced();
    let mut barge = BargeIn::new(queue.clone(), 0.5, 64);
    let cut = watch_playback(&mut source, &mut barge, &queue, &|| true).unwrap();
    stop.store(true, Ordering::SeqCst);
    device.join().unwrap();
    assert!(cut, "the candidate's speech cut the reply");
    assert!(queue.is_stopped() && queue.pending() == 0);
    assert!(
        queue.played() < 48_000 * 3,
        "cut long before the reply's end"
    );
}

#[test]
fn a_reply_nobody_interrupts_plays_out() {
    let queue = PlaybackQueue::new(16_000);
    queue.push(&vec![0.2; 1600]);
    let q = queue.clone();
    let device = std::thread::spawn(move || {
        let mut buf = vec![0.0; 160];
        while q.pending() > 0 {
            q.fill(&mut buf);
            std::thread::sleep(Duration::from_millis(10));
        }
    });
    let mut source = SamplesSource::new(common::noise(16_000, 4), 16_000, 160).paced();
    let mut barge = BargeIn::new(queue.clone(), 0.5, 64);
    assert!(!watch_playback(&mut source, &mut barge, &queue, &|| true).unwrap());
    device.join().unwrap();
    assert_eq!(queue.played(), 1600);
}
