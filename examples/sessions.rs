//! Embedding prepai-core: open a store, run a tiny session, print its document.
//!
//! `cargo run --example sessions -- /tmp/prepai-example`

use prepai_core::{NewSession, Role, SqliteStore, Store, TypeRegistry};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("prepai-example"));
    let store = SqliteStore::open_dir(&dir)?;
    let types = TypeRegistry::builtin();
    let ty = types.resolve("aws-sa")?;

    let session = store.create_session(&NewSession {
        interview_type: ty.key.clone(),
        candidate_name: "Ada Lovelace".into(),
    })?;
    store.append_message(
        session.session_id,
        Role::Assistant,
        &format!(
            "Welcome to your {} interview. How would you make a web tier highly available?",
            ty.name
        ),
    )?;
    store.append_message(
        session.session_id,
        Role::User,
        "Put instances in an Auto Scaling group across two Availability Zones behind an ALB.",
    )?;
    store.end_session(session.session_id)?;

    let doc = store.load_session(session.session_id)?;
    println!("{}", serde_json::to_string_pretty(&doc)?);
    println!("stored in {}", store.path().display());
    Ok(())
}
