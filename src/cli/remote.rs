//! Remote mode (`--server URL`): which commands run on a PrepAI server, and
//! the bridge from the async [`RemoteClient`] to the synchronous commands.
//! Each supported command fetches the same core types from the server that it
//! reads from the local store, then prints them with its local code.

use std::future::Future;

use anyhow::{Context as _, Result};
use prepai_server::client::{ClientError, RemoteClient};
use uuid::Uuid;

use super::analytics::AnalyticsCommand;
use super::code::CodeCommand;
use super::sessions::SessionsCommand;
use super::{BadInput, Command, Context};

/// The refusal for a command that has no remote form.
pub const UNSUPPORTED: &str = "--server works with `interview --headless`, \
     `sessions create|list|show|transcript|end`, `report`, `code run|submissions` and \
     `analytics aggregate|benchmarks|trends|history`; run other commands without --server \
     (on the server's machine for tokens, kb and voice)";

/// Whether `command` can run against a server.
pub fn supports(command: &Command) -> bool {
    match command {
        Command::Interview(_) | Command::Report(_) => true,
        Command::Sessions(s) => matches!(
            s,
            SessionsCommand::Create(_)
                | SessionsCommand::List(_)
                | SessionsCommand::Show(_)
                | SessionsCommand::Transcript(_)
                | SessionsCommand::End(_)
        ),
        Command::Analytics(a) => !matches!(a, AnalyticsCommand::Rank { .. }),
        Command::Code(c) => matches!(c, CodeCommand::Run(_) | CodeCommand::Submissions(_)),
        _ => false,
    }
}

/// The client of `--server`, if one was given.
pub fn client(ctx: &Context) -> Result<Option<RemoteClient>> {
    ctx.remote
        .as_ref()
        .map(|r| RemoteClient::new(&r.url, r.token.clone()).map_err(remote_error))
        .transpose()
}

/// Runs one remote call to completion on a small runtime of its own.
pub fn block_on<T>(call: impl Future<Output = Result<T, ClientError>>) -> Result<T> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(call).map_err(remote_error)
}

/// The server's session whose id is `text` or starts with it.
pub fn resolve(client: &RemoteClient, text: &str) -> Result<Uuid> {
    block_on(client.resolve_session_id(text))
}

/// A server's refusal of the caller's input is bad input (exit 2).
pub fn remote_error(e: ClientError) -> anyhow::Error {
    if e.is_bad_input() {
        BadInput(e.to_string()).into()
    } else {
        e.into()
    }
}

/// Reads a CV file to upload: its file name and bytes.
pub fn read_cv(path: &std::path::Path) -> Result<(String, Vec<u8>), String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "cv.txt".into());
    let bytes = std::fs::read(path)
        .map_err(|e| format!("cannot read the CV file {}: {e}", path.display()))?;
    Ok((name, bytes))
}
