//! Copying a whole site from SQLite into PostgreSQL (`nashir migrate-db`), and the
//! per-table digests that show the copy is whole. The row reader and writer here
//! (columns as either database declares them, values by kind, multi-row INSERTs
//! with ids kept) also serve `dump`, the export.

use futures_util::TryStreamExt;
use nashir_app::StoreError;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::sql::Sql;
use crate::{Dialect, SqlStore, backend};

/// Every table, parents before the tables that point at them.
pub const TABLES: &[&str] = &[
    "sections",
    "section_names",
    "users",
    "media",
    "articles",
    "revisions",
    "authors",
    "tags",
    "article_authors",
    "article_tags",
    "article_views",
    "sessions",
    "audit_log",
    "autosaves",
    "rate_events",
    "comments",
    "outbox",
    "site_secrets",
    "corrections",
    "urgent",
    "front_slots",
    "editing",
    "reviews",
    "live_entries",
    "related",
    "api_tokens",
    "webhooks",
    "webhook_deliveries",
    "redirects",
    "import_keys",
    "static_pages",
    "changes",
];

/// The identity column of each table that has one: the target's sequences move
/// past the copied ids.
pub(crate) const IDENTITIES: &[(&str, &str)] = &[
    ("sections", "id"),
    ("users", "id"),
    ("media", "id"),
    ("articles", "id"),
    ("revisions", "id"),
    ("authors", "id"),
    ("tags", "id"),
    ("audit_log", "id"),
    ("comments", "id"),
    ("static_pages", "id"),
    ("outbox", "id"),
    ("rate_events", "id"),
    ("corrections", "id"),
    ("urgent", "id"),
    ("live_entries", "id"),
    ("api_tokens", "id"),
    ("webhooks", "id"),
    ("webhook_deliveries", "id"),
    ("changes", "seq"),
];

/// Rows a multi-row INSERT carries.
pub(crate) const BATCH: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Int,
    Text,
    Blob,
}

/// A column of a table: its name, its kind, and its place in the primary key
/// (0: not part of it).
#[derive(Clone, Debug)]
pub(crate) struct Column {
    pub name: String,
    pub kind: Kind,
    pub key: i64,
}

/// A table's columns in their order, as the schema of `conn` (either database)
/// declares them.
pub(crate) async fn columns(
    conn: &mut sqlx::AnyConnection,
    dialect: Dialect,
    table: &str,
) -> Result<Vec<Column>, StoreError> {
    let sql = match dialect {
        Dialect::Sqlite => "SELECT name, type, pk FROM pragma_table_info($1) ORDER BY cid",
        // The primary key's position from the key's own column list.
        Dialect::Postgres => {
            "SELECT CAST(c.column_name AS TEXT), CAST(c.data_type AS TEXT),
                    CAST(COALESCE(k.ordinal_position, 0) AS BIGINT)
             FROM information_schema.columns c
             LEFT JOIN information_schema.table_constraints t
               ON t.table_schema = c.table_schema AND t.table_name = c.table_name
              AND t.constraint_type = 'PRIMARY KEY'
             LEFT JOIN information_schema.key_column_usage k
               ON k.constraint_schema = t.constraint_schema
              AND k.constraint_name = t.constraint_name AND k.column_name = c.column_name
             WHERE c.table_schema = current_schema() AND c.table_name = $1
             ORDER BY c.ordinal_position"
        }
    };
    let rows: Vec<(String, String, i64)> = sqlx::query_as(sql)
        .bind(table)
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
    if rows.is_empty() {
        return Err(StoreError::Corrupt(format!("no table {table}")));
    }
    rows.into_iter()
        .map(|(name, declared, key)| {
            let kind = match declared.to_ascii_uppercase().as_str() {
                "INTEGER" | "BIGINT" | "SMALLINT" => Kind::Int,
                "TEXT" => Kind::Text,
                "BLOB" | "BYTEA" => Kind::Blob,
                other => {
                    return Err(StoreError::Corrupt(format!("{table}.{name}: type {other}")));
                }
            };
            Ok(Column { name, kind, key })
        })
        .collect()
}

/// One value of a row, read by its column's kind.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Blob(Option<Vec<u8>>),
}

pub(crate) fn read(row: &AnyRow, columns: &[Column]) -> Result<Vec<Value>, StoreError> {
    columns
        .iter()
        .enumerate()
        .map(|(i, Column { kind, .. })| {
            Ok(match kind {
                Kind::Int => Value::Int(row.try_get(i).map_err(backend)?),
                Kind::Text => Value::Text(row.try_get(i).map_err(backend)?),
                Kind::Blob => Value::Blob(row.try_get(i).map_err(backend)?),
            })
        })
        .collect()
}

/// Row count and an order-free digest of a table's rows (the sum of each row's
/// SHA-256 in four 64-bit lanes), the same for the same rows in either database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableDigest {
    pub table: &'static str,
    pub rows: u64,
    pub digest: String,
}

fn row_digest(values: &[Value]) -> [u64; 4] {
    let mut hash = Sha256::new();
    for value in values {
        match value {
            Value::Int(Some(i)) => hash.update(format!("i{i};")),
            Value::Text(Some(t)) => hash.update(format!("t{}:{t};", t.len())),
            Value::Blob(Some(b)) => {
                hash.update(format!("b{}:", b.len()));
                hash.update(b);
            }
            Value::Int(None) | Value::Text(None) | Value::Blob(None) => hash.update("n;"),
        }
    }
    let bytes = hash.finalize();
    let lane = |i: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
        u64::from_le_bytes(word)
    };
    [lane(0), lane(1), lane(2), lane(3)]
}

/// The digest of every table of `store`, reading columns as `source` declares them.
pub async fn digests(store: &SqlStore, source: &SqlStore) -> Result<Vec<TableDigest>, StoreError> {
    let mut out = Vec::with_capacity(TABLES.len());
    let mut conn = source.pool().acquire().await.map_err(backend)?;
    for table in TABLES {
        let columns = columns(&mut conn, source.dialect(), table).await?;
        let list = column_list(&columns);
        let sql = format!("SELECT {list} FROM {table}");
        let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(store.pool());
        let (mut count, mut sum) = (0u64, [0u64; 4]);
        while let Some(row) = rows.try_next().await.map_err(backend)? {
            let lanes = row_digest(&read(&row, &columns)?);
            for (s, l) in sum.iter_mut().zip(lanes) {
                *s = s.wrapping_add(l);
            }
            count += 1;
        }
        out.push(TableDigest {
            table,
            rows: count,
            digest: sum.iter().map(|l| format!("{l:016x}")).collect(),
        });
    }
    Ok(out)
}

/// Refuses a database whose tables are not [`TABLES`]: `who` (a command) would
/// leave a table it does not know behind.
pub(crate) async fn check_tables(
    conn: &mut sqlx::AnyConnection,
    dialect: Dialect,
    who: &str,
) -> Result<(), StoreError> {
    let sql = match dialect {
        Dialect::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'"
        }
        Dialect::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
             AND table_name NOT LIKE '_sqlx%'"
        }
    };
    let mut tables: Vec<String> = sqlx::query_scalar(sql)
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
    tables.sort();
    let mut known: Vec<&str> = TABLES.to_vec();
    known.sort();
    if tables != known {
        return Err(StoreError::Backend(format!(
            "{who} knows the tables {known:?} but the site has {tables:?}"
        )));
    }
    Ok(())
}

pub(crate) fn column_list(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One INSERT of `batch`'s rows, ids as given (PostgreSQL's identity columns too).
pub(crate) fn insert_batch(
    dialect: Dialect,
    table: &str,
    list: &str,
    batch: Vec<Vec<Value>>,
) -> Sql {
    let overriding = match dialect {
        Dialect::Sqlite => "",
        Dialect::Postgres => " OVERRIDING SYSTEM VALUE",
    };
    let mut q = Sql::new(&format!("INSERT INTO {table} ({list}){overriding} VALUES "));
    for (r, values) in batch.into_iter().enumerate() {
        q.push(if r == 0 { "(" } else { ", (" });
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            match value {
                Value::Int(v) => q.bind(v),
                Value::Text(v) => q.bind(v),
                Value::Blob(v) => q.bind(v),
            };
        }
        q.push(")");
    }
    q
}

/// Copies every row of `source` (SQLite) into `target` (PostgreSQL, freshly
/// migrated and empty) in one transaction: all of it or nothing. Ids stay the same,
/// and the change log keeps its positions.
pub async fn copy(source: &SqlStore, target: &SqlStore) -> Result<(), StoreError> {
    if source.dialect() != Dialect::Sqlite || target.dialect() != Dialect::Postgres {
        return Err(StoreError::Backend(
            "migrate-db copies a SQLite site into PostgreSQL".into(),
        ));
    }
    let (articles, users): (i64, i64) =
        sqlx::query_as("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM users)")
            .fetch_one(target.pool())
            .await
            .map_err(backend)?;
    if articles > 0 || users > 0 {
        return Err(StoreError::Conflict(format!(
            "the target database already holds a site ({articles} articles, {users} users)"
        )));
    }
    let mut conn = source.pool().acquire().await.map_err(backend)?;
    check_tables(&mut conn, Dialect::Sqlite, "migrate-db").await?;
    let mut tx = target.write_tx().await?;
    // The change log is copied as it is: the triggers that would add to it are off
    // while rows arrive.
    set_triggers(&mut tx, "DISABLE").await?;
    // The first migration's default section and anything else a fresh schema holds.
    for statement in [
        "DELETE FROM section_names",
        "DELETE FROM sections",
        "DELETE FROM changes",
    ] {
        sqlx::query(statement)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
    }
    for table in TABLES {
        let columns = columns(&mut conn, Dialect::Sqlite, table).await?;
        let list = column_list(&columns);
        let sql = format!("SELECT {list} FROM {table} ORDER BY rowid");
        let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(source.pool());
        let mut batch = Vec::with_capacity(BATCH);
        loop {
            let row = rows.try_next().await.map_err(backend)?;
            if let Some(row) = &row {
                batch.push(read(row, &columns)?);
            }
            if batch.len() == BATCH || (row.is_none() && !batch.is_empty()) {
                insert_batch(Dialect::Postgres, table, &list, std::mem::take(&mut batch))
                    .query()?
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| StoreError::Backend(format!("copying {table}: {e}")))?;
            }
            if row.is_none() {
                break;
            }
        }
    }
    move_sequences(&mut tx, TABLES).await?;
    set_triggers(&mut tx, "ENABLE").await?;
    tx.commit().await.map_err(backend)
}

/// Moves the PostgreSQL sequence of each of `tables` that has one past its
/// highest id, so the next row made gets a new one.
pub(crate) async fn move_sequences(
    conn: &mut sqlx::AnyConnection,
    tables: &[&str],
) -> Result<(), StoreError> {
    for (table, column) in IDENTITIES.iter().filter(|(t, _)| tables.contains(t)) {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'),
                           COALESCE((SELECT max({column}) FROM {table}), 0) + 1, false)"
        );
        sqlx::query(AssertSqlSafe(sql))
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
    }
    Ok(())
}

/// `ENABLE` or `DISABLE` the triggers of every table (inside the copy's transaction).
async fn set_triggers(conn: &mut sqlx::AnyConnection, what: &str) -> Result<(), StoreError> {
    for table in TABLES {
        sqlx::query(AssertSqlSafe(format!(
            "ALTER TABLE {table} {what} TRIGGER USER"
        )))
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    }
    Ok(())
}
