//! Logs go to a file (never the screen): `<dir>/tui.log`, level from
//! `PREPAI_LOG` (default `info`).

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;

/// Starts logging to `<dir>/tui.log`; keep the guard until exit so the last
/// lines are written. Fails only when the directory cannot be created.
pub fn init(dir: &Path) -> std::io::Result<WorkerGuard> {
    std::fs::create_dir_all(dir)?;
    let appender = tracing_appender::rolling::never(dir, "tui.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let level = std::env::var("PREPAI_LOG")
        .ok()
        .and_then(|l| l.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    // Another subscriber (an embedding program's) wins; ours is then unused.
    let _ = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_max_level(level)
        .try_init();
    Ok(guard)
}
