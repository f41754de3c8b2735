//! `prepai code …`: run code against tests in the sandbox, list a session's
//! submissions, browse the problem bank, measure a file's quality.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{Args, Subcommand};
use prepai_core::code::{run_code, verdict_name, CodeError, CodeRequest, CodeRun};
use prepai_core::submissions::SubmissionSummary;
use prepai_core::Store;
use prepai_metrics::{analyze, MetricsLanguage, QualityMetrics};
use prepai_sandbox::{Language, SandboxMode, TestSuite};
use prepai_server::routes::code::client_document;
use serde_json::json;

use super::{output, remote, BadInput, Context};

/// The `code` subcommands.
#[derive(Debug, Subcommand)]
pub enum CodeCommand {
    /// Run a file's function against tests in the sandbox.
    Run(RunArgs),
    /// A session's code submissions with the original's summary.
    Submissions(SubmissionsArgs),
    /// The coding problem bank; with an id, one problem's statement and starter code.
    Problems(ProblemsArgs),
    /// Measure a file's quality: complexity, nesting, Halstead, maintainability, a 0–10 score.
    Metrics(MetricsArgs),
}

/// Arguments of `code run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The source file.
    pub file: PathBuf,
    /// Its language (default: from the extension): python or javascript.
    #[arg(long)]
    pub lang: Option<String>,
    /// The tests: a JSON array of `{"args": [...], "expected": ...}` or `{"input": "...", "expected": "..."}`
    /// (or `{"tests": [...], "compare": {...}}`). Use `--problem` instead for a bank problem's tests.
    #[arg(
        long,
        value_name = "TESTS.json",
        required_unless_present = "problem",
        conflicts_with = "problem"
    )]
    pub tests: Option<PathBuf>,
    /// Run against a bank problem's tests (hidden ones included, their data redacted).
    #[arg(long, value_name = "ID")]
    pub problem: Option<String>,
    /// The function the tests call (default `solution`, or the problem's).
    #[arg(long)]
    pub function: Option<String>,
    /// Record the run as a submission of this session.
    #[arg(long, value_name = "ID")]
    pub session: Option<String>,
    /// CPU seconds allowed (default 2, or `[sandbox] cpu_seconds`).
    #[arg(long, value_name = "SECS")]
    pub cpu_time: Option<u64>,
    /// Wall-clock seconds allowed (default 5).
    #[arg(long, value_name = "SECS")]
    pub wall_time: Option<u64>,
    /// Memory allowed in MiB (default 256).
    #[arg(long, value_name = "MIB")]
    pub memory: Option<u64>,
    /// Run WITHOUT isolation (only for hosts that cannot isolate, and only code you trust).
    #[arg(long)]
    pub no_sandbox: bool,
}

/// Arguments of `code submissions`.
#[derive(Debug, Args)]
pub struct SubmissionsArgs {
    /// Session id, or a unique prefix of it.
    pub id: String,
}

/// Arguments of `code problems`.
#[derive(Debug, Args)]
pub struct ProblemsArgs {
    /// Show this problem in full.
    pub id: Option<String>,
    /// Only problems of this difficulty.
    #[arg(long, value_parser = ["easy", "medium", "hard"])]
    pub difficulty: Option<String>,
    /// The language for the starter code shown with an id.
    #[arg(long, default_value = "python")]
    pub lang: String,
}

/// Arguments of `code metrics`.
#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// The source file.
    pub file: PathBuf,
    /// Its language (default: from the extension): python or javascript.
    #[arg(long)]
    pub lang: Option<String>,
}

/// Runs one `code` subcommand.
pub fn run(ctx: &Context, cmd: CodeCommand) -> Result<()> {
    match cmd {
        CodeCommand::Run(a) => run_file(ctx, a),
        CodeCommand::Submissions(a) => submissions(ctx, &a.id),
        CodeCommand::Problems(a) => problems(ctx, a),
        CodeCommand::Metrics(a) => metrics(ctx, a),
    }
}

/// Sandbox errors caused by the input are the user's to fix (exit 2).
fn classify(e: CodeError) -> anyhow::Error {
    if e.is_bad_input() {
        BadInput(e.to_string()).into()
    } else {
        e.into()
    }
}

fn run_file(ctx: &Context, a: RunArgs) -> Result<()> {
    let source = read_source(&a.file)?;
    let language = match a.lang.as_deref() {
        Some(name) => Language::from_name(name),
        None => Language::from_extension(a.file.extension().and_then(|e| e.to_str()).unwrap_or("")),
    }
    .map_err(|e| BadInput(format!("{e}; pass --lang python or --lang javascript")))?;
    let result = match remote::client(ctx)? {
        Some(c) => run_remote(&c, &a, language, source)?,
        None => run_local(ctx, &a, language, source)?,
    };
    if ctx.json {
        return output::print_json(&result);
    }
    print_run(&result);
    Ok(())
}

/// The tests file's text (`--tests`).
fn read_tests(path: &Path) -> Result<String> {
    Ok(std::fs::read_to_string(path)
        .map_err(|e| BadInput(format!("cannot read tests file {}: {e}", path.display())))?)
}

/// Runs the code through the server's `POST /api/code/execute` (its sandbox
/// and limits; tests are checked there).
fn run_remote(
    c: &prepai_server::client::RemoteClient,
    a: &RunArgs,
    language: Language,
    source: String,
) -> Result<CodeRun> {
    if a.cpu_time.is_some() || a.wall_time.is_some() || a.memory.is_some() || a.no_sandbox {
        return Err(BadInput(
            "with --server the server's sandbox and limits apply; drop --cpu-time, --wall-time, \
             --memory and --no-sandbox"
                .into(),
        )
        .into());
    }
    let mut body = json!({"code": source, "language": language.name()});
    if let Some(path) = &a.tests {
        let tests: serde_json::Value = serde_json::from_str(&read_tests(path)?)
            .map_err(|e| BadInput(format!("{}: {e}", path.display())))?;
        body["testCases"] = tests;
    }
    if let Some(id) = &a.problem {
        body["problemId"] = id.clone().into();
    }
    if let Some(f) = &a.function {
        body["functionName"] = f.clone().into();
    }
    if let Some(id) = &a.session {
        body["sessionId"] = remote::resolve(c, id)?.to_string().into();
    }
    let answer = remote::block_on(c.execute(&body))?;
    serde_json::from_value(answer)
        .map_err(|e| anyhow::anyhow!("unexpected answer from the server: {e}"))
}

fn run_local(ctx: &Context, a: &RunArgs, language: Language, source: String) -> Result<CodeRun> {
    let (suite, function, problem_id, redact) = match (&a.tests, &a.problem) {
        (Some(path), _) => {
            let text = read_tests(path)?;
            let suite = TestSuite::from_json(&text)
                .map_err(|e| BadInput(format!("{}: {e}", path.display())))?;
            (
                suite,
                a.function.clone().unwrap_or_else(|| "solution".into()),
                None,
                false,
            )
        }
        (None, Some(id)) => {
            let req = CodeRequest::for_problem(id, language, String::new()).map_err(BadInput)?;
            let function = a.function.clone().unwrap_or(req.function);
            (req.suite, function, req.problem_id, req.redact_hidden)
        }
        (None, None) => return Err(BadInput("pass --tests FILE or --problem ID".into()).into()),
    };
    let mut settings = ctx.config()?.sandbox.clone();
    settings.cpu_seconds = a.cpu_time.or(settings.cpu_seconds);
    settings.wall_seconds = a.wall_time.or(settings.wall_seconds);
    settings.memory_mib = a.memory.or(settings.memory_mib);
    let limits = settings.limits();
    let mode = if a.no_sandbox {
        SandboxMode::Unsandboxed
    } else {
        SandboxMode::Isolated
    };
    let session = match &a.session {
        Some(id) => {
            let store = ctx.store()?;
            Some((store as &dyn Store, store.resolve_session_id(id)?))
        }
        None => None,
    };
    let req = CodeRequest {
        language,
        code: source,
        function,
        suite,
        problem_id,
        redact_hidden: redact,
    };
    run_code(&req, &limits, mode, session).map_err(classify)
}

fn print_run(r: &CodeRun) {
    let rep = &r.report;
    let mut t = output::table(["#", "result", "input", "expected", "actual", "ms"]);
    let show = |v: &Option<serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => "(hidden)".into(),
    };
    for tr in &rep.test_results {
        let result = if tr.passed {
            "pass".to_string()
        } else {
            format!(
                "FAIL{}",
                tr.error
                    .as_deref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            )
        };
        t.add_row([
            tr.test_case.to_string(),
            result,
            show(&tr.input.clone().map(serde_json::Value::String)),
            show(&tr.expected),
            show(&tr.actual),
            tr.time_ms
                .map(|ms| format!("{ms:.2}"))
                .unwrap_or_else(|| "-".into()),
        ]);
    }
    println!("{t}");
    let passed = rep.passed_count();
    println!(
        "{}: {passed}/{} tests passed in {:.0} ms",
        verdict_name(rep.verdict),
        rep.test_results.len(),
        rep.execution_time
    );
    if let Some(e) = &rep.error {
        println!("error: {e}");
    }
    if let Some(m) = &r.quality_metrics {
        println!(
            "quality {:.1}/10 (max cyclomatic {}, nesting {})",
            m.quality_score, m.cyclomatic_complexity, m.max_nesting
        );
    }
    if let Some(id) = &r.submission_id {
        println!("recorded as submission {id}");
    }
}

fn submissions(ctx: &Context, id: &str) -> Result<()> {
    let (id, subs) = match remote::client(ctx)? {
        Some(c) => {
            let id = remote::resolve(&c, id)?;
            (
                id,
                remote::block_on(async { c.submissions(id).await?.records() })?,
            )
        }
        None => {
            let store = ctx.store()?;
            let id = store.resolve_session_id(id)?;
            (id, store.submissions(id)?)
        }
    };
    let summary = SubmissionSummary::of(&subs);
    if ctx.json {
        let list: Vec<serde_json::Value> = subs.iter().map(client_document).collect();
        return output::print_json(
            &json!({ "success": true, "sessionId": id, "submissions": list, "summary": summary }),
        );
    }
    if subs.is_empty() {
        println!("No submissions in session {id}.");
        return Ok(());
    }
    let mut t = output::table([
        "submission",
        "time",
        "language",
        "problem",
        "passed",
        "ms",
        "quality",
    ]);
    for s in &subs {
        t.add_row([
            s.id.clone(),
            output::short_time(&s.created_at),
            s.record.language.clone(),
            s.record.problem_id.clone().unwrap_or_else(|| "-".into()),
            if s.record.all_passed {
                "all".into()
            } else {
                "no".into()
            },
            format!("{:.0}", s.record.execution_ms),
            s.record
                .quality_score
                .map(|q| format!("{q:.1}"))
                .unwrap_or_else(|| "-".into()),
        ]);
    }
    println!("{t}");
    println!(
        "{} submissions, {} passed ({:.0}%), average {:.0} ms, average quality {}, languages: {}, first attempt {}",
        summary.total_submissions,
        summary.total_passed,
        summary.pass_rate,
        summary.avg_execution_time,
        summary.avg_quality_score.map(|q| format!("{q:.1}")).unwrap_or_else(|| "-".into()),
        summary.languages_used.join(", "),
        if summary.first_attempt_success { "passed" } else { "did not pass" }
    );
    Ok(())
}

fn problems(ctx: &Context, a: ProblemsArgs) -> Result<()> {
    let cards = prepai_core::code::problem_cards();
    if let Some(id) = &a.id {
        let p = cards.iter().find(|p| &p.id == id).ok_or_else(|| {
            BadInput(format!(
                "no problem `{id}`; `prepai code problems` lists them"
            ))
        })?;
        if ctx.json {
            return output::print_json(p);
        }
        println!(
            "{} ({}) — {}

{}
",
            p.title,
            p.difficulty,
            p.topics.join(", "),
            p.statement
        );
        match p.languages.get(&a.lang) {
            Some(l) => println!(
                "Starter code ({}):
{}",
                a.lang, l.starter
            ),
            None => println!("(no {} version)", a.lang),
        }
        println!(
            "Run it: prepai code run solution.{} --problem {}",
            if a.lang == "javascript" { "js" } else { "py" },
            p.id
        );
        return Ok(());
    }
    let list: Vec<_> = cards
        .iter()
        .filter(|p| a.difficulty.as_ref().is_none_or(|d| &p.difficulty == d))
        .collect();
    if ctx.json {
        return output::print_json(&list);
    }
    let mut t = output::table(["id", "title", "difficulty", "topics"]);
    for p in list {
        t.add_row([
            p.id.clone(),
            p.title.clone(),
            p.difficulty.clone(),
            p.topics.join(", "),
        ]);
    }
    println!("{t}");
    Ok(())
}

/// Reads a source file, or explains why it cannot be.
pub fn read_source(path: &Path) -> Result<String, BadInput> {
    let bytes = std::fs::read(path)
        .map_err(|e| BadInput(format!("cannot read {}: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|_| BadInput(format!("{} is not UTF-8 text", path.display())))
}

/// The metrics language for a file: the flag if given, else its extension.
pub fn metrics_language(path: &Path, flag: Option<&str>) -> Result<MetricsLanguage, BadInput> {
    let lang = match flag {
        Some(name) => MetricsLanguage::from_name(name),
        None => {
            MetricsLanguage::from_extension(path.extension().and_then(|e| e.to_str()).unwrap_or(""))
        }
    };
    lang.map_err(|e| BadInput(format!("{e}; pass --lang python or --lang javascript")))
}

fn metrics(ctx: &Context, a: MetricsArgs) -> Result<()> {
    let lang = metrics_language(&a.file, a.lang.as_deref())?;
    let source = read_source(&a.file)?;
    let m = analyze(&source, lang).map_err(|e| BadInput(e.to_string()))?;
    if ctx.json {
        return output::print_json(&m);
    }
    print_metrics(&a.file, &m);
    Ok(())
}

fn print_metrics(path: &Path, m: &QualityMetrics) {
    println!("{}: quality {:.1}/10", path.display(), m.quality_score);
    let mut t = output::table(["metric", "value"]);
    t.add_row(["lines of code", &m.lines_of_code.to_string()]);
    t.add_row([
        "comment lines",
        &format!("{} ({:.0}%)", m.comment_lines, 100.0 * m.comment_ratio),
    ]);
    t.add_row(["max cyclomatic", &m.cyclomatic_complexity.to_string()]);
    t.add_row([
        "average cyclomatic",
        &format!("{:.1}", m.average_cyclomatic),
    ]);
    t.add_row(["cognitive (sum)", &m.cognitive_complexity.to_string()]);
    t.add_row(["max nesting", &m.max_nesting.to_string()]);
    t.add_row(["Halstead volume", &format!("{:.0}", m.halstead.volume)]);
    t.add_row([
        "maintainability index",
        &format!("{:.0}/100", m.maintainability_index),
    ]);
    if m.syntax_errors > 0 {
        t.add_row(["syntax errors", &m.syntax_errors.to_string()]);
    }
    println!("{t}");
    if !m.functions.is_empty() {
        let mut f = output::table(["function", "lines", "cyclomatic", "cognitive", "nesting"]);
        for func in &m.functions {
            f.add_row([
                func.name.clone(),
                format!("{}–{} ({})", func.start_line, func.end_line, func.lines),
                func.cyclomatic.to_string(),
                func.cognitive.to_string(),
                func.nesting.to_string(),
            ]);
        }
        println!("{f}");
    }
    for d in &m.deductions {
        println!("  −{:.1}  {}", d.points, d.reason);
    }
}
