//! What completes article rows: their authors, tags and images, for any number
//! of articles in three round trips (the rows, their links, their images), not
//! three per article; a fourth when any of them has corrections.

use std::collections::HashMap;

use nashir_app::StoreError;
use nashir_core::{Article, Author, Correction, Media, Tag};
use sqlx::AnyPool;

use crate::rows::{ArticleRow, timestamp};
use crate::sql::Sql;
use crate::{backend, media};

/// One author or tag of an article (`kind`), in its place.
#[derive(sqlx::FromRow)]
struct LinkRow {
    article_id: i64,
    kind: String,
    id: i64,
    slug: String,
    name: String,
    bio: Option<String>,
    photo: Option<i64>,
}

/// Authors and tags of `ids`, each article's in order, in one query.
async fn links(pool: &AnyPool, ids: &[i64]) -> Result<Vec<LinkRow>, StoreError> {
    let mut q = Sql::new(
        "SELECT aa.article_id AS article_id, 'author' AS kind, aa.position AS position,
                au.id AS id, au.slug AS slug, au.name AS name, au.bio AS bio,
                au.photo_media_id AS photo
         FROM article_authors aa JOIN authors au ON au.id = aa.author_id
         WHERE aa.article_id IN (",
    );
    q.bind_list(ids).push(
        ") UNION ALL
         SELECT at.article_id, 'tag', at.position, t.id, t.slug, t.name, NULL, NULL
         FROM article_tags at JOIN tags t ON t.id = at.tag_id
         WHERE at.article_id IN (",
    );
    q.bind_list(ids)
        .push(") ORDER BY article_id, kind, position, name, id");
    q.query_as::<LinkRow>()?
        .fetch_all(pool)
        .await
        .map_err(backend)
}

/// The corrections of `ids`, by article, oldest first.
async fn corrections(
    pool: &AnyPool,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<Correction>>, StoreError> {
    let mut by_article: HashMap<i64, Vec<Correction>> = HashMap::new();
    if ids.is_empty() {
        return Ok(by_article);
    }
    let mut q =
        Sql::new("SELECT article_id, note, created_at FROM corrections WHERE article_id IN (");
    q.bind_list(ids)
        .push(") ORDER BY article_id, created_at, id");
    let rows: Vec<(i64, String, i64)> = q.query_as()?.fetch_all(pool).await.map_err(backend)?;
    for (article, note, at) in rows {
        let at = timestamp(at)?;
        by_article
            .entry(article)
            .or_default()
            .push(Correction { note, at });
    }
    Ok(by_article)
}

/// Completes article rows, keeping their order.
pub async fn complete(pool: &AnyPool, rows: Vec<ArticleRow>) -> Result<Vec<Article>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let links = links(pool, &ids).await?;
    let corrected: Vec<i64> = rows
        .iter()
        .filter(|r| r.corrections > 0)
        .map(|r| r.id)
        .collect();
    let mut corrections = corrections(pool, &corrected).await?;
    // Featured images and the bodies' images, in one query (a body may hold many).
    let body_images = rows
        .iter()
        .map(ArticleRow::body_images)
        .collect::<Result<Vec<_>, _>>()?;
    let mut wanted: Vec<i64> = body_images
        .iter()
        .flatten()
        .copied()
        .chain(rows.iter().filter_map(|r| r.featured_media_id))
        .chain(rows.iter().filter_map(|r| r.social_media_id))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let found: HashMap<i64, Media> = media::many(pool, &wanted)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let by_id = |id: i64| found.get(&id).cloned();
    // One pass over the links (they come ordered), not one per article.
    let mut linked: HashMap<i64, (Vec<Author>, Vec<Tag>)> = HashMap::new();
    for l in links {
        let (authors, tags) = linked.entry(l.article_id).or_default();
        if l.kind == "author" {
            authors.push(Author {
                id: l.id,
                slug: l.slug,
                name: l.name,
                bio: l.bio.unwrap_or_default(),
                photo: l.photo,
            });
        } else {
            tags.push(Tag {
                id: l.id,
                slug: l.slug,
                name: l.name,
            });
        }
    }
    rows.into_iter()
        .zip(body_images)
        .map(|(row, body_ids)| {
            let (authors, tags) = linked.remove(&row.id).unwrap_or_default();
            let featured = row.featured_media_id.and_then(by_id);
            let images = body_ids.into_iter().filter_map(by_id).collect();
            let social = row.social_media_id.and_then(by_id);
            let corrections = corrections.remove(&row.id).unwrap_or_default();
            row.into_article((featured, images, social), authors, tags, corrections)
        })
        .collect()
}
