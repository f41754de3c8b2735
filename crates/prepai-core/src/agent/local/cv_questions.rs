//! Questions drawn from the candidate's CV, with a STAR-shaped rubric.

use crate::agent::CvProfile;
use crate::bank::{KeyPoint, Question};

fn kp(id: &str, label: &str, terms: &[&str], follow_up: &str) -> KeyPoint {
    KeyPoint {
        id: id.into(),
        label: label.into(),
        terms: terms.iter().map(|t| t.to_string()).collect(),
        follow_up: follow_up.into(),
    }
}

fn star_points() -> Vec<KeyPoint> {
    vec![
        kp(
            "situation",
            "Sets out the problem and why it was hard",
            &[
                "the problem was",
                "challenge",
                "the issue",
                "bottleneck",
                "outage",
                "deadline",
                "the goal",
                "we had to",
                "was failing",
                "was slow",
            ],
            "What was the situation that made it hard in the first place?",
        ),
        kp(
            "action",
            "Says what the candidate personally did",
            &[
                "i built",
                "i designed",
                "i wrote",
                "i decided",
                "i implemented",
                "i led",
                "i proposed",
                "i refactored",
                "i migrated",
                "i introduced",
            ],
            "What did you personally do, as opposed to the team?",
        ),
        kp(
            "result",
            "Gives a concrete, preferably measured, result",
            &[
                "as a result",
                "reduced",
                "improved",
                "increased",
                "percent",
                "saved",
                "faster",
                "shipped",
                "launched",
                "dropped",
            ],
            "How did it turn out, and how did you measure that?",
        ),
    ]
}

/// The `n`-th CV question for this profile, if the CV has material for it:
/// first the most recent role, then the listed skills.
pub fn cv_question(cv: &CvProfile, n: usize) -> Option<Question> {
    let mut prompts = Vec::new();
    for (title, company) in cv.roles.iter().take(2) {
        prompts.push((
            format!("cv-role-{}", company.to_lowercase().replace(' ', "-")),
            format!(
                "I see you worked as {title} at {company}. What was the hardest technical problem you solved there, and how did you solve it?"
            ),
        ));
    }
    for skill in cv.skills.iter().take(2) {
        prompts.push((
            format!("cv-skill-{}", skill.to_lowercase().replace(' ', "-")),
            format!(
                "Your CV mentions {skill}. What's the most demanding thing you've built with it?"
            ),
        ));
    }
    let (id, text) = prompts.into_iter().nth(n)?;
    Some(Question {
        id,
        phase: "background".into(),
        difficulty: 2,
        topic: "your CV".into(),
        text,
        star: true,
        principles: vec!["ownership".into()],
        hints: vec![
            "Pick one concrete episode rather than a summary of the job.".into(),
            "Try the STAR shape: situation, task, what you did, and the result.".into(),
        ],
        key_points: star_points(),
    })
}
