//! `nashir reindex`: rebuilds the search index from the database, with progress.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use nashir_app::SystemClock;
use nashir_search::{SearchEngine, rebuild};

use crate::config::Config;

pub async fn run(config: Config) -> anyhow::Result<ExitCode> {
    if !config.has_database() {
        bail!("no site in {} (no nashir.db)", config.data_dir.display());
    }
    let store = config.open_store().await?;
    let (engine, _) = SearchEngine::open(&config.search_dir()).with_context(|| {
        format!(
            "opening the search index in {} (is a server using it? stop it first)",
            config.search_dir().display()
        )
    })?;
    let engine = Arc::new(engine);
    let started = Instant::now();
    let tty = std::io::stderr().is_terminal();
    let mut last_shown = 0;
    let mut progress = |done: u64, total: u64| {
        // A bar that redraws itself on a terminal; a line per tenth in a log.
        let percent = done * 100 / total.max(1);
        if tty {
            let filled = (percent / 5) as usize;
            eprint!(
                "\rindexing [{}{}] {done}/{total} ({percent}%)",
                "#".repeat(filled),
                ".".repeat(20 - filled)
            );
            let _ = std::io::stderr().flush();
        } else if percent >= last_shown + 10 || done == total {
            eprintln!("indexing {done}/{total} ({percent}%)");
            last_shown = percent;
        }
    };
    let indexed = rebuild(&engine, &store, &SystemClock, &mut progress).await?;
    if tty {
        eprintln!();
    }
    store.close().await;
    println!(
        "indexed {indexed} published articles in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
