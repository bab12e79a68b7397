//! The SQL store: one `Store` for SQLite (embedded, the default: WAL, bundled) and PostgreSQL,
//! through sqlx's `Any` driver; each dialect's migrations applied at open.

mod accounts;
mod article_writes;
mod comments;
pub mod copy;
mod editor;
mod limits;
mod lists;
mod media;
mod newsroom;
mod outbox;
mod relations;
mod rows;
mod sql;
mod taxonomy;
#[cfg(feature = "test-support")]
mod test_support;
#[cfg(feature = "test-support")]
pub use test_support::test_database_url;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use accounts::Arg;
use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::accounts::{AuditEntry, Session, User};
use nashir_app::comments::{Comment, CommentStatus, NewComment, QueuedComment};
use nashir_app::limits::Limit;
use nashir_app::mail::{MailRecord, OutgoingMail, QueuedMail};
use nashir_app::{
    ArticleSave, Audit, Change, Guarded, ImportOutcome, ListFilter, NewsroomWrite, Page, Placement,
    RevisionInfo, Store, StoreError, Views,
};
use nashir_core::permissions::Role;
use nashir_core::{
    Article, ArticleId, ArticleSummary, Author, Media, NewArticle, Section, Status, Tag,
};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Any, AnyPool, ConnectOptions, Executor, Transaction};

use rows::{ArticleRow, secs};
use sql::Sql;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

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
    pool: AnyPool,
    dialect: Dialect,
    /// Where it lives (a file path or a URL), to open it again (`reopen`, for tests).
    #[cfg_attr(not(feature = "test-support"), allow(dead_code))]
    location: String,
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
    async fn writing<T>(
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
    async fn write(&self, sql: &'static str, args: &[Arg<'_>]) -> Result<u64, StoreError> {
        self.writing(async |c| accounts::execute(c, sql, args).await)
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

#[async_trait]
impl Store for SqlStore {
    async fn import_article(
        &self,
        import_key: &str,
        a: &NewArticle,
        now: Timestamp,
    ) -> Result<(ArticleId, ImportOutcome), StoreError> {
        let mut tx = self.write_tx().await?;
        let done = article_writes::import_in_tx(&mut tx, import_key, a, now).await?;
        tx.commit().await.map_err(backend)?;
        Ok(done)
    }

    async fn import_batch(
        &self,
        items: &[(String, NewArticle)],
        now: Timestamp,
    ) -> Result<Vec<Result<(ArticleId, ImportOutcome), StoreError>>, StoreError> {
        let mut tx = self.write_tx().await?;
        let results = article_writes::import_each(&mut tx, items, now).await?;
        tx.commit().await.map_err(backend)?;
        Ok(results)
    }

    async fn article(&self, id: ArticleId) -> Result<Option<Article>, StoreError> {
        let row = sqlx::query_as::<_, ArticleRow>(rows::ARTICLE_SELECT_BY_ID)
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        Ok(relations::complete(&self.pool, row.into_iter().collect())
            .await?
            .pop())
    }

    async fn articles(&self, ids: &[ArticleId]) -> Result<Vec<Article>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = Sql::new(rows::ARTICLE_SELECT_IN);
        q.bind_list(&ids.iter().map(|id| id.0).collect::<Vec<_>>())
            .push(")");
        let rows = q
            .query_as::<ArticleRow>()?
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let mut found = relations::complete(&self.pool, rows).await?;
        // In the order asked for (a search's ranking, a list's order).
        let place: std::collections::HashMap<ArticleId, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        found.sort_by_key(|a| place.get(&a.id).copied());
        Ok(found)
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
        relations::complete(&self.pool, rows).await
    }

    async fn list_published(
        &self,
        now: Timestamp,
        filter: &ListFilter,
        page: Page,
        limit: u32,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        lists::list_published(&self.pool, now, filter, page, limit).await
    }

    async fn published_urls(
        &self,
        now: Timestamp,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<(ArticleId, String, Timestamp)>, StoreError> {
        lists::published_urls(&self.pool, now, offset, limit).await
    }

    async fn published_count(&self, now: Timestamp) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM articles
             WHERE status = 'published' AND published_at <= $1 AND deleted_at IS NULL",
        )
        .bind(secs(now))
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(n.max(0) as u64)
    }

    async fn section_by_slug(&self, slug: &str) -> Result<Option<Section>, StoreError> {
        taxonomy::section_by_slug(&self.pool, slug).await
    }

    async fn tag_by_slug(&self, slug: &str) -> Result<Option<Tag>, StoreError> {
        taxonomy::tag_by_slug(&self.pool, slug).await
    }

    async fn author_by_slug(&self, slug: &str) -> Result<Option<Author>, StoreError> {
        taxonomy::author_by_slug(&self.pool, slug).await
    }

    async fn upsert_section(&self, slug: &str, name: &str) -> Result<Section, StoreError> {
        self.writing(async |c| taxonomy::upsert_section(c, slug, name).await)
            .await
    }

    async fn upsert_tag(&self, slug: &str, name: &str) -> Result<Tag, StoreError> {
        self.writing(async |c| taxonomy::upsert_tag(c, slug, name).await)
            .await
    }

    async fn upsert_author(&self, slug: &str, name: &str, bio: &str) -> Result<Author, StoreError> {
        self.writing(async |c| taxonomy::upsert_author(c, slug, name, bio).await)
            .await
    }

    async fn set_article_tags(
        &self,
        id: ArticleId,
        tags: &[i64],
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.writing(async |c| {
            taxonomy::set_article_links(c, &taxonomy::TAG_LINKS, id, tags, now).await
        })
        .await
    }

    async fn set_article_authors(
        &self,
        id: ArticleId,
        authors: &[i64],
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.writing(async |c| {
            taxonomy::set_article_links(c, &taxonomy::AUTHOR_LINKS, id, authors, now).await
        })
        .await
    }

    async fn set_article_featured(
        &self,
        id: ArticleId,
        media: Option<i64>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.writing(async |c| editor::set_featured(c, id, media, now).await)
            .await
    }

    async fn record_views(&self, views: &[Views]) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        for v in views {
            sqlx::query(
                "INSERT INTO article_views (article_id, day, views) VALUES ($1, $2, $3)
                 ON CONFLICT (article_id, day) DO UPDATE SET views = article_views.views + excluded.views",
            )
            .bind(v.article_id.0)
            .bind(v.day)
            .bind(i64::from(v.count))
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn most_read(
        &self,
        now: Timestamp,
        from_day: i32,
        to_day: i32,
        limit: u32,
    ) -> Result<Vec<(ArticleSummary, u64)>, StoreError> {
        lists::most_read(&self.pool, self.dialect, now, from_day, to_day, limit).await
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
            "SELECT seq, article_id FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2",
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

    async fn placements(&self, ids: &[ArticleId]) -> Result<Vec<Placement>, StoreError> {
        lists::placements(&self.pool, ids).await
    }

    async fn revision_count(&self, id: ArticleId) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM revisions WHERE article_id = $1")
            .bind(id.0)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(n.max(0) as u64)
    }

    async fn create_user(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<User, StoreError> {
        accounts::create_user(&self.pool, email, name, role, password_hash, now).await
    }

    async fn user_by_email(&self, email: &str) -> Result<Option<(User, String)>, StoreError> {
        accounts::user_by_email(&self.pool, email).await
    }

    async fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        accounts::user(&self.pool, id).await
    }

    async fn users(&self) -> Result<Vec<User>, StoreError> {
        accounts::users(&self.pool).await
    }

    async fn create_session(
        &self,
        token_digest: &str,
        user_id: i64,
        csrf: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        let sql = "INSERT INTO sessions (token_digest, user_id, csrf, created_at, expires_at)
                   VALUES ($1, $2, $3, $4, $5)";
        let args = [
            Arg::Text(token_digest),
            Arg::Int(user_id),
            Arg::Text(csrf),
            Arg::Int(secs(now)),
            Arg::Int(secs(expires_at)),
        ];
        accounts::execute(&self.pool, sql, &args).await?;
        // Expired sessions are swept as new ones open.
        let sweep = "DELETE FROM sessions WHERE expires_at <= $1";
        accounts::execute(&self.pool, sweep, &[Arg::Int(secs(now))]).await?;
        Ok(())
    }

    async fn session(
        &self,
        token_digest: &str,
        now: Timestamp,
    ) -> Result<Option<Session>, StoreError> {
        accounts::session(&self.pool, token_digest, now).await
    }

    async fn delete_session(&self, token_digest: &str) -> Result<(), StoreError> {
        let sql = "DELETE FROM sessions WHERE token_digest = $1";
        accounts::execute(&self.pool, sql, &[Arg::Text(token_digest)]).await?;
        Ok(())
    }

    async fn rate_events(&self, key: &str, since: Timestamp) -> Result<u32, StoreError> {
        let n: i64 =
            sqlx::query_scalar("SELECT count(*) FROM rate_events WHERE key = $1 AND at >= $2")
                .bind(key)
                .bind(secs(since))
                .fetch_one(&self.pool)
                .await
                .map_err(backend)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn reserve(
        &self,
        limits: &[Limit],
        now: Timestamp,
    ) -> Result<Option<Vec<i64>>, StoreError> {
        // Refused: the transaction rolls back, and took nothing.
        let mut tx = self.write_tx().await?;
        let slots = limits::take(&mut tx, limits, now).await?;
        if slots.is_some() {
            tx.commit().await.map_err(backend)?;
        }
        Ok(slots)
    }

    async fn release(&self, slots: &[i64]) -> Result<(), StoreError> {
        self.writing(async |c| limits::release(c, slots).await)
            .await
    }

    async fn clear_rate_events(&self, key: &str) -> Result<(), StoreError> {
        let sql = "DELETE FROM rate_events WHERE key = $1";
        accounts::execute(&self.pool, sql, &[Arg::Text(key)]).await?;
        Ok(())
    }

    async fn site_secret(&self, name: &str, fresh: &str) -> Result<String, StoreError> {
        let sql =
            "INSERT INTO site_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
        accounts::execute(&self.pool, sql, &[Arg::Text(name), Arg::Text(fresh)]).await?;
        sqlx::query_scalar("SELECT value FROM site_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn append_audit(
        &self,
        user_id: Option<i64>,
        action: &str,
        target: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        accounts::append_audit(&self.pool, user_id, action, target, now).await
    }

    async fn newsroom_write(
        &self,
        write: &NewsroomWrite,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        self.writing(async |c| newsroom::write(c, write, audit, now).await)
            .await
    }

    async fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        accounts::audit_log(&self.pool, limit).await
    }

    async fn newsroom_articles(
        &self,
        created_by: Option<i64>,
        limit: u32,
    ) -> Result<Vec<(ArticleSummary, Status)>, StoreError> {
        lists::newsroom_articles(&self.pool, created_by, limit).await
    }

    async fn save_article(
        &self,
        save: &ArticleSave,
        now: Timestamp,
    ) -> Result<ArticleId, StoreError> {
        let mut tx = self.write_tx().await?;
        let id = editor::save(&mut tx, save, now).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn revisions(&self, id: ArticleId) -> Result<Vec<RevisionInfo>, StoreError> {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT number, kind, title, created_at FROM revisions WHERE article_id = $1 ORDER BY number DESC",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|(number, kind, title, at)| {
                Ok(RevisionInfo {
                    number,
                    kind,
                    title,
                    created_at: rows::timestamp(at)?,
                })
            })
            .collect()
    }

    async fn revision(&self, id: ArticleId, number: i64) -> Result<Option<NewArticle>, StoreError> {
        rows::revision(&self.pool, id, number).await
    }

    async fn publish_due(&self, now: Timestamp) -> Result<Vec<ArticleId>, StoreError> {
        let mut tx = self.write_tx().await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE articles SET status = 'published', modified_at = $1
             WHERE status = 'scheduled' AND published_at <= $2 AND deleted_at IS NULL
             RETURNING id",
        )
        .bind(secs(now))
        .bind(secs(now))
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(ids.into_iter().map(ArticleId).collect())
    }

    async fn trashed_articles(
        &self,
        limit: u32,
    ) -> Result<Vec<(ArticleSummary, Timestamp)>, StoreError> {
        lists::trashed(&self.pool, limit).await
    }

    async fn purge_trash(&self, cutoff: Timestamp) -> Result<u64, StoreError> {
        let sql = "DELETE FROM articles WHERE deleted_at IS NOT NULL AND deleted_at < $1";
        self.write(sql, &[Arg::Int(secs(cutoff))]).await
    }

    async fn tags(&self) -> Result<Vec<Tag>, StoreError> {
        taxonomy::tags(&self.pool).await
    }

    async fn authors(&self) -> Result<Vec<Author>, StoreError> {
        taxonomy::authors(&self.pool).await
    }

    async fn put_autosave(
        &self,
        user_id: i64,
        article: i64,
        content: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let sql =
            "INSERT INTO autosaves (user_id, article_id, content, saved_at) VALUES ($1, $2, $3, $4)
                   ON CONFLICT (user_id, article_id) DO UPDATE
                   SET content = excluded.content, saved_at = excluded.saved_at";
        let args = [
            Arg::Int(user_id),
            Arg::Int(article),
            Arg::Text(content),
            Arg::Int(secs(now)),
        ];
        accounts::execute(&self.pool, sql, &args).await.map(drop)
    }

    async fn autosave(
        &self,
        user_id: i64,
        article: i64,
    ) -> Result<Option<(String, Timestamp)>, StoreError> {
        let row: Option<(String, i64)> = sqlx::query_as(
            "SELECT content, saved_at FROM autosaves WHERE user_id = $1 AND article_id = $2",
        )
        .bind(user_id)
        .bind(article)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(|(content, at)| Ok((content, rows::timestamp(at)?)))
            .transpose()
    }

    async fn add_media(
        &self,
        ext: &str,
        size: (u32, u32),
        widths: &[u32],
        alt: &str,
        created_by: Option<i64>,
        now: Timestamp,
    ) -> Result<Media, StoreError> {
        self.writing(async |c| media::add(c, ext, size, widths, alt, created_by, now).await)
            .await
    }

    async fn delete_media(&self, id: i64) -> Result<(), StoreError> {
        // Articles that show it lose it (ON DELETE SET NULL): an article write.
        self.write("DELETE FROM media WHERE id = $1", &[Arg::Int(id)])
            .await
            .map(drop)
    }

    async fn media(&self, id: i64) -> Result<Option<Media>, StoreError> {
        media::one(&self.pool, id).await
    }

    async fn recent_media(&self, limit: u32) -> Result<Vec<Media>, StoreError> {
        media::recent(&self.pool, limit).await
    }

    async fn set_author_photo(&self, author: i64, media: Option<i64>) -> Result<(), StoreError> {
        self.writing(async |c| taxonomy::set_author_photo(c, author, media).await)
            .await
    }

    async fn add_comment(
        &self,
        comment: &NewComment,
        limits: &[Limit],
        unless_like_since: Timestamp,
        now: Timestamp,
    ) -> Result<Guarded<i64>, StoreError> {
        let mut tx = self.write_tx().await?;
        if comments::has_like(&mut tx, comment, unless_like_since).await? {
            return Ok(Guarded::Duplicate);
        }
        if limits::take(&mut tx, limits, now).await?.is_none() {
            return Ok(Guarded::OverLimit);
        }
        let id = comments::add(&mut tx, comment, now).await?;
        tx.commit().await.map_err(backend)?;
        Ok(Guarded::Done(id))
    }

    async fn comment(&self, id: i64) -> Result<Option<Comment>, StoreError> {
        comments::one(&self.pool, id).await
    }

    async fn article_comments(
        &self,
        article: ArticleId,
        status: CommentStatus,
    ) -> Result<Vec<Comment>, StoreError> {
        comments::of_article(&self.pool, article, status).await
    }

    async fn comments_by_status(
        &self,
        status: CommentStatus,
        limit: u32,
    ) -> Result<Vec<QueuedComment>, StoreError> {
        comments::by_status(&self.pool, status, limit).await
    }

    async fn comment_counts(&self) -> Result<Vec<(CommentStatus, u64)>, StoreError> {
        comments::counts(&self.pool).await
    }

    async fn moderate_comments(
        &self,
        ids: &[i64],
        status: Option<CommentStatus>,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<u64, StoreError> {
        self.writing(async |c| {
            let changed = comments::moderate(c, ids, status, audit.by, now).await?;
            if changed > 0 {
                accounts::append_audit(c, audit.by, &audit.action, &audit.target, now).await?;
            }
            Ok(changed)
        })
        .await
    }

    async fn enqueue_mails(
        &self,
        mails: &[OutgoingMail],
        limits: &[Limit],
        now: Timestamp,
    ) -> Result<Guarded<Vec<i64>>, StoreError> {
        let mut tx = self.write_tx().await?;
        if limits::take(&mut tx, limits, now).await?.is_none() {
            return Ok(Guarded::OverLimit);
        }
        let mut ids = Vec::with_capacity(mails.len());
        for mail in mails {
            ids.push(outbox::enqueue(&mut tx, mail, now).await?);
        }
        tx.commit().await.map_err(backend)?;
        Ok(Guarded::Done(ids))
    }

    async fn claim_mail(
        &self,
        now: Timestamp,
        hold_until: Timestamp,
    ) -> Result<Option<QueuedMail>, StoreError> {
        match self.dialect {
            Dialect::Sqlite => {
                self.writing(async |c| outbox::claim(c, self.dialect, now, hold_until).await)
                    .await
            }
            Dialect::Postgres => outbox::claim(&self.pool, self.dialect, now, hold_until).await,
        }
    }

    async fn mail_sent(&self, id: i64, now: Timestamp) -> Result<(), StoreError> {
        outbox::sent(&self.pool, id, now).await
    }

    async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        outbox::failed(&self.pool, id, error, retry_at, now).await
    }

    async fn outbox(&self, limit: u32) -> Result<Vec<MailRecord>, StoreError> {
        outbox::list(&self.pool, limit).await
    }
}
