//! A load-test client for `prepai serve` (see scripts/load-test.sh).
//!
//! ```text
//! loadtest URL SCENARIO [N] [SECONDS]
//!   create      N workers POST /api/sessions for SECONDS; requests/s and latency
//!   execute     N workers POST /api/code/execute (two tests) for SECONDS
//!   idle-ws     N WebSocket connections (one session each) held for SECONDS, then pinged
//!   interviews  N interviews at once over the WebSocket: greeting, 3 typed turns, end
//! ```
//! Set PREPAI_TOKEN for a server with auth, and SERVER_PID to report the
//! server's resident memory under load.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

const TWO_SUM: &str = "def solution(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n";

struct Ctx {
    url: String,
    token: Option<String>,
    http: reqwest::Client,
}

impl Ctx {
    fn post(&self, path: &str, body: &Value) -> reqwest::RequestBuilder {
        let r = self.http.post(format!("{}{path}", self.url)).json(body);
        match &self.token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    async fn session(&self) -> Result<String, String> {
        let body = json!({"interview_type": "behavioral", "candidate_name": "Load"});
        let resp = self
            .post("/api/sessions", &body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !resp.status().is_success() {
            return Err(format!("status {}", resp.status()));
        }
        let v: Value = resp.json().await.map_err(|e| e.to_string())?;
        Ok(v["session_id"].as_str().unwrap_or_default().to_string())
    }

    async fn ws(&self, session: &str) -> Result<Ws, String> {
        let url = format!(
            "{}/ws/interview/{session}",
            self.url.replacen("http", "ws", 1)
        );
        let mut req = url.into_client_request().map_err(|e| e.to_string())?;
        if let Some(t) = &self.token {
            req.headers_mut().insert(
                "authorization",
                format!("Bearer {t}").parse().map_err(|_| "token")?,
            );
        }
        let (ws, _) = tokio_tungstenite::connect_async(req)
            .await
            .map_err(|e| e.to_string())?;
        Ok(ws)
    }
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The server's resident memory in KiB, when SERVER_PID names it.
fn server_rss_kib() -> Option<u64> {
    let pid = std::env::var("SERVER_PID").ok()?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
}

/// `; server RSS N MiB` for a reading, or nothing.
fn show_rss(kib: Option<u64>) -> String {
    kib.map(|kb| format!("; server RSS {} MiB", kb / 1024))
        .unwrap_or_default()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn report(name: &str, mut lat: Vec<f64>, errors: usize, elapsed: Duration) {
    lat.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{name}: {} ok, {errors} errors in {:.1} s = {:.0} req/s; latency ms p50 {:.1} p90 {:.1} p99 {:.1} max {:.1}",
        lat.len(),
        elapsed.as_secs_f64(),
        lat.len() as f64 / elapsed.as_secs_f64(),
        percentile(&lat, 0.5),
        percentile(&lat, 0.9),
        percentile(&lat, 0.99),
        lat.last().copied().unwrap_or(0.0)
    );
}

async fn rest(ctx: Arc<Ctx>, workers: usize, seconds: u64, execute: bool) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let errors = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..workers {
        let (ctx, errors) = (ctx.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let (path, body) = if execute {
                (
                    "/api/code/execute",
                    json!({"code": TWO_SUM, "language": "python",
                    "testCases": [{"input": "[[2,7,11,15],9]", "expected": "[0, 1]"},
                                  {"input": "[[3,2,4],6]", "expected": "[1, 2]"}]}),
                )
            } else {
                (
                    "/api/sessions",
                    json!({"interview_type": "google-sde", "candidate_name": "Load"}),
                )
            };
            while Instant::now() < deadline {
                let t = Instant::now();
                match ctx.post(path, &body).send().await {
                    Ok(r) if r.status().is_success() => {
                        let ok = !execute
                            || r.json::<Value>()
                                .await
                                .map(|v| v["allTestsPassed"] == true)
                                .unwrap_or(false);
                        if ok {
                            lat.push(t.elapsed().as_secs_f64() * 1000.0);
                        } else {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    _ => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            lat
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap_or_default());
    }
    let name = if execute {
        "POST /api/code/execute"
    } else {
        "POST /api/sessions"
    };
    report(
        &format!("{name} x{workers}"),
        all,
        errors.load(Ordering::Relaxed),
        started.elapsed(),
    );
}

async fn idle_ws(ctx: Arc<Ctx>, n: usize, seconds: u64) {
    let started = Instant::now();
    let gate = Arc::new(tokio::sync::Semaphore::new(256));
    let mut tasks = Vec::new();
    for _ in 0..n {
        let (ctx, gate) = (ctx.clone(), gate.clone());
        tasks.push(tokio::spawn(async move {
            let permit = gate.acquire_owned().await.ok()?;
            let id = ctx.session().await.ok()?;
            let ws = ctx.ws(&id).await.ok()?;
            drop(permit);
            Some(ws)
        }));
    }
    let mut sockets = Vec::new();
    for t in tasks {
        if let Ok(Some(ws)) = t.await {
            sockets.push(ws);
        }
    }
    println!(
        "idle-ws: {} of {n} connections open after {:.1} s{}; holding {seconds} s",
        sockets.len(),
        started.elapsed().as_secs_f64(),
        show_rss(server_rss_kib())
    );
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    let ping = json!({"type": "ping"}).to_string();
    let mut alive = 0;
    let t = Instant::now();
    let mut checks = Vec::new();
    for mut ws in sockets {
        let ping = ping.clone();
        checks.push(tokio::spawn(async move {
            ws.send(Message::Text(ping.into())).await.ok()?;
            let msg = tokio::time::timeout(Duration::from_secs(30), ws.next())
                .await
                .ok()??
                .ok()?;
            let _ = ws.close(None).await;
            matches!(msg, Message::Text(ref t) if t.as_str().contains("pong")).then_some(())
        }));
    }
    for c in checks {
        if let Ok(Some(())) = c.await {
            alive += 1;
        }
    }
    println!(
        "idle-ws: {alive} of {n} answered a ping after the hold ({:.1} s to check all)",
        t.elapsed().as_secs_f64()
    );
}

async fn until(ws: &mut Ws, kind: &str) -> Result<(), String> {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(120), ws.next())
            .await
            .map_err(|_| "timeout")?
            .ok_or("closed")?
            .map_err(|e| e.to_string())?;
        if let Message::Text(t) = msg {
            let v: Value = serde_json::from_str(t.as_str()).map_err(|e| e.to_string())?;
            if v["type"] == kind {
                return Ok(());
            }
        }
    }
}

async fn one_interview(
    ctx: Arc<Ctx>,
    turn_lat: Arc<std::sync::Mutex<Vec<f64>>>,
    gate: Arc<tokio::sync::Semaphore>,
    live: Arc<(AtomicUsize, AtomicUsize)>,
) -> Result<(), String> {
    // Connections open a few hundred at a time; the interviews then run together.
    let permit = gate.acquire_owned().await.map_err(|e| e.to_string())?;
    let id = ctx.session().await?;
    let mut ws = ctx.ws(&id).await?;
    drop(permit);
    let now = live.0.fetch_add(1, Ordering::SeqCst) + 1;
    live.1.fetch_max(now, Ordering::SeqCst);
    let result = converse(&mut ws, &turn_lat).await;
    live.0.fetch_sub(1, Ordering::SeqCst);
    result
}

async fn converse(ws: &mut Ws, turn_lat: &std::sync::Mutex<Vec<f64>>) -> Result<(), String> {
    let send = |v: Value| Message::Text(v.to_string().into());
    ws.send(send(json!({"type": "interview_ready"})))
        .await
        .map_err(|e| e.to_string())?;
    until(ws, "assistant_complete").await?;
    for answer in [
        "I led the migration of our billing system to an event-driven design.",
        "The hardest part was keeping two systems consistent during the cut-over.",
        "I would measure first, then fix the slowest query and add a cache.",
    ] {
        let t = Instant::now();
        ws.send(send(json!({"type": "user_text", "text": answer})))
            .await
            .map_err(|e| e.to_string())?;
        until(ws, "assistant_complete").await?;
        turn_lat
            .lock()
            .unwrap()
            .push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ws.send(send(json!({"type": "end"})))
        .await
        .map_err(|e| e.to_string())?;
    until(ws, "session_ended").await?;
    Ok(())
}

async fn interviews(ctx: Arc<Ctx>, n: usize) {
    let started = Instant::now();
    let lat = Arc::new(std::sync::Mutex::new(Vec::new()));
    let gate = Arc::new(tokio::sync::Semaphore::new(256));
    let live = Arc::new((AtomicUsize::new(0), AtomicUsize::new(0)));
    let mut tasks = Vec::new();
    for _ in 0..n {
        let (ctx, lat, gate, live) = (ctx.clone(), lat.clone(), gate.clone(), live.clone());
        tasks.push(tokio::spawn(one_interview(ctx, lat, gate, live)));
    }
    let peak = Arc::new(AtomicUsize::new(0));
    let sampler = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(200)).await;
                if let Some(kb) = server_rss_kib() {
                    peak.fetch_max(kb as usize, Ordering::Relaxed);
                }
            }
        })
    };
    let mut errors = 0;
    let mut first_error = None;
    for t in tasks {
        match t.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                errors += 1;
                first_error.get_or_insert(e);
            }
            Err(e) => {
                errors += 1;
                first_error.get_or_insert(e.to_string());
            }
        }
    }
    sampler.abort();
    let peak = peak.load(Ordering::Relaxed) as u64;
    let lat = std::mem::take(&mut *lat.lock().unwrap());
    println!(
        "interviews: {} of {n} completed (greeting, 3 turns, end) in {:.1} s, at most {} connected at once{}{}",
        n - errors,
        started.elapsed().as_secs_f64(),
        live.1.load(Ordering::SeqCst),
        show_rss((peak > 0).then_some(peak)).replace("server RSS", "peak server RSS"),
        first_error
            .map(|e| format!("; first error: {e}"))
            .unwrap_or_default()
    );
    report(
        "interview turn (answer → assistant_complete)",
        lat,
        0,
        started.elapsed(),
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(url), Some(scenario)) = (args.first(), args.get(1)) else {
        eprintln!("usage: loadtest URL create|execute|idle-ws|interviews [N] [SECONDS]");
        std::process::exit(2);
    };
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(16);
    let seconds: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
    let ctx = Arc::new(Ctx {
        url: url.trim_end_matches('/').to_string(),
        token: std::env::var("PREPAI_TOKEN").ok(),
        http: reqwest::Client::builder()
            .pool_max_idle_per_host(1024)
            .build()
            .unwrap(),
    });
    match scenario.as_str() {
        "create" => rest(ctx, n, seconds, false).await,
        "execute" => rest(ctx, n, seconds, true).await,
        "idle-ws" => idle_ws(ctx, n, seconds).await,
        "interviews" => interviews(ctx, n).await,
        other => {
            eprintln!("unknown scenario `{other}`");
            std::process::exit(2);
        }
    }
}
