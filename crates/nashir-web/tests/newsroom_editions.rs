//! The newsroom and editions (issue 16): a new article is written for one
//! edition and stays in it; the editor links it as a translation of another,
//! and offers to start the versions an article lacks.

mod common;

use axum::http::StatusCode;
use common::{
    REFERENCE, editor, get_as as get, post_as as post, saved_id, site, site_with_editions,
};
use nashir_core::permissions::Role;

fn english<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    titled("Iraq and military cooperation with Russia", extra)
}

fn titled<'a>(title: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![
        ("title", title),
        ("lead", "What the agreement says."),
        ("body", "A paragraph of the story."),
        ("section", "news"),
        ("language", "en"),
        ("action", "publish"),
    ];
    all.extend_from_slice(extra);
    all
}

#[tokio::test]
async fn a_new_article_is_written_for_an_edition_and_linked_to_its_original() {
    let site = site_with_editions(false).await;
    let original = site.import("ref", REFERENCE).await;
    let me = editor(&site, Role::Editor).await;

    let form = get(&site, &me, "/admin/articles/new").await;
    assert!(
        form.body
            .contains("<select id=\"language\" name=\"language\">"),
        "{}",
        form.body
    );
    assert!(
        form.body
            .contains("<option value=\"fa\" lang=\"fa\">فارسی</option>")
    );
    assert!(form.body.contains("name=\"translation_of\""));
    let opened = get(
        &site,
        &me,
        "/admin/articles/new?language=en&translation_of=1",
    )
    .await;
    assert!(
        opened
            .body
            .contains("<option value=\"en\" lang=\"en\" selected>English</option>")
    );
    assert!(
        opened.body.contains(
            "name=\"translation_of\" inputmode=\"numeric\" pattern=\"[0-9]*\" value=\"1\""
        )
    );

    let of = original.id.0.to_string();
    let id = saved_id(
        &post(
            &site,
            &me,
            "/admin/articles",
            &english(&[("translation_of", &of)]),
        )
        .await,
    );
    let article = site
        .app
        .public_article(nashir_core::ArticleId(id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(article.language, nashir_i18n::Language::English);
    assert!(article.path().starts_with("/en/news/"));
    let page = site.get(&article.href()).await;
    assert!(page.body.contains("hreflang=\"ar\""), "{}", page.body);
    assert!(page.body.contains("<html lang=\"en\" dir=\"ltr\">"));

    // Its editor names its edition and the version it still lacks.
    let editing = get(&site, &me, &format!("/admin/articles/{id}")).await;
    // Its body is written in its edition's direction.
    assert!(editing.body.contains("data-dir=\"ltr\" data-lang=\"en\""));
    assert!(
        editing
            .body
            .contains("<input type=\"hidden\" name=\"language\" value=\"en\">")
    );
    assert!(
        editing.body.contains(&format!(
            "href=\"/admin/articles/new?language=fa&amp;translation_of={id}\""
        )),
        "{}",
        editing.body
    );
    // A save cannot move it to another edition.
    let moved = post(
        &site,
        &me,
        &format!("/admin/articles/{id}"),
        &[
            ("title", "Iraq and military cooperation with Russia"),
            ("lead", "What the agreement says."),
            ("body", "A paragraph of the story, edited."),
            ("section", "news"),
            ("language", "fa"),
            ("action", "update"),
        ],
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let article = site
        .app
        .public_article(nashir_core::ArticleId(id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(article.language, nashir_i18n::Language::English);

    // A second English version of the same original is refused, the form kept.
    let twice = post(
        &site,
        &me,
        "/admin/articles",
        &titled("Another English version", &[("translation_of", &of)]),
    )
    .await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST, "{}", twice.body);
    assert!(
        twice.body.contains(&format!("(الخبر {id})")),
        "{}",
        twice.body
    );
    assert!(twice.body.contains("Another English version"));
    let own = id.to_string();
    let same = post(
        &site,
        &me,
        "/admin/articles",
        &english(&[("translation_of", &own)]),
    )
    .await;
    assert!(
        same.body.contains("الترجمة تكون في طبعة غير طبعة الأصل."),
        "{}",
        same.body
    );
    let missing = post(
        &site,
        &me,
        "/admin/articles",
        &english(&[("translation_of", "999")]),
    )
    .await;
    assert!(missing.body.contains("لا خبر بالرقم 999."));
}

#[tokio::test]
async fn a_site_of_one_edition_asks_for_none() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let form = get(&site, &me, "/admin/articles/new").await;
    assert!(!form.body.contains("name=\"translation_of\""));
    assert!(
        form.body
            .contains("<input type=\"hidden\" name=\"language\" value=\"ar\">")
    );
    // An edition the site does not publish is refused.
    let refused = post(&site, &me, "/admin/articles", &english(&[])).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(refused.body.contains("هذه الطبعة لا ينشرها الموقع."));
}

#[tokio::test]
async fn sections_are_named_per_edition_and_bulletins_run_in_one() {
    let site = site_with_editions(false).await;
    let me = editor(&site, Role::Editor).await;
    let sections = get(&site, &me, "/admin/sections").await;
    assert!(
        sections
            .body
            .contains("<option value=\"en\" lang=\"en\">English</option>")
    );
    assert!(
        sections.body.contains("أخبار · News · اخبار"),
        "{}",
        sections.body
    );

    let made = post(
        &site,
        &me,
        "/admin/sections",
        &[("name", "اقتصاد"), ("slug", "economy")],
    )
    .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    assert!(!site.get("/en/").await.body.contains("/en/section/economy"));
    let named = post(
        &site,
        &me,
        "/admin/sections",
        &[("name", "Economy"), ("slug", "economy"), ("edition", "en")],
    )
    .await;
    assert_eq!(named.status, StatusCode::SEE_OTHER, "{}", named.body);
    let english = site.get("/en/").await;
    assert!(
        english
            .body
            .contains("<a href=\"/en/section/economy\">Economy</a>"),
        "{}",
        english.body
    );
    assert!(
        site.get("/")
            .await
            .body
            .contains("<a href=\"/ar/section/economy\">اقتصاد</a>")
    );
    // An empty name takes it out of the edition again; a section must exist.
    let out = post(
        &site,
        &me,
        "/admin/sections",
        &[("name", ""), ("slug", "economy"), ("edition", "en")],
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER, "{}", out.body);
    assert!(!site.get("/en/").await.body.contains("/en/section/economy"));
    let missing = post(
        &site,
        &me,
        "/admin/sections",
        &[("name", "Sport"), ("slug", "sport"), ("edition", "en")],
    )
    .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(
        missing.body.contains("لا قسم بالاسم المختصر «sport»"),
        "{}",
        missing.body
    );

    // A bulletin runs in the edition chosen, and only there.
    let form = get(&site, &me, "/admin/urgent").await;
    assert!(
        form.body
            .contains("<option value=\"ar\" lang=\"ar\" selected>العربية</option>"),
        "{}",
        form.body
    );
    let added = post(
        &site,
        &me,
        "/admin/urgent",
        &[
            ("text", "Breaking: the metro opens"),
            ("article", ""),
            ("minutes", "30"),
            ("language", "en"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert!(
        site.get("/en/")
            .await
            .body
            .contains("Breaking: the metro opens")
    );
    assert!(
        !site
            .get("/")
            .await
            .body
            .contains("Breaking: the metro opens")
    );
}

#[tokio::test]
async fn a_static_page_belongs_to_one_edition_and_its_footer() {
    let site = site_with_editions(false).await;
    let me = editor(&site, Role::Admin).await;
    let form = get(&site, &me, "/admin/pages/new").await;
    assert!(
        form.body
            .contains("<select id=\"language\" name=\"language\">"),
        "{}",
        form.body
    );
    let saved = post(
        &site,
        &me,
        "/admin/pages",
        &[
            ("language", "en"),
            ("title", "About us"),
            ("slug", "about-us"),
            ("body", "An independent newsroom."),
            ("published", "on"),
            ("footer", "1"),
        ],
    )
    .await;
    assert!(saved.status.is_redirection(), "{}", saved.body);
    let english = site.get("/en/").await;
    assert!(
        english
            .body
            .contains("<a href=\"/en/page/about-us\">About us</a>"),
        "{}",
        english.body
    );
    assert!(!site.get("/").await.body.contains("About us"));
    let page = site.get("/en/page/about-us").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"en\" dir=\"ltr\">"));
    let elsewhere = site.get("/ar/page/about-us").await;
    assert_eq!(elsewhere.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(elsewhere.location(), "/en/page/about-us");
    let sitemap = site.get("/sitemaps/pages.xml").await;
    assert!(
        sitemap.body.contains("/en/page/about-us</loc>"),
        "{}",
        sitemap.body
    );
}
