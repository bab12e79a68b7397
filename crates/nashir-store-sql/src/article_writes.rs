//! Writing articles: a new one or the next version of one, each with its revision, for
//! imports (by import key: created, updated or unchanged) and for the newsroom.

use jiff::Timestamp;
use nashir_app::{ImportOutcome, StoreError};
use nashir_core::{ArticleId, NewArticle};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, Transaction};

use crate::backend;
use crate::rows::{self, ArticleRow, body_json, secs};

pub(crate) type Tx = Transaction<'static, Any>;

async fn section_id(tx: &mut Tx, slug: &str) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT id FROM sections WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::UnknownSection(slug.to_string()))
}

/// Binds, in this order: language, section_id, title, slug, lead, body,
/// source_name, source_url, status, published_at, updated_at, modified_at,
/// custom_slug, meta_description, social_title.
fn bind_content<'q>(
    q: Query<'q, Any, AnyArguments>,
    a: &'q NewArticle,
    section: i64,
    body: &'q str,
    now: Timestamp,
) -> Query<'q, Any, AnyArguments> {
    q.bind(a.language.code())
        .bind(section)
        .bind(&a.title)
        .bind(a.slug())
        .bind(&a.lead)
        .bind(body)
        .bind(a.source.as_ref().map(|s| s.name.as_str()))
        .bind(a.source.as_ref().and_then(|s| s.url.as_deref()))
        .bind(a.status.as_str())
        .bind(a.published_at.map(secs))
        .bind(secs(a.updated_at))
        .bind(secs(now))
        .bind(a.publishing.slug.as_deref())
        .bind(&a.publishing.meta_description)
        .bind(&a.publishing.social_title)
}

/// What a revision records: an article's text in a section, its body as stored JSON.
#[derive(Clone, Copy)]
struct Content<'a> {
    a: &'a NewArticle,
    section: i64,
    body: &'a str,
}

async fn insert_revision(
    tx: &mut Tx,
    (id, number, kind): (i64, i64, &str),
    Content { a, section, body }: Content<'_>,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO revisions (article_id, number, kind, title, lead, body, source_name,
             source_url, section_id, status, updated_at, created_at, custom_slug,
             meta_description, social_title)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(id)
    .bind(number)
    .bind(kind)
    .bind(&a.title)
    .bind(&a.lead)
    .bind(body)
    .bind(a.source.as_ref().map(|s| s.name.as_str()))
    .bind(a.source.as_ref().and_then(|s| s.url.as_deref()))
    .bind(section)
    .bind(a.status.as_str())
    .bind(secs(a.updated_at))
    .bind(secs(now))
    .bind(a.publishing.slug.as_deref())
    .bind(&a.publishing.meta_description)
    .bind(&a.publishing.social_title)
    .execute(&mut **tx)
    .await
    .map_err(backend)?;
    Ok(())
}

/// Creates or updates the article `key` names, inside the caller's transaction.
pub async fn import_in_tx(
    tx: &mut Tx,
    key: &str,
    a: &NewArticle,
    now: Timestamp,
) -> Result<(ArticleId, ImportOutcome), StoreError> {
    let section = section_id(tx, &a.section_slug).await?;
    import_into_section(tx, key, a, section, now).await
}

async fn import_into_section(
    tx: &mut Tx,
    key: &str,
    a: &NewArticle,
    section: i64,
    now: Timestamp,
) -> Result<(ArticleId, ImportOutcome), StoreError> {
    let body = body_json(&a.body)?;
    let existing = sqlx::query_as::<_, ArticleRow>(rows::ARTICLE_SELECT_BY_KEY)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend)?;
    match existing {
        None => {
            let origin = Origin {
                created_by: None,
                import_key: Some(key),
                kind: "import",
            };
            let id = insert(
                tx,
                Content {
                    a,
                    section,
                    body: &body,
                },
                origin,
                now,
            )
            .await?;
            Ok((id, ImportOutcome::Created))
        }
        Some(row) if row.same_content(a, section, &body) => {
            Ok((ArticleId(row.id), ImportOutcome::Unchanged))
        }
        Some(row) => {
            let revision = row.revision + 1;
            let q = sqlx::query(
                "UPDATE articles SET language = $1, section_id = $2, title = $3, slug = $4,
                     lead = $5, body = $6, source_name = $7, source_url = $8, status = $9,
                     published_at = COALESCE(published_at, $10), updated_at = $11,
                     modified_at = $12, custom_slug = $13, meta_description = $14,
                     social_title = $15, revision = $16, deleted_at = NULL
                 WHERE id = $17",
            );
            bind_content(q, a, section, &body, now)
                .bind(revision)
                .bind(row.id)
                .execute(&mut **tx)
                .await
                .map_err(backend)?;
            insert_revision(
                tx,
                (row.id, revision, "import"),
                Content {
                    a,
                    section,
                    body: &body,
                },
                now,
            )
            .await?;
            Ok((ArticleId(row.id), ImportOutcome::Updated))
        }
    }
}

/// Opens the savepoint one item of a batch is written under.
pub(crate) async fn begin_item(tx: &mut Tx) -> Result<(), StoreError> {
    crate::sql::execute(&mut **tx, "SAVEPOINT import_item", &[]).await?;
    Ok(())
}

/// Keeps the item's writes when `result` is a success, else drops them (the
/// batch goes on): an item that fails leaves no trace.
pub(crate) async fn end_item<T>(
    tx: &mut Tx,
    result: &Result<T, StoreError>,
) -> Result<(), StoreError> {
    if result.is_err() {
        crate::sql::execute(&mut **tx, "ROLLBACK TO import_item", &[]).await?;
    }
    crate::sql::execute(&mut **tx, "RELEASE import_item", &[]).await?;
    Ok(())
}

/// Imports each item under its own savepoint: one that fails leaves no trace and
/// does not stop the others; the caller commits them all with one disk sync.
pub async fn import_each(
    tx: &mut Tx,
    items: &[(String, NewArticle)],
    now: Timestamp,
) -> Result<Vec<Result<(ArticleId, ImportOutcome), StoreError>>, StoreError> {
    let mut results = Vec::with_capacity(items.len());
    // Batches usually share one section: look each up once.
    let mut sections: Vec<(&str, i64)> = Vec::new();
    for (key, a) in items {
        begin_item(tx).await?;
        let result = match sections.iter().find(|(slug, _)| *slug == a.section_slug) {
            Some((_, section)) => import_into_section(tx, key, a, *section, now).await,
            None => match section_id(tx, &a.section_slug).await {
                Ok(section) => {
                    sections.push((&a.section_slug, section));
                    import_into_section(tx, key, a, section, now).await
                }
                Err(e) => Err(e),
            },
        };
        end_item(tx, &result).await?;
        results.push(result);
    }
    Ok(results)
}

/// Who or what an article comes from: a newsroom user, or an import key.
pub struct Origin<'a> {
    pub created_by: Option<i64>,
    pub import_key: Option<&'a str>,
    /// The first revision's kind.
    pub kind: &'a str,
}

/// Inserts a new article and its first revision.
async fn insert(
    tx: &mut Tx,
    content: Content<'_>,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<ArticleId, StoreError> {
    let q = sqlx::query(
        "INSERT INTO articles (language, section_id, title, slug, lead, body,
             source_name, source_url, status, published_at, updated_at, modified_at,
             custom_slug, meta_description, social_title, created_at, revision,
             created_by, import_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1,
             $17, $18)
         RETURNING id",
    );
    let row = bind_content(q, content.a, content.section, content.body, now)
        .bind(secs(now))
        .bind(origin.created_by)
        .bind(origin.import_key)
        .fetch_one(&mut **tx)
        .await
        .map_err(backend)?;
    let id: i64 = sqlx::Row::try_get(&row, 0).map_err(backend)?;
    insert_revision(tx, (id, 1, origin.kind), content, now).await?;
    Ok(ArticleId(id))
}

/// A new article written in the newsroom.
pub async fn create(
    tx: &mut Tx,
    a: &NewArticle,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<ArticleId, StoreError> {
    let section = section_id(tx, &a.section_slug).await?;
    let body = body_json(&a.body)?;
    insert(
        tx,
        Content {
            a,
            section,
            body: &body,
        },
        origin,
        now,
    )
    .await
}

/// A newsroom save of an existing article, recorded as revision `kind`.
/// Writes the next version of an article and its revision; returns the revision's number.
pub async fn update(
    tx: &mut Tx,
    id: ArticleId,
    a: &NewArticle,
    kind: &str,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let section = section_id(tx, &a.section_slug).await?;
    let body = body_json(&a.body)?;
    let revision: i64 = sqlx::query_scalar(
        "SELECT revision + 1 FROM articles WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(id.0)
    .fetch_optional(&mut **tx)
    .await
    .map_err(backend)?
    .ok_or_else(|| StoreError::Corrupt(format!("no article {id}")))?;
    let q = sqlx::query(
        "UPDATE articles SET language = $1, section_id = $2, title = $3, slug = $4,
             lead = $5, body = $6, source_name = $7, source_url = $8, status = $9,
             published_at = $10, updated_at = $11, modified_at = $12, custom_slug = $13,
             meta_description = $14, social_title = $15, revision = $16
         WHERE id = $17",
    );
    bind_content(q, a, section, &body, now)
        .bind(revision)
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .map_err(backend)?;
    insert_revision(
        tx,
        (id.0, revision, kind),
        Content {
            a,
            section,
            body: &body,
        },
        now,
    )
    .await?;
    Ok(revision)
}
