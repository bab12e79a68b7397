//! Search from the binary's side: rebuilding, catching up, reindexing.

mod common;

use std::time::{Duration, Instant};

use common::{REFERENCE, Server, nashir, stderr, stdout};

/// Polls the search page until `query` (already URL-encoded) finds `needle`.
fn wait_for_hit(server: &Server, query: &str, needle: &str) -> Duration {
    let started = Instant::now();
    loop {
        let (status, _, body) = server.get(&format!("/search?q={query}"));
        assert_eq!(status, 200);
        if body.contains(needle) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{query} never found {needle}"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

// «روسيا»
const RUSSIA: &str = "%D8%B1%D9%88%D8%B3%D9%8A%D8%A7";

#[test]
fn a_missing_or_damaged_index_is_rebuilt_at_start() {
    let dir = tempfile::tempdir().unwrap();
    assert!(nashir(dir.path(), &["import", REFERENCE]).status.success());
    // No index yet: the server builds one from the database.
    let server = Server::start(dir.path(), &[], &[]);
    wait_for_hit(&server, RUSSIA, "result-title");
    drop(server);

    // Damage it: every file in the index folder overwritten with junk.
    for entry in std::fs::read_dir(dir.path().join("search")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::write(&path, b"not an index").unwrap();
        }
    }
    let server = Server::start(dir.path(), &[], &[]);
    wait_for_hit(&server, RUSSIA, "result-title");
}

#[test]
fn articles_imported_while_the_server_runs_become_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--demo"], &[]);
    wait_for_hit(&server, RUSSIA, "result-title");
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("new.txt");
    std::fs::write(
        &path,
        "التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025\nافتتاح متحف البتراء الجديد\nمقدمة\n",
    )
    .unwrap();
    assert!(
        nashir(dir.path(), &["import", path.to_str().unwrap()])
            .status
            .success()
    );
    // «البتراء»; another process wrote it, so the server learns of it from the change log.
    let took = wait_for_hit(
        &server,
        "%D8%A7%D9%84%D8%A8%D8%AA%D8%B1%D8%A7%D8%A1",
        "متحف",
    );
    assert!(took < Duration::from_secs(1), "took {took:?}");
}

#[test]
fn reindex_rebuilds_with_progress_and_refuses_a_live_index() {
    let dir = tempfile::tempdir().unwrap();
    assert!(nashir(dir.path(), &["import", REFERENCE]).status.success());
    let out = nashir(dir.path(), &["reindex"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("indexed 1 published articles"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("indexing 1/1 (100%)"),
        "{}",
        stderr(&out)
    );

    let server = Server::start(dir.path(), &[], &[]);
    wait_for_hit(&server, RUSSIA, "result-title");
    let busy = nashir(dir.path(), &["reindex"]);
    assert!(!busy.status.success());
    assert!(
        stderr(&busy).contains("in use by another process"),
        "{}",
        stderr(&busy)
    );
    // The running server's index is untouched.
    wait_for_hit(&server, RUSSIA, "result-title");
}

#[test]
fn reindex_of_a_folder_without_a_site_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    // A SQLite site is its file; with PostgreSQL there is always a database.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nashir"))
        .arg("--data")
        .arg(dir.path())
        .arg("reindex")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no site"), "{}", stderr(&out));
}
