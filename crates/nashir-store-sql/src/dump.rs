//! A site's rows as JSON Lines and back (`nashir export`, `nashir import-export`):
//! which tables and columns leave the site, read in one snapshot of either database
//! and written into an empty site of either, a row at a time. docs/EXPORT.md
//! describes the format.

use std::collections::HashMap;
use std::pin::Pin;

use futures_util::{Stream, StreamExt};
use nashir_app::StoreError;
use serde_json::value::RawValue;
use sqlx::{Any, AssertSqlSafe, Transaction};

use crate::connection::{POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};
use crate::copy::{self, Column, Kind, TABLES, Value};
use crate::{Dialect, SqlStore, backend};

/// The tables an export leaves out, and why (docs/EXPORT.md says the same).
pub const LEFT_OUT: &[(&str, &str)] = &[
    (
        "sessions",
        "sign-in sessions: secrets, and nobody is signed in to the new site",
    ),
    ("rate_events", "rate-limit counters: minutes of state"),
    (
        "outbox",
        "mail waiting to go out or gone: a queue, with readers' addresses",
    ),
    (
        "site_secrets",
        "the key that signs readers' forms: a secret; the new site makes its own",
    ),
    ("editing", "who has a story open: two minutes of state"),
    (
        "api_tokens",
        "digests of API tokens: secrets; make new tokens on the new site",
    ),
    (
        "webhooks",
        "endpoints with the secrets that sign their deliveries: add them again",
    ),
    ("webhook_deliveries", "the webhooks' queue and its log"),
    (
        "changes",
        "the change log: positions in this database for caches and search indexes",
    ),
];

/// Columns left out of an export: (table, column, the text an import writes there).
const OMITTED: &[(&str, &str, &str)] = &[
    // No password matches an empty hash (it is not one): an imported account signs
    // in once `nashir user password` has set a password.
    ("users", "password_hash", ""),
];

/// Text columns that hold JSON (an array or an object), exported as that JSON.
const JSON_COLUMNS: &[(&str, &str)] = &[
    ("articles", "body"),
    ("revisions", "body"),
    ("static_pages", "body"),
    ("media", "widths"),
    ("autosaves", "content"),
];

/// The tables an export holds, parents first: the order their rows go back in.
pub fn exported_tables() -> impl Iterator<Item = &'static str> {
    TABLES
        .iter()
        .copied()
        .filter(|t| !LEFT_OUT.iter().any(|(left, _)| left == t))
}

/// `sqlite` or `postgres`: the schema a migration number counts in.
pub fn dialect_name(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "sqlite",
        Dialect::Postgres => "postgres",
    }
}

pub fn dialect_named(name: &str) -> Option<Dialect> {
    match name {
        "sqlite" => Some(Dialect::Sqlite),
        "postgres" => Some(Dialect::Postgres),
        _ => None,
    }
}

/// The newest migration this build knows for `dialect`: a schema past it is newer
/// than this code.
pub fn newest_migration(dialect: Dialect) -> i64 {
    let migrator = match dialect {
        Dialect::Sqlite => &SQLITE_MIGRATIONS,
        Dialect::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.iter().map(|m| m.version).max().unwrap_or(0)
}

fn omitted(table: &str, column: &str) -> Option<&'static str> {
    OMITTED
        .iter()
        .find(|(t, c, _)| *t == table && *c == column)
        .map(|(_, _, fill)| *fill)
}

fn is_json(table: &str, column: &str) -> bool {
    JSON_COLUMNS.contains(&(table, column))
}

/// A JSON column's text goes into the line as JSON when it is an array or an
/// object written on one line with nothing around it (what Nashir writes), so the
/// import gets back the same bytes; anything else goes as a string.
fn embeddable(text: &str) -> bool {
    text.starts_with(['[', '{'])
        && !text.contains(['\n', '\r'])
        && serde_json::from_str::<&RawValue>(text).is_ok_and(|raw| raw.get() == text)
}

/// One consistent moment of a site, read table by table: a read transaction
/// (REPEATABLE READ on PostgreSQL; on SQLite in WAL mode, the snapshot its first
/// read takes), so writers go on and the export sees none of their writes.
pub struct Snapshot {
    tx: Transaction<'static, Any>,
    dialect: Dialect,
}

/// A table as an export writes it: the columns, and the query that reads its rows
/// in primary-key order (byte order for text, the same in both databases).
pub struct Dump {
    pub table: &'static str,
    pub columns: Vec<String>,
    read: Vec<Column>,
    json: Vec<bool>,
    select: String,
}

/// An image of the snapshot: its files are `<id>/<width>.<ext>` in the media store.
#[derive(Clone, Debug)]
pub struct Image {
    pub id: i64,
    pub ext: String,
    pub widths: Vec<u32>,
}

impl Snapshot {
    pub async fn begin(store: &SqlStore) -> Result<Snapshot, StoreError> {
        let mut tx = store.pool().begin().await.map_err(backend)?;
        if store.dialect() == Dialect::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        copy::check_tables(&mut tx, store.dialect(), "export").await?;
        Ok(Snapshot {
            tx,
            dialect: store.dialect(),
        })
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The highest migration applied to the schema.
    pub async fn migration_version(&mut self) -> Result<i64, StoreError> {
        let version: Option<i64> =
            sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&mut *self.tx)
                .await
                .map_err(backend)?;
        Ok(version.unwrap_or(0))
    }

    pub async fn dump(&mut self, table: &'static str) -> Result<Dump, StoreError> {
        let all = copy::columns(&mut self.tx, self.dialect, table).await?;
        let mut keys: Vec<&Column> = all.iter().filter(|c| c.key > 0).collect();
        keys.sort_by_key(|c| c.key);
        let order = keys
            .iter()
            .map(|c| match (self.dialect, c.kind) {
                (Dialect::Postgres, Kind::Text) => format!("{} COLLATE \"C\"", c.name),
                _ => c.name.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let read: Vec<Column> = all
            .iter()
            .filter(|c| omitted(table, &c.name).is_none())
            .cloned()
            .collect();
        if let Some(c) = read.iter().find(|c| c.kind == Kind::Blob) {
            return Err(StoreError::Corrupt(format!(
                "{table}.{} is binary, which export format 1 has no place for",
                c.name
            )));
        }
        if order.is_empty() {
            return Err(StoreError::Corrupt(format!("{table} has no primary key")));
        }
        let list = copy::column_list(&read);
        Ok(Dump {
            table,
            columns: read.iter().map(|c| c.name.clone()).collect(),
            json: read.iter().map(|c| is_json(table, &c.name)).collect(),
            select: format!("SELECT {list} FROM {table} ORDER BY {order}"),
            read,
        })
    }

    /// The table's rows, each a line of JSON (without its newline), as they are read.
    pub fn lines<'a>(&'a mut self, dump: &'a Dump) -> Rows<'a> {
        let stream = sqlx::query(AssertSqlSafe(dump.select.clone()))
            .fetch(&mut *self.tx)
            .map(move |row| encode(dump, copy::read(&row.map_err(backend)?, &dump.read)?));
        Rows {
            stream: Box::pin(stream),
        }
    }

    pub async fn images(&mut self) -> Result<Vec<Image>, StoreError> {
        let rows: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, ext, widths FROM media ORDER BY id")
                .fetch_all(&mut *self.tx)
                .await
                .map_err(backend)?;
        rows.into_iter()
            .map(|(id, ext, widths)| {
                let widths = serde_json::from_str(&widths).map_err(|_| {
                    StoreError::Corrupt(format!("image {id}: widths «{widths}» are not a list"))
                })?;
                Ok(Image { id, ext, widths })
            })
            .collect()
    }

    /// Ends the read transaction (it wrote nothing).
    pub async fn finish(self) -> Result<(), StoreError> {
        self.tx.rollback().await.map_err(backend)
    }
}

/// A table's rows as lines of JSON, one at a time.
pub struct Rows<'a> {
    stream: Pin<Box<dyn Stream<Item = Result<String, StoreError>> + Send + 'a>>,
}

impl Rows<'_> {
    pub async fn next(&mut self) -> Option<Result<String, StoreError>> {
        self.stream.next().await
    }
}

fn encode(dump: &Dump, values: Vec<Value>) -> Result<String, StoreError> {
    let mut line = String::with_capacity(256);
    line.push('{');
    for (i, ((name, json), value)) in dump.columns.iter().zip(&dump.json).zip(values).enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&json_string(name)?);
        line.push(':');
        match value {
            Value::Int(Some(n)) => line.push_str(&n.to_string()),
            Value::Text(Some(text)) if *json && embeddable(&text) => line.push_str(&text),
            Value::Text(Some(text)) => line.push_str(&json_string(&text)?),
            Value::Int(None) | Value::Text(None) | Value::Blob(None) => line.push_str("null"),
            Value::Blob(Some(_)) => {
                return Err(StoreError::Corrupt(format!(
                    "{}.{name} is binary",
                    dump.table
                )));
            }
        }
    }
    line.push('}');
    Ok(line)
}

fn json_string(text: &str) -> Result<String, StoreError> {
    serde_json::to_string(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// What makes a site not empty: each table an import would write to that holds
/// rows, with their count (the first migration's `news` section and its names
/// aside).
pub async fn occupied(store: &SqlStore) -> Result<Vec<(&'static str, i64)>, StoreError> {
    let mut conn = store.pool().acquire().await.map_err(backend)?;
    occupied_in(&mut conn).await
}

async fn occupied_in(
    conn: &mut sqlx::AnyConnection,
) -> Result<Vec<(&'static str, i64)>, StoreError> {
    let mut found = Vec::new();
    for table in exported_tables() {
        let filter = match table {
            "sections" => " WHERE slug <> 'news'",
            // Its names in the other editions came with it.
            "section_names" => {
                " WHERE section_id NOT IN (SELECT id FROM sections WHERE slug = 'news')"
            }
            _ => "",
        };
        let count: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT count(*) FROM {table}{filter}"
        )))
        .fetch_one(&mut *conn)
        .await
        .map_err(backend)?;
        if count > 0 {
            found.push((table, count));
        }
    }
    Ok(found)
}

/// Rows going into an empty site: one write transaction for all of them, committed
/// by [`Import::commit`] (dropped before, it writes nothing). Triggers stay on, so
/// the change log tells every running node's caches and index what arrived.
pub struct Import {
    tx: Transaction<'static, Any>,
    dialect: Dialect,
    loaded: Vec<&'static str>,
}

/// A table being loaded: the target's columns the rows fill, in INSERT order.
pub struct Load {
    pub table: &'static str,
    targets: Vec<Target>,
    /// How many fields each line has (the export's columns).
    fields: usize,
    list: String,
}

struct Target {
    name: String,
    kind: Kind,
    json: bool,
    /// The text written for a column exports leave out.
    fill: Option<&'static str>,
}

impl Import {
    /// Starts the transaction, after checking the site is empty (and again inside it).
    pub async fn begin(store: &SqlStore) -> Result<Import, StoreError> {
        let mut tx = store.write_tx().await?;
        copy::check_tables(&mut tx, store.dialect(), "import-export").await?;
        let found = occupied_in(&mut tx).await?;
        if !found.is_empty() {
            return Err(StoreError::Conflict(not_empty(&found)));
        }
        // The first migration's default section: the export brings the site's own.
        for statement in ["DELETE FROM section_names", "DELETE FROM sections"] {
            sqlx::query(statement)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        Ok(Import {
            tx,
            dialect: store.dialect(),
            loaded: Vec::new(),
        })
    }

    /// Readies `table` for rows whose fields are `columns`: every one must be a
    /// column of this schema; a column the export lacks (an older one) takes its
    /// default. Tables come parents first, each once.
    pub async fn load(&mut self, table: &str, columns: &[String]) -> Result<Load, StoreError> {
        let refuse = |why: String| Err(StoreError::Conflict(why));
        let order: Vec<&'static str> = exported_tables().collect();
        let Some(place) = order.iter().position(|t| *t == table) else {
            return refuse(format!(
                "the export has a table «{table}» that this nashir does not import \
                 (an export of a newer Nashir?)"
            ));
        };
        let table = order[place];
        if let Some(last) = self.loaded.last()
            && order.iter().position(|t| t == last) >= Some(place)
        {
            return refuse(format!(
                "«{table}» comes after «{last}» or twice in the export"
            ));
        }
        let have = copy::columns(&mut self.tx, self.dialect, table).await?;
        for (i, name) in columns.iter().enumerate() {
            if columns[..i].contains(name) {
                return refuse(format!("the export lists column {table}.{name} twice"));
            }
            if omitted(table, name).is_some() || !have.iter().any(|c| c.name == *name) {
                return refuse(format!(
                    "the export has a column {table}.{name} that this nashir does not know \
                     (an export of a newer Nashir?)"
                ));
            }
        }
        let targets: Vec<Target> = have
            .into_iter()
            .filter_map(|c| {
                let fill = omitted(table, &c.name);
                (fill.is_some() || columns.contains(&c.name)).then(|| Target {
                    json: is_json(table, &c.name),
                    name: c.name,
                    kind: c.kind,
                    fill,
                })
            })
            .collect();
        let list = targets
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        self.loaded.push(table);
        Ok(Load {
            table,
            targets,
            fields: columns.len(),
            list,
        })
    }

    /// Inserts rows given as lines of JSON; `first` is the first one's line number
    /// in its file (for messages).
    pub async fn insert(
        &mut self,
        load: &Load,
        lines: &[String],
        first: u64,
    ) -> Result<(), StoreError> {
        let table = load.table;
        let mut rows = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            rows.push(decode(load, line).map_err(|e| {
                StoreError::Corrupt(format!(
                    "tables/{table}.jsonl line {}: {e}",
                    first + i as u64
                ))
            })?);
        }
        while !rows.is_empty() {
            let rest = rows.split_off(rows.len().min(copy::BATCH));
            let batch = std::mem::replace(&mut rows, rest);
            copy::insert_batch(self.dialect, table, &load.list, batch)
                .query()?
                .execute(&mut *self.tx)
                .await
                .map_err(|e| {
                    StoreError::Backend(format!(
                        "importing tables/{table}.jsonl (lines from {first}): {e}"
                    ))
                })?;
        }
        Ok(())
    }

    /// Writes nothing (as dropping it would, but now).
    pub async fn rollback(self) -> Result<(), StoreError> {
        self.tx.rollback().await.map_err(backend)
    }

    /// Moves PostgreSQL's sequences past the ids that arrived, and commits.
    pub async fn commit(mut self) -> Result<(), StoreError> {
        if self.dialect == Dialect::Postgres {
            let tables: Vec<&str> = exported_tables().collect();
            copy::move_sequences(&mut self.tx, &tables).await?;
        }
        self.tx.commit().await.map_err(backend)
    }
}

/// Says what a site holds, for a refusal.
pub fn not_empty(found: &[(&str, i64)]) -> String {
    let list = found
        .iter()
        .map(|(table, n)| format!("{n} in {table}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("the site is not empty (rows: {list})")
}

fn decode(load: &Load, line: &str) -> Result<Vec<Value>, String> {
    let fields: HashMap<String, &RawValue> =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    if fields.len() != load.fields {
        return Err(format!(
            "{} fields where the manifest lists {} columns",
            fields.len(),
            load.fields
        ));
    }
    load.targets
        .iter()
        .map(|target| {
            if let Some(fill) = target.fill {
                return Ok(Value::Text(Some(fill.to_string())));
            }
            let raw = fields
                .get(&target.name)
                .ok_or_else(|| format!("no «{}»", target.name))?
                .get();
            let bad = |e: serde_json::Error| format!("«{}»: {e}", target.name);
            Ok(match target.kind {
                Kind::Int => Value::Int(serde_json::from_str(raw).map_err(bad)?),
                Kind::Text if target.json && raw.starts_with(['[', '{']) => {
                    Value::Text(Some(raw.to_string()))
                }
                Kind::Text => Value::Text(serde_json::from_str(raw).map_err(bad)?),
                Kind::Blob => return Err(format!("«{}» is binary", target.name)),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_exported_or_left_out_for_a_reason() {
        for (table, why) in LEFT_OUT {
            assert!(TABLES.contains(table), "{table}");
            assert!(!why.is_empty());
        }
        assert_eq!(
            exported_tables().count() + LEFT_OUT.len(),
            TABLES.len(),
            "a table named twice in LEFT_OUT?"
        );
        for (table, column) in JSON_COLUMNS {
            assert!(exported_tables().any(|t| t == *table), "{table}.{column}");
        }
    }

    fn load(table: &'static str, columns: &[(&str, Kind)]) -> Load {
        Load {
            table,
            targets: columns
                .iter()
                .map(|(name, kind)| Target {
                    name: name.to_string(),
                    kind: *kind,
                    json: is_json(table, name),
                    fill: omitted(table, name),
                })
                .collect(),
            fields: columns
                .iter()
                .filter(|(name, _)| omitted(table, name).is_none())
                .count(),
            list: String::new(),
        }
    }

    fn dump(table: &'static str, columns: &[(&str, Kind)]) -> Dump {
        Dump {
            table,
            columns: columns.iter().map(|(n, _)| n.to_string()).collect(),
            read: Vec::new(),
            json: columns.iter().map(|(n, _)| is_json(table, n)).collect(),
            select: String::new(),
        }
    }

    #[test]
    fn a_row_goes_out_as_one_line_and_comes_back_the_same() {
        let columns = [
            ("id", Kind::Int),
            ("title", Kind::Text),
            ("body", Kind::Text),
            ("deleted_at", Kind::Int),
        ];
        for body in [
            r#"[{"type":"paragraph","text":"سطر\nوسطر \"مقتبس\""},{"type":"image","media":3,"caption":""}]"#,
            // Not what Nashir writes: kept as a string, and still the same bytes.
            "[1, 2]\n",
            " {\"a\":1}",
            "not json",
            "\"a string\"",
        ] {
            let row = vec![
                Value::Int(Some(7)),
                Value::Text(Some("عنوان\t«مع» \u{2028} علامات".into())),
                Value::Text(Some(body.into())),
                Value::Int(None),
            ];
            let line = encode(&dump("articles", &columns), row.clone()).unwrap();
            assert!(!line.contains('\n'), "{line}");
            let parsed: serde_json::Value = serde_json::from_str(&line).unwrap();
            assert_eq!(parsed["id"], 7);
            assert_eq!(parsed["body"].is_array(), body.starts_with("[{"), "{line}");
            assert_eq!(decode(&load("articles", &columns), &line).unwrap(), row);
        }
    }

    #[test]
    fn users_leave_without_password_hashes_and_come_back_unable_to_sign_in() {
        let columns = [
            ("id", Kind::Int),
            ("email", Kind::Text),
            ("password_hash", Kind::Text),
        ];
        let line = r#"{"id":2,"email":"editor@news.example"}"#;
        assert_eq!(
            decode(&load("users", &columns), line).unwrap(),
            [
                Value::Int(Some(2)),
                Value::Text(Some("editor@news.example".into())),
                Value::Text(Some(String::new())),
            ]
        );
    }

    #[test]
    fn lines_that_do_not_fit_are_refused() {
        let columns = [("id", Kind::Int), ("name", Kind::Text)];
        let load = load("tags", &columns);
        for (line, why) in [
            (r#"{"id":1}"#, "1 fields"),
            (r#"{"id":1,"name":"x","slug":"y"}"#, "3 fields"),
            (r#"{"id":1,"nom":"x"}"#, "no «name»"),
            (r#"{"id":"1","name":"x"}"#, "«id»"),
            (r#"{"id":1.5,"name":"x"}"#, "«id»"),
            (r#"{"id":1,"name":3}"#, "«name»"),
            ("[1, 2]", "not a JSON object"),
        ] {
            let e = decode(&load, line).unwrap_err();
            assert!(e.contains(why), "{line}: {e}");
        }
    }
}
