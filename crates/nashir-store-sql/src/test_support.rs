//! Throwaway databases for tests (feature `test-support`): a new PostgreSQL
//! database per test when `TEST_DATABASE_URL` names a server, else SQLite in a
//! temporary folder. `scripts/test` runs the suites both ways.

use std::path::Path;

use nashir_app::StoreError;
use sqlx::{Connection, Executor};

use crate::{Dialect, SqlStore, backend};

/// The PostgreSQL server tests run on (`TEST_DATABASE_URL`), if any.
pub fn test_database_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

impl SqlStore {
    /// A fresh, empty store for a test: on the PostgreSQL server that
    /// `TEST_DATABASE_URL` names (a new database each time), else SQLite in `dir`.
    /// `scripts/test` runs the suite both ways.
    pub async fn open_for_test(dir: &Path) -> Result<Self, StoreError> {
        let Some(admin_url) = test_database_url() else {
            return Self::open(&dir.join("nashir.db")).await;
        };
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "nashir_test_{}_{}_{}",
            std::process::id(),
            jiff::Timestamp::now().as_microsecond(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        sqlx::any::install_default_drivers();
        let mut admin = sqlx::AnyConnection::connect(&admin_url)
            .await
            .map_err(backend)?;
        admin
            .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .map_err(backend)?;
        let _ = admin.close().await;
        let (server, _) = admin_url
            .rsplit_once('/')
            .ok_or_else(|| StoreError::Backend(format!("not a database URL: {admin_url}")))?;
        Self::connect(&format!("{server}/{name}"), 4).await
    }

    /// The same database through a new pool, as another process would open it.
    pub async fn reopen(&self) -> Result<Self, StoreError> {
        match self.dialect {
            Dialect::Sqlite => Self::open(Path::new(&self.location)).await,
            Dialect::Postgres => Self::connect(&self.location, 4).await,
        }
    }
}
