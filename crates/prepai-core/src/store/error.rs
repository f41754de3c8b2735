//! What can go wrong in a store, phrased for the person who has to fix it.

use std::path::PathBuf;

/// Errors from [`crate::Store`] operations.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such record.
    #[error("no {what} with id `{id}`; `prepai sessions list` shows the sessions there are")]
    NotFound {
        /// What kind of record was looked for.
        what: &'static str,
        /// The id that was asked for.
        id: String,
    },
    /// A session-id prefix matches several sessions.
    #[error("`{prefix}` matches several sessions; give more characters of the id")]
    Ambiguous {
        /// The prefix given.
        prefix: String,
    },
    /// The operation does not fit the record's state (e.g. appending to an ended session).
    #[error("{0}")]
    Conflict(String),
    /// The database file is damaged. It is never recreated or wiped automatically.
    #[error("the database {} is damaged ({detail}); PrepAI left it untouched: restore it from a backup, or move it aside to start afresh", path.display())]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// SQLite's description.
        detail: String,
    },
    /// The database was written by a newer PrepAI.
    #[error("the database {} has schema version {found}, but this PrepAI understands up to {supported}; upgrade PrepAI (the file was left untouched)", path.display())]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// The file is an SQLite database of some other program.
    #[error("{} is not a PrepAI database; point --data-dir at another directory", path.display())]
    Foreign {
        /// The database file.
        path: PathBuf,
    },
    /// The data directory could not be created or opened.
    #[error("cannot use data directory {}: {source}", path.display())]
    Io {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Any other database failure.
    #[error("database error: {0}")]
    Database(String),
}
