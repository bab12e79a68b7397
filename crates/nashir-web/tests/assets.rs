//! Embedded CSS, fonts and scripts.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::site;

/// The value of the first `attr="…"` after `marker`.
fn attr_after<'a>(html: &'a str, marker: &str, attr: &str) -> &'a str {
    let rest = &html[html.find(marker).unwrap_or_else(|| panic!("{marker}"))..];
    let start = rest.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2;
    &rest[start..start + rest[start..].find('"').unwrap()]
}

#[tokio::test]
async fn stylesheet_and_fonts_are_served_from_the_binary_under_hashed_names() {
    let site = site().await;
    let home = site.get("/").await;
    let css_url = attr_after(&home.body, "rel=\"stylesheet\"", "href");
    assert!(
        css_url.starts_with("/assets/site.") && css_url != "/assets/site.css",
        "{css_url}"
    );
    let css = site.get(css_url).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.headers[header::CONTENT_TYPE], "text/css; charset=utf-8");
    assert_eq!(
        css.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert!(css.body.contains("Noto Naskh Arabic"));
    assert!(css.body.contains("@media print"));
    // Arabic and Latin, regular and bold: no weight is synthesized.
    for weight in ["400", "700", "latin-400", "latin-700"] {
        let marker = format!("/assets/fonts/noto-naskh-arabic-{weight}.");
        let start = css
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("{marker} in the CSS"));
        let end = start + css.body[start..].find('"').unwrap();
        let font_url = &css.body[start..end];
        assert!(
            font_url.ends_with(".woff2") && !font_url.ends_with(&format!("{weight}.woff2")),
            "{font_url}"
        );
        let reply = site.get(font_url).await;
        assert_eq!(reply.status, StatusCode::OK, "{font_url}");
        assert_eq!(reply.headers[header::CONTENT_TYPE], "font/woff2");
    }
    // Both Arabic weights the page opens with are preloaded.
    let preloads: Vec<&str> = home
        .body
        .split("<link rel=\"preload\" href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert!(
        preloads
            .iter()
            .any(|p| p.starts_with("/assets/fonts/noto-naskh-arabic-400."))
    );
    assert!(
        preloads
            .iter()
            .any(|p| p.starts_with("/assets/fonts/noto-naskh-arabic-700."))
    );
    // And the Latin face: every space between Arabic words comes from it.
    assert!(
        preloads
            .iter()
            .any(|p| p.starts_with("/assets/fonts/noto-naskh-arabic-latin-400."))
    );
    // The plain names still answer, with a short lifetime.
    let plain = site.get("/assets/site.css").await;
    assert_eq!(plain.headers[header::CACHE_CONTROL], "public, max-age=3600");
    let icon = site.get("/favicon.ico").await;
    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(icon.headers[header::CONTENT_TYPE], "image/svg+xml");
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
