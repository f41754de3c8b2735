//! Running a candidate's code: the sandbox judges it against tests, the metrics
//! crate measures it, and the store records it with the session.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use prepai_metrics::{MetricsLanguage, QualityMetrics};
use prepai_sandbox::{
    Language, Limits, RunReport, SandboxError, SandboxMode, Submission as SandboxSubmission,
    TestSuite, Verdict,
};

use crate::events::CodeOutcome;
use crate::problems::{ProblemCard, ProblemLanguage};
use crate::runtime::CodeRunner;
use crate::store::{Store, StoreError};
use crate::submissions::NewSubmission;

/// Why code could not be judged.
#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    /// The sandbox refused or failed (bad tests, no isolation, missing interpreter…).
    #[error(transparent)]
    Sandbox(#[from] SandboxError),
    /// Recording the submission failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl CodeError {
    /// Whether the caller's input was at fault (as opposed to the host).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            CodeError::Sandbox(
                SandboxError::UnknownLanguage { .. }
                    | SandboxError::SuiteJson { .. }
                    | SandboxError::InvalidTestCase { .. }
                    | SandboxError::InvalidLiteral { .. }
                    | SandboxError::InvalidSubmission(_)
                    | SandboxError::InvalidLimit { .. }
            )
        )
    }
}

/// What to run.
#[derive(Debug, Clone)]
pub struct CodeRequest {
    /// The language.
    pub language: Language,
    /// The source code.
    pub code: String,
    /// The function the tests call.
    pub function: String,
    /// The tests.
    pub suite: TestSuite,
    /// The bank problem, when the tests are a problem's.
    pub problem_id: Option<String>,
    /// Hide hidden tests' inputs and outputs in the result.
    pub redact_hidden: bool,
}

/// The result in the original API's shape: the sandbox's report plus
/// `qualityMetrics` and `submissionId`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeRun {
    /// The sandbox's verdict and per-test results.
    #[serde(flatten)]
    pub report: RunReport,
    /// Quality metrics of the code (none if it could not be parsed at all).
    pub quality_metrics: Option<QualityMetrics>,
    /// The recorded submission's id, when run with a session.
    pub submission_id: Option<String>,
}

impl CodeRun {
    /// Tests passed.
    pub fn passed(&self) -> usize {
        self.report.passed_count()
    }

    /// The interviewer's summary of this run.
    pub fn outcome(&self, problem_id: Option<String>) -> CodeOutcome {
        CodeOutcome {
            problem_id,
            language: self.report.language.name().to_string(),
            verdict: verdict_name(self.report.verdict),
            all_tests_passed: self.report.all_tests_passed,
            passed: self.passed(),
            total: self.report.test_results.len(),
            error: self.report.error.clone(),
            execution_time_ms: self.report.execution_time,
            quality_score: self.quality_metrics.as_ref().map(|m| m.quality_score),
            submission_id: self.submission_id.clone(),
        }
    }
}

/// A verdict's name as the JSON output writes it (`accepted`, `wrong_answer`, …).
pub fn verdict_name(verdict: Verdict) -> String {
    serde_json::to_value(verdict)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_else(|| format!("{verdict:?}"))
}

impl CodeRequest {
    /// A run of `code` against a bank problem's whole test suite (hidden tests
    /// included, their data redacted), calling the problem's function for
    /// `language`. Fails with a message when there is no such problem or version.
    pub fn for_problem(
        problem_id: &str,
        language: Language,
        code: String,
    ) -> Result<CodeRequest, String> {
        let problem = prepai_sandbox::problem(problem_id).ok_or_else(|| {
            format!("no problem `{problem_id}`; `prepai code problems` lists them")
        })?;
        let entry = problem
            .entry(language)
            .ok_or_else(|| format!("problem `{problem_id}` has no {} version", language.name()))?;
        Ok(CodeRequest {
            language,
            code,
            function: entry.function_name.clone(),
            suite: problem.suite().clone(),
            problem_id: Some(problem.id.clone()),
            redact_hidden: true,
        })
    }
}

/// The metrics language of a sandbox language, where one exists.
pub fn metrics_language(language: Language) -> Option<MetricsLanguage> {
    MetricsLanguage::from_name(language.name()).ok()
}

/// Runs `req` in the sandbox, measures it, and records it with `session` if given.
pub fn run_code(
    req: &CodeRequest,
    limits: &Limits,
    mode: SandboxMode,
    session: Option<(&dyn Store, Uuid)>,
) -> Result<CodeRun, CodeError> {
    if let Some((store, id)) = session {
        store.session(id)?;
    }
    let sub = SandboxSubmission {
        language: req.language,
        code: req.code.clone(),
        function: req.function.clone(),
        suite: req.suite.clone(),
    };
    let mut report = prepai_sandbox::run(&sub, limits, mode)?;
    if req.redact_hidden {
        report.redact_hidden();
    }
    let quality_metrics =
        metrics_language(req.language).and_then(|l| prepai_metrics::analyze(&req.code, l).ok());
    let mut run = CodeRun {
        report,
        quality_metrics,
        submission_id: None,
    };
    if let Some((store, id)) = session {
        let mut body = serde_json::to_value(&run).unwrap_or(serde_json::Value::Null);
        if let Some(obj) = body.as_object_mut() {
            obj.insert("code".into(), req.code.clone().into());
            obj.insert("problemId".into(), req.problem_id.clone().into());
        }
        let m = run.quality_metrics.as_ref();
        let stored = store.add_submission(
            id,
            &NewSubmission {
                language: req.language.name().to_string(),
                problem_id: req.problem_id.clone(),
                all_passed: run.report.all_tests_passed,
                execution_ms: run.report.execution_time,
                quality_score: m.map(|m| m.quality_score),
                cyclomatic: m.map(|m| m.cyclomatic_complexity as f64),
                lines_of_code: m.map(|m| m.lines_of_code as u64),
                body,
            },
        )?;
        run.submission_id = Some(stored.id);
    }
    Ok(run)
}

/// Every problem in the sandbox's bank, as the engine shows it.
pub fn problem_cards() -> Vec<ProblemCard> {
    prepai_sandbox::problem_bank()
        .iter()
        .map(|p| ProblemCard {
            id: p.id.clone(),
            title: p.title.clone(),
            difficulty: serde_json::to_value(p.difficulty)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_else(|| "medium".into()),
            topics: p.topics.clone(),
            statement: p.statement.clone(),
            languages: p
                .languages
                .iter()
                .map(|(k, l)| {
                    (
                        k.clone(),
                        ProblemLanguage {
                            function_name: l.function_name.clone(),
                            signature: l.signature.clone(),
                            starter: l.starter.clone(),
                        },
                    )
                })
                .collect(),
            visible_tests: p
                .tests
                .iter()
                .filter(|t| t.get("hidden") != Some(&serde_json::Value::Bool(true)))
                .cloned()
                .collect(),
            hints: p.hints.clone(),
            time_complexity: p.complexity.time.clone(),
            space_complexity: p.complexity.space.clone(),
        })
        .collect()
}

/// Runs interview submissions against the bank problem's full test suite in the
/// sandbox and records them with the session.
pub struct SandboxRunner {
    store: Arc<dyn Store>,
    limits: Limits,
    mode: SandboxMode,
}

impl SandboxRunner {
    /// A runner recording into `store`.
    pub fn new(store: Arc<dyn Store>, limits: Limits, mode: SandboxMode) -> Self {
        SandboxRunner {
            store,
            limits,
            mode,
        }
    }
}

impl CodeRunner for SandboxRunner {
    fn run(
        &self,
        session_id: Uuid,
        problem: &ProblemCard,
        language: &str,
        code: &str,
    ) -> Result<CodeOutcome, String> {
        let language = Language::from_name(language).map_err(|e| e.to_string())?;
        let req = CodeRequest::for_problem(&problem.id, language, code.to_string())?;
        let run = run_code(
            &req,
            &self.limits,
            self.mode,
            Some((self.store.as_ref(), session_id)),
        )
        .map_err(|e| e.to_string())?;
        Ok(run.outcome(Some(problem.id.clone())))
    }
}
