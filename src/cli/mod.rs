//! The command line: global flags, the subcommand tree, and dispatch.
//! One file per noun; each prints a table by default and JSON with `--json`.

mod agents;
mod analytics;
mod code;
mod context;
mod cv;
mod engine;
mod exit;
mod interview;
mod kb;
mod output;
mod remote;
mod report;
mod script;
mod serve;
mod sessions;
mod tui;
mod tui_remote;
mod types;
mod voice;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use context::Context;
pub use exit::BadInput;

/// Practise technical interviews: an offline interviewer, a sandboxed code
/// runner and honest scored reports.
#[derive(Debug, Parser)]
#[command(name = "prepai", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Where PrepAI keeps its database (default: the platform data directory;
    /// also PREPAI_DATA_DIR or `data_dir` in config.toml).
    #[arg(long, value_name = "DIR", global = false)]
    pub data_dir: Option<PathBuf>,

    /// Colour theme of the full-screen interface (dark, light, high-contrast,
    /// or a file in <config dir>/themes/).
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,

    /// Print machine-readable JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,

    /// Use the PrepAI server at this URL instead of the local engine
    /// (the full-screen interface, `interview`, `sessions create|list|show|transcript|end`, `report`,
    /// `code run|submissions`, `analytics aggregate|benchmarks|trends|history`).
    #[arg(long, value_name = "URL", env = "PREPAI_SERVER")]
    pub server: Option<String>,

    /// The API token for --server (see `prepai tokens create` on the server).
    #[arg(
        long,
        value_name = "TOKEN",
        env = "PREPAI_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Every headless capability.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the interview types (built-in and your own).
    Types(types::TypesArgs),
    /// Create, inspect, append to, end and delete interview sessions.
    #[command(subcommand)]
    Sessions(sessions::SessionsCommand),
    /// Run an interview (`--headless` for a plain terminal or a script).
    Interview(Box<interview::InterviewArgs>),
    /// Run code against tests in the sandbox, and measure its quality.
    #[command(subcommand)]
    Code(code::CodeCommand),
    /// Analyse a CV offline.
    #[command(subcommand)]
    Cv(cv::CvCommand),
    /// Search the knowledge base.
    #[command(subcommand)]
    Kb(kb::KbCommand),
    /// A completed session's performance report (json, md, html or pdf).
    Report(report::ReportArgs),
    /// Aggregates, benchmarks, trends, history and rank over stored reports.
    #[command(subcommand)]
    Analytics(analytics::AnalyticsCommand),
    /// Check the remote interviewers (Bedrock, OpenAI-compatible).
    #[command(subcommand)]
    Agents(agents::AgentsCommand),
    /// Audio devices, Whisper transcription and espeak-ng speech.
    #[command(subcommand)]
    Voice(voice::VoiceCommand),
    /// Serve the HTTP + WebSocket API (the original web system's) on this engine.
    Serve(serve::ServeArgs),
    /// Create, list and revoke the API tokens `prepai serve` accepts.
    #[command(subcommand)]
    Tokens(serve::TokensCommand),
}

/// Parses the command line, runs it and turns the outcome into an exit code:
/// 0 success, 1 failure, 2 bad input.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut ctx = Context::new(cli.data_dir, cli.json);
    ctx.remote = cli.server.map(|url| context::Remote {
        url,
        token: cli.token,
    });
    let Some(command) = cli.command else {
        let flags = tui::TuiFlags {
            theme: cli.theme,
            language: "python".into(),
            no_sandbox: false,
            voice: Default::default(),
        };
        return match tui::open(&ctx, None, flags) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => exit::report(&err),
        };
    };
    let result = match command {
        _ if ctx.remote.is_some() && !remote::supports(&command) => {
            Err(BadInput(remote::UNSUPPORTED.into()).into())
        }
        Command::Types(args) => types::run(&ctx, args),
        Command::Sessions(cmd) => sessions::run(&ctx, cmd),
        Command::Interview(args) => interview::run(&ctx, *args),
        Command::Kb(cmd) => kb::run(&ctx, cmd),
        Command::Code(cmd) => code::run(&ctx, cmd),
        Command::Cv(cmd) => cv::run(&ctx, cmd),
        Command::Report(args) => report::run(&ctx, args),
        Command::Analytics(cmd) => analytics::run(&ctx, cmd),
        Command::Agents(cmd) => agents::run(&ctx, cmd),
        Command::Voice(cmd) => voice::run(&ctx, cmd),
        Command::Serve(args) => serve::run(&ctx, args),
        Command::Tokens(cmd) => serve::tokens(&ctx, cmd),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => exit::report(&err),
    }
}
