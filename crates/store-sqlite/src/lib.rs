//! The embedded default store: SQLite through sqlx, WAL mode, migrations applied at open.

mod rows;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::{Change, ImportOutcome, Store, StoreError};
use nashir_core::{Article, ArticleId, ArticleSummary, NewArticle, Section};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{SqlitePool, Transaction};

use rows::{ArticleRow, AuthorRow, SummaryRow, body_json, secs};

static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A SQLite database file shared by every request of one process.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite://")
            .map_err(backend)?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a commit is on disk before we answer, so an acknowledged write
            // survives a crash of the process and of the machine.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(backend)?;
        MIGRATIONS
            .run(&pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migrating the database: {e}")))?;
        Ok(SqliteStore { pool })
    }

    /// The connection pool, for tests and maintenance commands.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Waits for open queries, checkpoints the WAL and closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn with_authors(&self, row: ArticleRow) -> Result<Article, StoreError> {
        let authors = sqlx::query_as::<_, AuthorRow>(
            "SELECT au.id, au.slug, au.name FROM article_authors aa
             JOIN authors au ON au.id = aa.author_id
             WHERE aa.article_id = ? ORDER BY aa.position, au.id",
        )
        .bind(row.id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        row.into_article(authors)
    }

    /// Write transactions take the write lock up front, so two writers queue on
    /// `busy_timeout` instead of failing when a read lock cannot be upgraded.
    async fn write_tx(&self) -> Result<Transaction<'static, sqlx::Sqlite>, StoreError> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(backend)
    }
}

async fn section_id(
    tx: &mut Transaction<'static, sqlx::Sqlite>,
    slug: &str,
) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT id FROM sections WHERE slug = ?")
        .bind(slug)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::UnknownSection(slug.to_string()))
}

async fn insert_revision(
    tx: &mut Transaction<'static, sqlx::Sqlite>,
    id: i64,
    number: i64,
    kind: &str,
    a: &NewArticle,
    section: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO revisions (article_id, number, kind, title, lead, body, source_name,
             source_url, section_id, status, updated_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(number)
    .bind(kind)
    .bind(&a.title)
    .bind(&a.lead)
    .bind(body_json(&a.body)?)
    .bind(a.source.as_ref().map(|s| s.name.as_str()))
    .bind(a.source.as_ref().and_then(|s| s.url.as_deref()))
    .bind(section)
    .bind(a.status.as_str())
    .bind(secs(a.updated_at))
    .bind(secs(now))
    .execute(&mut **tx)
    .await
    .map_err(backend)?;
    Ok(())
}

#[async_trait]
impl Store for SqliteStore {
    async fn import_article(
        &self,
        import_key: &str,
        a: &NewArticle,
        now: Timestamp,
    ) -> Result<(ArticleId, ImportOutcome), StoreError> {
        let mut tx = self.write_tx().await?;
        let section = section_id(&mut tx, &a.section_slug).await?;
        let body = body_json(&a.body)?;
        let existing = sqlx::query_as::<_, ArticleRow>(rows::ARTICLE_SELECT_BY_KEY)
            .bind(import_key)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        let (id, outcome) = match existing {
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO articles (language, section_id, title, slug, lead, body,
                         source_name, source_url, status, published_at, updated_at, modified_at,
                         created_at, revision, import_key)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id",
                )
                .bind(&a.language)
                .bind(section)
                .bind(&a.title)
                .bind(a.slug())
                .bind(&a.lead)
                .bind(&body)
                .bind(a.source.as_ref().map(|s| s.name.as_str()))
                .bind(a.source.as_ref().and_then(|s| s.url.as_deref()))
                .bind(a.status.as_str())
                .bind(a.published_at.map(secs))
                .bind(secs(a.updated_at))
                .bind(secs(now))
                .bind(secs(now))
                .bind(import_key)
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
                insert_revision(&mut tx, id, 1, "import", a, section, now).await?;
                (id, ImportOutcome::Created)
            }
            Some(row) if row.same_content(a, section, &body) => (row.id, ImportOutcome::Unchanged),
            Some(row) => {
                let revision = row.revision + 1;
                sqlx::query(
                    "UPDATE articles SET language = ?, section_id = ?, title = ?, slug = ?,
                         lead = ?, body = ?, source_name = ?, source_url = ?, status = ?,
                         published_at = COALESCE(published_at, ?), updated_at = ?,
                         modified_at = ?, revision = ?, deleted_at = NULL
                     WHERE id = ?",
                )
                .bind(&a.language)
                .bind(section)
                .bind(&a.title)
                .bind(a.slug())
                .bind(&a.lead)
                .bind(&body)
                .bind(a.source.as_ref().map(|s| s.name.as_str()))
                .bind(a.source.as_ref().and_then(|s| s.url.as_deref()))
                .bind(a.status.as_str())
                .bind(a.published_at.map(secs))
                .bind(secs(a.updated_at))
                .bind(secs(now))
                .bind(revision)
                .bind(row.id)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
                insert_revision(&mut tx, row.id, revision, "import", a, section, now).await?;
                (row.id, ImportOutcome::Updated)
            }
        };
        tx.commit().await.map_err(backend)?;
        Ok((ArticleId(id), outcome))
    }

    async fn article(&self, id: ArticleId) -> Result<Option<Article>, StoreError> {
        let Some(row) = sqlx::query_as::<_, ArticleRow>(rows::ARTICLE_SELECT_BY_ID)
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        self.with_authors(row).await.map(Some)
    }

    async fn articles_after(
        &self,
        after: ArticleId,
        limit: u32,
    ) -> Result<Vec<Article>, StoreError> {
        let rows = sqlx::query_as::<_, ArticleRow>(rows::ARTICLE_SELECT_AFTER)
            .bind(after.0)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let mut articles = Vec::with_capacity(rows.len());
        for row in rows {
            articles.push(self.with_authors(row).await?);
        }
        Ok(articles)
    }

    async fn latest_published(
        &self,
        now: Timestamp,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        sqlx::query_as::<_, SummaryRow>(
            "SELECT a.id, a.title, a.slug, a.lead, a.published_at, a.updated_at,
                    s.id AS section_id, s.slug AS section_slug, s.name AS section_name
             FROM articles a JOIN sections s ON s.id = a.section_id
             WHERE a.status = 'published' AND a.published_at <= ? AND a.deleted_at IS NULL
             ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?",
        )
        .bind(secs(now))
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(SummaryRow::into_summary)
        .collect()
    }

    async fn article_count(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM articles")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(n.max(0) as u64)
    }

    async fn sections(&self) -> Result<Vec<Section>, StoreError> {
        sqlx::query_as::<_, (i64, String, String)>(
            "SELECT id, slug, name FROM sections ORDER BY position, id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)
        .map(|rows| {
            rows.into_iter()
                .map(|(id, slug, name)| Section { id, slug, name })
                .collect()
        })
    }

    async fn changes_since(&self, seq: i64, limit: u32) -> Result<Vec<Change>, StoreError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT seq, article_id FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
        )
        .bind(seq)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|(seq, id)| Change {
                seq,
                article_id: ArticleId(id),
            })
            .collect())
    }

    async fn last_change(&self) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM changes")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn revision_count(&self, id: ArticleId) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM revisions WHERE article_id = ?")
            .bind(id.0)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(n.max(0) as u64)
    }
}
