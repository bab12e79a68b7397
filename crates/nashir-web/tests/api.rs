//! The content API: JSON over the same store, cache and freshness as the pages.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{editor, post_as, site, site_with_search};
use nashir_core::permissions::Role;

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn articles_page_with_cursors_and_filter() {
    let site = site().await;
    for (key, text) in common::collection().into_iter().take(23) {
        site.app
            .import_reference(&key, &text, "news")
            .await
            .unwrap();
    }
    let first = site.get("/api/v1/articles").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.headers[header::CONTENT_TYPE], "application/json");
    let page = json(&first.body);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 20);
    assert_eq!(items[0]["edition"], "ar");
    assert!(items[0]["url"].as_str().unwrap().starts_with("/ar/news/"));
    let next = page["next"].as_str().unwrap();
    let second = json(
        &site
            .get(&format!("/api/v1/articles?cursor={next}"))
            .await
            .body,
    );
    let more = second["items"].as_array().unwrap();
    assert_eq!(more.len(), 3);
    assert!(second.get("next").is_none(), "the last page has no next");
    let ids: std::collections::HashSet<i64> = items
        .iter()
        .chain(more)
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 23, "no article twice, none missed");

    let unknown = site.get("/api/v1/articles?section=nowhere").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.headers[header::CONTENT_TYPE],
        "application/problem+json"
    );
    let problem = json(&unknown.body);
    assert_eq!(
        (problem["status"].as_i64(), problem["title_en"].as_str()),
        (Some(404), Some("Not found"))
    );
    assert!(
        !problem["title"].as_str().unwrap().is_ascii(),
        "an Arabic title"
    );
    for bad in ["since=yesterday", "cursor=abc"] {
        let reply = site.get(&format!("/api/v1/articles?{bad}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let recent = json(
        &site
            .get("/api/v1/articles?since=2030-01-01T00:00:00Z")
            .await
            .body,
    );
    assert!(recent["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn an_article_whole_cached_and_revalidated_for_any_origin() {
    let site = site().await;
    let story = site.import("ref", common::REFERENCE).await;
    let path = format!("/api/v1/articles/{}", story.id);
    let request = |etag: Option<&str>| {
        let mut r = Request::get(&path).header(header::ORIGIN, "https://app.example");
        if let Some(tag) = etag {
            r = r.header(header::IF_NONE_MATCH, tag);
        }
        r.body(Body::empty()).unwrap()
    };
    let reply = site.request(request(None)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    let a = json(&reply.body);
    assert_eq!(a["id"].as_i64(), Some(story.id.0));
    assert_eq!(a["status"], "published");
    assert_eq!(a["section"], "news");
    assert!(
        a["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["type"] == "heading")
    );
    assert!(a["html"].as_str().unwrap().contains("<h2>"));
    assert_eq!(a["revision"].as_i64(), Some(1));
    assert!(a["published_at"].as_str().unwrap().ends_with('Z'));
    let etag = reply.headers[header::ETAG].to_str().unwrap().to_string();
    let again = site.request(request(Some(&etag))).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(site.get(&path).await.headers["x-cache"], "hit");

    // A correction reaches the API at once (the page cache follows the change log).
    let me = editor(&site, Role::Editor).await;
    let edit = format!("/admin/articles/{}", story.id);
    let fields = [
        ("title", "عنوان مصحح"),
        ("lead", "مقدمة"),
        ("body", "فقرة."),
        ("section", "news"),
        ("action", "correction"),
        ("correction_note", "صُحّح العنوان."),
    ];
    assert_eq!(
        post_as(&site, &me, &edit, &fields).await.status,
        StatusCode::SEE_OTHER
    );
    let a = json(&site.get(&path).await.body);
    assert_eq!(a["title"], "عنوان مصحح");
    assert_eq!(a["corrections"][0]["note"], "صُحّح العنوان.");

    post_as(
        &site,
        &me,
        &edit,
        &[("title", "x"), ("section", "news"), ("action", "unpublish")],
    )
    .await;
    assert_eq!(
        site.get(&path).await.status,
        StatusCode::NOT_FOUND,
        "published articles only"
    );
    assert_eq!(
        site.get("/api/v1/articles/abc").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn taxonomy_search_and_the_description() {
    let site = site_with_search().await;
    for (key, text) in common::collection().into_iter().take(5) {
        site.app
            .import_reference(&key, &text, "news")
            .await
            .unwrap();
    }
    let sections = json(&site.get("/api/v1/sections").await.body);
    assert!(
        sections["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["slug"] == "news")
    );
    assert_eq!(site.get("/api/v1/tags").await.status, StatusCode::OK);
    assert_eq!(site.get("/api/v1/authors").await.status, StatusCode::OK);
    site.app.search.as_ref().unwrap().changed();
    let title = json(&site.get("/api/v1/articles").await.body)["items"][0]["title"]
        .as_str()
        .unwrap()
        .to_string();
    let word = title
        .split_whitespace()
        .max_by_key(|w| w.chars().count())
        .unwrap()
        .to_string();
    let mut found = serde_json::Value::Null;
    for _ in 0..50 {
        let q = nashir_core::slug::percent_encode_segment(&word);
        found = json(&site.get(&format!("/api/v1/search?q={q}")).await.body);
        if found["total"].as_u64().unwrap_or(0) > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(found["total"].as_u64().unwrap() >= 1, "{found}");
    assert!(found["items"][0]["snippet"].as_str().is_some());

    let doc = json(&site.get("/api/v1/openapi.json").await.body);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/articles",
        "/api/v1/articles/{id}",
        "/api/v1/sections",
        "/api/v1/search",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is described");
    }
}

#[tokio::test]
async fn articles_filtered_by_tag_and_by_author() {
    let site = site().await;
    let mut ids = Vec::new();
    for (key, text) in common::collection().into_iter().take(4) {
        let done = site
            .app
            .import_reference(&key, &text, "news")
            .await
            .unwrap();
        ids.push(done.id);
    }
    let now = jiff::Timestamp::now();
    let oil = site.store.upsert_tag("oil", "نفط").await.unwrap();
    for id in &ids[..2] {
        site.store
            .set_article_tags(*id, &[oil.id], now)
            .await
            .unwrap();
    }
    let sara = site.store.upsert_author("sara", "سارة", "").await.unwrap();
    for id in &ids[1..3] {
        site.store
            .set_article_authors(*id, &[sara.id], now)
            .await
            .unwrap();
    }
    let listed = |query: &'static str| {
        let site = &site;
        async move {
            let reply = site.get(&format!("/api/v1/articles?{query}")).await;
            assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.body);
            let mut got: Vec<i64> = json(&reply.body)["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].as_i64().unwrap())
                .collect();
            got.sort();
            got
        }
    };
    let want = |range: &[nashir_core::ArticleId]| {
        let mut ids: Vec<i64> = range.iter().map(|id| id.0).collect();
        ids.sort();
        ids
    };
    assert_eq!(listed("tag=oil").await, want(&ids[..2]));
    assert_eq!(listed("author=sara").await, want(&ids[1..3]));
    assert_eq!(listed("tag=oil&author=sara").await, want(&ids[1..2]));
    assert_eq!(listed("").await.len(), 4);
    for unknown in ["tag=gold", "author=nobody"] {
        let reply = site.get(&format!("/api/v1/articles?{unknown}")).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{unknown}");
    }
}
