//! Webhooks end to end: registered through the API, queued with the change they
//! tell of, delivered over HTTP to a real receiver on loopback, signed as
//! Standard Webhooks says, retried while the receiver is down, and delivered once.

mod common;

use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::{Reply, Site, editor, site};
use hmac::{KeyInit, Mac};
use jiff::SignedDuration;
use nashir_app::webhooks::{HttpWebhooks, Retry};
use nashir_core::permissions::Role;

type Received = Arc<Mutex<Vec<(HeaderMap, String)>>>;

/// A receiver on a loopback port; the handle stops it.
async fn receiver(port: u16, got: Received) -> tokio::task::JoinHandle<()> {
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let got = got.clone();
            async move {
                got.lock()
                    .unwrap()
                    .push((headers, String::from_utf8_lossy(&body).into_owned()));
                StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    })
}

async fn call(site: &Site, method: Method, path: &str, token: &str, body: &str) -> Reply {
    site.request(
        Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

/// Checks a delivery as a receiver must: the signature over id, timestamp and body.
fn verify(secret: &str, headers: &HeaderMap, body: &str) -> bool {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let id = headers["webhook-id"].to_str().unwrap();
    let ts = headers["webhook-timestamp"].to_str().unwrap();
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{ts}.{body}").as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    headers["webhook-signature"]
        .to_str()
        .unwrap()
        .split(' ')
        .any(|s| s == expected)
}

#[tokio::test]
async fn a_publication_reaches_a_real_endpoint_signed_and_once() {
    let site = site().await;
    editor(&site, Role::Admin).await;
    let token = site
        .app
        .add_token("admin@news.example", "hooks")
        .await
        .unwrap()
        .1;
    let port = common::free_port();
    let got: Received = Arc::default();
    let server = receiver(port, got.clone()).await;

    let denied = call(
        &site,
        Method::POST,
        "/api/v1/admin/webhooks",
        &token,
        r#"{"url": "ftp://x", "events": ["nope"]}"#,
    )
    .await;
    assert_eq!(denied.status, StatusCode::UNPROCESSABLE_ENTITY);
    let registered = call(
        &site,
        Method::POST,
        "/api/v1/admin/webhooks",
        &token,
        &format!(r#"{{"url": "http://127.0.0.1:{port}/hook", "events": ["article.published", "article.corrected"]}}"#),
    )
    .await;
    assert_eq!(
        registered.status,
        StatusCode::CREATED,
        "{}",
        registered.body
    );
    let hook: serde_json::Value = serde_json::from_str(&registered.body).unwrap();
    let secret = hook["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"));
    let listed = call(&site, Method::GET, "/api/v1/admin/webhooks", &token, "").await;
    assert!(!listed.body.contains("whsec_"), "the secret is shown once");

    let sender = HttpWebhooks::new(true).unwrap();
    let retry = Retry {
        base: std::time::Duration::from_secs(1),
        max_attempts: 5,
    };
    let story = r#"{"title": "خبر أول", "lead": "مقدمة", "body": "فقرة.", "section": "news", "action": "publish"}"#;
    let created = call(&site, Method::POST, "/api/v1/admin/articles", &token, story).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let draft = story.replace("publish", "draft");
    call(
        &site,
        Method::POST,
        "/api/v1/admin/articles",
        &token,
        &draft,
    )
    .await;
    assert_eq!(
        site.app.deliver_due_webhooks(&sender, retry).await.unwrap(),
        1,
        "a draft is no event"
    );
    {
        let got = got.lock().unwrap();
        assert_eq!(got.len(), 1);
        let (headers, body) = &got[0];
        assert!(
            verify(&secret, headers, body),
            "a signature the receiver can check"
        );
        let event: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(event["type"], "article.published");
        assert_eq!(event["data"]["title"], "خبر أول");
    }

    // The receiver goes away; the second publication waits and is delivered once.
    server.abort();
    let _ = server.await;
    let second = story.replace("خبر أول", "خبر ثان");
    call(
        &site,
        Method::POST,
        "/api/v1/admin/articles",
        &token,
        &second,
    )
    .await;
    assert_eq!(
        site.app.deliver_due_webhooks(&sender, retry).await.unwrap(),
        1
    );
    assert_eq!(
        site.app.deliver_due_webhooks(&sender, retry).await.unwrap(),
        0,
        "not due again yet"
    );
    let server = receiver(port, got.clone()).await;
    site.clock.advance(SignedDuration::from_secs(2));
    // Two workers (two nodes) at once: the delivery is claimed by one.
    let (a, b) = tokio::join!(
        site.app.deliver_due_webhooks(&sender, retry),
        site.app.deliver_due_webhooks(&sender, retry)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    let got_now = got.lock().unwrap().clone();
    assert_eq!(got_now.len(), 2, "delivered once");
    let event: serde_json::Value = serde_json::from_str(&got_now[1].1).unwrap();
    assert_eq!(event["data"]["title"], "خبر ثان");
    assert_ne!(got_now[0].0["webhook-id"], got_now[1].0["webhook-id"]);

    let id = hook["id"].as_i64().unwrap();
    let deliveries = call(
        &site,
        Method::GET,
        &format!("/api/v1/admin/webhooks/{id}/deliveries"),
        &token,
        "",
    )
    .await;
    let deliveries: serde_json::Value = serde_json::from_str(&deliveries.body).unwrap();
    assert_eq!(
        deliveries["items"][0]["attempts"].as_u64(),
        Some(2),
        "listed with its attempts"
    );
    assert!(deliveries["items"][0]["delivered_at"].is_string());
    server.abort();
}

#[tokio::test]
async fn only_admins_register_endpoints() {
    let site = site().await;
    editor(&site, Role::Editor).await;
    let token = site
        .app
        .add_token("editor@news.example", "x")
        .await
        .unwrap()
        .1;
    let reply = call(
        &site,
        Method::POST,
        "/api/v1/admin/webhooks",
        &token,
        r#"{"url": "https://example.com/h", "events": ["article.published"]}"#,
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn admins_manage_endpoints_in_the_newsroom() {
    let site = site().await;
    let me = editor(&site, Role::Admin).await;
    let added = common::post_as(
        &site,
        &me,
        "/admin/webhooks",
        &[
            ("url", "https://partner.example/hook"),
            ("event", "article.published"),
            ("event", "comment.approved"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::OK);
    assert!(
        added.body.contains("<code dir=\"ltr\">whsec_"),
        "the secret, once"
    );
    let page = common::get_as(&site, &me, "/admin/webhooks").await;
    assert!(!page.body.contains("whsec_"));
    assert!(page.body.contains("article.published، comment.approved"));
    let bad = common::post_as(
        &site,
        &me,
        "/admin/webhooks",
        &[("url", "javascript:alert(1)")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let id = page
        .body
        .split("action=\"/admin/webhooks/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap()
        .to_string();
    let off = common::post_as(&site, &me, &format!("/admin/webhooks/{id}/disable"), &[]).await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    assert!(
        common::get_as(&site, &me, "/admin/webhooks")
            .await
            .body
            .contains("موقوفة")
    );
    let editor_only = editor(&site, Role::Editor).await;
    assert_eq!(
        common::get_as(&site, &editor_only, "/admin/webhooks")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn deliveries_never_follow_a_redirect() {
    let site = site().await;
    editor(&site, Role::Admin).await;
    let token = site
        .app
        .add_token("admin@news.example", "hooks")
        .await
        .unwrap()
        .1;
    let port = common::free_port();
    let got: Received = Arc::default();
    let hits = got.clone();
    // `/moved` sends the delivery on to `/hook`, which counts what reaches it.
    let app = axum::Router::new()
        .route(
            "/moved",
            axum::routing::post(|| async {
                (
                    StatusCode::TEMPORARY_REDIRECT,
                    [(header::LOCATION, "/hook")],
                )
            }),
        )
        .route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let hits = hits.clone();
                async move {
                    hits.lock()
                        .unwrap()
                        .push((headers, String::from_utf8_lossy(&body).into_owned()));
                    StatusCode::NO_CONTENT
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    let server = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    let hook =
        format!(r#"{{"url": "http://127.0.0.1:{port}/moved", "events": ["article.published"]}}"#);
    let registered = call(&site, Method::POST, "/api/v1/admin/webhooks", &token, &hook).await;
    let id = serde_json::from_str::<serde_json::Value>(&registered.body).unwrap()["id"]
        .as_i64()
        .unwrap();
    let story = r#"{"title": "خبر", "lead": "مقدمة", "body": "فقرة.", "section": "news", "action": "publish"}"#;
    call(&site, Method::POST, "/api/v1/admin/articles", &token, story).await;
    let sender = HttpWebhooks::new(true).unwrap();
    let retry = Retry {
        base: std::time::Duration::from_secs(1),
        max_attempts: 5,
    };
    assert_eq!(
        site.app.deliver_due_webhooks(&sender, retry).await.unwrap(),
        1
    );
    assert!(
        got.lock().unwrap().is_empty(),
        "the redirect's target got nothing"
    );
    let deliveries = call(
        &site,
        Method::GET,
        &format!("/api/v1/admin/webhooks/{id}/deliveries"),
        &token,
        "",
    )
    .await;
    let d: serde_json::Value = serde_json::from_str(&deliveries.body).unwrap();
    assert_eq!(
        d["items"][0]["last_status"].as_u64(),
        Some(307),
        "a redirect is a failed attempt"
    );
    assert!(d["items"][0].get("delivered_at").is_none());
    server.abort();
}

#[tokio::test]
async fn every_event_is_queued_with_its_change() {
    let site = site().await;
    let me = editor(&site, Role::Admin).await;
    let token = site
        .app
        .add_token("admin@news.example", "hooks")
        .await
        .unwrap()
        .1;
    let port = common::free_port();
    let got: Received = Arc::default();
    let server = receiver(port, got.clone()).await;
    let all = nashir_app::webhooks::EVENTS
        .map(|e| format!("\"{e}\""))
        .join(", ");
    let hook = format!(r#"{{"url": "http://127.0.0.1:{port}/hook", "events": [{all}]}}"#);
    call(&site, Method::POST, "/api/v1/admin/webhooks", &token, &hook).await;
    let story = r#"{"title": "خبر", "lead": "مقدمة", "body": "فقرة.", "section": "news", "action": "publish"}"#;
    let created = call(&site, Method::POST, "/api/v1/admin/articles", &token, story).await;
    let id = serde_json::from_str::<serde_json::Value>(&created.body).unwrap()["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/admin/articles/{id}");
    call(
        &site,
        Method::PATCH,
        &path,
        &token,
        r#"{"lead": "مقدمة محدثة", "action": "update"}"#,
    )
    .await;
    call(
        &site,
        Method::PATCH,
        &path,
        &token,
        r#"{"title": "خبر مصحح", "action": "correction", "note": "صُحّح."}"#,
    )
    .await;
    let comment = nashir_app::comments::NewComment {
        article_id: nashir_core::ArticleId(id),
        parent_id: None,
        author_name: "قارئ".into(),
        author_email: None,
        body: "تعليق".into(),
        fingerprint: "f".into(),
        address: "192.0.2.1".into(),
    };
    let now = "2026-01-01T00:00:00Z".parse().unwrap();
    let comment = site
        .store
        .add_comment(&comment, &[], now, now)
        .await
        .unwrap()
        .done()
        .unwrap();
    let approved = call(
        &site,
        Method::POST,
        &format!("/api/v1/admin/comments/{comment}"),
        &token,
        r#"{"action": "approve"}"#,
    )
    .await;
    assert_eq!(approved.status, StatusCode::NO_CONTENT);
    call(
        &site,
        Method::PATCH,
        &path,
        &token,
        r#"{"action": "unpublish"}"#,
    )
    .await;
    let deleted = common::post_as(&site, &me, &format!("/admin/articles/{id}/delete"), &[]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);

    let sender = HttpWebhooks::new(true).unwrap();
    let retry = Retry {
        base: std::time::Duration::from_secs(1),
        max_attempts: 5,
    };
    site.app.deliver_due_webhooks(&sender, retry).await.unwrap();
    let events: Vec<String> = got
        .lock()
        .unwrap()
        .iter()
        .map(|(_, body)| {
            serde_json::from_str::<serde_json::Value>(body).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        events,
        [
            "article.published",
            "article.updated",
            "article.corrected",
            "comment.approved",
            "article.unpublished",
            "article.deleted"
        ],
        "each change told once, in order"
    );
    server.abort();
}
