//! Cutting a streaming reply into sentences, so each can be spoken as soon as
//! it is complete. A sentence ends at `.`, `?` or `!` (with closing quotes or
//! brackets) followed by whitespace — but not after common abbreviations
//! ("e.g.", "Dr."), single initials, or inside numbers ("3.5", "O(n).").

/// Abbreviations that end with a full stop without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "etc.", "vs.", "dr.", "mr.", "mrs.", "ms.", "prof.", "approx.", "no.",
];

/// Accumulates text deltas and hands out complete sentences.
#[derive(Debug, Default, Clone)]
pub struct SentenceSplitter {
    buf: String,
}

impl SentenceSplitter {
    /// An empty splitter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a delta; returns the sentences it completed, trimmed, in order.
    pub fn push(&mut self, delta: &str) -> Vec<String> {
        self.buf.push_str(delta);
        let mut out = Vec::new();
        while let Some(end) = self.boundary() {
            let sentence: String = self.buf.drain(..end).collect();
            let sentence = sentence.trim();
            if !sentence.is_empty() {
                out.push(sentence.to_string());
            }
        }
        out
    }

    /// The rest of the text once the reply is complete (`None` if nothing is left).
    pub fn finish(&mut self) -> Option<String> {
        let rest = std::mem::take(&mut self.buf);
        let rest = rest.trim();
        (!rest.is_empty()).then(|| rest.to_string())
    }

    /// Byte index just past the first complete sentence, if there is one.
    fn boundary(&self) -> Option<usize> {
        let b = self.buf.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            if !matches!(c, b'.' | b'?' | b'!') {
                continue;
            }
            let mut j = i + 1;
            while j < b.len() && matches!(b[j], b'"' | b'\'' | b')' | b']') {
                j += 1;
            }
            // The sentence is complete only once the next thing is whitespace.
            if j >= b.len() || !b[j].is_ascii_whitespace() {
                continue;
            }
            if c == b'.' && self.is_abbreviation(i) {
                continue;
            }
            return Some(j);
        }
        None
    }

    /// Whether the full stop at `dot` ends an abbreviation or an initial.
    fn is_abbreviation(&self, dot: usize) -> bool {
        let start = self.buf[..dot]
            .rfind(|c: char| c.is_whitespace())
            .map(|i| i + 1)
            .unwrap_or(0);
        let word = self.buf[start..=dot].to_lowercase();
        let word = word.trim_start_matches(['(', '"', '\'']);
        let initial = word.len() == 2 && self.buf.as_bytes()[start].is_ascii_uppercase();
        ABBREVIATIONS.contains(&word) || initial
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_all(deltas: &[&str]) -> Vec<String> {
        let mut s = SentenceSplitter::new();
        let mut out: Vec<String> = deltas.iter().flat_map(|d| s.push(d)).collect();
        out.extend(s.finish());
        out
    }

    #[test]
    fn sentences_come_out_as_soon_as_they_end() {
        let mut s = SentenceSplitter::new();
        assert!(s.push("Good. That ").len() == 1);
        assert!(s.push("covers it").is_empty());
        assert_eq!(
            s.push(" well! What next? "),
            ["That covers it well!", "What next?"]
        );
        assert_eq!(s.finish(), None);
    }

    #[test]
    fn word_by_word_streaming_gives_the_same_sentences() {
        let text = "Thanks Ada. Let's talk about hashing. How does a hash map resize?";
        let words: Vec<String> = text.split_inclusive(' ').map(String::from).collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        assert_eq!(
            split_all(&refs),
            [
                "Thanks Ada.",
                "Let's talk about hashing.",
                "How does a hash map resize?"
            ]
        );
    }

    #[test]
    fn abbreviations_numbers_and_initials_do_not_end_sentences() {
        assert_eq!(
            split_all(&["Use e.g. a heap, i.e. a priority queue. It costs 3.5 ms on J. Smith's laptop. It is O(n). Done"]),
            ["Use e.g. a heap, i.e. a priority queue.", "It costs 3.5 ms on J. Smith's laptop.", "It is O(n).", "Done"]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            split_all(&["He said \"stop.\" Then (quietly.) left"]),
            ["He said \"stop.\"", "Then (quietly.)", "left"]
        );
    }
}
