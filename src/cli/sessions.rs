//! `prepai sessions …`: create, list, show, transcript, append, end, delete.

use std::io::{BufRead, Write};

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand, ValueEnum};
use prepai_core::evaluate;
use prepai_core::{NewSession, Role, Session, SessionFilter, SessionStatus, SessionSummary, Store};
use prepai_server::client_api::SessionQuery;
use serde_json::json;

use super::{output, remote, BadInput, Context};

/// The `sessions` subcommands.
#[derive(Debug, Subcommand)]
pub enum SessionsCommand {
    /// Start a session of an interview type for a candidate.
    Create(CreateArgs),
    /// List sessions, newest first.
    List(ListArgs),
    /// Show one session (the stored document, transcript included, with --json).
    Show(IdArg),
    /// Print a session's transcript.
    Transcript(IdArg),
    /// Append a message to an active session (committed before it is acknowledged).
    Append(AppendArgs),
    /// End a session: it becomes `completed` and its transcript is closed.
    End(IdArg),
    /// Delete a session and everything stored with it.
    Delete(IdArg),
}

/// Arguments of `sessions create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Interview type: key or alias (`prepai types` lists them).
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    pub interview_type: String,
    /// The candidate's name.
    #[arg(long, short = 'n')]
    pub name: String,
}

/// Arguments of `sessions list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only sessions with this status.
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// Only sessions of this interview type.
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    pub interview_type: Option<String>,
    /// Only this candidate (case-insensitive).
    #[arg(long)]
    pub candidate: Option<String>,
    /// At most this many sessions.
    #[arg(long)]
    pub limit: Option<usize>,
}

/// A session status on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    /// Still running.
    Active,
    /// Ended.
    Completed,
}

/// A session id (full UUID or a unique prefix of at least 4 characters).
#[derive(Debug, Args)]
pub struct IdArg {
    /// Session id, or a unique prefix of it.
    pub id: String,
}

/// Arguments of `sessions append`.
#[derive(Debug, Args)]
pub struct AppendArgs {
    /// Session id, or a unique prefix of it.
    pub id: String,
    /// Who is speaking.
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// The message text.
    #[arg(long, required_unless_present = "stdin", conflicts_with = "stdin")]
    pub content: Option<String>,
    /// Append each non-empty line of standard input as its own message,
    /// acknowledging each once it is committed.
    #[arg(long)]
    pub stdin: bool,
}

/// A speaker on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    /// The candidate.
    User,
    /// The interviewer.
    Assistant,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::User => Role::User,
            RoleArg::Assistant => Role::Assistant,
        }
    }
}

/// Runs one `sessions` subcommand.
pub fn run(ctx: &Context, cmd: SessionsCommand) -> Result<()> {
    match cmd {
        SessionsCommand::Create(a) => create(ctx, a),
        SessionsCommand::List(a) => list(ctx, a),
        SessionsCommand::Show(a) => show(ctx, &a.id),
        SessionsCommand::Transcript(a) => transcript(ctx, &a.id),
        SessionsCommand::Append(a) => append(ctx, a),
        SessionsCommand::End(a) => end(ctx, &a.id),
        SessionsCommand::Delete(a) => delete(ctx, &a.id),
    }
}

/// Longest candidate name accepted.
const MAX_NAME_CHARS: usize = 200;

fn create(ctx: &Context, a: CreateArgs) -> Result<()> {
    let name = a.name.trim();
    if name.is_empty() {
        return Err(
            BadInput("the candidate name is empty; pass --name \"Your Name\"".into()).into(),
        );
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(BadInput(format!(
            "the candidate name is longer than {MAX_NAME_CHARS} characters"
        ))
        .into());
    }
    let registry = ctx.registry()?;
    let s = match remote::client(ctx)? {
        Some(c) => remote::block_on(c.new_session(&a.interview_type, name))?,
        None => ctx.store()?.create_session(&NewSession {
            interview_type: registry.resolve(&a.interview_type)?.key.clone(),
            candidate_name: name.to_string(),
        })?,
    };
    if ctx.json {
        return output::print_json(&created_json(&s));
    }
    // A type only the server knows is shown by its key.
    let type_name = registry
        .resolve(&s.interview_type)
        .map(|t| t.name.clone())
        .unwrap_or_else(|_| s.interview_type.clone());
    println!(
        "Created session {} ({type_name} for {}).",
        s.session_id, s.candidate_name
    );
    Ok(())
}

/// The original's creation response: `{session_id, interview_type, candidate_name, created_at, status}`.
fn created_json(s: &SessionSummary) -> serde_json::Value {
    json!({
        "session_id": s.session_id,
        "interview_type": s.interview_type,
        "candidate_name": s.candidate_name,
        "created_at": prepai_core::timefmt::rfc3339(&s.created_at),
        "status": s.status,
    })
}

fn list(ctx: &Context, a: ListArgs) -> Result<()> {
    let status = a.status.map(|s| match s {
        StatusArg::Active => SessionStatus::Active,
        StatusArg::Completed => SessionStatus::Completed,
    });
    let sessions = match remote::client(ctx)? {
        Some(c) => {
            let query = SessionQuery {
                status: status.map(|s| s.as_str().to_string()),
                interview_type: a.interview_type,
                candidate: a.candidate,
                limit: a.limit,
            };
            remote::block_on(c.list_sessions(&query))?
        }
        None => local_list(ctx, status, a)?,
    };
    print_list(ctx, &sessions)
}

fn local_list(
    ctx: &Context,
    status: Option<SessionStatus>,
    a: ListArgs,
) -> Result<Vec<SessionSummary>> {
    let interview_type = match &a.interview_type {
        Some(t) => Some(ctx.registry()?.resolve(t)?.key.clone()),
        None => None,
    };
    let filter = SessionFilter {
        status,
        interview_type,
        candidate_name: a.candidate,
        limit: a.limit,
    };
    Ok(ctx.store()?.list_sessions(&filter)?)
}

fn print_list(ctx: &Context, sessions: &[SessionSummary]) -> Result<()> {
    if ctx.json {
        return output::print_json(&sessions);
    }
    if sessions.is_empty() {
        println!("No sessions yet. Start one with `prepai sessions create --type google_sde --name \"Your Name\"`.");
        return Ok(());
    }
    let mut t = output::table(["id", "type", "candidate", "status", "created", "messages"]);
    for s in sessions {
        t.add_row([
            s.session_id.to_string(),
            s.interview_type.clone(),
            s.candidate_name.clone(),
            s.status.to_string(),
            output::short_time(&s.created_at),
            s.message_count.to_string(),
        ]);
    }
    println!("{t}");
    Ok(())
}

fn show(ctx: &Context, id: &str) -> Result<()> {
    let doc = match remote::client(ctx)? {
        Some(c) => {
            let id = remote::resolve(&c, id)?;
            remote::block_on(async {
                Ok(Session {
                    summary: c.session(id).await?,
                    transcript: c.transcript(id).await?,
                })
            })?
        }
        None => {
            let store = ctx.store()?;
            store.load_session(store.resolve_session_id(id)?)?
        }
    };
    if ctx.json {
        return output::print_json(&doc);
    }
    let s = &doc.summary;
    let mut t = output::table(["field", "value"]);
    t.add_row(["session", &s.session_id.to_string()]);
    t.add_row(["type", &s.interview_type]);
    t.add_row(["candidate", &s.candidate_name]);
    t.add_row(["status", s.status.as_str()]);
    t.add_row(["created", &output::short_time(&s.created_at)]);
    t.add_row(["updated", &output::short_time(&s.updated_at)]);
    let ended = s
        .ended_at
        .map(|e| output::short_time(&e))
        .unwrap_or_else(|| "-".into());
    t.add_row(["ended", &ended]);
    t.add_row(["duration", &format!("{} s", s.duration_secs())]);
    t.add_row(["messages", &s.message_count.to_string()]);
    println!("{t}");
    Ok(())
}

fn transcript(ctx: &Context, id: &str) -> Result<()> {
    let (id, messages) = match remote::client(ctx)? {
        Some(c) => {
            let id = remote::resolve(&c, id)?;
            (id, remote::block_on(c.transcript(id))?)
        }
        None => {
            let store = ctx.store()?;
            let id = store.resolve_session_id(id)?;
            (id, store.transcript(id)?)
        }
    };
    if ctx.json {
        return output::print_json(&json!({ "session_id": id, "transcript": messages }));
    }
    if messages.is_empty() {
        println!("(no messages yet)");
    }
    for m in &messages {
        println!(
            "[{}] {}: {}",
            output::short_time(&m.timestamp),
            m.role,
            m.content
        );
    }
    Ok(())
}

fn append(ctx: &Context, a: AppendArgs) -> Result<()> {
    let store = ctx.store()?;
    let id = store.resolve_session_id(&a.id)?;
    let role = Role::from(a.role);
    if let Some(content) = a.content {
        if content.trim().is_empty() {
            return Err(BadInput("the message is empty; pass --content \"...\"".into()).into());
        }
        let m = store.append_message(id, role, &content)?;
        return acknowledge(ctx, &m, 1);
    }
    let stdin = std::io::stdin();
    let mut n = 0u64;
    for line in stdin.lock().lines() {
        let line = line.context("reading standard input")?;
        if line.trim().is_empty() {
            continue;
        }
        let m = store.append_message(id, role, &line)?;
        n += 1;
        acknowledge(ctx, &m, n)?;
    }
    Ok(())
}

/// Prints (and flushes) one acknowledgement per committed message.
fn acknowledge(ctx: &Context, m: &prepai_core::Message, n: u64) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if ctx.json {
        writeln!(out, "{}", serde_json::to_string(m)?)?;
    } else {
        writeln!(out, "appended message {n} ({})", m.role)?;
    }
    out.flush()?;
    Ok(())
}

fn end(ctx: &Context, id: &str) -> Result<()> {
    let (s, report) = match remote::client(ctx)? {
        Some(c) => {
            let id = remote::resolve(&c, id)?;
            remote::block_on(async {
                c.end_session(id).await?;
                Ok((c.session(id).await?, c.performance_report(id).await?))
            })?
        }
        None => {
            let store = ctx.store()?;
            let id = store.resolve_session_id(id)?;
            let s = store.end_session(id)?;
            let bank = super::engine::question_bank(ctx)?;
            (s, evaluate::report_for(store, id, &ctx.registry()?, &bank)?)
        }
    };
    if ctx.json {
        return output::print_json(&json!({
            "session_id": s.session_id,
            "status": s.status,
            "ended_at": s.ended_at.map(|t| prepai_core::timefmt::rfc3339(&t)),
            "duration_seconds": s.duration_secs(),
            "overall_score": report.overall_score,
            "recommendation": report.recommendation,
        }));
    }
    println!(
        "Ended session {} after {} s: overall {:.1}/10, {}. `prepai report {}` shows the report.",
        s.session_id,
        s.duration_secs(),
        report.overall_score,
        report.recommendation.as_str(),
        s.session_id
    );
    Ok(())
}

fn delete(ctx: &Context, id: &str) -> Result<()> {
    let store = ctx.store()?;
    let id = store.resolve_session_id(id)?;
    store.delete_session(id)?;
    if ctx.json {
        return output::print_json(&json!({ "session_id": id, "deleted": true }));
    }
    println!("Deleted session {id}.");
    Ok(())
}
