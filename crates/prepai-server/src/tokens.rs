//! API tokens: created once and shown once, stored only as SHA-256 hashes in
//! `tokens.db` in the data directory, with which token owns which session.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Tokens start with this, so they are recognisable in config files.
pub const TOKEN_PREFIX: &str = "prepai_";

/// A token as listed (never the secret itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// The token's public id (safe to log).
    pub id: String,
    /// A label given at creation.
    pub name: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// A newly created token: the secret is shown once and never stored.
#[derive(Debug, Clone, Serialize)]
pub struct NewToken {
    /// Its listing.
    #[serde(flatten)]
    pub info: TokenInfo,
    /// The secret to pass as `Authorization: Bearer …`.
    pub token: String,
}

/// Why a token operation failed.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// No token with that id.
    #[error("no token with id `{0}`; `prepai tokens list` shows them")]
    NotFound(String),
    /// The token database failed.
    #[error("the token database failed: {0}")]
    Database(#[from] rusqlite::Error),
    /// The system could not provide random bytes.
    #[error("could not generate a random token: {0}")]
    Random(String),
    /// The data directory could not be created.
    #[error("cannot create the data directory: {0}")]
    Io(#[from] std::io::Error),
}

/// The token database.
pub struct TokenStore {
    conn: Mutex<Connection>,
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn now() -> String {
    prepai_core::timefmt::rfc3339(&prepai_core::timefmt::now())
}

impl TokenStore {
    /// Opens (creating if needed) `tokens.db` in `data_dir`.
    pub fn open_dir(data_dir: &Path) -> Result<Self, TokenError> {
        std::fs::create_dir_all(data_dir)?;
        Self::open(&data_dir.join("tokens.db"))
    }

    /// Opens (creating if needed) the token database at `path`.
    pub fn open(path: &Path) -> Result<Self, TokenError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE IF NOT EXISTS tokens (
                 id TEXT PRIMARY KEY,
                 name TEXT NOT NULL,
                 hash TEXT NOT NULL UNIQUE,
                 created_at TEXT NOT NULL,
                 revoked_at TEXT
             );
             CREATE TABLE IF NOT EXISTS session_owners (
                 session_id TEXT PRIMARY KEY,
                 token_id TEXT NOT NULL
             );
             CREATE INDEX IF NOT EXISTS session_owners_token ON session_owners(token_id);",
        )?;
        Ok(TokenStore {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Creates a token labelled `name`; its secret is in the result only.
    pub fn create(&self, name: &str) -> Result<NewToken, TokenError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| TokenError::Random(e.to_string()))?;
        let token = format!("{TOKEN_PREFIX}{}", hex::encode(bytes));
        let id = Uuid::new_v4().simple().to_string()[..12].to_string();
        let info = TokenInfo {
            id,
            name: name.to_string(),
            created_at: now(),
            revoked_at: None,
        };
        self.conn().execute(
            "INSERT INTO tokens (id, name, hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![info.id, info.name, hash(&token), info.created_at],
        )?;
        Ok(NewToken { info, token })
    }

    /// Every token, oldest first.
    pub fn list(&self) -> Result<Vec<TokenInfo>, TokenError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id, name, created_at, revoked_at FROM tokens ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TokenInfo {
                id: r.get(0)?,
                name: r.get(1)?,
                created_at: r.get(2)?,
                revoked_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Revokes a token: it is refused from then on.
    pub fn revoke(&self, id: &str) -> Result<(), TokenError> {
        let n = self.conn().execute(
            "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
            params![id, now()],
        )?;
        if n == 0 {
            return Err(TokenError::NotFound(id.to_string()));
        }
        Ok(())
    }

    /// The id of the live token whose secret is `token`, if any.
    pub fn verify(&self, token: &str) -> Result<Option<String>, TokenError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id FROM tokens WHERE hash = ?1 AND revoked_at IS NULL",
                [hash(token)],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Records that `token_id` created `session`.
    pub fn set_owner(&self, session: Uuid, token_id: &str) -> Result<(), TokenError> {
        self.conn().execute(
            "INSERT OR REPLACE INTO session_owners (session_id, token_id) VALUES (?1, ?2)",
            params![session.to_string(), token_id],
        )?;
        Ok(())
    }

    /// The token that created `session`, if one did.
    pub fn owner(&self, session: Uuid) -> Result<Option<String>, TokenError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT token_id FROM session_owners WHERE session_id = ?1",
                [session.to_string()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The sessions `token_id` created.
    pub fn owned(&self, token_id: &str) -> Result<std::collections::HashSet<Uuid>, TokenError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT session_id FROM session_owners WHERE token_id = ?1")?;
        let rows = stmt.query_map([token_id], |r| r.get::<_, String>(0))?;
        let mut out = std::collections::HashSet::new();
        for r in rows {
            if let Ok(id) = Uuid::parse_str(&r?) {
                out.insert(id);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_until_revoked_and_are_stored_hashed() {
        let dir = tempfile::tempdir().unwrap();
        let store = TokenStore::open_dir(dir.path()).unwrap();
        let t = store.create("ci").unwrap();
        assert!(t.token.starts_with(TOKEN_PREFIX));
        assert_eq!(store.verify(&t.token).unwrap(), Some(t.info.id.clone()));
        assert_eq!(store.verify("prepai_wrong").unwrap(), None);
        let secret = t.token.as_bytes();
        for f in std::fs::read_dir(dir.path()).unwrap() {
            let raw = std::fs::read(f.unwrap().path()).unwrap();
            assert!(!raw.windows(secret.len()).any(|w| w == secret));
        }
        store.revoke(&t.info.id).unwrap();
        assert_eq!(store.verify(&t.token).unwrap(), None);
        assert!(matches!(store.revoke("nope"), Err(TokenError::NotFound(_))));
        let s = Uuid::new_v4();
        store.set_owner(s, &t.info.id).unwrap();
        assert_eq!(store.owner(s).unwrap().as_deref(), Some(t.info.id.as_str()));
        assert!(store.owned(&t.info.id).unwrap().contains(&s));
    }
}
