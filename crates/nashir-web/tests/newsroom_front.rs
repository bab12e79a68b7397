//! The urgent strip on every page, and the fronts editors curate, through the
//! newsroom's forms and the page cache.

mod common;

use axum::http::StatusCode;
use common::{editor, get_as, post_as, site};
use nashir_app::Imported;
use nashir_core::permissions::Role;
use nashir_core::slug::article_href;

/// Where pages link to an imported story.
fn href(story: &Imported) -> String {
    article_href(
        nashir_core::language::Language::Arabic,
        story.id,
        story.path.rsplit('/').next().unwrap_or(""),
    )
}

const STRIP: &str = "<aside class=\"urgent\"";

#[tokio::test]
async fn an_urgent_line_shows_on_every_page_until_it_ends() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let story = site.import("ref", common::REFERENCE).await;
    let pages = [
        "/".to_string(),
        story.path.clone(),
        "/ar/latest".into(),
        "/ar/section/news".into(),
        "/ar/most-read".into(),
        "/ar/corrections".into(),
        "/search?q=%D8%AE%D8%A8%D8%B1".into(),
        "/no-such-page".into(),
    ];
    for page in &pages {
        let reply = site.get(page).await;
        assert!(!reply.body.contains(STRIP), "{page}: no strip yet");
    }
    let form = get_as(&site, &me, &format!("/admin/urgent?article={}", story.id)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains(&format!("<option value=\"{}\" selected>", story.id))
    );

    let added = post_as(
        &site,
        &me,
        "/admin/urgent",
        &[
            ("text", "عاجل: <انفجار> في الميناء"),
            ("article", &story.id.to_string()),
            ("minutes", "30"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    for page in &pages {
        let reply = site.get(page).await;
        let strip = reply
            .body
            .split(STRIP)
            .nth(1)
            .unwrap_or_else(|| panic!("{page}: no strip"));
        assert!(
            strip.contains(&format!(
                "<a href=\"{}\">عاجل: &#60;انفجار&#62; في الميناء</a>",
                href(&story)
            )),
            "{page}: {strip}"
        );
    }
    let print = site.get(&format!("{}/print", story.path)).await;
    assert!(!print.body.contains(STRIP), "the print view leaves it out");

    // Cached pages drop it once it has run its time (upkeep marks them stale).
    let cached = site.get("/ar/latest").await;
    assert_eq!(cached.headers["x-cache"], "hit");
    site.set_now("2026-01-01T01:00:00Z");
    site.app.expire_urgent();
    for page in &pages {
        assert!(
            !site.get(page).await.body.contains(STRIP),
            "{page}: expired"
        );
    }

    post_as(&site, &me, "/admin/urgent", &[("text", "خبر بلا رابط")]).await;
    let home = site.get("/").await;
    assert!(
        home.body
            .contains("<strong class=\"urgent-label\">عاجل</strong> خبر بلا رابط</p>")
    );
    let list = get_as(&site, &me, "/admin/urgent").await;
    let id = list
        .body
        .split("action=\"/admin/urgent/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap()
        .to_string();
    let forged = site
        .request(
            axum::http::Request::post(format!("/admin/urgent/{id}/end"))
                .header("cookie", &me.cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(axum::body::Body::from("csrf=forged"))
                .unwrap(),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(
        site.get("/").await.body.contains(STRIP),
        "a forged form ends nothing"
    );
    let ended = post_as(&site, &me, &format!("/admin/urgent/{id}/end"), &[]).await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    assert!(!site.get("/").await.body.contains(STRIP), "ended at once");

    let empty = post_as(&site, &me, "/admin/urgent", &[("text", " ")]).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains("اكتب نص الخبر العاجل"));
}

#[tokio::test]
async fn editors_choose_the_lead_story() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let old = site.import("old", common::REFERENCE).await;
    site.set_now("2026-01-02T00:00:00Z");
    let newer = site
        .import(
            "new",
            "التحديث الاخير بتاريخ|الخميس, يناير 1, 2026\n\nخبر أحدث من غيره\n\nمقدمة الخبر الأحدث.\n\nفقرة."
                .as_bytes(),
        )
        .await;
    let lead = |body: &str| {
        body.split("<section class=\"lead-story")
            .nth(1)
            .and_then(|s| s.split("</section>").next())
            .unwrap_or("")
            .to_string()
    };
    assert!(
        lead(&site.get("/").await.body).contains(&href(&newer)),
        "the newest leads"
    );
    let page = get_as(&site, &me, "/admin/front").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("<select id=\"slot-").count(), 7);

    let id = old.id.to_string();
    let placed = post_as(&site, &me, "/admin/front", &[("front", "0"), ("slot", &id)]).await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.body);
    assert!(
        lead(&site.get("/").await.body).contains(&href(&old)),
        "the placed story leads at once"
    );
    let page = get_as(&site, &me, "/admin/front").await;
    assert!(
        page.body
            .contains(&format!("<option value=\"{id}\" selected>"))
    );

    let twice = post_as(
        &site,
        &me,
        "/admin/front",
        &[("front", "0"), ("slot", &id), ("slot", &id)],
    )
    .await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);
    assert!(twice.body.contains("مكرر"));
    let author = editor(&site, Role::Author).await;
    assert_eq!(
        get_as(&site, &author, "/admin/front").await.status,
        StatusCode::FORBIDDEN
    );
    let cleared = post_as(&site, &me, "/admin/front", &[("front", "0"), ("slot", "")]).await;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER);
    assert!(lead(&site.get("/").await.body).contains(&href(&newer)));
}
