//! The archive `nashir backup` and `nashir export` write, and `restore` and
//! `import-export` read: a gzip-compressed tar whose first entry is
//! `manifest.json`, which lists every other entry with its size and SHA-256. It is
//! written as `FILE.tmp` and renamed, so a file with the final name is whole; it is
//! read checking each entry against the manifest as it passes.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Read};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const MANIFEST: &str = "manifest.json";
/// The largest manifest read (about 1.5 million files).
const MANIFEST_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// An archive format: its name and version (in its manifest), what to call it in
/// messages, and the entry names it has.
pub struct Format {
    pub name: &'static str,
    pub version: u32,
    /// «a Nashir backup»
    pub what: &'static str,
    pub known_name: fn(&str) -> bool,
}

/// A file the manifest lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// What every manifest says first: its format and version, who wrote it when, and
/// the schema of the database it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub format_version: u32,
    pub nashir_version: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// `sqlite` or `postgres`: the schema `migration_version` counts in.
    pub database: String,
    /// The highest migration applied to the database.
    pub migration_version: i64,
}

impl Header {
    /// A header for an archive of `format` this binary writes now.
    pub fn now(format: &Format, database: &str, migration_version: i64) -> anyhow::Result<Header> {
        Ok(Header {
            format: format.name.into(),
            format_version: format.version,
            nashir_version: env!("CARGO_PKG_VERSION").into(),
            created_at: jiff::Timestamp::now()
                .round(jiff::Unit::Second)?
                .to_string(),
            database: database.into(),
            migration_version,
        })
    }
}

/// The fields read before the rest, so a manifest of another format or version
/// is refused by name.
#[derive(Deserialize)]
struct Probe {
    format: String,
    format_version: u32,
    nashir_version: String,
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Size and SHA-256 of bytes fed in pieces.
#[derive(Default)]
pub struct Tally {
    hash: Sha256,
    count: u64,
}

impl Tally {
    pub fn add(&mut self, bytes: &[u8]) {
        self.hash.update(bytes);
        self.count += bytes.len() as u64;
    }

    pub fn finish(self) -> (u64, String) {
        (self.count, hex(&self.hash.finalize()))
    }
}

/// A reader that hashes and counts what passes through it.
pub struct Hashing<R> {
    inner: R,
    tally: Tally,
}

impl<R: Read> Hashing<R> {
    pub fn new(inner: R) -> Self {
        Hashing {
            inner,
            tally: Tally::default(),
        }
    }

    pub fn finish(self) -> (u64, String) {
        self.tally.finish()
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.tally.add(&buf[..n]);
        Ok(n)
    }
}

pub fn hash_file(path: &Path) -> anyhow::Result<(u64, String)> {
    let file = File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut reader = Hashing::new(BufReader::with_capacity(256 * 1024, file));
    io::copy(&mut reader, &mut io::sink())
        .with_context(|| format!("reading {}", path.display()))?;
    Ok(reader.finish())
}

/// Removes a file when dropped, unless told to keep it: a failed write leaves no
/// `FILE.tmp` behind.
struct RemoveOnDrop(Option<PathBuf>);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// `FILE.tmp` beside `FILE`.
fn temporary_name(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".tmp");
    PathBuf::from(name)
}

/// The folder a path is in (`.` for a bare name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

/// Refuses `--to` values that cannot name a new archive.
pub fn check_destination(to: &Path) -> anyhow::Result<()> {
    if to.is_dir() {
        bail!("{} is a folder: --to names the archive file", to.display());
    }
    let folder = folder_of(to);
    if !folder.is_dir() {
        bail!("{} does not exist: create it first", folder.display());
    }
    Ok(())
}

/// Makes a rename in `folder` durable (best effort: some file systems refuse).
pub fn sync_folder(folder: &Path) {
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

#[allow(clippy::unnecessary_cast)] // the statvfs field types differ between platforms
pub fn free_bytes(folder: &Path) -> Option<u64> {
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

/// Refuses to unpack `total` bytes into `folder` unless it has room for them and
/// a little more: never fill the disk.
pub fn check_room(folder: &Path, total: u64, what: &str) -> anyhow::Result<()> {
    if let Some(free) = free_bytes(folder)
        && total.saturating_add(64 * 1024 * 1024) > free
    {
        bail!(
            "{what} {}, and {} has {} free",
            megabytes(total),
            folder.display(),
            megabytes(free)
        );
    }
    Ok(())
}

pub fn is_empty_folder(folder: &Path) -> anyhow::Result<bool> {
    let mut entries =
        std::fs::read_dir(folder).with_context(|| format!("reading {}", folder.display()))?;
    Ok(entries.next().is_none())
}

/// Refuses absolute paths and `..` (and anything else that is not a plain
/// relative name), then names the format does not have.
fn check_name(path: &Path, format: &Format) -> anyhow::Result<String> {
    let plain = path.components().count() > 0
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    let Some(name) = path.to_str().filter(|_| plain) else {
        bail!(
            "unsafe path «{}» in the archive (absolute, or with ..): refused",
            path.display()
        );
    };
    if !(format.known_name)(name) {
        bail!(
            "unexpected file «{name}» in the archive: not part of {}",
            format.what
        );
    }
    Ok(name.to_string())
}

/// Whether `path` is `media/<id>/<width>.<jpg|png|webp>`, the names the site's
/// images have.
pub fn is_media_name(path: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit());
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

pub struct Written {
    pub files: usize,
    pub content_bytes: u64,
    pub archive_bytes: u64,
}

impl Written {
    /// Prints `FILE  N files  SIZE (SIZE compressed)  SECONDS s` on standard output.
    pub fn print(&self, to: &Path, took: std::time::Duration) {
        println!(
            "{}\t{} files\t{} ({} compressed)\t{:.2} s",
            to.display(),
            self.files,
            megabytes(self.content_bytes),
            megabytes(self.archive_bytes),
            took.as_secs_f64()
        );
    }
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

/// An archive being written to `FILE.tmp`; [`Writer::finish`] renames it to
/// `FILE`. Dropped before, it removes `FILE.tmp`.
pub struct Writer {
    tar: tar::Builder<GzEncoder<BufWriter<File>>>,
    to: PathBuf,
    temporary: PathBuf,
    cleanup: RemoveOnDrop,
    mtime: u64,
    files: usize,
    content_bytes: u64,
}

impl Writer {
    /// Starts `FILE.tmp` with the manifest, its first entry.
    pub fn create(to: &Path, manifest: &[u8]) -> anyhow::Result<Writer> {
        let temporary = temporary_name(to);
        let file = {
            use std::os::unix::fs::OpenOptionsExt;
            // Private: settings may hold passwords, exports hold e-mail addresses.
            OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(&temporary)
                .with_context(|| format!("creating {}", temporary.display()))?
        };
        let mut writer = Writer {
            tar: tar::Builder::new(GzEncoder::new(
                BufWriter::with_capacity(256 * 1024, file),
                Compression::new(6),
            )),
            to: to.to_path_buf(),
            cleanup: RemoveOnDrop(Some(temporary.clone())),
            temporary,
            mtime: jiff::Timestamp::now().as_second().max(0) as u64,
            files: 0,
            content_bytes: 0,
        };
        let mut header = tar_header(manifest.len() as u64, writer.mtime, 0o644);
        let result = writer.tar.append_data(&mut header, MANIFEST, manifest);
        result.map_err(|e| writer.writing(e))?;
        Ok(writer)
    }

    fn writing(&self, e: io::Error) -> anyhow::Error {
        anyhow!("writing {}: {e}", self.temporary.display())
    }

    /// Appends an entry of `size` bytes read from `data`; returns the size and
    /// SHA-256 of what was read, for the caller to hold against what it listed.
    pub fn add(
        &mut self,
        path: &str,
        size: u64,
        mode: u32,
        data: impl Read,
    ) -> anyhow::Result<(u64, String)> {
        let mut reader = Hashing::new(data.take(size));
        let result =
            self.tar
                .append_data(&mut tar_header(size, self.mtime, mode), path, &mut reader);
        result.map_err(|e| self.writing(e))?;
        let (count, digest) = reader.finish();
        // The tar entry's header said `size`: fewer bytes would misalign the rest.
        if count != size {
            bail!("«{path}» changed while it was archived ({size} bytes, then {count})");
        }
        self.files += 1;
        self.content_bytes += size;
        Ok((count, digest))
    }

    /// Finishes the archive, puts it on disk and gives it its name.
    pub fn finish(mut self) -> anyhow::Result<Written> {
        let gzip = self
            .tar
            .into_inner()
            .map_err(|e| anyhow!("writing {}: {e}", self.temporary.display()))?;
        let writing = |e: io::Error| anyhow!("writing {}: {e}", self.temporary.display());
        let buffered = gzip.finish().map_err(writing)?;
        let file = buffered.into_inner().map_err(|e| writing(e.into_error()))?;
        file.sync_all().map_err(writing)?;
        let archive_bytes = file.metadata().map_err(writing)?.len();
        drop(file);
        std::fs::rename(&self.temporary, &self.to).with_context(|| {
            format!(
                "renaming {} to {}",
                self.temporary.display(),
                self.to.display()
            )
        })?;
        self.cleanup.0 = None;
        sync_folder(&folder_of(&self.to));
        Ok(Written {
            files: self.files,
            content_bytes: self.content_bytes,
            archive_bytes,
        })
    }
}

/// The error for bytes that are not a whole archive of `format`.
pub fn damaged(format: &Format, e: io::Error) -> anyhow::Error {
    anyhow!("the archive is damaged or not {}: {e}", format.what)
}

/// Reads an archive of `format`: the manifest first, which `files` checks and
/// turns into the list of files it names; then each entry, which must be a plain
/// file the manifest lists, once, of the size it gives, handed to `each` with its
/// listing to read. Each entry's SHA-256 is checked once `each` has read it, the
/// gzip stream's own checksum at the end, and every listed file must have come.
pub fn read<M: DeserializeOwned>(
    archive: File,
    format: &Format,
    files: impl FnOnce(&M) -> anyhow::Result<Vec<FileEntry>>,
    mut each: impl FnMut(&str, &FileEntry, &mut dyn Read) -> anyhow::Result<()>,
) -> anyhow::Result<M> {
    let damaged = |e: io::Error| damaged(format, e);
    let mut tar = tar::Archive::new(GzDecoder::new(BufReader::with_capacity(
        256 * 1024,
        archive,
    )));
    // Raw: the tar crate would read a PAX or GNU long-name entry of any size into
    // memory; these formats have neither (their names are short), so they are refused.
    let mut entries = tar.entries().map_err(damaged)?.raw(true);
    let mut first = entries
        .next()
        .ok_or_else(|| anyhow!("the archive is empty"))?
        .map_err(damaged)?;
    if first.path().map_err(damaged)?.as_ref() != Path::new(MANIFEST) {
        bail!(
            "the archive does not start with {MANIFEST}: not {}",
            format.what
        );
    }
    if first.size() > MANIFEST_MAX_BYTES {
        bail!("{MANIFEST} is too large ({} bytes)", first.size());
    }
    let mut json = Vec::new();
    first.read_to_end(&mut json).map_err(damaged)?;
    drop(first);
    let header: Probe =
        serde_json::from_slice(&json).map_err(|e| anyhow!("{MANIFEST} cannot be read: {e}"))?;
    if header.format != format.name {
        bail!(
            "the archive's format is «{}», not {}",
            header.format,
            format.name
        );
    }
    if header.format_version != format.version {
        bail!(
            "the archive is format version {} (made by nashir {}); this nashir reads version {}",
            header.format_version,
            header.nashir_version,
            format.version
        );
    }
    let manifest: M =
        serde_json::from_slice(&json).map_err(|e| anyhow!("{MANIFEST} cannot be read: {e}"))?;
    let listed = files(&manifest)?;
    let mut expected: HashMap<String, &FileEntry> = HashMap::new();
    for file in &listed {
        let name = check_name(Path::new(&file.path), format)?;
        if file.sha256.len() != 64 || !file.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            bail!("{MANIFEST}: «{name}» has no SHA-256");
        }
        if expected.insert(name.clone(), file).is_some() {
            bail!("{MANIFEST} lists «{name}» twice");
        }
    }

    let mut seen = HashSet::new();
    for entry in entries {
        let mut entry = entry.map_err(damaged)?;
        let path = entry.path().map_err(damaged)?.into_owned();
        let name = check_name(&path, format)?;
        if !entry.header().entry_type().is_file() {
            bail!("«{name}» in the archive is not a plain file");
        }
        let Some(listing) = expected.get(name.as_str()) else {
            bail!("«{name}» is in the archive but not in its manifest");
        };
        if !seen.insert(name.clone()) {
            bail!("«{name}» is in the archive twice");
        }
        if entry.size() != listing.size {
            bail!(
                "«{name}» is {} bytes in the archive, {} in its manifest",
                entry.size(),
                listing.size
            );
        }
        let mut reader = Hashing::new(&mut entry);
        each(&name, listing, &mut reader)?;
        let (count, digest) = reader.finish();
        if count != listing.size || digest != listing.sha256 {
            bail!(
                "checksum mismatch for «{name}»: the archive is damaged or was changed \
                 (SHA-256 {digest}, the manifest says {})",
                listing.sha256
            );
        }
    }
    if let Some(absent) = listed.iter().find(|f| !seen.contains(f.path.as_str())) {
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
