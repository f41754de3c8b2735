//! What every command needs: resolved paths, the type registry and the store,
//! each created on first use.

use std::cell::OnceCell;
use std::path::PathBuf;

use anyhow::Result;
use prepai_core::{Config, Paths, SqliteStore, TypeRegistry};

/// A remote PrepAI server to use instead of the local engine (`--server`).
#[derive(Clone)]
pub struct Remote {
    /// Its base URL.
    pub url: String,
    /// The API token, if given.
    pub token: Option<String>,
}

/// Lazily resolved state shared by the commands of one invocation.
pub struct Context {
    data_dir_flag: Option<PathBuf>,
    /// Whether `--json` was given.
    pub json: bool,
    /// The server given with `--server`, if any.
    pub remote: Option<Remote>,
    paths: OnceCell<(Paths, Config)>,
    store: OnceCell<SqliteStore>,
}

impl Context {
    /// A context for the given `--data-dir` flag and output mode.
    pub fn new(data_dir_flag: Option<PathBuf>, json: bool) -> Self {
        Context {
            data_dir_flag,
            json,
            remote: None,
            paths: OnceCell::new(),
            store: OnceCell::new(),
        }
    }

    /// The config and data directories (flag > env > config file > platform default).
    pub fn paths(&self) -> Result<&Paths> {
        Ok(&self.resolved()?.0)
    }

    /// The configuration file's settings.
    pub fn config(&self) -> Result<&Config> {
        Ok(&self.resolved()?.1)
    }

    fn resolved(&self) -> Result<&(Paths, Config)> {
        if let Some(p) = self.paths.get() {
            return Ok(p);
        }
        let resolved = Paths::resolve(self.data_dir_flag.as_deref(), |k| std::env::var(k).ok())?;
        Ok(self.paths.get_or_init(|| resolved))
    }

    /// Built-in interview types plus the user's own.
    pub fn registry(&self) -> Result<TypeRegistry> {
        Ok(TypeRegistry::with_user_dir(
            &self.paths()?.user_types_dir(),
        )?)
    }

    /// The store, opened (and migrated) on first use.
    pub fn store(&self) -> Result<&SqliteStore> {
        if let Some(s) = self.store.get() {
            return Ok(s);
        }
        let store = SqliteStore::open_dir(&self.paths()?.data_dir)?;
        Ok(self.store.get_or_init(|| store))
    }
}
