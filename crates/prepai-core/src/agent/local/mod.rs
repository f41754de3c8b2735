//! The built-in offline interviewer.
//!
//! It walks the interview type's phases, asks one question per turn from the
//! question bank (or from the candidate's CV in the background phase), judges
//! each answer against the question's key points with [`crate::matcher`], asks a
//! follow-up about a missed key point (at most [`MAX_FOLLOW_UPS`] per question),
//! moves the target difficulty with the running performance, hands out coding
//! problems in the problem-solving phase of coding interviews, reacts to test
//! results, and gives escalating hints that never contain the solution.
//!
//! Each phase lasts as many main questions as its `turns` in the interview type
//! (follow-ups don't count); in coding interviews one problem counts as three.

mod cv_questions;
mod phrases;
mod select;

use async_trait::async_trait;
use std::collections::{BTreeSet, HashSet};

use super::{
    stream_words, Agent, AgentError, AgentNote, Assessment, TurnContext, TurnInput, TurnOutcome,
    TurnSink,
};
use crate::bank::{KeyPoint, Question, QuestionBank};
use crate::events::CodeOutcome;
use crate::interview_type::InterviewType;
use crate::matcher::{self, Coverage};
use crate::problems::ProblemCard;

pub use select::{adjust, mix};

/// Follow-ups asked about one question at most.
pub const MAX_FOLLOW_UPS: usize = 2;
/// Turns one coding problem counts for in a phase's budget.
const TURNS_PER_PROBLEM: u32 = 3;

struct InPlay {
    question: Question,
    first: BTreeSet<String>,
    covered: BTreeSet<String>,
    followed_up: Vec<String>,
    hints: usize,
}

impl InPlay {
    /// A question just asked: nothing covered, followed up or hinted yet.
    fn new(question: Question) -> Self {
        InPlay {
            question,
            first: BTreeSet::new(),
            covered: BTreeSet::new(),
            followed_up: Vec::new(),
            hints: 0,
        }
    }

    /// The question's judgement so far: covered and missed key points in rubric order.
    fn assessment(&self, follow_up: bool) -> Assessment {
        let (covered, missed) = self
            .question
            .key_points
            .iter()
            .map(|k| k.id.clone())
            .partition(|id| self.covered.contains(id));
        Assessment {
            question_id: self.question.id.clone(),
            question: self.question.text.clone(),
            difficulty: self.question.difficulty,
            covered,
            missed,
            follow_up,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Stage {
    Approach,
    Coding,
    Complexity,
}

struct Coding {
    problem: ProblemCard,
    stage: Stage,
    hints: usize,
}

/// The local interviewer agent.
pub struct LocalInterviewer {
    bank: Vec<Question>,
    problems: Vec<ProblemCard>,
    seed: u64,
    phase_idx: usize,
    asked_in_phase: u32,
    asked: HashSet<String>,
    used_problems: HashSet<String>,
    current: Option<InPlay>,
    coding: Option<Coding>,
    cv_asked: usize,
    target: f64,
    turn_no: u64,
    finished: bool,
}

impl LocalInterviewer {
    /// An interviewer for `ty` drawing on `bank` and `problems`; `seed` varies
    /// the question order between sessions.
    pub fn new(
        ty: &InterviewType,
        bank: &QuestionBank,
        problems: Vec<ProblemCard>,
        seed: u64,
    ) -> Self {
        let target = match ty.difficulty.as_str() {
            "easy" => 1.5,
            "hard" => 2.5,
            _ => 2.0,
        };
        LocalInterviewer {
            bank: bank.for_type(&ty.key).to_vec(),
            problems,
            seed,
            phase_idx: 0,
            asked_in_phase: 0,
            asked: HashSet::new(),
            used_problems: HashSet::new(),
            current: None,
            coding: None,
            cv_asked: 0,
            target,
            turn_no: 0,
            finished: false,
        }
    }

    /// Puts `question` in play as if it had just been asked (for tests).
    #[cfg(test)]
    fn pose(&mut self, ty: &InterviewType, question: Question) {
        self.phase_idx = ty
            .phases
            .iter()
            .position(|p| p.name == question.phase)
            .unwrap_or(0);
        self.asked.insert(question.id.clone());
        self.current = Some(InPlay::new(question));
    }

    /// The current target difficulty (1.0 to 3.0).
    pub fn target_difficulty(&self) -> f64 {
        self.target
    }

    fn n(&self) -> u64 {
        mix(self.seed, &self.turn_no.to_string())
    }

    fn phase<'t>(&self, ty: &'t InterviewType) -> Option<&'t str> {
        ty.phases.get(self.phase_idx).map(|p| p.name.as_str())
    }

    fn budget(&self, ty: &InterviewType) -> u32 {
        ty.phases.get(self.phase_idx).map(|p| p.turns).unwrap_or(0)
    }

    fn say(&self, sink: &mut dyn TurnSink, parts: &[&str]) {
        let text = parts
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        stream_words(sink, &text);
    }

    fn close(
        &mut self,
        ctx: &TurnContext<'_>,
        sink: &mut dyn TurnSink,
        prefix: &str,
    ) -> TurnOutcome {
        self.finished = true;
        self.current = None;
        self.coding = None;
        if self.phase(ctx.interview_type) != Some("close") {
            if let Some(i) = ctx
                .interview_type
                .phases
                .iter()
                .position(|p| p.name == "close")
            {
                self.phase_idx = i;
                sink.note(AgentNote::Phase("close".into()));
            }
        }
        let closing = phrases::closing(ctx.candidate_name);
        self.say(sink, &[prefix, &closing]);
        TurnOutcome::Finished
    }

    /// Asks the next main question, moving through phases as budgets run out.
    fn next_item(
        &mut self,
        ctx: &TurnContext<'_>,
        sink: &mut dyn TurnSink,
        prefix: &str,
    ) -> TurnOutcome {
        let ty = ctx.interview_type;
        let mut lead = prefix.to_string();
        loop {
            let Some(phase) = self.phase(ty) else {
                return self.close(ctx, sink, &lead);
            };
            let cost = if phase == "problem_solving" && self.coding_available(ty, ctx.language) {
                TURNS_PER_PROBLEM.min(self.budget(ty).max(1))
            } else {
                1
            };
            let exhausted = phase == "intro" || self.asked_in_phase + cost > self.budget(ty).max(1);
            let asked = if exhausted {
                None
            } else {
                self.ask_in_phase(ctx, sink, phase, &lead)
            };
            match asked {
                Some(outcome) => {
                    self.asked_in_phase += cost;
                    return outcome;
                }
                None => {
                    self.phase_idx += 1;
                    self.asked_in_phase = 0;
                    if let Some(next) = self.phase(ty) {
                        sink.note(AgentNote::Phase(next.to_string()));
                        let intro = phrases::phase_intro(next, self.n());
                        lead = format!("{lead} {intro}");
                    }
                }
            }
        }
    }

    fn coding_available(&self, ty: &InterviewType, language: &str) -> bool {
        ty.coding
            && self
                .problems
                .iter()
                .any(|p| p.languages.contains_key(language))
    }

    /// Asks something in `phase`, or returns `None` when the phase has nothing left.
    fn ask_in_phase(
        &mut self,
        ctx: &TurnContext<'_>,
        sink: &mut dyn TurnSink,
        phase: &str,
        lead: &str,
    ) -> Option<TurnOutcome> {
        match phase {
            "candidate_questions" => {
                self.say(sink, &[lead, phrases::invite_questions()]);
                Some(TurnOutcome::Complete)
            }
            "close" => Some(self.close(ctx, sink, lead)),
            "problem_solving" if self.coding_available(ctx.interview_type, ctx.language) => {
                let problem = select::next_problem(
                    &self.problems,
                    ctx.language,
                    self.target,
                    &self.used_problems,
                    self.seed,
                )?
                .clone();
                self.used_problems.insert(problem.id.clone());
                let function = problem
                    .languages
                    .get(ctx.language)
                    .map(|l| l.function_name.clone())
                    .unwrap_or_default();
                let text = phrases::present_problem(&problem.title, &function, ctx.language);
                sink.note(AgentNote::Present(
                    Box::new(problem.clone()),
                    ctx.language.to_string(),
                ));
                self.coding = Some(Coding {
                    problem,
                    stage: Stage::Approach,
                    hints: 0,
                });
                self.say(sink, &[lead, &text]);
                Some(TurnOutcome::Complete)
            }
            _ => {
                let question = self.pick_question(ctx, phase)?;
                self.asked.insert(question.id.clone());
                self.say(sink, &[lead, &question.text]);
                self.current = Some(InPlay::new(question));
                Some(TurnOutcome::Complete)
            }
        }
    }

    fn pick_question(&mut self, ctx: &TurnContext<'_>, phase: &str) -> Option<Question> {
        if phase == "background" {
            if let Some(cv) = ctx.cv {
                while let Some(q) = cv_questions::cv_question(cv, self.cv_asked) {
                    self.cv_asked += 1;
                    if !self.asked.contains(&q.id) {
                        return Some(q);
                    }
                }
            }
        }
        select::next_question(&self.bank, phase, self.target, &self.asked, self.seed).cloned()
    }

    fn on_answer(
        &mut self,
        ctx: &TurnContext<'_>,
        sink: &mut dyn TurnSink,
        text: &str,
    ) -> TurnOutcome {
        match self.phase(ctx.interview_type) {
            Some("intro") | None => self.next_item(ctx, sink, "Thanks for that."),
            Some("candidate_questions") => {
                let reply = phrases::answer_candidate_question(self.n());
                self.close(ctx, sink, reply)
            }
            Some("close") => self.close(ctx, sink, ""),
            Some(_) if self.coding.is_some() => self.on_coding_answer(ctx, sink, text),
            Some(_) if self.current.is_some() => self.on_rubric_answer(ctx, sink, text),
            Some(_) => self.next_item(ctx, sink, ""),
        }
    }

    fn on_rubric_answer(
        &mut self,
        ctx: &TurnContext<'_>,
        sink: &mut dyn TurnSink,
        text: &str,
    ) -> TurnOutcome {
        let n = self.n();
        let Some(cur) = self.current.as_mut() else {
            return self.next_item(ctx, sink, "");
        };
        let coverage = Coverage::of(text, &cur.question.key_points);
        let is_follow_up = !cur.followed_up.is_empty();
        if !is_follow_up {
            cur.first.extend(coverage.covered.iter().cloned());
        }
        cur.covered.extend(coverage.covered.iter().cloned());
        let ids: Vec<&KeyPoint> = cur.question.key_points.iter().collect();
        let assessment = cur.assessment(is_follow_up);
        let total = ids.len().max(1) as f64;
        let ratio = assessment.covered.len() as f64 / total;
        sink.note(AgentNote::Assessment(assessment));
        let next_gap = ids
            .iter()
            .find(|k| !cur.covered.contains(&k.id) && !cur.followed_up.contains(&k.id))
            .map(|k| (k.id.clone(), k.follow_up.clone()));
        let substantive = matcher::PreparedAnswer::new(text).word_count() >= 3;
        if let (Some((id, follow_up)), true, true) = (
            next_gap,
            cur.followed_up.len() < MAX_FOLLOW_UPS,
            substantive,
        ) {
            cur.followed_up.push(id);
            let ack = phrases::acknowledge(ratio, n);
            let lead = phrases::before_follow_up(n);
            self.say(sink, &[ack, lead, &follow_up]);
            return TurnOutcome::Complete;
        }
        let first = cur.first.len() as f64;
        let later = cur.covered.len() as f64 - first;
        let score = (first + 0.5 * later) / total;
        self.target = adjust(self.target, score);
        self.current = None;
        self.next_item(ctx, sink, phrases::wrap_up(ratio, n))
    }

    fn on_coding_answer(
        &mut self,
        ctx: &TurnContext<'_>,
        sink: &mut dyn TurnSink,
        text: &str,
    ) -> TurnOutcome {
        let Some(coding) = self.coding.as_mut() else {
            return self.next_item(ctx, sink, "");
        };
        match coding.stage {
            Stage::Approach => {
                coding.stage = Stage::Coding;
                self.say(sink, &[phrases::go_code()]);
                TurnOutcome::Complete
            }
            Stage::Coding => {
                self.say(sink, &["Sure. Run the tests whenever you're ready."]);
                TurnOutcome::Complete
            }
            Stage::Complexity => {
                let expected = coding.problem.time_complexity.clone();
                let point = complexity_point(&expected);
                let right = matcher::PreparedAnswer::new(text).covers(&point);
                sink.note(AgentNote::Assessment(Assessment {
                    question_id: format!("problem:{}:complexity", coding.problem.id),
                    question: format!("Time complexity of {}", coding.problem.title),
                    difficulty: coding.problem.level(),
                    covered: if right {
                        vec![point.id.clone()]
                    } else {
                        vec![]
                    },
                    missed: if right {
                        vec![]
                    } else {
                        vec![point.id.clone()]
                    },
                    follow_up: false,
                }));
                let hints = coding.hints;
                self.coding = None;
                let score = if right { 1.0 } else { 0.5 } - 0.2 * hints as f64;
                self.target = adjust(self.target, score.max(0.0));
                let verdict = phrases::complexity_verdict(right, &expected);
                self.next_item(ctx, sink, &verdict)
            }
        }
    }

    fn on_code_result(&mut self, sink: &mut dyn TurnSink, outcome: &CodeOutcome) -> TurnOutcome {
        let Some(coding) = self.coding.as_mut() else {
            self.say(sink, &["Thanks, I've noted that run."]);
            return TurnOutcome::Complete;
        };
        if outcome.all_tests_passed {
            coding.stage = Stage::Complexity;
            self.say(sink, &[&phrases::all_passed(outcome.total)]);
        } else {
            coding.stage = Stage::Coding;
            let text = phrases::some_failed(
                outcome.passed,
                outcome.total,
                &outcome.verdict,
                outcome.error.as_deref(),
            );
            self.say(sink, &[&text]);
        }
        TurnOutcome::Complete
    }

    fn on_hint(&mut self, sink: &mut dyn TurnSink) -> TurnOutcome {
        let hint = if let Some(c) = self.coding.as_mut() {
            let h = c.problem.hints.get(c.hints).cloned();
            c.hints += 1;
            h
        } else if let Some(q) = self.current.as_mut() {
            let h = q.question.hints.get(q.hints).cloned();
            q.hints += 1;
            h
        } else {
            self.say(
                sink,
                &["There's no question in play right now; just answer in your own words."],
            );
            return TurnOutcome::Complete;
        };
        match hint {
            Some(h) => {
                sink.note(AgentNote::HintGiven);
                self.say(sink, &["Here's a hint.", &h]);
            }
            None => self.say(sink, &[phrases::no_more_hints()]),
        }
        TurnOutcome::Complete
    }

    fn on_skip(&mut self, ctx: &TurnContext<'_>, sink: &mut dyn TurnSink) -> TurnOutcome {
        if let Some(cur) = self.current.take() {
            sink.note(AgentNote::Assessment(
                cur.assessment(!cur.followed_up.is_empty()),
            ));
            self.target = adjust(self.target, 0.0);
        }
        self.coding = None;
        self.next_item(ctx, sink, "No problem, let's move on.")
    }
}

/// The rubric point for stating a problem's time complexity: the big-O as
/// written (`O(n log n)`) or its usual name.
fn complexity_point(expected: &str) -> KeyPoint {
    let mut terms = vec![expected.to_string()];
    let inner = expected
        .trim()
        .trim_start_matches(['O', 'o'])
        .trim_start_matches('(')
        .trim_end_matches(')')
        .replace(' ', "");
    let names: &[&str] = match inner.as_str() {
        "1" => &["constant time", "constant"],
        "n" => &["linear time", "linear"],
        "logn" => &["logarithmic", "log n"],
        "nlogn" => &["n log n", "linearithmic"],
        "n^2" | "n²" => &["quadratic", "n squared"],
        "n^3" => &["cubic", "n cubed"],
        _ => &[],
    };
    terms.extend(names.iter().map(|s| s.to_string()));
    KeyPoint {
        id: "time-complexity".into(),
        label: format!("States the time complexity {expected}"),
        terms,
        follow_up: "What is the time complexity?".into(),
    }
}

#[async_trait]
impl Agent for LocalInterviewer {
    fn name(&self) -> &str {
        "local"
    }

    async fn turn(
        &mut self,
        ctx: &TurnContext<'_>,
        input: TurnInput,
        sink: &mut dyn TurnSink,
    ) -> Result<TurnOutcome, AgentError> {
        self.turn_no += 1;
        if self.finished && !matches!(input, TurnInput::ToolResults(_)) {
            self.say(sink, &["The interview is over; your report is ready."]);
            return Ok(TurnOutcome::Finished);
        }
        Ok(match input {
            TurnInput::Start => {
                self.phase_idx = 0;
                if let Some(p) = self.phase(ctx.interview_type) {
                    sink.note(AgentNote::Phase(p.to_string()));
                }
                let greeting = phrases::greeting(ctx.interview_type, ctx.candidate_name);
                if self.phase(ctx.interview_type) == Some("intro") {
                    self.say(sink, &[&greeting]);
                    TurnOutcome::Complete
                } else {
                    let hello = greeting.split(". ").next().unwrap_or_default().to_string() + ".";
                    self.next_item(ctx, sink, &hello)
                }
            }
            TurnInput::Answer(text) => self.on_answer(ctx, sink, &text),
            TurnInput::CodeResult(outcome) => self.on_code_result(sink, &outcome),
            TurnInput::Hint => self.on_hint(sink),
            TurnInput::Skip => self.on_skip(ctx, sink),
            TurnInput::End => self.close(ctx, sink, ""),
            TurnInput::ToolResults(_) => TurnOutcome::Complete,
        })
    }
}

#[cfg(test)]
mod tests;
