//! `prepai serve`: the original HTTP + WebSocket API on this engine, and
//! `prepai tokens …`: the API tokens it accepts.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand};
use prepai_core::SqliteStore;
use prepai_sandbox::SandboxMode;
use prepai_server::{AppState, Cors, Engine, ServerLimits, TokenStore};

use super::{engine, output, BadInput, Context};

/// Arguments of `prepai serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8000")]
    pub addr: String,
    /// Serve without API tokens (local use only: anyone who can connect sees every session).
    #[arg(long)]
    pub no_auth: bool,
    /// A browser origin allowed to call the API (repeatable), e.g. http://localhost:3000.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,
    /// Requests per second allowed per token (per client address with --no-auth).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_per_second: u32,
    /// Requests allowed in a burst above that rate.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_burst: u32,
    /// Largest CV upload, in MiB.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_upload_mib: u64,
    /// Seconds allowed for one REST request.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout: u64,
    /// Minutes a live interview may stay without a WebSocket before the server
    /// stops it (its transcript is kept; the session can still be ended).
    #[arg(long, default_value_t = 30.0, value_name = "MINUTES")]
    pub idle_minutes: f64,
    /// Run submitted code WITHOUT isolation (only where the host cannot isolate).
    #[arg(long)]
    pub no_sandbox: bool,
    /// Whisper model for voice input on the WebSocket (else PREPAI_WHISPER_MODEL, else
    /// `[voice] whisper_model`; without one, voice input answers with an error).
    #[command(flatten)]
    pub model: super::voice::ModelArgs,
    /// Largest utterance (audio between speech_start and speech_end), in MiB.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..=256))]
    pub max_audio_mib: u64,
    /// Keep each spoken utterance as WAV in `<data dir>/recordings/{session_id}/`.
    #[arg(long)]
    pub record: bool,
    /// Transcriptions and speech syntheses run at once; more wait their turn.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub voice_workers: u64,
}

/// The `tokens` subcommands.
#[derive(Debug, Subcommand)]
pub enum TokensCommand {
    /// Create an API token (shown once; only its hash is stored).
    Create {
        /// A label for the token.
        #[arg(long, default_value = "default")]
        name: String,
    },
    /// List the tokens (never their secrets).
    List,
    /// Revoke a token by id.
    Revoke {
        /// The token's id (from `prepai tokens list`).
        id: String,
    },
}

/// Runs the server until ctrl-c.
pub fn run(ctx: &Context, a: ServeArgs) -> Result<()> {
    let addr: std::net::SocketAddr = a.addr.parse().map_err(|_| {
        BadInput(format!(
            "`{}` is not an address; pass e.g. --addr 127.0.0.1:8000",
            a.addr
        ))
    })?;
    let data_dir = ctx.paths()?.data_dir.clone();
    let store = Arc::new(SqliteStore::open_dir(&data_dir)?);
    let mode = if a.no_sandbox {
        SandboxMode::Unsandboxed
    } else {
        SandboxMode::Isolated
    };
    let services = engine::services(ctx, store.clone(), mode)?;
    let agent_services = services.clone();
    let engine = Engine {
        services,
        limits: ctx.config()?.sandbox.limits(),
        mode,
        agent: Box::new(move |ty| {
            engine::local_agent(ty, &agent_services).map_err(|e| e.to_string())
        }),
    };
    let tokens = if a.no_auth {
        if !addr.ip().is_loopback() {
            eprintln!("warning: --no-auth on {addr}: anyone who can reach it sees every session");
        }
        None
    } else {
        let t = TokenStore::open_dir(&data_dir)?;
        if t.list()?.iter().all(|t| t.revoked_at.is_some()) {
            eprintln!("note: there are no API tokens yet; create one with `prepai tokens create`");
        }
        Some(t)
    };
    if !(a.idle_minutes.is_finite() && a.idle_minutes > 0.0 && a.idle_minutes <= 10_080.0) {
        return Err(BadInput(
            "--idle-minutes must be more than 0 and at most 10080 (a week)".into(),
        )
        .into());
    }
    let live_idle = Duration::from_secs_f64(a.idle_minutes * 60.0);
    let limits = ServerLimits {
        max_upload_bytes: (a.max_upload_mib as usize) << 20,
        request_timeout: Duration::from_secs(a.request_timeout),
        rate_per_second: a.rate_per_second,
        rate_burst: a.rate_burst,
        max_audio_bytes: (a.max_audio_mib as usize) << 20,
        live_idle,
        ..ServerLimits::default()
    };
    let mut voice =
        super::voice::server_voice(ctx, a.model.whisper_model.as_deref(), a.voice_workers)?;
    if a.record {
        voice = voice.with_recordings(ctx.paths()?.data_dir.clone());
    }
    let state = AppState::new(store, ctx.registry()?, engine, tokens, limits).with_voice(voice);
    let cors = Cors {
        origins: a.cors_origins,
    };
    prepai_server::init_logging();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        if ctx.json {
            println!(
                "{}",
                serde_json::json!({"listening": format!("http://{local}")})
            );
        } else {
            println!("PrepAI API listening on http://{local} (OpenAPI at /openapi.json)");
        }
        use std::io::Write;
        std::io::stdout().flush()?;
        prepai_server::serve(listener, state, &cors)
            .await
            .context("serving")
    })
}

/// Runs one `tokens` subcommand.
pub fn tokens(ctx: &Context, cmd: TokensCommand) -> Result<()> {
    let store = TokenStore::open_dir(&ctx.paths()?.data_dir)?;
    match cmd {
        TokensCommand::Create { name } => {
            let t = store.create(name.trim())?;
            if ctx.json {
                return output::print_json(&t);
            }
            println!("{}", t.token);
            eprintln!(
                "Token {} ({}) created. Keep it secret: it is shown only this once.",
                t.info.id, t.info.name
            );
        }
        TokensCommand::List => {
            let list = store.list()?;
            if ctx.json {
                return output::print_json(&list);
            }
            let mut t = output::table(["id", "name", "created", "revoked"]);
            for x in &list {
                t.add_row([
                    x.id.clone(),
                    x.name.clone(),
                    x.created_at.clone(),
                    x.revoked_at.clone().unwrap_or_else(|| "-".into()),
                ]);
            }
            println!("{t}");
        }
        TokensCommand::Revoke { id } => {
            store.revoke(id.trim()).map_err(|e| match e {
                prepai_server::TokenError::NotFound(_) => BadInput(e.to_string()).into(),
                other => anyhow::Error::from(other),
            })?;
            if ctx.json {
                return output::print_json(&serde_json::json!({"revoked": id.trim()}));
            }
            println!("Token {} revoked.", id.trim());
        }
    }
    Ok(())
}
