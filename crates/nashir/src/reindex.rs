//! `nashir reindex`: rebuilds the search index from the database, then every
//! article's related list from the index, with progress.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use nashir_app::SystemClock;
use nashir_search::{SearchEngine, catch_up, fill_related, rebuild};

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
    let indexed = rebuild(
        &engine,
        &store,
        &SystemClock,
        &mut progress("indexing", tty),
    )
    .await?;
    if tty {
        eprintln!();
    }
    println!(
        "indexed {indexed} published articles in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let mut related = progress("related articles", tty);
    let changed = fill_related(&engine, &store, &SystemClock, &mut related).await?;
    if tty {
        eprintln!();
    }
    // Moves the index past the lists just written, so a server started next does
    // not take them for changes to follow.
    catch_up(&engine, &store, &SystemClock).await?;
    store.close().await;
    println!(
        "computed related articles ({changed} lists changed) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Progress of one phase: a bar that redraws itself on a terminal; a line per
/// tenth in a log.
fn progress(phase: &'static str, tty: bool) -> impl FnMut(u64, u64) + Send {
    let mut last_shown = 0;
    move |done: u64, total: u64| {
        let percent = done * 100 / total.max(1);
        if tty {
            let filled = (percent / 5) as usize;
            eprint!(
                "\r{phase} [{}{}] {done}/{total} ({percent}%)",
                "#".repeat(filled),
                ".".repeat(20 - filled)
            );
            let _ = std::io::stderr().flush();
        } else if percent >= last_shown + 10 || done == total {
            eprintln!("{phase} {done}/{total} ({percent}%)");
            last_shown = percent;
        }
    }
}
