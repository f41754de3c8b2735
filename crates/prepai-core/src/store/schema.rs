//! Schema migrations, applied in order and tracked in `PRAGMA user_version`.

/// Identifies PrepAI databases (`PRAGMA application_id`): "PREP" in ASCII.
pub const APPLICATION_ID: i64 = 0x5052_4550;

/// Migration `i` brings the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // v1: sessions and their transcripts.
    "CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        interview_type TEXT NOT NULL,
        candidate_name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        ended_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('active', 'completed')),
        message_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sessions_by_created ON sessions (created_at DESC);
    CREATE INDEX sessions_by_type ON sessions (interview_type, created_at);
    CREATE INDEX sessions_by_candidate ON sessions (candidate_name COLLATE NOCASE);
    CREATE TABLE messages (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL,
        ts INTEGER NOT NULL,
        PRIMARY KEY (session_id, seq)
    ) WITHOUT ROWID;",
    // v2: the session's event log (phases, assessments, problems, code results).
    "CREATE TABLE events (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
    ) WITHOUT ROWID;",
    // v3: code submissions and CV analyses.
    "CREATE TABLE submissions (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        language TEXT NOT NULL,
        problem_id TEXT,
        all_passed INTEGER NOT NULL,
        execution_ms REAL NOT NULL,
        quality_score REAL,
        cyclomatic REAL,
        lines_of_code INTEGER,
        body TEXT NOT NULL
    );
    CREATE INDEX submissions_by_session ON submissions (session_id, created_at);
    CREATE TABLE cv_analyses (
        session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        body TEXT NOT NULL
    );",
    // v4: performance reports. The scores live in a narrow table with an
    // index per question analytics asks, so analytics read only indexes; the
    // documents live apart.
    "CREATE TABLE reports (
        session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        interview_type TEXT NOT NULL,
        candidate_name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        overall REAL NOT NULL,
        technical_knowledge REAL,
        problem_solving REAL,
        communication REAL,
        code_quality REAL,
        cultural_fit REAL,
        recommendation TEXT NOT NULL
    );
    CREATE INDEX reports_by_type ON reports (interview_type, overall);
    CREATE INDEX reports_by_type_tk ON reports (interview_type, technical_knowledge);
    CREATE INDEX reports_by_type_ps ON reports (interview_type, problem_solving);
    CREATE INDEX reports_by_type_co ON reports (interview_type, communication);
    CREATE INDEX reports_by_type_cq ON reports (interview_type, code_quality);
    CREATE INDEX reports_by_type_cf ON reports (interview_type, cultural_fit);
    CREATE INDEX reports_by_created ON reports (created_at, overall);
    CREATE INDEX reports_by_recommendation ON reports (recommendation);
    CREATE TABLE report_bodies (
        session_id TEXT PRIMARY KEY REFERENCES reports (session_id) ON DELETE CASCADE,
        body TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sessions_by_status ON sessions (status);",
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}
