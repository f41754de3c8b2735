//! Prints the metrics of one file as JSON: `cargo run --example analyze -- path/to/file.py`.

use prepai_metrics::{analyze, MetricsLanguage};
use std::path::Path;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: analyze <file.py|file.js>"))?;
    let extension = Path::new(&path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let lang = MetricsLanguage::from_extension(extension)?;
    let source = std::fs::read_to_string(&path)?;
    let metrics = analyze(&source, lang)?;
    println!("{}", serde_json::to_string_pretty(&metrics)?);
    Ok(())
}
