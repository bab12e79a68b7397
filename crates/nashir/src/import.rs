//! `nashir import FILE...`: one transaction per file; a bad file is reported and skipped.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use nashir_app::{App, ImportFileError, SystemClock};
use nashir_core::import::{ImportErrorKind, MAX_INPUT_BYTES};
use nashir_store_sqlite::SqliteStore;

use crate::config::Config;

pub async fn run(config: Config, section: &str, files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    config.prepare_data_dir()?;
    let store = SqliteStore::open(&config.database_path())
        .await
        .with_context(|| format!("opening {}", config.database_path().display()))?;
    let app = App::new(Arc::new(store.clone()), Arc::new(SystemClock), config.site);
    let mut failed = 0;
    for file in files {
        match import_file(&app, section, file).await {
            Ok(line) => println!("{line}"),
            Err(message) => {
                eprintln!("{message}");
                failed += 1;
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

/// Imports one file; the error is a ready-to-print `file:line: message`.
async fn import_file(app: &App, section: &str, file: &Path) -> Result<String, String> {
    let name = file.display();
    let bytes = read_limited(file).map_err(|e| format!("{name}: error: {e}"))?;
    // The file's stem names the article across imports: importing it again updates it.
    let key = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string());
    match app.import_reference(&key, &bytes, section).await {
        Ok(imported) => Ok(format!("{}\t{}", imported.id, imported.path)),
        Err(ImportFileError::Parse(e)) => Err(match e.line {
            Some(line) => format!("{name}:{line}: error: {}", e.kind),
            None => format!("{name}: error: {}", e.kind),
        }),
        Err(ImportFileError::Store(e)) => Err(format!("{name}: error: {e}")),
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
