//! What remote models are told: the interviewer's rules and the interview's
//! configuration (a system prompt for chat models, session attributes for a
//! Bedrock agent), and each turn's input as text.

use std::collections::HashMap;
use std::fmt::Write as _;

use prepai_core::agent::{TurnContext, TurnInput};

/// The rules every remote interviewer follows.
const RULES: &str = "You are a professional technical interviewer speaking with a candidate. \
Rules: ask exactly one question per turn and then stop; speak in plain spoken sentences, \
as they will be read aloud; never use lists, bullet points, headings, markdown, code blocks, emoji \
or stage directions such as *smiles*; keep each turn under about 80 words; \
follow up when an answer is vague or misses key points; never give away full solutions, \
but offer one hint when asked; move through the phases in order.";

/// The system prompt for a chat model: the rules plus the interview's type,
/// phases, focus, the candidate and the tools.
pub fn system_prompt(ctx: &TurnContext<'_>) -> String {
    let ty = ctx.interview_type;
    let mut p = String::with_capacity(1500);
    p.push_str(RULES);
    let _ = write!(
        p,
        "\n\nInterview: {} ({} difficulty). {}\nCandidate: {}.",
        ty.name,
        ty.difficulty,
        ty.description.trim(),
        ctx.candidate_name
    );
    if !ty.focus_areas.is_empty() {
        let _ = write!(p, "\nFocus areas: {}.", ty.focus_areas.join(", "));
    }
    if !ty.topics.is_empty() {
        let _ = write!(
            p,
            "\nTopics to draw questions from: {}.",
            ty.topics.join(", ")
        );
    }
    if !ty.phases.is_empty() {
        let phases: Vec<String> = ty
            .phases
            .iter()
            .map(|ph| format!("{} (about {} turns)", ph.name.replace('_', " "), ph.turns))
            .collect();
        let _ = write!(p, "\nPhases, in order: {}.", phases.join(", then "));
    }
    if let Some(cv) = ctx.cv {
        if !cv.skills.is_empty() {
            let _ = write!(p, "\nThe candidate's CV lists: {}.", cv.skills.join(", "));
        }
        if !cv.roles.is_empty() {
            let roles: Vec<String> = cv
                .roles
                .iter()
                .map(|(t, c)| format!("{t} at {c}"))
                .collect();
            let _ = write!(p, "\nTheir roles: {}.", roles.join("; "));
        }
    }
    p.push_str("\nTools: use search_knowledge_base to check facts and find follow-up questions; ");
    if ty.coding {
        let _ = write!(
            p,
            "in the problem solving phase call present_problem once to hand out a coding problem in {}, \
             and execute_code only to run code the candidate wrote; ",
            ctx.language
        );
    }
    p.push_str(
        "analyze_cv returns the candidate's CV; evaluate_performance returns the live scores. \
         Never read tool output aloud verbatim.",
    );
    p
}

/// The interview configuration a Bedrock agent receives as session
/// attributes (its prompt template and action groups read them).
pub fn session_attributes(ctx: &TurnContext<'_>) -> HashMap<String, String> {
    let ty = ctx.interview_type;
    let mut a = HashMap::new();
    a.insert("interviewType".into(), ty.key.clone());
    a.insert("interviewName".into(), ty.name.clone());
    a.insert("difficulty".into(), ty.difficulty.clone());
    a.insert("focusAreas".into(), ty.focus_areas.join(", "));
    a.insert("topics".into(), ty.topics.join(", "));
    a.insert(
        "phases".into(),
        ty.phases
            .iter()
            .map(|p| format!("{}:{}", p.name, p.turns))
            .collect::<Vec<_>>()
            .join(","),
    );
    a.insert("coding".into(), ty.coding.to_string());
    a.insert("language".into(), ctx.language.to_string());
    a.insert("candidateName".into(), ctx.candidate_name.to_string());
    if let Some(cv) = ctx.cv {
        a.insert("cvSkills".into(), cv.skills.join(", "));
        let roles: Vec<String> = cv
            .roles
            .iter()
            .map(|(t, c)| format!("{t} at {c}"))
            .collect();
        a.insert("cvRoles".into(), roles.join("; "));
    }
    a
}

/// The words that stand for a turn's input, or `None` for tool results
/// (which travel in the protocol's own shape).
pub fn input_text(ctx: &TurnContext<'_>, input: &TurnInput) -> Option<String> {
    Some(match input {
        TurnInput::Start => format!(
            "(The candidate, {}, has joined. Greet them briefly and ask your first question.)",
            ctx.candidate_name
        ),
        TurnInput::Answer(text) => text.clone(),
        TurnInput::CodeResult(o) => {
            let mut s = format!(
                "(The candidate's {} code was run: {} of {} tests passed, verdict {}",
                o.language, o.passed, o.total, o.verdict
            );
            if let Some(e) = &o.error {
                let _ = write!(
                    s,
                    ", first error: {}",
                    e.chars().take(300).collect::<String>()
                );
            }
            if let Some(q) = o.quality_score {
                let _ = write!(s, ", code quality {q:.1} out of 10");
            }
            s.push_str(". Discuss the result with them.)");
            s
        }
        TurnInput::Hint => {
            "(The candidate asks for a hint. Give one short hint, not the solution.)".into()
        }
        TurnInput::Skip => "(The candidate wants to move on. Ask the next question.)".into(),
        TurnInput::End => {
            "(The candidate is ending the interview now. Thank them and close in two sentences.)"
                .into()
        }
        TurnInput::ToolResults(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use prepai_core::TypeRegistry;

    #[test]
    fn prompt_carries_rules_phases_and_focus() {
        let reg = TypeRegistry::builtin();
        let ty = reg.resolve("google_sde").unwrap();
        let ctx = TurnContext {
            interview_type: ty,
            candidate_name: "Ada",
            cv: None,
            transcript: &[],
            language: "python",
        };
        let p = system_prompt(&ctx);
        assert!(p.contains("one question per turn"));
        assert!(p.contains("never use lists"));
        assert!(p.contains(&ty.phases[0].name.replace('_', " ")));
        assert!(p.contains(&ty.focus_areas[0]));
        assert!(
            p.contains("present_problem"),
            "coding types hand out problems"
        );
        let a = session_attributes(&ctx);
        assert_eq!(a["interviewType"], ty.key);
        assert_eq!(a["candidateName"], "Ada");
        assert!(input_text(&ctx, &TurnInput::Start).unwrap().contains("Ada"));
        assert!(input_text(&ctx, &TurnInput::ToolResults(vec![])).is_none());
    }
}
