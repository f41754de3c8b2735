//! Every reference solution of the embedded bank is accepted in both languages; deliberately
//! wrong solutions get wrong_answer.

mod common;

use common::{require_isolation, summary};
use prepai_sandbox::{
    problem, problem_bank, problem_bank_errors, run, Language, Limits, SandboxMode, Submission,
    Verdict,
};

fn run_problem(id: &str, language: Language, code: &str) -> prepai_sandbox::RunReport {
    let p = problem(id).unwrap_or_else(|| panic!("problem {id} missing"));
    let entry = p
        .entry(language)
        .unwrap_or_else(|| panic!("{id} has no {language} entry"));
    let sub = Submission {
        language,
        code: code.to_string(),
        function: entry.function_name.clone(),
        suite: p.suite().clone(),
    };
    run(&sub, &Limits::default(), SandboxMode::Isolated).expect("run")
}

#[test]
fn every_reference_solution_is_accepted_in_both_languages() {
    require_isolation();
    assert!(
        problem_bank_errors().is_empty(),
        "{:?}",
        problem_bank_errors()
    );
    let mut failures = Vec::new();
    for p in problem_bank() {
        for language in Language::all() {
            let Some(entry) = p.entry(language) else {
                failures.push(format!("{} has no {language} entry", p.id));
                continue;
            };
            let r = run_problem(&p.id, language, &entry.reference);
            if r.verdict != Verdict::Accepted {
                failures.push(format!("{} [{language}]: {}", p.id, summary(&r)));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn starters_and_wrong_solutions_are_rejected() {
    require_isolation();
    let Some(first) = problem_bank().first() else {
        return; // the bank is briefly empty while it is being written
    };
    for language in Language::all() {
        let starter = &first.entry(language).expect("entry").starter;
        let r = run_problem(&first.id, language, starter);
        assert_ne!(
            r.verdict,
            Verdict::Accepted,
            "{} starter [{language}]: {}",
            first.id,
            summary(&r)
        );
    }
    if problem("two_sum").is_some() {
        let r = run_problem(
            "two_sum",
            Language::Python,
            "def two_sum(nums, target):\n    return [0, 1]\n",
        );
        assert_eq!(r.verdict, Verdict::WrongAnswer, "{}", summary(&r));
        let r = run_problem(
            "two_sum",
            Language::JavaScript,
            "function twoSum(nums, target) { return [0, 1]; }",
        );
        assert_eq!(r.verdict, Verdict::WrongAnswer, "{}", summary(&r));
    }
    if problem("climbing_stairs").is_some() {
        let fname = |l| {
            problem("climbing_stairs")
                .and_then(|p| p.entry(l))
                .map(|e| e.function_name.clone())
                .unwrap_or_default()
        };
        let py = format!("def {}(n):\n    return n\n", fname(Language::Python));
        let r = run_problem("climbing_stairs", Language::Python, &py);
        assert_eq!(r.verdict, Verdict::WrongAnswer, "{}", summary(&r));
        let js = format!(
            "function {}(n) {{ return n; }}",
            fname(Language::JavaScript)
        );
        let r = run_problem("climbing_stairs", Language::JavaScript, &js);
        assert_eq!(r.verdict, Verdict::WrongAnswer, "{}", summary(&r));
    }
}
