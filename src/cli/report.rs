//! `prepai report ID`: a completed session's performance report as JSON,
//! Markdown, HTML or PDF, to stdout or a file.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use clap::{Args, ValueEnum};
use prepai_core::evaluate;
use prepai_core::report::{render, Format};
use prepai_core::{SessionStatus, Store};

use super::{engine, remote, BadInput, Context};

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// The JSON document (the original's shape plus evidence).
    Json,
    /// Markdown.
    Md,
    /// A standalone HTML page with a score chart.
    Html,
    /// A PDF with a score chart (needs `-o FILE`).
    Pdf,
}

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The session's id (or a unique prefix of it).
    pub id: String,
    /// The format (default: Markdown, or JSON with `--json`).
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<ReportFormat>,
    /// Write to this file instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `report`.
pub fn run(ctx: &Context, a: ReportArgs) -> Result<()> {
    let format = match (a.format, ctx.json) {
        (Some(ReportFormat::Json), _) | (None, true) => Format::Json,
        (Some(ReportFormat::Md), _) | (None, false) => Format::Markdown,
        (Some(ReportFormat::Html), _) => Format::Html,
        (Some(ReportFormat::Pdf), _) => Format::Pdf,
    };
    if format == Format::Pdf && a.output.is_none() {
        return Err(BadInput("a PDF is binary: give a file with `-o report.pdf`".into()).into());
    }
    let report = match remote::client(ctx)? {
        Some(c) => {
            let id = remote::resolve(&c, &a.id)?;
            refuse_active(id, remote::block_on(c.session(id))?.status)?;
            remote::block_on(c.performance_report(id))?
        }
        None => {
            let store = ctx.store()?;
            let id = store.resolve_session_id(&a.id)?;
            refuse_active(id, store.session(id)?.status)?;
            let bank = engine::question_bank(ctx)?;
            evaluate::report_for(store, id, &ctx.registry()?, &bank)?
        }
    };
    let bytes = render(&report, format);
    match &a.output {
        Some(path) => {
            std::fs::write(path, &bytes)
                .with_context(|| format!("cannot write the report to {}", path.display()))?;
            if !ctx.json {
                eprintln!("Wrote {}.", path.display());
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            if !bytes.ends_with(b"\n") {
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(())
}

/// An active session has no report yet.
fn refuse_active(id: uuid::Uuid, status: SessionStatus) -> Result<()> {
    if status == SessionStatus::Active {
        return Err(BadInput(format!(
            "session {id} is still active, so it has no report yet; end it with `prepai sessions end {id}`"
        ))
        .into());
    }
    Ok(())
}
