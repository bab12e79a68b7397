//! The reader's search page over a real index.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::{Site, collection, site_with_search, visible_text};
use nashir_core::slug::percent_encode_segment;

async fn search(site: &Site, params: &str) -> common::Reply {
    site.get(&format!("/search?{params}")).await
}

fn q(query: &str) -> String {
    format!("q={}", percent_encode_segment(query))
}

/// Polls until `query` finds `needle` in the results; returns how long it took.
async fn wait_until_found(site: &Site, query: &str, needle: &str) -> Duration {
    let started = Instant::now();
    loop {
        let page = search(site, &q(query)).await;
        if page.body.contains(needle) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "«{query}» never found «{needle}»"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The search collection, imported and indexed. The index applies the change log
/// in order, so once the last article imported is found, every one before it is in.
async fn site_with_collection() -> Site {
    let site = site_with_search().await;
    let mut last = String::new();
    for (name, bytes) in collection() {
        site.import(&name, &bytes).await;
        last = nashir_core::import::parse_reference_text(&bytes)
            .unwrap()
            .title;
    }
    let words: Vec<&str> = last.split_whitespace().take(3).collect();
    wait_until_found(&site, &format!("\"{}\"", words.join(" ")), "result-title").await;
    site
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn published_and_edited_articles_are_searchable_within_a_second() {
    let site = site_with_search().await;
    let text = "التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025\nمهرجان الزيتون في جرش\nانطلق المهرجان السنوي.\n";
    site.import("olive", text.as_bytes()).await;
    let took = wait_until_found(&site, "الزيتون", "مهرجان").await;
    assert!(took < Duration::from_secs(1), "took {took:?}");

    let edited = text.replace("الزيتون", "الرمان");
    site.import("olive", edited.as_bytes()).await;
    let took = wait_until_found(&site, "الرمان", "مهرجان").await;
    assert!(took < Duration::from_secs(1), "took {took:?}");
    let old = search(&site, &q("الزيتون")).await;
    assert!(old.body.contains("عدد النتائج: 0"), "the old word is gone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_highlight_the_original_spelling() {
    let site = site_with_collection().await;
    let page = search(&site, &q("الحكومه")).await;
    assert_eq!(page.status, StatusCode::OK);
    let marked: Vec<&str> = page
        .body
        .split("<mark>")
        .skip(1)
        .filter_map(|s| s.split("</mark>").next())
        .collect();
    assert!(!marked.is_empty(), "{}", page.body);
    for m in &marked {
        let word = nashir_core::analysis::normalize_word(m);
        assert_eq!(nashir_core::analysis::light10(&word), "حكوم", "{m}");
    }
    // The reader typed ه; the page shows the article's own ة.
    assert!(marked.iter().any(|m| m.contains('ة')), "{marked:?}");
    assert!(page.body.contains("class=\"result-title\""));
    assert!(
        page.body.contains("value=\"الحكومه\""),
        "the box keeps the query"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phrases_exclusions_filters_sorting_and_pages() {
    let site = site_with_collection().await;
    let all = search(&site, &q("في")).await;
    let text = visible_text(&all.body);
    let total: usize = text
        .split("عدد النتائج: ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(total > 10, "{total}");
    assert_eq!(all.body.matches("class=\"result\"").count(), 10);
    assert!(all.body.contains("rel=\"next\""));
    let page2 = search(&site, &format!("{}&page=2", q("في"))).await;
    assert_eq!(
        page2.body.matches("class=\"result\"").count(),
        (total - 10).min(10)
    );
    assert!(page2.body.contains("rel=\"prev\""));

    // Newest first: the dates of the results never increase.
    let newest = search(&site, &format!("{}&sort=newest", q("في"))).await;
    let dates: Vec<&str> = newest
        .body
        .split("<time datetime=\"")
        .skip(1)
        .map(|s| &s[..20])
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");

    // A date range: only 2025.
    let ranged = search(&site, &format!("{}&from=2025-01-01&to=2025-12-31", q("في"))).await;
    let years: Vec<&str> = ranged
        .body
        .split("<time datetime=\"")
        .skip(1)
        .map(|s| &s[..4])
        .collect();
    assert!(
        !years.is_empty() && years.iter().all(|y| *y == "2025"),
        "{years:?}"
    );

    let none = search(&site, &format!("{}&section=no-such", q("في"))).await;
    assert!(none.body.contains("عدد النتائج: 0"));

    let with = search(&site, &q("نفط")).await;
    let without = search(&site, &q("نفط -أوبك")).await;
    assert!(
        with.body.matches("class=\"result\"").count()
            > without.body.matches("class=\"result\"").count()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_queries_get_a_normal_page() {
    let site = site_with_collection().await;
    let long = "ا".repeat(10_000);
    let queries = [
        String::new(),
        "q=".into(),
        q(&long),
        q(&"كلمة ".repeat(2000)),
        q("!!! ؟؟؟ ... ،،،"),
        q("\"الحكومة"),
        q("\"\"\"\""),
        q("-"),
        q("-نفط"),
        q("\u{202E}نفط\u{2066}"),
        q("😀🔥 نفط"),
        q("<script>alert(1)</script>"),
        "q=%FF%FE".into(),
        "q=%".into(),
        "q=نفط&page=-5".into(),
        "q=نفط&page=99999999999999999999".into(),
        "q=نفط&from=yesterday&to=2025-13-45".into(),
        "q=نفط&sort=sideways&section=%00".into(),
        "&&&==&q".into(),
    ];
    for params in &queries {
        let page = search(&site, params).await;
        assert_eq!(page.status, StatusCode::OK, "{params}: {}", page.body);
        assert!(
            page.body.contains("<form class=\"search-form\""),
            "{params}"
        );
        assert!(!page.body.contains("<script>alert"), "{params}");
    }
}

#[tokio::test]
async fn every_page_has_a_search_box() {
    let site = common::site().await;
    site.import("ref", common::REFERENCE).await;
    for uri in ["/", "/no-such-page"] {
        let page = site.get(uri).await;
        assert!(
            page.body
                .contains("class=\"header-search\" role=\"search\""),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn a_site_without_an_index_says_search_is_unavailable() {
    let site = common::site().await;
    let page = search(&site, &q("نفط")).await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.body.contains("البحث غير متاح حالياً"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_pages_carry_validators() {
    let site = site_with_search().await;
    let text = "التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025\nمهرجان الزيتون في جرش\nانطلق المهرجان السنوي.\n";
    site.import("olive", text.as_bytes()).await;
    wait_until_found(&site, "الزيتون", "مهرجان").await;
    let page = search(&site, &q("الزيتون")).await;
    let etag = page.headers[axum::http::header::ETAG]
        .to_str()
        .unwrap()
        .to_string();
    let again = site
        .request(
            axum::http::Request::get(format!("/search?{}", q("الزيتون")))
                .header(axum::http::header::IF_NONE_MATCH, &etag)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_that_finds_nothing_offers_what_the_reader_meant() {
    let site = site_with_collection().await;
    let page = search(&site, &q("الحكمومة")).await;
    assert!(page.body.contains("عدد النتائج: 0"));
    let offer = page
        .body
        .split("class=\"did-you-mean\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no offer: {}", page.body));
    // The index's word, in the articles' spelling (ة, not the folded ه).
    assert!(offer.contains(">الحكومة</a>"), "{offer}");
    let href = offer
        .split("href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let href = href.replace("&amp;", "&");
    let meant = site.get(&href).await;
    assert!(!meant.body.contains("عدد النتائج: 0"), "{href}");
    assert!(meant.body.contains("class=\"result-title\""));
    // A query that finds something, or nothing near anything, offers nothing.
    for query in ["الحكومة", "قثغفقثغف"] {
        assert!(
            !search(&site, &q(query)).await.body.contains("did-you-mean"),
            "{query}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suggestions_answer_as_the_reader_types() {
    let site = site_with_collection().await;
    let suggest = |params: String| {
        let site = &site;
        async move {
            let reply = site.get(&format!("/search/suggest?{params}")).await;
            assert_eq!(reply.status, StatusCode::OK, "{params}");
            assert_eq!(reply.headers["content-type"], "application/json");
            let json: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
            json["items"].as_array().unwrap().clone()
        }
    };
    let items = suggest(q("البنك المر")).await;
    assert!(!items.is_empty() && items.len() <= 8, "{items:?}");
    assert!(
        items
            .iter()
            .any(|i| i["title"].as_str().unwrap().contains("البنك المركزي"))
    );
    for item in &items {
        let url = item["url"].as_str().unwrap();
        assert!(
            url.starts_with(&format!("/ar/news/{}/", item["id"])),
            "{url}"
        );
        assert_eq!(site.get(url).await.status, StatusCode::OK);
    }
    // Too short, nothing typed, no match, hostile length: an empty list, never an error.
    assert!(suggest(q("ا")).await.is_empty());
    assert!(suggest(String::new()).await.is_empty());
    assert!(suggest(q("قثغفق")).await.is_empty());
    suggest(q(&"البنك ".repeat(600))).await;
    // The page carries the script; the box is a plain form without it.
    let home = site.get("/").await;
    assert!(
        home.body.contains("/assets/suggest."),
        "the script is linked"
    );
    assert!(home.body.contains("action=\"/search\""));
}
