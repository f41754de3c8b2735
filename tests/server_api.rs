//! `prepai serve` over real HTTP on loopback: every REST route with its
//! success and error cases, tokens, per-token sessions and rate limits.
mod common;
mod server;

use serde_json::json;
use server::{ws_connect, Server};

const TWO_SUM: &str = "def solution(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_openapi_and_unknown_routes() {
    let srv = Server::start(&["--no-auth"]);
    let h = srv.http();
    for path in ["/", "/health"] {
        let (s, v) = h.get(path).await;
        assert_eq!(s, 200);
        assert_eq!(v, json!({"status": "healthy", "service": "prepai-backend"}));
    }
    let (s, doc) = h.get("/openapi.json").await;
    assert_eq!(s, 200);
    for path in [
        "/api/sessions",
        "/api/sessions/list",
        "/api/interviews/{id}/upload-cv",
        "/api/code/execute",
        "/api/code/{sid}/quality-summary",
        "/ws/interview/{id}",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
    let (s, v) = h.get("/api/nothing").await;
    assert_eq!(s, 404);
    assert!(v["detail"].is_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_routes_and_their_errors() {
    let srv = Server::start(&["--no-auth"]);
    let h = srv.http();
    let (s, created) = h
        .post(
            "/api/sessions",
            json!({"interview_type": "google-sde", "candidate_name": "Ada"}),
        )
        .await;
    assert_eq!(s, 201);
    assert_eq!(created["interview_type"], "google_sde");
    assert_eq!(created["candidate_name"], "Ada");
    assert_eq!(created["status"], "active");
    assert!(created["created_at"].is_string());
    let id = created["session_id"].as_str().unwrap();
    let (s, alias) = h
        .post(
            "/api/sessions/create",
            json!({"interview_type": "behavioral", "candidate_name": "Grace"}),
        )
        .await;
    assert_eq!(s, 201);
    let (s, got) = h.get(&format!("/api/sessions/{id}")).await;
    assert_eq!(s, 200);
    assert_eq!(got["session_id"], id);
    let (s, list) = h.get("/api/sessions/list").await;
    assert_eq!(s, 200);
    assert_eq!(list["count"], 2);
    let (_, filtered) = h
        .get("/api/sessions/list?type=behavioral&status=active")
        .await;
    assert_eq!(filtered["count"], 1);
    assert_eq!(filtered["sessions"][0]["session_id"], alias["session_id"]);
    let (s, plain) = h.get("/api/sessions?limit=1").await;
    assert_eq!((s, plain["count"].clone()), (200, json!(1)));

    let bad = [
        json!({"interview_type": "poetry", "candidate_name": "Ada"}),
        json!({"interview_type": "google-sde", "candidate_name": "  "}),
        json!({"interview_type": "google-sde"}),
    ];
    for body in bad {
        let (s, v) = h.post("/api/sessions", body.clone()).await;
        assert_eq!(s, 400, "{body} → {v}");
        assert!(v["detail"].as_str().unwrap().len() > 5);
    }
    let (s, _) = h
        .post_raw("/api/sessions", b"{not json".to_vec(), "application/json")
        .await;
    assert_eq!(s, 400);
    let (s, _) = h.get("/api/sessions/list?status=sleeping").await;
    assert_eq!(s, 400);
    let big = vec![b' '; (1 << 20) + 100_000];
    let (s, _) = h.post_raw("/api/sessions", big, "application/json").await;
    assert_eq!(s, 413);
    for missing in ["00000000-0000-4000-8000-000000000000", "not-a-uuid"] {
        let (s, v) = h.get(&format!("/api/sessions/{missing}")).await;
        assert_eq!(s, 404, "{v}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interview_routes_transcript_cv_and_end() {
    let srv = Server::start(&["--no-auth", "--max-upload-mib", "1"]);
    let h = srv.http();
    let id = h.session("behavioral", "Ada").await;
    let base = format!("/api/interviews/{id}");
    let (s, t) = h.get(&format!("{base}/transcript")).await;
    assert_eq!(s, 200);
    assert_eq!(t, json!({"session_id": id, "transcript": []}));

    let (s, v) = h.get(&format!("{base}/cv-analysis")).await;
    assert_eq!(s, 404, "{v}");
    let cv = "Ada Lovelace\nada@example.com\n\nExperience\nSenior Engineer, Analytical Engines Ltd\nJan 2019 - Present\nBuilt Rust and Python services on AWS.\n\nSkills\nRust, Python, Kubernetes\n";
    let (s, up) = h
        .upload(&format!("{base}/upload-cv"), "ada.txt", cv.into())
        .await;
    assert_eq!(s, 200, "{up}");
    assert_eq!(up["success"], true);
    assert_eq!(up["analysis"]["email"], "ada@example.com");
    let (s, got) = h.get(&format!("{base}/cv-analysis")).await;
    assert_eq!(s, 200);
    assert_eq!(got["filename"], "ada.txt");
    assert_eq!(got["analysis"], up["analysis"]);

    let (s, v) = h
        .upload(&format!("{base}/upload-cv"), "cv.exe", b"MZ".to_vec())
        .await;
    assert_eq!(s, 400, "{v}");
    let (s, v) = h
        .upload(
            &format!("{base}/upload-cv"),
            "empty.pdf",
            b"not a pdf".to_vec(),
        )
        .await;
    assert_eq!(s, 400, "{v}");
    let (s, _) = h
        .upload(
            &format!("{base}/upload-cv"),
            "big.txt",
            vec![b'a'; (1 << 20) + 100_000],
        )
        .await;
    assert_eq!(s, 413);
    let (s, _) = h
        .post_raw(&format!("{base}/upload-cv"), b"x".to_vec(), "text/plain")
        .await;
    assert_eq!(s, 400);

    let (s, end) = h.post(&format!("{base}/end"), json!({})).await;
    assert_eq!(s, 200, "{end}");
    assert_eq!(end["status"], "completed");
    assert_eq!(
        end["report_url"],
        format!("/api/interviews/{id}/performance-report")
    );
    let (s, again) = h.post(&format!("{base}/end"), json!({})).await;
    assert_eq!((s, again["status"].clone()), (200, json!("completed")));
    let (_, session) = h.get(&format!("/api/sessions/{id}")).await;
    assert!(session["ended_at"].is_string());

    let nobody = "/api/interviews/00000000-0000-4000-8000-000000000000";
    for path in ["transcript", "cv-analysis"] {
        assert_eq!(h.get(&format!("{nobody}/{path}")).await.0, 404);
    }
    assert_eq!(h.post(&format!("{nobody}/end"), json!({})).await.0, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_routes_run_record_and_summarise() {
    let srv = Server::start(&["--no-auth"]);
    let h = srv.http();
    let id = h.session("coding-round", "Ada").await;
    let (s, run) = h
        .post(
            "/api/code/execute",
            json!({
                "sessionId": id,
                "code": TWO_SUM,
                "language": "python",
                "testCases": [
                    {"input": "[[2,7,11,15],9]", "expected": "[0, 1]"},
                    {"input": "[[3,2,4],6]", "expected": "[1, 2]"}
                ]
            }),
        )
        .await;
    assert_eq!(s, 200, "{run}");
    assert_eq!(run["success"], true);
    assert_eq!(run["allTestsPassed"], true);
    assert_eq!(run["testResults"].as_array().unwrap().len(), 2);
    assert!(
        run["qualityMetrics"]["quality_score"].is_number() || run["qualityMetrics"].is_object()
    );
    let sub_id = run["submissionId"].as_str().unwrap().to_string();

    let (s, wrong) = h
        .post(
            "/api/code/execute",
            json!({"sessionId": id, "code": "def two_sum(nums, target):\n    return [0, 0]\n",
                   "language": "python", "problemId": "two_sum"}),
        )
        .await;
    assert_eq!(s, 200, "{wrong}");
    assert_eq!(wrong["allTestsPassed"], false);
    assert_eq!(wrong["verdict"], "wrong_answer");

    let (s, subs) = h.get(&format!("/api/code/{id}/submissions")).await;
    assert_eq!(s, 200);
    assert_eq!(subs["success"], true);
    assert_eq!(subs["summary"]["total_submissions"], 2);
    assert_eq!(subs["summary"]["pass_rate"], 50.0);
    assert_eq!(subs["summary"]["first_attempt_success"], true);
    let (s, one) = h.get(&format!("/api/code/{id}/submissions/{sub_id}")).await;
    assert_eq!(s, 200);
    assert_eq!(one["submission"]["submissionId"], sub_id.as_str());
    assert_eq!(one["submission"]["code"], TWO_SUM);
    let (s, _) = h.get(&format!("/api/code/{id}/submissions/nope")).await;
    assert_eq!(s, 404);
    let (s, q) = h.get(&format!("/api/code/{id}/quality-summary")).await;
    assert_eq!(s, 200);
    assert_eq!(q["hasSubmissions"], true);
    assert_eq!(q["totalSubmissions"], 2);
    assert!(q["averageQualityScore"].is_number());

    let bad = [
        json!({"code": TWO_SUM, "language": "cobol", "testCases": []}),
        json!({"code": TWO_SUM, "language": "python"}),
        json!({"code": TWO_SUM, "language": "python", "testCases": [{"input": "[[1", "expected": "1"}]}),
        json!({"code": TWO_SUM, "language": "python", "problemId": "no_such_problem"}),
        json!({"language": "python", "testCases": []}),
    ];
    for body in bad {
        let (s, v) = h.post("/api/code/execute", body.clone()).await;
        assert_eq!(s, 400, "{body} → {v}");
    }
    let (s, _) = h
        .post(
            "/api/code/execute",
            json!({"sessionId": "00000000-0000-4000-8000-000000000000", "code": TWO_SUM,
                   "language": "python", "problemId": "two_sum"}),
        )
        .await;
    assert_eq!(s, 404);
    let (s, _) = h
        .get("/api/code/00000000-0000-4000-8000-000000000000/submissions")
        .await;
    assert_eq!(s, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_are_required_and_see_only_their_own_sessions() {
    let sb = common::Sandbox::new();
    let a = Server::token(&sb);
    let b = Server::token(&sb);
    let srv = Server::start_in(sb, &[]);
    let anon = srv.http();
    let (s, v) = anon.get("/api/sessions/list").await;
    assert_eq!(s, 401);
    assert!(v["detail"].as_str().unwrap().contains("token"));
    assert!(!v.to_string().contains(&a));
    assert_eq!(
        anon.with_token("prepai_forged")
            .get("/api/sessions/list")
            .await
            .0,
        401
    );
    assert_eq!(anon.get("/health").await.0, 200);

    let ha = anon.with_token(&a);
    let hb = anon.with_token(&b);
    let id = ha.session("google-sde", "Ada").await;
    assert_eq!(ha.get(&format!("/api/sessions/{id}")).await.0, 200);
    let (s, v) = hb.get(&format!("/api/sessions/{id}")).await;
    assert_eq!(s, 403, "{v}");
    assert_eq!(
        hb.get(&format!("/api/interviews/{id}/transcript")).await.0,
        403
    );
    assert_eq!(
        hb.post(&format!("/api/interviews/{id}/end"), json!({}))
            .await
            .0,
        403
    );
    assert_eq!(hb.get(&format!("/api/code/{id}/submissions")).await.0, 403);
    assert_eq!(ha.get("/api/sessions/list").await.1["count"], 1);
    assert_eq!(hb.get("/api/sessions/list").await.1["count"], 0);
    let history = "/api/analytics/candidate/Ada/history";
    assert_eq!(ha.get(history).await.1["total_interviews"], 1);
    assert_eq!(hb.get(history).await.1["total_interviews"], 0);

    let ws = srv.ws_url(&id, "");
    assert_eq!(ws_connect(&ws, None).await.err(), Some(401));
    assert_eq!(ws_connect(&ws, Some(&b)).await.err(), Some(403));
    assert!(ws_connect(&ws, Some(&a)).await.is_ok());
    assert!(ws_connect(&srv.ws_url(&id, &format!("?token={a}")), None)
        .await
        .is_ok());

    let list = srv.sb.json(["tokens", "list"]);
    let id_b = list[1]["id"].as_str().unwrap().to_string();
    assert!(
        !list.to_string().contains(&b),
        "listing must not show secrets"
    );
    srv.sb.json(["tokens", "revoke", &id_b]);
    assert_eq!(hb.get("/api/sessions/list").await.0, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_over_the_rate_get_429() {
    let sb = common::Sandbox::new();
    let a = Server::token(&sb);
    let b = Server::token(&sb);
    let srv = Server::start_in(sb, &["--rate-per-second", "1", "--rate-burst", "3"]);
    let ha = srv.http().with_token(&a);
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(ha.get("/api/sessions/list").await.0);
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    assert_eq!(statuses[0], 200);
    let resp = reqwest::Client::new()
        .get(format!("{}/api/sessions/list", srv.url))
        .bearer_auth(&a)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 429);
    assert!(resp.headers().contains_key("retry-after"));
    // Another token has its own allowance.
    assert_eq!(
        srv.http().with_token(&b).get("/api/sessions/list").await.0,
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn performance_report_and_analytics_routes() {
    let srv = Server::start(&["--no-auth"]);
    let h = srv.http();
    let id = h.session("google-sde", "Ada Lovelace").await;
    let report = format!("/api/interviews/{id}/performance-report");
    let (s, v) = h.get(&report).await;
    assert_eq!(s, 400, "an active session has no report: {v}");
    assert_eq!(
        h.post(&format!("/api/interviews/{id}/end"), json!({}))
            .await
            .0,
        200
    );
    let (s, r) = h.get(&report).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["success"], true);
    assert_eq!(r["report_url"], report.as_str());
    assert_eq!(r["report"]["sessionId"], id.as_str());
    assert!(r["report"]["overallScore"].is_number());
    assert!(r["report"]["recommendation"].is_string());
    let md = reqwest::get(format!("{}{report}?format=md", srv.url))
        .await
        .unwrap();
    assert!(md.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/markdown"));
    assert!(md.text().await.unwrap().contains("Ada Lovelace"));
    let pdf = reqwest::get(format!("{}{report}?format=pdf", srv.url))
        .await
        .unwrap();
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    assert_eq!(h.get(&format!("{report}?format=doc")).await.0, 400);
    assert_eq!(
        h.get("/api/interviews/00000000-0000-4000-8000-000000000000/performance-report")
            .await
            .0,
        404
    );

    let (s, a) = h.get("/api/analytics/aggregate").await;
    assert_eq!(s, 200);
    assert_eq!(a["total_interviews"], 1);
    assert_eq!(a["completed_interviews"], 1);
    let (s, b) = h.get("/api/analytics/benchmarks/google-sde").await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["sample_size"], 1);
    assert_eq!(h.get("/api/analytics/benchmarks/poetry").await.0, 400);
    let (s, t) = h.get("/api/analytics/trends?days=7").await;
    assert_eq!(s, 200, "{t}");
    assert!(t["trend"].is_string());
    assert_eq!(h.get("/api/analytics/trends?days=0").await.0, 400);
    assert_eq!(h.get("/api/analytics/trends?days=abc").await.0, 400);
    let (s, hist) = h
        .get("/api/analytics/candidate/ada%20lovelace/history")
        .await;
    assert_eq!(s, 200, "{hist}");
    assert_eq!(hist["total_interviews"], 1);
    assert_eq!(hist["sessions"][0]["session_id"], id.as_str());
}
