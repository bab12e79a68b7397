//! `nashir migrate-db --to postgres://…`: a SQLite site, copied whole into
//! PostgreSQL, reads the same there. Runs when `TEST_DATABASE_URL` names a
//! PostgreSQL server (scripts/test does).

mod common;

use std::process::Command;

use common::*;
use nashir_app::comments::{CommentStatus, NewComment};
use nashir_app::mail::OutgoingMail;
use nashir_app::{AccountStore, ArticleStore, CommentStore, LimitStore, ListingStore, OutboxStore};
use nashir_core::ArticleId;
use nashir_store_sql::SqlStore;

/// The binary on the SQLite site in `data` (no database in the environment).
fn sqlite_nashir(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_nashir"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("NASHIR_DATABASE_URL")
        .output()
        .unwrap()
}

fn ts(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

#[tokio::test]
async fn a_sqlite_site_moves_to_postgres_whole() {
    let Some(_) = nashir_store_sql::test_database_url() else {
        eprintln!("skipped: no TEST_DATABASE_URL (scripts/test runs this on PostgreSQL)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("site");
    // A site with a bit of everything: articles and revisions (imported twice),
    // a user, comments with a reply, mail in the outbox, rate events, a secret.
    let articles =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/search/articles");
    assert!(
        sqlite_nashir(&data, &["import", articles.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        sqlite_nashir(&data, &["import", REFERENCE])
            .status
            .success()
    );
    let sqlite = SqlStore::open(&data.join("nashir.db")).await.unwrap();
    let editor = sqlite
        .create_user(
            "e@news.example",
            "محررة",
            nashir_core::permissions::Role::Editor,
            "hash",
            ts("2026-01-01T00:00:00Z"),
        )
        .await
        .unwrap();
    let comment = |parent, body: &str| NewComment {
        article_id: ArticleId(1),
        parent_id: parent,
        author_name: "سارة".into(),
        author_email: Some("s@example.org".into()),
        body: body.into(),
        fingerprint: body.into(),
        address: "192.0.2.1".into(),
    };
    let first = sqlite
        .add_comment(
            &comment(None, "تعليق"),
            &[],
            ts("2026-01-02T00:00:00Z"),
            ts("2026-01-02T00:00:00Z"),
        )
        .await
        .unwrap()
        .done()
        .unwrap();
    sqlite
        .add_comment(
            &comment(Some(first), "رد"),
            &[],
            ts("2026-01-02T01:00:00Z"),
            ts("2026-01-02T01:00:00Z"),
        )
        .await
        .unwrap()
        .done()
        .unwrap();
    sqlite
        .moderate_comments(
            &[first],
            Some(CommentStatus::Approved),
            &nashir_app::Audit {
                by: Some(editor.id),
                action: "comment.approve".into(),
                target: first.to_string(),
            },
            ts("2026-01-03T00:00:00Z"),
        )
        .await
        .unwrap();
    let mail = OutgoingMail {
        kind: "friend".into(),
        recipient: "friend@example.org".into(),
        sender: "news@news.example".into(),
        message: "Subject: =?utf-8?b?2K7YqNix?=\r\n\r\n\u{0}\u{ff}"
            .as_bytes()
            .to_vec(),
    };
    sqlite
        .enqueue_mails(std::slice::from_ref(&mail), &[], ts("2026-01-04T00:00:00Z"))
        .await
        .unwrap()
        .done()
        .unwrap();
    let limit = nashir_app::limits::Limit {
        key: "comment:192.0.2.1".into(),
        max: 5,
        window: jiff::SignedDuration::from_hours(1),
    };
    for _ in 0..2 {
        sqlite
            .reserve(std::slice::from_ref(&limit), ts("2026-01-04T00:00:00Z"))
            .await
            .unwrap()
            .unwrap();
    }
    sqlite.site_secret("forms", "the-key").await.unwrap();
    let last_change = sqlite.last_change().await.unwrap();
    let article = sqlite.article(ArticleId(1)).await.unwrap().unwrap();
    sqlite.close().await;

    let url = database_url(&dir.path().join("postgres-target")).unwrap();
    let out = sqlite_nashir(&data, &["migrate-db", "--to", &url]);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    let report = stdout(&out);
    for table in [
        "articles",
        "revisions",
        "comments",
        "outbox",
        "users",
        "changes",
    ] {
        let line = report.lines().find(|l| l.starts_with(table)).expect(table);
        assert!(line.ends_with(" ok"), "{line}");
    }

    let postgres = SqlStore::connect(&url, 2).await.unwrap();
    assert_eq!(
        postgres.article(ArticleId(1)).await.unwrap().unwrap(),
        article
    );
    // The collection's files and the reference article (the collection grows).
    let imported = std::fs::read_dir(&articles).unwrap().count() as u64 + 1;
    assert_eq!(postgres.article_count().await.unwrap(), imported);
    assert_eq!(
        postgres.last_change().await.unwrap(),
        last_change,
        "change log positions kept"
    );
    let threads = postgres
        .article_comments(ArticleId(1), CommentStatus::Approved)
        .await
        .unwrap();
    assert_eq!(threads.len(), 1);
    assert_eq!(
        postgres.site_secret("forms", "other").await.unwrap(),
        "the-key"
    );
    let claimed = postgres
        .claim_mail(ts("2026-01-05T00:00:00Z"), ts("2026-01-05T00:05:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.message, mail.message, "bytes survive");
    // New rows get new ids: the sequences moved past the copy.
    let next = postgres
        .add_comment(
            &comment(None, "جديد"),
            &[],
            ts("2026-01-06T00:00:00Z"),
            ts("2026-01-06T00:00:00Z"),
        )
        .await
        .unwrap()
        .done()
        .unwrap();
    assert_eq!(next, first + 2);
    postgres.close().await;

    // A second run finds a site there and changes nothing.
    let again = sqlite_nashir(&data, &["migrate-db", "--to", &url]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already holds a site"),
        "{}",
        stderr(&again)
    );
}
