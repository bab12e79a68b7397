//! Articles: reading them whole, and the newsroom's and imports' writes.

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::{
    ArticleSave, ArticleStore, CorrectionEntry, ImportOutcome, RevisionInfo, StoreError,
    records::Review,
};
use nashir_core::language::Language;
use nashir_core::{Article, ArticleId, ArticleSummary, Correction, NewArticle, Status};

use crate::rows::{ArticleRow, secs, timestamp};
use crate::sql::{Arg, Sql, execute};
use crate::{
    SqlStore, article_writes, backend, editor, lists, relations, reviews, rows, taxonomy, webhooks,
};

#[async_trait]
impl ArticleStore for SqlStore {
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

    async fn article_count(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM articles")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(n.max(0) as u64)
    }

    async fn revision_count(&self, id: ArticleId) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM revisions WHERE article_id = $1")
            .bind(id.0)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(n.max(0) as u64)
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

    async fn set_article_featured(
        &self,
        id: ArticleId,
        media: Option<i64>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.writing(async |c| editor::set_featured(c, id, media, now).await)
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
        execute(&self.pool, sql, &args).await.map(drop)
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

    async fn link_translation(
        &self,
        article: ArticleId,
        of: ArticleId,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let mut tx = self.write_tx().await?;
        let group = sqlx::query_scalar::<_, i64>(
            "UPDATE articles SET translation_group = COALESCE(translation_group, id)
             WHERE id = $1 RETURNING translation_group",
        )
        .bind(of.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        let Some(group) = group else {
            return Ok(false);
        };
        // The unique index (group, language) refuses a second article of a
        // language, however many nodes link at once.
        let linked =
            sqlx::query("UPDATE articles SET translation_group = $1 WHERE id = $2 AND id <> $3")
                .bind(group)
                .bind(article.0)
                .bind(of.0)
                .execute(&mut *tx)
                .await;
        match linked {
            Ok(_) => {}
            Err(sqlx::Error::Database(d)) if d.is_unique_violation() => return Ok(false),
            Err(e) => return Err(backend(e)),
        }
        // Each page of the group now names the newcomer.
        sqlx::query("UPDATE articles SET modified_at = $1 WHERE translation_group = $2")
            .bind(secs(now))
            .bind(group)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(true)
    }

    async fn translation_in(
        &self,
        group: i64,
        language: Language,
    ) -> Result<Option<ArticleId>, StoreError> {
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM articles WHERE translation_group = $1 AND language = $2",
        )
        .bind(group)
        .bind(language.code())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(id.map(ArticleId))
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
        for id in &ids {
            let data = serde_json::json!({ "id": id });
            webhooks::enqueue(&mut tx, nashir_app::webhooks::PUBLISHED, data, now).await?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(ids.into_iter().map(ArticleId).collect())
    }

    async fn corrections(
        &self,
        language: Language,
        now: Timestamp,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<CorrectionEntry>, StoreError> {
        let rows: Vec<(i64, String, i64, i64, String, String)> = sqlx::query_as(
            "SELECT k.id, k.note, k.created_at, a.id, a.title, a.slug
             FROM corrections k JOIN articles a ON a.id = k.article_id
             WHERE k.id < $1 AND a.status = 'published' AND a.published_at <= $2
                   AND a.deleted_at IS NULL AND a.language = $3
             ORDER BY k.id DESC LIMIT $4",
        )
        .bind(before.unwrap_or(i64::MAX))
        .bind(secs(now))
        .bind(language.code())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|(id, note, at, article, title, slug)| {
                Ok(CorrectionEntry {
                    id,
                    correction: Correction {
                        note,
                        at: timestamp(at)?,
                    },
                    article_id: ArticleId(article),
                    title,
                    slug,
                    language,
                })
            })
            .collect()
    }

    async fn mark_editing(
        &self,
        article: ArticleId,
        user: i64,
        since: Timestamp,
        now: Timestamp,
    ) -> Result<Vec<String>, StoreError> {
        self.writing(async |c| {
            sqlx::query(
                "INSERT INTO editing (article_id, user_id, seen_at) VALUES ($1, $2, $3)
                 ON CONFLICT (article_id, user_id) DO UPDATE SET seen_at = excluded.seen_at",
            )
            .bind(article.0)
            .bind(user)
            .bind(secs(now))
            .execute(&mut *c)
            .await
            .map_err(backend)?;
            sqlx::query_scalar(
                "SELECT u.name FROM editing e JOIN users u ON u.id = e.user_id
                 WHERE e.article_id = $1 AND e.user_id <> $2 AND e.seen_at > $3
                 ORDER BY e.seen_at DESC",
            )
            .bind(article.0)
            .bind(user)
            .bind(secs(since))
            .fetch_all(&mut *c)
            .await
            .map_err(backend)
        })
        .await
    }

    async fn editing(
        &self,
        articles: &[ArticleId],
        since: Timestamp,
    ) -> Result<Vec<(ArticleId, String)>, StoreError> {
        if articles.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = Sql::new(
            "SELECT e.article_id, u.name FROM editing e JOIN users u ON u.id = e.user_id
             WHERE e.seen_at > ",
        );
        q.bind(secs(since)).push(" AND e.article_id IN (");
        q.bind_list(&articles.iter().map(|a| a.0).collect::<Vec<_>>())
            .push(") ORDER BY e.article_id, e.seen_at DESC");
        let rows: Vec<(i64, String)> =
            q.query_as()?.fetch_all(&self.pool).await.map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| (ArticleId(id), name))
            .collect())
    }

    async fn reviews(&self, articles: &[ArticleId]) -> Result<Vec<Review>, StoreError> {
        reviews::of(&self.pool, articles).await
    }

    async fn review_queue(&self, limit: u32) -> Result<Vec<(ArticleSummary, Review)>, StoreError> {
        reviews::queue(&self.pool, limit).await
    }
}
