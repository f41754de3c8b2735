//! Headless interviews with remote interviewers against loopback fakes of
//! their services, `/retry` and `/local`, and `prepai agents check`.
mod common;

use assert_cmd::Command;
use common::{json_lines, ok_json, types, Sandbox};
use prepai_agents::fakes::{BedrockReply, FakeServer, OpenAiReply};

const KEY: &str = "sk-cli-secret-789";

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// `prepai` with nothing from the host's OpenAI or AWS setup.
fn cmd(sb: &Sandbox) -> Command {
    isolated(sb.cmd(), sb)
}

/// A headless `google_sde` interview for Ada with `--json`, isolated like [`cmd`].
fn interview(sb: &Sandbox) -> Command {
    let mut c = isolated(sb.headless("google_sde", "Ada"), sb);
    c.arg("--json");
    c
}

/// `c` with nothing from the host's OpenAI or AWS setup.
fn isolated(mut c: Command, sb: &Sandbox) -> Command {
    for k in [
        "OPENAI_BASE_URL",
        "OPENAI_API_KEY",
        "PREPAI_OPENAI_MODEL",
        "BEDROCK_AGENT_ID",
        "BEDROCK_AGENT_ALIAS_ID",
        "AWS_PROFILE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
    ] {
        c.env_remove(k);
    }
    let none = sb.dir.path().join("no-aws");
    c.env("AWS_CONFIG_FILE", &none)
        .env("AWS_SHARED_CREDENTIALS_FILE", &none)
        .env("AWS_EC2_METADATA_DISABLED", "true");
    c
}

#[test]
fn headless_interview_with_an_openai_compatible_model() {
    let fake = FakeServer::openai(
        "fake-model",
        Some(KEY),
        vec![
            OpenAiReply::Text(s(&[
                "Hello Ada. ",
                "Tell me about a project you are proud of.",
            ])),
            OpenAiReply::ToolCall {
                text: vec![],
                id: "call_kb".into(),
                name: "search_knowledge_base".into(),
                arguments: s(&["{\"query\": \"hash map\"}"]),
            },
        ],
        OpenAiReply::Text(s(&["Thank you. ", "What would you do differently?"])),
    );
    let sb = Sandbox::new();
    let file = sb.answers("I built a payments retry system.\n\nI would use a hash map.\n\n/end\n");
    let out = interview(&sb)
        .env("OPENAI_API_KEY", KEY)
        .args([
            "--agent",
            "openai",
            "--base-url",
            &fake.url,
            "--model",
            "fake-model",
            "--answers",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains(KEY) && !String::from_utf8_lossy(&out.stdout).contains(KEY));
    let events = json_lines(&out.stdout);
    let t = types(&events);
    assert_eq!(t[0], "session_started");
    assert_eq!(t.last(), Some(&"session_ended"));
    for want in [
        "llm_chunk",
        "assistant_complete",
        "agent_stats",
        "transcript",
    ] {
        assert!(t.contains(&want), "missing {want} in {t:?}");
    }
    assert!(!t.contains(&"error"), "{events:?}");
    let replies: Vec<&str> = events
        .iter()
        .filter(|e| e["type"] == "assistant_complete")
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        replies[0],
        "Hello Ada. Tell me about a project you are proud of."
    );
    // Greeting, answer, tool round, answer, closing.
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 5, "{reqs:?}");
    assert!(reqs[2].body.contains("\"role\":\"tool\""));
    let id = events[0]["session_id"].as_str().unwrap();
    let doc = sb.json(["sessions", "show", id]);
    assert_eq!(doc["status"], "completed");
}

#[test]
fn headless_interview_with_a_bedrock_agent() {
    let fake = FakeServer::bedrock(
        "AGENT12345",
        vec![
            BedrockReply::Chunks(s(&["Hello Ada. ", "Tell me about yourself."])),
            BedrockReply::Throttle,
            BedrockReply::ReturnControl {
                text: vec![],
                invocation_id: "inv-1".into(),
                action_group: "InterviewTools".into(),
                function: "evaluate_performance".into(),
                parameters: vec![],
            },
        ],
        BedrockReply::Chunks(s(&["Thank you. ", "Which part was hardest?"])),
    );
    let sb = Sandbox::new();
    let file = sb.answers("I build backends in Rust.\n\n/end\n");
    let out = interview(&sb)
        .env("AWS_ACCESS_KEY_ID", "AKIDCLITEST")
        .env("AWS_SECRET_ACCESS_KEY", "cli-test-secret")
        .env("AWS_REGION", "eu-west-1")
        .env("AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME", &fake.url)
        .env("BEDROCK_AGENT_ID", "AGENT12345")
        .args([
            "--agent",
            "bedrock",
            "--agent-alias-id",
            "TSTALIASID",
            "--answers",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("cli-test-secret"));
    let events = json_lines(&out.stdout);
    let t = types(&events);
    assert_eq!(t.last(), Some(&"session_ended"));
    assert!(!t.contains(&"error"), "{events:?}");
    assert!(t.contains(&"agent_stats"));
    let reqs = fake.requests();
    // Greeting; throttled, retried, tool round, reply; closing.
    assert_eq!(reqs.len(), 5, "{reqs:?}");
    assert!(reqs[3].body.contains("returnControlInvocationResults"));
    assert!(reqs[0]
        .authorization
        .as_deref()
        .unwrap_or("")
        .contains("/eu-west-1/bedrock/aws4_request"));
}

#[test]
fn a_failing_remote_agent_can_hand_over_to_the_local_one() {
    let fake = FakeServer::bedrock("AGENT12345", vec![], BedrockReply::Chunks(s(&["Hi."])));
    let sb = Sandbox::new();
    let file = sb.answers("/local\n\n/retry\n\nI build backends in Rust.\n\n/end\n");
    let out = interview(&sb)
        .env("AWS_ACCESS_KEY_ID", "AKIDCLITEST")
        .env("AWS_SECRET_ACCESS_KEY", "cli-test-secret")
        .env("AWS_REGION", "eu-west-1")
        .env("AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME", &fake.url)
        .args([
            "--agent",
            "bedrock",
            "--agent-id",
            "WRONGAGENT",
            "--agent-alias-id",
            "TSTALIASID",
        ])
        .arg("--answers")
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let events = json_lines(&out.stdout);
    let err = events
        .iter()
        .find(|e| e["type"] == "error")
        .expect("an error event");
    assert!(
        err["message"].as_str().unwrap().contains("WRONGAGENT"),
        "{err}"
    );
    assert!(
        stderr.contains("switched to the local interviewer"),
        "{stderr}"
    );
    let t = types(&events);
    assert!(
        t.iter().filter(|x| **x == "assistant_complete").count() >= 2,
        "{t:?}"
    );
    assert_eq!(t.last(), Some(&"session_ended"));
}

#[test]
fn missing_settings_are_bad_input() {
    let sb = Sandbox::new();
    let out = cmd(&sb).args(["agents", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[agents.openai]"));
    let out = interview(&sb)
        .args(["--agent", "bedrock"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("BEDROCK_AGENT_ID"));
}

#[test]
fn agents_check_reports_reachability_and_problems() {
    let fake = FakeServer::openai("fake-model", Some(KEY), vec![], OpenAiReply::Text(vec![]));
    let sb = Sandbox::new();
    let out = cmd(&sb)
        .env("OPENAI_API_KEY", KEY)
        .args([
            "agents",
            "check",
            "--agent",
            "openai",
            "--json",
            "--base-url",
            &fake.url,
        ])
        .args(["--model", "fake-model"])
        .output()
        .unwrap();
    let v = ok_json(&out);
    assert_eq!(v[0]["agent"], "openai");
    assert!(v[0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["ok"] == true));
    assert!(!String::from_utf8_lossy(&out.stdout).contains(KEY));

    // A wrong key fails (exit 1) and says what to set.
    let out = cmd(&sb)
        .env("OPENAI_API_KEY", "sk-wrong")
        .args([
            "agents",
            "check",
            "--agent",
            "openai",
            "--base-url",
            &fake.url,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("OPENAI_API_KEY"));

    // Bedrock from config.toml, pointed at its fake.
    let bed = FakeServer::bedrock("AGENT12345", vec![], BedrockReply::Chunks(vec![]));
    std::fs::create_dir_all(sb.config_dir()).unwrap();
    std::fs::write(
        sb.config_dir().join("config.toml"),
        "[agents.bedrock]\nagent_id = \"AGENT12345\"\nagent_alias_id = \"TSTALIASID\"\nregion = \"us-east-1\"\n",
    )
    .unwrap();
    let out = cmd(&sb)
        .env("AWS_ACCESS_KEY_ID", "AKIDCLITEST")
        .env("AWS_SECRET_ACCESS_KEY", "cli-test-secret")
        .env("AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME", &bed.url)
        .args(["agents", "check"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // No credentials: says how to provide them.
    let out = cmd(&sb)
        .env("AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME", &bed.url)
        .args(["agents", "check", "--agent", "bedrock"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("AWS_ACCESS_KEY_ID"));
}
