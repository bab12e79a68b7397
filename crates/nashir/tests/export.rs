//! `nashir export` and `nashir import-export`: a site (the demo, a WordPress import
//! with static pages, comments, redirects and sticky posts, a correction, an update
//! and an urgent line, an editor's account) is exported with its images while it
//! runs, imported into a new, empty site, and both are served: every public page is
//! the same bytes, every image, every redirect. Accounts arrive without passwords;
//! refusals leave the target as it was.
//!
//! On PostgreSQL too when `TEST_DATABASE_URL` names a server: the helpers give each
//! data folder a database of its own, so both sites, and every target, are
//! PostgreSQL ones.

mod common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::*;

const WORDPRESS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/wordpress/themeunittestdata.wordpress.xml"
);
const EMAIL: &str = "editor@news.example";
const PASSWORD: &str = "a-long-enough-password";
/// Settings every page shows (the name, the dates' zone and month names, the
/// canonical origin), so a copy that lost them would differ. The public URL also
/// keeps the Host header, which differs between the two servers, out of pages.
const SETTINGS: &str = "base_url = \"https://news.example\"\nsite_name = \"الوقت\"\n\
                        time_zone = \"Asia/Baghdad\"\nmonth_names = \"levantine\"\n\
                        editions = [\"ar\", \"en\", \"fa\"]\n";

fn refused_with(out: &Output, why: &str) {
    assert_eq!(out.status.code(), Some(1), "{}", stdout(out));
    assert!(stderr(out).contains(why), "{}", stderr(out));
    assert!(!stderr(out).contains("panicked"), "{}", stderr(out));
}

/// The site's rows per table, and its public articles' ids, publication times
/// and editions.
struct Facts {
    rows: BTreeMap<String, i64>,
    public: Vec<(i64, i64, String)>,
    redirects: Vec<String>,
    static_pages: Vec<String>,
}

fn facts(data: &Path, tables: &[String]) -> Facts {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = open_store(data).await;
        let mut rows = BTreeMap::new();
        for table in tables {
            let sql = format!("SELECT count(*) FROM {table}");
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(store.pool())
                .await
                .unwrap();
            rows.insert(table.clone(), n);
        }
        let public = sqlx::query_as(
            "SELECT id, published_at, language FROM articles WHERE status = 'published' \
             AND deleted_at IS NULL ORDER BY id",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
        let redirects = sqlx::query_scalar("SELECT from_path FROM redirects ORDER BY from_path")
            .fetch_all(store.pool())
            .await
            .unwrap();
        let static_pages =
            sqlx::query_scalar("SELECT slug FROM static_pages WHERE published = 1 ORDER BY slug")
                .fetch_all(store.pool())
                .await
                .unwrap();
        store.close().await;
        Facts {
            rows,
            public,
            redirects,
            static_pages,
        }
    })
}

/// The publishing fields article 5 is given (its old address redirects).
const CHOSEN: &str = r#"{"slug":"chosen-address","meta_description":"وصف <مختار> للبحث","social_title":"عنوان المشاركة","social_image":1,"action":"update"}"#;

/// The source site, settled as a new site starts: loaded, edited, stopped, its
/// index and related lists rebuilt (what import-export computes for the copy),
/// started again. Returns it and an API token of its editor.
fn source_site(data: &Path) -> (Server, String) {
    std::fs::create_dir_all(data).unwrap();
    std::fs::write(data.join("nashir.toml"), SETTINGS).unwrap();
    let mut server = Server::start(data, &["--demo"], &[]);
    add_user(data, EMAIL, "editor", PASSWORD);
    let out = ok(nashir(data, &["token", "add", EMAIL, "--name", "tests"]));
    let token = stdout(&out)
        .lines()
        .find_map(|l| l.strip_prefix("token: "))
        .expect("a token")
        .to_string();
    // A correction (a revision and a note readers see), an update (a new "last
    // updated" date), an urgent line on every page, and a slug, description and
    // share title and image chosen in the newsroom.
    for (id, change) in [
        (
            2,
            r#"{"lead":"مقدمة مصححة بعد التحقق من المصادر.","action":"correction","note":"صُحّح اسم المدينة في المقدمة."}"#,
        ),
        (3, r#"{"title":"عنوان محدّث للخبر","action":"update"}"#),
        (4, r#"{"urgent":true}"#),
        (5, CHOSEN),
    ] {
        let path = format!("/api/v1/admin/articles/{id}");
        let (status, _, body) = http_api(&server.addr, "PATCH", &path, &token, change);
        assert_eq!(status, 200, "{path}: {body}");
    }
    server.signal("TERM");
    assert!(server.wait_exit(Duration::from_secs(40)).success());
    let out = ok(nashir(data, &["import-wordpress", WORDPRESS]));
    assert!(stdout(&out).contains("/ar/page/"), "static pages");
    ok(nashir(data, &["reindex"]));
    (Server::start(data, &[], &[]), token)
}

/// A path as a request line carries it: bytes outside ASCII percent-encoded.
fn request_path(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            0x21..=0x7e => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The site's own addresses a page names: `href` and `src` paths, full URLs on
/// the public origin (sitemaps, feeds, canonical links) and the JSON API's `url`s.
fn links(body: &str) -> Vec<String> {
    let mut found = Vec::new();
    for marker in [
        "href=\"/",
        "src=\"/",
        "\"url\":\"/",
        "https://news.example/",
    ] {
        for part in body.split(marker).skip(1) {
            let end = part
                .find(|c: char| matches!(c, '"' | '<' | '\'' | ')') || c.is_whitespace())
                .unwrap_or(part.len());
            let path = format!("/{}", &part[..end]).replace("&amp;", "&");
            let path = path.split('#').next().unwrap_or_default().to_string();
            found.push(path);
        }
    }
    found
}

/// Whether the crawl compares this page. Left out by design: the readers' forms
/// (`…/comment`, `…/send`), whose token is signed with the site's form key, a
/// secret an export leaves behind (a new site makes its own); search and the
/// newsroom; the assets, which are the binary's.
fn compared(path: &str) -> bool {
    let (plain, _) = path.split_once('?').unwrap_or((path, ""));
    let public = plain == "/"
        || ["/ar/", "/en/", "/fa/"]
            .iter()
            .any(|e| plain.starts_with(e))
        || plain.starts_with("/sitemap")
        || plain.starts_with("/feed.")
        || plain.starts_with("/api/v1/articles")
        || ["/api/v1/sections", "/api/v1/tags", "/api/v1/authors"].contains(&plain);
    public && !plain.ends_with("/comment") && !plain.ends_with("/send")
}

fn location(head: &str) -> Option<String> {
    head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("location")
            .then(|| value.trim().to_string())
    })
}

/// Fetches `path` from both sites and asserts the same answer: status, bytes,
/// and where a redirect points.
fn same_answer(original: &Server, copy: &Server, path: &str) -> (u16, Option<String>, String) {
    let request = request_path(path);
    let (status, head, body) = original.get(&request);
    let (copy_status, copy_head, copy_body) = copy.get(&request);
    assert_eq!(copy_status, status, "{path}");
    assert_eq!(location(&copy_head), location(&head), "{path}");
    assert_same_page(&copy_body, &body, path);
    (status, location(&head), body)
}

/// Every public page reachable from the seeds on the original site, compared
/// with the copy's; returns the paths seen.
fn crawl(original: &Server, copy: &Server, seeds: &[String]) -> BTreeSet<String> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<String> = VecDeque::new();
    for seed in seeds {
        if seen.insert(seed.clone()) {
            queue.push_back(seed.clone());
        }
    }
    while let Some(path) = queue.pop_front() {
        assert!(seen.len() < 20_000, "the crawl does not end");
        let (status, moved, body) = same_answer(original, copy, &path);
        // Links the site gives lead somewhere (a bare article address to its own).
        assert!(status == 200 || status == 301, "{path}: {status}");
        let mut next: Vec<String> = links(&body);
        next.extend(moved);
        if let Ok(list) = serde_json::from_str::<serde_json::Value>(&body) {
            // The JSON API: each article of a list, and the list's next page.
            if path.starts_with("/api/v1/articles")
                && !path["/api/v1/articles".len()..].starts_with('/')
            {
                for item in list["items"].as_array().into_iter().flatten() {
                    next.push(format!("/api/v1/articles/{}", item["id"]));
                }
                if let Some(cursor) = list["next"].as_str() {
                    next.push(format!("/api/v1/articles?cursor={cursor}"));
                }
            }
        }
        let article = path.get(3..).is_some_and(|p| p.starts_with("/news/"))
            && path.matches('/').count() == 4;
        if article {
            next.push(format!("{path}/print"));
        }
        for link in next {
            if link.starts_with("/media/") {
                seen.insert(link);
            } else if compared(&link) && seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    seen
}

#[test]
fn an_exported_site_imported_into_an_empty_one_serves_the_same_pages() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("site");
    let (original, token) = source_site(&data);

    // Exported while the site runs, images included.
    let archive = dir.path().join("site.tar.gz");
    let started = Instant::now();
    let out = ok(nashir(
        &data,
        &["export", "--to", archive.to_str().unwrap(), "--media"],
    ));
    eprintln!(
        "export: {:?}\n{}{}",
        started.elapsed(),
        stdout(&out),
        stderr(&out)
    );
    let mode = std::os::unix::fs::PermissionsExt::mode(&archive.metadata().unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600, "commenters' addresses stay private");

    // The manifest: the format, and every table's rows as the database counts them.
    let entries = tar_entries(&gunzip(&archive));
    assert_eq!(entries[0].0, "manifest.json");
    let manifest: serde_json::Value = serde_json::from_slice(&entries[0].2).unwrap();
    assert_eq!(manifest["format"], "nashir-export");
    assert_eq!(manifest["format_version"], 1);
    assert_eq!(manifest["media"], true);
    let files = manifest["files"].as_array().unwrap();
    let tables: Vec<String> = files
        .iter()
        .filter_map(|f| {
            f["path"]
                .as_str()?
                .strip_prefix("tables/")?
                .strip_suffix(".jsonl")
        })
        .map(str::to_string)
        .collect();
    for secret in [
        "sessions",
        "site_secrets",
        "api_tokens",
        "webhooks",
        "outbox",
        "changes",
    ] {
        assert!(
            !tables.iter().any(|t| t == secret),
            "{secret} is not exported"
        );
    }
    let before = facts(&data, &tables);
    for (file, (path, _, bytes)) in files.iter().zip(&entries[1..]) {
        assert_eq!(file["path"], path.as_str());
        assert_eq!(file["size"], bytes.len());
        let Some(table) = path
            .strip_prefix("tables/")
            .and_then(|p| p.strip_suffix(".jsonl"))
        else {
            continue;
        };
        let lines = bytes.iter().filter(|b| **b == b'\n').count() as i64;
        assert_eq!(file["rows"], lines, "{path}");
        assert_eq!(lines, before.rows[table], "{path}: the database's rows");
        if table == "users" {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                text.contains(EMAIL) && !text.contains("password") && !text.contains("$argon2")
            );
        }
    }
    for (table, least) in [
        ("articles", 40),
        ("revisions", 45),
        ("comments", 10),
        ("redirects", 10),
        ("static_pages", 5),
        ("corrections", 1),
        ("urgent", 1),
        ("media", 20),
        ("related", 50),
        ("users", 1),
    ] {
        assert!(
            before.rows[table] >= least,
            "{table}: {}",
            before.rows[table]
        );
    }
    let media_files = files
        .iter()
        .filter(|f| f["path"].as_str().unwrap().starts_with("media/"))
        .count();
    assert_eq!(media_files, files_under(&data.join("media")).len());

    // Into a new, empty site.
    let copy_data = dir.path().join("copy");
    let started = Instant::now();
    let out = ok(nashir(
        &copy_data,
        &["import-export", archive.to_str().unwrap()],
    ));
    eprintln!(
        "import-export: {:?}\n{}{}",
        started.elapsed(),
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(
        facts(&copy_data, &tables).rows,
        before.rows,
        "every row came"
    );
    assert_eq!(
        files_under(&copy_data.join("media")),
        files_under(&data.join("media")),
        "the images, file for file"
    );
    let copy = Server::start(&copy_data, &[], &[]);

    // Every public page, byte for byte. The pages that rank by readers' views come
    // first, before the crawl's own visits are counted.
    let mut seeds: Vec<String> = ["/", "/en/", "/fa/"]
        .into_iter()
        .flat_map(|front| {
            let edition = if front == "/" { "/ar/" } else { front };
            [
                front.to_string(),
                format!("{edition}most-read"),
                format!("{edition}most-read?window=week"),
            ]
        })
        .collect();
    seeds.extend(
        [
            "/sitemap.xml",
            "/ar/latest",
            "/ar/corrections",
            "/feed.rss",
            "/feed.atom",
            "/api/v1/articles",
            "/api/v1/sections",
            "/api/v1/tags",
            "/api/v1/authors",
        ]
        .map(String::from),
    );
    // The API lists one edition at a time (the crawl reads the default's):
    // every article's answer is compared by its address.
    seeds.extend(
        before
            .public
            .iter()
            .map(|(id, _, _)| format!("/api/v1/articles/{id}")),
    );
    // Archive months are linked from no page: one for each month with a story.
    let zone = jiff::tz::TimeZone::get("Asia/Baghdad").unwrap();
    for (_, published, edition) in &before.public {
        let day = jiff::Timestamp::from_second(*published)
            .unwrap()
            .to_zoned_datetime(zone.clone());
        seeds.push(format!(
            "/{edition}/archive/{:04}/{:02}",
            day.year(),
            day.month()
        ));
    }
    let seen = crawl(&original, &copy, &seeds);
    let count = |prefix: &str| seen.iter().filter(|p| p.starts_with(prefix)).count();
    eprintln!(
        "compared {} addresses: {} articles' pages and print views, {} sections, {} tags, \
         {} authors, {} archive pages, {} static pages, {} sitemaps, {} API answers, {} images",
        seen.len(),
        count("/ar/news/"),
        count("/ar/section/"),
        count("/ar/tag/"),
        count("/ar/author/"),
        count("/ar/archive/"),
        count("/ar/page/"),
        count("/sitemap"),
        count("/api/"),
        count("/media/"),
    );
    for (id, _, edition) in &before.public {
        let page = seen
            .iter()
            .find(|p| p.starts_with(&format!("/{edition}/news/{id}/")) && !p.ends_with("/print"))
            .unwrap_or_else(|| panic!("article {id} was not compared"));
        assert!(seen.contains(&format!("{page}/print")), "{page}/print");
        assert!(seen.contains(&format!("/api/v1/articles/{id}")), "API {id}");
    }
    let decoded: BTreeSet<String> = seen
        .iter()
        .map(|p| {
            percent_encoding::percent_decode_str(p)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    for slug in &before.static_pages {
        assert!(decoded.contains(&format!("/ar/page/{slug}")), "page {slug}");
    }
    for prefix in [
        "/ar/section/",
        "/ar/tag/",
        "/ar/author/",
        "/ar/archive/",
        "/sitemaps/",
    ] {
        assert!(count(prefix) >= 2, "{prefix}");
    }
    // The images, byte for byte.
    let mut images: BTreeSet<String> = seen
        .iter()
        .filter(|p| p.starts_with("/media/"))
        .cloned()
        .collect();
    images.extend(
        files_under(&data.join("media"))
            .into_keys()
            .map(|n| format!("/media/{n}")),
    );
    assert!(images.len() > 20, "{images:?}");
    for url in &images {
        let (status, bytes) = get_bytes(&original.addr, url);
        assert_eq!(status, 200, "{url}");
        assert!(
            get_bytes(&copy.addr, url) == (status, bytes),
            "{url} differs"
        );
    }
    // The publishing fields came: the chosen address, the head, the API.
    let (status, _, page) = same_answer(&original, &copy, "/ar/news/5/chosen-address");
    assert_eq!(status, 200);
    for line in [
        "<meta name=\"description\" content=\"وصف &#60;مختار&#62; للبحث\">",
        "<meta property=\"og:title\" content=\"عنوان المشاركة\">",
        "/media/1/",
    ] {
        assert!(
            page.split("</head>").next().unwrap().contains(line),
            "{line}"
        );
    }
    let (status, location, _) = same_answer(&original, &copy, "/ar/news/5/old-address");
    assert_eq!(
        (status, location.as_deref()),
        (301, Some("/ar/news/5/chosen-address"))
    );
    assert!(
        seen.contains("/api/v1/articles/5"),
        "the API's answer, compared"
    );
    // Every old address answers with the same redirect.
    assert!(before.redirects.len() >= 10);
    for from in &before.redirects {
        let (status, _, _) = same_answer(&original, &copy, from);
        assert_eq!(status, 301, "{from}");
    }

    // The editor's account came, without its password: no sign-in until the
    // operator sets one. Its API token stayed behind too.
    let list = stdout(&ok(nashir(&copy_data, &["user", "list"])));
    assert!(list.contains(&format!("{EMAIL}\teditor")), "{list}");
    assert!(try_sign_in(&original.addr, EMAIL, PASSWORD).is_some());
    assert!(try_sign_in(&copy.addr, EMAIL, PASSWORD).is_none());
    assert!(try_sign_in(&copy.addr, EMAIL, "").is_none());
    let (status, _, _) = http_api(&copy.addr, "GET", "/api/v1/admin/articles/2", &token, "");
    assert_eq!(status, 401, "API tokens are not exported");
    let args = ["user", "password", EMAIL];
    ok(nashir_with_input(
        &copy_data,
        &args,
        &format!("{PASSWORD}\n"),
    ));
    let session = try_sign_in(&copy.addr, EMAIL, PASSWORD).expect("signs in with the new password");
    let (status, _, _) = http_get_with_cookie(&copy.addr, "/admin", &session);
    assert_eq!(status, 200);

    // The copy is a site like any other: the next article takes the next id (the
    // reference article under a new file name is a new article).
    let file = dir.path().join("after-the-move.txt");
    std::fs::copy(REFERENCE, &file).unwrap();
    let out = ok(nashir(&copy_data, &["import", file.to_str().unwrap()]));
    let id: i64 = stdout(&out).split('\t').next().unwrap().parse().unwrap();
    let highest = before.public.iter().map(|(id, ..)| *id).max().unwrap();
    assert!(id > highest, "{id} after {highest}");
}

/// A small site (the reference article, an editor) and its export.
fn small_export(dir: &Path) -> PathBuf {
    let data = dir.join("small");
    ok(nashir(&data, &["import", REFERENCE]));
    add_user(&data, EMAIL, "editor", PASSWORD);
    let archive = dir.join("small.tar.gz");
    ok(nashir(
        &data,
        &["export", "--to", archive.to_str().unwrap()],
    ));
    archive
}

/// A name, a change to a manifest, and the refusal it brings.
type ManifestChange = (&'static str, fn(&mut serde_json::Value), &'static str);

/// The export with its manifest changed by `change` (the files as they were).
fn with_manifest(archive: &Path, to: &Path, change: impl FnOnce(&mut serde_json::Value)) {
    let entries = tar_entries(&gunzip(archive));
    let mut manifest: serde_json::Value = serde_json::from_slice(&entries[0].2).unwrap();
    change(&mut manifest);
    let manifest = serde_json::to_vec(&manifest).unwrap();
    let tar = tar_of(entries.iter().enumerate().map(|(i, (path, _, data))| {
        let data = if i == 0 { &manifest } else { data };
        (path.as_str(), data.as_slice())
    }));
    gzip(&tar, to);
}

#[test]
fn import_export_refuses_a_site_with_content_and_a_changed_export() {
    let dir = tempfile::tempdir().unwrap();
    let archive = small_export(dir.path());
    let text = |path: &Path| path.to_str().unwrap().to_string();

    // A site with an article: refused, and left as it was.
    let busy = dir.path().join("busy");
    ok(nashir(&busy, &["import", REFERENCE]));
    let out = nashir(&busy, &["import-export", &text(&archive)]);
    refused_with(&out, "not empty (rows: 1 in articles");
    assert!(stderr(&out).contains("nothing was changed"));
    assert_eq!(
        stdout(&nashir(&busy, &["user", "list"])),
        "",
        "no account came"
    );
    assert!(!busy.join("nashir.toml").exists(), "no settings came");
    // A site with an account only: refused too.
    let staffed = dir.path().join("staffed");
    add_user(&staffed, "admin@news.example", "admin", PASSWORD);
    refused_with(
        &nashir(&staffed, &["import-export", &text(&archive)]),
        "1 in users",
    );

    // Refused before the target is made at all.
    let target = dir.path().join("target");
    let refused = |file: &Path, why: &str| {
        refused_with(&nashir(&target, &["import-export", &text(file)]), why);
        assert!(!target.exists(), "nothing imported for: {why}");
    };
    // One byte of a table changed.
    let changed = dir.path().join("changed.tar.gz");
    with_byte_changed(&archive, "tables/articles.jsonl", &changed);
    refused(&changed, "checksum mismatch for «tables/articles.jsonl»");
    // Cut short, and not an archive at all.
    let bytes = std::fs::read(&archive).unwrap();
    let short = dir.path().join("short.tar.gz");
    std::fs::write(&short, &bytes[..bytes.len() / 2]).unwrap();
    refused(&short, "cannot be imported");
    let junk = dir.path().join("junk.tar.gz");
    std::fs::write(&junk, "hello").unwrap();
    refused(&junk, "cannot be imported");
    // A manifest that lies about the rows, or speaks of what this nashir cannot read.
    let manifests: [ManifestChange; 5] = [
        (
            "rows",
            |m| {
                let files = m["files"].as_array_mut().unwrap();
                let articles = files
                    .iter_mut()
                    .find(|f| f["path"] == "tables/articles.jsonl")
                    .unwrap();
                articles["rows"] = 2.into();
            },
            "has 1 rows, its manifest says 2",
        ),
        (
            "version",
            |m| m["format_version"] = 2.into(),
            "format version 2",
        ),
        (
            "newer",
            |m| m["migration_version"] = 99_999.into(),
            "comes from a newer Nashir",
        ),
        (
            "format",
            |m| m["format"] = "nashir-backup".into(),
            "not nashir-export",
        ),
        (
            "table",
            |m| {
                let files = m["files"].as_array_mut().unwrap();
                let mut secret = files[2].clone();
                secret["path"] = "tables/sessions.jsonl".into();
                files.push(secret);
            },
            "«sessions» that this nashir does not import",
        ),
    ];
    for (name, change, why) in manifests {
        let file = dir.path().join(format!("{name}.tar.gz"));
        with_manifest(&archive, &file, change);
        refused(&file, why);
    }
    // A backup is not an export.
    let data = dir.path().join("small");
    if nashir_store_sql::test_database_url().is_none() {
        let backup = dir.path().join("backup.tar.gz");
        ok(nashir(&data, &["backup", "--to", &text(&backup)]));
        refused(&backup, "format is «nashir-backup», not nashir-export");
    }

    // The export as it was still imports, settings and all.
    ok(nashir(&target, &["import-export", &text(&archive)]));
    assert!(
        std::fs::read_to_string(target.join("nashir.toml"))
            .unwrap()
            .contains("site_name = \"ناشر\"")
    );
    let list = stdout(&ok(nashir(&target, &["user", "list"])));
    assert!(list.starts_with(&format!("1\t{EMAIL}\teditor")), "{list}");
}
