//! The report as Markdown.

use std::fmt::Write;

use super::{show_score, Report, DIMENSIONS};

/// Renders `r` as a Markdown document.
pub fn to_markdown(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Interview report: {}\n\n{} · session `{}` · {}\n",
        r.candidate_name, r.interview_type_name, r.session_id, r.generated_at
    );
    let _ = writeln!(
        s,
        "**Overall {:.1}/10 — {}**\n",
        r.overall_score,
        r.recommendation.as_str()
    );
    if let Some(rank) = r.rank_line() {
        let _ = writeln!(s, "{rank}\n");
    }
    let _ = writeln!(s, "| Dimension | Score | Weight |\n|---|---:|---:|");
    for (i, (_, name)) in DIMENSIONS.iter().enumerate() {
        let _ = writeln!(
            s,
            "| {name} | {} | {:.0}% |",
            show_score(*r.scores.values()[i]),
            100.0 * r.weights.values()[i]
        );
    }
    list(&mut s, "Strengths", &r.strengths);
    list(&mut s, "Improvements", &r.improvements);
    let _ = writeln!(s, "\n## Evidence");
    for (i, (_, name)) in DIMENSIONS.iter().enumerate() {
        let _ = writeln!(s, "\n### {name}\n");
        for e in r.evidence.values()[i] {
            let _ = writeln!(s, "- {e}");
        }
    }
    if !r.question_feedback.is_empty() {
        let _ = writeln!(s, "\n## Questions\n");
        for q in &r.question_feedback {
            let _ = writeln!(
                s,
                "- **{}** ({}, score {}): {}",
                q.question,
                q.phase,
                show_score(q.score),
                q.feedback
            );
        }
    }
    let t = &r.response_times;
    if let (Some(avg), Some(med), Some(max)) =
        (t.average_seconds, t.median_seconds, t.longest_seconds)
    {
        let _ = writeln!(
            s,
            "\n## Response times\n\n{} answers: average {avg:.1} s, median {med:.1} s, longest {max:.1} s.",
            t.answers
        );
    }
    s
}

fn list(s: &mut String, title: &str, items: &[String]) {
    let _ = writeln!(s, "\n## {title}\n");
    if items.is_empty() {
        let _ = writeln!(s, "- (none)");
    }
    for i in items {
        let _ = writeln!(s, "- {i}");
    }
}
