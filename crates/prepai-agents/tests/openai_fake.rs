//! The real OpenAI client path (reqwest + SSE parsing) against a loopback
//! fake speaking the chat-completions streaming protocol.

mod common;

use std::time::Duration;

use common::{chunks, error, s, start, until_reply};
use prepai_agents::check::check_openai;
use prepai_agents::fakes::{FakeServer, OpenAiReply};
use prepai_agents::{OpenAiAgent, OpenAiSettings, RetryPolicy};
use prepai_core::{SessionCommand, SessionEvent};

const KEY: &str = "sk-test-secret-123";

fn settings(url: &str, key: Option<&str>) -> OpenAiSettings {
    OpenAiSettings {
        base_url: url.to_string(),
        api_key: key.map(String::from),
        model: "fake-model".into(),
    }
}

fn agent(url: &str) -> Box<OpenAiAgent> {
    let fast = RetryPolicy {
        max_attempts: 3,
        base: Duration::from_millis(5),
        cap: Duration::from_millis(20),
    };
    Box::new(
        OpenAiAgent::new(settings(url, Some(KEY)))
            .unwrap()
            .with_retry(fast),
    )
}

fn greeting() -> OpenAiReply {
    OpenAiReply::Text(s(&["Hello Ada, ", "welcome. ", "Tell me about yourself."]))
}

fn fallback() -> OpenAiReply {
    OpenAiReply::Text(s(&["Thank you. ", "What would you improve?"]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_turn_with_a_tool_round_trip_streams_and_sends_results_back() {
    let fake = FakeServer::openai(
        "fake-model",
        Some(KEY),
        vec![
            greeting(),
            OpenAiReply::ToolCall {
                text: s(&["Let me check one thing. "]),
                id: "call_kb".into(),
                name: "search_knowledge_base".into(),
                arguments: s(&["{\"query\": ", "\"hash map collisions\"}"]),
            },
            OpenAiReply::Text(s(&["Good. ", "How do you handle collisions?"])),
        ],
        fallback(),
    );
    let mut run = start(agent(&fake.url)).await;
    let first = until_reply(&mut run).await;
    assert_eq!(
        chunks(&first),
        "Hello Ada, welcome. Tell me about yourself."
    );
    assert!(
        first
            .iter()
            .filter(|e| matches!(e, SessionEvent::LlmChunk { .. }))
            .count()
            >= 3,
        "deltas arrive as separate events"
    );
    assert!(first.iter().any(|e| matches!(e,
        SessionEvent::AgentStats { agent, ttft_ms, .. } if agent == "openai" && *ttft_ms >= 0.0)));

    run.handle
        .send(SessionCommand::Answer("I would use a hash map.".into()))
        .unwrap();
    let second = until_reply(&mut run).await;
    assert_eq!(error(&second), None);
    let Some(SessionEvent::AssistantComplete { text, .. }) = second.last() else {
        panic!("no reply: {second:?}")
    };
    assert_eq!(
        text,
        "Let me check one thing. Good. How do you handle collisions?"
    );

    let reqs = fake.requests();
    assert_eq!(reqs.len(), 3);
    assert!(reqs
        .iter()
        .all(|r| r.authorization.as_deref() == Some(&format!("Bearer {KEY}"))));
    let body = reqs[0].json();
    assert_eq!(body["stream"], true);
    assert_eq!(body["model"], "fake-model");
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("one question per turn"));
    assert!(system.contains("never use lists"));
    let tools: Vec<&str> = body["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["function"]["name"].as_str().unwrap())
        .collect();
    assert!(tools.contains(&"search_knowledge_base"));

    let last = reqs[2].json();
    let msgs = last["messages"].as_array().unwrap();
    let call = &msgs[msgs.len() - 2];
    assert_eq!(call["role"], "assistant");
    assert_eq!(call["tool_calls"][0]["id"], "call_kb");
    assert_eq!(
        call["tool_calls"][0]["function"]["arguments"],
        "{\"query\": \"hash map collisions\"}"
    );
    let result = &msgs[msgs.len() - 1];
    assert_eq!(result["role"], "tool");
    assert_eq!(result["tool_call_id"], "call_kb");
    let output: serde_json::Value =
        serde_json::from_str(result["content"].as_str().unwrap()).unwrap();
    assert!(
        output["results"].is_array(),
        "the knowledge base answered: {output}"
    );
    assert!(msgs
        .iter()
        .any(|m| m["role"] == "user" && m["content"] == "I would use a hash map."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttled_requests_are_retried() {
    let fake = FakeServer::openai(
        "fake-model",
        None,
        vec![
            OpenAiReply::Status(429, "Rate limit reached".into()),
            OpenAiReply::Status(429, "Rate limit reached".into()),
            greeting(),
        ],
        fallback(),
    );
    let mut run = start(agent(&fake.url)).await;
    let first = until_reply(&mut run).await;
    assert_eq!(error(&first), None);
    assert!(chunks(&first).starts_with("Hello Ada"));
    assert_eq!(fake.requests().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endless_throttling_gives_up_with_a_message() {
    let fake = FakeServer::openai(
        "fake-model",
        None,
        vec![],
        OpenAiReply::Status(429, "Rate limit reached".into()),
    );
    let mut run = start(agent(&fake.url)).await;
    let first = until_reply(&mut run).await;
    let e = error(&first).expect("an error event");
    assert!(e.contains("rate limiting"), "{e}");
    assert_eq!(fake.requests().len(), 3, "bounded by the policy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_stream_is_an_error_and_retry_carries_on() {
    let fake = FakeServer::openai(
        "fake-model",
        None,
        vec![greeting(), OpenAiReply::Broken(s(&["I was about to "]))],
        fallback(),
    );
    let mut run = start(agent(&fake.url)).await;
    until_reply(&mut run).await;
    run.handle
        .send(SessionCommand::Answer("I like Rust.".into()))
        .unwrap();
    let broken = until_reply(&mut run).await;
    assert!(chunks(&broken).contains("I was about to"));
    let e = error(&broken).expect("an error event");
    assert!(
        e.contains("broke off") || e.contains("closed the stream"),
        "{e}"
    );

    run.handle.send(SessionCommand::Retry).unwrap();
    let again = until_reply(&mut run).await;
    assert_eq!(error(&again), None, "{again:?}");
    assert!(chunks(&again).contains("What would you improve?"));
    // The retry resent the saved answer, once.
    let last = fake.requests().last().unwrap().json();
    let answers = last["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["content"] == "I like Rust.")
        .count();
    assert_eq!(answers, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tool_call_with_bad_arguments_is_reported() {
    let fake = FakeServer::openai(
        "fake-model",
        None,
        vec![OpenAiReply::ToolCall {
            text: vec![],
            id: "call_1".into(),
            name: "execute_code".into(),
            arguments: s(&["{\"code\": "]),
        }],
        fallback(),
    );
    let mut run = start(agent(&fake.url)).await;
    let first = until_reply(&mut run).await;
    let e = error(&first).expect("an error event");
    assert!(
        e.contains("execute_code") && e.contains("not valid JSON"),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_key_and_an_unreachable_server_say_what_to_do() {
    let fake = FakeServer::openai("fake-model", Some("sk-right"), vec![], fallback());
    let mut run = start(agent(&fake.url)).await;
    let e = error(&until_reply(&mut run).await).expect("an error event");
    assert!(
        e.contains("refused the API key") && e.contains("OPENAI_API_KEY"),
        "{e}"
    );
    assert!(!e.contains(KEY), "the key never shows");

    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/v1", l.local_addr().unwrap())
    };
    let mut run = start(agent(&closed)).await;
    let e = error(&until_reply(&mut run).await).expect("an error event");
    assert!(e.contains("cannot reach") && e.contains("/local"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_reports_each_step() {
    let fake = FakeServer::openai("fake-model", Some(KEY), vec![], fallback());
    let r = check_openai(Ok(settings(&fake.url, Some(KEY)))).await;
    assert!(r.ok(), "{r:?}");
    assert!(!format!("{r:?}").contains(KEY));

    let mut wrong = settings(&fake.url, Some(KEY));
    wrong.model = "other-model".into();
    let r = check_openai(Ok(wrong)).await;
    assert!(!r.ok());
    assert!(
        r.items.last().unwrap().detail.contains("fake-model"),
        "{r:?}"
    );

    let r = check_openai(Ok(settings(&fake.url, Some("sk-wrong")))).await;
    assert!(!r.ok() && r.items[1].detail.contains("API key"), "{r:?}");
}
