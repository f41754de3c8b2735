//! The typed REST client against a server on a loopback port: each call
//! returns what the store holds, deserialised into the core types.

use std::sync::Arc;

use prepai_core::agent::local::LocalInterviewer;
use prepai_core::bank::QuestionBank;
use prepai_core::runtime::Services;
use prepai_core::submissions::NewSubmission;
use prepai_core::{evaluate, NewSession, Role, SqliteStore, Store, TypeRegistry};
use prepai_sandbox::{Limits, SandboxMode};
use prepai_server::client::{ClientError, RemoteClient};
use prepai_server::client_api::SessionQuery;
use prepai_server::{AppState, Cors, Engine, ServerLimits};
use serde_json::json;
use uuid::Uuid;

struct Fixture {
    _dir: tempfile::TempDir,
    store: Arc<SqliteStore>,
    client: RemoteClient,
    done: Uuid,
    active: Uuid,
}

/// A server over a fresh store holding one completed session (with a code
/// run) and one active session.
async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let new = |name: &str| NewSession {
        interview_type: "google_sde".into(),
        candidate_name: name.into(),
    };
    let done = store
        .create_session(&new("Ada Lovelace"))
        .unwrap()
        .session_id;
    store
        .append_message(done, Role::Assistant, "Tell me about a hash map.")
        .unwrap();
    store
        .append_message(
            done,
            Role::User,
            "A hash map stores key value pairs in buckets chosen by hashing the key, \
             giving O(1) average lookups; collisions are chained or probed.",
        )
        .unwrap();
    store
        .add_submission(
            done,
            &NewSubmission {
                language: "python".into(),
                problem_id: Some("two_sum".into()),
                all_passed: true,
                execution_ms: 12.0,
                quality_score: Some(8.5),
                cyclomatic: Some(2.0),
                lines_of_code: Some(6),
                // The fields `code::run_code` records, as it records them.
                body: json!({
                    "language": "python",
                    "problemId": "two_sum",
                    "allTestsPassed": true,
                    "executionTime": 12.0,
                    "qualityMetrics": {"qualityScore": 8.5, "cyclomaticComplexity": 2, "linesOfCode": 6},
                }),
            },
        )
        .unwrap();
    store.end_session(done).unwrap();
    let active = store
        .create_session(&new("Grace Hopper"))
        .unwrap()
        .session_id;

    let bank = Arc::new(QuestionBank::builtin());
    let services = Services {
        kb: None,
        problems: Arc::new(Vec::new()),
        runner: None,
        bank: bank.clone(),
    };
    let engine = Engine {
        services,
        limits: Limits::default(),
        mode: SandboxMode::Isolated,
        agent: Box::new(move |ty| Ok(Box::new(LocalInterviewer::new(ty, &bank, Vec::new(), 1)))),
    };
    let state = AppState::new(
        store.clone(),
        TypeRegistry::builtin(),
        engine,
        None,
        ServerLimits::default(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        prepai_server::serve(listener, state, &Cors::default())
            .await
            .unwrap()
    });
    Fixture {
        client: RemoteClient::new(&url, None).unwrap(),
        _dir: dir,
        store,
        done,
        active,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_and_transcripts_match_the_store() {
    let f = fixture().await;
    let all = f
        .client
        .list_sessions(&SessionQuery::default())
        .await
        .unwrap();
    let local = f.store.list_sessions(&Default::default()).unwrap();
    assert_eq!(all, local);
    let completed = f
        .client
        .list_sessions(&SessionQuery {
            status: Some("completed".into()),
            ..SessionQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(completed.len(), 1);
    assert_eq!(completed[0].session_id, f.done);

    assert_eq!(
        f.client.session(f.done).await.unwrap(),
        f.store.session(f.done).unwrap()
    );
    assert_eq!(
        f.client.transcript(f.done).await.unwrap(),
        f.store.transcript(f.done).unwrap()
    );
    let prefix = &f.active.to_string()[..8];
    assert_eq!(f.client.resolve_session_id(prefix).await.unwrap(), f.active);
    let missing = f.client.session(Uuid::new_v4()).await.unwrap_err();
    assert!(
        matches!(missing, ClientError::Api { status: 404, .. }),
        "{missing}"
    );
    // As locally: an unknown session is a failure (exit 1), not bad input.
    assert!(!missing.is_bad_input());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ending_and_reporting_match_the_local_evaluation() {
    let f = fixture().await;
    let early = f.client.performance_report(f.active).await.unwrap_err();
    assert!(
        matches!(early, ClientError::Api { status: 400, .. }),
        "{early}"
    );

    let ended = f.client.end_session(f.active).await.unwrap();
    assert_eq!(
        (ended.session_id, ended.status.as_str()),
        (f.active, "completed")
    );
    assert_eq!(
        ended.report_url,
        format!("/api/interviews/{}/performance-report", f.active)
    );

    let remote = f.client.performance_report(f.done).await.unwrap();
    let local = evaluate::report_for(
        f.store.as_ref(),
        f.done,
        &TypeRegistry::builtin(),
        &QuestionBank::builtin(),
    )
    .unwrap();
    assert_eq!(remote, local);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_runs_and_analytics_match_the_store() {
    let f = fixture().await;
    let subs = f.client.submissions(f.done).await.unwrap();
    assert_eq!(subs.session_id, f.done);
    assert_eq!(subs.submissions.len(), 1);
    assert_eq!(subs.summary.total_submissions, 1);
    assert!(subs.submissions[0]["submissionId"].is_string());
    let local_subs = f.store.submissions(f.done).unwrap();
    assert_eq!(subs.records().unwrap(), local_subs);
    let quality = f.client.quality_summary(f.done).await.unwrap();
    assert_eq!(
        quality,
        prepai_core::submissions::QualitySummary::of(&local_subs)
    );
    let bad = f
        .client
        .execute(&json!({"code": "x", "language": "cobol", "testCases": []}))
        .await
        .unwrap_err();
    assert!(matches!(bad, ClientError::Api { status: 400, .. }), "{bad}");

    // A report exists once one is asked for.
    f.client.performance_report(f.done).await.unwrap();
    assert_eq!(
        f.client.aggregate().await.unwrap(),
        f.store.aggregate().unwrap()
    );
    assert_eq!(
        f.client.benchmarks("google-sde").await.unwrap(),
        f.store.benchmarks("google_sde").unwrap()
    );
    let trends = f.client.trends(7).await.unwrap();
    assert_eq!(trends.sample_size, 1);
    assert_eq!(
        f.client.history("ada lovelace").await.unwrap(),
        f.store.history("ada lovelace").unwrap()
    );
    let unknown = f.client.benchmarks("no such type").await.unwrap_err();
    assert!(
        matches!(unknown, ClientError::Api { status: 400, .. }),
        "{unknown}"
    );
}
