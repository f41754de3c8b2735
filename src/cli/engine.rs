//! Building the engine for a front end: the interviewer agent and the services
//! (knowledge base, problems, code runner) it can call on.

use std::sync::Arc;

use anyhow::Result;
use prepai_core::agent::local::LocalInterviewer;
use prepai_core::agent::Agent;
use prepai_core::bank::QuestionBank;
use prepai_core::code::{problem_cards, SandboxRunner};
use prepai_core::kb::KnowledgeBase;
use prepai_core::runtime::Services;
use prepai_core::{InterviewType, Store};
use prepai_sandbox::SandboxMode;

use super::Context;

/// The services every interview gets: the knowledge base, the problem bank and
/// a sandboxed code runner recording into `store`.
pub fn services(ctx: &Context, store: Arc<dyn Store>, mode: SandboxMode) -> Result<Services> {
    let kb = KnowledgeBase::with_user_dir(&ctx.paths()?.user_kb_dir())?;
    let limits = ctx.config()?.sandbox.limits();
    Ok(Services {
        kb: Some(Arc::new(kb)),
        problems: Arc::new(problem_cards()),
        runner: Some(Arc::new(SandboxRunner::new(store, limits, mode))),
        bank: Arc::new(question_bank(ctx)?),
    })
}

/// The built-in question bank plus the user's own questions.
pub fn question_bank(ctx: &Context) -> Result<QuestionBank> {
    Ok(QuestionBank::with_user_dir(
        &ctx.paths()?.user_questions_dir(),
    )?)
}

/// The built-in offline interviewer for `ty`.
pub fn local_agent(ty: &InterviewType, services: &Services) -> Result<Box<dyn Agent>> {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    Ok(Box::new(LocalInterviewer::new(
        ty,
        &services.bank,
        services.problems.to_vec(),
        seed,
    )))
}
