//! Editions (issue 16): each publishes under its prefix its own front page,
//! lists, sections, feeds, news sitemap, most read and search; an article
//! lives in one edition and links its translations.

mod common;

use axum::http::{StatusCode, header};
use common::{REFERENCE, Site, site, site_with_editions};
use nashir_app::translations::TranslationError;
use nashir_core::ArticleId;
use nashir_i18n::Language;

const ENGLISH: &[u8] = include_bytes!("../../../testdata/editions/en/cairo-metro-line.txt");
const ENGLISH_TOO: &[u8] =
    include_bytes!("../../../testdata/editions/en/gulf-desalination-solar.txt");
const PERSIAN: &[u8] = include_bytes!("../../../testdata/editions/fa/tehran-metro-line.txt");

const ARABIC_TITLE: &str = "العراق والتعاون العسكري مع روسيا";
const ENGLISH_TITLE: &str = "Cairo opens the last stations of its third metro line";
const ENGLISH_SLUG: &str = "/en/news/2/cairo-opens-the-last-stations";

struct Stories {
    arabic: nashir_app::Imported,
    english: nashir_app::Imported,
    persian: nashir_app::Imported,
}

async fn three_editions() -> (Site, Stories) {
    let site = site_with_editions(false).await;
    // The day after the files' date: their stories are news.
    site.set_now("2025-01-09T09:00:00Z");
    let stories = Stories {
        arabic: site.import("ref", REFERENCE).await,
        english: site.import_in(Language::English, "en", ENGLISH).await,
        persian: site.import_in(Language::Persian, "fa", PERSIAN).await,
    };
    (site, stories)
}

fn location(reply: &common::Reply) -> &str {
    reply
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn each_edition_has_its_front_page_lists_and_menu() {
    let (site, s) = three_editions().await;
    assert!(s.arabic.path.starts_with("/ar/news/"));
    assert!(s.english.path.starts_with("/en/news/"));
    assert!(s.persian.path.starts_with("/fa/news/"));

    let arabic = site.get("/").await;
    assert!(arabic.body.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(arabic.body.contains(ARABIC_TITLE));
    assert!(!arabic.body.contains(ENGLISH_TITLE), "{}", arabic.body);

    let english = site.get("/en/").await;
    assert_eq!(english.status, StatusCode::OK);
    assert!(english.body.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(english.body.contains(ENGLISH_TITLE));
    assert!(!english.body.contains(ARABIC_TITLE));
    // Its own name, menu (the section by its English name), search and feeds.
    assert!(
        english
            .body
            .contains("<a class=\"brand\" href=\"/en/\">Nashir</a>")
    );
    assert!(
        english
            .body
            .contains("<a href=\"/en/section/news\">News</a>")
    );
    assert!(english.body.contains("action=\"/en/search\""));
    assert!(english.body.contains("href=\"/en/feed.rss\""));
    assert!(english.body.contains("href=\"/en/latest\""));

    let persian = site.get("/fa/").await;
    assert!(persian.body.contains("<html lang=\"fa\" dir=\"rtl\">"));
    assert!(
        persian
            .body
            .contains("<a href=\"/fa/section/news\">اخبار</a>")
    );

    // The bare prefix and the default edition's prefix lead to the front pages.
    assert_eq!(location(&site.get("/en").await), "/en/");
    assert_eq!(location(&site.get("/ar/").await), "/");

    let latest = site.get("/en/latest").await;
    assert!(latest.body.contains(ENGLISH_TITLE));
    assert!(!latest.body.contains(ARABIC_TITLE));
    let section = site.get("/en/section/news").await;
    assert!(
        section.body.contains("<h1 class=\"page-title\">News</h1>"),
        "{}",
        section.body
    );
    assert!(section.body.contains(ENGLISH_TITLE));
    assert!(!section.body.contains(ARABIC_TITLE));
    let arabic_section = site.get("/ar/section/news").await;
    assert!(arabic_section.body.contains(ARABIC_TITLE));
    assert!(!arabic_section.body.contains(ENGLISH_TITLE));
}

#[tokio::test]
async fn an_article_lives_in_its_own_edition() {
    let (site, s) = three_editions().await;
    let id = s.arabic.id.0;
    let elsewhere = site.get(&format!("/en/news/{id}/x")).await;
    assert_eq!(elsewhere.status, StatusCode::MOVED_PERMANENTLY);
    assert!(location(&elsewhere).starts_with(&format!("/ar/news/{id}/")));
    let by_number = site.get(&format!("/fa/news/{}", s.english.id.0)).await;
    assert!(location(&by_number).starts_with("/en/news/"));
    let page = site.get(&s.english.path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("href=\"/en/section/news\">News</a>"));
    let form = site.get(&format!("{}/comment", s.english.path)).await;
    let cookie = form
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("nashir_form="))
        .unwrap_or_default()
        .to_string();
    assert!(cookie.contains("Path=/en/news"), "{cookie}");
}

#[tokio::test]
async fn feeds_and_sitemaps_are_per_edition() {
    let (site, _) = three_editions().await;
    let english = site.get("/en/feed.rss").await;
    assert!(
        english.body.contains("<language>en</language>"),
        "{}",
        english.body
    );
    assert!(english.body.contains(ENGLISH_TITLE));
    assert!(!english.body.contains(ARABIC_TITLE));
    assert!(english.body.contains("/en/news/"));
    let arabic = site.get("/feed.rss").await;
    assert!(arabic.body.contains(ARABIC_TITLE));
    assert!(!arabic.body.contains(ENGLISH_TITLE));
    let section = site.get("/en/section/news/feed.atom").await;
    assert!(section.body.contains(ENGLISH_TITLE));
    assert!(!section.body.contains(ARABIC_TITLE));

    let index = site.get("/sitemap.xml").await;
    for news in [
        "/sitemaps/news.xml",
        "/sitemaps/news-en.xml",
        "/sitemaps/news-fa.xml",
    ] {
        assert!(index.body.contains(news), "{news} in {}", index.body);
    }
    let news = site.get("/sitemaps/news-en.xml").await;
    assert_eq!(news.status, StatusCode::OK);
    assert!(
        news.body.contains("<news:language>en</news:language>"),
        "{}",
        news.body
    );
    assert!(news.body.contains("<news:name>Nashir</news:name>"));
    assert!(news.body.contains("/en/news/"));
    assert!(!news.body.contains("/ar/news/"));
    let pages = site.get("/sitemaps/pages.xml").await;
    for page in ["/en/</loc>", "/fa/section/news</loc>", "/ar/latest</loc>"] {
        assert!(pages.body.contains(page), "{page} in {}", pages.body);
    }
    let robots = site.get("/robots.txt").await;
    assert!(robots.body.contains("Disallow: /en/search\n"));
}

#[tokio::test]
async fn most_read_counts_within_each_edition() {
    let (site, s) = three_editions().await;
    site.get(&s.english.path).await;
    site.get(&s.english.path).await;
    site.app.flush_views().await.unwrap();
    let english = site.get("/en/most-read").await;
    assert!(english.body.contains(ENGLISH_TITLE), "{}", english.body);
    let arabic = site.get("/ar/most-read").await;
    assert!(!arabic.body.contains(ENGLISH_TITLE));
}

#[tokio::test]
async fn an_edition_the_site_does_not_publish_is_not_there() {
    let site = site().await;
    site.import_in(Language::English, "en", ENGLISH).await;
    for path in [
        "/en/",
        "/en/latest",
        "/en/feed.rss",
        "/sitemaps/news-en.xml",
    ] {
        assert_eq!(site.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let front = site.get("/").await;
    assert!(!front.body.contains(ENGLISH_TITLE));
    let sitemap = site.get("/sitemaps/articles-1.xml").await;
    assert!(!sitemap.body.contains("/en/news/"), "{}", sitemap.body);
}

#[tokio::test]
async fn translations_point_to_each_other() {
    let (site, s) = three_editions().await;
    let origin = "http://localhost";
    site.app
        .link_translation(s.english.id, s.arabic.id)
        .await
        .unwrap();
    site.app
        .link_translation(s.persian.id, s.english.id)
        .await
        .unwrap();
    let urls = [
        format!("{origin}{}", encode_path(&s.arabic.path)),
        format!("{origin}{}", s.english.path),
        format!("{origin}{}", encode_path(&s.persian.path)),
    ];
    for (i, story) in [&s.arabic, &s.english, &s.persian].iter().enumerate() {
        let page = site.get(&encode_path(&story.path)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", story.path);
        // The same set on every page of the group, itself included.
        for (lang, url) in ["ar", "en", "fa"].iter().zip(&urls) {
            let link = format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{url}\">");
            assert!(page.body.contains(&link), "{link} in {}", page.body);
        }
        let default = format!(
            "<link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\">",
            urls[0]
        );
        assert!(page.body.contains(&default));
        // The switcher names the others in their own languages.
        let names = [("ar", "العربية"), ("en", "English"), ("fa", "فارسی")];
        for (j, (code, name)) in names.iter().enumerate() {
            let link = format!("hreflang=\"{code}\" lang=\"{code}\">{name}</a>");
            assert_eq!(page.body.contains(&link), i != j, "{link} on page {i}");
        }
    }
    // The Arabic article came first: the others are its translations.
    let english = site.get(&s.english.path).await;
    assert!(
        english.body.contains("\"translationOfWork\":{"),
        "{}",
        english.body
    );
    let arabic = site.get(&encode_path(&s.arabic.path)).await;
    assert!(arabic.body.contains("\"workTranslation\":["));
    // The article sitemap lists each with its alternates.
    let sitemap = site.get("/sitemaps/articles-1.xml").await;
    assert!(
        sitemap
            .body
            .contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"")
    );
    let alternate = format!(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{}\"/>",
        urls[1]
    );
    assert_eq!(
        sitemap.body.matches(&alternate).count(),
        3,
        "{}",
        sitemap.body
    );
}

#[tokio::test]
async fn a_translation_is_refused_in_its_original_s_language_or_twice() {
    let (site, s) = three_editions().await;
    let second = site.import_in(Language::English, "en2", ENGLISH_TOO).await;
    let same = site.app.link_translation(second.id, s.english.id).await;
    assert!(matches!(
        same,
        Err(TranslationError::SameLanguage(Language::English))
    ));
    let missing = site.app.link_translation(second.id, ArticleId(999)).await;
    assert!(matches!(
        missing,
        Err(TranslationError::NotFound(ArticleId(999)))
    ));
    site.app
        .link_translation(s.english.id, s.arabic.id)
        .await
        .unwrap();
    let twice = site.app.link_translation(second.id, s.arabic.id).await;
    assert!(matches!(
        twice,
        Err(TranslationError::Taken(Language::English))
    ));
    // The page still names the first English version only.
    let page = site.get(&encode_path(&s.arabic.path)).await;
    assert!(page.body.contains(&s.english.path));
    assert!(!page.body.contains(&second.path));
}

#[tokio::test]
async fn two_translations_linked_at_once_leave_one() {
    let (site, s) = three_editions().await;
    let second = site.import_in(Language::English, "en2", ENGLISH_TOO).await;
    let (a, b) = tokio::join!(
        site.app.link_translation(s.english.id, s.arabic.id),
        site.app.link_translation(second.id, s.arabic.id),
    );
    assert_eq!(
        [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "{a:?} {b:?}"
    );
    let page = site.get(&encode_path(&s.arabic.path)).await;
    let linked = [&s.english.path, &second.path]
        .iter()
        .filter(|p| page.body.contains(p.as_str()))
        .count();
    assert_eq!(linked, 1);
}

/// An imported path as a link writes it (its Arabic or Persian slug encoded).
fn encode_path(path: &str) -> String {
    let (head, slug) = path.rsplit_once('/').unwrap_or(("", path));
    format!("{head}/{}", nashir_core::slug::percent_encode_segment(slug))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_and_suggestions_stay_in_their_edition() {
    let site = site_with_editions(true).await;
    site.set_now("2025-01-09T09:00:00Z");
    site.import("ref", REFERENCE).await;
    site.import_in(Language::English, "en", ENGLISH).await;
    site.import_in(Language::Persian, "fa", PERSIAN).await;
    // The index catches up on its own task.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let english = loop {
        let page = site.get("/en/search?q=metro+stations").await;
        if page.body.contains(ENGLISH_SLUG) || std::time::Instant::now() > deadline {
            break page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(english.body.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(english.body.contains(ENGLISH_SLUG), "{}", english.body);
    // What matched is marked, by its analysis (the stem).
    let stemmed = site.get("/en/search?q=station").await;
    assert!(
        stemmed.body.contains("<mark>stations</mark>"),
        "{}",
        stemmed.body
    );
    let arabic = site.get("/search?q=metro").await;
    assert!(!arabic.body.contains(ENGLISH_SLUG));
    let persian = site.get("/fa/search?q=metro").await;
    assert!(!persian.body.contains(ENGLISH_SLUG));

    let suggest = site.get("/en/search/suggest?q=Cairo+met").await;
    let json: serde_json::Value = serde_json::from_str(&suggest.body).unwrap();
    assert_eq!(json["label"], "Search suggestions", "{json}");
    assert_eq!(json["status"], "One suggestion", "{json}");
    assert!(
        json["items"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("/en/news/")
    );
    let none = site.get("/search/suggest?q=Cairo+met").await;
    let json: serde_json::Value = serde_json::from_str(&none.body).unwrap();
    assert_eq!(json["items"].as_array().map(Vec::len), Some(0), "{json}");
    assert_eq!(json["label"], "اقتراحات البحث");
}
