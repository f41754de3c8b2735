//! The runtime's tools as OpenAI function tools, and checking the arguments a
//! model sends before they reach the runtime.

use prepai_core::agent::{AgentError, TOOL_NAMES};
use serde_json::{json, Value};

/// The JSON-schema function definitions of every tool in [`TOOL_NAMES`].
pub fn openai_tools() -> Value {
    let f = |name: &str, description: &str, parameters: Value| {
        json!({"type": "function", "function": {
            "name": name, "description": description, "parameters": parameters}})
    };
    let none = json!({"type": "object", "properties": {}});
    json!([
        f(
            "execute_code",
            "Run code the candidate wrote against the current problem's tests.",
            json!({"type": "object", "properties": {
              "language": {"type": "string", "enum": ["python", "javascript"]},
              "code": {"type": "string"}}, "required": ["language", "code"]})
        ),
        f(
            "analyze_cv",
            "The candidate's CV: name, skills and roles.",
            none.clone()
        ),
        f(
            "evaluate_performance",
            "The live scores of the interview so far.",
            none
        ),
        f(
            "search_knowledge_base",
            "Search the interview knowledge base for facts, model answers and follow-up questions.",
            json!({"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]})
        ),
        f(
            "present_problem",
            "Hand the candidate a coding problem; omit both arguments for any problem.",
            json!({"type": "object", "properties": {
              "problem_id": {"type": "string"},
              "difficulty": {"type": "string", "enum": ["easy", "medium", "hard"]}}})
        ),
    ])
}

/// Parses a model's tool call: the name must be one of [`TOOL_NAMES`] and the
/// arguments a JSON object (an empty string counts as `{}`).
pub fn parse_call(name: &str, arguments: &str) -> Result<Value, AgentError> {
    if !TOOL_NAMES.contains(&name) {
        return Err(AgentError::Other(format!(
            "the model called an unknown tool `{name}` (known: {})",
            TOOL_NAMES.join(", ")
        )));
    }
    if arguments.trim().is_empty() {
        return Ok(json!({}));
    }
    match serde_json::from_str::<Value>(arguments) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(AgentError::Other(format!(
            "the model called {name} with arguments that are not a JSON object"
        ))),
        Err(e) => Err(AgentError::Other(format!(
            "the model called {name} with arguments that are not valid JSON ({e})"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tool_is_offered_and_bad_calls_are_refused() {
        let tools = openai_tools();
        let names: Vec<&str> = tools
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["function"]["name"].as_str().unwrap())
            .collect();
        for n in TOOL_NAMES {
            assert!(names.contains(n), "{n} missing");
        }
        assert_eq!(parse_call("analyze_cv", "").unwrap(), json!({}));
        assert!(parse_call("rm_rf", "{}").is_err());
        let e = parse_call("execute_code", "{\"code\": ").unwrap_err();
        assert!(e.to_string().contains("not valid JSON"), "{e}");
        assert!(parse_call("execute_code", "[1]").is_err());
    }
}
