//! The REST routes, one module per router of the original.

pub mod analytics;
pub mod code;
pub mod health;
pub mod interviews;
pub mod sessions;
