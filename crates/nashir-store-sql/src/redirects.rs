//! Redirects: old addresses and the paths that replaced them. [`upsert`] writes
//! them on any connection, so an import stores its articles' old addresses in
//! the transaction that stores the articles.

use std::collections::HashMap;

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::records::{Audit, Redirect, RedirectOrigin, redirect_keys};
use nashir_app::{RedirectStore, StoreError};
use sqlx::AnyConnection;

use crate::accounts::append_audit;
use crate::rows::{secs, timestamp};
use crate::sql::{Arg, Sql, execute};
use crate::{SqlStore, backend};

/// Rows one statement writes or checks (each target brings up to ten keys).
const CHUNK: usize = 100;

type Row = (String, String, Option<String>, String, i64);

const COLUMNS: &str = "from_path, to_path, to_query, origin, created_at";

fn record((from, path, query, origin, created): Row) -> Result<Redirect, StoreError> {
    Ok(Redirect {
        from,
        to: match query {
            Some(query) => format!("{path}?{query}"),
            None => path,
        },
        origin: RedirectOrigin::parse(&origin)
            .ok_or_else(|| StoreError::Corrupt(format!("redirect origin «{origin}»")))?,
        created_at: timestamp(created)?,
    })
}

/// A target as its two columns: the path, and the query when it has one.
fn split(to: &str) -> (&str, Option<&str>) {
    match to.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (to, None),
    }
}

/// Stores `redirects` on `conn` (a write transaction), each replacing the one
/// with the same `from`; the last wins within `redirects`. The creation time of
/// one whose target stays the same is kept, so importing a site again does not
/// make every redirect new. Refused with [`StoreError::Conflict`] (and the
/// transaction should be dropped) when a target would be answered by a redirect
/// (`from` in its [`redirect_keys`]), the new one itself included: readers would
/// be sent along a chain or in a loop. Resolve chains before calling.
pub(crate) async fn upsert(
    conn: &mut AnyConnection,
    redirects: &[Redirect],
) -> Result<(), StoreError> {
    let mut last: HashMap<&str, usize> = HashMap::with_capacity(redirects.len());
    for (i, r) in redirects.iter().enumerate() {
        last.insert(r.from.as_str(), i);
    }
    let unique: Vec<&Redirect> = redirects
        .iter()
        .enumerate()
        .filter(|(i, r)| last.get(r.from.as_str()) == Some(i))
        .map(|(_, r)| r)
        .collect();
    for chunk in unique.chunks(CHUNK) {
        let mut q = Sql::new(&format!("INSERT INTO redirects ({COLUMNS}) VALUES "));
        for (i, r) in chunk.iter().enumerate() {
            let (path, query) = split(&r.to);
            q.push(if i == 0 { "(" } else { ", (" });
            q.bind(r.from.clone()).push(", ");
            q.bind(path.to_string()).push(", ");
            q.bind(query.map(str::to_string)).push(", ");
            q.bind(r.origin.as_str().to_string()).push(", ");
            q.bind(secs(r.created_at)).push(")");
        }
        q.push(
            " ON CONFLICT (from_path) DO UPDATE SET
                 created_at = CASE WHEN redirects.to_path = excluded.to_path
                                    AND COALESCE(redirects.to_query, '') = COALESCE(excluded.to_query, '')
                               THEN redirects.created_at ELSE excluded.created_at END,
                 to_path = excluded.to_path, to_query = excluded.to_query,
                 origin = excluded.origin",
        );
        q.query()?.execute(&mut *conn).await.map_err(backend)?;
    }
    // Checked once everything is written, so chains within `redirects` count too.
    for chunk in unique.chunks(CHUNK) {
        refuse_chains(conn, chunk).await?;
    }
    Ok(())
}

/// Stores an imported item's old addresses (`froms`, normalized), each
/// answering with `to`; its own address among them is left out.
pub(crate) async fn upsert_imported(
    conn: &mut AnyConnection,
    froms: &[String],
    to: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let redirects: Vec<Redirect> = froms
        .iter()
        .filter(|from| *from != to)
        .map(|from| Redirect {
            from: from.clone(),
            to: to.to_string(),
            origin: RedirectOrigin::Import,
            created_at: now,
        })
        .collect();
    upsert(conn, &redirects).await
}

/// [`StoreError::Conflict`] when a target of `chunk` is some redirect's key, or
/// a key of `chunk` answers some redirect's target.
async fn refuse_chains(conn: &mut AnyConnection, chunk: &[&Redirect]) -> Result<(), StoreError> {
    let mut keys: Vec<String> = chunk.iter().flat_map(|r| redirect_keys(&r.to)).collect();
    keys.sort();
    keys.dedup();
    let mut q = Sql::new(&format!(
        "SELECT {COLUMNS} FROM redirects WHERE from_path IN ("
    ));
    for (i, key) in keys.into_iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.bind(key);
    }
    q.push(") LIMIT 1");
    if let Some(found) = q
        .query_as::<Row>()?
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?
    {
        let found = record(found)?;
        let to = chunk
            .iter()
            .find(|r| redirect_keys(&r.to).contains(&found.from))
            .map_or("?", |r| r.to.as_str());
        return Err(StoreError::Conflict(format!(
            "redirect chain: the target {to} is redirected itself ({} → {})",
            found.from, found.to
        )));
    }
    // A key without a query is answered by every target on its path; one with a
    // query only by targets with a query there, which are few: read, then asked.
    let (bare, with_query): (Vec<&Redirect>, Vec<&Redirect>) =
        chunk.iter().partition(|r| !r.from.contains('?'));
    if !bare.is_empty() {
        let mut q = Sql::new(&format!(
            "SELECT {COLUMNS} FROM redirects WHERE to_path IN ("
        ));
        for (i, r) in bare.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.bind(r.from.clone());
        }
        q.push(") LIMIT 1");
        let found = q
            .query_as::<Row>()?
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)?;
        if let Some(found) = found {
            let found = record(found)?;
            return Err(chain_into(&found));
        }
    }
    if !with_query.is_empty() {
        let mut q = Sql::new(&format!(
            "SELECT {COLUMNS} FROM redirects WHERE to_query IS NOT NULL AND to_path IN ("
        ));
        for (i, r) in with_query.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.bind(split(&r.from).0.to_string());
        }
        q.push(")");
        let rows = q
            .query_as::<Row>()?
            .fetch_all(&mut *conn)
            .await
            .map_err(backend)?;
        for row in rows {
            let pointing = record(row)?;
            let keys = redirect_keys(&pointing.to);
            if with_query.iter().any(|r| keys.contains(&r.from)) {
                return Err(chain_into(&pointing));
            }
        }
    }
    Ok(())
}

/// The refusal of a key that `pointing`'s target would reach.
fn chain_into(pointing: &Redirect) -> StoreError {
    StoreError::Conflict(format!(
        "redirect chain: {} → {}, which is redirected itself",
        pointing.from, pointing.to
    ))
}

#[async_trait]
impl RedirectStore for SqlStore {
    async fn find_redirect(&self, keys: &[String]) -> Result<Option<Redirect>, StoreError> {
        if keys.is_empty() {
            return Ok(None);
        }
        let mut q = Sql::new(&format!(
            "SELECT {COLUMNS} FROM redirects WHERE from_path IN ("
        ));
        for (i, key) in keys.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.bind(key.clone());
        }
        q.push(")");
        let rows = q
            .query_as::<Row>()?
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let mut found: Vec<Redirect> = rows.into_iter().map(record).collect::<Result<_, _>>()?;
        found.sort_by_key(|r| keys.iter().position(|k| *k == r.from).unwrap_or(usize::MAX));
        Ok(found.into_iter().next())
    }

    async fn redirects_into(&self, path: &str, limit: u32) -> Result<Vec<Redirect>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM redirects WHERE to_path = $1 ORDER BY from_path LIMIT $2"
        )))
        .bind(path)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter().map(record).collect()
    }

    async fn redirects(
        &self,
        containing: &str,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<Redirect>, StoreError> {
        let mut q = Sql::new(&format!("SELECT {COLUMNS} FROM redirects"));
        if !containing.is_empty() {
            // LIKE's own characters in what the editor typed are themselves.
            let escaped = containing
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let pattern = format!("%{escaped}%");
            q.push(" WHERE from_path LIKE ").bind(pattern.clone());
            q.push(" ESCAPE '\\' OR to_path LIKE ").bind(pattern);
            q.push(" ESCAPE '\\'");
        }
        q.push(" ORDER BY created_at DESC, from_path DESC LIMIT ")
            .bind(i64::from(limit))
            .push(" OFFSET ")
            .bind(i64::try_from(offset).unwrap_or(i64::MAX));
        let rows: Vec<Row> = q
            .query_as::<Row>()?
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.into_iter().map(record).collect()
    }

    async fn put_redirects(
        &self,
        redirects: &[Redirect],
        audit: &Audit,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.writing(async |c| {
            upsert(&mut *c, redirects).await?;
            append_audit(&mut *c, audit.by, &audit.action, &audit.target, now).await
        })
        .await
    }

    async fn delete_redirect(
        &self,
        from: &str,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        self.writing(async |c| {
            let sql = "DELETE FROM redirects WHERE from_path = $1";
            if execute(&mut *c, sql, &[Arg::Text(from)]).await? == 0 {
                return Ok(false);
            }
            append_audit(&mut *c, audit.by, &audit.action, &audit.target, now).await?;
            Ok(true)
        })
        .await
    }
}
