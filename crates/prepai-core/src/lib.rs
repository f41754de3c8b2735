//! The embeddable PrepAI engine.
//!
//! `prepai-core` knows nothing about terminals or HTTP: it holds the domain model
//! ([`session`], [`interview_type`]), the [`store`] that persists it, the
//! interviewer [`agent`]s with their [`bank`] of questions and [`kb`] knowledge
//! base, and the [`runtime`] that runs an interview as a stream of [`events`].
//! Front ends (the TUI, the headless CLI, the server) are built on top of it.

pub mod agent;
pub mod analytics;
pub mod bank;
pub mod code;
pub mod config;
pub mod evaluate;
pub mod events;
pub mod interview_type;
pub mod kb;
pub mod matcher;
pub mod problems;
pub mod report;
pub mod runtime;
pub mod session;
pub mod store;
pub mod submissions;
pub mod timefmt;
pub mod user_files;

pub use config::{Config, ConfigError, Paths};
pub use events::{SessionCommand, SessionEvent};
pub use interview_type::{InterviewType, Phase, TypeError, TypeRegistry, Weights};
pub use session::{Message, NewSession, Role, Session, SessionStatus, SessionSummary};
pub use store::{SessionFilter, SqliteStore, Store, StoreError};
