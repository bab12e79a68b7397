//! Uploaded images.

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::MediaStore;
use nashir_app::StoreError;
use nashir_core::Media;
use sqlx::AnyPool;

use crate::SqlStore;
use crate::backend;
use crate::rows::secs;
use crate::sql::Arg;

#[derive(sqlx::FromRow)]
pub struct MediaRow {
    pub id: i64,
    pub ext: String,
    pub width: i64,
    pub height: i64,
    pub widths: String,
    pub alt: String,
    pub created_by: Option<i64>,
}

impl MediaRow {
    pub fn into_media(self) -> Result<Media, StoreError> {
        Ok(Media {
            widths: serde_json::from_str(&self.widths)
                .map_err(|e| StoreError::Corrupt(format!("media {} widths: {e}", self.id)))?,
            id: self.id,
            ext: self.ext,
            width: u32::try_from(self.width).unwrap_or(0),
            height: u32::try_from(self.height).unwrap_or(0),
            alt: self.alt,
            created_by: self.created_by,
        })
    }
}

pub const MEDIA_COLUMNS: &str = "id, ext, width, height, widths, alt, created_by";

pub async fn add(
    conn: &mut sqlx::AnyConnection,
    ext: &str,
    (width, height): (u32, u32),
    widths: &[u32],
    alt: &str,
    created_by: Option<i64>,
    now: Timestamp,
) -> Result<Media, StoreError> {
    let widths = serde_json::to_string(widths).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query_as::<_, MediaRow>(
        "INSERT INTO media (ext, width, height, widths, alt, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, ext, width, height, widths, alt, created_by",
    )
    .bind(ext)
    .bind(i64::from(width))
    .bind(i64::from(height))
    .bind(widths)
    .bind(alt)
    .bind(created_by)
    .bind(secs(now))
    .fetch_one(conn)
    .await
    .map_err(backend)?
    .into_media()
}

pub async fn one(pool: &AnyPool, id: i64) -> Result<Option<Media>, StoreError> {
    sqlx::query_as::<_, MediaRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {MEDIA_COLUMNS} FROM media WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(backend)?
    .map(MediaRow::into_media)
    .transpose()
}

/// The images among `ids` that exist, in one query.
pub async fn many(pool: &AnyPool, ids: &[i64]) -> Result<Vec<Media>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = crate::sql::Sql::new(&format!("SELECT {MEDIA_COLUMNS} FROM media WHERE id IN ("));
    q.bind_list(ids).push(")");
    q.query_as::<MediaRow>()?
        .fetch_all(pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(MediaRow::into_media)
        .collect()
}

pub async fn recent(pool: &AnyPool, limit: u32) -> Result<Vec<Media>, StoreError> {
    sqlx::query_as::<_, MediaRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {MEDIA_COLUMNS} FROM media ORDER BY id DESC LIMIT $1"
    )))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(backend)?
    .into_iter()
    .map(MediaRow::into_media)
    .collect()
}

#[async_trait]
impl MediaStore for SqlStore {
    async fn add_media(
        &self,
        ext: &str,
        size: (u32, u32),
        widths: &[u32],
        alt: &str,
        created_by: Option<i64>,
        now: Timestamp,
    ) -> Result<Media, StoreError> {
        self.writing(async |c| add(c, ext, size, widths, alt, created_by, now).await)
            .await
    }

    async fn delete_media(&self, id: i64) -> Result<(), StoreError> {
        // Articles that show it lose it (ON DELETE SET NULL): an article write.
        self.write("DELETE FROM media WHERE id = $1", &[Arg::Int(id)])
            .await
            .map(drop)
    }

    async fn media(&self, id: i64) -> Result<Option<Media>, StoreError> {
        one(&self.pool, id).await
    }

    async fn recent_media(&self, limit: u32) -> Result<Vec<Media>, StoreError> {
        recent(&self.pool, limit).await
    }
}
