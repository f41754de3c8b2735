//! The remote client: runs an interview on a PrepAI server through its REST
//! API (reqwest) and WebSocket (tokio-tungstenite), and hands the front end
//! the same [`SessionEvent`] stream and command sender as a local interview.
//! A dropped WebSocket is reconnected with `?from=N` (the messages already
//! received), so nothing is lost or repeated.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use prepai_core::{SessionCommand, SessionEvent};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use url::Url;
use uuid::Uuid;

/// How many times a dropped WebSocket is reconnected before giving up.
const RECONNECT_ATTEMPTS: u32 = 8;

/// Why a remote call failed. Messages never contain the token.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server URL is not an http(s) URL.
    #[error("`{0}` is not a server URL; pass e.g. --server http://127.0.0.1:8000")]
    BadUrl(String),
    /// The server answered with an error.
    #[error("the server refused the request ({status}): {detail}")]
    Api {
        /// The HTTP status.
        status: u16,
        /// The server's explanation.
        detail: String,
    },
    /// The server could not be reached or the connection broke.
    #[error("cannot reach the server: {0}")]
    Transport(String),
    /// The server sent something this client does not understand.
    #[error("unexpected answer from the server: {0}")]
    Protocol(String),
}

impl ClientError {
    /// Whether the caller's input was at fault: a 4xx other than auth, rate
    /// limits and 404 (an unknown session is a failure, exit 1, as locally).
    pub fn is_bad_input(&self) -> bool {
        matches!(self, ClientError::BadUrl(_))
            || matches!(self, ClientError::Api { status, .. } if (400..500).contains(status) && ![401, 403, 404, 429].contains(status))
    }
}

fn transport(e: impl std::fmt::Display) -> ClientError {
    ClientError::Transport(e.to_string())
}

/// A PrepAI server and the token to use with it.
#[derive(Clone)]
pub struct RemoteClient {
    base: Url,
    token: Option<String>,
    http: reqwest::Client,
}

impl std::fmt::Debug for RemoteClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteClient")
            .field("base", &self.base.as_str())
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl RemoteClient {
    /// A client of the server at `base` (`http://host:port`).
    pub fn new(base: &str, token: Option<String>) -> Result<Self, ClientError> {
        let mut url = Url::parse(base.trim()).map_err(|_| ClientError::BadUrl(base.into()))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(ClientError::BadUrl(base.into()));
        }
        if !url.path().ends_with('/') {
            url.set_path(&format!("{}/", url.path()));
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(transport)?;
        Ok(RemoteClient {
            base: url,
            token,
            http,
        })
    }

    fn url(&self, path: &str) -> Result<Url, ClientError> {
        self.base
            .join(path.trim_start_matches('/'))
            .map_err(|_| ClientError::BadUrl(path.into()))
    }

    fn authed(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
    }

    async fn answer(resp: reqwest::Response) -> Result<Value, ClientError> {
        let status = resp.status();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        if status.is_success() {
            return Ok(body);
        }
        let detail = body
            .get("detail")
            .and_then(Value::as_str)
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("error"))
            .to_string();
        Err(ClientError::Api {
            status: status.as_u16(),
            detail,
        })
    }

    /// The server's base URL (ending in `/`).
    pub(crate) fn base_url(&self) -> &Url {
        &self.base
    }

    /// The HTTP client.
    pub(crate) fn http_client(&self) -> &reqwest::Client {
        &self.http
    }

    /// Sends `req` with the token; the JSON answer, or the server's refusal.
    pub(crate) async fn send(&self, req: reqwest::RequestBuilder) -> Result<Value, ClientError> {
        Self::answer(self.authed(req).send().await.map_err(transport)?).await
    }

    /// `GET path` with the token.
    pub async fn get(&self, path: &str) -> Result<Value, ClientError> {
        self.send(self.http.get(self.url(path)?)).await
    }

    /// `POST path` with a JSON body and the token.
    pub async fn post(&self, path: &str, body: &Value) -> Result<Value, ClientError> {
        self.send(self.http.post(self.url(path)?).json(body)).await
    }

    /// Creates a session; returns the server's session document.
    pub async fn create_session(
        &self,
        interview_type: &str,
        candidate_name: &str,
    ) -> Result<Value, ClientError> {
        self.post(
            "/api/sessions",
            &json!({"interview_type": interview_type, "candidate_name": candidate_name}),
        )
        .await
    }

    /// Uploads a CV for a session; returns `{success, analysis, message}`.
    pub async fn upload_cv(
        &self,
        session: Uuid,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Result<Value, ClientError> {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string());
        let form = reqwest::multipart::Form::new().part("file", part);
        let url = self.url(&format!("/api/interviews/{session}/upload-cv"))?;
        self.send(self.http.post(url).multipart(form)).await
    }

    fn ws_request(
        &self,
        session: Uuid,
        language: &str,
        from: usize,
    ) -> Result<tokio_tungstenite::tungstenite::handshake::client::Request, ClientError> {
        let mut url = self.url(&format!("/ws/interview/{session}"))?;
        let scheme = if url.scheme() == "https" { "wss" } else { "ws" };
        url.set_scheme(scheme)
            .map_err(|_| ClientError::BadUrl(url.to_string()))?;
        url.query_pairs_mut()
            .append_pair("language", language)
            .append_pair("from", &from.to_string());
        let mut req = url.as_str().into_client_request().map_err(transport)?;
        if let Some(t) = &self.token {
            let v = format!("Bearer {t}")
                .parse()
                .map_err(|_| ClientError::Protocol("the token is not a valid header".into()))?;
            req.headers_mut().insert("authorization", v);
        }
        Ok(req)
    }

    /// Starts (or rejoins) the interview of `session` over the WebSocket.
    /// Fails if the first connection is refused; later drops are reconnected.
    pub async fn interview(
        &self,
        session: Uuid,
        language: &str,
    ) -> Result<RemoteInterview, ClientError> {
        let socket = self.connect(session, language, 0).await?;
        let (etx, erx) = mpsc::unbounded_channel();
        let (ctx, crx) = mpsc::unbounded_channel();
        let link = Link {
            client: self.clone(),
            session,
            language: language.to_string(),
            received: 0,
            events: etx,
        };
        let task = tokio::spawn(link.run(socket, crx));
        Ok(RemoteInterview {
            session_id: session,
            events: erx,
            commands: RemoteHandle { tx: ctx },
            task,
        })
    }

    async fn connect(
        &self,
        session: Uuid,
        language: &str,
        from: usize,
    ) -> Result<Socket, ClientError> {
        let req = self.ws_request(session, language, from)?;
        match tokio_tungstenite::connect_async(req).await {
            Ok((mut socket, _)) => {
                let ready = json!({"type": "interview_ready"}).to_string();
                socket
                    .send(Message::Text(ready.into()))
                    .await
                    .map_err(transport)?;
                Ok(socket)
            }
            Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => {
                let status = resp.status();
                let detail = resp
                    .body()
                    .as_deref()
                    .and_then(|b| serde_json::from_slice::<Value>(b).ok())
                    .and_then(|v| v.get("detail").and_then(Value::as_str).map(String::from))
                    .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").into());
                Err(ClientError::Api {
                    status: status.as_u16(),
                    detail,
                })
            }
            Err(e) => Err(transport(e)),
        }
    }
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Sends commands to a remote interview.
#[derive(Debug, Clone)]
pub struct RemoteHandle {
    tx: mpsc::UnboundedSender<SessionCommand>,
}

impl RemoteHandle {
    /// Sends a command; fails only when the connection is gone for good.
    pub fn send(&self, cmd: SessionCommand) -> Result<(), prepai_core::runtime::InterviewClosed> {
        self.tx
            .send(cmd)
            .map_err(|_| prepai_core::runtime::InterviewClosed)
    }
}

/// A remote interview: the same events and commands as a local one.
pub struct RemoteInterview {
    /// The session.
    pub session_id: Uuid,
    /// Events, in order, exactly once.
    pub events: mpsc::UnboundedReceiver<SessionEvent>,
    /// Send commands here.
    pub commands: RemoteHandle,
    /// Ends when the interview has ended (or the connection is lost for good).
    pub task: JoinHandle<Result<(), ClientError>>,
}

struct Link {
    client: RemoteClient,
    session: Uuid,
    language: String,
    received: usize,
    events: mpsc::UnboundedSender<SessionEvent>,
}

/// The WebSocket message for a command; `None` for commands that only make
/// sense in the process running the interview (switching agents).
pub fn command_message(cmd: &SessionCommand) -> Option<Value> {
    Some(match cmd {
        SessionCommand::Answer(text) => json!({"type": "user_text", "text": text}),
        SessionCommand::Spoken { text, seconds } => {
            json!({"type": "user_text", "text": text, "seconds": seconds})
        }
        SessionCommand::SubmitCode { language, code } => {
            json!({"type": "code_submission", "code": code, "language": language})
        }
        SessionCommand::CodeResult(o) => json!({
            "type": "code_submission",
            "code": "",
            "language": o.language,
            "allTestsPassed": o.all_tests_passed,
            "testResults": [],
            "executionTime": o.execution_time_ms,
            "error": o.error,
        }),
        SessionCommand::Hint => json!({"type": "hint"}),
        SessionCommand::Skip => json!({"type": "skip"}),
        SessionCommand::Retry => json!({"type": "retry"}),
        SessionCommand::End => json!({"type": "end"}),
        SessionCommand::SwitchAgent(_) => return None,
    })
}

impl Link {
    async fn run(
        mut self,
        mut socket: Socket,
        mut commands: mpsc::UnboundedReceiver<SessionCommand>,
    ) -> Result<(), ClientError> {
        let mut pending: Option<String> = None;
        let mut commands_open = true;
        loop {
            if let Some(text) = pending.take() {
                if socket
                    .send(Message::Text(text.clone().into()))
                    .await
                    .is_err()
                {
                    pending = Some(text);
                    socket = self.reconnect().await?;
                    continue;
                }
            }
            tokio::select! {
                msg = socket.next() => match msg {
                    Some(Ok(Message::Text(t))) => {
                        if self.on_message(t.as_str()) {
                            let _ = socket.close(None).await;
                            return Ok(());
                        }
                    }
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => {
                        socket = self.reconnect().await?;
                    }
                    Some(Ok(_)) => {}
                },
                cmd = commands.recv(), if commands_open => match cmd {
                    Some(cmd) => pending = command_message(&cmd).map(|m| m.to_string()),
                    None => commands_open = false,
                },
            }
        }
    }

    /// Forwards a server message; true once the session has ended. Messages
    /// marked `direct` were for this connection only and are not in the
    /// server's log, so they do not count towards `?from=`.
    fn on_message(&mut self, text: &str) -> bool {
        let Ok(v) = serde_json::from_str::<Value>(text) else {
            return false;
        };
        if v.get("direct").and_then(Value::as_bool) != Some(true) {
            self.received += 1;
        }
        match serde_json::from_value::<SessionEvent>(v) {
            Ok(event) => {
                let ended = matches!(event, SessionEvent::SessionEnded { .. });
                let _ = self.events.send(event);
                ended
            }
            Err(_) => false,
        }
    }

    async fn reconnect(&mut self) -> Result<Socket, ClientError> {
        let mut last = ClientError::Transport("the connection was lost".into());
        for attempt in 0..RECONNECT_ATTEMPTS {
            tokio::time::sleep(Duration::from_millis(100 << attempt.min(5))).await;
            match self
                .client
                .connect(self.session, &self.language, self.received)
                .await
            {
                Ok(s) => return Ok(s),
                Err(e @ ClientError::Api { status, .. })
                    if status != StatusCode::TOO_MANY_REQUESTS.as_u16() =>
                {
                    return Err(e)
                }
                Err(e) => last = e,
            }
        }
        Err(last)
    }
}
