//! Behaviour of the local interviewer: earned follow-ups, adaptive difficulty,
//! one question per turn, hints.

use super::*;
use crate::agent::{AgentNote, TurnSink};
use crate::interview_type::TypeRegistry;
use crate::matcher::Coverage;

#[derive(Default)]
struct Recorder {
    text: String,
    notes: Vec<AgentNote>,
}

impl TurnSink for Recorder {
    fn text(&mut self, delta: &str) {
        self.text.push_str(delta);
    }
    fn note(&mut self, note: AgentNote) {
        self.notes.push(note);
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

fn ctx<'a>(ty: &'a InterviewType, cv: Option<&'a CvProfile>) -> TurnContext<'a> {
    TurnContext {
        interview_type: ty,
        candidate_name: "Ada",
        cv,
        transcript: &[],
        language: "python",
    }
}

use crate::agent::{CvProfile, TurnContext};

/// An answer saying the first term of each key point except `skip`.
fn answer_for(q: &Question, skip: Option<&str>) -> String {
    let parts: Vec<&str> = q
        .key_points
        .iter()
        .filter(|k| Some(k.id.as_str()) != skip)
        .map(|k| k.terms[0].as_str())
        .collect();
    format!(
        "Well, I would say {} and that is my answer.",
        parts.join(", and also ")
    )
}

fn turn(
    agent: &mut LocalInterviewer,
    ty: &InterviewType,
    input: TurnInput,
) -> (TurnOutcome, Recorder) {
    let mut rec = Recorder::default();
    let out = rt()
        .block_on(agent.turn(&ctx(ty, None), input, &mut rec))
        .unwrap();
    (out, rec)
}

#[test]
fn follow_ups_are_earned_for_every_type() {
    let types = TypeRegistry::builtin();
    let bank = QuestionBank::builtin();
    for ty in types.all() {
        let mut checked = 0;
        for q in bank
            .for_type(&ty.key)
            .iter()
            .filter(|q| q.key_points.len() >= 2)
            .take(6)
        {
            // Full answer: no follow-up about any of its points.
            let mut agent = LocalInterviewer::new(ty, &bank, vec![], 7);
            agent.pose(ty, q.clone());
            let full = answer_for(q, None);
            if !Coverage::of(&full, &q.key_points).missed.is_empty() {
                continue; // the first terms overlap in a way that confuses this crafted answer
            }
            let (_, rec) = turn(&mut agent, ty, TurnInput::Answer(full));
            for kp in &q.key_points {
                assert!(
                    !rec.text.contains(&kp.follow_up),
                    "{}: full answer got follow-up {:?}",
                    q.id,
                    kp.follow_up
                );
            }
            // Missing one point: the follow-up is about that point.
            let missing = &q.key_points[q.key_points.len() - 1];
            let partial = answer_for(q, Some(&missing.id));
            let cov = Coverage::of(&partial, &q.key_points);
            if cov.missed != [missing.id.clone()] {
                continue;
            }
            let mut agent = LocalInterviewer::new(ty, &bank, vec![], 7);
            agent.pose(ty, q.clone());
            let (_, rec) = turn(&mut agent, ty, TurnInput::Answer(partial));
            assert!(
                rec.text.contains(&missing.follow_up),
                "{}: expected follow-up {:?}, got {:?}",
                q.id,
                missing.follow_up,
                rec.text
            );
            assert_eq!(rec.text.matches('?').count(), 1, "{}", rec.text);
            checked += 1;
        }
        assert!(checked >= 3, "{}: only {checked} questions checked", ty.key);
    }
}

#[test]
fn follow_ups_stop_after_the_limit() {
    let types = TypeRegistry::builtin();
    let bank = QuestionBank::builtin();
    let ty = types.resolve("google_sde").unwrap();
    let q = bank
        .for_type(&ty.key)
        .iter()
        .find(|q| q.key_points.len() >= 3)
        .unwrap()
        .clone();
    let mut agent = LocalInterviewer::new(ty, &bank, vec![], 1);
    agent.pose(ty, q.clone());
    let vague = "I am honestly not really sure about this one at all.";
    for _ in 0..MAX_FOLLOW_UPS {
        let (_, rec) = turn(&mut agent, ty, TurnInput::Answer(vague.into()));
        assert!(q.key_points.iter().any(|k| rec.text.contains(&k.follow_up)));
    }
    let (_, rec) = turn(&mut agent, ty, TurnInput::Answer(vague.into()));
    assert!(
        !q.key_points.iter().any(|k| rec.text.contains(&k.follow_up)),
        "moved on: {}",
        rec.text
    );
    assert!(agent.current.as_ref().is_none_or(|c| c.question.id != q.id));
}

/// Runs a whole interview answering every question either with all key points or
/// with nothing useful, returning the difficulties of the bank questions asked.
fn difficulties_asked(ty: &InterviewType, strong: bool) -> Vec<u8> {
    let bank = QuestionBank::builtin();
    let mut agent = LocalInterviewer::new(ty, &bank, vec![], 42);
    let mut asked = Vec::new();
    let (mut out, mut rec) = turn(&mut agent, ty, TurnInput::Start);
    for _ in 0..60 {
        if out == TurnOutcome::Finished {
            break;
        }
        let answer = match &agent.current {
            Some(cur) => {
                if cur.followed_up.is_empty() && bank.get(&cur.question.id).is_some() {
                    asked.push(cur.question.difficulty);
                }
                if strong {
                    answer_for(&cur.question, None)
                } else {
                    "I don't know, I haven't done that.".into()
                }
            }
            None => "Let me think about that for a moment.".into(),
        };
        let _ = &rec;
        (out, rec) = turn(&mut agent, ty, TurnInput::Answer(answer));
    }
    assert_eq!(out, TurnOutcome::Finished, "{} did not finish", ty.key);
    asked
}

#[test]
fn strong_candidates_get_harder_questions_than_weak_ones() {
    let types = TypeRegistry::builtin();
    for ty in types.all() {
        let strong = difficulties_asked(ty, true);
        let weak = difficulties_asked(ty, false);
        let mean = |v: &[u8]| v.iter().map(|&d| d as f64).sum::<f64>() / v.len().max(1) as f64;
        // The first question is asked before any evidence; compare the rest.
        assert!(
            mean(&strong[1..]) > mean(&weak[1..]),
            "{}: strong {:?} vs weak {:?}",
            ty.key,
            strong,
            weak
        );
    }
}

#[test]
fn cv_questions_use_the_candidates_employers_and_skills() {
    let types = TypeRegistry::builtin();
    let bank = QuestionBank::builtin();
    let ty = types.resolve("behavioral").unwrap();
    let cv = CvProfile {
        name: Some("Ada".into()),
        skills: vec!["Rust".into(), "Kubernetes".into()],
        roles: vec![("Staff Engineer".into(), "Initech".into())],
    };
    let mut agent = LocalInterviewer::new(ty, &bank, vec![], 3);
    let rt = rt();
    let mut rec = Recorder::default();
    rt.block_on(agent.turn(&ctx(ty, Some(&cv)), TurnInput::Start, &mut rec))
        .unwrap();
    let mut rec = Recorder::default();
    rt.block_on(agent.turn(
        &ctx(ty, Some(&cv)),
        TurnInput::Answer("I'm a backend engineer who loves distributed systems.".into()),
        &mut rec,
    ))
    .unwrap();
    assert!(
        rec.text.contains("Initech") && rec.text.contains("Staff Engineer"),
        "{}",
        rec.text
    );
}

#[test]
fn hints_escalate_and_run_out() {
    let types = TypeRegistry::builtin();
    let bank = QuestionBank::builtin();
    let ty = types.resolve("google_sde").unwrap();
    let q = bank.for_type(&ty.key)[3].clone();
    let mut agent = LocalInterviewer::new(ty, &bank, vec![], 1);
    agent.pose(ty, q.clone());
    for h in &q.hints {
        let (_, rec) = turn(&mut agent, ty, TurnInput::Hint);
        assert!(rec.text.contains(h.as_str()));
        assert!(rec.notes.contains(&AgentNote::HintGiven));
    }
    let (_, rec) = turn(&mut agent, ty, TurnInput::Hint);
    assert!(rec.text.contains("all the hints"));
}
