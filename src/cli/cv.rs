//! `prepai cv analyze`: a CV parsed offline into a structured profile.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{Args, Subcommand};
use prepai_core::Store;
use prepai_cv::{analyze_path, CvAnalysis, CvError, CvOptions};
use uuid::Uuid;

use super::{output, BadInput, Context};

/// The `cv` subcommands.
#[derive(Debug, Subcommand)]
pub enum CvCommand {
    /// Parse a CV (PDF, DOCX, text or Markdown) into name, contacts, skills, experience, education.
    Analyze(AnalyzeArgs),
}

/// Arguments of `cv analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The CV file.
    pub file: PathBuf,
    /// Store the analysis with this session (the interviewer then uses it).
    #[arg(long, value_name = "ID")]
    pub session: Option<String>,
}

/// Runs one `cv` subcommand.
pub fn run(ctx: &Context, cmd: CvCommand) -> Result<()> {
    let CvCommand::Analyze(a) = cmd;
    let session = match &a.session {
        Some(id) => Some(ctx.store()?.resolve_session_id(id)?),
        None => None,
    };
    let analysis = analyze(&a.file)?;
    if let Some(id) = session {
        store_with_session(ctx.store()?, id, &a.file, &serde_json::to_value(&analysis)?)?;
    }
    if ctx.json {
        return output::print_json(&analysis);
    }
    print_analysis(&analysis);
    if let Some(id) = session {
        println!("\nStored with session {id}.");
    }
    Ok(())
}

/// Parses a CV; every parsing failure is the user's input to fix (exit 2).
pub fn analyze(path: &Path) -> Result<CvAnalysis, BadInput> {
    analyze_path(path, &CvOptions::default()).map_err(|e| match e {
        CvError::Io { .. } => BadInput(e.to_string()),
        other => BadInput(format!("{}: {other}", path.display())),
    })
}

/// Stores a CV analysis document with a session under the file's name.
pub fn store_with_session(
    store: &dyn Store,
    id: Uuid,
    path: &Path,
    analysis: &serde_json::Value,
) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    store.put_cv_analysis(id, &name, analysis)?;
    Ok(())
}

fn print_analysis(a: &CvAnalysis) {
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let mut t = output::table(["field", "value"]);
    t.add_row(["name", &or_dash(&a.candidate_name)]);
    t.add_row(["email", &or_dash(&a.email)]);
    t.add_row(["phone", &or_dash(&a.phone)]);
    t.add_row(["location", &or_dash(&a.location)]);
    for (label, link) in [
        ("LinkedIn", &a.links.linkedin),
        ("GitHub", &a.links.github),
        ("website", &a.links.website),
    ] {
        if link.is_some() {
            t.add_row([label, &or_dash(link)]);
        }
    }
    t.add_row([
        "experience",
        &format!("{:.1} years", a.total_years_experience),
    ]);
    t.add_row(["industry", &or_dash(&a.industry.primary)]);
    println!("{t}");
    if !a.categorized_skills.is_empty() {
        println!("Skills:");
        for (category, skills) in &a.categorized_skills {
            println!("  {category}: {}", skills.join(", "));
        }
    }
    if !a.experience.is_empty() {
        let mut e = output::table(["title", "company", "from", "to", "months"]);
        for x in &a.experience {
            e.add_row([
                or_dash(&x.title),
                or_dash(&x.company),
                or_dash(&x.start),
                x.end.clone().unwrap_or_else(|| "present".into()),
                x.duration_months.to_string(),
            ]);
        }
        println!("{e}");
    }
    if !a.education.is_empty() {
        let mut e = output::table(["degree", "field", "institution", "to"]);
        for x in &a.education {
            e.add_row([
                or_dash(&x.degree),
                or_dash(&x.field),
                or_dash(&x.institution),
                or_dash(&x.end),
            ]);
        }
        println!("{e}");
    }
    for w in &a.warnings {
        println!("note: {w}");
    }
}
