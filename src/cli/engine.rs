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
    })
}

/// The built-in offline interviewer for `ty`.
pub fn local_agent(
    ctx: &Context,
    ty: &InterviewType,
    services: &Services,
) -> Result<Box<dyn Agent>> {
    Ok(local_agent_from(&question_bank(ctx)?, ty, services))
}

/// The question bank with the user's own questions added.
pub fn question_bank(ctx: &Context) -> Result<QuestionBank> {
    Ok(QuestionBank::with_user_dir(
        &ctx.paths()?.user_questions_dir(),
    )?)
}

/// The built-in offline interviewer for `ty` on a loaded question bank,
/// seeded from the clock.
pub fn local_agent_from(
    bank: &QuestionBank,
    ty: &InterviewType,
    services: &Services,
) -> Box<dyn Agent> {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    Box::new(LocalInterviewer::new(
        ty,
        bank,
        services.problems.to_vec(),
        seed,
    ))
}
