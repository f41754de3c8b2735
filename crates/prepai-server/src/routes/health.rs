//! `GET /` and `GET /health`.

use serde_json::{json, Value};

use crate::error::Json;

/// The original's health document.
#[utoipa::path(get, path = "/health", tag = "health",
    responses((status = 200, description = "The service is up", body = Object)))]
pub async fn health() -> Json<Value> {
    Json(json!({"status": "healthy", "service": "prepai-backend"}))
}

/// Same as `/health` (the original answered both).
#[utoipa::path(get, path = "/", tag = "health",
    responses((status = 200, description = "The service is up", body = Object)))]
pub async fn root() -> Json<Value> {
    health().await
}
