//! Shared helpers: an interview run on the real runtime with a remote agent.
#![allow(dead_code)]

use std::sync::Arc;

use prepai_core::agent::{Agent, AgentNote, StreamStats, TurnSink};
use prepai_core::kb::KnowledgeBase;
use prepai_core::runtime::{self, InterviewSetup, RunningInterview, Services};
use prepai_core::{SessionEvent, SqliteStore, TypeRegistry};

/// A sink that keeps everything, for driving an agent directly.
#[derive(Default)]
pub struct Recorder {
    pub deltas: Vec<String>,
    pub notes: Vec<AgentNote>,
    pub stats: Vec<(String, StreamStats)>,
}

impl Recorder {
    pub fn text(&self) -> String {
        self.deltas.concat()
    }
}

impl TurnSink for Recorder {
    fn text(&mut self, delta: &str) {
        self.deltas.push(delta.to_string());
    }
    fn note(&mut self, note: AgentNote) {
        self.notes.push(note);
    }
    fn stats(&mut self, agent: &str, stats: StreamStats) {
        self.stats.push((agent.to_string(), stats));
    }
}

/// Starts an interview on an in-memory store with the built-in knowledge base.
pub async fn start(agent: Box<dyn Agent>) -> RunningInterview {
    let store = Arc::new(SqliteStore::in_memory().unwrap());
    let services = Services {
        kb: Some(Arc::new(KnowledgeBase::builtin().unwrap())),
        ..Default::default()
    };
    let ty = TypeRegistry::builtin()
        .resolve("google_sde")
        .unwrap()
        .clone();
    let setup = InterviewSetup {
        interview_type: ty,
        candidate_name: "Ada".into(),
        cv: None,
        language: "python".into(),
    };
    runtime::start(store, agent, services, setup).await.unwrap()
}

/// Events until (and including) the next `assistant_complete` or `error`.
pub async fn until_reply(run: &mut RunningInterview) -> Vec<SessionEvent> {
    let mut out = Vec::new();
    while let Some(e) = run.events.recv().await {
        let stop = matches!(
            e,
            SessionEvent::AssistantComplete { .. } | SessionEvent::Error { .. }
        );
        out.push(e);
        if stop {
            break;
        }
    }
    out
}

pub fn chunks(events: &[SessionEvent]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            SessionEvent::LlmChunk { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

pub fn error(events: &[SessionEvent]) -> Option<String> {
    events.iter().find_map(|e| match e {
        SessionEvent::Error { message } => Some(message.clone()),
        _ => None,
    })
}

pub fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}
