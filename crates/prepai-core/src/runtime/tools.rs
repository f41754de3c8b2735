//! Running the tools agents ask for: the knowledge base, problem hand-out, code
//! execution, the CV and the live evaluation. Bad arguments come back to the
//! agent as an error result, never as a failure of the session.

use serde_json::{json, Value};

use super::Runtime;
use crate::agent::{ToolCall, ToolResult};

fn error(call: &ToolCall, message: impl Into<String>) -> ToolResult {
    ToolResult {
        call_id: call.id.clone(),
        name: call.name.clone(),
        output: json!({ "error": message.into() }),
        is_error: true,
    }
}

fn ok(call: &ToolCall, output: Value) -> ToolResult {
    ToolResult {
        call_id: call.id.clone(),
        name: call.name.clone(),
        output,
        is_error: false,
    }
}

fn str_arg<'a>(call: &'a ToolCall, key: &str) -> Option<&'a str> {
    call.arguments.get(key).and_then(Value::as_str)
}

/// Runs every call in order and returns their results.
pub(super) async fn run_all(rt: &mut Runtime, calls: &[ToolCall]) -> Vec<ToolResult> {
    let mut out = Vec::with_capacity(calls.len());
    for call in calls {
        out.push(run(rt, call).await);
    }
    out
}

async fn run(rt: &mut Runtime, call: &ToolCall) -> ToolResult {
    match call.name.as_str() {
        "search_knowledge_base" => {
            let Some(query) = str_arg(call, "query") else {
                return error(
                    call,
                    "search_knowledge_base needs a string argument `query`",
                );
            };
            let Some(kb) = rt.services.kb.clone() else {
                return error(call, "no knowledge base is loaded");
            };
            let ty = rt.setup.interview_type.key.clone();
            match kb.search(query, Some(&ty), 3) {
                Ok(hits) => ok(call, json!({ "results": hits })),
                Err(e) => error(call, e.to_string()),
            }
        }
        "present_problem" => {
            let wanted = str_arg(call, "problem_id");
            let difficulty = str_arg(call, "difficulty");
            let problem = rt
                .services
                .problems
                .iter()
                .find(|p| {
                    wanted.is_none_or(|w| p.id == w) && difficulty.is_none_or(|d| p.difficulty == d)
                })
                .cloned();
            let Some(problem) = problem else {
                return error(
                    call,
                    "no problem matches; omit problem_id to get any problem",
                );
            };
            let language = rt.setup.language.clone();
            let statement = problem.statement.clone();
            let id = problem.id.clone();
            if let Err(e) = rt.present(problem, &language, true).await {
                return error(call, e.to_string());
            }
            ok(
                call,
                json!({ "problem_id": id, "language": language, "statement": statement }),
            )
        }
        "execute_code" => {
            let (Some(language), Some(code)) = (str_arg(call, "language"), str_arg(call, "code"))
            else {
                return error(
                    call,
                    "execute_code needs string arguments `language` and `code`",
                );
            };
            let (language, code) = (language.to_string(), code.to_string());
            match rt.run_code(&language, &code).await {
                Ok(Some(outcome)) => ok(call, serde_json::to_value(outcome).unwrap_or(Value::Null)),
                Ok(None) => error(call, "the code could not be run (see the session's error)"),
                Err(e) => error(call, e.to_string()),
            }
        }
        "analyze_cv" => match &rt.setup.cv {
            Some(cv) => ok(call, serde_json::to_value(cv).unwrap_or(Value::Null)),
            None => error(call, "the candidate has not loaded a CV"),
        },
        "evaluate_performance" => {
            let update = crate::evaluate::live(&rt.evidence);
            ok(call, serde_json::to_value(update).unwrap_or(Value::Null))
        }
        other => error(call, format!("unknown tool `{other}`")),
    }
}
