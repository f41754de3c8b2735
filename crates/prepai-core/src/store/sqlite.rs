//! The embedded default store: one SQLite file in WAL mode.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, ErrorCode, OptionalExtension, Row, TransactionBehavior};
use uuid::Uuid;

use super::analytics;
use super::schema::{latest_version, APPLICATION_ID, MIGRATIONS};
use super::{SessionFilter, Store, StoreError};
use crate::analytics::{Aggregate, Benchmarks, History, Rank, Trends};
use crate::report::Report;
use crate::session::{Message, NewSession, Role, SessionStatus, SessionSummary};
use crate::submissions::{NewSubmission, Submission};
use crate::timefmt;
use chrono::{DateTime, Utc};

/// A [`Store`] on an SQLite database (WAL journal, foreign keys on, 5 s busy wait).
///
/// Each write is one `IMMEDIATE` transaction committed before the call returns,
/// so concurrent processes serialise cleanly and a killed process loses nothing
/// it had acknowledged.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    path: PathBuf,
}

const SUMMARY_COLUMNS: &str =
    "id, interview_type, candidate_name, created_at, updated_at, ended_at, status, message_count";

impl SqliteStore {
    /// Opens (creating if needed) `prepai.db` in `data_dir` and migrates it.
    pub fn open_dir(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::Io {
            path: data_dir.to_path_buf(),
            source,
        })?;
        Self::open(&data_dir.join("prepai.db"))
    }

    /// Opens (creating if needed) the database file at `path` and migrates it.
    /// A damaged, foreign or newer database is reported and left untouched.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path).map_err(|e| classify(path, e))?;
        let store = SqliteStore {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
        };
        store.prepare()?;
        Ok(store)
    }

    /// An in-memory store, for tests and benchmarks.
    pub fn in_memory() -> Result<Self, StoreError> {
        let conn = Connection::open_in_memory().map_err(|e| classify(Path::new(":memory:"), e))?;
        let store = SqliteStore {
            conn: Mutex::new(conn),
            path: PathBuf::from(":memory:"),
        };
        store.prepare()?;
        Ok(store)
    }

    /// The database file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent
        // (transactions roll back on drop), so a poisoned lock is still usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path, e)
    }

    fn prepare(&self) -> Result<(), StoreError> {
        let mut conn = self.lock();
        let e = |e| classify(&self.path, e);
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(e)?;
        // Reading the header first turns "not a database" into a clear error
        // before anything is written.
        let app_id: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(e)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(e)?;
        if app_id != APPLICATION_ID
            && (app_id != 0 || version != 0 || has_tables(&conn).map_err(e)?)
        {
            return Err(StoreError::Foreign {
                path: self.path.clone(),
            });
        }
        if version > latest_version() {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                supported: latest_version(),
            });
        }
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .map_err(e)?;
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(e)?;
        if version < latest_version() {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Exclusive)
                .map_err(e)?;
            // Re-read inside the lock: another process may have migrated meanwhile.
            let current: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(e)?;
            for (i, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
                tx.execute_batch(sql).map_err(e)?;
                tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
                    .map_err(e)?;
            }
            tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}"))
                .map_err(e)?;
            tx.commit().map_err(e)?;
        }
        Ok(())
    }

    fn fetch_summary(conn: &Connection, id: Uuid) -> rusqlite::Result<Option<SessionSummary>> {
        conn.query_row(
            &format!("SELECT {SUMMARY_COLUMNS} FROM sessions WHERE id = ?1"),
            [id.to_string()],
            summary_from_row,
        )
        .optional()
    }

    /// Fails with [`StoreError::NotFound`] unless the session exists.
    fn require_session(&self, conn: &Connection, id: Uuid) -> Result<(), StoreError> {
        match Self::fetch_summary(conn, id).map_err(|e| self.err(e))? {
            Some(_) => Ok(()),
            None => Err(Self::not_found(id)),
        }
    }

    fn not_found(id: Uuid) -> StoreError {
        StoreError::NotFound {
            what: "session",
            id: id.to_string(),
        }
    }
}

fn has_tables(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|n| n > 0)
}

/// Maps SQLite failures to store errors, singling out damaged files.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        _ => StoreError::Database(e.to_string()),
    }
}

fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<SessionSummary> {
    let text_err = |i: usize, msg: String| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, msg.into())
    };
    let id: String = r.get(0)?;
    let status: String = r.get(6)?;
    Ok(SessionSummary {
        session_id: Uuid::parse_str(&id).map_err(|e| text_err(0, e.to_string()))?,
        interview_type: r.get(1)?,
        candidate_name: r.get(2)?,
        created_at: timefmt::from_millis(r.get(3)?),
        updated_at: timefmt::from_millis(r.get(4)?),
        ended_at: r.get::<_, Option<i64>>(5)?.map(timefmt::from_millis),
        status: status.parse().map_err(|e: String| text_err(6, e))?,
        message_count: r.get::<_, i64>(7)?.max(0) as u64,
    })
}

fn message_from_row(r: &Row<'_>) -> rusqlite::Result<Message> {
    let role: String = r.get(0)?;
    Ok(Message {
        role: role.parse().map_err(|e: String| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })?,
        content: r.get(1)?,
        timestamp: timefmt::from_millis(r.get(2)?),
    })
}

impl Store for SqliteStore {
    fn create_session(&self, new: &NewSession) -> Result<SessionSummary, StoreError> {
        let now = timefmt::now();
        let summary = SessionSummary {
            session_id: Uuid::new_v4(),
            interview_type: new.interview_type.clone(),
            candidate_name: new.candidate_name.clone(),
            created_at: now,
            updated_at: now,
            ended_at: None,
            status: SessionStatus::Active,
            message_count: 0,
        };
        self.lock()
            .execute(
                "INSERT INTO sessions (id, interview_type, candidate_name, created_at, updated_at, status)
                 VALUES (?1, ?2, ?3, ?4, ?4, 'active')",
                params![
                    summary.session_id.to_string(),
                    summary.interview_type,
                    summary.candidate_name,
                    now.timestamp_millis()
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(summary)
    }

    fn session(&self, id: Uuid) -> Result<SessionSummary, StoreError> {
        Self::fetch_summary(&self.lock(), id)
            .map_err(|e| self.err(e))?
            .ok_or_else(|| Self::not_found(id))
    }

    fn list_sessions(&self, filter: &SessionFilter) -> Result<Vec<SessionSummary>, StoreError> {
        let mut sql = format!("SELECT {SUMMARY_COLUMNS} FROM sessions WHERE 1 = 1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(status) = filter.status {
            sql.push_str(" AND status = ?");
            args.push(status.as_str().to_string().into());
        }
        if let Some(t) = &filter.interview_type {
            sql.push_str(" AND interview_type = ?");
            args.push(t.clone().into());
        }
        if let Some(name) = &filter.candidate_name {
            sql.push_str(" AND candidate_name = ? COLLATE NOCASE");
            args.push(name.clone().into());
        }
        sql.push_str(" ORDER BY created_at DESC, id");
        if let Some(limit) = filter.limit {
            sql.push_str(" LIMIT ?");
            args.push((limit.min(i64::MAX as usize) as i64).into());
        }
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), summary_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    fn ids_with_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<Uuid>, StoreError> {
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached("SELECT id FROM sessions WHERE substr(id, 1, length(?1)) = ?1 LIMIT ?2")
            .map_err(|e| self.err(e))?;
        let ids = stmt
            .query_map(params![prefix, limit as i64], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(ids.iter().filter_map(|s| Uuid::parse_str(s).ok()).collect())
    }

    fn append_message(&self, id: Uuid, role: Role, content: &str) -> Result<Message, StoreError> {
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.err(e))?;
        let state: Option<(String, i64)> = tx
            .query_row(
                "SELECT status, message_count FROM sessions WHERE id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let (status, count) = state.ok_or_else(|| Self::not_found(id))?;
        if status != "active" {
            return Err(StoreError::Conflict(format!(
                "session {id} has ended; its transcript is closed"
            )));
        }
        let now = timefmt::now();
        let ms = now.timestamp_millis();
        tx.execute(
            "INSERT INTO messages (session_id, seq, role, content, ts) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id.to_string(), count + 1, role.as_str(), content, ms],
        )
        .map_err(|e| self.err(e))?;
        tx.execute(
            "UPDATE sessions SET message_count = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.to_string(), count + 1, ms],
        )
        .map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(Message {
            role,
            content: content.to_string(),
            timestamp: now,
        })
    }

    fn transcript(&self, id: Uuid) -> Result<Vec<Message>, StoreError> {
        let conn = self.lock();
        self.require_session(&conn, id)?;
        let mut stmt = conn
            .prepare_cached(
                "SELECT role, content, ts FROM messages WHERE session_id = ?1 ORDER BY seq",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([id.to_string()], message_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    fn append_event(&self, id: Uuid, event: &serde_json::Value) -> Result<(), StoreError> {
        let kind = event
            .get("type")
            .and_then(|t| t.as_str())
            .unwrap_or("event")
            .to_string();
        let body = event.to_string();
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.err(e))?;
        self.require_session(&tx, id)?;
        tx.execute(
            "INSERT INTO events (session_id, seq, ts, kind, body)
             VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM events WHERE session_id = ?1), ?2, ?3, ?4)",
            params![id.to_string(), timefmt::now().timestamp_millis(), kind, body],
        )
        .map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))
    }

    fn events(&self, id: Uuid) -> Result<Vec<serde_json::Value>, StoreError> {
        let conn = self.lock();
        self.require_session(&conn, id)?;
        let mut stmt = conn
            .prepare_cached("SELECT body FROM events WHERE session_id = ?1 ORDER BY seq")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([id.to_string()], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for body in rows {
            let body = body.map_err(|e| self.err(e))?;
            out.push(
                serde_json::from_str(&body)
                    .map_err(|e| StoreError::Database(format!("stored event is not JSON: {e}")))?,
            );
        }
        Ok(out)
    }

    fn add_submission(&self, id: Uuid, sub: &NewSubmission) -> Result<Submission, StoreError> {
        let now = timefmt::now();
        let stored = Submission {
            id: Uuid::new_v4().to_string(),
            created_at: now,
            record: sub.clone(),
        };
        let conn = self.lock();
        self.require_session(&conn, id)?;
        conn.execute(
            "INSERT INTO submissions (id, session_id, created_at, language, problem_id, all_passed,
                 execution_ms, quality_score, cyclomatic, lines_of_code, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                stored.id,
                id.to_string(),
                now.timestamp_millis(),
                sub.language,
                sub.problem_id,
                sub.all_passed,
                sub.execution_ms,
                sub.quality_score,
                sub.cyclomatic,
                sub.lines_of_code.map(|l| l as i64),
                sub.body.to_string()
            ],
        )
        .map_err(|e| self.err(e))?;
        Ok(stored)
    }

    fn submissions(&self, id: Uuid) -> Result<Vec<Submission>, StoreError> {
        let conn = self.lock();
        self.require_session(&conn, id)?;
        let mut stmt = conn
            .prepare_cached(
                "SELECT id, created_at, language, problem_id, all_passed, execution_ms, quality_score,
                        cyclomatic, lines_of_code, body
                 FROM submissions WHERE session_id = ?1 ORDER BY created_at, rowid",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([id.to_string()], |r| {
                let body: String = r.get(9)?;
                Ok(Submission {
                    id: r.get(0)?,
                    created_at: timefmt::from_millis(r.get(1)?),
                    record: NewSubmission {
                        language: r.get(2)?,
                        problem_id: r.get(3)?,
                        all_passed: r.get(4)?,
                        execution_ms: r.get(5)?,
                        quality_score: r.get(6)?,
                        cyclomatic: r.get(7)?,
                        lines_of_code: r.get::<_, Option<i64>>(8)?.map(|l| l.max(0) as u64),
                        body: serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
                    },
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    fn put_cv_analysis(
        &self,
        id: Uuid,
        file_name: &str,
        analysis: &serde_json::Value,
    ) -> Result<(), StoreError> {
        let conn = self.lock();
        self.require_session(&conn, id)?;
        conn.execute(
            "INSERT INTO cv_analyses (session_id, file_name, created_at, body) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (session_id) DO UPDATE SET file_name = excluded.file_name,
                 created_at = excluded.created_at, body = excluded.body",
            params![id.to_string(), file_name, timefmt::now().timestamp_millis(), analysis.to_string()],
        )
        .map_err(|e| self.err(e))?;
        Ok(())
    }

    fn cv_analysis(&self, id: Uuid) -> Result<Option<(String, serde_json::Value)>, StoreError> {
        let conn = self.lock();
        self.require_session(&conn, id)?;
        let row: Option<(String, String)> = conn
            .query_row(
                "SELECT file_name, body FROM cv_analyses WHERE session_id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(row.map(|(f, b)| {
            (
                f,
                serde_json::from_str(&b).unwrap_or(serde_json::Value::Null),
            )
        }))
    }

    fn put_report(&self, report: &Report) -> Result<(), StoreError> {
        let conn = self.lock();
        self.require_session(&conn, report.session_id)?;
        analytics::put_report(&conn, report).map_err(|e| self.err(e))
    }

    fn report(&self, id: Uuid) -> Result<Option<Report>, StoreError> {
        let conn = self.lock();
        self.require_session(&conn, id)?;
        analytics::report(&conn, id).map_err(|e| self.err(e))
    }

    fn aggregate(&self) -> Result<Aggregate, StoreError> {
        analytics::aggregate(&self.lock()).map_err(|e| self.err(e))
    }

    fn benchmarks(&self, interview_type: &str) -> Result<Benchmarks, StoreError> {
        analytics::benchmarks(&self.lock(), interview_type).map_err(|e| self.err(e))
    }

    fn trends(&self, days: u32, now: DateTime<Utc>) -> Result<Trends, StoreError> {
        analytics::trends(&self.lock(), days, now.timestamp_millis()).map_err(|e| self.err(e))
    }

    fn history(&self, candidate_name: &str) -> Result<History, StoreError> {
        analytics::history(&self.lock(), candidate_name).map_err(|e| self.err(e))
    }

    fn rank(&self, id: Uuid) -> Result<Option<Rank>, StoreError> {
        let conn = self.lock();
        self.require_session(&conn, id)?;
        analytics::rank(&conn, id).map_err(|e| self.err(e))
    }

    fn end_session(&self, id: Uuid) -> Result<SessionSummary, StoreError> {
        let conn = self.lock();
        let ms = timefmt::now().timestamp_millis();
        let changed = conn
            .execute(
                "UPDATE sessions SET status = 'completed', ended_at = ?2, updated_at = ?2
                 WHERE id = ?1 AND status = 'active'",
                params![id.to_string(), ms],
            )
            .map_err(|e| self.err(e))?;
        let summary = Self::fetch_summary(&conn, id)
            .map_err(|e| self.err(e))?
            .ok_or_else(|| Self::not_found(id))?;
        if changed == 0 {
            return Err(StoreError::Conflict(format!(
                "session {id} already ended at {}",
                summary
                    .ended_at
                    .map(|t| timefmt::rfc3339(&t))
                    .unwrap_or_default()
            )));
        }
        Ok(summary)
    }

    fn delete_session(&self, id: Uuid) -> Result<(), StoreError> {
        let changed = self
            .lock()
            .execute("DELETE FROM sessions WHERE id = ?1", [id.to_string()])
            .map_err(|e| self.err(e))?;
        if changed == 0 {
            return Err(Self::not_found(id));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(t: &str, name: &str) -> NewSession {
        NewSession {
            interview_type: t.into(),
            candidate_name: name.into(),
        }
    }

    #[test]
    fn session_lifecycle() {
        let s = SqliteStore::in_memory().unwrap();
        let a = s.create_session(&new("google_sde", "Ada")).unwrap();
        assert_eq!(a.status, SessionStatus::Active);
        s.append_message(a.session_id, Role::Assistant, "Hello Ada")
            .unwrap();
        s.append_message(a.session_id, Role::User, "Hi").unwrap();
        let doc = s.load_session(a.session_id).unwrap();
        assert_eq!(doc.summary.message_count, 2);
        assert_eq!(doc.transcript[0].content, "Hello Ada");
        assert_eq!(doc.transcript[1].role, Role::User);

        let ended = s.end_session(a.session_id).unwrap();
        assert_eq!(ended.status, SessionStatus::Completed);
        assert!(ended.ended_at.is_some());
        assert!(matches!(
            s.append_message(a.session_id, Role::User, "late"),
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            s.end_session(a.session_id),
            Err(StoreError::Conflict(_))
        ));

        s.delete_session(a.session_id).unwrap();
        assert!(matches!(
            s.session(a.session_id),
            Err(StoreError::NotFound { .. })
        ));
        assert!(matches!(
            s.transcript(a.session_id),
            Err(StoreError::NotFound { .. })
        ));
    }

    #[test]
    fn list_filters_and_orders_newest_first() {
        let s = SqliteStore::in_memory().unwrap();
        let first = s.create_session(&new("google_sde", "Ada")).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(3));
        let second = s.create_session(&new("cv_grilling", "ada")).unwrap();
        s.end_session(second.session_id).unwrap();
        let all = s.list_sessions(&SessionFilter::default()).unwrap();
        assert_eq!(all[0].session_id, second.session_id);
        assert_eq!(all[1].session_id, first.session_id);
        let f = SessionFilter {
            candidate_name: Some("ADA".into()),
            status: Some(SessionStatus::Active),
            ..Default::default()
        };
        assert_eq!(s.list_sessions(&f).unwrap().len(), 1);
        let f = SessionFilter {
            interview_type: Some("cv_grilling".into()),
            limit: Some(5),
            ..Default::default()
        };
        assert_eq!(
            s.list_sessions(&f).unwrap()[0].session_id,
            second.session_id
        );
    }

    #[test]
    fn submissions_and_cv_analyses_round_trip_and_cascade() {
        let s = SqliteStore::in_memory().unwrap();
        let a = s
            .create_session(&new("coding_practice", "Ada"))
            .unwrap()
            .session_id;
        let rec = NewSubmission {
            language: "python".into(),
            problem_id: Some("two_sum".into()),
            all_passed: true,
            execution_ms: 21.5,
            quality_score: Some(9.1),
            cyclomatic: Some(3.0),
            lines_of_code: Some(7),
            body: serde_json::json!({"verdict": "accepted"}),
        };
        let first = s.add_submission(a, &rec).unwrap();
        s.add_submission(
            a,
            &NewSubmission {
                all_passed: false,
                ..rec.clone()
            },
        )
        .unwrap();
        let subs = s.submissions(a).unwrap();
        assert_eq!(subs.len(), 2);
        assert_eq!(subs[0].id, first.id);
        assert_eq!(subs[0].record, rec);
        assert!(!subs[1].record.all_passed);

        assert_eq!(s.cv_analysis(a).unwrap(), None);
        s.put_cv_analysis(a, "cv.pdf", &serde_json::json!({"candidateName": "Ada"}))
            .unwrap();
        s.put_cv_analysis(a, "cv2.pdf", &serde_json::json!({"candidateName": "Ada L"}))
            .unwrap();
        let (file, body) = s.cv_analysis(a).unwrap().unwrap();
        assert_eq!(file, "cv2.pdf");
        assert_eq!(body["candidateName"], "Ada L");

        s.delete_session(a).unwrap();
        let conn = s.lock();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM submissions", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn prefixes_resolve_uniquely() {
        let s = SqliteStore::in_memory().unwrap();
        let a = s.create_session(&new("google_sde", "Ada")).unwrap();
        let text = a.session_id.to_string();
        assert_eq!(s.resolve_session_id(&text[..8]).unwrap(), a.session_id);
        assert_eq!(s.resolve_session_id(&text).unwrap(), a.session_id);
        assert!(matches!(
            s.resolve_session_id("zzzz"),
            Err(StoreError::NotFound { .. })
        ));
        assert!(matches!(
            s.resolve_session_id("ab"),
            Err(StoreError::NotFound { .. })
        ));
    }

    #[test]
    fn reopening_keeps_data_and_migrations_are_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let id = {
            let s = SqliteStore::open_dir(dir.path()).unwrap();
            let a = s.create_session(&new("google_sde", "Ada")).unwrap();
            s.append_message(a.session_id, Role::User, "kept").unwrap();
            a.session_id
        };
        let s = SqliteStore::open_dir(dir.path()).unwrap();
        assert_eq!(s.transcript(id).unwrap()[0].content, "kept");
    }

    #[test]
    fn garbage_file_is_reported_corrupt_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prepai.db");
        let junk = b"this is not sqlite at all, just some words in a file".repeat(100);
        std::fs::write(&path, &junk).unwrap();
        assert!(matches!(
            SqliteStore::open(&path),
            Err(StoreError::Corrupt { .. })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), junk);
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prepai.db");
        drop(SqliteStore::open(&path).unwrap());
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA user_version = 99")
            .unwrap();
        match SqliteStore::open(&path) {
            Err(StoreError::TooNew { found: 99, .. }) => {}
            Err(other) => panic!("expected TooNew, got {other}"),
            Ok(_) => panic!("expected TooNew, got a store"),
        }
    }

    #[test]
    fn foreign_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prepai.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE other (x)")
            .unwrap();
        assert!(matches!(
            SqliteStore::open(&path),
            Err(StoreError::Foreign { .. })
        ));
    }
}
