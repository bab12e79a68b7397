//! Pages kept on disk behind the memory cache: read back as they were, and never
//! once something they show has changed, whoever wrote it.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Site, how, site_with_page_store, story};
use nashir_app::Clock;

async fn gzip(site: &Site, uri: &str) -> common::Reply {
    site.request(
        Request::get(uri)
            .header(header::ACCEPT_ENCODING, "gzip")
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// Another process's write, as another node makes it: this one learns of it
/// from the change log.
async fn write_elsewhere(site: &Site, sql: &str) {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(site.db.pool())
        .await
        .unwrap();
    site.app.changed().await;
}

#[tokio::test]
async fn a_page_comes_back_from_disk_the_same_until_what_it_shows_changes() {
    let site = site_with_page_store().await;
    let a = site.import("a", &story("خبر أول", "مقدمة أولى")).await;
    let first = gzip(&site, &a.path).await;
    assert_eq!((first.status, how(&first)), (StatusCode::OK, "miss"));
    // Memory keeps nothing here: the page comes from disk, byte for byte, with
    // the same validators.
    let again = gzip(&site, &a.path).await;
    assert_eq!(how(&again), "disk");
    assert!(again.raw == first.raw);
    assert_eq!(again.headers[header::ETAG], first.headers[header::ETAG]);
    assert_eq!(
        again.headers[header::LAST_MODIFIED],
        first.headers[header::LAST_MODIFIED]
    );
    assert_eq!(again.headers[header::CONTENT_ENCODING], "gzip");
    let plain = site.get(&a.path).await;
    assert_eq!(how(&plain), "disk");
    assert!(plain.body.contains("مقدمة أولى"));
    let etag = first.headers[header::ETAG].to_str().unwrap();
    let revalidated = site
        .request(
            Request::get(&a.path)
                .header(header::IF_NONE_MATCH, etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);

    // An edit: rendered again, never the stored copy.
    site.import("a", &story("خبر أول", "مقدمة معدلة")).await;
    let edited = site.get(&a.path).await;
    assert_eq!(how(&edited), "miss");
    assert!(edited.body.contains("مقدمة معدلة"));
    assert_eq!(how(&site.get(&a.path).await), "disk");
    // A change every page shows (a new section in the menu) reaches stored pages.
    site.store.upsert_section("sport", "رياضة").await.unwrap();
    site.app.changed().await;
    let menu = site.get(&a.path).await;
    assert_eq!(how(&menu), "miss");
    assert!(menu.body.contains("رياضة"));
}

#[tokio::test]
async fn a_related_story_that_comes_back_reaches_the_stored_pages_that_list_it() {
    let site = site_with_page_store().await;
    let a = site.import("a", &story("خبر أول", "مقدمة")).await;
    let b = site.import("b", &story("خبر الموانئ", "مقدمة ثانية")).await;
    site.store
        .set_computed_related(&[(a.id, vec![b.id])], site.clock.now())
        .await
        .unwrap();
    site.app.changed().await;
    let shown = site.get(&a.path).await;
    assert!(shown.body.contains("خبر الموانئ"), "B is listed");
    assert_eq!(how(&site.get(&a.path).await), "disk");

    // B leaves (trashed by another node): A's page drops it.
    let id = b.id.0;
    write_elsewhere(
        &site,
        &format!("UPDATE articles SET deleted_at = 1 WHERE id = {id}"),
    )
    .await;
    let without = site.get(&a.path).await;
    assert_eq!(how(&without), "miss");
    assert!(!without.body.contains("خبر الموانئ"));
    assert_eq!(how(&site.get(&a.path).await), "disk");
    // B comes back: A's stored page, which no longer shows B, is not current.
    write_elsewhere(
        &site,
        &format!("UPDATE articles SET deleted_at = NULL WHERE id = {id}"),
    )
    .await;
    let back = site.get(&a.path).await;
    assert_eq!(how(&back), "miss");
    assert!(back.body.contains("خبر الموانئ"), "B is listed again");
}
