//! Prints whether this host can isolate runs, and how limits are enforced, as JSON.
//!
//! ```text
//! cargo run --example check_isolation
//! ```

fn main() -> anyhow::Result<()> {
    println!(
        "{}",
        serde_json::to_string_pretty(prepai_sandbox::check_isolation())?
    );
    Ok(())
}
