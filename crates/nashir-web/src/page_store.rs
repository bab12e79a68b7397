//! Rendered pages kept on disk, behind the memory cache: an archive of 100,000
//! articles is more than memory should hold, and a crawler that reads it again
//! finds each page ready (one file read) instead of rendering it again.
//!
//! - Each page is a file named by a hash of its key; the key is stored in the
//!   file and compared, so two keys with one hash only cost a render.
//! - Bounded by bytes (`page_store_mb`): past the bound, the pages stored first
//!   go first.
//! - Whether a stored page is still current is the page cache's question (the
//!   versions in it are this process's): each process keeps its pages in a
//!   folder of its own, locked while it runs; folders whose process has ended
//!   are removed at the next start, in the background (removing 100,000 files
//!   takes seconds a stopping server should not wait for).
//! - Files are read and written on the request's own thread: a few kilobytes
//!   from the kernel's page cache cost microseconds, less than handing the work
//!   to another thread.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

const LOCK: &str = "lock";

pub struct PageStore {
    dir: PathBuf,
    /// Held while this process runs: other processes leave the folder alone.
    _lock: File,
    budget: u64,
    index: Mutex<Index>,
    /// Makes temporary file names unique.
    writes: AtomicU64,
}

#[derive(Default)]
struct Index {
    /// Bytes of each stored page, by its key's hash.
    sizes: HashMap<u64, u64>,
    /// Hashes in the order they were first stored: the first to go.
    order: VecDeque<u64>,
    bytes: u64,
}

impl PageStore {
    /// A store of at most about `budget` bytes in a new folder under `root`;
    /// the folders of processes that have ended are removed in the background.
    pub fn open(root: &Path, budget: u64) -> std::io::Result<PageStore> {
        std::fs::create_dir_all(root)?;
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        let dir = root.join(format!("{}-{started}", std::process::id()));
        std::fs::create_dir(&dir)?;
        let lock = File::create(dir.join(LOCK))?;
        lock.try_lock().map_err(std::io::Error::other)?;
        let (root, ours) = (root.to_path_buf(), dir.clone());
        std::thread::spawn(move || remove_ended(&root, &ours));
        Ok(PageStore {
            dir,
            _lock: lock,
            budget,
            index: Mutex::default(),
            writes: AtomicU64::new(0),
        })
    }

    fn path(&self, hash: u64) -> PathBuf {
        // 256 folders of a few hundred files each rather than one of 100,000.
        self.dir
            .join(format!("{:02x}", hash >> 56))
            .join(format!("{hash:016x}"))
    }

    /// The bytes stored under `key`, if any.
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        let hash = hash(key);
        if !self.lock().sizes.contains_key(&hash) {
            return None;
        }
        let file = std::fs::read(self.path(hash)).ok()?;
        let (stored_key, bytes) = split(&file)?;
        (stored_key == key.as_bytes()).then(|| bytes.to_vec())
    }

    /// Stores `bytes` under `key`, replacing what was there; the oldest pages
    /// go while the store is over its budget. A failure only loses the copy.
    pub fn put(&self, key: &str, bytes: &[u8]) {
        let hash = hash(key);
        let path = self.path(hash);
        let size = (key.len() + bytes.len() + 4) as u64;
        if size > self.budget || self.write(&path, key, bytes).is_err() {
            return;
        }
        let mut gone = Vec::new();
        {
            let mut index = self.lock();
            match index.sizes.insert(hash, size) {
                Some(old) => index.bytes -= old,
                None => index.order.push_back(hash),
            }
            index.bytes += size;
            while index.bytes > self.budget {
                let Some(first) = index.order.pop_front() else {
                    break;
                };
                if let Some(old) = index.sizes.remove(&first) {
                    index.bytes -= old;
                    gone.push(first);
                }
            }
        }
        for hash in gone {
            let _ = std::fs::remove_file(self.path(hash));
        }
    }

    /// Bytes stored now.
    pub fn bytes(&self) -> u64 {
        self.lock().bytes
    }

    /// Written whole under another name, then renamed: a reader sees the old
    /// file or the new one, never half of one.
    fn write(&self, path: &Path, key: &str, bytes: &[u8]) -> std::io::Result<()> {
        let n = self.writes.fetch_add(1, Ordering::Relaxed);
        let temporary = path.with_extension(format!("{n}.tmp"));
        let mut file = match File::create(&temporary) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(temporary.parent().unwrap_or(&self.dir))?;
                File::create(&temporary)?
            }
            other => other?,
        };
        let written = file
            .write_all(&(key.len() as u32).to_le_bytes())
            .and_then(|()| file.write_all(key.as_bytes()))
            .and_then(|()| file.write_all(bytes))
            .and_then(|()| std::fs::rename(&temporary, path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Index> {
        self.index.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn hash(key: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

/// A stored file's key and bytes.
fn split(file: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = file.split_first_chunk::<4>()?;
    let len = u32::from_le_bytes(*len) as usize;
    (rest.len() >= len).then(|| rest.split_at(len))
}

/// Removes the folders under `root` whose process has ended (their lock is free).
fn remove_ended(root: &Path, ours: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let dir = entry.path();
        if dir == ours || !dir.is_dir() {
            continue;
        }
        let free = match File::open(dir.join(LOCK)) {
            Ok(lock) => lock.try_lock().is_ok(),
            // No lock file: not a folder of ours, or one that never started.
            Err(_) => true,
        };
        if free {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_come_back_by_key_and_the_first_stored_go_first() {
        let root = tempfile::tempdir().unwrap();
        let store = PageStore::open(root.path(), 3_100).unwrap();
        assert_eq!(store.get("a"), None);
        store.put("a", &[1; 1000]);
        store.put("b", &[2; 1000]);
        assert_eq!(store.get("a").as_deref(), Some(&[1; 1000][..]));
        store.put("a", &[3; 900]); // replaced, still the first stored
        assert_eq!(store.get("a").as_deref(), Some(&[3; 900][..]));
        store.put("c", &[4; 1000]);
        store.put("d", &[5; 1000]);
        assert!(store.bytes() <= 3_100, "{}", store.bytes());
        assert_eq!(store.get("a"), None, "the first stored went");
        assert!(store.get("b").is_some() && store.get("d").is_some());
        store.put("huge", &[0; 5000]);
        assert_eq!(store.get("huge"), None, "larger than the whole store");
    }

    #[test]
    fn a_file_under_the_same_name_for_another_key_is_not_that_page() {
        let root = tempfile::tempdir().unwrap();
        let store = PageStore::open(root.path(), 1 << 20).unwrap();
        store.put("one", b"page one");
        // Another key's file under this hash (a collision): not ours.
        let path = store.path(hash("one"));
        std::fs::write(
            &path,
            [&3u32.to_le_bytes()[..], b"two", b"page two"].concat(),
        )
        .unwrap();
        assert_eq!(store.get("one"), None);
        // A cut-short file is not a page either.
        std::fs::write(&path, [1, 0]).unwrap();
        assert_eq!(store.get("one"), None);
    }

    #[test]
    fn folders_of_ended_processes_go_and_running_ones_stay() {
        let root = tempfile::tempdir().unwrap();
        let running = PageStore::open(root.path(), 1 << 20).unwrap();
        running.put("page", b"kept");
        let ended = root.path().join("1-1");
        std::fs::create_dir_all(ended.join("00")).unwrap();
        std::fs::write(ended.join(LOCK), b"").unwrap();
        let second = PageStore::open(root.path(), 1 << 20).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while ended.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(!ended.exists(), "the ended process's folder is removed");
        assert_eq!(running.get("page").as_deref(), Some(&b"kept"[..]));
        // Closed, its folder goes at the next start.
        let dir = running.dir.clone();
        drop(running);
        drop(second);
        let _third = PageStore::open(root.path(), 1 << 20).unwrap();
        while dir.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(!dir.exists());
    }
}
