//! Newest-first lists of published articles, with filters and keyset pages.

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::{Change, ListingStore, Placement, PublishedUrl, Views};
use nashir_app::{ListFilter, Page, StoreError};
use nashir_core::language::Language;
use nashir_core::{ArticleId, ArticleSummary};
use sqlx::AnyPool;

use crate::SqlStore;
use crate::rows::{RankedRow, SUMMARY_COLUMNS, SUMMARY_JOINS, SummaryRow, secs, timestamp};
use crate::sql::Sql;
use crate::{Dialect, backend};

/// `WHERE` for published articles visible at `now` that pass `filter`.
fn push_visible(q: &mut Sql, now: Timestamp, filter: &ListFilter) {
    q.push(" WHERE a.status = 'published' AND a.deleted_at IS NULL AND a.published_at <= ")
        .bind(secs(now));
    if let Some(language) = filter.language {
        q.push(" AND a.language = ")
            .bind(language.code().to_string());
    }
    if let Some(group) = filter.translation_group {
        q.push(" AND a.translation_group = ").bind(group);
    }
    if let Some(section) = filter.section {
        q.push(" AND a.section_id = ").bind(section);
    }
    if let Some(tag) = filter.tag {
        q.push(
            " AND EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag_id = ",
        )
        .bind(tag)
        .push(")");
    }
    if let Some(author) = filter.author {
        q.push(" AND EXISTS (SELECT 1 FROM article_authors w WHERE w.article_id = a.id AND w.author_id = ")
            .bind(author)
            .push(")");
    }
    if let Some(from) = filter.from {
        q.push(" AND a.published_at >= ").bind(secs(from));
    }
    if let Some(until) = filter.until {
        q.push(" AND a.published_at < ").bind(secs(until));
    }
    if filter.sticky {
        q.push(" AND a.sticky = 1");
    }
}

/// Summaries of the articles of `ids` that are public at `now`, in that order.
pub async fn published_summaries(
    pool: &AnyPool,
    now: Timestamp,
    ids: &[ArticleId],
) -> Result<Vec<ArticleSummary>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("SELECT ");
    q.push(SUMMARY_COLUMNS)
        .push(" FROM articles a")
        .push(SUMMARY_JOINS);
    push_visible(&mut q, now, &ListFilter::default());
    q.push(" AND a.id IN (")
        .bind_list(&ids.iter().map(|id| id.0).collect::<Vec<_>>())
        .push(")");
    let mut found = q
        .query_as::<SummaryRow>()?
        .fetch_all(pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(SummaryRow::into_summary)
        .collect::<Result<Vec<_>, _>>()?;
    found.sort_by_key(|s| ids.iter().position(|id| *id == s.id));
    Ok(found)
}

/// The newest published articles `filter` picks, a page of them.
fn list_query(now: Timestamp, filter: &ListFilter, page: Page, limit: u32) -> Sql {
    let mut q = Sql::new("SELECT ");
    q.push(SUMMARY_COLUMNS)
        .push(" FROM articles a")
        .push(SUMMARY_JOINS);
    push_visible(&mut q, now, filter);
    let (op, order) = match page {
        Page::First => (None, "DESC"),
        Page::Before(c) => (Some((c, "<")), "DESC"),
        Page::After(c) => (Some((c, ">")), "ASC"),
    };
    if let Some((c, op)) = op {
        q.push(&format!(" AND (a.published_at {op} "))
            .bind(secs(c.published))
            .push(" OR (a.published_at = ")
            .bind(secs(c.published))
            .push(&format!(" AND a.id {op} "))
            .bind(c.id.0)
            .push("))");
    }
    q.push(&format!(
        " ORDER BY a.published_at {order}, a.id {order} LIMIT "
    ))
    .bind(i64::from(limit));
    q
}

pub async fn list_published(
    pool: &AnyPool,
    now: Timestamp,
    filter: &ListFilter,
    page: Page,
    limit: u32,
) -> Result<Vec<ArticleSummary>, StoreError> {
    let q = list_query(now, filter, page, limit);
    let mut list = q
        .query_as::<SummaryRow>()?
        .fetch_all(pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(SummaryRow::into_summary)
        .collect::<Result<Vec<_>, _>>()?;
    if matches!(page, Page::After(_)) {
        list.reverse();
    }
    Ok(list)
}

pub async fn published_urls(
    pool: &AnyPool,
    now: Timestamp,
    offset: u64,
    limit: u32,
) -> Result<Vec<PublishedUrl>, StoreError> {
    let rows: Vec<UrlRow> = sqlx::query_as(
        // `+published_at`: SQLite then takes the index in id order
        // (articles_live_urls) instead of sorting rows it must read whole.
        "SELECT id, language, slug, updated_at, translation_group FROM articles
         WHERE status = 'published' AND +published_at <= $1 AND deleted_at IS NULL
         ORDER BY id LIMIT $2 OFFSET $3",
    )
    .bind(secs(now))
    .bind(i64::from(limit))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    rows.into_iter().map(url_of).collect()
}

/// (id, language, slug, updated_at, translation_group).
type UrlRow = (i64, String, String, i64, Option<i64>);

fn url_of((id, language, slug, updated, group): UrlRow) -> Result<PublishedUrl, StoreError> {
    Ok(PublishedUrl {
        id: ArticleId(id),
        language: Language::of_article(&language),
        slug,
        updated_at: timestamp(updated)?,
        translation_group: group,
    })
}

pub async fn group_urls(
    pool: &AnyPool,
    now: Timestamp,
    groups: &[i64],
) -> Result<Vec<PublishedUrl>, StoreError> {
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(
        "SELECT id, language, slug, updated_at, translation_group FROM articles
         WHERE status = 'published' AND deleted_at IS NULL AND published_at <= ",
    );
    q.bind(secs(now))
        .push(" AND translation_group IN (")
        .bind_list(groups)
        .push(") ORDER BY translation_group, id");
    q.query_as::<UrlRow>()?
        .fetch_all(pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(url_of)
        .collect()
}

pub async fn most_read(
    pool: &AnyPool,
    dialect: Dialect,
    language: Language,
    now: Timestamp,
    from_day: i32,
    to_day: i32,
    limit: u32,
) -> Result<Vec<(ArticleSummary, u64)>, StoreError> {
    let mut q = Sql::new("SELECT ");
    q.push(SUMMARY_COLUMNS)
        .push(", v.total FROM (SELECT article_id, CAST(SUM(views) AS BIGINT) AS total FROM article_views WHERE day BETWEEN ")
        .bind(from_day)
        .push(" AND ")
        .bind(to_day)
        .push(" GROUP BY article_id) v ")
        // On SQLite, CROSS JOIN keeps the (small) view totals as the outer loop; left to
        // itself its planner walks every published article instead (400 ms at 100,000
        // articles). PostgreSQL plans this well and has no CROSS JOIN … ON.
        .push(match dialect {
            Dialect::Sqlite => "CROSS JOIN",
            Dialect::Postgres => "JOIN",
        })
        .push(" articles a ON a.id = v.article_id")
        .push(SUMMARY_JOINS);
    push_visible(&mut q, now, &ListFilter::of(language));
    q.push(" ORDER BY v.total DESC, a.id DESC LIMIT ")
        .bind(i64::from(limit));
    q.query_as::<RankedRow>()?
        .fetch_all(pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(|r| Ok((r.summary.into_summary()?, r.total.max(0) as u64)))
        .collect()
}

pub async fn newsroom_articles(
    pool: &AnyPool,
    created_by: Option<i64>,
    limit: u32,
) -> Result<Vec<(ArticleSummary, nashir_core::Status)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        summary: SummaryRow,
        status: String,
    }
    let mut q = Sql::new("SELECT ");
    q.push(SUMMARY_COLUMNS)
        .push(", a.status FROM articles a")
        .push(SUMMARY_JOINS)
        .push(" WHERE a.deleted_at IS NULL");
    if let Some(user) = created_by {
        q.push(" AND a.created_by = ").bind(user);
    }
    q.push(" ORDER BY a.modified_at DESC, a.id DESC LIMIT ")
        .bind(i64::from(limit));
    q.query_as::<Row>()?
        .fetch_all(pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(|r| {
            let status = nashir_core::Status::parse(&r.status)
                .ok_or_else(|| StoreError::Corrupt(format!("status {}", r.status)))?;
            Ok((r.summary.into_summary()?, status))
        })
        .collect()
}

pub async fn trashed(
    pool: &AnyPool,
    limit: u32,
) -> Result<Vec<(ArticleSummary, Timestamp)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        summary: SummaryRow,
        deleted_at: i64,
    }
    let mut q = Sql::new("SELECT ");
    q.push(SUMMARY_COLUMNS)
        .push(", a.deleted_at FROM articles a")
        .push(SUMMARY_JOINS)
        .push(" WHERE a.deleted_at IS NOT NULL ORDER BY a.deleted_at DESC, a.id DESC LIMIT ")
        .bind(i64::from(limit));
    q.query_as::<Row>()?
        .fetch_all(pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(|r| Ok((r.summary.into_summary()?, timestamp(r.deleted_at)?)))
        .collect()
}

/// Where articles are listed: their section, publication time, tags and authors,
/// in one round trip (rows of `(article, kind, value)`).
pub async fn placements(
    pool: &AnyPool,
    ids: &[ArticleId],
) -> Result<Vec<nashir_app::Placement>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    let mut q = Sql::new(
        "SELECT CAST(id AS BIGINT), CAST(0 AS BIGINT), CAST(section_id AS BIGINT) \
         FROM articles WHERE id IN (",
    );
    q.bind_list(&ids).push(")");
    q.push(
        " UNION ALL SELECT CAST(id AS BIGINT), CAST(1 AS BIGINT), CAST(published_at AS BIGINT) \
         FROM articles WHERE published_at IS NOT NULL AND id IN (",
    );
    q.bind_list(&ids).push(")");
    q.push(
        " UNION ALL SELECT CAST(article_id AS BIGINT), CAST(2 AS BIGINT), CAST(tag_id AS BIGINT) \
         FROM article_tags WHERE article_id IN (",
    );
    q.bind_list(&ids).push(")");
    q.push(
        " UNION ALL SELECT CAST(article_id AS BIGINT), CAST(3 AS BIGINT), CAST(author_id AS BIGINT) \
         FROM article_authors WHERE article_id IN (",
    );
    q.bind_list(&ids).push(")");
    q.push(
        " UNION ALL SELECT CAST(related_id AS BIGINT), CAST(4 AS BIGINT), CAST(article_id AS BIGINT) \
         FROM related WHERE origin <> 'removed' AND related_id IN (",
    );
    q.bind_list(&ids).push(") ORDER BY 2");
    let rows: Vec<(i64, i64, i64)> = q
        .query_as::<(i64, i64, i64)>()?
        .fetch_all(pool)
        .await
        .map_err(backend)?;
    let mut placements: Vec<nashir_app::Placement> = Vec::new();
    let mut index = std::collections::HashMap::new();
    // Section rows come first (kind 0), one per existing article.
    for (id, kind, value) in rows {
        if kind == 0 {
            index.insert(id, placements.len());
            placements.push(nashir_app::Placement {
                article_id: ArticleId(id),
                section_id: value,
                tags: Vec::new(),
                authors: Vec::new(),
                published_at: None,
                related_by: Vec::new(),
            });
            continue;
        }
        let Some(p) = index.get(&id).map(|&i| &mut placements[i]) else {
            continue;
        };
        match kind {
            1 => p.published_at = Some(timestamp(value)?),
            2 => p.tags.push(value),
            3 => p.authors.push(value),
            _ => p.related_by.push(ArticleId(value)),
        }
    }
    Ok(placements)
}

#[async_trait]
impl ListingStore for SqlStore {
    async fn published_summaries(
        &self,
        now: Timestamp,
        ids: &[ArticleId],
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        published_summaries(&self.pool, now, ids).await
    }

    async fn list_published(
        &self,
        now: Timestamp,
        filter: &ListFilter,
        page: Page,
        limit: u32,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        list_published(&self.pool, now, filter, page, limit).await
    }

    async fn published_urls(
        &self,
        now: Timestamp,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<PublishedUrl>, StoreError> {
        published_urls(&self.pool, now, offset, limit).await
    }

    async fn group_urls(
        &self,
        now: Timestamp,
        groups: &[i64],
    ) -> Result<Vec<PublishedUrl>, StoreError> {
        group_urls(&self.pool, now, groups).await
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
        language: Language,
        now: Timestamp,
        from_day: i32,
        to_day: i32,
        limit: u32,
    ) -> Result<Vec<(ArticleSummary, u64)>, StoreError> {
        most_read(
            &self.pool,
            self.dialect,
            language,
            now,
            from_day,
            to_day,
            limit,
        )
        .await
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
        placements(&self.pool, ids).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SQLite's plan for the home front's sticky stories reads their own index,
    /// not the whole edition's.
    #[tokio::test]
    async fn sticky_stories_are_read_from_their_own_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqlStore::open(&dir.path().join("nashir.db")).await.unwrap();
        let sticky = ListFilter {
            sticky: true,
            ..ListFilter::of(Language::Arabic)
        };
        let steps = list_query(Timestamp::now(), &sticky, Page::First, 13)
            .plan(&store.pool)
            .await;
        let first = steps.first().map(String::as_str).unwrap_or("");
        assert!(first.contains("USING INDEX articles_sticky"), "{first}");
    }
}
