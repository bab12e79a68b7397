//! The reader site around the article: front page, lists, feeds, sitemaps, metadata.

mod common;

use axum::http::StatusCode;
use common::{Site, site, visible_text};
use nashir_core::slug::{article_href, percent_encode_segment};

async fn demo_site() -> Site {
    let site = site().await;
    // The demo is dated 2023–2025; the fixed clock stands in early 2026.
    nashir_demo::load(&site.app).await.unwrap();
    site
}

fn hrefs<'a>(html: &'a str, prefix: &str) -> Vec<&'a str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| h.starts_with(prefix))
        .collect()
}

#[tokio::test]
async fn front_page_has_a_lead_story_latest_news_and_section_blocks() {
    let site = demo_site().await;
    let home = site.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert_eq!(home.body.matches("<h1").count(), 1, "one h1");
    // The newest article leads: the demo's newest is 20 May 2025.
    let lead = home.body.split("class=\"lead-story").nth(1).unwrap();
    let lead = lead.split("</section>").next().unwrap();
    assert!(lead.contains("المدفوعات الرقمية"), "{lead}");
    // Image-led: the lead's picture is fetched first, at a size for its column,
    // with its alternative text; every card below has a lazy thumbnail.
    let lead_image = lead.split("<img").nth(1).expect("a lead image");
    assert!(
        lead_image.contains("fetchpriority=\"high\""),
        "{lead_image}"
    );
    assert!(lead_image.contains("alt=\"رسم توضيحي"), "{lead_image}");
    assert!(
        lead_image.contains(" 1200w"),
        "the full width is offered: {lead_image}"
    );
    let latest = home.body.split("class=\"teasers cards\"").nth(1).unwrap();
    let latest = latest.split("</ol>").next().unwrap();
    assert_eq!(
        latest.matches("<img class=\"thumb\"").count(),
        latest.matches("<li class=\"teaser").count(),
        "a thumbnail per card"
    );
    assert!(latest.contains("loading=\"lazy\""));
    // Most read is ranked; each section block leads with one picture.
    assert!(home.body.contains("<ol class=\"ranked\">"));
    let block = home.body.split("class=\"section-block\"").nth(1).unwrap();
    let block = block.split("</section>").next().unwrap();
    assert_eq!(block.matches("<img").count(), 1, "{block}");
    for section in ["اقتصاد", "رياضة", "ثقافة", "سياسة"] {
        assert!(
            home.body.contains(&format!("\">{section}</a></h2>")),
            "block for {section}"
        );
    }
    assert!(home.body.contains("href=\"/ar/latest?before="), "more link");
    // The section navigation is in the header of every page.
    assert!(home.body.contains("<nav class=\"site-nav\""));
}

#[tokio::test]
async fn section_tag_author_and_archive_pages() {
    let site = demo_site().await;
    let sport = site.get("/ar/section/sport").await;
    assert_eq!(sport.status, StatusCode::OK);
    assert!(sport.body.contains("<h1 class=\"page-title\">رياضة</h1>"));
    assert_eq!(sport.body.matches("<li class=\"teaser").count(), 4);
    assert!(
        sport.body.contains("href=\"/ar/section/sport/feed.rss\""),
        "section feed link"
    );

    let tag = site.get(&format!("/ar/tag/{}", "football")).await;
    assert!(tag.body.contains("وسم: كرة القدم"));
    assert_eq!(tag.body.matches("<li class=\"teaser").count(), 3);

    let author = site.get("/ar/author/karim-haddad").await;
    assert!(author.body.contains("كريم حداد"));
    assert!(author.body.contains("صحفي رياضي يتابع كرة القدم"), "bio");
    assert!(
        author.body.contains("alt=\"صورة رمزية لـكريم حداد\""),
        "photo"
    );
    assert_eq!(author.body.matches("<li class=\"teaser").count(), 3);

    // January 2025 holds two demo articles; 8 January one (the reference).
    let month = site.get("/ar/archive/2025/01").await;
    assert!(
        month.body.contains("أرشيف يناير 2025"),
        "{}",
        visible_text(&month.body)
    );
    assert_eq!(month.body.matches("<li class=\"teaser").count(), 2);
    let day = site.get("/ar/archive/2025/01/08").await;
    assert!(day.body.contains("أرشيف الأربعاء, يناير 8, 2025"));
    assert_eq!(day.body.matches("<li class=\"teaser").count(), 1);

    for missing in [
        "/ar/section/nope",
        "/ar/tag/nope",
        "/ar/author/nope",
        "/ar/archive/2025/13",
        "/ar/archive/2025/02/30",
        "/ar/archive/x/01",
        "/ar/archive/99999/01",
        "/ar/latest?before=1.1",
    ] {
        let reply = site.get(missing).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{missing}");
        assert!(reply.body.contains("الصفحة غير موجودة"), "{missing}");
    }
}

#[tokio::test]
async fn article_pages_link_their_section_tags_and_authors() {
    let site = demo_site().await;
    let home = site.get("/ar/author/karim-haddad").await;
    let link = hrefs(&home.body, "/ar/news/")[0].to_string();
    let page = site.get(&link).await;
    assert!(page.body.contains("rel=\"author\">كريم حداد</a>"));
    assert!(page.body.contains("href=\"/ar/section/sport\">رياضة</a>"));
    assert!(page.body.contains("rel=\"tag\">كرة القدم</a>"));
    assert!(page.body.contains("https://wa.me/?text="), "share links");
    // Icon buttons, named for screen readers; the icon itself is hidden from them.
    let share = page.body.split("<nav class=\"share\"").nth(1).unwrap();
    let share = share.split("</nav>").next().unwrap();
    assert_eq!(
        share.matches("aria-label=\"شارك عبر ").count(),
        5,
        "{share}"
    );
    assert_eq!(share.matches("<svg").count(), 5);
    assert_eq!(share.matches("aria-hidden=\"true\"").count(), 5);
}

#[tokio::test]
async fn lists_page_with_stable_cursors() {
    let site = demo_site().await;
    let first = site.get("/ar/latest").await;
    assert_eq!(first.body.matches("<li class=\"teaser").count(), 20);
    assert!(!first.body.contains("rel=\"prev\""));
    let next = hrefs(&first.body, "/ar/latest?before=")[0].replace("&amp;", "&");
    let second = site.get(&next).await;
    assert_eq!(
        second.body.matches("<li class=\"teaser").count(),
        7,
        "27 demo articles"
    );
    // A newly published article does not move page two.
    let text = "التحديث الاخير بتاريخ|الأربعاء, ديسمبر 31, 2025\nخبر جديد تماماً\nمقدمة\n";
    site.import("new", text.as_bytes()).await;
    let again = site.get(&next).await;
    assert_eq!(
        visible_text(&again.body).split("كل الأخبار").nth(2),
        visible_text(&second.body).split("كل الأخبار").nth(2)
    );
    let back = hrefs(&second.body, "/ar/latest?after=")[0].replace("&amp;", "&");
    let newer = site.get(&back).await;
    assert_eq!(newer.body.matches("<li class=\"teaser").count(), 20);
    assert!(
        newer.body.contains("rel=\"prev\""),
        "the new article is above page one now"
    );
}

#[tokio::test]
async fn feeds_parse_with_a_real_feed_parser() {
    let site = demo_site().await;
    for (uri, expected_entries) in [
        ("/feed.rss", 20),
        ("/feed.atom", 20),
        ("/ar/section/sport/feed.rss", 4),
        ("/ar/section/sport/feed.atom", 4),
    ] {
        let reply = site.get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        let feed =
            feed_rs::parser::parse(reply.body.as_bytes()).unwrap_or_else(|e| panic!("{uri}: {e}"));
        assert_eq!(feed.entries.len(), expected_entries, "{uri}");
        let first = &feed.entries[0];
        assert!(
            first
                .title
                .as_ref()
                .unwrap()
                .content
                .chars()
                .any(|c| ('\u{0621}'..='\u{064A}').contains(&c))
        );
        assert!(first.published.is_some(), "{uri}: dates parse");
        let content = first
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap_or_default();
        assert!(content.contains("<p>"), "{uri}: full HTML content");
        assert!(
            first.links[0].href.starts_with("http://localhost/ar/news/"),
            "{uri}"
        );
        // Every entry has an author (the byline, else the site) and a category.
        for e in &feed.entries {
            assert!(!e.authors.is_empty(), "{uri}: an entry without an author");
            assert!(
                !e.categories.is_empty(),
                "{uri}: an entry without a category"
            );
        }
        // The site's feeds hold wire stories (no byline); every sport story has one.
        let unsigned = feed
            .entries
            .iter()
            .filter(|e| e.authors.iter().any(|a| a.name.as_deref() == Some("ناشر")))
            .count();
        if uri.starts_with("/feed.") {
            assert!(
                unsigned > 0,
                "{uri}: articles without a byline carry the site's name"
            );
        } else {
            assert_eq!(unsigned, 0, "{uri}: bylines are the authors'");
        }
        // Newest first.
        let dates: Vec<_> = feed.entries.iter().map(|e| e.published.unwrap()).collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{uri}");
    }
    let rss = site.get("/feed.rss").await;
    assert!(
        rss.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/rss+xml")
    );
    assert!(
        rss.body
            .contains("<pubDate>Tue, 20 May 2025 12:00:00 +0000</pubDate>"),
        "RFC 822 dates"
    );
    let atom = site.get("/feed.atom").await;
    assert!(
        atom.body
            .contains("<published>2025-05-20T12:00:00Z</published>"),
        "RFC 3339 dates"
    );
    // Every page advertises the feeds.
    let home = site.get("/").await;
    assert!(
        home.body
            .contains("<link rel=\"alternate\" type=\"application/rss+xml\"")
    );
    assert!(
        home.body
            .contains("<link rel=\"alternate\" type=\"application/atom+xml\"")
    );
}

#[tokio::test]
async fn sitemaps_and_robots() {
    let site = demo_site().await;
    let index = site.get("/sitemap.xml").await;
    assert!(index.body.contains("<sitemapindex"));
    assert!(
        index
            .body
            .contains("<loc>http://localhost/sitemaps/articles-1.xml</loc>")
    );
    assert!(!index.body.contains("articles-2.xml"));
    let articles = site.get("/sitemaps/articles-1.xml").await;
    assert_eq!(articles.body.matches("<url>").count(), 27);
    assert!(articles.body.contains("<lastmod>"));
    assert_eq!(
        site.get("/sitemaps/articles-2.xml").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        site.get("/sitemaps/articles-0.xml").await.status,
        StatusCode::NOT_FOUND
    );
    let pages = site.get("/sitemaps/pages.xml").await;
    assert!(
        pages
            .body
            .contains("<loc>http://localhost/ar/section/sport</loc>")
    );

    // lastmod is when the article was last updated (its dateModified), not when
    // it was imported (the fixed clock's now).
    assert!(
        articles
            .body
            .contains("<lastmod>2025-05-20T12:00:00Z</lastmod>")
    );
    assert!(!articles.body.contains("<lastmod>2026-01-01"));

    // News sitemap: the last 48 hours only (the fixed clock stands months later).
    // With no news it is not a page (an empty <urlset> breaks the schema), and the
    // index leaves it out.
    assert_eq!(
        site.get("/sitemaps/news.xml").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!index.body.contains("news.xml"));
    let fresh = demo_site().await;
    fresh.set_now("2025-05-21T00:00:00Z");
    assert!(
        fresh
            .get("/sitemap.xml")
            .await
            .body
            .contains("/sitemaps/news.xml")
    );
    let news = fresh.get("/sitemaps/news.xml").await;
    assert_eq!(news.body.matches("<url>").count(), 1, "{}", news.body);
    assert!(news.body.contains("<news:language>ar</news:language>"));
    assert!(news.body.contains("<news:title>المدفوعات الرقمية"));

    let robots = site.get("/robots.txt").await;
    assert!(
        robots
            .body
            .contains("Sitemap: http://localhost/sitemap.xml")
    );
    assert!(robots.body.contains("Disallow: /admin"));
}

#[tokio::test]
async fn article_metadata_for_search_engines_and_sharing() {
    let site = site().await;
    let imported = site.import("ref", common::REFERENCE).await;
    let slug = imported.path.rsplit('/').next().unwrap();
    let page = site
        .get(&article_href(
            nashir_core::language::Language::Arabic,
            imported.id,
            slug,
        ))
        .await;
    let json = page
        .body
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("JSON-LD");
    let ld: serde_json::Value = serde_json::from_str(json).expect("valid JSON-LD");
    assert_eq!(ld["@type"], "NewsArticle");
    assert!(
        ld["headline"]
            .as_str()
            .unwrap()
            .starts_with("العراق والتعاون العسكري")
    );
    assert_eq!(ld["datePublished"], "2025-01-08T12:00:00Z");
    assert_eq!(ld["dateModified"], "2025-01-08T12:00:00Z");
    assert_eq!(ld["publisher"]["name"], "ناشر");
    assert!(ld["publisher"]["logo"]["url"].as_str().is_some());
    assert!(ld["author"].is_array());
    // No featured image and no social image set: no image claimed (never the
    // icon), and no empty keywords.
    assert!(ld.get("image").is_none(), "{ld}");
    assert!(ld.get("keywords").is_none(), "{ld}");
    assert!(!page.body.contains("og:image"));
    assert!(page.body.contains("max-image-preview:large"));
    let canonical = format!(
        "http://localhost/ar/news/1/{}",
        percent_encode_segment(slug)
    );
    assert!(
        page.body
            .contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">"))
    );
    assert!(
        page.body
            .contains("<meta property=\"og:type\" content=\"article\">")
    );
    assert!(
        page.body
            .contains("<meta property=\"og:locale\" content=\"ar_AR\">")
    );
    assert!(
        page.body
            .contains("<meta name=\"twitter:card\" content=\"summary\">")
    );
}

#[tokio::test]
async fn the_social_image_stands_in_for_a_missing_featured_image() {
    let site = common::site_with(nashir_app::SiteSettings {
        social_image: Some("/social.png".into()),
        logo: Some("https://cdn.example/logo.png".into()),
        corrections_policy: Some("/ar/corrections".into()),
        ..nashir_app::SiteSettings::default()
    })
    .await;
    let imported = site.import("ref", common::REFERENCE).await;
    let slug = imported.path.rsplit('/').next().unwrap();
    let page = site
        .get(&article_href(
            nashir_core::language::Language::Arabic,
            imported.id,
            slug,
        ))
        .await;
    assert!(
        page.body
            .contains("<meta property=\"og:image\" content=\"http://localhost/social.png\">")
    );
    assert!(
        page.body
            .contains("\"image\":[\"http://localhost/social.png\"]")
    );
    assert!(
        page.body
            .contains("\"url\":\"https://cdn.example/logo.png\"")
    );
    let ld = page.body.split("application/ld+json\">").nth(1).unwrap();
    let ld = ld.split("</script>").next().unwrap();
    assert!(
        !ld.contains("favicon"),
        "the icon is no article image: {ld}"
    );
    assert!(
        ld.contains("\"correctionsPolicy\":\"http://localhost/ar/corrections\""),
        "the publisher names its corrections policy: {ld}"
    );
}

#[tokio::test]
async fn every_public_page_has_a_description_a_canonical_and_the_section_menu() {
    let site = demo_site().await;
    let article = hrefs(&site.get("/").await.body, "/ar/news/")[0].to_string();
    for path in [
        "/",
        "/ar/latest",
        "/ar/most-read",
        "/ar/most-read?window=week",
        "/ar/corrections",
        "/ar/section/economy",
        "/ar/tag/oil",
        article.as_str(),
    ] {
        let page = site.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            page.body.contains("<meta name=\"description\" content=\""),
            "{path}"
        );
        let canonical = format!("<link rel=\"canonical\" href=\"http://localhost{path}");
        let canonical = canonical.split('?').next().unwrap().to_string();
        assert!(page.body.contains(&canonical), "{path}");
        assert!(
            page.body.contains("class=\"site-nav\""),
            "{path}: section menu"
        );
    }
    let search = site.get("/search?q=النفط").await;
    assert!(search.body.contains("class=\"site-nav\""));
    // The readers' form pages are no search results.
    for form in ["comment", "send"] {
        let page = site.get(&format!("{article}/{form}")).await;
        assert!(
            page.body
                .contains("<meta name=\"robots\" content=\"noindex, follow\">")
        );
        assert!(page.body.contains("class=\"site-nav\""));
    }
}

#[tokio::test]
async fn headlines_cannot_break_out_of_json_ld() {
    let site = site().await;
    let text = "التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025\nعنوان </script><script>alert(1)</script>\nمقدمة\n";
    let imported = site.import("x", text.as_bytes()).await;
    let slug = imported.path.rsplit('/').next().unwrap();
    let page = site
        .get(&article_href(
            nashir_core::language::Language::Arabic,
            imported.id,
            slug,
        ))
        .await;
    assert!(!page.body.contains("<script>alert(1)"), "{}", page.body);
    // Every </script> closes one of the page's own scripts (JSON-LD, suggest.js, print.js).
    assert_eq!(
        page.body.matches("</script>").count(),
        page.body.matches("<script").count()
    );
    assert_eq!(page.body.matches("application/ld+json").count(), 1);
}

#[tokio::test]
async fn a_broken_database_gets_an_arabic_500_page() {
    let site = site().await;
    sqlx::query("DROP TABLE article_views")
        .execute(site.db.pool())
        .await
        .unwrap();
    let reply = site.get("/ar/most-read").await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(reply.body.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(reply.body.contains("حدث خطأ في الخادم"));
    assert!(!reply.body.contains("no such table"), "no internals leak");
}
