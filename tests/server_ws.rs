//! The interview WebSocket over real connections: a whole interview (typed
//! turns, a code submission run in the sandbox, end), reconnecting midway
//! without losing a message, protocol errors, and a headless interview run in
//! remote mode (`prepai --server`) against a `prepai serve` started here.
mod common;
mod server;

use common::{assert_ok, json_lines, types};
use serde_json::json;
use server::{ws_connect, ws_next, ws_send, ws_until, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_interview_over_the_websocket() {
    let srv = Server::start(&["--no-auth"]);
    let h = srv.http();
    let id = h.session("coding-round", "Ada").await;
    let mut ws = ws_connect(&srv.ws_url(&id, ""), None).await.unwrap();
    ws_send(&mut ws, json!({"type": "interview_ready"})).await;
    let greeting = ws_until(&mut ws, "assistant_complete").await;
    assert_eq!(types(&greeting)[0], "session_started");
    assert!(types(&greeting).contains(&"llm_chunk"));
    let mut question = None;
    let mut turns = 0;
    while question.is_none() {
        turns += 1;
        assert!(turns < 12, "no coding question was handed out");
        ws_send(
            &mut ws,
            json!({"type": "user_text", "text": "I would use a hash map to get constant-time lookups, then check edge cases."}),
        )
        .await;
        let msgs = ws_until(&mut ws, "assistant_complete").await;
        assert!(msgs
            .iter()
            .any(|m| m["type"] == "transcript" && m["role"] == "user"));
        question = msgs.into_iter().find(|m| m["type"] == "coding_question");
    }
    let q = question.unwrap();
    for key in ["question", "language", "testCases", "initialCode"] {
        assert!(!q[key].is_null(), "coding_question lacks {key}: {q}");
    }
    // The starter code fails the tests, but it runs, in the sandbox.
    ws_send(
        &mut ws,
        json!({"type": "code_submission", "code": q["initialCode"], "language": "python"}),
    )
    .await;
    let msgs = ws_until(&mut ws, "assistant_complete").await;
    let result = msgs
        .iter()
        .find(|m| m["type"] == "code_result")
        .expect("a code result");
    assert!(result["total"].as_u64().unwrap() > 0);
    // The original client's form: results it got from /api/code/execute.
    ws_send(
        &mut ws,
        json!({"type": "code_submission", "code": "x", "language": "python", "allTestsPassed": true,
               "testResults": [{"passed": true}], "executionTime": 12.0, "error": null}),
    )
    .await;
    let msgs = ws_until(&mut ws, "assistant_complete").await;
    assert!(msgs
        .iter()
        .any(|m| m["type"] == "code_result" && m["allTestsPassed"] == true));

    ws_send(&mut ws, json!({"type": "bogus"})).await;
    let e = ws_next(&mut ws).await;
    assert_eq!(e["type"], "error");
    ws_send(&mut ws, json!({"type": "speech_start"})).await;
    ws.send_binary(vec![0u8; 320]).await;
    ws_send(&mut ws, json!({"type": "speech_end"})).await;
    let e = ws_next(&mut ws).await;
    assert_eq!(e["type"], "error");
    assert!(e["message"].as_str().unwrap().contains("user_text"));

    ws_send(&mut ws, json!({"type": "end"})).await;
    let last = ws_until(&mut ws, "session_ended").await;
    assert!(types(&last).contains(&"assistant_complete"));

    let (s, t) = h.get(&format!("/api/interviews/{id}/transcript")).await;
    assert_eq!(s, 200);
    let transcript = t["transcript"].as_array().unwrap();
    assert!(transcript.iter().filter(|m| m["role"] == "user").count() >= turns);
    let (_, session) = h.get(&format!("/api/sessions/{id}")).await;
    assert_eq!(session["status"], "completed");
    let (s, end) = h
        .post(&format!("/api/interviews/{id}/end"), json!({}))
        .await;
    assert_eq!((s, end["status"].clone()), (200, json!("completed")));
    let (_, subs) = h.get(&format!("/api/code/{id}/submissions")).await;
    assert_eq!(subs["summary"]["total_submissions"], 1);
    let (s, r) = h
        .get(&format!("/api/interviews/{id}/performance-report"))
        .await;
    assert_eq!(s, 200, "{r}");
    assert!(
        !r["report"]["problems"].as_array().unwrap().is_empty(),
        "{r}"
    );
}

trait SendBinary {
    async fn send_binary(&mut self, b: Vec<u8>);
}

impl SendBinary for server::Ws {
    async fn send_binary(&mut self, b: Vec<u8>) {
        use futures_util::SinkExt;
        self.send(tokio_tungstenite::tungstenite::Message::Binary(b.into()))
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_connection_resumes_without_losing_a_message() {
    let srv = Server::start(&["--no-auth"]);
    let h = srv.http();
    let id = h.session("behavioral", "Ada").await;
    let url = srv.ws_url(&id, "");
    let mut ws = ws_connect(&url, None).await.unwrap();
    ws_send(&mut ws, json!({"type": "interview_ready"})).await;
    let mut seen = ws_until(&mut ws, "assistant_complete").await;
    // Answer, then drop the connection before reading the reply.
    ws_send(&mut ws, json!({"type": "user_text", "text": "I led a migration to Rust and mentored two engineers."})).await;
    drop(ws);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    // A client that counts what it received resumes exactly after it.
    let mut ws = ws_connect(&srv.ws_url(&id, &format!("?from={}", seen.len())), None)
        .await
        .unwrap();
    let reply = ws_until(&mut ws, "assistant_complete").await;
    assert_eq!(reply[0]["type"], "transcript", "{reply:?}");
    assert!(reply[0]["text"]
        .as_str()
        .unwrap()
        .contains("migration to Rust"));
    seen.extend(reply);
    ws_send(
        &mut ws,
        json!({"type": "user_text", "text": "We cut latency by half."}),
    )
    .await;
    let more = ws_until(&mut ws, "assistant_complete").await;
    seen.extend(more);
    drop(ws);

    // A client that knows nothing (the original web client) gets what was not
    // yet delivered; `from=0` replays everything, in the same order.
    let mut ws = ws_connect(&srv.ws_url(&id, "?from=0"), None).await.unwrap();
    let mut replay = Vec::new();
    for _ in 0..seen.len() {
        replay.push(ws_next(&mut ws).await);
    }
    assert_eq!(replay, seen);
    ws_send(&mut ws, json!({"type": "end"})).await;
    ws_until(&mut ws, "session_ended").await;
    let (_, t) = h.get(&format!("/api/interviews/{id}/transcript")).await;
    let users: Vec<&str> = t["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "user")
        .map(|m| m["content"].as_str().unwrap())
        .collect();
    assert_eq!(users.len(), 2, "{users:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_connection_takes_the_interview_over() {
    let srv = Server::start(&["--no-auth"]);
    let id = srv.http().session("behavioral", "Ada").await;
    let url = srv.ws_url(&id, "");
    let mut first = ws_connect(&url, None).await.unwrap();
    ws_send(&mut first, json!({"type": "interview_ready"})).await;
    ws_until(&mut first, "assistant_complete").await;
    let mut second = ws_connect(&url, None).await.unwrap();
    ws_send(
        &mut second,
        json!({"type": "user_text", "text": "Hello there."}),
    )
    .await;
    let msgs = ws_until(&mut second, "assistant_complete").await;
    assert_eq!(msgs[0]["type"], "transcript");
    // The first connection is closed by the server.
    use futures_util::StreamExt;
    let closed = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            match first.next().await {
                None | Some(Err(_)) => return,
                Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_))) => return,
                Some(Ok(_)) => {}
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the older connection stayed open");
}

#[test]
fn headless_interview_in_remote_mode() {
    let sb = common::Sandbox::new();
    let token = Server::token(&sb);
    let srv = Server::start_in(sb, &[]);
    let client = common::Sandbox::new();
    let answers = client.answers(
        "I built a payments service in Rust.\n\nI would profile first, then cache.\n\n/end\n",
    );
    let out = client
        .headless("behavioral", "Ada")
        .env("PREPAI_SERVER", &srv.url)
        .env("PREPAI_TOKEN", &token)
        .arg("--json")
        .arg("--answers")
        .arg(&answers)
        .output()
        .unwrap();
    assert_ok(&out);
    let events = json_lines(&out.stdout);
    assert_eq!(events[0]["type"], "session_started");
    assert_eq!(events.last().unwrap()["type"], "session_ended");
    let said: Vec<&str> = events
        .iter()
        .filter(|e| e["type"] == "transcript")
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        said,
        [
            "I built a payments service in Rust.",
            "I would profile first, then cache."
        ]
    );
    // Nothing was stored on the client's side; the server has it all.
    assert!(!client.db().exists());
    let id = events[0]["session_id"].as_str().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (s, t) = rt.block_on(
        srv.http()
            .with_token(&token)
            .get(&format!("/api/interviews/{id}/transcript")),
    );
    assert_eq!(s, 200);
    assert_eq!(
        t["transcript"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["role"] == "user")
            .count(),
        2
    );

    // Without the token, the remote interview is refused with a clear message.
    let out = client
        .headless("behavioral", "Ada")
        .env("PREPAI_SERVER", &srv.url)
        .arg("--answers")
        .arg(&answers)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("token"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interview_left_without_a_connection_is_evicted() {
    // 0.03 minutes: 1.8 s without a WebSocket.
    let srv = Server::start(&["--no-auth", "--idle-minutes", "0.03"]);
    let h = srv.http();
    let id = h.session("behavioral", "Ada").await;
    let url = srv.ws_url(&id, "");
    let mut ws = ws_connect(&url, None).await.unwrap();
    ws_send(&mut ws, json!({"type": "interview_ready"})).await;
    ws_until(&mut ws, "assistant_complete").await;
    // An attached connection keeps it alive however long it is quiet.
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    ws_send(
        &mut ws,
        json!({"type": "user_text", "text": "I led a migration to Rust."}),
    )
    .await;
    let reply = ws_until(&mut ws, "assistant_complete").await;
    assert_eq!(reply[0]["type"], "transcript", "{reply:?}");
    drop(ws);

    // Without one it is stopped; its transcript stays in the store, and a new
    // connection is told that the session cannot be continued.
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    let mut ws = ws_connect(&srv.ws_url(&id, "?from=0"), None).await.unwrap();
    ws_send(&mut ws, json!({"type": "interview_ready"})).await;
    let err = ws_next(&mut ws).await;
    assert_eq!(err["type"], "error", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("already has a transcript"),
        "{err}"
    );
    let (status, ended) = h
        .post(&format!("/api/interviews/{id}/end"), json!({}))
        .await;
    assert_eq!(
        (status, ended["status"].as_str()),
        (200, Some("completed")),
        "{ended}"
    );
    let (_, t) = h.get(&format!("/api/interviews/{id}/transcript")).await;
    let users = t["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "user")
        .count();
    assert_eq!(users, 1, "{t}");
}

#[test]
fn the_idle_time_must_be_positive() {
    let sb = common::Sandbox::new();
    for bad in ["0", "-1", "NaN"] {
        let out = sb
            .cmd()
            .args(["serve", "--no-auth", "--addr", "127.0.0.1:0"])
            .arg(format!("--idle-minutes={bad}"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--idle-minutes"),
            "{bad}"
        );
    }
}
