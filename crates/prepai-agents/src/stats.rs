//! Time to first token and tokens per second of one streamed reply.

use std::time::Instant;

use prepai_core::agent::{StreamStats, TurnSink};

/// Measures one model call from the moment its request is sent.
#[derive(Debug, Clone)]
pub struct StreamClock {
    sent: Instant,
    first: Option<Instant>,
    last: Option<Instant>,
    deltas: u64,
    reported_tokens: Option<u64>,
}

impl StreamClock {
    /// Starts the clock (call just before sending the request).
    pub fn start() -> Self {
        StreamClock {
            sent: Instant::now(),
            first: None,
            last: None,
            deltas: 0,
            reported_tokens: None,
        }
    }

    /// Counts a text delta that has just arrived.
    pub fn delta(&mut self, tokens: u64) {
        let now = Instant::now();
        self.first.get_or_insert(now);
        self.last = Some(now);
        self.deltas += tokens;
    }

    /// Records the output token count the service reported, which beats counting.
    pub fn reported(&mut self, tokens: u64) {
        self.reported_tokens = Some(tokens);
    }

    /// Whether any text has arrived.
    pub fn started(&self) -> bool {
        self.first.is_some()
    }

    /// The figures, once text has arrived.
    pub fn stats(&self) -> Option<StreamStats> {
        let first = self.first?;
        let last = self.last.unwrap_or(first);
        let tokens = self.reported_tokens.unwrap_or(self.deltas);
        let span = last.duration_since(first).as_secs_f64();
        // Tokens after the first over the time they took; a single burst has no rate.
        let tokens_per_sec = if span > 0.0 && tokens > 1 {
            (tokens - 1) as f64 / span
        } else {
            0.0
        };
        Some(StreamStats {
            ttft_ms: first.duration_since(self.sent).as_secs_f64() * 1000.0,
            tokens_per_sec,
        })
    }

    /// Reports the figures to `sink` for `agent`, if text arrived.
    pub fn report(&self, agent: &str, sink: &mut dyn TurnSink) {
        if let Some(s) = self.stats() {
            sink.stats(agent, s);
        }
    }
}

/// Rough token count of text whose service does not say (about four
/// characters per token, as for English with common tokenizers).
pub fn estimate_tokens(text: &str) -> u64 {
    (text.chars().count() as u64).div_ceil(4).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_text_no_stats_and_rate_from_reported_tokens() {
        let mut c = StreamClock::start();
        assert!(c.stats().is_none());
        c.delta(1);
        std::thread::sleep(std::time::Duration::from_millis(20));
        c.delta(1);
        c.reported(11);
        let s = c.stats().unwrap();
        assert!(s.ttft_ms >= 0.0);
        // 10 tokens over at least 20 ms: at most 500 tokens/s.
        assert!(s.tokens_per_sec > 0.0 && s.tokens_per_sec <= 500.0, "{s:?}");
        assert_eq!(estimate_tokens("abcdefgh"), 2);
    }
}
