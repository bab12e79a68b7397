//! `nashir export --to FILE [--media]` and `nashir import-export FILE`: the whole
//! site in an archive other software can read (format `nashir-export`, version 1,
//! described in docs/EXPORT.md, which the archive carries), and back into an empty
//! site on either database.
//!
//! The archive is the one `nashir backup` writes (`archive.rs`: a gzip-compressed
//! tar, `manifest.json` first with every file's size and SHA-256), holding one
//! JSON Lines file per table, the site's settings and, with `--media`, the images.
//! Rows are streamed both ways: the export reads its snapshot twice (once to list
//! each file's size and checksum in the manifest, which comes first; once to write
//! it), the import reads the archive twice (once to check everything, once to
//! insert, a batch at a time, in one transaction).

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use figment::providers::Format as _;
use nashir_app::media::MediaFiles;
use nashir_app::{SiteSettings, StoreError, SystemClock};
use nashir_search::{SearchEngine, catch_up, fill_related, rebuild};
use nashir_store_sql::SqlStore;
use nashir_store_sql::dump::{self, Import, Rows, Snapshot};
use serde::{Deserialize, Serialize};
use tokio::runtime::Handle;

use crate::archive::{self, FileEntry, Format, Tally};
use crate::config::Config;

/// The archive's format name, in its manifest.
pub const FORMAT: &str = "nashir-export";
/// The format this binary writes and reads. A change an older reader would
/// misread (a file's meaning, a value's encoding) takes a new number; new tables
/// and columns do not (the manifest names them, and the schema's migration
/// version says which Nashir wrote them).
pub const FORMAT_VERSION: u32 = 1;

const EXPORT: Format = Format {
    name: FORMAT,
    version: FORMAT_VERSION,
    what: "a Nashir export",
    known_name,
};

/// The format's description, carried in every export for whoever reads it next.
const GUIDE: &str = "EXPORT.md";
const GUIDE_TEXT: &str = include_str!("../../../docs/EXPORT.md");
const SETTINGS_FILE: &str = "settings.json";
const SETTINGS_MAX_BYTES: u64 = 1024 * 1024;
/// The longest row read back (an article and its body are at most a few MB).
const LINE_MAX_BYTES: u64 = 64 * 1024 * 1024;
/// The largest image file read back (it is held whole to be stored).
const IMAGE_MAX_BYTES: u64 = 1024 * 1024 * 1024;
/// Rows read back before they are inserted.
const ROWS_AT_ONCE: usize = 1000;
/// How long an export waits for the files of an image whose row is in the
/// snapshot but whose files are still being written (an upload in flight).
const MEDIA_WAIT: Duration = Duration::from_secs(10);

/// The settings an export carries (`nashir.toml` keys): what the site is and how
/// it writes dates. Never where it runs nor its secrets (`smtp_url`,
/// `database_url`, `media_store` and its keys, `listen`, `behind_proxy`…).
const SETTINGS: &[&str] = &[
    "site_name",
    "site_description",
    "editions",
    "edition",
    "base_url",
    "time_zone",
    "month_names",
    "digits",
    "hijri",
    "persian_calendar",
    "logo",
    "social_image",
    "corrections_policy",
    "media_max_mb",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Manifest {
    #[serde(flatten)]
    header: archive::Header,
    /// Whether the images' files are in the archive (`--media`).
    media: bool,
    files: Vec<ExportFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ExportFile {
    #[serde(flatten)]
    file: FileEntry,
    /// A table's rows (its file's lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rows: Option<u64>,
    /// A table's columns: the keys of each line's object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    columns: Option<Vec<String>>,
}

/// The table a `tables/<table>.jsonl` name is for.
fn table_of(path: &str) -> Option<&str> {
    let name = path.strip_prefix("tables/")?.strip_suffix(".jsonl")?;
    let plain = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    plain.then_some(name)
}

fn known_name(path: &str) -> bool {
    path == GUIDE
        || path == SETTINGS_FILE
        || table_of(path).is_some()
        || archive::is_media_name(path)
}

fn file_entry(path: &str, bytes: &[u8]) -> ExportFile {
    let mut tally = Tally::default();
    tally.add(bytes);
    let (size, sha256) = tally.finish();
    ExportFile {
        file: FileEntry {
            path: path.into(),
            size,
            sha256,
        },
        rows: None,
        columns: None,
    }
}

/// The exported settings, by their `nashir.toml` keys (none for those unset).
fn settings_of(site: &SiteSettings) -> serde_json::Value {
    serde_json::json!({
        "site_name": site.name,
        "site_description": site.description,
        "editions": site.editions.iter().map(|e| e.language).collect::<Vec<_>>(),
        "edition": site
            .editions
            .iter()
            .skip(1)
            .map(|e| {
                let names = serde_json::json!({
                    "site_name": e.name,
                    "site_description": e.description,
                });
                (e.language.code().to_string(), names)
            })
            .collect::<serde_json::Map<_, _>>(),
        "base_url": site.base_url,
        "time_zone": site.time_zone.iana_name(),
        "month_names": site.month_names,
        "digits": site.digits,
        "hijri": site.hijri,
        "persian_calendar": site.persian_calendar,
        "logo": site.logo,
        "social_image": site.social_image,
        "corrections_policy": site.corrections_policy,
        "media_max_mb": site.media_max_bytes / (1024 * 1024),
    })
}

/// `nashir export --to FILE [--media]`.
pub async fn export(config: Config, to: &Path, media: bool) -> anyhow::Result<ExitCode> {
    if !config.has_database() {
        bail!("no site in {} (no nashir.db)", config.data_dir.display());
    }
    archive::check_destination(to)?;
    let started = Instant::now();
    let store = config.open_store().await?;
    let files = if media {
        Some(config.media_files()?)
    } else {
        None
    };
    let mut settings = serde_json::to_vec_pretty(&settings_of(&config.site))?;
    settings.push(b'\n');
    let (handle, target, source) = (Handle::current(), to.to_path_buf(), store.clone());
    let written = tokio::task::spawn_blocking(move || {
        write_export(&handle, &source, files.as_deref(), &settings, &target)
    })
    .await
    .context("the export writer stopped")?;
    store.close().await;
    let (written, counts) = written?;
    eprintln!(
        "nashir: {} rows in {} tables, {} image files{} ({} database, migration {})",
        counts.rows,
        counts.tables,
        counts.images,
        match (media, counts.missing) {
            (false, _) => " (--media not given)".to_string(),
            (true, 0) => String::new(),
            (true, n) => format!(", {n} missing"),
        },
        counts.database,
        counts.migration_version,
    );
    written.print(to, started.elapsed());
    Ok(ExitCode::SUCCESS)
}

struct Counts {
    tables: usize,
    rows: u64,
    images: usize,
    missing: usize,
    database: &'static str,
    migration_version: i64,
}

/// Reads the site's snapshot (on this blocking thread, through `handle`) into the
/// archive `to`.
fn write_export(
    handle: &Handle,
    store: &SqlStore,
    files: Option<&dyn MediaFiles>,
    settings: &[u8],
    to: &Path,
) -> anyhow::Result<(archive::Written, Counts)> {
    let mut snapshot = handle.block_on(Snapshot::begin(store))?;
    let result = write_snapshot(handle, &mut snapshot, files, settings, to);
    // A read transaction: nothing to keep, whatever happened.
    let _ = handle.block_on(snapshot.finish());
    result
}

fn write_snapshot(
    handle: &Handle,
    snapshot: &mut Snapshot,
    files: Option<&dyn MediaFiles>,
    settings: &[u8],
    to: &Path,
) -> anyhow::Result<(archive::Written, Counts)> {
    let migration_version = handle.block_on(snapshot.migration_version())?;
    let mut entries = vec![
        file_entry(GUIDE, GUIDE_TEXT.as_bytes()),
        file_entry(SETTINGS_FILE, settings),
    ];
    // First pass: each table's size, checksum and rows, for the manifest.
    let mut dumps = Vec::new();
    let mut rows_total = 0;
    for table in dump::exported_tables() {
        let dump = handle.block_on(snapshot.dump(table))?;
        let (mut tally, mut rows) = (Tally::default(), 0u64);
        let mut lines = snapshot.lines(&dump);
        while let Some(line) = handle.block_on(lines.next()) {
            tally.add(line?.as_bytes());
            tally.add(b"\n");
            rows += 1;
        }
        drop(lines);
        let (size, sha256) = tally.finish();
        entries.push(ExportFile {
            file: FileEntry {
                path: format!("tables/{table}.jsonl"),
                size,
                sha256,
            },
            rows: Some(rows),
            columns: Some(dump.columns.clone()),
        });
        rows_total += rows;
        dumps.push(dump);
    }
    let tables = dumps.len();
    // The images' files, by the names the site writes. Files are written once,
    // under a new id, and never changed, so what is read now is the snapshot's.
    let mut missing = 0;
    if let Some(files) = files {
        let deadline = Instant::now() + MEDIA_WAIT;
        for image in handle.block_on(snapshot.images())? {
            for width in &image.widths {
                let name = format!("{}/{width}.{}", image.id, image.ext);
                match fetch(handle, files, &name, deadline) {
                    Some(bytes) => entries.push(file_entry(&format!("media/{name}"), &bytes)),
                    None => {
                        missing += 1;
                        eprintln!(
                            "nashir: warning: image {} has no file {name} (the site cannot show it either)",
                            image.id
                        );
                    }
                }
            }
        }
    }
    let images = entries.len() - 2 - tables;
    let database = dump::dialect_name(snapshot.dialect());
    let manifest = Manifest {
        header: archive::Header::now(&EXPORT, database, migration_version)?,
        media: files.is_some(),
        files: entries,
    };

    // Second pass: the same bytes again, into the archive.
    let mut writer = archive::Writer::create(to, &serde_json::to_vec_pretty(&manifest)?)?;
    let mut listed = manifest.files.iter();
    let mut add = |writer: &mut archive::Writer, data: &mut dyn Read| -> anyhow::Result<()> {
        let entry = listed
            .next()
            .ok_or_else(|| anyhow!("more files than the manifest lists"))?;
        let FileEntry { path, size, sha256 } = &entry.file;
        let (_, digest) = writer.add(path, *size, 0o644, data)?;
        if digest != *sha256 {
            bail!("«{path}» changed during the export");
        }
        Ok(())
    };
    add(&mut writer, &mut GUIDE_TEXT.as_bytes())?;
    add(&mut writer, &mut &*settings)?;
    for dump in &dumps {
        let mut rows = RowsReader::new(handle, snapshot.lines(dump));
        let added = add(&mut writer, &mut rows);
        // A database error is the cause, not the archive write it broke off.
        if let Some(e) = rows.error.take() {
            return Err(e).with_context(|| format!("reading {}", dump.table));
        }
        added?;
    }
    for entry in &manifest.files[2 + tables..] {
        let name = entry.file.path.trim_start_matches("media/");
        let bytes = match files {
            Some(files) => handle.block_on(files.get(name)),
            None => None,
        };
        let bytes =
            bytes.ok_or_else(|| anyhow!("image file {name} went missing during the export"))?;
        add(&mut writer, &mut bytes.as_slice())?;
    }
    let written = writer.finish()?;
    Ok((
        written,
        Counts {
            tables,
            rows: rows_total,
            images,
            missing,
            database,
            migration_version,
        },
    ))
}

/// An image file, waiting a little for one whose upload is still being written.
fn fetch(
    handle: &Handle,
    files: &dyn MediaFiles,
    name: &str,
    deadline: Instant,
) -> Option<Vec<u8>> {
    loop {
        if let Some(bytes) = handle.block_on(files.get(name)) {
            return Some(bytes);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A table's rows as the bytes of its file, read from the database as the archive
/// asks for them.
struct RowsReader<'a> {
    handle: &'a Handle,
    lines: Rows<'a>,
    pending: Vec<u8>,
    at: usize,
    /// The rows have run out (a finished stream is not asked again).
    done: bool,
    error: Option<StoreError>,
}

impl<'a> RowsReader<'a> {
    fn new(handle: &'a Handle, lines: Rows<'a>) -> Self {
        RowsReader {
            handle,
            lines,
            pending: Vec::new(),
            at: 0,
            done: false,
            error: None,
        }
    }
}

impl Read for RowsReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Gathers rows until there is something to give (or they run out).
        while self.at == self.pending.len() {
            self.pending.clear();
            self.at = 0;
            while !self.done && self.pending.len() < 64 * 1024 {
                match self.handle.block_on(self.lines.next()) {
                    Some(Ok(line)) => {
                        self.pending.extend_from_slice(line.as_bytes());
                        self.pending.push(b'\n');
                    }
                    Some(Err(e)) => {
                        let message = e.to_string();
                        self.error = Some(e);
                        return Err(io::Error::other(message));
                    }
                    None => self.done = true,
                }
            }
            if self.pending.is_empty() {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.pending.len() - self.at);
        buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The files the manifest lists, as the archive reader checks them.
fn listed(manifest: &Manifest) -> Vec<FileEntry> {
    manifest.files.iter().map(|f| f.file.clone()).collect()
}

/// Refuses a manifest this binary cannot import: from a newer schema, with a
/// table it does not know, or tables out of order.
fn check_manifest(manifest: &Manifest) -> anyhow::Result<()> {
    let Some(dialect) = dump::dialect_named(&manifest.header.database) else {
        bail!(
            "the export's database is «{}», neither sqlite nor postgres",
            manifest.header.database
        );
    };
    let newest = dump::newest_migration(dialect);
    if manifest.header.migration_version > newest {
        bail!(
            "the export comes from a newer Nashir (nashir {}, {} schema at migration {}; this \
             nashir knows migrations up to {newest}): import it with that version or a newer one",
            manifest.header.nashir_version,
            manifest.header.database,
            manifest.header.migration_version
        );
    }
    let order: Vec<&str> = dump::exported_tables().collect();
    let mut last = None;
    for file in &manifest.files {
        let Some(table) = table_of(&file.file.path) else {
            continue;
        };
        let Some(place) = order.iter().position(|t| *t == table) else {
            bail!(
                "the export has a table «{table}» that this nashir does not import \
                 (an export of a newer Nashir?)"
            );
        };
        if last.is_some_and(|last| last >= place) {
            bail!("the manifest lists «{table}» out of order or twice");
        }
        last = Some(place);
        if file.rows.is_none() || file.columns.is_none() {
            bail!("the manifest gives «{}» no rows or columns", file.file.path);
        }
    }
    Ok(())
}

/// What the first reading of an export found, beside its manifest.
struct Checked {
    manifest: Manifest,
    settings: serde_json::Map<String, serde_json::Value>,
}

/// The first reading: every file against its size and SHA-256, every table's
/// lines against its row count. Writes nothing.
fn check_archive(archive: File) -> anyhow::Result<Checked> {
    let mut settings = Vec::new();
    let mut lines: HashMap<String, (u64, bool)> = HashMap::new();
    let manifest = archive::read(
        archive,
        &EXPORT,
        |manifest: &Manifest| {
            check_manifest(manifest)?;
            Ok(listed(manifest))
        },
        |name, listing, data| {
            let damaged = |e| archive::damaged(&EXPORT, e);
            if name == SETTINGS_FILE {
                if listing.size > SETTINGS_MAX_BYTES {
                    bail!("{SETTINGS_FILE} is too large ({} bytes)", listing.size);
                }
                data.read_to_end(&mut settings).map_err(damaged)?;
            } else if table_of(name).is_some() {
                // Its lines, and whether the last one ends.
                let (mut count, mut ends) = (0u64, true);
                let mut buffer = vec![0u8; 256 * 1024];
                loop {
                    let n = data.read(&mut buffer).map_err(damaged)?;
                    if n == 0 {
                        break;
                    }
                    count += buffer[..n].iter().filter(|b| **b == b'\n').count() as u64;
                    ends = buffer[n - 1] == b'\n';
                }
                lines.insert(name.to_string(), (count, ends));
            } else {
                io::copy(data, &mut io::sink()).map_err(damaged)?;
            }
            Ok(())
        },
    )?;
    for file in &manifest.files {
        let path = &file.file.path;
        if let (Some(rows), Some((count, ends))) = (file.rows, lines.get(path)) {
            if !ends {
                bail!("{path} does not end with a newline (cut short?)");
            }
            if rows != *count {
                bail!("{path} has {count} rows, its manifest says {rows}");
            }
        }
    }
    let settings = if settings.is_empty() {
        serde_json::Map::new()
    } else {
        serde_json::from_slice(&settings)
            .map_err(|e| anyhow!("{SETTINGS_FILE} is not a JSON object: {e}"))?
    };
    Ok(Checked { manifest, settings })
}

/// The second reading: every row into the database in one transaction, the image
/// files into the media store, then the commit. Returns the rows and files written.
fn load_archive(
    handle: &Handle,
    store: &SqlStore,
    files: &dyn MediaFiles,
    archive: File,
    checked: &Manifest,
) -> anyhow::Result<(u64, usize)> {
    let mut import = handle.block_on(Import::begin(store))?;
    let (mut rows, mut images) = (0u64, 0usize);
    let read = archive::read(
        archive,
        &EXPORT,
        |manifest: &Manifest| {
            if manifest != checked {
                bail!("the archive changed since it was checked");
            }
            Ok(listed(manifest))
        },
        |name, listing, data| {
            let damaged = |e| archive::damaged(&EXPORT, e);
            if let Some(table) = table_of(name) {
                let columns = checked
                    .files
                    .iter()
                    .find(|f| f.file.path == name)
                    .and_then(|f| f.columns.clone())
                    .unwrap_or_default();
                let load = handle.block_on(import.load(table, &columns))?;
                let mut reader = BufReader::with_capacity(256 * 1024, data);
                let (mut batch, mut first) = (Vec::with_capacity(ROWS_AT_ONCE), 1u64);
                loop {
                    let mut line = Vec::new();
                    let n = (&mut reader)
                        .take(LINE_MAX_BYTES)
                        .read_until(b'\n', &mut line)
                        .map_err(damaged)?;
                    if n == 0 {
                        break;
                    }
                    if line.pop() != Some(b'\n') {
                        bail!(
                            "{name}: line {} is longer than {LINE_MAX_BYTES} bytes or cut short",
                            first + batch.len() as u64
                        );
                    }
                    let line = String::from_utf8(line).map_err(|_| {
                        anyhow!("{name}: line {} is not UTF-8", first + batch.len() as u64)
                    })?;
                    batch.push(line);
                    if batch.len() == ROWS_AT_ONCE {
                        handle.block_on(import.insert(&load, &batch, first))?;
                        first += batch.len() as u64;
                        rows += batch.len() as u64;
                        batch.clear();
                    }
                }
                handle.block_on(import.insert(&load, &batch, first))?;
                rows += batch.len() as u64;
            } else if let Some(path) = name.strip_prefix("media/") {
                if listing.size > IMAGE_MAX_BYTES {
                    bail!("{name} is too large ({} bytes)", listing.size);
                }
                let mut bytes = Vec::with_capacity(listing.size as usize);
                data.read_to_end(&mut bytes).map_err(damaged)?;
                // Checked before it is stored, not only after (as every entry is).
                let (_, digest) = {
                    let mut tally = Tally::default();
                    tally.add(&bytes);
                    tally.finish()
                };
                if digest != listing.sha256 {
                    bail!("checksum mismatch for «{name}»: the archive is damaged or was changed");
                }
                handle
                    .block_on(files.put(path, bytes))
                    .map_err(|e| anyhow!("storing {name}: {e}"))?;
                images += 1;
            } else {
                io::copy(data, &mut io::sink()).map_err(damaged)?;
            }
            Ok(())
        },
    );
    match read {
        Ok(_) => {
            handle.block_on(import.commit())?;
            Ok((rows, images))
        }
        Err(e) => {
            let _ = handle.block_on(import.rollback());
            Err(e)
        }
    }
}

/// `nashir import-export FILE`, into the site of the data folder (or of
/// `database_url`), which must be empty.
pub async fn import_export(config: Config, file: &Path) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let cannot = || {
        format!(
            "{} cannot be imported (nothing was changed)",
            file.display()
        )
    };
    let archive = File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let checked = tokio::task::spawn_blocking(move || check_archive(archive))
        .await
        .context("the archive reader stopped")?
        .with_context(cannot)?;
    let checked_at = started.elapsed();
    let manifest = checked.manifest;

    // The site: it must be empty, and no server may be running on it.
    if config.database.is_none() && config.media_store.is_none() {
        let folder = if config.data_dir.exists() {
            config.data_dir.clone()
        } else {
            archive::folder_of(&std::path::absolute(&config.data_dir)?)
        };
        let total = manifest
            .files
            .iter()
            .fold(0u64, |n, f| n.saturating_add(f.file.size));
        archive::check_room(&folder, total.saturating_mul(2), "the export needs about")
            .with_context(cannot)?;
    }
    // The settings it brings, read as the server will read them.
    let settings = merged_settings(
        &config.data_dir,
        &checked.settings,
        &manifest.header.created_at,
    )?;
    // A site that has a database is looked at before anything is made: a SQLite
    // site without one is new, and empty.
    let store = if config.has_database() {
        let store = config.open_store().await?;
        let found = dump::occupied(&store).await?;
        if !found.is_empty() {
            store.close().await;
            bail!(
                "{}: import-export writes only into an empty site (a new data folder, or an \
                 empty PostgreSQL database); nothing was changed",
                dump::not_empty(&found)
            );
        }
        config.prepare_data_dir()?;
        store
    } else {
        config.prepare_data_dir()?;
        config.open_store().await?
    };
    // Holding the search index keeps a server off this data folder until it is rebuilt.
    let (engine, _) = SearchEngine::open(&config.search_dir()).with_context(|| {
        format!(
            "opening the search index in {} (is a server running on this site? stop it first)",
            config.search_dir().display()
        )
    })?;

    let archive = File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let files = config.media_files()?;
    let (handle, source, store_for_load) = (Handle::current(), manifest.clone(), store.clone());
    let loaded = tokio::task::spawn_blocking(move || {
        load_archive(&handle, &store_for_load, files.as_ref(), archive, &source)
    })
    .await
    .context("the archive reader stopped")?;
    let (rows, images) = match loaded {
        Ok(loaded) => loaded,
        Err(e) => {
            store.close().await;
            return Err(e).with_context(|| {
                format!(
                    "{} was not imported (nothing was written to the database; image files \
                     already stored stay, and a new attempt writes the same ones)",
                    file.display()
                )
            });
        }
    };
    let loaded_at = started.elapsed();
    if let Some((text, added)) = settings {
        write_settings(&config.data_dir, &text)?;
        eprintln!(
            "nashir: nashir.toml: added {} from the export",
            added.join(", ")
        );
    }
    if !manifest.media {
        eprintln!(
            "nashir: the export holds no image files (made without --media): copy the old \
             site's media folder into this one's"
        );
    }

    // The search index, then every related list, as `nashir reindex` makes them:
    // the site starts ready. Running nodes of a shared database follow the change
    // log, which the import's triggers wrote.
    let engine = Arc::new(engine);
    let indexed = rebuild(&engine, &store, &SystemClock, &mut |_, _| {}).await?;
    fill_related(&engine, &store, &SystemClock, &mut |_, _| {}).await?;
    catch_up(&engine, &store, &SystemClock).await?;
    drop(engine);
    store.close().await;
    eprintln!(
        "nashir: imported the export of {} (nashir {}, {} migration {}): checked in {:.2} s, \
         loaded in {:.2} s, {indexed} articles indexed",
        manifest.header.created_at,
        manifest.header.nashir_version,
        manifest.header.database,
        manifest.header.migration_version,
        checked_at.as_secs_f64(),
        (loaded_at - checked_at).as_secs_f64(),
    );
    println!(
        "{}\t{rows} rows\t{images} image files\t{:.2} s",
        config.data_dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// A setting's value as TOML, or none for a value settings do not take.
fn toml_value(value: &serde_json::Value) -> Option<String> {
    match value {
        // A JSON string is a TOML basic string, once DEL (TOML wants it escaped) is.
        serde_json::Value::String(s) => serde_json::to_string(s)
            .ok()
            .map(|s| s.replace('\u{7f}', "\\u007F")),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        serde_json::Value::Number(n) if n.is_u64() || n.is_i64() => Some(n.to_string()),
        // The editions and their names: an array, and inline tables.
        serde_json::Value::Array(items) => {
            let items: Option<Vec<String>> = items.iter().map(toml_value).collect();
            Some(format!("[{}]", items?.join(", ")))
        }
        serde_json::Value::Object(fields) => {
            let mut pairs = Vec::new();
            for (key, value) in fields {
                if value.is_null() {
                    continue;
                }
                let key = serde_json::to_string(key).ok()?;
                pairs.push(format!("{key} = {}", toml_value(value)?));
            }
            Some(format!("{{ {} }}", pairs.join(", ")))
        }
        _ => None,
    }
}

/// `nashir.toml` with the exported settings it does not set yet, checked as the
/// server would read it; none when it gains nothing. Settings the file already
/// has, and keys that are not [`SETTINGS`], are left alone.
fn merged_settings(
    data_dir: &Path,
    exported: &serde_json::Map<String, serde_json::Value>,
    created_at: &str,
) -> anyhow::Result<Option<(String, Vec<String>)>> {
    let path = data_dir.join("nashir.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let present: BTreeMap<String, figment::value::Value> = if text.is_empty() {
        BTreeMap::new()
    } else {
        figment::Figment::from(figment::providers::Toml::string(&text))
            .extract()
            .with_context(|| format!("reading {}", path.display()))?
    };
    let mut added = Vec::new();
    let mut lines = String::new();
    for key in exported.keys().filter(|k| !SETTINGS.contains(&k.as_str())) {
        eprintln!(
            "nashir: warning: {SETTINGS_FILE}: «{key}» is not a setting an export brings; left out"
        );
    }
    for key in SETTINGS {
        let Some(value) = exported.get(*key) else {
            continue;
        };
        if value.is_null() || present.contains_key(*key) {
            continue;
        }
        let Some(toml) = toml_value(value) else {
            bail!("{SETTINGS_FILE}: «{key}» has a value settings do not take: {value}");
        };
        lines.push_str(&format!("{key} = {toml}\n"));
        added.push(key.to_string());
    }
    if added.is_empty() {
        return Ok(None);
    }
    // Added at the top: below a `[table]` of the file they would be read as
    // that table's.
    let mut merged = format!("# From the export of {created_at} (nashir import-export)\n");
    merged.push_str(&lines);
    if !text.is_empty() {
        merged.push('\n');
        merged.push_str(&text);
    }
    // Read as the server will, before anything is written.
    let trial = tempfile::tempdir().context("making a temporary folder")?;
    std::fs::write(trial.path().join("nashir.toml"), &merged)
        .context("writing a temporary nashir.toml")?;
    Config::load(trial.path(), None)
        .map_err(|e| anyhow!("the export's settings do not fit this nashir: {e:#}"))?;
    Ok(Some((merged, added)))
}

/// Replaces `nashir.toml` whole (a new file, renamed over it), private as it may
/// hold passwords.
fn write_settings(data_dir: &Path, text: &str) -> anyhow::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let (path, temporary) = (
        data_dir.join("nashir.toml"),
        data_dir.join(".nashir.toml.new"),
    );
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temporary)
        .with_context(|| format!("creating {}", temporary.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing {}", temporary.display()))?;
    std::fs::rename(&temporary, &path)
        .with_context(|| format!("renaming {} to {}", temporary.display(), path.display()))?;
    archive::sync_folder(data_dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_carries_the_settings_it_says_it_does() {
        let value = settings_of(&SiteSettings::default());
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = SETTINGS.to_vec();
        expected.sort();
        assert_eq!(keys, expected);
        assert_eq!(value["time_zone"], "UTC");
        assert_eq!(value["month_names"], "egyptian");
        assert_eq!(value["media_max_mb"], 20);
    }

    #[test]
    fn settings_join_nashir_toml_without_overriding_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("nashir.toml"),
            "site_name = \"محلي\"\nlisten = \"127.0.0.1:9000\"",
        )
        .unwrap();
        let mut exported = settings_of(&SiteSettings::default());
        exported["site_name"] = "منصة \"قديمة\"\u{7f}".into();
        exported["base_url"] = "https://news.example".into();
        exported["smtp_url"] = "smtp://user:secret@mail".into();
        let (text, added) = merged_settings(
            dir.path(),
            exported.as_object().unwrap(),
            "2025-01-08T03:00:00Z",
        )
        .unwrap()
        .unwrap();
        // Added above the file's own lines (a `[table]` there must not take them).
        assert!(text.starts_with("# From"), "{text}");
        assert!(text.ends_with("\nsite_name = \"محلي\"\nlisten = \"127.0.0.1:9000\""));
        assert!(added.contains(&"base_url".to_string()));
        assert!(!added.contains(&"site_name".to_string()));
        assert!(
            !text.contains("smtp_url") && !text.contains("logo"),
            "{text}"
        );
        write_settings(dir.path(), &text).unwrap();
        let config = Config::load(dir.path(), None).unwrap();
        assert_eq!(config.site.name, "محلي");
        assert_eq!(
            config.site.base_url.as_deref(),
            Some("https://news.example")
        );

        // A value the server would refuse is refused before anything is written.
        let mut bad = serde_json::Map::new();
        bad.insert("time_zone".into(), "Mars/Olympus".into());
        let empty = tempfile::tempdir().unwrap();
        let e = merged_settings(empty.path(), &bad, "now").unwrap_err();
        assert!(format!("{e:#}").contains("time zone"), "{e:#}");
    }

    #[test]
    fn names_an_export_may_hold() {
        for name in [
            "EXPORT.md",
            "settings.json",
            "tables/article_tags.jsonl",
            "media/12/800.webp",
        ] {
            assert!(known_name(name), "{name}");
        }
        for name in [
            "nashir.db",
            "tables/../x.jsonl",
            "tables/Articles.jsonl",
            "tables/.jsonl",
            "media/1/x.gif",
        ] {
            assert!(!known_name(name), "{name}");
        }
    }
}
