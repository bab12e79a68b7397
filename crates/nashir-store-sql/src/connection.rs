//! Opening the database and its write transactions: the plumbing every query shares.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use nashir_app::StoreError;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Any, AnyPool, ConnectOptions, Executor, Transaction};

use crate::sql::{self, Arg};

pub(crate) static SQLITE_MIGRATIONS: sqlx::migrate::Migrator =
    sqlx::migrate!("./migrations/sqlite");
pub(crate) static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator =
    sqlx::migrate!("./migrations/postgres");

/// The two SQL dialects a store speaks. Queries are written once, in the SQL both
/// understand (`$n` placeholders, `ON CONFLICT`, `RETURNING`); the few places that
/// differ ask for the dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// The database every request of one process shares: a SQLite file (the embedded
/// default) or a PostgreSQL server (several nodes).
#[derive(Clone)]
pub struct SqlStore {
    pub(crate) pool: AnyPool,
    pub(crate) dialect: Dialect,
    /// Where it lives (a file path or a URL), to open it again (`reopen`, for tests).
    #[cfg_attr(not(feature = "test-support"), allow(dead_code))]
    pub(crate) location: String,
}

pub(crate) fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// PostgreSQL advisory lock key that write transactions hold (see `write_tx`).
const WRITE_LOCK: i64 = 0x6e61_7368_6972; // "nashir"

/// A statement slower than this is logged as a warning (sqlx's "slow statement"):
/// none should be, on the request path or in upkeep, at 100,000 articles.
const SLOW_STATEMENT: Duration = Duration::from_millis(100);

impl SqlStore {
    /// Opens (creating if missing) the SQLite database at `path` and brings its
    /// schema up to date.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let url = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .to_url_lossy();
        let options = AnyConnectOptions::from_url(&url)
            .map_err(backend)?
            .log_slow_statements(log::LevelFilter::Warn, SLOW_STATEMENT);
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    // Articles and their revisions are 5–15 KB rows: 16 KB pages keep
                    // most of them out of overflow chains (new databases only; WAL
                    // fixes the size). FULL: a commit is on disk before we answer, so
                    // an acknowledged write survives a crash of the process and of the
                    // machine.
                    conn.execute(
                        "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;
                         PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
                         PRAGMA busy_timeout = 5000;",
                    )
                    .await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(backend)?;
        Self::migrate(pool, Dialect::Sqlite, path.to_string_lossy().into_owned()).await
    }

    /// Connects to the PostgreSQL database at `url` (`postgres://user@host/db`) with a
    /// pool of `max_connections`, and brings its schema up to date.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let options = AnyConnectOptions::from_str(url)
            .map_err(backend)?
            .log_slow_statements(log::LevelFilter::Warn, SLOW_STATEMENT);
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(backend)?;
        Self::migrate(pool, Dialect::Postgres, url.to_string()).await
    }

    async fn migrate(
        pool: AnyPool,
        dialect: Dialect,
        location: String,
    ) -> Result<Self, StoreError> {
        let migrations = match dialect {
            Dialect::Sqlite => &SQLITE_MIGRATIONS,
            Dialect::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrations
            .run(&pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migrating the database: {e}")))?;
        Ok(SqlStore {
            pool,
            dialect,
            location,
        })
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The connection pool, for tests and maintenance commands.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Waits for open queries, checkpoints the WAL and closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// `work` in a write transaction of its own, committed when it succeeds.
    pub(crate) async fn writing<T>(
        &self,
        work: impl AsyncFnOnce(&mut sqlx::AnyConnection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut tx = self.write_tx().await?;
        let out = work(&mut tx).await?;
        tx.commit().await.map_err(backend)?;
        Ok(out)
    }

    /// One statement in a write transaction of its own. Statements that can change
    /// articles or comments go through here: their change-log triggers take the
    /// write lock on PostgreSQL, and taking it first, before any row lock, is what
    /// keeps two writers from waiting on each other.
    pub(crate) async fn write(
        &self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<u64, StoreError> {
        self.writing(async |c| sql::execute(c, sql, args).await)
            .await
    }

    /// Write transactions take the write lock up front. On SQLite two writers then
    /// queue on `busy_timeout` instead of failing when a read lock cannot be
    /// upgraded; on PostgreSQL an advisory lock gives every node the same one-writer
    /// rule, so the read-then-write steps of a save (next revision number, "did
    /// anything change?") mean the same on both.
    pub(crate) async fn write_tx(&self) -> Result<Transaction<'static, Any>, StoreError> {
        match self.dialect {
            Dialect::Sqlite => self
                .pool
                .begin_with("BEGIN IMMEDIATE")
                .await
                .map_err(backend),
            Dialect::Postgres => {
                let mut tx = self.pool.begin().await.map_err(backend)?;
                sqlx::query("SELECT count(*) FROM (SELECT pg_advisory_xact_lock($1)) AS locked")
                    .bind(WRITE_LOCK)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                Ok(tx)
            }
        }
    }
}
