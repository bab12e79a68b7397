//! `nashir migrate-db --to postgres://…`: moves a SQLite site to PostgreSQL.

use std::process::ExitCode;

use anyhow::{Context, bail};
use nashir_store_sql::SqlStore;
use nashir_store_sql::copy::{copy, digests};

use crate::config::{Config, without_password};

pub async fn run(config: Config, to: &str) -> anyhow::Result<ExitCode> {
    if config.database.is_some() {
        bail!("this site already runs on PostgreSQL (database_url is set)");
    }
    if !config.database_path().exists() {
        bail!("no site in {} (no nashir.db)", config.data_dir.display());
    }
    if !(to.starts_with("postgres://") || to.starts_with("postgresql://")) {
        bail!("--to must be a postgres:// URL");
    }
    let source = config.open_store().await?;
    let target = SqlStore::connect(to, 4)
        .await
        .with_context(|| format!("connecting to {}", without_password(to)))?;
    eprintln!(
        "copying {} into {} (stop the server first: what it writes meanwhile is not copied)",
        config.database_path().display(),
        without_password(to)
    );
    copy(&source, &target).await?;
    let (before, after) = (
        digests(&source, &source).await?,
        digests(&target, &source).await?,
    );
    let mut same = true;
    for (a, b) in before.iter().zip(&after) {
        let verdict = if a == b { "ok" } else { "DIFFERENT" };
        same &= a == b;
        println!(
            "{:<16} {:>9} rows  {}  {verdict}",
            a.table,
            b.rows,
            &b.digest[..16]
        );
    }
    source.close().await;
    target.close().await;
    if !same {
        eprintln!("nashir: the copy differs from the site (see above); keep using SQLite");
        return Ok(ExitCode::FAILURE);
    }
    eprintln!(
        "done: every table has the same rows and checksums. Set database_url = \"{}\" \
         (and share {}/media between the nodes).",
        without_password(to),
        config.data_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
