//! The report as a standalone HTML page with an SVG bar chart of the scores.

use std::fmt::Write;

use super::{show_score, Report, DIMENSIONS};

/// Escapes text for HTML.
fn esc(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Renders `r` as an HTML document.
pub fn to_html(r: &Report) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Interview report: {name}</title><style>\
         body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}}\
         .rec{{font-size:1.3rem;font-weight:600}} td,th{{padding:.2rem .6rem;text-align:left}}\
         </style></head><body><h1>Interview report: {name}</h1>\
         <p>{ty} · session <code>{id}</code> · {at}</p>\
         <p class=\"rec\">Overall {overall:.1}/10 — {rec}</p>",
        name = esc(&r.candidate_name),
        ty = esc(&r.interview_type_name),
        id = r.session_id,
        at = esc(&r.generated_at),
        overall = r.overall_score,
        rec = r.recommendation.as_str(),
    );
    if let Some(rank) = r.rank_line() {
        let _ = write!(s, "<p>{}</p>", esc(&rank));
    }
    s.push_str(&chart(r));
    section(&mut s, "Strengths", &r.strengths);
    section(&mut s, "Improvements", &r.improvements);
    s.push_str("<h2>Evidence</h2>");
    for (i, (_, name)) in DIMENSIONS.iter().enumerate() {
        section(
            &mut s,
            &format!("{name}: {}", show_score(*r.scores.values()[i])),
            r.evidence.values()[i],
        );
    }
    if !r.question_feedback.is_empty() {
        s.push_str(
            "<h2>Questions</h2><table><tr><th>Question</th><th>Score</th><th>Feedback</th></tr>",
        );
        for q in &r.question_feedback {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&q.question),
                show_score(q.score),
                esc(&q.feedback)
            );
        }
        s.push_str("</table>");
    }
    s.push_str("</body></html>\n");
    s
}

/// A horizontal bar per dimension, 0–10.
fn chart(r: &Report) -> String {
    let mut s = String::from(
        "<svg role=\"img\" aria-label=\"Scores\" width=\"520\" height=\"170\" xmlns=\"http://www.w3.org/2000/svg\">",
    );
    for (i, (_, name)) in DIMENSIONS.iter().enumerate() {
        let y = 10 + i * 30;
        let score = *r.scores.values()[i];
        let width = score.unwrap_or(0.0) * 30.0;
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{ty}\" font-size=\"13\">{name}</text>\
             <rect x=\"160\" y=\"{y}\" width=\"300\" height=\"18\" fill=\"#eee\"/>\
             <rect x=\"160\" y=\"{y}\" width=\"{width:.0}\" height=\"18\" fill=\"#3b82f6\"/>\
             <text x=\"468\" y=\"{ty}\" font-size=\"13\">{label}</text>",
            ty = y + 14,
            label = show_score(score),
        );
    }
    s.push_str("</svg>");
    s
}

fn section(s: &mut String, title: &str, items: &[String]) {
    let _ = write!(s, "<h3>{}</h3><ul>", esc(title));
    if items.is_empty() {
        s.push_str("<li>(none)</li>");
    }
    for i in items {
        let _ = write!(s, "<li>{}</li>", esc(i));
    }
    s.push_str("</ul>");
}
