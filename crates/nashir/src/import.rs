//! `nashir import [--edition ar|en|fa] FILE|DIR...`: each file atomic, files
//! committed in batches; a bad file is reported as `file:line: error: …` and skipped.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use nashir_app::{App, ImportFileError, PreparedImport, SystemClock};
use nashir_core::ArticleId;
use nashir_core::import::{ImportErrorKind, MAX_INPUT_BYTES};
use nashir_core::language::Language;

use crate::config::Config;

/// Files per transaction: large enough that disk syncs stop mattering, small enough
/// that progress shows and memory stays low.
const BATCH: usize = 500;

pub async fn run(
    config: Config,
    section: &str,
    edition: Language,
    translation_of: Option<ArticleId>,
    args: &[PathBuf],
) -> anyhow::Result<ExitCode> {
    config.prepare_data_dir()?;
    let files = expand(args)?;
    if translation_of.is_some() && files.len() != 1 {
        anyhow::bail!("--translation-of takes one file ({} given)", files.len());
    }
    if !config.site.publishes(edition) {
        eprintln!(
            "nashir: warning: the site does not publish the {edition} edition yet \
             (add it to the editions setting): these articles stay unseen until then"
        );
    }
    let store = config.open_store().await?;
    let app = App::new(Arc::new(store.clone()), Arc::new(SystemClock), config.site);
    let mut failed = 0;
    let chunks: Vec<Vec<PathBuf>> = files.chunks(BATCH).map(<[PathBuf]>::to_vec).collect();
    // Reading and parsing the next batch runs on another thread while this one is
    // written: on two cores that overlaps the CPU work with SQLite's.
    let prepare = |chunk: Vec<PathBuf>| {
        let app = app.clone();
        let section = section.to_string();
        tokio::task::spawn_blocking(move || read_and_prepare(&app, chunk, &section, edition))
    };
    let mut next = chunks.first().cloned().map(prepare);
    for i in 0..chunks.len() {
        let Some(pending) = next.take() else { break };
        let (names, unreadable, prepared) = pending.await.context("preparing a batch")?;
        next = chunks.get(i + 1).cloned().map(prepare);
        for message in unreadable {
            eprintln!("{message}");
            failed += 1;
        }
        let results = app.store_import(prepared).await?;
        for (file, result) in names.iter().zip(results) {
            let name = file.display();
            match result {
                Ok(imported) => {
                    if let Some(of) = translation_of
                        && let Err(e) = app.link_translation(imported.id, of).await
                    {
                        failed += 1;
                        eprintln!("{name}: error: not linked to article {of}: {e}");
                    }
                    println!("{}\t{}", imported.id, imported.path);
                }
                Err(ImportFileError::Parse(e)) => {
                    failed += 1;
                    match e.line {
                        Some(line) => eprintln!("{name}:{line}: error: {}", e.kind),
                        None => eprintln!("{name}: error: {}", e.kind),
                    }
                }
                Err(e @ (ImportFileError::Store(_) | ImportFileError::Media(_))) => {
                    failed += 1;
                    eprintln!("{name}: error: {e}");
                }
            }
        }
    }
    store.close().await;
    if failed > 0 {
        eprintln!("nashir: {failed} of {} files failed to import", files.len());
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads and parses one batch: (readable files, messages for unreadable ones, the batch).
fn read_and_prepare(
    app: &App,
    chunk: Vec<PathBuf>,
    section: &str,
    edition: Language,
) -> (Vec<PathBuf>, Vec<String>, PreparedImport) {
    let mut readable = Vec::with_capacity(chunk.len());
    let mut names = Vec::with_capacity(chunk.len());
    let mut unreadable = Vec::new();
    for file in chunk {
        match read_limited(&file) {
            Ok(bytes) => {
                readable.push((key_of(&file, edition), bytes));
                names.push(file);
            }
            Err(e) => unreadable.push(format!("{}: error: {e}", file.display())),
        }
    }
    (
        names,
        unreadable,
        app.prepare_import_in(&readable, section, edition),
    )
}

/// Files as given; a folder stands for its `*.txt` files, in name order.
fn expand(args: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(arg)
                .with_context(|| format!("reading {}", arg.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "txt"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(arg.clone());
        }
    }
    Ok(files)
}

/// The file's stem names the article across imports: importing it again updates
/// it. Outside the Arabic edition the key starts with the edition (`en:NAME`), so
/// that an English file never updates the Arabic article of the same name.
fn key_of(file: &Path, edition: Language) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    match edition {
        Language::Arabic => stem,
        other => format!("{}:{stem}", other.code()),
    }
}

/// Refuses a file over the import limit before reading it, and never reads more
/// than the limit (plus one byte, so the parser sees a file that grew meanwhile).
fn read_limited(file: &Path) -> Result<Vec<u8>, String> {
    let mut handle = std::fs::File::open(file).map_err(|e| e.to_string())?;
    let size = handle.metadata().map_err(|e| e.to_string())?.len();
    if size > MAX_INPUT_BYTES as u64 {
        return Err(ImportErrorKind::TooLarge {
            size: usize::try_from(size).unwrap_or(usize::MAX),
            limit: MAX_INPUT_BYTES,
        }
        .to_string());
    }
    let mut bytes = Vec::new();
    (&mut handle)
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}
