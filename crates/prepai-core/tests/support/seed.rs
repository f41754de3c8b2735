//! Writes synthetic sessions with reports straight into a store's SQLite file,
//! with chosen dates and scores (for analytics tests and benchmarks).

use rusqlite::{params, Connection};

/// One synthetic reported session.
pub struct Row {
    /// Interview type key.
    pub interview_type: String,
    /// Candidate name.
    pub candidate: String,
    /// Creation time, ms since the epoch.
    pub created_ms: i64,
    /// Overall and the five dimension scores (`None` = not assessed).
    pub scores: [Option<f64>; 6],
}

/// Inserts `rows` as completed sessions with reports, in one transaction.
pub fn insert(path: &std::path::Path, rows: &[Row]) {
    let mut conn = Connection::open(path).expect("open the store's database");
    let tx = conn.transaction().expect("begin");
    {
        let mut s = tx
            .prepare(
                "INSERT INTO sessions (id, interview_type, candidate_name, created_at, updated_at,
                     ended_at, status, message_count)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?4, 'completed', 0)",
            )
            .expect("prepare sessions");
        let mut r = tx
            .prepare(
                "INSERT INTO reports (session_id, interview_type, candidate_name, created_at,
                     overall, technical_knowledge, problem_solving, communication, code_quality,
                     cultural_fit, recommendation)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
            .expect("prepare reports");
        for row in rows {
            let id = uuid::Uuid::new_v4().to_string();
            s.execute(params![
                id,
                row.interview_type,
                row.candidate,
                row.created_ms
            ])
            .expect("insert session");
            let overall = row.scores[0].unwrap_or(0.0);
            let rec = prepai_core::report::Recommendation::from_score(overall).as_str();
            r.execute(params![
                id,
                row.interview_type,
                row.candidate,
                row.created_ms,
                overall,
                row.scores[1],
                row.scores[2],
                row.scores[3],
                row.scores[4],
                row.scores[5],
                rec
            ])
            .expect("insert report");
        }
    }
    tx.commit().expect("commit");
}
