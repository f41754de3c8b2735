//! `prepai kb search`: ranked passages from the knowledge base.

use anyhow::Result;
use clap::{Args, Subcommand};
use prepai_core::kb::KnowledgeBase;

use super::{output, BadInput, Context};

/// The `kb` subcommands.
#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Search the knowledge base (built-in documents plus your own).
    Search(SearchArgs),
}

/// Arguments of `kb search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for, in your own words.
    pub query: String,
    /// Only documents for this interview type (plus general ones).
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    pub interview_type: Option<String>,
    /// How many passages to return.
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
}

/// Runs one `kb` subcommand.
pub fn run(ctx: &Context, cmd: KbCommand) -> Result<()> {
    let KbCommand::Search(a) = cmd;
    if a.query.trim().is_empty() {
        return Err(BadInput("the query is empty; say what you are looking for".into()).into());
    }
    let ty = match &a.interview_type {
        Some(t) => Some(ctx.registry()?.resolve(t)?.key.clone()),
        None => None,
    };
    let kb = KnowledgeBase::with_user_dir(&ctx.paths()?.user_kb_dir())?;
    let hits = kb.search(&a.query, ty.as_deref(), a.limit.max(1))?;
    if ctx.json {
        return output::print_json(&serde_json::json!({ "query": a.query, "results": hits }));
    }
    if hits.is_empty() {
        println!("Nothing matches {:?}. Try other words.", a.query);
    }
    for (i, h) in hits.iter().enumerate() {
        println!(
            "{}. {} — {}  [{}]  (score {:.2})",
            i + 1,
            h.title,
            h.heading,
            h.source,
            h.score
        );
        println!("{}\n", textwrap(&h.text, 96));
    }
    Ok(())
}

/// Wraps prose at `width` columns, indenting by three spaces.
fn textwrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::from("  ");
    for word in text.split_whitespace() {
        if line.len() + word.len() + 1 > width && !line.trim().is_empty() {
            out.push_str(&line);
            out.push('\n');
            line = String::from("  ");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out
}
