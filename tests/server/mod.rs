//! A `prepai serve` started for one test, on a free loopback port, and the
//! HTTP and WebSocket helpers the server tests share.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use crate::common::Sandbox;

/// A running server; killed when dropped.
pub struct Server {
    pub sb: Sandbox,
    pub url: String,
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// `prepai serve --addr 127.0.0.1:0 EXTRA…` in a fresh sandbox.
    pub fn start(extra: &[&str]) -> Server {
        Self::start_in(Sandbox::new(), extra)
    }

    /// The same in a prepared sandbox (tokens created beforehand).
    pub fn start_in(sb: Sandbox, extra: &[&str]) -> Server {
        Self::start_with_env(sb, extra, &[])
    }

    /// The same with extra environment variables for the server.
    pub fn start_with_env(sb: Sandbox, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = sb
            .std_cmd()
            .env_remove("PREPAI_WHISPER_MODEL")
            .envs(env.iter().copied())
            .args(["serve", "--addr", "127.0.0.1:0", "--json"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let v: Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("{line}"));
        let url = v["listening"].as_str().unwrap().to_string();
        Server { sb, url, child }
    }

    /// Creates an API token in this server's data directory.
    pub fn token(sb: &Sandbox) -> String {
        sb.json(["tokens", "create", "--name", "test"])["token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub fn http(&self) -> Http {
        Http {
            base: self.url.clone(),
            token: None,
            client: reqwest::Client::new(),
        }
    }

    pub fn ws_url(&self, session: &str, query: &str) -> String {
        format!(
            "{}/ws/interview/{session}{query}",
            self.url.replacen("http", "ws", 1)
        )
    }
}

/// HTTP calls returning `(status, json body)`.
#[derive(Clone)]
pub struct Http {
    pub base: String,
    pub token: Option<String>,
    pub client: reqwest::Client,
}

impl Http {
    pub fn with_token(&self, token: &str) -> Http {
        Http {
            token: Some(token.to_string()),
            ..self.clone()
        }
    }

    fn auth(&self, r: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    async fn finish(r: reqwest::RequestBuilder) -> (u16, Value) {
        let resp = r.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        Self::finish(self.auth(self.client.get(format!("{}{path}", self.base)))).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        Self::finish(self.auth(self.client.post(format!("{}{path}", self.base)).json(&body))).await
    }

    pub async fn post_raw(&self, path: &str, body: Vec<u8>, content_type: &str) -> (u16, Value) {
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body);
        Self::finish(self.auth(r)).await
    }

    pub async fn upload(&self, path: &str, name: &str, bytes: Vec<u8>) -> (u16, Value) {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
        Self::finish(
            self.auth(
                self.client
                    .post(format!("{}{path}", self.base))
                    .multipart(form),
            ),
        )
        .await
    }

    /// Creates a session and returns its id.
    pub async fn session(&self, ty: &str, name: &str) -> String {
        let (status, v) = self
            .post(
                "/api/sessions",
                json!({"interview_type": ty, "candidate_name": name}),
            )
            .await;
        assert_eq!(status, 201, "{v}");
        v["session_id"].as_str().unwrap().to_string()
    }
}

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens a WebSocket, with a bearer token if given.
pub async fn ws_connect(url: &str, token: Option<&str>) -> Result<Ws, u16> {
    let mut req = url.into_client_request().unwrap();
    if let Some(t) = token {
        req.headers_mut()
            .insert("authorization", format!("Bearer {t}").parse().unwrap());
    }
    match tokio_tungstenite::connect_async(req).await {
        Ok((ws, _)) => Ok(ws),
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => Err(r.status().as_u16()),
        Err(e) => panic!("{e}"),
    }
}

pub async fn ws_send(ws: &mut Ws, v: Value) {
    ws.send(Message::Text(v.to_string().into())).await.unwrap();
}

/// The next JSON message (60 s at most).
pub async fn ws_next(ws: &mut Ws) -> Value {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(60), ws.next())
            .await
            .expect("no message within 60 s")
            .expect("the socket closed")
            .unwrap();
        if let Message::Text(t) = msg {
            return serde_json::from_str(t.as_str()).unwrap();
        }
    }
}

/// Messages up to and including the first of type `kind`.
pub async fn ws_until(ws: &mut Ws, kind: &str) -> Vec<Value> {
    let mut out = Vec::new();
    loop {
        let v = ws_next(ws).await;
        let done = v["type"] == kind;
        out.push(v);
        if done {
            return out;
        }
    }
}
