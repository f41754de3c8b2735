//! Speech synthesised with espeak-ng and silence mixed into one stream: the turn detector
//! finds each utterance's start and end within 100 ms of the truth.

mod common;

use common::{mix, Part};
use prepai_voice::{TurnConfig, TurnDetector, TurnEvent};

#[test]
fn turn_boundaries_are_within_100_ms() {
    let (stream, truth) = mix(&[
        Part::Silence(1200),
        Part::Speech("I would start with a hash map from values to their indices."),
        Part::Silence(1800),
        Part::Speech("Then one pass over the array finds the pair, so it runs in linear time."),
        Part::Silence(1500),
    ]);
    let mut detector = TurnDetector::new(TurnConfig::default()).unwrap();
    let mut starts = Vec::new();
    let mut turns = Vec::new();
    // 30 ms blocks, as a device might deliver them.
    for block in stream.chunks(480) {
        for event in detector.push(block) {
            match event {
                TurnEvent::SpeechStarted { at_ms } => starts.push(at_ms),
                TurnEvent::TurnEnded(t) => turns.push(t),
            }
        }
    }
    assert!(detector.finish().is_none(), "the stream ends in silence");
    assert_eq!(turns.len(), 2, "two utterances, two turns: {turns:?}");
    for (turn, &(start, end)) in turns.iter().zip(&truth) {
        println!(
            "truth {start}–{end} ms, detected {}–{} ms",
            turn.start_ms, turn.end_ms
        );
        assert!(
            turn.start_ms.abs_diff(start) <= 100,
            "start {} vs {start}",
            turn.start_ms
        );
        assert!(
            turn.end_ms.abs_diff(end) <= 100,
            "end {} vs {end}",
            turn.end_ms
        );
        // The turn's audio covers the speech.
        assert!(turn.audio.len() as u64 >= (end - start) * 16);
    }
    assert_eq!(starts, turns.iter().map(|t| t.start_ms).collect::<Vec<_>>());
}

#[test]
fn a_short_pause_does_not_end_the_turn_but_a_long_one_does() {
    let speech = |gap| {
        mix(&[
            Part::Silence(500),
            Part::Speech("First part."),
            Part::Silence(gap),
            Part::Speech("Second part."),
            Part::Silence(2500),
        ])
        .0
    };
    let count = |samples: &[f32], end_silence_ms| {
        let cfg = TurnConfig {
            end_silence_ms,
            ..TurnConfig::default()
        };
        let mut d = TurnDetector::new(cfg).unwrap();
        d.push(samples)
            .into_iter()
            .filter(|e| matches!(e, TurnEvent::TurnEnded(_)))
            .count()
    };
    assert_eq!(count(&speech(400), 800), 1);
    assert_eq!(count(&speech(1200), 800), 2);
    // A longer configured silence keeps them together.
    assert_eq!(count(&speech(1200), 2000), 1);
}
