//! `prepai analytics`: aggregate counts, per-type benchmarks, trends, a
//! candidate's history and a session's rank, computed by the store.

use anyhow::Result;
use clap::Subcommand;
use prepai_core::report::show_score;
use prepai_core::Store;

use super::{output, remote, BadInput, Context};

/// The `analytics` subcommands.
#[derive(Debug, Subcommand)]
pub enum AnalyticsCommand {
    /// Totals, completion rate, mean score, counts by type and recommendation.
    Aggregate,
    /// Min, max, mean and P25/P50/P75/P90 of each score for one interview type.
    Benchmarks {
        /// The interview type (key or alias).
        #[arg(value_name = "TYPE")]
        interview_type: String,
    },
    /// Daily mean scores with a fitted trend.
    Trends {
        /// How many days back to look.
        #[arg(long, default_value_t = 30)]
        days: u32,
    },
    /// A candidate's sessions and score progression (name matched case-insensitively).
    History {
        /// The candidate's name.
        name: String,
    },
    /// Where a session ranks among reported sessions of its type.
    Rank {
        /// The session's id (or a unique prefix).
        id: String,
    },
}

/// Runs one `analytics` subcommand.
pub fn run(ctx: &Context, cmd: AnalyticsCommand) -> Result<()> {
    let server = remote::client(ctx)?;
    match cmd {
        AnalyticsCommand::Aggregate => {
            let a = match &server {
                Some(c) => remote::block_on(c.aggregate())?,
                None => ctx.store()?.aggregate()?,
            };
            if ctx.json {
                return output::print_json(&a);
            }
            println!(
                "{} interviews, {} completed ({:.1}%), {} reports, mean score {}.",
                a.total_interviews,
                a.completed_interviews,
                a.completion_rate,
                a.reports,
                show_score(a.average_score)
            );
            let mut t = output::table(["Interview type", "Sessions"]);
            for (k, n) in &a.interview_types {
                t.add_row(vec![k.clone(), n.to_string()]);
            }
            println!("{t}");
            let mut t = output::table(["Recommendation", "Reports"]);
            for (k, n) in &a.recommendations {
                t.add_row(vec![k.clone(), n.to_string()]);
            }
            println!("{t}");
        }
        AnalyticsCommand::Benchmarks { interview_type } => {
            let b = match &server {
                Some(c) => remote::block_on(c.benchmarks(&interview_type))?,
                None => {
                    let key = ctx.registry()?.resolve(&interview_type)?.key.clone();
                    ctx.store()?.benchmarks(&key)?
                }
            };
            if ctx.json {
                return output::print_json(&b);
            }
            println!("{} reports of {}.", b.sample_size, b.interview_type);
            let mut t = output::table([
                "Metric", "n", "min", "p25", "p50", "p75", "p90", "max", "mean",
            ]);
            for (m, d) in &b.benchmarks {
                t.add_row(
                    [m.clone(), d.count.to_string()]
                        .into_iter()
                        .chain(
                            [d.min, d.p25, d.p50, d.p75, d.p90, d.max, d.avg]
                                .iter()
                                .map(|v| format!("{v:.2}")),
                        )
                        .collect::<Vec<_>>(),
                );
            }
            println!("{t}");
        }
        AnalyticsCommand::Trends { days } => {
            if days == 0 {
                return Err(BadInput("--days must be at least 1".into()).into());
            }
            let tr = match &server {
                Some(c) => remote::block_on(c.trends(days))?,
                None => ctx.store()?.trends(days, prepai_core::timefmt::now())?,
            };
            if ctx.json {
                return output::print_json(&tr);
            }
            println!(
                "Last {days} days: {} ({} reports{}).",
                tr.trend.replace('_', " "),
                tr.sample_size,
                tr.change
                    .map(|c| format!(", fitted change {c:+.2} points"))
                    .unwrap_or_default()
            );
            let mut t = output::table(["Date", "Mean score", "Reports"]);
            for p in &tr.data {
                t.add_row(vec![
                    p.date.clone(),
                    format!("{:.2}", p.average_score),
                    p.count.to_string(),
                ]);
            }
            println!("{t}");
        }
        AnalyticsCommand::History { name } => {
            if name.trim().is_empty() {
                return Err(BadInput("give the candidate's name".into()).into());
            }
            let h = match &server {
                Some(c) => remote::block_on(c.history(&name))?,
                None => ctx.store()?.history(&name)?,
            };
            if ctx.json {
                return output::print_json(&h);
            }
            println!(
                "{}: {} interviews, mean {}, best {}, latest {}.",
                h.candidate_name,
                h.total_interviews,
                show_score(h.average_score),
                show_score(h.best_score),
                show_score(h.latest_score)
            );
            let mut t = output::table([
                "Session",
                "Type",
                "Created",
                "Status",
                "Score",
                "Recommendation",
            ]);
            for s in &h.sessions {
                t.add_row(vec![
                    s.session_id.to_string()[..8].to_string(),
                    s.interview_type.clone(),
                    s.created_at.clone(),
                    s.status.clone(),
                    show_score(s.overall_score),
                    s.recommendation.clone().unwrap_or_default(),
                ]);
            }
            println!("{t}");
        }
        AnalyticsCommand::Rank { id } => {
            let store = ctx.store()?;
            let id = store.resolve_session_id(&id)?;
            let Some(r) = store.rank(id)? else {
                return Err(BadInput(format!(
                    "session {id} has no report yet; end it first (`prepai sessions end {id}`)"
                ))
                .into());
            };
            if ctx.json {
                return output::print_json(&r);
            }
            println!(
                "#{} of {} {} interviews, score {:.1}, better than {:.0}% of the others.",
                r.rank, r.out_of, r.interview_type, r.overall_score, r.percentile
            );
        }
    }
    Ok(())
}
