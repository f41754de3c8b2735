//! The full-screen interface: `prepai` with no arguments (home screen) and
//! `prepai interview` without `--headless` (straight into the interview),
//! on the local engine or, with `--server`, on a PrepAI server.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

use anyhow::Result;
use prepai_core::agent::CvProfile;
use prepai_core::runtime::{InterviewSetup, Services};
use prepai_core::{Config, Paths, SqliteStore, Store, TypeRegistry};
use prepai_sandbox::SandboxMode;
use prepai_tui::{Engine, Launcher, LocalEngine, Prepared, Settings, StartRequest, TuiOptions};

use super::tui_remote::RemoteEngine;
use super::{agents, cv, engine, voice, BadInput, Context};

/// How the interface should look and run.
pub struct TuiFlags {
    /// `--theme`.
    pub theme: Option<String>,
    /// The language coding problems come in.
    pub language: String,
    /// Run code without isolation.
    pub no_sandbox: bool,
    /// Model and devices for `--voice`.
    pub voice: voice::LiveFlags,
}

/// Checks the agent choice of a start request.
pub fn check_agent(agent: &str) -> Result<(), BadInput> {
    prepai_agents::AgentKind::parse(agent).map_err(|e| BadInput(e.to_string()))?;
    Ok(())
}

/// Builds interviews for the TUI: the services once, an agent per interview.
struct CliLauncher {
    paths: Paths,
    config: Config,
    registry: Arc<TypeRegistry>,
    store: Arc<dyn Store>,
    mode: SandboxMode,
    language: String,
    services: Mutex<Option<Services>>,
}

impl CliLauncher {
    fn services(&self) -> Result<Services> {
        let mut cached = self
            .services
            .lock()
            .map_err(|_| anyhow::anyhow!("services lock poisoned"))?;
        if let Some(s) = cached.as_ref() {
            return Ok(s.clone());
        }
        let s = engine::services_for(&self.paths, &self.config, self.store.clone(), self.mode)?;
        *cached = Some(s.clone());
        Ok(s)
    }

    fn prepare_inner(&self, req: &StartRequest) -> Result<Prepared> {
        check_agent(&req.agent)?;
        let ty = self.registry.resolve(&req.interview_type)?.clone();
        let cv = match &req.cv {
            Some(p) => Some((p.clone(), serde_json::to_value(cv::analyze(p)?)?)),
            None => None,
        };
        let services = self.services()?;
        let kind =
            prepai_agents::AgentKind::parse(&req.agent).map_err(|e| BadInput(e.to_string()))?;
        let file = agents::agents_file_in(&self.paths.config_dir)?;
        let agent = match agents::remote_agent_from(&file, kind, &agents::RemoteFlags::default())? {
            Some(remote) => remote,
            None => engine::local_agent(&ty, &services)?,
        };
        let setup = InterviewSetup {
            interview_type: ty,
            candidate_name: req.name.trim().to_string(),
            cv: cv.as_ref().map(|(_, v)| CvProfile::from_analysis(v)),
            language: self.language.clone(),
        };
        let store = self.store.clone();
        let after_start = cv.map(|(path, analysis)| {
            Box::new(move |id| {
                cv::store_with_session(store.as_ref(), id, &path, &analysis)
                    .map_err(|e| format!("{e:#}"))
            }) as prepai_tui::AfterStart
        });
        Ok(Prepared {
            agent,
            services,
            setup,
            after_start,
        })
    }
}

impl Launcher for CliLauncher {
    fn prepare(&self, req: &StartRequest) -> Result<Prepared, String> {
        self.prepare_inner(req).map_err(|e| format!("{e:#}"))
    }
}

/// Opens the interface, on the home screen or (with `start`) in an
/// interview; on the `--server` when one is given, else on the local engine.
pub fn open(ctx: &Context, start: Option<StartRequest>, flags: TuiFlags) -> Result<()> {
    let registry = Arc::new(ctx.registry()?);
    if let Some(req) = &start {
        check_start(&registry, req, ctx.remote.is_none())?;
    }
    let engine: Arc<dyn Engine> = match &ctx.remote {
        // The server is asked first, so a wrong URL or token is said plainly.
        Some(remote) => Arc::new(RemoteEngine::connect(remote, &flags.language)?),
        None => {
            need_terminal()?;
            local_engine(ctx, registry.clone(), &flags)?
        }
    };
    need_terminal()?;
    let paths = ctx.paths()?.clone();
    let settings = Settings::load(&paths.config_dir).map_err(|e| BadInput(e.to_string()))?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = prepai_tui::theme::choose(
        flags.theme.as_deref(),
        settings.theme.as_deref(),
        Some(&paths.config_dir),
        no_color,
    )
    .map_err(|e| BadInput(e.to_string()))?;
    // Last, so that nothing fails with the audio devices open.
    let voice = match &start {
        Some(req) if req.voice => Some(voice::start_live(ctx, &flags.voice)?),
        _ => None,
    };
    prepai_tui::run(TuiOptions {
        engine,
        registry,
        start,
        theme,
        keys: settings.keys,
        language: flags.language,
        export_dir: paths.data_dir.join("reports"),
        log_dir: paths.data_dir.join("logs"),
        voice,
    })
}

fn need_terminal() -> Result<(), BadInput> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(BadInput(
            "the full-screen interface needs a terminal; use `prepai interview --headless` in scripts".into(),
        ));
    }
    Ok(())
}

/// Checks a start request before the interface opens. The server resolves
/// types itself (it may know others), and only it picks the interviewer.
fn check_start(registry: &TypeRegistry, req: &StartRequest, local: bool) -> Result<()> {
    if local {
        registry.resolve(&req.interview_type)?;
        check_agent(&req.agent)?;
    } else if req.voice {
        return Err(BadInput(
            "--voice runs on this machine's microphone and models, not on a server; drop              --server, or type your answers"
                .into(),
        )
        .into());
    }
    if req.name.trim().is_empty() {
        return Err(
            BadInput("the candidate name is empty; pass --name \"Your Name\"".into()).into(),
        );
    }
    if let Some(p) = &req.cv {
        if !p.is_file() {
            return Err(BadInput(format!("no CV file at {}", p.display())).into());
        }
    }
    Ok(())
}

/// The local engine: the store, the services (built on first use) and the
/// question bank.
fn local_engine(
    ctx: &Context,
    registry: Arc<TypeRegistry>,
    flags: &TuiFlags,
) -> Result<Arc<dyn Engine>> {
    let paths = ctx.paths()?.clone();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(&paths.data_dir)?);
    let mode = if flags.no_sandbox {
        SandboxMode::Unsandboxed
    } else {
        SandboxMode::Isolated
    };
    let launcher = Arc::new(CliLauncher {
        paths,
        config: ctx.config()?.clone(),
        registry: registry.clone(),
        store: store.clone(),
        mode,
        language: flags.language.clone(),
        services: Mutex::new(None),
    });
    let bank = Arc::new(engine::question_bank(ctx)?);
    Ok(Arc::new(LocalEngine::new(store, registry, launcher, bank)))
}
