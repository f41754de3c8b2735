//! The embeddable PrepAI engine.
//!
//! `prepai-core` knows nothing about terminals or HTTP: it holds the domain model
//! ([`session`], [`interview_type`]), the [`store`] that persists it, and the
//! [`config`] that locates it. Front ends (the TUI, the headless CLI, the server)
//! are built on top of it.

pub mod config;
pub mod interview_type;
pub mod session;
pub mod store;
pub mod timefmt;

pub use config::{Config, ConfigError, Paths};
pub use interview_type::{InterviewType, Phase, TypeError, TypeRegistry, Weights};
pub use session::{Message, NewSession, Role, Session, SessionStatus, SessionSummary};
pub use store::{SessionFilter, SqliteStore, Store, StoreError};
