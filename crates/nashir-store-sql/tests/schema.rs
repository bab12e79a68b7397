//! The SQLite and PostgreSQL schemas hold the same tables and columns: one set of
//! queries serves both, and `migrate-db` copies one into the other column by column.

use std::collections::BTreeSet;

use nashir_store_sql::{Dialect, SqlStore};

/// (table, column) pairs of a store's schema, migrations' bookkeeping left out.
async fn columns(store: &SqlStore) -> BTreeSet<(String, String)> {
    let sql = match store.dialect() {
        Dialect::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'"
        }
        Dialect::Postgres => {
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'"
        }
    };
    sqlx::query_as::<_, (String, String)>(sql)
        .fetch_all(store.pool())
        .await
        .unwrap()
        .into_iter()
        .collect()
}

#[tokio::test]
async fn sqlite_and_postgres_schemas_have_the_same_tables_and_columns() {
    if nashir_store_sql::test_database_url().is_none() {
        eprintln!("skipped: no TEST_DATABASE_URL (scripts/test runs the suite on PostgreSQL too)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqlStore::open(&dir.path().join("nashir.db")).await.unwrap();
    let postgres = SqlStore::open_for_test(dir.path()).await.unwrap();
    assert_eq!(postgres.dialect(), Dialect::Postgres);
    let (a, b) = (columns(&sqlite).await, columns(&postgres).await);
    assert!(a.len() > 100, "{a:?}");
    let only_sqlite: Vec<_> = a.difference(&b).collect();
    let only_postgres: Vec<_> = b.difference(&a).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only in SQLite: {only_sqlite:?}\nonly in PostgreSQL: {only_postgres:?}"
    );
}

#[tokio::test]
async fn the_trash_purge_reads_an_index_not_every_article() {
    use sqlx::Row;
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqlStore::open(&dir.path().join("nashir.db")).await.unwrap();
    let plan: Vec<String> = sqlx::query(
        "EXPLAIN QUERY PLAN DELETE FROM articles WHERE deleted_at IS NOT NULL AND deleted_at < 1",
    )
    .fetch_all(sqlite.pool())
    .await
    .unwrap()
    .iter()
    .map(|row| row.try_get::<String, _>("detail").unwrap_or_default())
    .collect();
    assert!(
        plan.iter().any(|step| step.contains("articles_trashed")),
        "{plan:?}"
    );
}
