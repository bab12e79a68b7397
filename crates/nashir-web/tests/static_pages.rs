//! Static pages (من نحن، اتصل بنا): written by editors in the newsroom, read at
//! /ar/page/{slug}, listed in every page's footer and in the sitemap; drafts
//! stay private; bad forms store nothing; a slug is taken once, however many
//! ask at the same moment.

mod common;

use axum::http::StatusCode;
use common::{Editor, Reply, Site, editor, get_as, post_as, site, visible_text};
use nashir_core::permissions::{Action, Role};

async fn save(site: &Site, who: &Editor, path: &str, fields: &[(&str, &str)]) -> Reply {
    post_as(site, who, path, fields).await
}

fn footer(body: &str) -> &str {
    let start = body.find("<footer").unwrap_or(body.len());
    &body[start..]
}

#[tokio::test]
async fn editors_write_pages_that_readers_find_in_the_footer_and_the_sitemap() {
    let site = site().await;
    let chief = editor(&site, Role::Editor).await;
    let home = site.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(!footer(&home.body).contains("من نحن"));
    assert_eq!(site.get("/").await.headers["x-cache"], "hit");

    let created = save(
        &site,
        &chief,
        "/admin/pages",
        &[
            ("title", "من نحن"),
            ("slug", ""),
            (
                "body",
                "موقع إخباري <b>مستقل</b>.\n\n## تاريخنا:\n\n- تأسس عام 2010\n- يصدر بثلاث لغات",
            ),
            ("published", "1"),
            ("footer", "1"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    assert_eq!(created.location(), "/admin/pages?saved=1");

    let page = site.get("/ar/page/%D9%85%D9%86-%D9%86%D8%AD%D9%86").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<h1 class=\"headline\">من نحن</h1>"));
    assert!(page.body.contains("<h2>تاريخنا:</h2>"));
    assert!(
        page.body
            .contains("<li><span class=\"dash\" aria-hidden=\"true\">– </span>تأسس عام 2010</li>")
    );
    // Markup typed in the text is text.
    assert!(!page.body.contains("<b>مستقل"));
    assert!(visible_text(&page.body).contains("<b>مستقل</b>"));
    assert!(page.body.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(page.body.contains("rel=\"canonical\""));

    // Every page's footer lists it at once: the cached front page is stale.
    let home = site.get("/").await;
    assert_eq!(home.headers["x-cache"], "miss");
    assert!(
        footer(&home.body).contains("href=\"/ar/page/%D9%85%D9%86-%D9%86%D8%AD%D9%86\">من نحن</a>")
    );
    let sitemap = site.get("/sitemaps/pages.xml").await;
    assert!(
        sitemap
            .body
            .contains("/ar/page/%D9%85%D9%86-%D9%86%D8%AD%D9%86</loc>"),
        "{}",
        sitemap.body
    );

    // A draft is the newsroom's only; out of the footer when it has no place.
    let draft = save(
        &site,
        &chief,
        "/admin/pages",
        &[
            ("title", "سياسة الخصوصية"),
            ("slug", "privacy"),
            ("body", "نص."),
            ("footer", "2"),
        ],
    )
    .await;
    assert_eq!(draft.status, StatusCode::SEE_OTHER, "{}", draft.body);
    assert_eq!(
        site.get("/ar/page/privacy").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!footer(&site.get("/").await.body).contains("privacy"));
    let list = get_as(&site, &chief, "/admin/pages").await;
    assert!(list.body.contains("سياسة الخصوصية") && list.body.contains("مسودة"));

    // Edited: a new slug, out of the footer.
    let stored = site.store.static_page("من-نحن").await.unwrap().unwrap();
    let edit = format!("/admin/pages/{}", stored.id);
    let form = get_as(&site, &chief, &edit).await;
    assert!(
        form.body.contains("## تاريخنا:"),
        "the body comes back as written"
    );
    let changed = save(
        &site,
        &chief,
        &edit,
        &[
            ("title", "عن الموقع"),
            ("slug", "about"),
            ("body", "نص جديد."),
            ("published", "1"),
            ("footer", ""),
        ],
    )
    .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let about = site.get("/ar/page/about").await;
    assert_eq!(about.status, StatusCode::OK);
    assert!(visible_text(&about.body).contains("نص جديد."));
    assert_eq!(
        site.get("/ar/page/%D9%85%D9%86-%D9%86%D8%AD%D9%86")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(!footer(&site.get("/").await.body).contains("/ar/page/about"));

    // Deleted.
    let deleted = save(&site, &chief, &format!("{edit}/delete"), &[]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);
    assert_eq!(
        site.get("/ar/page/about").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get_as(&site, &chief, &edit).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bad_forms_store_nothing_and_authors_are_refused() {
    let site = site().await;
    let chief = editor(&site, Role::Editor).await;
    let routes = nashir_web::admin_routes();
    for (method, path) in [
        ("GET", "/admin/pages"),
        ("POST", "/admin/pages"),
        ("POST", "/admin/pages/1"),
    ] {
        assert!(
            routes
                .iter()
                .any(|r| r.0 == method && r.1 == path && r.2 == Action::ManageSections),
            "{method} {path}"
        );
    }
    for (fields, says) in [
        (vec![("title", ""), ("body", "نص")], "العنوان مطلوب"),
        (
            vec![("title", "ع".repeat(201).leak() as &str), ("body", "")],
            "العنوان مطلوب",
        ),
        (
            vec![("title", "صفحة"), ("slug", "!!!"), ("body", "")],
            "الرابط المختصر",
        ),
        (vec![("title", "صفحة"), ("footer", "abc")], "ترتيب الصفحة"),
        (vec![("title", "صفحة"), ("footer", "0")], "ترتيب الصفحة"),
        (
            vec![("title", "صفحة"), ("body", "![صورة](media:999)")],
            "لا صورة بالرقم 999",
        ),
    ] {
        let reply = save(&site, &chief, "/admin/pages", &fields).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(reply.body.contains(says), "{fields:?}: {}", reply.body);
    }
    assert!(site.store.static_pages().await.unwrap().is_empty());

    let author = editor(&site, Role::Author).await;
    assert_eq!(
        get_as(&site, &author, "/admin/pages").await.status,
        StatusCode::FORBIDDEN
    );
    let refused = save(
        &site,
        &author,
        "/admin/pages",
        &[("title", "صفحة"), ("published", "1")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(site.store.static_pages().await.unwrap().is_empty());

    // A slug another page has is refused, with its address named.
    let first = save(
        &site,
        &chief,
        "/admin/pages",
        &[("title", "اتصل بنا"), ("slug", "contact")],
    )
    .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let second = save(
        &site,
        &chief,
        "/admin/pages",
        &[("title", "تواصل"), ("slug", "contact")],
    )
    .await;
    assert_eq!(second.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        second.body.contains("/ar/page/contact لصفحة أخرى"),
        "{}",
        second.body
    );
    assert_eq!(site.store.static_pages().await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_slug_asked_for_at_once_is_taken_once() {
    let site = site().await;
    let chief = editor(&site, Role::Editor).await;
    let tries = (0..8).map(|i| {
        let (site, chief) = (&site, &chief);
        async move {
            let title = format!("صفحة {i}");
            save(
                site,
                chief,
                "/admin/pages",
                &[("title", &title), ("slug", "same")],
            )
            .await
            .status
        }
    });
    let statuses = futures_util::future::join_all(tries).await;
    let saved = statuses
        .iter()
        .filter(|s| **s == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(saved, 1, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::UNPROCESSABLE_ENTITY)
    );
    assert_eq!(site.store.static_pages().await.unwrap().len(), 1);
}
