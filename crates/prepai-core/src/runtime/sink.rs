//! The [`TurnSink`] the runtime hands to agents: text becomes `llm_chunk`
//! events immediately; notes are collected for the runtime to act on.

use tokio::sync::mpsc;

use crate::agent::{AgentNote, StreamStats, TurnSink};
use crate::events::SessionEvent;

/// Forwards deltas as events and keeps the turn's text and notes.
pub struct EventSink {
    events: mpsc::UnboundedSender<SessionEvent>,
    text: String,
    notes: Vec<AgentNote>,
}

impl EventSink {
    /// A sink emitting on `events`.
    pub fn new(events: mpsc::UnboundedSender<SessionEvent>) -> Self {
        EventSink {
            events,
            text: String::new(),
            notes: Vec::new(),
        }
    }

    /// The notes gathered since the last call.
    pub fn take_notes(&mut self) -> Vec<AgentNote> {
        std::mem::take(&mut self.notes)
    }

    /// The whole text of the turn.
    pub fn take_text(&mut self) -> String {
        std::mem::take(&mut self.text)
    }
}

impl TurnSink for EventSink {
    fn text(&mut self, delta: &str) {
        if delta.is_empty() {
            return;
        }
        self.text.push_str(delta);
        let _ = self.events.send(SessionEvent::LlmChunk {
            text: delta.to_string(),
        });
    }

    fn note(&mut self, note: AgentNote) {
        // Front ends must see phase changes and problems where they happen in the
        // text stream; the runtime persists them after the turn.
        let now = match &note {
            AgentNote::Phase(phase) => Some(SessionEvent::Phase {
                phase: phase.clone(),
            }),
            AgentNote::Present(problem, language) => {
                crate::problems::coding_question(problem, language)
                    .map(SessionEvent::CodingQuestion)
            }
            _ => None,
        };
        if let Some(e) = now {
            let _ = self.events.send(e);
        }
        self.notes.push(note);
    }

    fn stats(&mut self, agent: &str, stats: StreamStats) {
        let _ = self.events.send(SessionEvent::AgentStats {
            agent: agent.to_string(),
            ttft_ms: stats.ttft_ms,
            tokens_per_sec: stats.tokens_per_sec,
        });
    }
}
