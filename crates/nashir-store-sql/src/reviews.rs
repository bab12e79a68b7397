//! Drafts sent for review: the save that sends one, the editor's answer (a
//! newsroom write), and the queue editors work through.

use jiff::Timestamp;
use nashir_app::StoreError;
use nashir_app::records::{Review, ReviewMark, ReviewState};
use nashir_core::{ArticleId, ArticleSummary};
use sqlx::{AnyConnection, AnyPool};

use crate::backend;
use crate::rows::{SUMMARY_COLUMNS, SUMMARY_JOINS, SummaryRow, secs, timestamp};
use crate::sql::Sql;

const COLUMNS: &str =
    "r.article_id, r.state, r.note, r.requested_by, r.requested_at, r.answered_at";

#[derive(sqlx::FromRow)]
struct ReviewRow {
    article_id: i64,
    state: String,
    note: String,
    requested_by: Option<i64>,
    requested_at: i64,
    answered_at: Option<i64>,
}

impl ReviewRow {
    fn into_review(self) -> Result<Review, StoreError> {
        Ok(Review {
            article_id: ArticleId(self.article_id),
            state: ReviewState::parse(&self.state)
                .ok_or_else(|| StoreError::Corrupt(format!("review state {}", self.state)))?,
            note: self.note,
            requested_by: self.requested_by,
            requested_at: timestamp(self.requested_at)?,
            answered_at: self.answered_at.map(timestamp).transpose()?,
        })
    }
}

/// Applies a save's review mark on `conn` (the save's write transaction).
pub async fn mark(
    conn: &mut AnyConnection,
    article: ArticleId,
    mark: ReviewMark,
    by: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let q = match mark {
        ReviewMark::Submit => sqlx::query(
            "INSERT INTO reviews (article_id, state, note, requested_by, requested_at)
             VALUES ($1, 'submitted', '', $2, $3)
             ON CONFLICT (article_id) DO UPDATE SET state = 'submitted', note = '',
                 requested_by = excluded.requested_by, requested_at = excluded.requested_at,
                 answered_by = NULL, answered_at = NULL",
        )
        .bind(article.0)
        .bind(by)
        .bind(secs(now)),
        ReviewMark::Clear => {
            sqlx::query("DELETE FROM reviews WHERE article_id = $1").bind(article.0)
        }
    };
    q.execute(conn).await.map_err(backend)?;
    Ok(())
}

/// Sends a submitted draft back with a note; false when none was waiting.
pub async fn send_back(
    conn: &mut AnyConnection,
    article: ArticleId,
    note: &str,
    by: i64,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE reviews SET state = 'returned', note = $1, answered_by = $2, answered_at = $3
         WHERE article_id = $4 AND state = 'submitted'",
    )
    .bind(note)
    .bind(by)
    .bind(secs(now))
    .bind(article.0)
    .execute(conn)
    .await
    .map_err(backend)?;
    Ok(done.rows_affected() > 0)
}

pub async fn of(pool: &AnyPool, articles: &[ArticleId]) -> Result<Vec<Review>, StoreError> {
    if articles.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("SELECT ");
    q.push(COLUMNS)
        .push(" FROM reviews r WHERE r.article_id IN (");
    q.bind_list(&articles.iter().map(|a| a.0).collect::<Vec<_>>())
        .push(")");
    q.query_as::<ReviewRow>()?
        .fetch_all(pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(ReviewRow::into_review)
        .collect()
}

pub async fn queue(
    pool: &AnyPool,
    limit: u32,
) -> Result<Vec<(ArticleSummary, Review)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        summary: SummaryRow,
        #[sqlx(flatten)]
        review: ReviewRow,
    }
    let mut q = Sql::new("SELECT ");
    q.push(SUMMARY_COLUMNS)
        .push(", ")
        .push(COLUMNS)
        .push(" FROM reviews r JOIN articles a ON a.id = r.article_id")
        .push(SUMMARY_JOINS)
        .push(" WHERE r.state = 'submitted' AND a.deleted_at IS NULL")
        .push(" ORDER BY r.requested_at, r.article_id LIMIT ")
        .bind(i64::from(limit));
    q.query_as::<Row>()?
        .fetch_all(pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(|r| Ok((r.summary.into_summary()?, r.review.into_review()?)))
        .collect()
}
