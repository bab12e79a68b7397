//! The API's newsroom part: tokens act as their accounts, under the newsroom's
//! permission table.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Reply, Site, editor, site};
use nashir_core::permissions::Role;

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

async fn token(site: &Site, role: Role) -> String {
    editor(site, role).await;
    let email = format!("{}@news.example", role.as_str());
    site.app.add_token(&email, "اختبار").await.unwrap().1
}

async fn call(site: &Site, method: Method, path: &str, token: Option<&str>, body: &str) -> Reply {
    let mut r = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let body = if body.is_empty() {
        Body::empty()
    } else {
        Body::from(body.to_string())
    };
    site.request(
        r.header(header::CONTENT_TYPE, "application/json")
            .body(body)
            .unwrap(),
    )
    .await
}

const STORY: &str = r#"{"title": "خبر من التطبيق", "lead": "مقدمة", "body": "فقرة أولى.\n\n## عنوان فرعي:\n- بند",
    "section": "news", "tags": ["اقتصاد", "نفط"], "source": {"name": "الوقت"}, "action": "publish"}"#;

#[tokio::test]
async fn a_token_publishes_changes_and_trashes_as_its_account() {
    let site = site().await;
    let key = token(&site, Role::Editor).await;
    assert!(key.starts_with("nsh_"));
    for bad in [None, Some("nsh_made-up"), Some("not-even-ours")] {
        let reply = call(&site, Method::POST, "/api/v1/admin/articles", bad, STORY).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{bad:?}");
        assert_eq!(reply.headers[header::WWW_AUTHENTICATE], "Bearer");
        assert_eq!(
            reply.headers[header::CONTENT_TYPE],
            "application/problem+json"
        );
    }
    let created = call(
        &site,
        Method::POST,
        "/api/v1/admin/articles",
        Some(&key),
        STORY,
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let a = json(&created.body);
    let id = a["id"].as_i64().unwrap();
    assert_eq!(
        (a["status"].as_str(), a["revision"].as_i64()),
        (Some("published"), Some(1))
    );
    assert_eq!(a["tags"].as_array().unwrap().len(), 2);
    assert!(
        a["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["type"] == "list")
    );
    let public = site.get(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(
        public.status,
        StatusCode::OK,
        "published for readers at once"
    );

    let path = format!("/api/v1/admin/articles/{id}");
    let stale = call(
        &site,
        Method::PATCH,
        &path,
        Some(&key),
        r#"{"lead": "x", "action": "update", "base_revision": 0}"#,
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(
        json(&stale.body)["revision"].as_i64(),
        Some(1),
        "the answer names the current revision"
    );
    let no_note = call(
        &site,
        Method::PATCH,
        &path,
        Some(&key),
        r#"{"title": "عنوان مصحح", "action": "correction"}"#,
    )
    .await;
    assert_eq!(no_note.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        json(&no_note.body)["detail"]
            .as_str()
            .unwrap()
            .contains("ملاحظة التصحيح")
    );
    let fixed = call(
        &site,
        Method::PATCH,
        &path,
        Some(&key),
        r#"{"title": "عنوان مصحح", "action": "correction", "note": "صُحّح العنوان.", "base_revision": 1}"#,
    )
    .await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.body);
    let a = json(&fixed.body);
    assert_eq!(
        (a["title"].as_str(), a["revision"].as_i64()),
        (Some("عنوان مصحح"), Some(2))
    );
    assert_eq!(a["lead"], "مقدمة", "fields not sent stay");
    assert_eq!(a["corrections"][0]["note"], "صُحّح العنوان.");
    let revisions = json(
        &call(
            &site,
            Method::GET,
            &format!("{path}/revisions"),
            Some(&key),
            "",
        )
        .await
        .body,
    );
    assert_eq!(revisions["items"][0]["kind"], "correction");

    for (body, status) in [
        ("{not json", StatusCode::BAD_REQUEST),
        (r#"{"titel": "typo"}"#, StatusCode::BAD_REQUEST),
        (r#"{"action": "fly"}"#, StatusCode::UNPROCESSABLE_ENTITY),
        (
            r#"{"action": "schedule"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            r#"{"authors": ["nobody"]}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let reply = call(&site, Method::PATCH, &path, Some(&key), body).await;
        assert_eq!(reply.status, status, "{body}: {}", reply.body);
        assert_eq!(
            reply.headers[header::CONTENT_TYPE],
            "application/problem+json"
        );
    }
    assert_eq!(
        call(&site, Method::DELETE, &path, Some(&key), "")
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(&site, Method::GET, &path, Some(&key), "").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        site.get(&format!("/api/v1/articles/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_token_may_do_what_its_account_may_and_no_more() {
    let site = site().await;
    let key = token(&site, Role::Contributor).await;
    let refused = call(
        &site,
        Method::POST,
        "/api/v1/admin/articles",
        Some(&key),
        STORY,
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "a contributor publishes nothing"
    );
    let submitted = STORY.replace("\"publish\"", "\"submit\"");
    let sent = call(
        &site,
        Method::POST,
        "/api/v1/admin/articles",
        Some(&key),
        &submitted,
    )
    .await;
    assert_eq!(
        sent.status,
        StatusCode::CREATED,
        "a contributor sends a draft for review"
    );
    let sent_id = json(&sent.body)["id"].as_i64().unwrap();
    let reviews = site
        .store
        .reviews(&[nashir_core::ArticleId(sent_id)])
        .await
        .unwrap();
    assert_eq!(reviews.len(), 1, "it waits in the review queue");
    let draft = STORY.replace("\"publish\"", "\"draft\"");
    let created = call(
        &site,
        Method::POST,
        "/api/v1/admin/articles",
        Some(&key),
        &draft,
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(json(&created.body)["status"], "draft");
    let id = json(&created.body)["id"].as_i64().unwrap();
    assert_eq!(
        call(
            &site,
            Method::DELETE,
            &format!("/api/v1/admin/articles/{id}"),
            Some(&key),
            ""
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    // Revoked: the token opens nothing any more.
    let editor_key = token(&site, Role::Admin).await;
    let admin = site.app.token_user(&editor_key).await.unwrap().unwrap().1;
    let tokens = site.app.tokens(&admin).await.unwrap();
    assert_eq!(tokens.len(), 2, "admins see every token");
    let mine = tokens
        .iter()
        .find(|t| t.user_name != admin.name || t.user_id != admin.id)
        .unwrap();
    site.app.revoke_token(&admin, mine.id).await.unwrap();
    let gone = call(
        &site,
        Method::GET,
        &format!("/api/v1/admin/articles/{id}"),
        Some(&key),
        "",
    )
    .await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_token_has_a_quota_no_burst_can_pass() {
    let site = site().await;
    let key = token(&site, Role::Editor).await;
    let (id, _) = site.app.token_user(&key).await.unwrap().unwrap();
    let tries = nashir_app::accounts::TOKEN_REQUESTS_PER_MINUTE as usize + 20;
    let tasks: Vec<_> = (0..tries)
        .map(|_| {
            let app = site.app.clone();
            tokio::spawn(async move { app.take_token_quota(id).await.unwrap() })
        })
        .collect();
    let mut granted = 0;
    for t in tasks {
        granted += usize::from(t.await.unwrap());
    }
    assert_eq!(
        granted,
        nashir_app::accounts::TOKEN_REQUESTS_PER_MINUTE as usize
    );
    let reply = call(
        &site,
        Method::GET,
        "/api/v1/admin/articles/1",
        Some(&key),
        "",
    )
    .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(reply.headers[header::RETRY_AFTER], "60");
}

#[tokio::test]
async fn the_newsroom_lists_and_revokes_tokens() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let key = site
        .app
        .add_token("editor@news.example", "تطبيق الجوال")
        .await
        .unwrap()
        .1;
    let page = common::get_as(&site, &me, "/admin/tokens").await;
    assert!(page.body.contains("<td>تطبيق الجوال</td>"));
    let id = page
        .body
        .split("action=\"/admin/tokens/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap()
        .to_string();
    let revoked = common::post_as(&site, &me, &format!("/admin/tokens/{id}/revoke"), &[]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert!(
        common::get_as(&site, &me, "/admin/tokens")
            .await
            .body
            .contains("مُلغى")
    );
    let reply = call(
        &site,
        Method::GET,
        "/api/v1/admin/articles/1",
        Some(&key),
        "",
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn moderators_work_the_comment_queue_and_uploaders_send_images() {
    let dir = tempfile::tempdir().unwrap();
    let media = std::sync::Arc::new(nashir_app::media::LocalMedia {
        root: dir.path().to_path_buf(),
    });
    let site = common::site_with_media(media).await;
    let story = site.import("ref", common::REFERENCE).await;
    let comment = nashir_app::comments::NewComment {
        article_id: story.id,
        parent_id: None,
        author_name: "قارئ".into(),
        author_email: None,
        body: "تعليق ينتظر".into(),
        fingerprint: "f".into(),
        address: "192.0.2.1".into(),
    };
    let now = "2026-01-01T00:00:00Z".parse().unwrap();
    let id = site
        .store
        .add_comment(&comment, &[], now, now)
        .await
        .unwrap()
        .done()
        .unwrap();
    let key = token(&site, Role::Editor).await;
    let queue = json(
        &call(&site, Method::GET, "/api/v1/admin/comments", Some(&key), "")
            .await
            .body,
    );
    assert_eq!(queue["items"][0]["id"].as_i64(), Some(id));
    assert_eq!(queue["items"][0]["status"], "pending");
    let path = format!("/api/v1/admin/comments/{id}");
    let bad = call(
        &site,
        Method::POST,
        &path,
        Some(&key),
        r#"{"action": "bless"}"#,
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = call(
        &site,
        Method::POST,
        &path,
        Some(&key),
        r#"{"action": "approve"}"#,
    )
    .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT);
    let again = call(
        &site,
        Method::POST,
        &path,
        Some(&key),
        r#"{"action": "approve"}"#,
    )
    .await;
    assert_eq!(
        again.status,
        StatusCode::NOT_FOUND,
        "nothing left to change"
    );
    let contributor = token(&site, Role::Contributor).await;
    let refused = call(
        &site,
        Method::GET,
        "/api/v1/admin/comments",
        Some(&contributor),
        "",
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut png = Vec::new();
    image::RgbImage::from_pixel(600, 400, image::Rgb([200, 30, 30]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let boundary = "XyZ";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nمربع أحمر\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&png);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let uploaded = site
        .request(
            Request::post("/api/v1/admin/media")
                .header(header::AUTHORIZATION, format!("Bearer {key}"))
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.body);
    let image = json(&uploaded.body);
    assert_eq!(
        (image["width"].as_u64(), image["alt"].as_str()),
        (Some(600), Some("مربع أحمر"))
    );
}

#[tokio::test]
async fn breaking_news_through_the_api() {
    let site = site().await;
    let key = token(&site, Role::Editor).await;
    site.import("older", common::REFERENCE).await;
    let created = call(
        &site,
        Method::POST,
        "/api/v1/admin/articles",
        Some(&key),
        STORY,
    )
    .await;
    let id = json(&created.body)["id"].as_i64().unwrap();
    let path = format!("/api/v1/admin/articles/{id}");
    let urgent = call(
        &site,
        Method::PATCH,
        &path,
        Some(&key),
        r#"{"urgent": true, "urgent_until": "2026-01-01T00:30:00Z", "live": true}"#,
    )
    .await;
    assert_eq!(urgent.status, StatusCode::OK, "{}", urgent.body);
    let a = json(&urgent.body);
    assert_eq!(
        (a["urgent"].as_bool(), a["urgent_until"].as_str()),
        (Some(true), Some("2026-01-01T00:30:00Z"))
    );
    assert_eq!(a["live"].as_bool(), Some(true));
    assert_eq!(
        a["revision"].as_i64(),
        Some(1),
        "marking writes no revision"
    );
    assert!(site.get("/").await.body.contains("<aside class=\"urgent\""));

    let entry = call(
        &site,
        Method::POST,
        &format!("{path}/entries"),
        Some(&key),
        r#"{"text": "وصل الوفد."}"#,
    )
    .await;
    assert_eq!(entry.status, StatusCode::CREATED, "{}", entry.body);
    let public = json(&site.get(&format!("/api/v1/articles/{id}")).await.body);
    assert_eq!(
        (public["urgent"].as_bool(), public["live"].as_bool()),
        (Some(true), Some(true))
    );
    assert!(public["related"].is_array());
    let pinned = call(
        &site,
        Method::PATCH,
        &path,
        Some(&key),
        r#"{"related": {"pin": [1]}}"#,
    )
    .await;
    assert_eq!(pinned.status, StatusCode::OK, "{}", pinned.body);
    assert_eq!(
        json(&pinned.body)["related"][0].as_i64(),
        Some(1),
        "a pinned story comes first"
    );
    assert_eq!(
        json(&pinned.body)["revision"].as_i64(),
        Some(1),
        "and writes no revision"
    );
    let itself = format!(r#"{{"related": {{"pin": [{id}]}}}}"#);
    let itself = call(&site, Method::PATCH, &path, Some(&key), &itself).await;
    assert_eq!(itself.status, StatusCode::UNPROCESSABLE_ENTITY);
    let removed = r#"{"related": {"unpin": [1], "remove": [1]}}"#;
    let removed = call(&site, Method::PATCH, &path, Some(&key), removed).await;
    let related = json(&removed.body)["related"].clone();
    assert!(
        related
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r.as_i64() != Some(1)),
        "{related}"
    );

    let placed = call(
        &site,
        Method::PUT,
        "/api/v1/admin/front",
        Some(&key),
        r#"{"lead": 1}"#,
    )
    .await;
    assert_eq!(placed.status, StatusCode::NO_CONTENT);
    let lead = site.get("/").await.body;
    let lead = lead
        .split("<section class=\"lead-story")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        lead.contains("/ar/news/1/"),
        "the placed story leads: {lead}"
    );
    let unknown = call(
        &site,
        Method::PUT,
        "/api/v1/admin/front/nowhere",
        Some(&key),
        r#"{"slots": [1]}"#,
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let off = call(
        &site,
        Method::PATCH,
        &path,
        Some(&key),
        r#"{"urgent": false, "live": false}"#,
    )
    .await;
    let a = json(&off.body);
    assert_eq!(
        (a["urgent"].as_bool(), a["live"].as_bool()),
        (Some(false), Some(false))
    );
    assert!(!site.get("/").await.body.contains("<aside class=\"urgent\""));
    let writer = token(&site, Role::Author).await;
    let refused = call(
        &site,
        Method::PUT,
        "/api/v1/admin/front",
        Some(&writer),
        r#"{"lead": 1}"#,
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
