//! HTTP caching: validators, compression, private pages, and never a stale page.

mod common;

use std::io::Read;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{REFERENCE, Site, how, site, story};
use nashir_core::slug::article_href;

async fn article(site: &Site) -> String {
    let imported = site.import("ref", REFERENCE).await;
    article_href(
        nashir_core::language::Language::Arabic,
        imported.id,
        imported.path.rsplit('/').next().unwrap(),
    )
}

async fn get_with(site: &Site, uri: &str, headers: &[(header::HeaderName, &str)]) -> common::Reply {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    site.request(request.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn validators_answer_304() {
    let site = site().await;
    let uri = article(&site).await;
    let first = site.get(&uri).await;
    assert_eq!(first.status, StatusCode::OK);
    let etag = first.headers[header::ETAG].to_str().unwrap().to_string();
    let last_modified = first.headers[header::LAST_MODIFIED]
        .to_str()
        .unwrap()
        .to_string();
    // The article's last change, stored when it was imported (the fixed clock's now).
    assert_eq!(last_modified, "Thu, 01 Jan 2026 00:00:00 GMT");
    let cache_control = first.headers[header::CACHE_CONTROL].to_str().unwrap();
    assert!(
        cache_control.starts_with("public") && cache_control.contains("stale-while-revalidate")
    );
    assert!(
        first.headers[header::VARY]
            .to_str()
            .unwrap()
            .contains("Accept-Encoding")
    );

    let again = get_with(&site, &uri, &[(header::IF_NONE_MATCH, &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    let since = get_with(&site, &uri, &[(header::IF_MODIFIED_SINCE, &last_modified)]).await;
    assert_eq!(since.status, StatusCode::NOT_MODIFIED);
    let older = get_with(
        &site,
        &uri,
        &[(header::IF_MODIFIED_SINCE, "Mon, 01 Jan 2001 00:00:00 GMT")],
    )
    .await;
    assert_eq!(older.status, StatusCode::OK);
    let other = get_with(&site, &uri, &[(header::IF_NONE_MATCH, "W/\"other\"")]).await;
    assert_eq!(other.status, StatusCode::OK);
    for uri in ["/", "/feed.rss", "/sitemap.xml"] {
        let reply = site.get(uri).await;
        assert!(reply.headers.contains_key(header::ETAG), "{uri}");
        let etag = reply.headers[header::ETAG].to_str().unwrap().to_string();
        assert_eq!(
            get_with(&site, uri, &[(header::IF_NONE_MATCH, &etag)])
                .await
                .status,
            StatusCode::NOT_MODIFIED,
            "{uri}"
        );
    }
}

#[tokio::test]
async fn gzip_and_brotli_carry_the_same_page() {
    let site = site().await;
    let uri = article(&site).await;
    let plain = site.get(&uri).await;
    assert!(!plain.headers.contains_key(header::CONTENT_ENCODING));
    let raw = |reply: &common::Reply| reply.raw.clone();
    let gz = get_with(&site, &uri, &[(header::ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(gz.headers[header::CONTENT_ENCODING], "gzip");
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(&raw(&gz)[..])
        .read_to_string(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain.body);
    // Brotli is made off the reader's path, once browsers ask for the page again:
    // gzip until then, the same page and validator either way.
    let browser = [(header::ACCEPT_ENCODING, "gzip, deflate, br")];
    let first = get_with(&site, &uri, &browser).await;
    assert_eq!(first.headers[header::CONTENT_ENCODING], "gzip");
    let mut br = get_with(&site, &uri, &browser).await;
    for _ in 0..200 {
        if br.headers[header::CONTENT_ENCODING] == "br" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        br = get_with(&site, &uri, &browser).await;
    }
    assert_eq!(br.headers[header::CONTENT_ENCODING], "br");
    assert_eq!(br.headers[header::ETAG], first.headers[header::ETAG]);
    let mut unbrotli = String::new();
    brotli::Decompressor::new(&raw(&br)[..], 4096)
        .read_to_string(&mut unbrotli)
        .unwrap();
    assert_eq!(unbrotli, plain.body);
    assert!(
        br.raw.len() < plain.raw.len() / 3,
        "compressed {} of {}",
        br.raw.len(),
        plain.raw.len()
    );
    let refused = get_with(
        &site,
        &uri,
        &[(header::ACCEPT_ENCODING, "br;q=0, gzip;q=0")],
    )
    .await;
    assert!(!refused.headers.contains_key(header::CONTENT_ENCODING));
}

#[tokio::test]
async fn signed_in_readers_get_private_pages_and_made_up_cookies_do_not() {
    let site = site().await;
    let uri = article(&site).await;
    let editor = common::editor(&site, nashir_core::permissions::Role::Author).await;
    let cookie = format!("theme=dark; {}", editor.cookie);
    let reply = get_with(&site, &uri, &[(header::COOKIE, &cookie)]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers[header::CACHE_CONTROL], "private, no-store");
    let anonymous = get_with(&site, &uri, &[(header::COOKIE, "theme=dark")]).await;
    let public = |r: &common::Reply| {
        r.headers[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .starts_with("public")
    };
    assert!(public(&anonymous));
    // A session cookie that opens no session is a reader like any other: it gets
    // the cached page instead of making the server render one for it.
    for junk in [
        "nashir_session=abc".to_string(),
        format!("nashir_session={}", "ab".repeat(32)),
    ] {
        let reply = get_with(&site, &uri, &[(header::COOKIE, &junk)]).await;
        assert!(public(&reply), "{junk}");
        assert_eq!(reply.headers[header::ETAG], anonymous.headers[header::ETAG]);
    }
}

#[tokio::test]
async fn the_cache_key_is_the_validated_host_and_the_parameters_pages_read() {
    let site = site().await;
    article(&site).await;
    // A Host glued to a path must not make the site feed answer for a section's.
    let poisoned = get_with(
        &site,
        "/feed.rss",
        &[(header::HOST, "news.example/ar/section/politics")],
    )
    .await;
    assert_eq!(poisoned.status, StatusCode::OK);
    let section = get_with(
        &site,
        "/ar/section/politics/feed.rss",
        &[(header::HOST, "news.example")],
    )
    .await;
    assert_ne!(section.body, poisoned.body);
    assert!(!section.body.contains("/ar/section/politics/ar/"));
    // Parameters no page reads, and values it cannot read, share the page's entry
    // (a hit, not a new render); those pages read do not.
    let first = site.get("/ar/latest").await;
    for junk in [
        "/ar/latest?utm_source=x&b%65fore=zz",
        "/ar/latest?before=nonsense",
        "/ar/latest?window=week",
    ] {
        let reply = site.get(junk).await;
        assert_eq!(reply.headers["x-cache"], "hit", "{junk}");
        assert_eq!(reply.headers[header::ETAG], first.headers[header::ETAG]);
    }
    site.get("/").await;
    let home = site.get("/?before=1736337600.1&window=week").await;
    assert_eq!(
        home.headers["x-cache"], "hit",
        "the front page reads no cursor"
    );
    let page = site.get("/ar/latest?before=1767225601.1").await;
    assert_eq!(
        page.headers["x-cache"], "miss",
        "a cursor is a page of its own"
    );
    let same = site.get("/ar/latest?b%65fore=1767225601.01").await;
    assert_eq!(
        same.headers["x-cache"], "hit",
        "the same cursor, spelt otherwise"
    );
    let day = site.get("/ar/most-read").await;
    let week = site.get("/ar/most-read?window=week").await;
    assert!(day.body.contains("aria-current") && week.body.contains("aria-current"));
    assert_ne!(day.body, week.body, "the week's tab is its own page");
}

#[tokio::test]
async fn made_up_hosts_cannot_fill_the_cache() {
    let site = site().await;
    // No base URL: the first few Hosts get kept pages, the rest are rendered each time.
    for n in 0..4 {
        let host = format!("host{n}.example");
        get_with(&site, "/", &[(header::HOST, &host)]).await;
        let again = get_with(&site, "/", &[(header::HOST, &host)]).await;
        assert_eq!(again.headers["x-cache"], "hit", "{host}");
    }
    for _ in 0..2 {
        let other = get_with(&site, "/", &[(header::HOST, "host9.example")]).await;
        assert_eq!(other.status, StatusCode::OK);
        assert_eq!(other.headers["x-cache"], "pass");
        assert!(other.body.contains("http://host9.example/"));
    }
}

#[tokio::test]
async fn an_edit_is_never_served_stale() {
    let site = site().await;
    let uri = article(&site).await;
    let before = site.get(&uri).await;
    assert!(before.body.contains("زيارة الوفد العراقي:"));
    let home_before = site.get("/").await;
    let edited = String::from_utf8(REFERENCE.to_vec())
        .unwrap()
        .replace("زيارة الوفد العراقي:", "زيارة الوفد البرلماني:")
        .replace("أعلنت موسكو استعدادها", "أعلنت روسيا استعدادها");
    site.import("ref", edited.as_bytes()).await;
    assert!(site.get("/").await.body.contains("أعلنت روسيا استعدادها"));
    let after = site.get(&uri).await;
    assert!(
        after.body.contains("زيارة الوفد البرلماني:"),
        "same node: fresh at once"
    );
    assert_ne!(after.headers[header::ETAG], before.headers[header::ETAG]);
    let home_after = site.get("/").await;
    assert_ne!(
        home_after.headers[header::ETAG],
        home_before.headers[header::ETAG]
    );
}

#[tokio::test]
async fn another_writers_change_shows_once_the_change_log_is_read() {
    let site = site().await;
    let uri = article(&site).await;
    assert!(site.get(&uri).await.body.contains("زيارة الوفد العراقي:"));
    // Another process writes straight to the database: this node has not heard yet,
    // so the cached page stands (proof that it was served from memory)...
    let store = site.db.clone();
    sqlx::query("UPDATE articles SET lead = 'مقدمة كتبها غيرنا'")
        .execute(store.pool())
        .await
        .unwrap();
    assert!(!site.get(&uri).await.body.contains("مقدمة كتبها غيرنا"));
    // ...until the change log is read (every 250 ms while serving).
    site.app.observe_changes().await.unwrap();
    assert!(site.get(&uri).await.body.contains("مقدمة كتبها غيرنا"));
}

#[tokio::test]
async fn views_are_counted_even_from_the_cache() {
    let site = site().await;
    let uri = article(&site).await;
    let other = site
        .import(
            "b",
            "التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025\nخبر آخر\nمقدمة\n".as_bytes(),
        )
        .await;
    for _ in 0..3 {
        assert_eq!(site.get(&uri).await.status, StatusCode::OK);
    }
    site.get(&article_href(
        nashir_core::language::Language::Arabic,
        other.id,
        "خبر-آخر",
    ))
    .await;
    // HEAD requests, redirects and 404s are not views.
    site.request(Request::head(&uri).body(Body::empty()).unwrap())
        .await;
    site.get("/ar/news/1/wrong-slug").await;
    site.get("/ar/news/999/x").await;
    // The front page kept before the views are written shows them after.
    assert!(!site.get("/").await.body.contains("class=\"most-read\""));
    assert_eq!(site.app.flush_views().await.unwrap(), 2);
    let ranked = site
        .app
        .most_read(
            nashir_i18n::Language::Arabic,
            nashir_app::reader::Window::Day,
            10,
        )
        .await
        .unwrap();
    let ids: Vec<i64> = ranked.iter().map(|s| s.id.0).collect();
    assert_eq!(ids, [1, other.id.0]);
    let page = site.get("/ar/most-read").await;
    assert!(page.body.contains("العراق والتعاون العسكري"));
    let home = site.get("/").await;
    assert!(home.body.contains("class=\"most-read\""));
}

#[tokio::test]
async fn the_host_header_cannot_poison_the_cache() {
    let site = site().await;
    let uri = article(&site).await;
    let evil = get_with(&site, &uri, &[(header::HOST, "evil.example")]).await;
    assert!(evil.body.contains("http://evil.example/"));
    let good = get_with(&site, &uri, &[(header::HOST, "news.example")]).await;
    assert!(!good.body.contains("evil.example"));
    assert!(good.body.contains("http://news.example/"));
}

#[tokio::test]
async fn a_write_renders_again_only_the_pages_it_can_change() {
    let site = site().await;
    site.store
        .upsert_section("economy", "اقتصاد")
        .await
        .unwrap();
    let a = site.import("a", &story("خبر السياسة", "مقدمة أولى")).await;
    let b = site
        .app
        .import_reference("b", &story("خبر الاقتصاد", "مقدمة"), "economy")
        .await
        .unwrap();
    let (a_page, b_page) = (a.path.clone(), b.path.clone());
    let pages = [
        a_page.as_str(),
        b_page.as_str(),
        "/ar/section/news",
        "/ar/section/economy",
        "/ar/archive/2025/1",
        "/ar/archive/2024/12",
        "/",
        "/feed.rss",
    ];
    for uri in pages {
        assert_eq!(site.get(uri).await.status, StatusCode::OK, "{uri}");
        assert_eq!(how(&site.get(uri).await), "hit", "{uri}: kept");
    }
    // Edit story A: its page, its section, its month, the front page and the feed
    // render again; story B, its section and another month do not.
    site.import("a", &story("خبر السياسة", "مقدمة معدلة")).await;
    for (uri, again) in [
        (a_page.as_str(), true),
        ("/ar/section/news", true),
        ("/ar/archive/2025/1", true),
        ("/", true),
        ("/feed.rss", true),
        (b_page.as_str(), false),
        ("/ar/section/economy", false),
        ("/ar/archive/2024/12", false),
    ] {
        let reply = site.get(uri).await;
        assert_eq!(how(&reply), if again { "miss" } else { "hit" }, "{uri}");
        // The front page's cards show headlines only; the others show the new lead.
        if again && uri != "/" {
            assert!(reply.body.contains("مقدمة معدلة"), "{uri}");
        }
    }
    // Moving story B to A's section: B's old section lists it no more, A's does.
    let moved = site
        .app
        .import_reference("b", &story("خبر الاقتصاد", "مقدمة"), "news")
        .await;
    assert!(moved.is_ok());
    let economy = site.get("/ar/section/economy").await;
    assert_eq!(how(&economy), "miss");
    assert!(!economy.body.contains("خبر الاقتصاد"));
    assert!(
        site.get("/ar/section/news")
            .await
            .body
            .contains("خبر الاقتصاد")
    );
    // A new section (shown in every page's menu) renders everything again.
    site.store.upsert_section("sport", "رياضة").await.unwrap();
    site.app.changed().await;
    let b_again = site.get(&b_page).await;
    assert_eq!(how(&b_again), "miss");
    assert!(b_again.body.contains("رياضة"));
}

#[tokio::test]
async fn a_page_renders_once_however_many_readers_ask_meanwhile() {
    let site = site().await;
    let uri = article(&site).await;
    let burst = || {
        futures_util::future::join_all(
            (0..20).map(|_| get_with(&site, &uri, &[(header::ACCEPT_ENCODING, "gzip")])),
        )
    };
    let cold = burst().await;
    let misses = cold.iter().filter(|r| how(r) == "miss").count();
    assert_eq!(misses, 1, "{:?}", cold.iter().map(how).collect::<Vec<_>>());
    assert!(
        cold.iter()
            .all(|r| r.status == StatusCode::OK && r.raw == cold[0].raw)
    );
    // After an edit: one reader renders, the others get the previous version
    // meanwhile, and the next reader the new one. A reader polled only after the
    // render finished gets the new page as a hit, so which of the two the others
    // see depends on scheduling: each burst must keep the rules, and some burst
    // must show the previous version served meanwhile.
    let mut previous = cold[0].raw.clone();
    let mut saw_stale = false;
    for attempt in 0..5 {
        let new_text = format!("أعلنت روسيا استعدادها {attempt}");
        let edited = String::from_utf8(REFERENCE.to_vec())
            .unwrap()
            .replace("أعلنت موسكو استعدادها", &new_text);
        site.import("ref", edited.as_bytes()).await;
        let during = burst().await;
        let kinds: Vec<&str> = during.iter().map(how).collect();
        assert_eq!(
            kinds.iter().filter(|k| **k == "miss").count(),
            1,
            "one render: {kinds:?}"
        );
        // (Compressed bodies: compared as bytes.)
        let fresh = &during[kinds.iter().position(|k| *k == "miss").unwrap()].raw;
        assert!(*fresh != previous, "the render is the new version");
        for (reply, kind) in during.iter().zip(&kinds) {
            match *kind {
                "stale" => assert!(reply.raw == previous, "stale is the previous version"),
                "miss" | "hit" => assert!(reply.raw == *fresh, "{kind}: the new version"),
                other => panic!("{other}: {kinds:?}"),
            }
        }
        saw_stale |= kinds.contains(&"stale");
        let after = site.get(&uri).await;
        assert_eq!(how(&after), "hit");
        assert!(after.body.contains(&new_text));
        previous = get_with(&site, &uri, &[(header::ACCEPT_ENCODING, "gzip")])
            .await
            .raw;
        if saw_stale {
            break;
        }
    }
    assert!(
        saw_stale,
        "readers never got the previous version while it rendered"
    );
}
