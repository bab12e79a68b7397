//! The demo's English and Persian stories: loaded into their editions with the
//! Arabic demo, unseen while the `editions` setting names only Arabic, shown
//! under /en/ and /fa/ once it names them.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::{Site, site_with_editions, site_with_search};
use nashir_app::{Imported, SearchRequest};
use nashir_core::search_query::parse_query;
use nashir_core::slug::percent_encode_segment;
use nashir_i18n::Language;

const ENGLISH_OPEC: &str = "OPEC+ extends output cuts to the end of 2024";
const ENGLISH_ONLY: &str = "Riyadh Air";
const PERSIAN_ONLY: &str = "زعفران";
const PERSIAN_HEADLINE: &str = "ایستگاه‌های تازه خط ۱۰ متروی تهران افتتاح شد";

async fn demo(site: &Site) -> Vec<Imported> {
    nashir_demo::load(&site.app).await.unwrap()
}

/// The loaded articles' paths under `prefix`.
fn paths<'a>(loaded: &'a [Imported], prefix: &str) -> Vec<&'a str> {
    loaded
        .iter()
        .map(|a| a.path.as_str())
        .filter(|p| p.starts_with(prefix))
        .collect()
}

/// Waits until the index finds `query` in `edition` (it follows the change log).
async fn indexed(site: &Site, edition: Language, query: &str) {
    let started = Instant::now();
    let request = SearchRequest {
        query: parse_query(query),
        limit: 10,
        edition,
        ..SearchRequest::default()
    };
    while site.app.search(&request).await.unwrap().total == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "«{query}» never indexed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_site_of_one_edition_gets_the_arabic_demo_alone() {
    let site = site_with_search().await;
    let loaded = demo(&site).await;
    // The Arabic demo as it always was: no other edition's story is stored, so
    // none weighs in the search's statistics or the related stories.
    assert_eq!(paths(&loaded, "/ar/news/").len(), 27);
    assert_eq!(loaded.len(), 27);
    indexed(&site, Language::Arabic, "أوبك").await;
    for path in ["/en/", "/fa/feed.rss", "/sitemaps/news-en.xml"] {
        assert_eq!(site.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }

    let index = site.get("/sitemap.xml").await;
    let sitemaps: Vec<String> = index
        .body
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .map(|url| url.replace("http://localhost", ""))
        .collect();
    assert!(
        sitemaps.iter().any(|s| s.contains("articles")),
        "{sitemaps:?}"
    );
    // The Arabic OPEC story has an English version, not shown either.
    let opec = paths(&loaded, "/ar/news/")[1];
    let search = |q: &str| format!("/search?q={}", percent_encode_segment(q));
    let pages = [
        "/",
        "/ar/latest",
        "/ar/most-read",
        "/ar/section/economy",
        "/ar/section/economy/feed.rss",
        "/feed.rss",
        "/feed.atom",
        opec,
    ]
    .map(String::from)
    .into_iter()
    .chain(sitemaps)
    .chain([search(ENGLISH_ONLY), search(PERSIAN_ONLY), search("OPEC")]);
    for page in pages {
        let reply = site.get(&page).await;
        assert_eq!(reply.status, StatusCode::OK, "{page}");
        for unseen in [
            "/en/",
            "/fa/",
            "hreflang=\"en\"",
            ENGLISH_OPEC,
            PERSIAN_HEADLINE,
        ] {
            assert!(!reply.body.contains(unseen), "{unseen} on {page}");
        }
    }
    // The Arabic edition is as it was: its sections by their Arabic names.
    let front = site.get("/").await;
    assert!(front.body.contains(">اقتصاد</a>"));
    assert!(front.body.contains(">علوم وتقنية</a>"));
}

#[tokio::test]
async fn with_the_editions_set_english_and_persian_readers_see_their_stories() {
    let site = site_with_editions(false).await;
    let loaded = demo(&site).await;
    let english = site.get("/en/").await;
    assert_eq!(english.status, StatusCode::OK);
    assert!(english.body.contains("/en/news/"));
    assert!(!english.body.contains("/ar/news/"));
    assert!(english.body.contains("class=\"lead-story"));
    assert!(
        english
            .body
            .contains("<a href=\"/en/section/technology\">Science and Technology</a>"),
        "{}",
        english.body
    );
    assert!(english.body.contains("alt=\"Illustration of"));
    // Their views rank a "most read" of the edition's own.
    assert!(english.body.contains("<ol class=\"ranked\">"));
    let persian = site.get("/fa/").await;
    assert_eq!(persian.status, StatusCode::OK);
    assert!(persian.body.contains("/fa/news/"));
    assert!(!persian.body.contains("/en/news/"));
    assert!(
        persian
            .body
            .contains("<a href=\"/fa/section/economy\">اقتصاد</a>")
    );
    assert!(persian.body.contains("alt=\"طرحی از"));
    // Each story is at its address, the sections list their edition's.
    for path in paths(&loaded, "/en/")
        .into_iter()
        .chain(paths(&loaded, "/fa/"))
    {
        assert_eq!(site.get(path).await.status, StatusCode::OK, "{path}");
    }
    let section = site.get("/fa/section/culture").await;
    assert!(section.body.contains("نمایشگاه بین المللی کتاب تهران"));
    assert!(!section.body.contains("/ar/news/"));
    assert!(site.get("/en/feed.rss").await.body.contains("/en/news/"));

    // The same event in two editions is linked; each page points to the other.
    let arabic_opec = paths(&loaded, "/ar/news/")[1];
    let english_opec = site.get(arabic_opec).await;
    let to_english = english_opec
        .body
        .split("hreflang=\"en\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the Arabic OPEC story names its English version");
    let english_page = site.get(&to_english.replace("http://localhost", "")).await;
    assert!(english_page.body.contains(ENGLISH_OPEC));
    assert!(english_page.body.contains("hreflang=\"ar\""));
}
