//! Two `nashir serve` nodes on one PostgreSQL database: an edit through one is never
//! served stale by the other, each node's search follows, sessions work on both,
//! a scheduled article is published once, and a queued mail is delivered once.
//! Runs when `TEST_DATABASE_URL` names a PostgreSQL server (scripts/test does).

mod common;

use std::time::{Duration, Instant};

use common::*;

const EMAIL: &str = "editor@news.example";
const PASSWORD: &str = "a-long-enough-password";

/// Polls `check` until it holds or `within` passes; returns how long it took.
fn eventually(within: Duration, what: &str, mut check: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < within, "{what}: not within {within:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    start.elapsed()
}

fn sign_in(addr: &str) -> String {
    try_sign_in(addr, EMAIL, PASSWORD).expect("a session cookie")
}

#[test]
fn two_nodes_on_one_database_serve_one_site() {
    if nashir_store_sql::test_database_url().is_none() {
        eprintln!("skipped: no TEST_DATABASE_URL (scripts/test runs this on PostgreSQL)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (a_data, b_data) = (dir.path().join("a"), dir.path().join("b"));
    let database = database_url(&a_data).unwrap();
    let inbox = dir.path().join("inbox");
    let smtp = SmtpSink::start(&inbox);
    let env = [
        ("NASHIR_DATABASE_URL", database.as_str()),
        ("NASHIR_SMTP_URL", smtp.url.as_str()),
        ("NASHIR_BASE_URL", "https://news.example"),
    ];
    // One account, made on node A's side: the database is the site.
    let mut add = command(&a_data)
        .args(["user", "add", EMAIL, "--role", "editor"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        add.stdin.as_mut().unwrap(),
        format!("{PASSWORD}\n").as_bytes(),
    )
    .unwrap();
    assert!(add.wait().unwrap().success());
    let a = Server::start(&a_data, &["--demo"], &env);
    let b = Server::start(&b_data, &[], &env);

    // B has the article cached before A edits it.
    let path = canonical_path(&b, 1);
    let (status, _, before) = b.get(&path);
    assert_eq!(status, 200);
    assert!(!before.contains("عنوان من العقدة أ"));

    // Sessions live in the database: signed in on A, known on B.
    let session = sign_in(&a.addr);
    let (status, _, dashboard) = http_get_with_cookie(&b.addr, "/admin", &session);
    assert_eq!(status, 200, "{dashboard}");
    let (status, _, editor) = http_get_with_cookie(&a.addr, "/admin/articles/1", &session);
    assert_eq!(status, 200);
    let body = form_body(&[
        ("csrf", &input_value(&editor, "csrf")),
        ("title", "عنوان من العقدة أ: تعديل يظهر على العقدة ب"),
        ("lead", "مقدمة معدلة"),
        ("body", "فقرة فيها كلمة زمردية لا ترد في غيرها."),
        ("section", "news"),
        ("action", "update"),
    ]);
    let (status, head, page) = http_post_form(&a.addr, "/admin/articles/1", &session, &body);
    assert_eq!(status, 303, "{head}\n{page}");
    let edited = Instant::now();

    // B: the new version (through the redirect to the new slug), never the old one.
    let took = eventually(Duration::from_secs(3), "B serves the edit", || {
        let (status, head, _) = b.get(&path);
        status == 301 && head.to_lowercase().contains("location: /ar/news/1/")
    });
    eprintln!("B saw the edit after {took:?}");
    let new_path = canonical_path(&b, 1);
    let (_, _, after) = b.get(&new_path);
    assert!(
        after.contains("عنوان من العقدة أ"),
        "B serves the new headline"
    );
    eventually(Duration::from_secs(1), "B's search finds the edit", || {
        let (_, _, results) = b.get("/search?q=%D8%B2%D9%85%D8%B1%D8%AF%D9%8A%D8%A9");
        results.contains("عنوان من العقدة أ")
    });
    // Each node's index catches up from the change log within a second of the edit.
    let took = edited.elapsed();
    assert!(took < Duration::from_secs(1), "B's search took {took:?}");
    eprintln!("B's search found it {took:?} after the edit");

    // A section renamed by a third process (the CLI) shows on B's pages too.
    let (_, _, home) = b.get("/");
    assert!(!home.contains("أخبار العقدتين"));
    assert!(
        nashir_with(&a_data, &database, &["section", "news", "أخبار العقدتين"])
            .status
            .success()
    );
    eventually(
        Duration::from_secs(3),
        "B shows the renamed section",
        || b.get("/").2.contains("أخبار العقدتين"),
    );

    // A scheduled article: both nodes' upkeep looks; it is published once.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let scheduled = rt.block_on(async {
        use nashir_app::ArticleStore;
        let store = nashir_store_sql::SqlStore::connect(&database, 2)
            .await
            .unwrap();
        let at = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(1);
        let article = nashir_core::NewArticle {
            language: nashir_core::language::Language::Arabic,
            section_slug: "news".into(),
            title: "خبر مجدول للعقدتين".into(),
            lead: "مقدمة".into(),
            body: vec![],
            source: None,
            status: nashir_core::Status::Scheduled,
            published_at: Some(at),
            updated_at: at,
            publishing: Default::default(),
        };
        store
            .import_article("scheduled-for-two-nodes", &article, jiff::Timestamp::now())
            .await
            .unwrap()
            .0
    });
    let scheduled_path = format!("/ar/news/{}", scheduled.0);
    for node in [&a, &b] {
        eventually(
            Duration::from_secs(5),
            "the scheduled article is live",
            || node.get(&scheduled_path).0 == 301,
        );
    }
    let publishes: i64 = rt.block_on(async {
        let store = nashir_store_sql::SqlStore::connect(&database, 2)
            .await
            .unwrap();
        sqlx::query_scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'scheduled-publish' AND target = $1",
        )
        .bind(scheduled.0.to_string())
        .fetch_one(store.pool())
        .await
        .unwrap()
    });
    assert_eq!(publishes, 1, "published once, not once per node");

    // Mail queued through A: both nodes' workers look; it is delivered once.
    let form = format!("{new_path}/send");
    let (status, head, page) = a.get(&form);
    assert_eq!(status, 200);
    let cookie = set_cookies(&head).join("; ");
    std::thread::sleep(Duration::from_millis(3200));
    let body = form_body(&[
        ("token", &input_value(&page, "token")),
        ("name", "منى"),
        ("to", "friend@example.org"),
    ]);
    let (status, _, reply) = http_post_form(&a.addr, &form, &cookie, &body);
    assert_eq!(status, 200, "{reply}");
    eventually(Duration::from_secs(10), "the mail arrives", || {
        inbox.join("0.json").exists()
    });
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(
        SmtpSink::delivered(&inbox),
        1,
        "delivered once, not once per node"
    );
}

fn nashir_with(data: &std::path::Path, database: &str, args: &[&str]) -> std::process::Output {
    command(data)
        .env("NASHIR_DATABASE_URL", database)
        .args(args)
        .output()
        .unwrap()
}
