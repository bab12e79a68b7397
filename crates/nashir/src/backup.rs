//! `nashir backup --to FILE` and `nashir restore FILE`: a SQLite site in one
//! archive, taken while the server runs, and put back into an empty data folder.
//!
//! The archive (format `nashir-backup`, version 1; docs/DEPLOY.md describes it) is a
//! gzip-compressed tar whose first entry is `manifest.json` (the format and its
//! version, the nashir version, when, the database's migration version, and each
//! file's size and SHA-256), then `nashir.db` (a `VACUUM INTO` snapshot: one moment
//! of the database, taken without stopping the writers), `nashir.toml` if the site
//! has one, and the images under `media/` that the snapshot knows. The search index
//! is not in it: a site whose index is missing rebuilds it from the database at
//! start. Sessions, the form-signing key and webhook secrets live in the database,
//! so a restored site keeps them.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::config::Config;

/// The archive's format name, in its manifest.
pub const FORMAT: &str = "nashir-backup";
/// The archive format this binary writes and reads. A change that an older reader
/// would misread takes a new number.
pub const FORMAT_VERSION: u32 = 1;

const MANIFEST: &str = "manifest.json";
const DATABASE: &str = "nashir.db";
const SETTINGS: &str = "nashir.toml";
/// The largest manifest read (about 1.5 million files).
const MANIFEST_MAX_BYTES: u64 = 256 * 1024 * 1024;
/// How long a backup waits for the files of an image whose row is in the snapshot
/// but whose files are still being written (an upload in flight).
const MEDIA_WAIT: Duration = Duration::from_secs(10);

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    format_version: u32,
    nashir_version: String,
    /// RFC 3339, UTC.
    created_at: String,
    /// Always `sqlite` in version 1.
    database: String,
    /// The highest migration applied to the database.
    migration_version: i64,
    files: Vec<FileEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct FileEntry {
    path: String,
    size: u64,
    sha256: String,
}

/// A file to put in the archive: where it is now, and its name in the archive.
struct Source {
    disk: PathBuf,
    entry: FileEntry,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A reader that hashes and counts what passes through it.
struct Hashing<R> {
    inner: R,
    hash: Sha256,
    count: u64,
}

impl<R: Read> Hashing<R> {
    fn new(inner: R) -> Self {
        Hashing {
            inner,
            hash: Sha256::new(),
            count: 0,
        }
    }

    fn finish(self) -> (u64, String) {
        (self.count, hex(&self.hash.finalize()))
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }
}

fn hash_file(path: &Path) -> anyhow::Result<(u64, String)> {
    let file = File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut reader = Hashing::new(BufReader::with_capacity(256 * 1024, file));
    io::copy(&mut reader, &mut io::sink())
        .with_context(|| format!("reading {}", path.display()))?;
    Ok(reader.finish())
}

/// Removes a file when dropped, unless told to keep it: a failed backup leaves no
/// `FILE.tmp` behind.
struct RemoveOnDrop(Option<PathBuf>);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn sqlite_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(30))
        .disable_statement_logging()
}

/// `FILE.tmp` beside `FILE`.
fn temporary_name(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".tmp");
    PathBuf::from(name)
}

/// The folder a path is in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

/// `nashir backup --to FILE`.
pub async fn backup(config: Config, to: &Path) -> anyhow::Result<ExitCode> {
    if config.database.is_some() {
        bail!(
            "this site's database is PostgreSQL (database_url is set): nashir backup copies \
             SQLite sites only. Back it up with pg_dump, plus the media folder and nashir.toml, \
             as «Backup and restore» in docs/DEPLOY.md shows"
        );
    }
    let database = config.database_path();
    if !database.is_file() {
        bail!("no site in {} (no nashir.db)", config.data_dir.display());
    }
    if to.is_dir() {
        bail!("{} is a folder: --to names the archive file", to.display());
    }
    let folder = folder_of(to);
    if !folder.is_dir() {
        bail!("{} does not exist: create it first", folder.display());
    }
    let started = Instant::now();

    // One moment of the database, without stopping anyone: VACUUM INTO reads in one
    // read transaction (WAL: writers go on) and writes a compact copy.
    let staging = tempfile::Builder::new()
        .prefix(".nashir-backup-")
        .tempdir_in(&folder)
        .with_context(|| format!("making a temporary folder in {}", folder.display()))?;
    let snapshot = staging.path().join(DATABASE);
    {
        let mut live = sqlite_options(&database)
            .read_only(true)
            .connect()
            .await
            .with_context(|| format!("opening {}", database.display()))?;
        sqlx::query("VACUUM INTO $1")
            .bind(snapshot.to_string_lossy().into_owned())
            .execute(&mut live)
            .await
            .with_context(|| format!("taking a snapshot of {}", database.display()))?;
        let _ = live.close().await;
    }
    let snapshot_took = started.elapsed();

    // What the snapshot knows: its schema version and its images.
    let (migration_version, images) = {
        let mut copy = sqlite_options(&snapshot)
            .read_only(true)
            .immutable(true)
            .connect()
            .await
            .context("opening the snapshot")?;
        let version: Option<i64> =
            sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&mut copy)
                .await
                .context("reading the snapshot's migration version")?;
        let images: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, ext, widths FROM media ORDER BY id")
                .fetch_all(&mut copy)
                .await
                .context("reading the snapshot's images")?;
        let _ = copy.close().await;
        (version.unwrap_or(0), images)
    };

    if let Some(store) = &config.media_store {
        eprintln!(
            "nashir: the images are in {store} (media_store), not in the data folder: \
             this archive holds the database and settings only; back the bucket up on its own"
        );
    }
    let site = Site {
        snapshot,
        settings: config.data_dir.join(SETTINGS),
        media: config.media_store.is_none().then(|| config.media_dir()),
    };
    let target = to.to_path_buf();
    let (written, media_files, missing) = tokio::task::spawn_blocking(move || {
        let (sources, media_files, missing) = collect(&site, &images)?;
        let manifest = Manifest {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            nashir_version: env!("CARGO_PKG_VERSION").into(),
            created_at: jiff::Timestamp::now()
                .round(jiff::Unit::Second)?
                .to_string(),
            database: "sqlite".into(),
            migration_version,
            files: sources.iter().map(|s| s.entry.clone()).collect(),
        };
        let written = write_archive(&target, &manifest, &sources)?;
        anyhow::Ok((written, media_files, missing))
    })
    .await
    .context("the archive writer stopped")??;
    drop(staging);
    eprintln!(
        "nashir: database snapshot in {:.2} s (migration {migration_version}), {media_files} media files{}",
        snapshot_took.as_secs_f64(),
        if missing > 0 {
            format!(", {missing} missing")
        } else {
            String::new()
        }
    );
    println!(
        "{}\t{} files\t{} ({} compressed)\t{:.2} s",
        to.display(),
        written.files,
        megabytes(written.content_bytes),
        megabytes(written.archive_bytes),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Where the parts of the site are: the snapshot, the settings file, the media
/// folder (none when the images are in a bucket).
struct Site {
    snapshot: PathBuf,
    settings: PathBuf,
    media: Option<PathBuf>,
}

/// The files to archive, each hashed: the snapshot, the settings, and the files of
/// the images the snapshot knows. Also how many image files there are, and how many
/// are missing.
fn collect(
    site: &Site,
    images: &[(i64, String, String)],
) -> anyhow::Result<(Vec<Source>, usize, usize)> {
    let mut sources = Vec::new();
    let mut add = |disk: PathBuf, path: String| -> anyhow::Result<()> {
        let (size, sha256) = hash_file(&disk)?;
        sources.push(Source {
            disk,
            entry: FileEntry { path, size, sha256 },
        });
        Ok(())
    };
    add(site.snapshot.clone(), DATABASE.into())?;
    if site.settings.is_file() {
        add(site.settings.clone(), SETTINGS.into())?;
    }
    let (mut found, mut missing) = (0, 0);
    let Some(media) = &site.media else {
        return Ok((sources, found, missing));
    };
    // By the names the site writes. Image files are written once, under a new id,
    // and never changed, so files read now are the snapshot's; a newer image is
    // left out (the restored database would not know it).
    let deadline = Instant::now() + MEDIA_WAIT;
    for (id, ext, widths) in images {
        let widths: Vec<u32> = serde_json::from_str(widths)
            .with_context(|| format!("image {id}: widths «{widths}» are not a list"))?;
        for width in widths {
            let name = format!("{id}/{width}.{ext}");
            let disk = media.join(&name);
            // An upload writes its row, then its files: wait for them a little.
            while !disk.is_file() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(100));
            }
            if disk.is_file() {
                add(disk, format!("media/{name}"))?;
                found += 1;
            } else {
                missing += 1;
                eprintln!(
                    "nashir: warning: image {id} has no file {} (the site cannot show it either)",
                    disk.display()
                );
            }
        }
    }
    Ok((sources, found, missing))
}

struct Written {
    files: usize,
    content_bytes: u64,
    archive_bytes: u64,
}

fn tar_header(size: u64, mtime: u64, mode: u32) -> tar::Header {
    let mut header = tar::Header::new_ustar();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(size);
    header.set_mode(mode);
    header.set_mtime(mtime);
    header.set_uid(0);
    header.set_gid(0);
    header
}

/// Writes `FILE.tmp`, then renames it to `FILE`: a file with the final name is whole.
fn write_archive(to: &Path, manifest: &Manifest, sources: &[Source]) -> anyhow::Result<Written> {
    let temporary = temporary_name(to);
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        // nashir.toml may hold passwords (SMTP, database): the archive is private.
        OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&temporary)
            .with_context(|| format!("creating {}", temporary.display()))?
    };
    let mut cleanup = RemoveOnDrop(Some(temporary.clone()));
    let mtime = jiff::Timestamp::now().as_second().max(0) as u64;
    let writing = |e: io::Error| anyhow!("writing {}: {e}", temporary.display());
    let mut tar = tar::Builder::new(GzEncoder::new(
        BufWriter::with_capacity(256 * 1024, file),
        Compression::new(6),
    ));
    let json = serde_json::to_vec_pretty(manifest)?;
    tar.append_data(
        &mut tar_header(json.len() as u64, mtime, 0o644),
        MANIFEST,
        json.as_slice(),
    )
    .map_err(writing)?;
    let mut content_bytes = 0;
    for source in sources {
        let FileEntry { path, size, sha256 } = &source.entry;
        let file = File::open(&source.disk)
            .with_context(|| format!("reading {}", source.disk.display()))?;
        let now = file
            .metadata()
            .with_context(|| format!("reading {}", source.disk.display()))?
            .len();
        if now != *size {
            bail!(
                "{} changed during the backup ({size} bytes, now {now})",
                source.disk.display()
            );
        }
        let mode = if path == SETTINGS { 0o600 } else { 0o644 };
        let mut reader = Hashing::new(BufReader::with_capacity(256 * 1024, file).take(*size));
        tar.append_data(&mut tar_header(*size, mtime, mode), path, &mut reader)
            .map_err(writing)?;
        let (count, digest) = reader.finish();
        if count != *size || digest != *sha256 {
            bail!("{} changed during the backup", source.disk.display());
        }
        content_bytes += size;
    }
    let gzip = tar.into_inner().map_err(writing)?;
    let buffered = gzip.finish().map_err(writing)?;
    let file = buffered.into_inner().map_err(|e| writing(e.into_error()))?;
    file.sync_all().map_err(writing)?;
    let archive_bytes = file.metadata().map_err(writing)?.len();
    drop(file);
    std::fs::rename(&temporary, to)
        .with_context(|| format!("renaming {} to {}", temporary.display(), to.display()))?;
    cleanup.0 = None;
    sync_folder(&folder_of(to));
    Ok(Written {
        files: sources.len(),
        content_bytes,
        archive_bytes,
    })
}

/// Makes a rename in `folder` durable (best effort: some file systems refuse).
fn sync_folder(folder: &Path) {
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// Whether `path` names a file of format version 1: `nashir.db`, `nashir.toml`, or
/// `media/<id>/<width>.<jpg|png|webp>` (the names the site writes).
fn known_name(path: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit());
    if path == DATABASE || path == SETTINGS {
        return true;
    }
    let mut parts = path.split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("media"), Some(id), Some(file), None) => {
            digits(id)
                && file.split_once('.').is_some_and(|(width, ext)| {
                    digits(width) && matches!(ext, "jpg" | "png" | "webp")
                })
        }
        _ => false,
    }
}

/// Refuses absolute paths and `..` (and anything else that is not a plain
/// relative name), then names this format does not have.
fn check_name(path: &Path) -> anyhow::Result<String> {
    let plain = path.components().count() > 0
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    let Some(name) = path.to_str().filter(|_| plain) else {
        bail!(
            "unsafe path «{}» in the archive (absolute, or with ..): refused",
            path.display()
        );
    };
    if !known_name(name) {
        bail!("unexpected file «{name}» in the archive: not part of a Nashir backup");
    }
    Ok(name.to_string())
}

#[allow(clippy::unnecessary_cast)] // the statvfs field types differ between platforms
fn free_bytes(folder: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(folder.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs writes into the struct we pass; a zeroed statvfs is valid.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `path` is a NUL-terminated string that outlives the call.
    if unsafe { libc::statvfs(path.as_ptr(), &mut stat) } != 0 {
        return None;
    }
    Some((stat.f_bavail as u64).saturating_mul(stat.f_frsize as u64))
}

fn is_empty_folder(folder: &Path) -> anyhow::Result<bool> {
    let mut entries =
        std::fs::read_dir(folder).with_context(|| format!("reading {}", folder.display()))?;
    Ok(entries.next().is_none())
}

/// `nashir restore FILE`, into the data folder, which must be empty or missing.
pub async fn restore(config: Config, file: &Path) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut target = std::path::absolute(&config.data_dir)
        .with_context(|| format!("resolving {}", config.data_dir.display()))?;
    if target.exists() {
        // The folder itself, should its name be a link to it.
        target = std::fs::canonicalize(&target)
            .with_context(|| format!("resolving {}", target.display()))?;
        if !target.is_dir() {
            bail!("{} is a file, not a data folder", target.display());
        }
        if !is_empty_folder(&target)? {
            bail!(
                "{} is not empty: restore only into an empty or new data folder (nothing was changed)",
                target.display()
            );
        }
    }
    if config.database.is_some() {
        bail!(
            "database_url is set (NASHIR_DATABASE_URL?): an archive holds a SQLite site; unset \
             it, or restore a PostgreSQL site with pg_restore (docs/DEPLOY.md)"
        );
    }
    let archive = File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let parent = folder_of(&target);
    std::fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
    // Unpacked beside the target, renamed into place once everything checks out;
    // removed on any failure.
    let staging = tempfile::Builder::new()
        .prefix(".nashir-restore-")
        .tempdir_in(&parent)
        .with_context(|| format!("making a temporary folder in {}", parent.display()))?;
    let into = staging.path().to_path_buf();
    let manifest = tokio::task::spawn_blocking(move || unpack(archive, &into))
        .await
        .context("the archive reader stopped")?
        .with_context(|| format!("{} cannot be restored", file.display()))?;

    // The database: whole, consistent, and one this binary can run.
    let database = staging.path().join(DATABASE);
    {
        let mut conn = sqlite_options(&database)
            .connect()
            .await
            .context("opening the restored database")?;
        let verdict: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut conn)
            .await
            .context("checking the restored database")?;
        if verdict != ["ok"] {
            bail!(
                "the archive's database fails SQLite's integrity check: {}",
                verdict.join("; ")
            );
        }
        let version: Option<i64> =
            sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&mut conn)
                .await
                .context("reading the restored database's migration version")?;
        if version.unwrap_or(0) != manifest.migration_version {
            bail!(
                "the manifest says migration {}, the database has {}",
                manifest.migration_version,
                version.unwrap_or(0)
            );
        }
        let _ = conn.close().await;
    }
    // Opening it as the server does checks its migrations against this binary's
    // (an archive from a newer Nashir is refused) and applies newer ones.
    let store = nashir_store_sql::SqlStore::open(&database)
        .await
        .map_err(|e| {
            anyhow!(
                "this nashir cannot run the archive's database (migration {}, made by nashir {}): {e}",
                manifest.migration_version,
                manifest.nashir_version
            )
        })?;
    store.close().await;
    std::fs::create_dir_all(staging.path().join("media")).context("creating the media folder")?;
    sync_tree(staging.path())?;

    if target.exists() && !is_empty_folder(&target)? {
        bail!(
            "{} is no longer empty: nothing was changed",
            target.display()
        );
    }
    std::fs::rename(staging.path(), &target).with_context(|| {
        format!(
            "moving the restored site into {} (nothing was changed)",
            target.display()
        )
    })?;
    let _ = staging.keep();
    sync_folder(&parent);
    let bytes: u64 = manifest.files.iter().map(|f| f.size).sum();
    eprintln!(
        "nashir: restored the backup of {} (nashir {}, migration {}): the search index is \
         rebuilt when the site starts",
        manifest.created_at, manifest.nashir_version, manifest.migration_version
    );
    println!(
        "{}\t{} files\t{}\t{:.2} s",
        target.display(),
        manifest.files.len(),
        megabytes(bytes),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Puts what was unpacked on disk before the rename makes it the site.
fn sync_tree(folder: &Path) -> anyhow::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let dir = File::open(folder).with_context(|| format!("opening {}", folder.display()))?;
        // SAFETY: syncfs takes an open descriptor, which `dir` keeps open.
        if unsafe { libc::syncfs(dir.as_raw_fd()) } != 0 {
            return Err(io::Error::last_os_error())
                .with_context(|| format!("syncing {}", folder.display()));
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        fn walk(folder: &Path) -> io::Result<()> {
            for entry in std::fs::read_dir(folder)? {
                let path = entry?.path();
                if path.is_dir() {
                    walk(&path)?;
                }
                File::open(&path)?.sync_all()?;
            }
            Ok(())
        }
        walk(folder).with_context(|| format!("syncing {}", folder.display()))?;
    }
    Ok(())
}

/// Reads the archive into `into`, checking the manifest first and every file's
/// size and SHA-256 as it is written.
fn unpack(archive: File, into: &Path) -> anyhow::Result<Manifest> {
    let damaged = |e: io::Error| anyhow!("the archive is damaged or not a Nashir backup: {e}");
    let mut tar = tar::Archive::new(GzDecoder::new(BufReader::with_capacity(
        256 * 1024,
        archive,
    )));
    // Raw: the tar crate would read a PAX or GNU long-name entry of any size into
    // memory; this format has neither (its names are short), so they are refused.
    let mut entries = tar.entries().map_err(damaged)?.raw(true);
    let mut first = entries
        .next()
        .ok_or_else(|| anyhow!("the archive is empty"))?
        .map_err(damaged)?;
    if first.path().map_err(damaged)?.as_ref() != Path::new(MANIFEST) {
        bail!("the archive does not start with {MANIFEST}: not a Nashir backup");
    }
    if first.size() > MANIFEST_MAX_BYTES {
        bail!("{MANIFEST} is too large ({} bytes)", first.size());
    }
    let mut json = Vec::new();
    first.read_to_end(&mut json).map_err(damaged)?;
    drop(first);
    let manifest: Manifest =
        serde_json::from_slice(&json).map_err(|e| anyhow!("{MANIFEST} cannot be read: {e}"))?;
    if manifest.format != FORMAT {
        bail!(
            "the archive's format is «{}», not {FORMAT}",
            manifest.format
        );
    }
    if manifest.format_version != FORMAT_VERSION {
        bail!(
            "the archive is format version {} (made by nashir {}); this nashir reads version {FORMAT_VERSION}",
            manifest.format_version,
            manifest.nashir_version
        );
    }
    if manifest.database != "sqlite" {
        bail!(
            "the archive holds a «{}» database, not SQLite",
            manifest.database
        );
    }
    let mut expected: HashMap<String, &FileEntry> = HashMap::new();
    let mut total: u64 = 0;
    for file in &manifest.files {
        let name = check_name(Path::new(&file.path))?;
        if file.sha256.len() != 64 || !file.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            bail!("{MANIFEST}: «{name}» has no SHA-256");
        }
        if expected.insert(name.clone(), file).is_some() {
            bail!("{MANIFEST} lists «{name}» twice");
        }
        total = total.saturating_add(file.size);
    }
    if !expected.contains_key(DATABASE) {
        bail!("the archive has no {DATABASE}");
    }
    // Room for what the manifest says, and a little: never fill the disk.
    if let Some(free) = free_bytes(into)
        && total.saturating_add(64 * 1024 * 1024) > free
    {
        bail!(
            "the archive unpacks to {}, and {} has {} free",
            megabytes(total),
            into.display(),
            megabytes(free)
        );
    }

    let mut seen = HashSet::new();
    for entry in entries {
        let mut entry = entry.map_err(damaged)?;
        let path = entry.path().map_err(damaged)?.into_owned();
        let name = check_name(&path)?;
        if !entry.header().entry_type().is_file() {
            bail!("«{name}» in the archive is not a plain file");
        }
        let Some(listed) = expected.get(name.as_str()) else {
            bail!("«{name}» is in the archive but not in its manifest");
        };
        if !seen.insert(name.clone()) {
            bail!("«{name}» is in the archive twice");
        }
        if entry.size() != listed.size {
            bail!(
                "«{name}» is {} bytes in the archive, {} in its manifest",
                entry.size(),
                listed.size
            );
        }
        let disk = into.join(&name);
        if let Some(folder) = disk.parent() {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("creating {}", folder.display()))?;
        }
        let mut out = {
            use std::os::unix::fs::OpenOptionsExt;
            OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(if name == SETTINGS { 0o600 } else { 0o644 })
                .open(&disk)
                .with_context(|| format!("creating {}", disk.display()))?
        };
        let mut reader = Hashing::new(&mut entry);
        let mut writer = BufWriter::with_capacity(256 * 1024, &mut out);
        io::copy(&mut reader, &mut writer).map_err(|e| match e.kind() {
            io::ErrorKind::WriteZero | io::ErrorKind::StorageFull => {
                anyhow!("writing {}: {e}", disk.display())
            }
            _ => damaged(e),
        })?;
        writer
            .flush()
            .with_context(|| format!("writing {}", disk.display()))?;
        let (count, digest) = reader.finish();
        if count != listed.size || digest != listed.sha256 {
            bail!(
                "checksum mismatch for «{name}»: the archive is damaged or was changed \
                 (SHA-256 {digest}, the manifest says {})",
                listed.sha256
            );
        }
    }
    if let Some(absent) = manifest
        .files
        .iter()
        .find(|f| !seen.contains(f.path.as_str()))
    {
        bail!(
            "«{}» is in the manifest but not in the archive (cut short?)",
            absent.path
        );
    }
    // Read to the end of the gzip stream, whose length and CRC-32 are checked there.
    let mut rest = tar.into_inner();
    let trailing =
        io::copy(&mut (&mut rest).take(1024 * 1024), &mut io::sink()).map_err(damaged)?;
    if trailing >= 1024 * 1024 {
        bail!("the archive has data after its end");
    }
    Ok(manifest)
}
