//! The real AWS SDK `InvokeAgent` client against a loopback fake answering
//! with AWS event-stream frames.

mod common;

use std::time::Duration;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_bedrockagentruntime::config::Credentials;
use common::{chunks, error, s, start, until_reply};
use prepai_agents::check::check_bedrock;
use prepai_agents::fakes::{BedrockReply, FakeServer};
use prepai_agents::{BedrockAgent, BedrockSettings, RetryPolicy};
use prepai_core::{SessionCommand, SessionEvent};

const AGENT: &str = "AGENT12345";

async fn sdk(url: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new(
            "AKIDTEST",
            "test-secret",
            None,
            None,
            "test",
        ))
        .load()
        .await
}

fn settings(agent: &str) -> BedrockSettings {
    BedrockSettings {
        agent_id: agent.into(),
        agent_alias_id: "TSTALIASID".into(),
        region: Some("us-east-1".into()),
    }
}

async fn agent(url: &str, agent_id: &str, attempts: u32) -> Box<BedrockAgent> {
    let fast = RetryPolicy {
        max_attempts: attempts,
        base: Duration::from_millis(5),
        cap: Duration::from_millis(20),
    };
    Box::new(BedrockAgent::with_sdk_config(settings(agent_id), sdk(url).await).with_retry(fast))
}

fn greeting() -> BedrockReply {
    BedrockReply::Chunks(s(&["Hello Ada, ", "welcome. ", "Tell me about yourself."]))
}

fn fallback() -> BedrockReply {
    BedrockReply::Chunks(s(&["Thank you. ", "What would you improve?"]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn return_of_control_runs_the_tool_locally_and_sends_the_result_back() {
    let fake = FakeServer::bedrock(
        AGENT,
        vec![
            greeting(),
            BedrockReply::ReturnControl {
                text: s(&["Let me look that up. "]),
                invocation_id: "inv-42".into(),
                action_group: "InterviewTools".into(),
                function: "search_knowledge_base".into(),
                parameters: vec![(
                    "query".into(),
                    "string".into(),
                    "hash map collisions".into(),
                )],
            },
            BedrockReply::Chunks(s(&["Good. ", "How do you handle collisions?"])),
        ],
        fallback(),
    );
    let mut run = start(agent(&fake.url, AGENT, 3).await).await;
    let first = until_reply(&mut run).await;
    assert_eq!(error(&first), None, "{first:?}");
    assert_eq!(
        chunks(&first),
        "Hello Ada, welcome. Tell me about yourself."
    );
    assert!(first
        .iter()
        .any(|e| matches!(e, SessionEvent::AgentStats { agent, .. } if agent == "bedrock")));

    run.handle
        .send(SessionCommand::Answer("I would use a hash map.".into()))
        .unwrap();
    let second = until_reply(&mut run).await;
    assert_eq!(error(&second), None, "{second:?}");
    assert_eq!(
        chunks(&second),
        "Let me look that up. Good. How do you handle collisions?"
    );

    let reqs = fake.requests();
    assert_eq!(reqs.len(), 3);
    assert!(reqs[0].path.starts_with(&format!(
        "/agents/{AGENT}/agentAliases/TSTALIASID/sessions/prepai-"
    )));
    assert!(
        reqs[0]
            .authorization
            .as_deref()
            .unwrap_or("")
            .starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/"),
        "requests are SigV4-signed"
    );
    let b0 = reqs[0].json();
    assert!(b0["inputText"].as_str().unwrap().contains("Ada"));
    let attrs = &b0["sessionState"]["sessionAttributes"];
    assert_eq!(attrs["interviewType"], "google_sde");
    assert_eq!(attrs["candidateName"], "Ada");
    assert!(
        !b0["inputText"].as_str().unwrap().contains("google_sde"),
        "configuration is not in the prompt"
    );
    assert_eq!(reqs[1].json()["inputText"], "I would use a hash map.");

    let b2 = reqs[2].json();
    let state = &b2["sessionState"];
    assert_eq!(state["invocationId"], "inv-42");
    let result = &state["returnControlInvocationResults"][0]["functionResult"];
    assert_eq!(result["actionGroup"], "InterviewTools");
    assert_eq!(result["function"], "search_knowledge_base");
    let body: serde_json::Value =
        serde_json::from_str(result["responseBody"]["TEXT"]["body"].as_str().unwrap()).unwrap();
    assert!(body["results"].is_array(), "{body}");
    assert!(
        reqs.iter().all(|r| r.path == reqs[0].path),
        "one Bedrock session for the interview"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throttling_exception_is_retried_with_backoff() {
    let fake = FakeServer::bedrock(
        AGENT,
        vec![BedrockReply::Throttle, BedrockReply::Throttle, greeting()],
        fallback(),
    );
    let mut run = start(agent(&fake.url, AGENT, 4).await).await;
    let first = until_reply(&mut run).await;
    assert_eq!(error(&first), None, "{first:?}");
    assert!(chunks(&first).starts_with("Hello Ada"));
    assert_eq!(fake.requests().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endless_throttling_is_bounded() {
    let fake = FakeServer::bedrock(AGENT, vec![], BedrockReply::Throttle);
    let mut run = start(agent(&fake.url, AGENT, 2).await).await;
    let e = error(&until_reply(&mut run).await).expect("an error event");
    assert!(e.contains("throttl") && e.contains("2 attempts"), "{e}");
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_stream_is_an_error_and_the_session_continues() {
    let fake = FakeServer::bedrock(
        AGENT,
        vec![greeting(), BedrockReply::Broken(s(&["I was about to "]))],
        fallback(),
    );
    let mut run = start(agent(&fake.url, AGENT, 3).await).await;
    until_reply(&mut run).await;
    run.handle
        .send(SessionCommand::Answer("I like Rust.".into()))
        .unwrap();
    let broken = until_reply(&mut run).await;
    let e = error(&broken).expect("an error event");
    assert!(e.contains("broke off"), "{e}");
    run.handle.send(SessionCommand::Retry).unwrap();
    let again = until_reply(&mut run).await;
    assert_eq!(error(&again), None, "{again:?}");
    assert!(chunks(&again).contains("What would you improve?"));
    assert_eq!(
        fake.requests().last().unwrap().json()["inputText"],
        "I like Rust."
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_agent_and_missing_credentials_say_what_to_fix() {
    let fake = FakeServer::bedrock(AGENT, vec![], fallback());
    let mut run = start(agent(&fake.url, "NOSUCHAGNT", 3).await).await;
    let e = error(&until_reply(&mut run).await).expect("an error event");
    assert!(e.contains("NOSUCHAGNT") && e.contains("--agent-id"), "{e}");

    let no_creds = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(&fake.url)
        .no_credentials()
        .load()
        .await;
    let mut run = start(Box::new(BedrockAgent::with_sdk_config(
        settings(AGENT),
        no_creds,
    )))
    .await;
    let e = error(&until_reply(&mut run).await).expect("an error event");
    assert!(
        e.contains("AWS credentials") && e.contains("aws sso login"),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_signs_a_call_to_the_agent() {
    let fake = FakeServer::bedrock(AGENT, vec![], fallback());
    let conf = sdk(&fake.url).await;
    let c = conf.clone();
    let r = check_bedrock(Ok(settings(AGENT)), move |s| {
        BedrockAgent::with_sdk_config(s, c)
    })
    .await;
    assert!(r.ok(), "{r:?}");
    let r = check_bedrock(Ok(settings("NOSUCHAGNT")), move |s| {
        BedrockAgent::with_sdk_config(s, conf)
    })
    .await;
    assert!(!r.ok());
    assert!(
        r.items.last().unwrap().detail.contains("not found"),
        "{r:?}"
    );
}
