//! Embedded CSS, fonts and scripts.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::site;

#[tokio::test]
async fn stylesheet_and_fonts_are_served_from_the_binary() {
    let site = site().await;
    let css = site.get("/assets/site.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.headers[header::CONTENT_TYPE], "text/css; charset=utf-8");
    assert!(css.body.contains("Noto Naskh Arabic"));
    assert!(css.body.contains("@media print"));
    for font in ["noto-naskh-arabic-400.woff2", "noto-naskh-arabic-700.woff2"] {
        let reply = site.get(&format!("/assets/fonts/{font}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{font}");
        assert_eq!(reply.headers[header::CONTENT_TYPE], "font/woff2");
        assert!(css.body.contains(font), "the stylesheet uses {font}");
    }
    let license = site.get("/assets/fonts/OFL.txt").await;
    assert!(license.body.contains("SIL Open Font License"));
}

#[tokio::test]
async fn unchanged_assets_answer_304() {
    let site = site().await;
    let first = site.get("/assets/site.css").await;
    let etag = first.headers[header::ETAG].clone();
    let again = site
        .request(
            Request::get("/assets/site.css")
                .header(header::IF_NONE_MATCH, etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
}

#[tokio::test]
async fn unknown_assets_are_404() {
    let site = site().await;
    for uri in [
        "/assets/nope.css",
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
    ] {
        assert_eq!(site.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
}
