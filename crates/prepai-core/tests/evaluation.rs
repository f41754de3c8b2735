//! The evaluator scores from evidence: calibrated transcripts rank strong >
//! average > weak on every dimension they exercise, substance beats volume,
//! and each dimension moves with its own evidence and not with length.

use prepai_core::bank::QuestionBank;
use prepai_core::evaluate::evaluate_session;
use prepai_core::events::CodeOutcome;
use prepai_core::report::{PerDimension, Report, DIMENSIONS};
use prepai_core::submissions::NewSubmission;
use prepai_core::{NewSession, Role, SqliteStore, Store, TypeRegistry};
use serde::Deserialize;
use serde_json::json;

/// Margin by which each level must beat the next on every exercised dimension.
const MARGIN: f64 = 0.5;

#[derive(Deserialize)]
struct Fixture {
    #[serde(rename = "type")]
    interview_type: String,
    turns: Vec<Turn>,
    code: Option<Code>,
}

#[derive(Deserialize)]
struct Turn {
    question: String,
    strong: String,
    average: String,
    weak: String,
}

#[derive(Deserialize)]
struct Code {
    problem: String,
    language: String,
    strong: Attempts,
    average: Attempts,
    weak: Attempts,
}

#[derive(Deserialize, Clone)]
struct Attempts {
    hints: usize,
    runs: Vec<Run>,
}

#[derive(Deserialize, Clone)]
struct Run {
    passed: usize,
    total: usize,
    quality: f64,
    cyclomatic: f64,
}

/// A candidate's part of an interview: answers to bank questions, and code.
#[derive(Clone, Default)]
struct Script {
    answers: Vec<(String, String)>,
    code: Option<(String, String, Attempts)>,
    spoken_secs: Option<f64>,
}

struct Env {
    store: SqliteStore,
    types: TypeRegistry,
    bank: QuestionBank,
}

impl Env {
    fn new() -> Self {
        Env {
            store: SqliteStore::in_memory().unwrap(),
            types: TypeRegistry::builtin(),
            bank: QuestionBank::builtin(),
        }
    }

    /// Stores `script` as an ended session of `ty` and evaluates it.
    fn evaluate(&self, ty: &str, script: &Script) -> Report {
        let s = self
            .store
            .create_session(&NewSession {
                interview_type: ty.into(),
                candidate_name: "Ada".into(),
            })
            .unwrap();
        let id = s.session_id;
        for (qid, answer) in &script.answers {
            let q = self
                .bank
                .get(qid)
                .unwrap_or_else(|| panic!("no question {qid}"));
            self.store
                .append_message(id, Role::Assistant, &format!("Thanks. {}", q.text))
                .unwrap();
            self.store.append_message(id, Role::User, answer).unwrap();
            if let Some(secs) = script.spoken_secs {
                let index = self.store.transcript(id).unwrap().len() - 1;
                self.store
                    .append_event(
                        id,
                        &json!({"type": "speech", "messageIndex": index, "seconds": secs}),
                    )
                    .unwrap();
            }
        }
        if let Some((problem, language, attempts)) = &script.code {
            let ev = |v: serde_json::Value| self.store.append_event(id, &v).unwrap();
            ev(json!({"type": "coding_question", "problemId": problem}));
            for _ in 0..attempts.hints {
                ev(json!({"type": "hint"}));
            }
            for run in &attempts.runs {
                let sub = self
                    .store
                    .add_submission(
                        id,
                        &NewSubmission {
                            language: language.clone(),
                            problem_id: Some(problem.clone()),
                            all_passed: run.passed == run.total,
                            execution_ms: 40.0,
                            quality_score: Some(run.quality),
                            cyclomatic: Some(run.cyclomatic),
                            lines_of_code: Some(12),
                            body: json!({}),
                        },
                    )
                    .unwrap();
                let outcome = CodeOutcome {
                    problem_id: Some(problem.clone()),
                    language: language.clone(),
                    verdict: "accepted".into(),
                    all_tests_passed: run.passed == run.total,
                    passed: run.passed,
                    total: run.total,
                    error: None,
                    execution_time_ms: 40.0,
                    quality_score: Some(run.quality),
                    submission_id: Some(sub.id),
                };
                let mut v = serde_json::to_value(&outcome).unwrap();
                v["type"] = json!("code_result");
                ev(v);
            }
        }
        self.store.end_session(id).unwrap();
        evaluate_session(&self.store, id, &self.types, &self.bank).unwrap()
    }
}

fn fixture(name: &str) -> Fixture {
    let path = format!(
        "{}/tests/data/calibration/{name}.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn level(f: &Fixture, pick: fn(&Turn) -> &String, code: fn(&Code) -> &Attempts) -> Script {
    Script {
        answers: f
            .turns
            .iter()
            .map(|t| (t.question.clone(), pick(t).clone()))
            .collect(),
        code: f
            .code
            .as_ref()
            .map(|c| (c.problem.clone(), c.language.clone(), code(c).clone())),
        spoken_secs: None,
    }
}

fn scores(r: &Report) -> [Option<f64>; 5] {
    r.scores.values().map(|s| *s)
}

fn assert_ordered(name: &str, strong: &Report, average: &Report, weak: &Report) {
    let (s, a, w) = (scores(strong), scores(average), scores(weak));
    let mut exercised = 0;
    for (i, (_, dim)) in DIMENSIONS.iter().enumerate() {
        match (s[i], a[i], w[i]) {
            (Some(s), Some(a), Some(w)) => {
                exercised += 1;
                assert!(
                    s >= a + MARGIN && a >= w + MARGIN,
                    "{name} {dim}: strong {s}, average {a}, weak {w}"
                );
            }
            (None, None, None) => {}
            other => panic!("{name} {dim}: assessed for some levels only: {other:?}"),
        }
    }
    assert!(
        exercised >= 3,
        "{name}: only {exercised} dimensions exercised"
    );
    assert!(
        strong.overall_score >= average.overall_score + MARGIN
            && average.overall_score >= weak.overall_score + MARGIN,
        "{name} overall: {} {} {}",
        strong.overall_score,
        average.overall_score,
        weak.overall_score
    );
}

#[test]
fn calibrated_transcripts_rank_strong_average_weak_on_every_dimension() {
    let env = Env::new();
    for name in [
        "google_sde",
        "amazon_sde",
        "aws_solutions_architect",
        "cv_grilling",
    ] {
        let f = fixture(name);
        let strong = env.evaluate(&f.interview_type, &level(&f, |t| &t.strong, |c| &c.strong));
        let average = env.evaluate(
            &f.interview_type,
            &level(&f, |t| &t.average, |c| &c.average),
        );
        let weak = env.evaluate(&f.interview_type, &level(&f, |t| &t.weak, |c| &c.weak));
        eprintln!(
            "{name}: strong {:?} {}\n  average {:?} {}\n  weak {:?} {}",
            scores(&strong),
            strong.overall_score,
            scores(&average),
            average.overall_score,
            scores(&weak),
            weak.overall_score
        );
        assert_ordered(name, &strong, &average, &weak);
        assert!(
            matches!(strong.recommendation.as_str(), "HIRE" | "STRONG_HIRE"),
            "{name}: strong got {:?}",
            strong.recommendation
        );
        assert!(
            matches!(weak.recommendation.as_str(), "NO_HIRE" | "STRONG_NO_HIRE"),
            "{name}: weak got {:?}",
            weak.recommendation
        );
    }
}

#[test]
fn the_same_transcript_always_scores_the_same() {
    let env = Env::new();
    let f = fixture("google_sde");
    let script = level(&f, |t| &t.average, |c| &c.average);
    let first = env.evaluate(&f.interview_type, &script);
    for _ in 0..3 {
        let again = env.evaluate(&f.interview_type, &script);
        assert_eq!(again.scores, first.scores);
        assert_eq!(again.overall_score, first.overall_score);
        assert_eq!(again.evidence, first.evidence);
        assert_eq!(again.strengths, first.strengths);
        assert_eq!(again.improvements, first.improvements);
    }
}

fn one(qid: &str, answer: &str) -> Script {
    Script {
        answers: vec![(qid.into(), answer.into())],
        ..Script::default()
    }
}

fn dims(r: &Report) -> &PerDimension<Option<f64>> {
    &r.scores
}

#[test]
fn substance_beats_volume() {
    let env = Env::new();
    let short_correct = "Chaining keeps a linked list per bucket; open addressing probes for the next \
                         free slot. Past a load factor of about 0.75 the table will resize and rehash, \
                         and in the worst case every key lands in one bucket, so lookups become linear time.";
    let long_empty = "Um, so basically, you know, hash maps are a really robust, scalable, cutting-edge \
                      paradigm, and I mean they leverage synergy in a holistic, seamless, cloud-native way. \
                      Basically, um, you know, at the end of the day it's kind of about best practices and \
                      innovative, next-generation, world-class data-driven thinking, sort of. I mean, \
                      literally, um, the hash map is basically like a disruptive, game-changer kind of \
                      thing, you know, and it's mission-critical and enterprise-grade, sort of, and, um, \
                      it just handles it seamlessly and robustly, basically, so yeah, it's agile and \
                      scalable and, you know, revolutionary, and I'm passionate about it, literally.";
    let a = env.evaluate("google_sde", &one("gsde-hashmap-collisions", short_correct));
    let b = env.evaluate("google_sde", &one("gsde-hashmap-collisions", long_empty));
    let (a, b) = (dims(&a), dims(&b));
    assert!(
        a.technical_knowledge.unwrap() >= b.technical_knowledge.unwrap() + 3.0,
        "{a:?} {b:?}"
    );
    assert!(
        a.communication.unwrap() >= b.communication.unwrap() + 2.0,
        "{a:?} {b:?}"
    );

    let short_story =
        "Last year nobody owned our flaky deploys, so I took it on. I fixed the root \
                       cause, wrote a runbook with my team, and failed deploys dropped by ninety \
                       percent. I learned to write the mechanism down.";
    let long_fluff = "Um, I'm basically a very passionate team player, you know, and I mean I \
                      always leverage synergy and I'm like super innovative and holistic, sort of. \
                      Basically I love, um, best practices and I'm agile and data-driven and \
                      robust, you know, and at the end of the day I'm literally a rockstar ninja \
                      who is passionate about world-class, next-generation, cutting-edge, \
                      game-changer paradigms, kind of, and I'm really, um, seamless and \
                      mission-critical and enterprise-grade and revolutionary, so yeah, basically \
                      that's me, you know, I'm passionate about everything.";
    let a = env.evaluate("amazon_sde", &one("amzn-lp-ownership", short_story));
    let b = env.evaluate("amazon_sde", &one("amzn-lp-ownership", long_fluff));
    let (a, b) = (dims(&a), dims(&b));
    assert!(
        a.technical_knowledge.unwrap() > b.technical_knowledge.unwrap(),
        "{a:?} {b:?}"
    );
    assert!(
        a.communication.unwrap() >= b.communication.unwrap() + 2.0,
        "{a:?} {b:?}"
    );
    assert!(
        a.cultural_fit.unwrap() >= b.cultural_fit.unwrap() + 3.0,
        "{a:?} {b:?}"
    );
}

#[test]
fn no_score_moves_for_length_alone() {
    let env = Env::new();
    let f = fixture("amazon_sde");
    let base = level(&f, |t| &t.strong, |c| &c.strong);
    let mut doubled = base.clone();
    for (_, a) in &mut doubled.answers {
        // The same answer said twice: twice the words, no new evidence.
        *a = format!("{a} {a}");
    }
    let r1 = env.evaluate(&f.interview_type, &base);
    let r2 = env.evaluate(&f.interview_type, &doubled);
    for (i, (_, dim)) in DIMENSIONS.iter().enumerate() {
        if let (Some(x), Some(y)) = (scores(&r1)[i], scores(&r2)[i]) {
            assert!(y <= x, "{dim} rose from {x} to {y} for repetition alone");
        }
    }
    assert_eq!(r1.scores.technical_knowledge, r2.scores.technical_knowledge);
    assert_eq!(r1.scores.cultural_fit, r2.scores.cultural_fit);
}

fn coding(attempts: Attempts) -> Script {
    Script {
        code: Some(("two_sum".into(), "python".into(), attempts)),
        ..Script::default()
    }
}

fn run(passed: usize, quality: f64, cyclomatic: f64) -> Run {
    Run {
        passed,
        total: 6,
        quality,
        cyclomatic,
    }
}

#[test]
fn each_dimension_responds_to_its_evidence() {
    let env = Env::new();
    let ps = |a: Attempts| {
        env.evaluate("google_sde", &coding(a))
            .scores
            .problem_solving
            .unwrap()
    };
    // More tests passed raises problem solving.
    let few = ps(Attempts {
        hints: 0,
        runs: vec![run(2, 7.0, 3.0)],
    });
    let more = ps(Attempts {
        hints: 0,
        runs: vec![run(5, 7.0, 3.0)],
    });
    let all = ps(Attempts {
        hints: 0,
        runs: vec![run(6, 7.0, 3.0)],
    });
    assert!(few < more && more < all, "{few} {more} {all}");
    // Hints and extra attempts lower it.
    let hinted = ps(Attempts {
        hints: 2,
        runs: vec![run(6, 7.0, 3.0)],
    });
    let retried = ps(Attempts {
        hints: 0,
        runs: vec![run(3, 7.0, 3.0), run(4, 7.0, 3.0), run(6, 7.0, 3.0)],
    });
    assert!(hinted < all && retried < all, "{hinted} {retried} {all}");
    // A final solution far more complex than the reference lowers it.
    let tangled = ps(Attempts {
        hints: 0,
        runs: vec![run(6, 7.0, 15.0)],
    });
    assert!(tangled < all, "{tangled} {all}");

    // Better measured code raises code quality.
    let cq = |q: f64| {
        env.evaluate(
            "google_sde",
            &coding(Attempts {
                hints: 0,
                runs: vec![run(6, q, 3.0)],
            }),
        )
        .scores
        .code_quality
        .unwrap()
    };
    assert!(cq(4.0) < cq(8.5));

    // More filler words lower communication.
    let comm = |answer: &str| {
        env.evaluate("google_sde", &one("gsde-bfs-vs-dfs", answer))
            .scores
            .communication
            .unwrap()
    };
    let clean = "BFS uses a queue and visits level by level, so it finds the shortest path in an \
                 unweighted graph. DFS uses a stack and goes deep first, because it backtracks.";
    let some =
        "Um, BFS uses a queue and visits level by level, so it finds the shortest path in an \
                unweighted graph. Um, DFS uses a stack and goes deep first, because it backtracks.";
    let many = "Um, BFS, you know, uses a queue and, um, visits level by level, so basically it \
                finds the shortest path in an, um, unweighted graph. Um, DFS, like, I mean, uses a \
                stack and, you know, goes deep first, because, um, it kind of backtracks.";
    let (c0, c1, c2) = (comm(clean), comm(some), comm(many));
    assert!(c0 > c1 && c1 > c2, "{c0} {c1} {c2}");

    // A complete STAR story communicates better than the same events without result or task.
    let star = |answer: &str| {
        env.evaluate("amazon_sde", &one("amzn-lp-ownership", answer))
            .scores
            .communication
            .unwrap()
    };
    let full = "At my last job our deploys kept failing and nobody owned them. I volunteered to \
                take it on because my role touched the pipeline. I went through the failures and \
                fixed the flaky environment. As a result failed deploys dropped by ninety percent.";
    let partial = "At my last job our deploys kept failing and nobody owned them. I went through \
                   the failures and fixed the flaky environment over a few weeks of evenings.";
    assert!(star(full) > star(partial));

    // Speaking far too fast lowers communication; a comfortable pace does not.
    let answer = "BFS uses a queue and visits level by level, so it finds the shortest path in an \
                  unweighted graph. DFS uses a stack and goes deep first, because it backtracks.";
    let paced = |secs: f64| {
        let mut s = one("gsde-bfs-vs-dfs", answer);
        s.spoken_secs = Some(secs);
        env.evaluate("google_sde", &s).scores.communication.unwrap()
    };
    assert!(paced(3.0) < paced(12.0), "{} {}", paced(3.0), paced(12.0));

    // Covering more key points raises technical knowledge.
    let tech = |answer: &str| {
        env.evaluate("google_sde", &one("gsde-bfs-vs-dfs", answer))
            .scores
            .technical_knowledge
            .unwrap()
    };
    assert!(tech("BFS uses a queue.") < tech("BFS uses a queue; DFS uses a stack."));

    // Blaming others lowers cultural fit; ownership and learning raise it.
    let culture = |answer: &str| {
        env.evaluate("amazon_sde", &one("amzn-lp-ownership", answer))
            .scores
            .cultural_fit
            .unwrap()
    };
    let owned =
        "Our deploys kept failing, so I took it on, fixed the root cause with my team, and \
                 I learned to write runbooks.";
    let blamed = "Our deploys kept failing, but it was their fault and not my job, so I waited.";
    assert!(culture(owned) > culture(blamed) + 3.0);
}

#[test]
fn an_empty_session_is_reported_honestly() {
    let env = Env::new();
    let r = env.evaluate("google_sde", &Script::default());
    assert!(r.scores.values().iter().all(|s| s.is_none()));
    assert_eq!(r.overall_score, 0.0);
    assert!(!r.improvements.is_empty());
}

#[test]
fn reports_render_as_markdown_html_and_pdf_with_the_scores() {
    let env = Env::new();
    let f = fixture("google_sde");
    let r = env.evaluate(&f.interview_type, &level(&f, |t| &t.strong, |c| &c.strong));
    let overall = format!("{:.1}", r.overall_score);
    let tech = format!("{:.1}", r.scores.technical_knowledge.unwrap());

    let md = prepai_core::report::to_markdown(&r);
    assert!(md.contains(&overall) && md.contains(&tech) && md.contains("Technical knowledge"));

    let html = prepai_core::report::to_html(&r);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"));
    assert!(html.contains(&tech) && html.contains(r.recommendation.as_str()));

    let pdf = prepai_core::report::to_pdf(&r);
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_extract::extract_text_from_mem(&pdf).expect("the PDF can be read back");
    assert!(text.contains("Interview report: Ada"), "{text}");
    assert!(text.contains(&format!("Overall {overall} / 10")), "{text}");
    assert!(text.contains(&format!("{tech} / 10")), "{text}");
    assert!(text.contains("Problem solving"), "{text}");
    assert!(text.contains(r.recommendation.as_str()), "{text}");
}
