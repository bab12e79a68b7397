//! The newsroom speaks each user's language (issue 16): pages, their direction
//! and their words follow the signed-in user's choice, made on their own
//! account page or by an admin; the sign-in page and the API's problems follow
//! the request's `Accept-Language`.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Editor, Site, editor, get_as, post_as, site};
use nashir_core::language::Language;
use nashir_core::permissions::Role;

/// The account `who` signed in as (each role's address is its own).
async fn account(site: &Site, role: Role) -> nashir_app::accounts::User {
    let email = format!("{}@news.example", role.as_str());
    let users = site.store.users().await.unwrap();
    users.into_iter().find(|u| u.email == email).unwrap()
}

async fn speaking(site: &Site, role: Role, language: Language) -> Editor {
    let who = editor(site, role).await;
    let user = account(site, role).await;
    site.app
        .set_user_language(&user, user.id, language)
        .await
        .unwrap();
    who
}

#[tokio::test]
async fn an_english_user_works_in_english_left_to_right() {
    let site = site().await;
    let who = speaking(&site, Role::Editor, Language::English).await;
    let dashboard = get_as(&site, &who, "/admin").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(
        dashboard.body.contains(r#"<html lang="en" dir="ltr">"#),
        "{}",
        dashboard.body
    );
    assert_eq!(dashboard.headers[header::CONTENT_LANGUAGE], "en");
    for words in ["Stories — Newsroom", ">New story</a>", ">Sign out</button>"] {
        assert!(dashboard.body.contains(words), "{words}");
    }
    assert!(!dashboard.body.contains("غرفة الأخبار"));
    let editor_page = get_as(&site, &who, "/admin/articles/new").await;
    assert_eq!(editor_page.status, StatusCode::OK);
    assert!(editor_page.body.contains(r#"<html lang="en" dir="ltr">"#));
    for words in [
        "<h1 class=\"page-title\">New story</h1>",
        "<label for=\"title\">Headline</label>",
        ">Save as draft</button>",
        ">Send for review</button>",
        "data-failed=\"Autosave failed\"",
    ] {
        assert!(editor_page.body.contains(words), "{words}");
    }
    // A refusal from the use-case comes back in English too.
    let refused = post_as(
        &site,
        &who,
        "/admin/articles",
        &[("title", ""), ("section", "news"), ("action", "draft")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused
            .body
            .contains("A headline is required, 300 characters at most."),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn a_persian_user_works_in_persian_right_to_left() {
    let site = site().await;
    let who = speaking(&site, Role::Author, Language::Persian).await;
    let dashboard = get_as(&site, &who, "/admin").await;
    assert!(dashboard.body.contains(r#"<html lang="fa" dir="rtl">"#));
    assert_eq!(dashboard.headers[header::CONTENT_LANGUAGE], "fa");
    assert!(dashboard.body.contains("خبرها — اتاق خبر"));
    assert!(dashboard.body.contains(">خبر تازه</a>"));
    let editor_page = get_as(&site, &who, "/admin/articles/new").await;
    assert!(editor_page.body.contains(r#"<html lang="fa" dir="rtl">"#));
    assert!(editor_page.body.contains(">ذخیره به‌عنوان پیش‌نویس</button>"));
}

#[tokio::test]
async fn arabic_stays_the_default() {
    let site = site().await;
    let who = editor(&site, Role::Editor).await;
    let dashboard = get_as(&site, &who, "/admin").await;
    assert!(dashboard.body.contains(r#"<html lang="ar" dir="rtl">"#));
    assert_eq!(dashboard.headers[header::CONTENT_LANGUAGE], "ar");
    assert!(dashboard.body.contains("الأخبار — غرفة الأخبار"));
    assert_eq!(
        account(&site, Role::Editor).await.language,
        Language::Arabic
    );
}

#[tokio::test]
async fn one_changes_ones_own_language_with_the_form_and_its_token() {
    let site = site().await;
    let who = editor(&site, Role::Contributor).await;
    let page = get_as(&site, &who, "/admin/password").await;
    assert!(page.body.contains(r#"action="/admin/language""#));
    assert!(
        page.body
            .contains(r#"<option value="en" lang="en">English</option>"#)
    );
    // A forged form (no token, or another) changes nothing.
    for csrf in ["", "0000"] {
        let forged = site
            .request(
                Request::post("/admin/language")
                    .header(header::COOKIE, &who.cookie)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(format!("csrf={csrf}&language=en")))
                    .unwrap(),
            )
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        account(&site, Role::Contributor).await.language,
        Language::Arabic
    );
    // Not one of ours: refused.
    let odd = post_as(&site, &who, "/admin/language", &[("language", "fr")]).await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    let changed = post_as(&site, &who, "/admin/language", &[("language", "en")]).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    assert_eq!(changed.location(), "/admin/password");
    assert_eq!(
        account(&site, Role::Contributor).await.language,
        Language::English
    );
    let page = get_as(&site, &who, "/admin/password").await;
    assert!(page.body.contains(r#"<html lang="en" dir="ltr">"#));
    assert!(
        page.body
            .contains("<h2 id=\"language-title\">Newsroom language</h2>")
    );
    assert!(
        page.body
            .contains(r#"<option value="en" lang="en" selected>English</option>"#)
    );
    let log = site.store.audit_log(1).await.unwrap();
    assert_eq!(log[0].action, "language-change");
}

#[tokio::test]
async fn an_admin_sets_anothers_language_and_no_one_else_may() {
    let site = site().await;
    let admin = editor(&site, Role::Admin).await;
    let writer = editor(&site, Role::Editor).await;
    let writer_id = account(&site, Role::Editor).await.id;
    let admin_id = account(&site, Role::Admin).await.id;
    let users = get_as(&site, &admin, "/admin/users").await;
    assert!(
        users
            .body
            .contains(&format!(r#"action="/admin/users/{writer_id}/language""#))
    );
    let set = post_as(
        &site,
        &admin,
        &format!("/admin/users/{writer_id}/language"),
        &[("language", "fa")],
    )
    .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    let dashboard = get_as(&site, &writer, "/admin").await;
    assert!(dashboard.body.contains(r#"<html lang="fa" dir="rtl">"#));
    // An editor may not set the admin's (nor anyone else's) language.
    let refused = post_as(
        &site,
        &writer,
        &format!("/admin/users/{admin_id}/language"),
        &[("language", "en")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(account(&site, Role::Admin).await.language, Language::Arabic);
    // Without the token, not even an admin.
    let forged = site
        .request(
            Request::post(format!("/admin/users/{writer_id}/language"))
                .header(header::COOKIE, &admin.cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("language=en"))
                .unwrap(),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        account(&site, Role::Editor).await.language,
        Language::Persian
    );
}

async fn asking(site: &Site, path: &str, accept_language: Option<&str>) -> common::Reply {
    let mut request = Request::get(path);
    if let Some(value) = accept_language {
        request = request.header(header::ACCEPT_LANGUAGE, value);
    }
    site.request(request.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn the_sign_in_page_speaks_the_browsers_language() {
    let site = site().await;
    let english = asking(&site, "/admin/login", Some("en-GB,en;q=0.9,ar;q=0.5")).await;
    assert!(english.body.contains(r#"<html lang="en" dir="ltr">"#));
    assert!(english.body.contains("Sign in to the newsroom"));
    assert_eq!(english.headers[header::CONTENT_LANGUAGE], "en");
    let persian = asking(&site, "/admin/login", Some("fa")).await;
    assert!(persian.body.contains("ورود به اتاق خبر"));
    for header in [None, Some("fr"), Some("en;q=banana")] {
        let arabic = asking(&site, "/admin/login", header).await;
        assert!(arabic.body.contains("الدخول إلى غرفة الأخبار"), "{header:?}");
    }
}

#[tokio::test]
async fn api_problems_answer_in_the_asked_language() {
    let site = site().await;
    for (asked, language, title) in [
        (None, "ar", "غير موجود"),
        (Some("en"), "en", "Not found"),
        (Some("fa-IR"), "fa", "یافت نشد"),
        (Some("en;q=0.3, fa"), "fa", "یافت نشد"),
        (Some("en;q=nope"), "ar", "غير موجود"),
        (Some("de"), "ar", "غير موجود"),
    ] {
        let reply = asking(&site, "/api/v1/no-such-thing", asked).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{asked:?}");
        assert_eq!(
            reply.headers[header::CONTENT_TYPE],
            "application/problem+json"
        );
        assert_eq!(
            reply.headers[header::CONTENT_LANGUAGE],
            language,
            "{asked:?}"
        );
        let problem: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(problem["title"], title, "{asked:?}");
        assert_eq!(problem["title_en"], "Not found");
    }
    // The detail too, and an answer with no body of its own.
    let reply = asking(&site, "/api/v1/articles?since=yesterday", Some("en")).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let problem: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(problem["title"], "Bad request");
    assert_eq!(problem["detail"], "since: a time in RFC 3339 format.");
    let reply = asking(&site, "/api/v1/articles?since=yesterday", None).await;
    let problem: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(problem["detail"], "since: وقت بصيغة RFC 3339.");
    assert_eq!(reply.headers[header::CONTENT_LANGUAGE], "ar");
    // The document's shape is the one the API describes.
    let doc: serde_json::Value =
        serde_json::from_str(&site.get("/api/v1/openapi.json").await.body).unwrap();
    let described = &doc["components"]["schemas"]["Problem"]["properties"];
    for member in ["type", "title", "title_en", "status", "detail", "revision"] {
        assert!(described.get(member).is_some(), "{member}: {described}");
    }
}
