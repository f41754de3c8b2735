//! The full-screen interface on a PrepAI server (`prepai --server URL`):
//! an [`Engine`] over `prepai serve`'s REST API and WebSocket. Reports are
//! fetched from the server and exported (rendered) on this machine.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use prepai_core::report::Report;
use prepai_core::SessionSummary;
use prepai_server::client::{command_message, ClientError, RemoteClient};
use prepai_server::client_api::SessionQuery;
use prepai_tui::data;
use prepai_tui::engine::{
    blocking, Engine, EngineFuture, EngineInterview, HISTORY_LIMIT, RECENT_LIMIT,
};
use prepai_tui::view::{HistoryView, SubmissionDetail};
use prepai_tui::StartRequest;
use uuid::Uuid;

use super::context::Remote;
use super::remote::{read_cv, remote_error};

/// Interviews and reads on a PrepAI server.
pub struct RemoteEngine {
    client: RemoteClient,
    language: String,
}

impl RemoteEngine {
    /// A client of `remote`, once the server has answered and accepted the
    /// token; coding problems come in `language`.
    pub fn connect(remote: &Remote, language: &str) -> Result<RemoteEngine> {
        let client = RemoteClient::new(&remote.url, remote.token.clone()).map_err(remote_error)?;
        // A client of its own for the check: its connections die with this runtime.
        let probe = RemoteClient::new(&remote.url, remote.token.clone()).map_err(remote_error)?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("starting the async runtime")?;
        rt.block_on(probe.get("/api/sessions/list?limit=1"))
            .map_err(|e| match e {
                ClientError::Transport(_) => anyhow::Error::new(e).context(format!(
                    "no PrepAI server answers at {}; start one with `prepai serve` or check --server",
                    remote.url
                )),
                e => remote_error(e),
            })?;
        Ok(RemoteEngine {
            client,
            language: language.to_string(),
        })
    }
}

/// Why a start request cannot run on a server, if it cannot.
fn check_request(req: &StartRequest) -> Result<(), String> {
    if req.agent != "local" {
        return Err(format!(
            "the server chooses the interviewer, so `{}` cannot be picked in remote mode; \
             choose `local`",
            req.agent
        ));
    }
    if req.voice {
        return Err("spoken answers are not available in remote mode; type your answers".into());
    }
    if req.name.trim().is_empty() {
        return Err("the candidate name is empty; type your name".into());
    }
    Ok(())
}

fn text(e: ClientError) -> String {
    e.to_string()
}

async fn sessions(client: &RemoteClient, limit: usize) -> Result<Vec<SessionSummary>, String> {
    let query = SessionQuery {
        limit: Some(limit),
        ..Default::default()
    };
    client.list_sessions(&query).await.map_err(text)
}

/// The history from the sessions list, each candidate's analytics history
/// (the overall scores) and the latest reports of each type (their rank).
async fn history(client: &RemoteClient) -> Result<HistoryView, String> {
    let sessions = sessions(client, HISTORY_LIMIT).await?;
    let names: BTreeSet<&str> = sessions.iter().map(|s| s.candidate_name.as_str()).collect();
    let mut overall = HashMap::new();
    for name in names {
        let h = client.history(name).await.map_err(text)?;
        overall.extend(
            h.sessions
                .iter()
                .filter_map(|e| Some((e.session_id, e.overall_score?))),
        );
    }
    let rows = data::history_rows(&sessions, &overall);
    let mut percentiles = HashMap::new();
    for id in data::latest_scored(&rows) {
        if let Some(rank) = client.performance_report(id).await.map_err(text)?.rank {
            percentiles.insert(id, rank.percentile);
        }
    }
    Ok(data::history_of(rows, &percentiles))
}

impl Engine for RemoteEngine {
    fn start(&self, req: StartRequest) -> EngineFuture<EngineInterview> {
        let (client, language) = (self.client.clone(), self.language.clone());
        Box::pin(async move {
            check_request(&req)?;
            let cv = match req.cv.clone() {
                Some(p) => Some(blocking(move || read_cv(&p)).await?),
                None => None,
            };
            let id = client
                .new_session(&req.interview_type, req.name.trim())
                .await
                .map_err(text)?
                .session_id;
            let mut warning = None;
            if let Some((file_name, bytes)) = cv {
                if let Err(e) = client.upload_cv(id, &file_name, bytes).await {
                    warning = Some(format!("the interview goes on without your CV: {e}"));
                }
            }
            let interview = client
                .interview(id, &language)
                .await
                .map_err(|e| e.to_string())?;
            let handle = interview.commands;
            let task = interview.task;
            Ok(EngineInterview {
                session_id: id,
                events: interview.events,
                // Spoken answers are refused remotely, so nothing barges in.
                interrupt: None,
                commands: Arc::new(move |cmd| {
                    if command_message(&cmd).is_none() {
                        return Err(
                            "switching the interviewer is not available in remote mode; \
                                    the server runs the interview"
                                .into(),
                        );
                    }
                    handle.send(cmd).map_err(|e| e.to_string())
                }),
                finished: Box::pin(async move {
                    match task.await {
                        Ok(r) => r.map_err(|e| format!("the server connection ended: {e}")),
                        Err(e) => Err(format!("the server connection stopped: {e}")),
                    }
                }),
                warning,
            })
        })
    }

    fn recent(&self) -> EngineFuture<Vec<SessionSummary>> {
        let client = self.client.clone();
        Box::pin(async move { sessions(&client, RECENT_LIMIT).await })
    }

    fn submission(&self, session: Uuid, submission_id: String) -> EngineFuture<SubmissionDetail> {
        let client = self.client.clone();
        Box::pin(async move {
            let doc = client
                .submission(session, &submission_id)
                .await
                .map_err(text)?;
            serde_json::from_value(doc).map_err(|e| {
                format!("unexpected answer from the server: submission {submission_id} has a different shape ({e})")
            })
        })
    }

    fn report(&self, session: Uuid) -> EngineFuture<Report> {
        let client = self.client.clone();
        Box::pin(async move { client.performance_report(session).await.map_err(text) })
    }

    fn history(&self) -> EngineFuture<HistoryView> {
        let client = self.client.clone();
        Box::pin(async move { history(&client).await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(agent: &str, voice: bool, name: &str) -> StartRequest {
        StartRequest {
            interview_type: "coding-round".into(),
            name: name.into(),
            cv: None,
            agent: agent.into(),
            voice,
        }
    }

    #[test]
    fn only_typed_interviews_with_the_servers_interviewer_start_remotely() {
        assert!(check_request(&req("local", false, "Ada")).is_ok());
        let e = check_request(&req("bedrock", false, "Ada")).unwrap_err();
        assert!(e.contains("server chooses the interviewer"), "{e}");
        assert!(check_request(&req("local", true, "Ada"))
            .unwrap_err()
            .contains("spoken"));
        assert!(check_request(&req("local", false, "  "))
            .unwrap_err()
            .contains("name is empty"));
    }
}
