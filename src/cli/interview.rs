//! `prepai interview --headless`: an interview in a plain terminal or driven by
//! a file, printing the session's events as text or JSON lines.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use clap::Args;
use prepai_core::runtime::{self, InterviewHandle, InterviewSetup, RunningInterview};
use prepai_core::{SessionCommand, SessionEvent, SqliteStore, Store};
use prepai_sandbox::SandboxMode;
use prepai_server::client::{RemoteClient, RemoteHandle};
use tokio::sync::mpsc;

use super::context::Remote;
use super::cv;
use super::remote::{read_cv, remote_error};
use super::script::{self, Turn};
use super::{agents, engine, tui, voice, BadInput, Context};
use prepai_core::agent::{Agent, CvProfile};
use prepai_core::events::AgentSwitch;
use prepai_tui::StartRequest;
use prepai_voice::pipeline::transcribe_file;
use prepai_voice::Transcriber;

/// Arguments of `prepai interview`.
#[derive(Debug, Args)]
pub struct InterviewArgs {
    /// Run without the full-screen interface: events go to stdout.
    #[arg(long)]
    pub headless: bool,
    /// Interview type: key or alias (`prepai types` lists them).
    #[arg(
        long = "type",
        short = 't',
        value_name = "TYPE",
        required_unless_present = "session"
    )]
    pub interview_type: Option<String>,
    /// The candidate's name.
    #[arg(long, short = 'n', required_unless_present = "session")]
    pub name: Option<String>,
    /// Interview on a session created earlier (`prepai sessions create`), with the CV
    /// stored for it (`prepai cv analyze --session`); its type and name are used.
    #[arg(long, value_name = "ID", conflicts_with_all = ["interview_type", "name"])]
    pub session: Option<String>,
    /// The candidate's turns: one per paragraph, or a JSON list (see README).
    /// Without it, turns are read from standard input, one per line.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// The candidate's spoken answers: the WAV files in DIR, in name order, each
    /// transcribed by Whisper (needs --whisper-model, PREPAI_WHISPER_MODEL or config).
    #[arg(long, value_name = "DIR", conflicts_with = "answers")]
    pub audio_in: Option<PathBuf>,
    /// The ggml Whisper model for --audio-in or --voice.
    #[arg(long, value_name = "PATH")]
    pub whisper_model: Option<PathBuf>,
    /// The candidate's CV (PDF, DOCX, text, Markdown): the interviewer asks about it.
    #[arg(long, value_name = "FILE")]
    pub cv: Option<PathBuf>,
    /// The language coding problems are handed out in.
    #[arg(long, default_value = "python", value_parser = ["python", "javascript"])]
    pub language: String,
    /// Run submitted code WITHOUT isolation (only where the host cannot isolate).
    #[arg(long)]
    pub no_sandbox: bool,
    /// The interviewer: the offline one, an AWS Bedrock Agent, or an
    /// OpenAI-compatible model. In a remote interview `/retry` repeats a failed
    /// turn and `/local` carries on offline.
    #[arg(long, default_value = "local", value_parser = agents::AGENT_NAMES)]
    pub agent: String,
    #[command(flatten)]
    pub remote: agents::RemoteFlags,
    /// Answer by voice in the full-screen interview: the microphone is heard by
    /// Whisper and the interviewer speaks (needs --whisper-model, PREPAI_WHISPER_MODEL
    /// or config; the mute key toggles the mic).
    #[arg(long)]
    pub voice: bool,
    /// Keep each spoken turn of --voice as a WAV file under
    /// `<data dir>/recordings/{session_id}/` (or `[voice] record = true`).
    #[arg(long, requires = "voice")]
    pub record: bool,
    /// The microphone for --voice (`prepai voice devices`), default the system's.
    #[arg(long, value_name = "NAME", requires = "voice")]
    pub input_device: Option<String>,
    /// The speaker for --voice, default the system's.
    #[arg(long, value_name = "NAME", requires = "voice")]
    pub output_device: Option<String>,
    /// Colour theme of the full-screen interface (dark, light, high-contrast, or your own).
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
}

/// Runs the interview to its end.
pub fn run(ctx: &Context, a: InterviewArgs) -> Result<()> {
    if !a.headless {
        tui::check_agent(&a.agent)?;
        if a.whisper_model.is_some() && !a.voice {
            return Err(BadInput(
                "--whisper-model is for --voice or --headless --audio-in DIR".into(),
            )
            .into());
        }
        if a.session.is_some() || a.answers.is_some() {
            return Err(BadInput(
                "--session and --answers need --headless; the full-screen interview starts a new session".into(),
            )
            .into());
        }
        let start = StartRequest {
            interview_type: a.interview_type.clone().unwrap_or_default(),
            name: a.name.clone().unwrap_or_default(),
            cv: a.cv.clone(),
            agent: a.agent.clone(),
            voice: a.voice,
        };
        let flags = tui::TuiFlags {
            theme: a.theme.clone(),
            language: a.language.clone(),
            no_sandbox: a.no_sandbox,
            voice: voice::LiveFlags {
                whisper_model: a.whisper_model.clone(),
                input_device: a.input_device.clone(),
                output_device: a.output_device.clone(),
                record: a.record,
            },
        };
        return tui::open(ctx, Some(start), flags);
    }
    if a.voice {
        return Err(BadInput(
            "--voice is for the full-screen interface; in --headless mode give spoken turns as WAV files with --audio-in DIR".into(),
        )
        .into());
    }
    if a.whisper_model.is_some() && a.audio_in.is_none() {
        return Err(BadInput(
            "--whisper-model in --headless mode needs --audio-in DIR (the spoken turns)".into(),
        )
        .into());
    }
    if let Some(remote) = ctx.remote.clone() {
        return run_remote(ctx, &remote, a);
    }
    let existing = match &a.session {
        Some(id) => {
            let store = ctx.store()?;
            let id = store.resolve_session_id(id)?;
            Some((store.session(id)?, store.cv_analysis(id)?))
        }
        None => None,
    };
    let (type_name, name) = match &existing {
        Some((s, _)) => (s.interview_type.clone(), s.candidate_name.clone()),
        None => (
            a.interview_type.clone().unwrap_or_default(),
            a.name.as_deref().unwrap_or_default().trim().to_string(),
        ),
    };
    let ty = ctx.registry()?.resolve(&type_name)?.clone();
    if name.is_empty() {
        return Err(
            BadInput("the candidate name is empty; pass --name \"Your Name\"".into()).into(),
        );
    }
    let (turns, transcriber) = load_turns(ctx, &a)?;
    let cv = match a.cv.as_deref() {
        Some(p) => Some((p.to_path_buf(), serde_json::to_value(cv::analyze(p)?)?)),
        None => None,
    };
    let base = answers_base(&a);
    let store = Arc::new(SqliteStore::open_dir(&ctx.paths()?.data_dir)?);
    let mode = if a.no_sandbox {
        SandboxMode::Unsandboxed
    } else {
        SandboxMode::Isolated
    };
    let services = engine::services(ctx, store.clone(), mode)?;
    let kind = prepai_agents::AgentKind::parse(&a.agent).map_err(|e| BadInput(e.to_string()))?;
    let local = engine::local_agent(&ty, &services)?;
    let (agent, fallback) = match agents::remote_agent(ctx, kind, &a.remote)? {
        Some(remote) => (remote, Some(local)),
        None => (local, None),
    };
    let stored_cv = existing
        .as_ref()
        .and_then(|(_, cv)| cv.as_ref())
        .map(|(_, v)| v.clone());
    let cv_json = match &cv {
        Some((_, analysis)) => Some(analysis.clone()),
        None => stored_cv,
    };
    let setup = InterviewSetup {
        interview_type: ty,
        candidate_name: name,
        cv: cv_json.as_ref().map(CvProfile::from_analysis),
        language: a.language.clone(),
    };
    let existing_id = existing.map(|(s, _)| s.session_id);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async move {
        let running = match existing_id {
            Some(id) => runtime::start_existing(store.clone(), agent, services, setup, id).await?,
            None => runtime::start(store.clone(), agent, services, setup).await?,
        };
        if let Some((path, analysis)) = &cv {
            cv::store_with_session(store.as_ref(), running.handle.session_id, path, analysis)?;
        }
        let source = match turns {
            Some(t) => TurnSource::Script(t.into_iter()),
            None => TurnSource::stdin(base),
        };
        let RunningInterview {
            handle,
            mut events,
            task,
        } = running;
        let tools = TurnTools {
            json: ctx.json,
            language: a.language.clone(),
            fallback,
            transcriber,
        };
        drive(&mut events, &handle, || task.is_finished(), source, tools).await?;
        drop(handle);
        task.await.context("interview task")??;
        Ok(())
    })
}

/// The scripted turns (`--answers`, or the WAV files of `--audio-in`) and,
/// for spoken turns, the Whisper model that hears them.
fn load_turns(
    ctx: &Context,
    a: &InterviewArgs,
) -> Result<(Option<Vec<Turn>>, Option<Transcriber>)> {
    match &a.audio_in {
        Some(dir) => Ok((
            Some(script::load_audio_dir(dir)?),
            Some(voice::load_transcriber(ctx, a.whisper_model.as_deref())?),
        )),
        None => Ok((a.answers.as_deref().map(script::load).transpose()?, None)),
    }
}

/// Where `/code FILE` paths typed during the interview are read from: the
/// answers file's folder, else the current directory.
fn answers_base(a: &InterviewArgs) -> PathBuf {
    a.answers
        .as_deref()
        .and_then(|p| p.parent())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs the interview on a PrepAI server (`--server`): the same turns, the
/// same output.
fn run_remote(ctx: &Context, remote: &Remote, a: InterviewArgs) -> Result<()> {
    let client = RemoteClient::new(&remote.url, remote.token.clone()).map_err(remote_error)?;
    let (turns, transcriber) = load_turns(ctx, &a)?;
    let base = answers_base(&a);
    let cv =
        a.cv.as_deref()
            .map(|p| read_cv(p).map_err(BadInput))
            .transpose()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async move {
        let id = match &a.session {
            Some(id) => uuid::Uuid::parse_str(id.trim()).map_err(|_| {
                BadInput(format!(
                    "`{id}` is not a full session id; remote sessions need the whole UUID"
                ))
            })?,
            None => {
                let name = a.name.as_deref().unwrap_or_default().trim();
                if name.is_empty() {
                    return Err(BadInput(
                        "the candidate name is empty; pass --name \"Your Name\"".into(),
                    )
                    .into());
                }
                let ty = a.interview_type.as_deref().unwrap_or_default();
                client
                    .new_session(ty, name)
                    .await
                    .map_err(remote_error)?
                    .session_id
            }
        };
        if let Some((file_name, bytes)) = cv {
            client
                .upload_cv(id, &file_name, bytes)
                .await
                .map_err(remote_error)?;
        }
        let mut remote = client
            .interview(id, &a.language)
            .await
            .map_err(remote_error)?;
        let source = match turns {
            Some(t) => TurnSource::Script(t.into_iter()),
            None => TurnSource::stdin(base),
        };
        let task = &remote.task;
        let tools = TurnTools {
            json: ctx.json,
            language: a.language.clone(),
            fallback: None,
            transcriber,
        };
        drive(
            &mut remote.events,
            &remote.commands,
            || task.is_finished(),
            source,
            tools,
        )
        .await?;
        drop(remote.commands);
        remote
            .task
            .await
            .context("connection task")?
            .map_err(remote_error)?;
        Ok(())
    })
}

/// Where commands for an interview go: a local runtime or a remote server.
trait CommandSink {
    fn send_command(&self, cmd: SessionCommand);
}

impl CommandSink for InterviewHandle {
    fn send_command(&self, cmd: SessionCommand) {
        // The interview may have closed itself meanwhile; its last events still arrive.
        let _ = self.send(cmd);
    }
}

impl CommandSink for RemoteHandle {
    fn send_command(&self, cmd: SessionCommand) {
        let _ = self.send(cmd);
    }
}

/// Where the candidate's turns come from.
enum TurnSource {
    Script(std::vec::IntoIter<Turn>),
    Stdin(mpsc::UnboundedReceiver<Turn>),
}

impl TurnSource {
    fn stdin(base: PathBuf) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        std::thread::spawn(move || {
            let interactive = std::io::stdin().is_terminal();
            let mut lines = std::io::stdin().lock().lines();
            loop {
                if interactive {
                    eprint!("> ");
                }
                match lines.next() {
                    Some(Ok(line)) if line.trim().is_empty() => continue,
                    Some(Ok(line)) => {
                        if tx.send(script::parse_line(&line, &base)).is_err() {
                            return;
                        }
                    }
                    _ => return,
                }
            }
        });
        TurnSource::Stdin(rx)
    }

    async fn next(&mut self) -> Option<Turn> {
        match self {
            TurnSource::Script(it) => it.next(),
            TurnSource::Stdin(rx) => rx.recv().await,
        }
    }
}

/// What turning the candidate's turns into commands needs besides the turns.
struct TurnTools {
    /// Print JSON lines.
    json: bool,
    /// The language code files are in when their extension does not say.
    language: String,
    /// The local interviewer to switch to on `/local` (remote agents only).
    fallback: Option<Box<dyn Agent>>,
    /// Whisper, for spoken turns.
    transcriber: Option<Transcriber>,
}

async fn drive(
    events: &mut mpsc::UnboundedReceiver<SessionEvent>,
    commands: &dyn CommandSink,
    finished: impl Fn() -> bool,
    mut turns: TurnSource,
    tools: TurnTools,
) -> Result<()> {
    let TurnTools {
        json,
        language,
        mut fallback,
        transcriber,
    } = tools;
    let mut printer = Printer {
        json,
        streaming: false,
    };
    while let Some(event) = events.recv().await {
        printer.print(&event)?;
        match event {
            SessionEvent::AssistantComplete { .. } | SessionEvent::Error { .. } => {}
            SessionEvent::SessionEnded { .. } => break,
            _ => continue,
        }
        if finished() {
            continue;
        }
        let cmd = loop {
            let cmd = match turns.next().await {
                None => SessionCommand::End,
                Some(Turn::Say(text)) => SessionCommand::Answer(text),
                Some(Turn::Hint) => SessionCommand::Hint,
                Some(Turn::Skip) => SessionCommand::Skip,
                Some(Turn::End) => SessionCommand::End,
                Some(Turn::Retry) => SessionCommand::Retry,
                Some(Turn::Local) => {
                    // Switching needs no reply: take the next turn straight away.
                    match fallback.take() {
                        Some(local) => {
                            commands
                                .send_command(SessionCommand::SwitchAgent(AgentSwitch::new(local)));
                            eprintln!("! switched to the local interviewer; /retry repeats the failed turn");
                        }
                        None => eprintln!("! the local interviewer is already running"),
                    }
                    continue;
                }
                Some(Turn::Spoken(path)) => {
                    let t = transcriber
                        .clone()
                        .context("spoken turns need a Whisper model")?;
                    let heard = tokio::task::spawn_blocking(move || transcribe_file(&t, &path))
                        .await
                        .context("transcription task")?
                        .map_err(voice::voice_error)?;
                    SessionCommand::Spoken {
                        text: heard.text,
                        seconds: heard.seconds,
                    }
                }
                Some(Turn::Code {
                    path,
                    language: lang,
                }) => {
                    let code = std::fs::read_to_string(&path).map_err(|e| {
                        BadInput(format!("cannot read code file {}: {e}", path.display()))
                    })?;
                    let lang =
                        lang.unwrap_or_else(|| match path.extension().and_then(|e| e.to_str()) {
                            Some("js") | Some("mjs") => "javascript".into(),
                            Some("py") => "python".into(),
                            _ => language.clone(),
                        });
                    SessionCommand::SubmitCode {
                        language: lang,
                        code,
                    }
                }
            };
            break cmd;
        };
        commands.send_command(cmd);
    }
    Ok(())
}

/// Prints events as JSON lines or as a readable conversation.
struct Printer {
    json: bool,
    streaming: bool,
}

impl Printer {
    fn print(&mut self, e: &SessionEvent) -> Result<()> {
        let mut out = std::io::stdout().lock();
        if self.json {
            writeln!(out, "{}", serde_json::to_string(e)?)?;
            return Ok(out.flush()?);
        }
        match e {
            SessionEvent::SessionStarted {
                session_id,
                interview_type,
                candidate_name,
            } => {
                writeln!(
                    out,
                    "Session {session_id}: {interview_type} interview for {candidate_name}."
                )?;
                writeln!(
                    out,
                    "Type your answers; /hint, /skip, /code FILE, /retry, /local and /end are commands.\n"
                )?;
            }
            SessionEvent::LlmChunk { text } => {
                if !self.streaming {
                    write!(out, "Interviewer: ")?;
                    self.streaming = true;
                }
                write!(out, "{text}")?;
            }
            SessionEvent::AssistantComplete { .. } => {
                self.streaming = false;
                writeln!(out, "\n")?;
            }
            SessionEvent::Transcript { text, .. } => writeln!(out, "You: {text}\n")?,
            SessionEvent::Phase { phase } => writeln!(out, "── {} ──", phase.replace('_', " "))?,
            SessionEvent::CodingQuestion(q) => {
                writeln!(out, "┌─ Problem: {} ({})", q.title, q.difficulty)?;
                for line in q.question.lines() {
                    writeln!(out, "│ {line}")?;
                }
                writeln!(out, "│\n│ Starter code ({}):", q.language)?;
                for line in q.initial_code.lines() {
                    writeln!(out, "│   {line}")?;
                }
                writeln!(out, "└─ submit with: /code path/to/solution\n")?;
            }
            SessionEvent::CodeResult(r) => writeln!(
                out,
                "Tests: {}/{} passed ({}) in {:.0} ms{}\n",
                r.passed,
                r.total,
                r.verdict,
                r.execution_time_ms,
                r.quality_score
                    .map(|q| format!(", quality {q:.1}/10"))
                    .unwrap_or_default()
            )?,
            SessionEvent::ScoreUpdate(_) => {}
            SessionEvent::AgentStats {
                agent,
                ttft_ms,
                tokens_per_sec,
            } => eprintln!(
                "  [{agent}: first token after {ttft_ms:.0} ms, {tokens_per_sec:.1} tokens/s]"
            ),
            SessionEvent::Error { message } => eprintln!("! {message}"),
            SessionEvent::Report(r) => writeln!(out, "{}", prepai_core::report::to_markdown(r))?,
            SessionEvent::SessionEnded { session_id } => {
                writeln!(
                    out,
                    "Session {session_id} completed. `prepai report {session_id} -f pdf -o report.pdf` exports the report."
                )?;
            }
        }
        Ok(out.flush()?)
    }
}
