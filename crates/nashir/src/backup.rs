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

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::archive::{self, FileEntry, Format, folder_of, megabytes, sync_folder};
use crate::config::Config;

/// The archive's format name, in its manifest.
pub const FORMAT: &str = "nashir-backup";
/// The archive format this binary writes and reads. A change that an older reader
/// would misread takes a new number.
pub const FORMAT_VERSION: u32 = 1;

const DATABASE: &str = "nashir.db";
const SETTINGS: &str = "nashir.toml";

const BACKUP: Format = Format {
    name: FORMAT,
    version: FORMAT_VERSION,
    what: "a Nashir backup",
    known_name,
};
/// How long a backup waits for the files of an image whose row is in the snapshot
/// but whose files are still being written (an upload in flight).
const MEDIA_WAIT: Duration = Duration::from_secs(10);

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    /// `database` is always `sqlite` in version 1.
    #[serde(flatten)]
    header: archive::Header,
    files: Vec<FileEntry>,
}

/// A file to put in the archive: where it is now, and its name in the archive.
struct Source {
    disk: PathBuf,
    entry: FileEntry,
}

fn sqlite_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(30))
        .disable_statement_logging()
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
    archive::check_destination(to)?;
    let folder = folder_of(to);
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
            header: archive::Header::now(&BACKUP, "sqlite", migration_version)?,
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
    written.print(to, started.elapsed());
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
        let (size, sha256) = archive::hash_file(&disk)?;
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

/// Writes `FILE.tmp`, then renames it to `FILE`: a file with the final name is whole.
fn write_archive(
    to: &Path,
    manifest: &Manifest,
    sources: &[Source],
) -> anyhow::Result<archive::Written> {
    let mut writer = archive::Writer::create(to, &serde_json::to_vec_pretty(manifest)?)?;
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
        // nashir.toml may hold passwords (SMTP, database).
        let mode = if path == SETTINGS { 0o600 } else { 0o644 };
        let data = io::BufReader::with_capacity(256 * 1024, file);
        let (_, digest) = writer.add(path, *size, mode, data)?;
        if digest != *sha256 {
            bail!("{} changed during the backup", source.disk.display());
        }
    }
    writer.finish()
}

/// Whether `path` names a file of format version 1: `nashir.db`, `nashir.toml`, or
/// `media/<id>/<width>.<jpg|png|webp>` (the names the site writes).
fn known_name(path: &str) -> bool {
    path == DATABASE || path == SETTINGS || archive::is_media_name(path)
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
        if !archive::is_empty_folder(&target)? {
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
        if version.unwrap_or(0) != manifest.header.migration_version {
            bail!(
                "the manifest says migration {}, the database has {}",
                manifest.header.migration_version,
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
                manifest.header.migration_version,
                manifest.header.nashir_version
            )
        })?;
    store.close().await;
    std::fs::create_dir_all(staging.path().join("media")).context("creating the media folder")?;
    sync_tree(staging.path())?;

    if target.exists() && !archive::is_empty_folder(&target)? {
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
        manifest.header.created_at,
        manifest.header.nashir_version,
        manifest.header.migration_version
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
    archive::read(
        archive,
        &BACKUP,
        |manifest: &Manifest| {
            if manifest.header.database != "sqlite" {
                bail!(
                    "the archive holds a «{}» database, not SQLite",
                    manifest.header.database
                );
            }
            if !manifest.files.iter().any(|f| f.path == DATABASE) {
                bail!("the archive has no {DATABASE}");
            }
            let total = manifest
                .files
                .iter()
                .fold(0u64, |sum, f| sum.saturating_add(f.size));
            archive::check_room(into, total, "the archive unpacks to")?;
            Ok(manifest.files.clone())
        },
        |name, _, data| {
            let disk = into.join(name);
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
            let mut writer = BufWriter::with_capacity(256 * 1024, &mut out);
            io::copy(data, &mut writer).map_err(|e| match e.kind() {
                io::ErrorKind::WriteZero | io::ErrorKind::StorageFull => {
                    anyhow!("writing {}: {e}", disk.display())
                }
                _ => archive::damaged(&BACKUP, e),
            })?;
            writer
                .flush()
                .with_context(|| format!("writing {}", disk.display()))
        },
    )
}
