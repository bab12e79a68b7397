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

/// The newsroom writes dates the user's way (the reference article was last
/// updated on Wednesday 8 January 2025); Arabic's are as they were.
#[tokio::test]
async fn dates_are_written_in_the_users_language() {
    let site = site().await;
    site.import("ref", common::REFERENCE).await;
    let who = editor(&site, Role::Editor).await;
    let user = account(&site, Role::Editor).await;
    for (language, date) in [
        (Language::English, "Wednesday, January 8, 2025"),
        (Language::Persian, "چهارشنبه ۱۹ دی ۱۴۰۳"),
        (Language::Arabic, "الأربعاء, يناير 8, 2025"),
    ] {
        site.app
            .set_user_language(&user, user.id, language)
            .await
            .unwrap();
        let page = get_as(&site, &who, "/admin").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains(&format!("<td>{date}</td>")),
            "{language}: {}",
            page.body
        );
    }
}

/// The fonts a page preloads.
fn preloaded_fonts(html: &str) -> Vec<&str> {
    html.split("<link rel=\"preload\" href=\"")
        .skip(1)
        .filter(|rest| rest.contains("as=\"font\""))
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// A newsroom page loads the reader's stylesheet and fonts of the user's
/// language, so English is set in Noto Serif and Persian in Vazirmatn.
#[tokio::test]
async fn newsroom_pages_load_the_fonts_of_the_users_language() {
    let site = site().await;
    for (role, language, stylesheet, fonts) in [
        (
            Role::Editor,
            Language::English,
            "site-en.",
            "/assets/fonts/noto-serif-",
        ),
        (
            Role::Author,
            Language::Persian,
            "site-fa.",
            "/assets/fonts/vazirmatn-",
        ),
        (
            Role::Admin,
            Language::Arabic,
            "site.",
            "/assets/fonts/noto-naskh-arabic-",
        ),
    ] {
        let who = speaking(&site, role, language).await;
        for path in ["/admin", "/admin/articles/new"] {
            let page = get_as(&site, &who, path).await;
            let preloads = preloaded_fonts(&page.body);
            assert!(
                preloads.len() >= 2 && preloads.iter().all(|f| f.starts_with(fonts)),
                "{language} {path}: {preloads:?}"
            );
            assert!(
                page.body.contains(&format!(
                    "<link rel=\"stylesheet\" href=\"/assets/{stylesheet}"
                )),
                "{language} {path}"
            );
        }
    }
}

/// The rich editor's words (its toolbar, dialogs, count) are on its page, from
/// the catalogs, in the user's language.
#[tokio::test]
async fn the_rich_editor_gets_its_words_in_the_users_language() {
    let site = site().await;
    let words = |html: &str| -> serde_json::Value {
        let block = html
            .split(r#"<script type="application/json" id="editor-words">"#)
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .expect("the editor's words");
        serde_json::from_str(block).unwrap()
    };
    let english = speaking(&site, Role::Editor, Language::English).await;
    let page = get_as(&site, &english, "/admin/articles/new").await;
    let said = words(&page.body);
    assert_eq!(said["messages"]["nr-rich-bold"], "Bold");
    assert_eq!(said["messages"]["nr-rich-toolbar"], "Text formatting");
    assert_eq!(said["counts"]["nr-rich-words"]["one"], "{count} word");
    assert!(
        !said
            .to_string()
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
    );
    let arabic = editor(&site, Role::Admin).await;
    let page = get_as(&site, &arabic, "/admin/articles/new").await;
    assert_eq!(words(&page.body)["messages"]["nr-rich-bold"], "عريض");
}

/// A newsroom error page (a 404 from a handler, a 403 for a role without the
/// permission) is said in the user's language where the site publishes that
/// edition (the page links to its menu and front page), else in the edition's.
#[tokio::test]
async fn newsroom_error_pages_speak_the_users_language() {
    let editions = common::site_with_editions(false).await;
    let english = speaking(&editions, Role::Contributor, Language::English).await;
    for (path, status, heading) in [
        (
            "/admin/articles/999999",
            StatusCode::NOT_FOUND,
            "Page not found",
        ),
        ("/admin/users", StatusCode::FORBIDDEN, "Not allowed"),
    ] {
        let page = get_as(&editions, &english, path).await;
        assert_eq!(page.status, status, "{path}");
        assert!(page.body.contains(heading), "{path}: {}", page.body);
        assert!(
            page.body.contains(r#"<html lang="en" dir="ltr">"#),
            "{path}"
        );
        assert_eq!(page.headers[header::CONTENT_LANGUAGE], "en", "{path}");
    }
    let arabic_only = site().await;
    let english = speaking(&arabic_only, Role::Contributor, Language::English).await;
    let page = get_as(&arabic_only, &english, "/admin/articles/999999").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains(r#"<html lang="ar" dir="rtl">"#));
}
