//! `nashir backup` and `nashir restore`: a restore drill (back up a live site while
//! writes go on, restore, serve the copy, compare), the archives `restore` refuses,
//! and the PostgreSQL recipe of docs/DEPLOY.md (pg_dump, pg_restore, the media folder).
//!
//! The SQLite tests run in the SQLite pass of scripts/test, the PostgreSQL one when
//! `TEST_DATABASE_URL` names a server (the PostgreSQL pass).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use sqlx::{ConnectOptions, Connection};

const EMAIL: &str = "editor@news.example";
const PASSWORD: &str = "a-long-enough-password";

/// The SQLite tests: not in the PostgreSQL pass, where every site of the suite's
/// helpers lives in PostgreSQL.
fn on_sqlite() -> bool {
    if nashir_store_sql::test_database_url().is_some() {
        eprintln!("skipped: SQLite backups are tested in the SQLite pass");
        return false;
    }
    true
}

fn run(data: &Path, args: &[&str]) -> Output {
    command(data).args(args).output().expect("run nashir")
}

fn add_editor(data: &Path) {
    add_user(data, EMAIL, "editor", PASSWORD);
}

fn sign_in(addr: &str) -> String {
    try_sign_in(addr, EMAIL, PASSWORD).expect("a session cookie")
}

/// A word of Latin letters only, one per article and version (`zqa` + the version
/// in letters): the load's articles share no word with the demo's or each other, so
/// their edits change no other article's related stories.
fn word(prefix: &str, version: u32) -> String {
    let letters: String = version
        .to_string()
        .bytes()
        .map(|d| char::from(b'a' + (d - b'0')))
        .collect();
    format!("{prefix}{letters}")
}

/// The version a load article's headline carries.
fn version_of(title: &str, prefix: &str) -> u32 {
    let letters = title.trim().strip_prefix(prefix).unwrap();
    letters
        .bytes()
        .map(|c| char::from(b'0' + (c - b'a')))
        .collect::<String>()
        .parse()
        .unwrap()
}

/// A load article in the reference format: headline, lead and body one word each.
fn write_load_file(folder: &Path, name: &str, version: u32) -> PathBuf {
    let file = folder.join(format!("{name}.txt"));
    std::fs::write(
        &file,
        format!(
            "التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025\n\n{}\n\n{}\n\n{}\n",
            word(&format!("{name}t"), version),
            word(&format!("{name}l"), version),
            word(&format!("{name}b"), version),
        ),
    )
    .unwrap();
    file
}

async fn sqlite(path: &Path) -> sqlx::SqliteConnection {
    sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .unwrap()
}

/// Public article ids, from the site's database.
fn article_ids(data: &Path) -> Vec<i64> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = open_store(data).await;
        let ids = sqlx::query_scalar(
            "SELECT id FROM articles WHERE status = 'published' AND deleted_at IS NULL ORDER BY id",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
        store.close().await;
        ids
    })
}

/// Each article's page: its canonical path and the bytes of its body.
fn article_pages(server: &Server, ids: &[i64]) -> BTreeMap<i64, (String, String)> {
    ids.iter()
        .map(|&id| {
            let path = canonical_path(server, id);
            let (status, _, page) = server.get(&path);
            assert_eq!(status, 200, "{path}");
            (id, (path, page))
        })
        .collect()
}

/// Every image the site serves, by URL: what the media folder holds.
fn media_urls(data: &Path) -> Vec<String> {
    files_under(&data.join("media"))
        .into_keys()
        .map(|name| format!("/media/{name}"))
        .collect()
}

/// Waits until the site's search answers (its index is built) and finds the
/// reference article (article 1) by a word of its lead.
fn search_finds_the_reference(server: &Server) {
    let path = format!(
        "/search?q={}",
        nashir_core::slug::percent_encode_segment("موسكو")
    );
    eventually(Duration::from_secs(60), "search finds a demo story", || {
        server.get(&path).2.contains("href=\"/ar/news/1/")
    });
}

/// The demo site, settled: loaded, stopped, its index and related lists rebuilt by
/// `nashir reindex` (what a restored site computes at its first start), started again.
fn settled_demo_site(data: &Path, more: impl FnOnce()) -> Server {
    // Pages name the site by its public URL (else by the Host header, which
    // differs between the two servers); every edition is published, so each of
    // the demo's stories has a page.
    std::fs::create_dir_all(data).unwrap();
    std::fs::write(
        data.join("nashir.toml"),
        "base_url = \"https://news.example\"\neditions = [\"ar\", \"en\", \"fa\"]\n",
    )
    .unwrap();
    let mut server = Server::start(data, &["--demo"], &[]);
    more();
    add_editor(data);
    server.signal("TERM");
    assert!(server.wait_exit(Duration::from_secs(40)).success());
    ok(run(data, &["reindex"]));
    Server::start(data, &[], &[])
}

struct Load {
    stop: Arc<AtomicBool>,
    /// The version being written (sent, perhaps not yet acknowledged), per article.
    begun: Arc<Mutex<BTreeMap<String, u32>>>,
    /// Versions written (acknowledged) so far, per load article.
    done: Arc<Mutex<BTreeMap<String, u32>>>,
    /// Each HTTP-edited article's page at each version.
    pages: Arc<Mutex<BTreeMap<(i64, u32), String>>>,
    writes: Arc<AtomicU32>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Load {
    fn done(&self) -> BTreeMap<String, u32> {
        self.done.lock().unwrap().clone()
    }

    fn begun(&self) -> BTreeMap<String, u32> {
        self.begun.lock().unwrap().clone()
    }

    fn finish(self) -> (BTreeMap<String, u32>, BTreeMap<(i64, u32), String>) {
        self.stop.store(true, Ordering::SeqCst);
        for t in self.threads {
            t.join().expect("a load thread failed");
        }
        let done = self.done.lock().unwrap().clone();
        let pages = self.pages.lock().unwrap().clone();
        (done, pages)
    }
}

/// Writes against the live site until stopped: edits through the newsroom (HTTP)
/// of the `http` articles, and imports through the CLI (another process) updating
/// the `cli` articles.
fn start_load(
    addr: &str,
    session: &str,
    data: &Path,
    files: &Path,
    http: Vec<(String, i64)>,
    cli: Vec<String>,
) -> Load {
    let stop = Arc::new(AtomicBool::new(false));
    let begun = Arc::new(Mutex::new(BTreeMap::new()));
    let done = Arc::new(Mutex::new(BTreeMap::new()));
    let pages = Arc::new(Mutex::new(BTreeMap::new()));
    let writes = Arc::new(AtomicU32::new(0));
    let mut threads = Vec::new();
    {
        let (stop, begun, done, pages, writes) = (
            stop.clone(),
            begun.clone(),
            done.clone(),
            pages.clone(),
            writes.clone(),
        );
        let (addr, session) = (addr.to_string(), session.to_string());
        threads.push(std::thread::spawn(move || {
            let mut version = 0;
            while !stop.load(Ordering::SeqCst) {
                version += 1;
                for (name, id) in &http {
                    let edit = format!("/admin/articles/{id}");
                    let (status, _, editor) = http_get_with_cookie(&addr, &edit, &session);
                    assert_eq!(status, 200);
                    let title = word(&format!("{name}t"), version);
                    begun.lock().unwrap().insert(name.clone(), version);
                    let body = form_body(&[
                        ("csrf", &input_value(&editor, "csrf")),
                        ("base_revision", &input_value(&editor, "base_revision")),
                        ("title", &title),
                        ("lead", &word(&format!("{name}l"), version)),
                        ("body", &word(&format!("{name}b"), version)),
                        ("section", "news"),
                        ("action", "update"),
                    ]);
                    let (status, head, page) = http_post_form(&addr, &edit, &session, &body);
                    assert_eq!(status, 303, "{head}\n{page}");
                    writes.fetch_add(1, Ordering::SeqCst);
                    done.lock().unwrap().insert(name.clone(), version);
                    // The page readers get at this version (until the next edit).
                    let page = loop {
                        let (_, head, _) = http_get(&addr, &format!("/ar/news/{id}"));
                        let location = head
                            .lines()
                            .find_map(|l| l.strip_prefix("location: "))
                            .unwrap_or("")
                            .trim()
                            .to_string();
                        let (status, _, page) = http_get(&addr, &location);
                        if status == 200 && page.contains(&title) {
                            break page;
                        }
                        std::thread::sleep(Duration::from_millis(20));
                    };
                    pages.lock().unwrap().insert((*id, version), page);
                }
            }
        }));
    }
    {
        let (stop, begun, done, writes) =
            (stop.clone(), begun.clone(), done.clone(), writes.clone());
        let (data, files) = (data.to_path_buf(), files.to_path_buf());
        threads.push(std::thread::spawn(move || {
            let mut version = 0;
            while !stop.load(Ordering::SeqCst) {
                version += 1;
                for name in &cli {
                    let file = write_load_file(&files, name, version);
                    begun.lock().unwrap().insert(name.clone(), version);
                    ok(run(&data, &["import", file.to_str().unwrap()]));
                    writes.fetch_add(1, Ordering::SeqCst);
                    done.lock().unwrap().insert(name.clone(), version);
                }
            }
        }));
    }
    Load {
        stop,
        begun,
        done,
        pages,
        writes,
        threads,
    }
}

#[test]
fn a_live_site_backed_up_under_load_restores_to_the_same_site() {
    if !on_sqlite() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("site");
    let files = dir.path().join("load");
    std::fs::create_dir_all(&files).unwrap();
    let (http_names, cli_names) = (["zqa", "zqb", "zqc"], ["zqd", "zqe"]);
    let mut load_ids = BTreeMap::new();
    let server = settled_demo_site(&data, || {
        for name in http_names.iter().chain(&cli_names) {
            let file = write_load_file(&files, name, 0);
            let out = ok(run(&data, &["import", file.to_str().unwrap()]));
            let id: i64 = stdout(&out).split('\t').next().unwrap().parse().unwrap();
            load_ids.insert(name.to_string(), id);
        }
    });
    search_finds_the_reference(&server);

    // The site before the load: every article page, every image, a session and a
    // signed comment form issued by this site.
    let ids = article_ids(&data);
    assert!(ids.len() >= 27 + 5, "the demo and the load's articles");
    let before = article_pages(&server, &ids);
    let with_related = before
        .values()
        .filter(|(_, page)| page.contains("<section class=\"related\""))
        .count();
    assert!(
        with_related >= 20,
        "related stories on {with_related} pages"
    );
    let images = media_urls(&data);
    assert!(images.len() > 20, "the demo's pictures: {images:?}");
    let image_bytes: BTreeMap<String, Vec<u8>> = images
        .iter()
        .map(|url| {
            let (status, bytes) = get_bytes(&server.addr, url);
            assert_eq!(status, 200, "{url}");
            (url.clone(), bytes)
        })
        .collect();
    let session = sign_in(&server.addr);
    let comment_form = format!("{}/comment", before[&1].0);
    let (status, head, form) = server.get(&comment_form);
    assert_eq!(status, 200);
    let form_cookie = set_cookies(&head).join("; ");
    let form_token = input_value(&form, "token");
    let form_issued = Instant::now();

    // Writes go on while the backup runs.
    let http: Vec<(String, i64)> = http_names
        .iter()
        .map(|n| (n.to_string(), load_ids[*n]))
        .collect();
    let cli: Vec<String> = cli_names.iter().map(|n| n.to_string()).collect();
    let load = start_load(&server.addr, &session, &data, &files, http, cli);
    eventually(Duration::from_secs(60), "the load writes", || {
        load.writes.load(Ordering::SeqCst) >= 10
    });
    let at_start = load.done();
    let archive = dir.path().join("backups/site.tar.gz");
    std::fs::create_dir_all(archive.parent().unwrap()).unwrap();
    let started = Instant::now();
    let out = ok(run(&data, &["backup", "--to", archive.to_str().unwrap()]));
    let took = started.elapsed();
    eprintln!(
        "backup of the demo site under load: {took:?}\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    let at_end = load.begun();
    let writes_then = load.writes.load(Ordering::SeqCst);
    eventually(Duration::from_secs(60), "the load goes on", || {
        load.writes.load(Ordering::SeqCst) >= writes_then + 5
    });
    let (last, pages) = load.finish();
    // Nothing but the archive is left in its folder.
    let left: Vec<String> = std::fs::read_dir(archive.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["site.tar.gz"]);
    // The load never touched the other articles: the live site still serves them
    // as before.
    for (id, (path, page)) in &before {
        if !load_ids.values().any(|l| l == id) {
            assert_eq!(&server.get(path).2, page, "live {path}");
        }
    }

    // Restore into a new folder.
    let restored = dir.path().join("restored");
    let started = Instant::now();
    let out = ok(run(&restored, &["restore", archive.to_str().unwrap()]));
    eprintln!("restore: {:?}\n{}", started.elapsed(), stdout(&out));
    assert!(restored.join("nashir.db").is_file());
    assert!(!restored.join("search").exists(), "the index is not copied");
    let siblings: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(siblings.is_empty(), "{siblings:?}");
    assert_eq!(
        files_under(&restored.join("media")),
        files_under(&data.join("media")),
        "the media folder, file for file"
    );

    // The database is one moment: every write whole, in between the backup's start
    // and end.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let versions: BTreeMap<String, u32> = rt.block_on(async {
        let mut db = sqlite(&restored.join("nashir.db")).await;
        let check: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut db)
            .await
            .unwrap();
        assert_eq!(check, ["ok"]);
        let broken: Vec<(String, i64)> =
            sqlx::query_as("SELECT \"table\", rowid FROM pragma_foreign_key_check")
                .fetch_all(&mut db)
                .await
                .unwrap();
        assert!(broken.is_empty(), "{broken:?}");
        let orphans: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM comments WHERE article_id NOT IN (SELECT id FROM articles)",
        )
        .fetch_one(&mut db)
        .await
        .unwrap();
        assert_eq!(orphans, 0);
        // Each article is its last revision.
        let unlike: Vec<i64> = sqlx::query_scalar(
            "SELECT a.id FROM articles a JOIN revisions r ON r.article_id = a.id \
             WHERE r.number = (SELECT max(number) FROM revisions WHERE article_id = a.id) \
             AND (r.title <> a.title OR r.lead <> a.lead OR r.body <> a.body)",
        )
        .fetch_all(&mut db)
        .await
        .unwrap();
        assert!(
            unlike.is_empty(),
            "articles unlike their last revision: {unlike:?}"
        );
        let mut versions = BTreeMap::new();
        for (name, id) in &load_ids {
            let (title, revisions): (String, i64) = sqlx::query_as(
                "SELECT title, (SELECT count(*) FROM revisions WHERE article_id = $1) \
                 FROM articles WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&mut db)
            .await
            .unwrap();
            let version = version_of(&title, &format!("{name}t"));
            assert_eq!(
                revisions,
                i64::from(version) + 1,
                "{name}: a revision per save"
            );
            versions.insert(name.clone(), version);
        }
        db.close().await.unwrap();
        versions
    });
    eprintln!(
        "load versions: at the backup's start {at_start:?}, in the archive {versions:?}, at its end {at_end:?}, last {last:?}"
    );
    for (name, version) in &versions {
        assert!(
            at_start[name] <= *version && *version <= at_end[name],
            "{name}: {version} not between {} and {}",
            at_start[name],
            at_end[name]
        );
        assert!(
            *version < last[name],
            "{name}: the load went on after the backup"
        );
    }

    // The restored site: the same pages, images, accounts and secrets.
    let copy = Server::start(&restored, &[], &[]);
    search_finds_the_reference(&copy);
    // Every page as it was when the backup was taken; compared again at the end, after
    // the copy has had time to recompute its related stories from its new index.
    let same_pages = |copy: &Server| {
        for (id, (path, page)) in &before {
            let expected = match load_ids.iter().find(|(_, l)| *l == id) {
                None => page.clone(),
                Some((name, _)) if http_names.contains(&name.as_str()) => match versions[name] {
                    0 => page.clone(),
                    v => pages[&(*id, v)].clone(),
                },
                // Imported by the CLI: its version is checked above.
                Some(_) => continue,
            };
            let path = if expected == *page {
                path.clone()
            } else {
                canonical_path(copy, *id)
            };
            let (status, _, served) = copy.get(&path);
            assert_eq!(status, 200, "{path}");
            assert_same_page(&served, &expected, &path);
        }
    };
    same_pages(&copy);
    for (url, bytes) in &image_bytes {
        let (status, served) = get_bytes(&copy.addr, url);
        assert_eq!(status, 200, "{url}");
        assert!(served == *bytes, "{url} differs");
    }
    // The session made on the live site before the backup still works.
    let (status, _, dashboard) = http_get_with_cookie(&copy.addr, "/admin", &session);
    assert_eq!(status, 200, "{dashboard}");
    sign_in(&copy.addr);
    // A comment form the live site signed is accepted by the copy (the form key came
    // along), once a person could have filled it in (three seconds).
    std::thread::sleep(Duration::from_millis(3200).saturating_sub(form_issued.elapsed()));
    let body = form_body(&[
        ("token", &form_token),
        ("name", "قارئة"),
        ("email", ""),
        ("text", "تعليق بعد الاستعادة"),
        ("website", ""),
    ]);
    let (status, _, reply) = http_post_form(&copy.addr, &comment_form, &form_cookie, &body);
    assert_eq!(status, 200, "{reply}");
    assert!(reply.contains("شكراً على تعليقك"), "{reply}");
    std::thread::sleep(Duration::from_secs(2));
    same_pages(&copy);
}

/// A small site (the reference article, imported) and its archive, made with the
/// server stopped.
fn small_archive(dir: &Path) -> PathBuf {
    let data = dir.join("small");
    ok(run(&data, &["import", REFERENCE]));
    std::fs::write(data.join("nashir.toml"), "site_name = \"نشرة\"\n").unwrap();
    let archive = dir.join("small.tar.gz");
    ok(run(&data, &["backup", "--to", archive.to_str().unwrap()]));
    archive
}

/// Restores `archive` into a new folder and expects a refusal that says `why`,
/// with nothing left behind.
fn refused(dir: &Path, archive: &Path, why: &str) {
    let target = dir.join("target");
    let out = run(&target, &["restore", archive.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).contains(why), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert!(!target.exists(), "nothing restored");
    let left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".nashir"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn an_archive_is_a_manifest_then_the_files_it_lists() {
    if !on_sqlite() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let archive = small_archive(dir.path());
    let entries = tar_entries(&gunzip(&archive));
    let names: Vec<&str> = entries.iter().map(|(p, _, _)| p.as_str()).collect();
    assert_eq!(names, ["manifest.json", "nashir.db", "nashir.toml"]);
    let manifest: serde_json::Value = serde_json::from_slice(&entries[0].2).unwrap();
    assert_eq!(manifest["format"], "nashir-backup");
    assert_eq!(manifest["format_version"], 1);
    assert_eq!(manifest["database"], "sqlite");
    assert!(manifest["migration_version"].as_i64().unwrap() >= 17);
    assert!(manifest["created_at"].as_str().unwrap().ends_with('Z'));
    for (file, (path, _, data)) in manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&entries[1..])
    {
        use sha2::Digest;
        assert_eq!(file["path"], path.as_str());
        assert_eq!(file["size"], data.len());
        let digest: String = sha2::Sha256::digest(data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(file["sha256"], digest);
    }
    // The settings come back, and the site serves its article.
    let restored = dir.path().join("restored");
    ok(run(&restored, &["restore", archive.to_str().unwrap()]));
    assert_eq!(
        std::fs::read_to_string(restored.join("nashir.toml")).unwrap(),
        "site_name = \"نشرة\"\n"
    );
    let server = Server::start(&restored, &[], &[]);
    let (status, _, page) = server.get(&canonical_path(&server, 1));
    assert_eq!(status, 200);
    assert!(page.contains(REFERENCE_HEADLINE) && page.contains("نشرة"));
}

#[test]
fn restore_refuses_a_folder_that_is_not_empty() {
    if !on_sqlite() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let archive = small_archive(dir.path());
    let target = dir.path().join("busy");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("notes.txt"), "mine").unwrap();
    let out = run(&target, &["restore", archive.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
    let left: Vec<String> = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["notes.txt"], "nothing touched");
    // An empty folder is fine.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    ok(run(&empty, &["restore", archive.to_str().unwrap()]));
    assert!(empty.join("nashir.db").is_file());
}

#[test]
fn restore_refuses_a_changed_archive_and_leaves_nothing() {
    if !on_sqlite() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let archive = small_archive(dir.path());
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();

    // One byte of the database changed (and the archive compressed again).
    let changed = work.join("changed.tar.gz");
    with_byte_changed(&archive, "nashir.db", &changed);
    refused(&work, &changed, "checksum mismatch for «nashir.db»");

    // One byte of the compressed file changed.
    let mut bytes = std::fs::read(&archive).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    let flipped = work.join("flipped.tar.gz");
    std::fs::write(&flipped, &bytes).unwrap();
    refused(&work, &flipped, "cannot be restored");

    // Cut short.
    let short = work.join("short.tar.gz");
    std::fs::write(&short, &std::fs::read(&archive).unwrap()[..middle]).unwrap();
    refused(&work, &short, "cannot be restored");

    // Another format version.
    let entries = tar_entries(&gunzip(&archive));
    let mut manifest: serde_json::Value = serde_json::from_slice(&entries[0].2).unwrap();
    manifest["format_version"] = 2.into();
    let manifest = serde_json::to_vec(&manifest).unwrap();
    let tar = tar_of(entries.iter().enumerate().map(|(i, (path, _, data))| {
        let data = if i == 0 { &manifest } else { data };
        (path.as_str(), data.as_slice())
    }));
    let newer = work.join("newer.tar.gz");
    gzip(&tar, &newer);
    refused(&work, &newer, "format version 2");

    // Not an archive at all.
    let text = work.join("text.tar.gz");
    std::fs::write(&text, "hello").unwrap();
    refused(&work, &text, "cannot be restored");
}

#[test]
fn restore_refuses_paths_that_leave_the_folder() {
    if !on_sqlite() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let archive = small_archive(dir.path());
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let valid = tar_entries(&gunzip(&archive));
    let outside = work.join("escaped.txt");
    for (evil, label) in [
        ("../escaped.txt".to_string(), "dotdot"),
        (outside.to_string_lossy().into_owned(), "absolute"),
    ] {
        // A valid archive, then an entry whose name climbs out (written raw: the
        // tar crate refuses to write such names itself).
        let mut builder = tar::Builder::new(Vec::new());
        for (path, _, data) in &valid {
            let mut header = tar::Header::new_ustar();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            builder
                .append_data(&mut header, path, data.as_slice())
                .unwrap();
        }
        let mut header = tar::Header::new_ustar();
        header.as_old_mut().name[..evil.len()].copy_from_slice(evil.as_bytes());
        header.set_size(4);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        builder.append(&header, &b"evil"[..]).unwrap();
        let crafted = work.join(format!("{label}.tar.gz"));
        gzip(&builder.into_inner().unwrap(), &crafted);
        refused(&work, &crafted, "unsafe path");
        assert!(!outside.exists() && !dir.path().join("escaped.txt").exists());
    }
}

#[test]
fn backup_of_a_postgres_site_points_to_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("site.tar.gz");
    let out = Command::new(env!("CARGO_BIN_EXE_nashir"))
        .arg("--data")
        .arg(dir.path().join("site"))
        .args(["backup", "--to", to.to_str().unwrap()])
        .env("NASHIR_DATABASE_URL", "postgres://nashir@db.invalid/nashir")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(
        message.contains("pg_dump") && message.contains("docs/DEPLOY.md"),
        "{message}"
    );
    assert!(!to.exists() && !dir.path().join("site.tar.gz.tmp").exists());
}

/// The newest PostgreSQL client program `name` (scripts/deps installs the server
/// package, whose binaries scripts/postgres runs), else the one on PATH.
fn postgres_program(name: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path().join("bin").join(name))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    found.sort_by_key(|p| {
        p.components()
            .nth(4)
            .and_then(|c| c.as_os_str().to_str()?.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop().unwrap_or_else(|| PathBuf::from(name))
}

#[test]
fn a_postgres_site_restored_by_the_deploy_recipe_serves_the_same_pages() {
    let Some(_) = nashir_store_sql::test_database_url() else {
        eprintln!("skipped: no TEST_DATABASE_URL (scripts/test runs this on PostgreSQL)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("site");
    let server = settled_demo_site(&data, || {});
    search_finds_the_reference(&server);
    let ids = article_ids(&data);
    assert!(ids.len() >= 27);
    let before = article_pages(&server, &ids);
    let session = sign_in(&server.addr);

    // docs/DEPLOY.md: pg_dump while the site runs, then the media folder and nashir.toml.
    let url = database_url(&data).unwrap();
    let dump = dir.path().join("nashir.dump");
    let started = Instant::now();
    let out = Command::new(postgres_program("pg_dump"))
        .args(["--format=custom", "--file"])
        .arg(&dump)
        .arg(&url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    eprintln!("pg_dump of the demo site: {:?}", started.elapsed());
    let restored = dir.path().join("restored");
    std::fs::create_dir_all(&restored).unwrap();
    let copy_media = Command::new("cp")
        .arg("-a")
        .arg(data.join("media"))
        .arg(restored.join("media"))
        .status()
        .unwrap();
    assert!(copy_media.success());
    std::fs::copy(data.join("nashir.toml"), restored.join("nashir.toml")).unwrap();

    // pg_restore into a new, empty database (the helper makes one per data folder).
    let new_url = database_url(&restored).unwrap();
    assert_ne!(new_url, url);
    let out = Command::new(postgres_program("pg_restore"))
        .args(["--no-owner", "--single-transaction", "--dbname"])
        .arg(&new_url)
        .arg(&dump)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let copy = Server::start(&restored, &[], &[]);
    search_finds_the_reference(&copy);
    for (path, page) in before.values() {
        let (status, _, served) = copy.get(path);
        assert_eq!(status, 200, "{path}");
        assert_same_page(&served, page, path);
    }
    for url in media_urls(&data) {
        let (status, live) = get_bytes(&server.addr, &url);
        assert_eq!(status, 200);
        assert!(get_bytes(&copy.addr, &url).1 == live, "{url} differs");
    }
    let (status, _, _) = http_get_with_cookie(&copy.addr, "/admin", &session);
    assert_eq!(status, 200, "the session came along");
    sign_in(&copy.addr);
}
