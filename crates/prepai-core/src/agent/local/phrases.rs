//! What the local interviewer says around its questions. Every reply carries at
//! most one question: the acknowledgements and transitions here are statements.

use crate::interview_type::InterviewType;

/// Picks one of `options` by `n`.
fn pick<'a>(options: &[&'a str], n: u64) -> &'a str {
    options[(n % options.len() as u64) as usize]
}

/// The opening: who the interviewer is and the first (intro) question.
pub fn greeting(ty: &InterviewType, name: &str) -> String {
    format!(
        "Hi {name}, welcome to your {} practice interview. I'll ask one question at a time, \
         and you can ask for a hint or skip whenever you need to. To start, could you tell me \
         a little about yourself and what you're working on at the moment?",
        ty.name
    )
}

/// A neutral reaction before a follow-up on the same question.
pub fn acknowledge(ratio: f64, n: u64) -> &'static str {
    if ratio >= 0.5 {
        pick(&["Good.", "That's useful.", "Okay, good."], n)
    } else {
        pick(&["Okay.", "I see.", "Alright."], n)
    }
}

/// A reaction to an answer before moving to the next question, by how much of
/// the rubric it covered (0–1).
pub fn wrap_up(ratio: f64, n: u64) -> &'static str {
    if ratio >= 0.75 {
        pick(
            &[
                "That's a thorough answer.",
                "Good, that covers it well.",
                "Nice, that's the heart of it.",
            ],
            n,
        )
    } else if ratio >= 0.34 {
        pick(
            &[
                "Okay, that's a reasonable start.",
                "Thanks, that's part of the picture.",
                "Alright.",
            ],
            n,
        )
    } else {
        pick(
            &[
                "Okay, let's leave that one there.",
                "Thanks, let's move along.",
                "Alright, let's try something else.",
            ],
            n,
        )
    }
}

/// Said before a follow-up.
pub fn before_follow_up(n: u64) -> &'static str {
    pick(
        &[
            "Let me dig into one part of that.",
            "I'd like to push on one point.",
            "One more angle on that.",
        ],
        n,
    )
}

/// Said when a phase begins.
pub fn phase_intro(phase: &str, n: u64) -> &'static str {
    match phase {
        "background" => pick(
            &[
                "Let's talk about your experience.",
                "I'd like to hear more about your background.",
            ],
            n,
        ),
        "technical" => pick(
            &[
                "Let's get into some technical questions.",
                "Now for some technical depth.",
            ],
            n,
        ),
        "problem_solving" => pick(
            &[
                "Let's work through a problem together.",
                "Now let's do some problem solving.",
            ],
            n,
        ),
        "candidate_questions" => "We're nearly done.",
        _ => "",
    }
}

/// The candidate-questions prompt.
pub fn invite_questions() -> &'static str {
    "What would you like to ask me about the role or the team?"
}

/// A reply to the candidate's own question in the last phase.
pub fn answer_candidate_question(n: u64) -> &'static str {
    pick(
        &[
            "That's a good thing to ask in a real interview: it shows you're thinking about how the team works, not just about getting the offer.",
            "Good question. In a real loop, ask it of every interviewer and compare the answers; the differences tell you a lot about the team.",
        ],
        n,
    )
}

/// The closing words.
pub fn closing(name: &str) -> String {
    format!(
        "Thanks {name}, that's the end of our interview. Everything you said is saved with \
         this session, so you can look back over it. Good luck with the real thing."
    )
}

/// Handing out a coding problem.
pub fn present_problem(title: &str, function: &str, language: &str) -> String {
    format!(
        "I've put a problem called {title} in your code pane. Implement `{function}` in {language}, \
         and run the tests whenever you're ready. Before you start coding, how are you thinking of approaching it?"
    )
}

/// After the approach discussion.
pub fn go_code() -> &'static str {
    "That sounds like a plan. Go ahead and write it, and run the tests when you're ready."
}

/// After a fully passing run.
pub fn all_passed(total: usize) -> String {
    format!("All {total} tests pass. What are the time and space complexity of your solution?")
}

/// After a failing run.
pub fn some_failed(passed: usize, total: usize, verdict: &str, error: Option<&str>) -> String {
    let what = match verdict {
        "time_limit_exceeded" => "it ran out of time".to_string(),
        "memory_limit_exceeded" => "it used too much memory".to_string(),
        "compile_error" => "it doesn't parse".to_string(),
        "runtime_error" => format!(
            "it raised an error{}",
            error.map(|e| format!(": {e}")).unwrap_or_default()
        ),
        _ => "some answers are wrong".to_string(),
    };
    format!(
        "{passed} of {total} tests pass; {what}. Take another look, and run the tests again when you've found it."
    )
}

/// Reaction to a complexity answer.
pub fn complexity_verdict(right: bool, expected: &str) -> String {
    if right {
        format!("Right, {expected} is what I'd expect here.")
    } else {
        format!("I'd expect {expected} for a good solution here; it's worth checking where the extra cost comes from.")
    }
}

/// When there is no hint left.
pub fn no_more_hints() -> &'static str {
    "I've given you all the hints I have for this one. Try to reason from the hints so far."
}
