//! `nashir serve`: demo content, durability across kill -9, shutdown, settings.

mod common;

use std::time::Duration;

use common::{
    REFERENCE, REFERENCE_HEADLINE, Server, SmtpSink, canonical_path, first_article_path,
    http_post_form, nashir, open_store, stderr,
};

#[test]
fn demo_loads_the_reference_article_into_an_empty_site() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("fresh");
    let server = Server::start(&data, &["--demo"], &[]);
    let db = if common::database_url(&data).is_some() {
        None // on PostgreSQL
    } else {
        Some("nashir.db")
    };
    for part in db.into_iter().chain(["search", "media"]) {
        assert!(data.join(part).exists(), "{part} created");
    }
    // The reference article is the first one loaded; the front page links articles.
    let path = canonical_path(&server, 1);
    let (status, _, page) = server.get(&path);
    assert_eq!(status, 200);
    assert!(page.contains(REFERENCE_HEADLINE));
    assert!(page.contains("التحديث الاخير بتاريخ|<time"));
    let (_, _, home) = server.get("/");
    assert!(home.contains("class=\"lead-story"));
    // The demo's pictures are drawn and stored: the lead story shows one.
    assert!(home.contains("class=\"lead-image\" src=\"/media/"));
    assert!(first_article_path(&server).starts_with("/ar/news/"));
}

#[test]
fn demo_leaves_a_site_with_content_alone() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let own = files.path().join("own.txt");
    std::fs::write(
        &own,
        "التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025\nخبرنا الخاص\nمقدمة\n",
    )
    .unwrap();
    assert!(
        nashir(dir.path(), &["import", own.to_str().unwrap()])
            .status
            .success()
    );
    let server = Server::start(dir.path(), &["--demo"], &[]);
    let (_, _, home) = server.get("/");
    assert!(home.contains("خبرنا الخاص"));
    assert!(!home.contains(REFERENCE_HEADLINE));
}

#[test]
fn acknowledged_writes_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    // The server writes the demo article, then acknowledges it by serving it.
    let server = Server::start(dir.path(), &["--demo"], &[]);
    let path = canonical_path(&server, 1);
    assert_eq!(server.get(&path).0, 200);
    // A second writer (the CLI) while the server runs; its printed line is its acknowledgement.
    let files = tempfile::tempdir().unwrap();
    let extra = files.path().join("extra.txt");
    std::fs::write(
        &extra,
        "التحديث الاخير بتاريخ|الخميس, يناير 9, 2025\nخبر كتب والخادم يعمل\nمقدمة\n",
    )
    .unwrap();
    let out = nashir(dir.path(), &["import", extra.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    server.kill_9();

    let server = Server::start(dir.path(), &[], &[]);
    let (status, _, page) = server.get(&path);
    assert_eq!(status, 200);
    assert!(page.contains(REFERENCE_HEADLINE));
    let (_, _, home) = server.get("/");
    assert!(home.contains("خبر كتب والخادم يعمل"));
}

#[test]
fn sigterm_shuts_down_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), &["--demo"], &[]);
    assert_eq!(server.get("/").0, 200);
    server.signal("TERM");
    let status = server.wait_exit(Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
    assert!(
        server
            .log_lines()
            .iter()
            .any(|l| l.contains("shutting down")),
        "logs its shutdown"
    );
}

#[test]
fn settings_come_from_nashir_toml_and_environment() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("nashir.toml"),
        "site_name = \"الوقت\"\ntime_zone = \"Asia/Beirut\"\nmonth_names = \"levantine\"\n",
    )
    .unwrap();
    assert!(nashir(dir.path(), &["import", REFERENCE]).status.success());
    let server = Server::start(dir.path(), &[], &[]);
    let (_, _, page) = server.get(&first_article_path(&server));
    assert!(page.contains("<a class=\"brand\" href=\"/\">الوقت</a>"));
    assert!(page.contains("الأربعاء, كانون الثاني 8, 2025"));
    drop(server);

    // The environment overrides the file.
    let server = Server::start(dir.path(), &[], &[("NASHIR_SITE_NAME", "ناشر اليوم")]);
    let (_, _, home) = server.get("/");
    assert!(home.contains("<a class=\"brand\" href=\"/\">ناشر اليوم</a>"));
    drop(server);

    // A Moroccan site with Arabic-Indic digits and the Hijri date.
    std::fs::write(
        dir.path().join("nashir.toml"),
        "month_names = \"moroccan\"\ndigits = \"arabic-indic\"\nhijri = true\n",
    )
    .unwrap();
    let server = Server::start(dir.path(), &[], &[]);
    let (_, _, page) = server.get(&first_article_path(&server));
    assert!(
        page.contains("الأربعاء, يناير ٨, ٢٠٢٥ · ٨ رجب ١٤٤٦ هـ"),
        "{page}"
    );
}

#[test]
fn bad_settings_stop_the_start_with_a_clear_message() {
    for (toml, expected) in [
        (
            "time_zone = \"Mars/Olympus\"\n",
            "unknown time zone «Mars/Olympus»",
        ),
        ("month_names = \"roman\"\n", "month_names"),
        ("digits = \"roman\"\n", "digits"),
        ("hijri = \"yes\"\n", "hijri"),
        ("persian_calendar = \"julian\"\n", "persian_calendar"),
        ("listen = \"nowhere\"\n", "listen address «nowhere»"),
        ("colour = \"red\"\n", "colour"),
        ("base_url = \"ftp://x\"\n", "base_url"),
        (
            "database_url = \"mysql://x\"\n",
            "database_url must start with postgres://",
        ),
        ("media_store = \"ftp://x\"\n", "media_store «ftp://x»"),
        (
            "smtp_url = \"smtp://127.0.0.1:2525\"\n",
            "smtp_url is set but base_url is not",
        ),
        (
            "smtp_url = \"smtp://127.0.0.1:2525\"\nbase_url = \"https://x.example\"\nmail_from = \"nobody\"\n",
            "mail_from «nobody»",
        ),
        (
            "smtp_url = \"ftp://127.0.0.1\"\nbase_url = \"https://x.example\"\n",
            "smtp_url «ftp://127.0.0.1»",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("nashir.toml"), toml).unwrap();
        // Straight from the file: a test database in the environment would override it.
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_nashir"))
            .arg("--data")
            .arg(dir.path())
            .arg("serve")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{toml}");
        assert!(stderr(&out).contains(expected), "{toml}: {}", stderr(&out));
    }
}

#[tokio::test]
async fn scheduled_articles_go_live_after_a_restart() {
    use std::sync::Arc;

    use nashir_app::editor::{Draft, SaveAction};
    use nashir_app::{App, FixedClock, SiteSettings};
    use nashir_core::permissions::Role;

    let dir = tempfile::tempdir().unwrap();
    // Written while the server is down, for a time that has passed when it starts.
    {
        let store = open_store(dir.path()).await;
        let then: jiff::Timestamp = "2020-01-01T00:00:00Z".parse().unwrap();
        let app = App::new(
            Arc::new(store.clone()),
            Arc::new(FixedClock::new(then)),
            SiteSettings::default(),
        );
        let (editor, _) = app
            .add_user(
                "ed@x.com",
                "محرر",
                Role::Editor,
                Some("a-long-enough-password"),
            )
            .await
            .unwrap();
        let draft = Draft {
            title: "خبر مجدول قبل إعادة التشغيل".into(),
            lead: "مقدمة".into(),
            body: "نص".into(),
            section: "news".into(),
            ..Draft::default()
        };
        let at = "2020-01-01T01:00:00Z".parse().unwrap();
        app.save_article(&editor, None, &draft, SaveAction::Schedule(at))
            .await
            .unwrap();
        store.close().await;
    }
    let server = Server::start(dir.path(), &[], &[]);
    let started = std::time::Instant::now();
    loop {
        let (_, _, home) = server.get("/");
        if home.contains("خبر مجدول قبل إعادة التشغيل") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "never went live"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The binary wires `smtp_url` to the outbox worker: a friend's mail reaches a real
/// SMTP server, and the server still stops cleanly.
#[test]
fn send_to_a_friend_goes_out_through_the_configured_smtp_server() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    let smtp = SmtpSink::start(&inbox);
    let data = dir.path().join("site");
    let mut server = Server::start(
        &data,
        &["--demo"],
        &[
            ("NASHIR_SMTP_URL", &smtp.url),
            ("NASHIR_BASE_URL", "https://news.example"),
        ],
    );
    let path = canonical_path(&server, 1);
    let form = format!("{path}/send");
    let (status, head, page) = server.get(&form);
    assert_eq!(status, 200, "{head}");
    let cookie = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .and_then(|c| c.split(';').next())
        .expect("the form cookie")
        .to_string();
    let token = page
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap();
    // A person takes more than three seconds to fill in a form.
    std::thread::sleep(std::time::Duration::from_millis(3200));
    let body =
        format!("token={token}&name=%D9%85%D9%86%D9%89&to=friend%40example.org&note=&website=");
    let (status, _, reply) = http_post_form(&server.addr, &form, &cookie, &body);
    assert_eq!(status, 200, "{reply}");
    let delivered = inbox.join("0.json");
    for _ in 0..100 {
        if delivered.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let mail = std::fs::read_to_string(&delivered).expect("the mail arrived");
    assert!(
        mail.contains("friend@example.org") && mail.contains("noreply@news.example"),
        "{mail}"
    );
    assert!(mail.contains("https://news.example/ar/news/1/"), "{mail}");
    server.signal("TERM");
    assert!(
        server
            .wait_exit(std::time::Duration::from_secs(40))
            .success()
    );
}
