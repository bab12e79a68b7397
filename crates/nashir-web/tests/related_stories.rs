//! Related stories (اقرأ أيضاً): under the article, chosen by the index as articles
//! change, the page cache following; the newsroom's page pins and removes them,
//! for whoever may edit the article.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::{Site, collection, editor, get_as, post_as, site_with_search, visible_text};
use nashir_core::permissions::{Action, Role};

/// The related section of a page: the part between its heading and the comments.
fn related_section(body: &str) -> Option<&str> {
    let start = body.find("<section class=\"related\"")?;
    let end = body[start..].find("</section>")? + start;
    Some(&body[start..end])
}

/// What upkeep does every 250 ms: reads the change log the index writes to.
async fn page(site: &Site, path: &str) -> common::Reply {
    site.app.observe_changes().await.unwrap();
    site.get(path).await
}

/// Polls `path` until its related section passes `done`.
async fn wait_for(site: &Site, path: &str, done: impl Fn(&str) -> bool) -> common::Reply {
    let started = Instant::now();
    loop {
        let reply = page(site, path).await;
        if related_section(&reply.body).is_some_and(&done) {
            return reply;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{path}: {:?}",
            related_section(&reply.body)
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The collection, imported; returns OPEC's path, the start of the links to the
/// Gulf budgets story, and its id.
async fn site_with_collection() -> (Site, String, String, i64) {
    let site = site_with_search().await;
    let (mut opec, mut gulf) = (None, None);
    for (name, bytes) in collection() {
        let imported = site.import(&name, &bytes).await;
        match name.as_str() {
            "01-opec-output-cuts" => opec = Some(imported),
            "02-gulf-budgets-oil" => gulf = Some(imported),
            _ => {}
        }
    }
    let (opec, gulf) = (opec.unwrap(), gulf.unwrap());
    (
        site,
        opec.path,
        format!("href=\"/ar/news/{}/", gulf.id),
        gulf.id.0,
    )
}

fn teasers(section: &str) -> usize {
    section.matches("<li class=\"teaser").count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_shows_what_the_index_chose_and_follows_every_change() {
    let (site, opec, gulf, gulf_id) = site_with_collection().await;
    let shown = wait_for(&site, &opec, |s| s.contains(&gulf) && teasers(s) == 5).await;
    let section = related_section(&shown.body).unwrap();
    assert!(section.contains("<h2 id=\"related-title\" class=\"block-title\">اقرأ أيضاً</h2>"));
    assert_eq!(teasers(section), 5);
    assert!(section.contains("<time datetime="), "each with its date");
    // Under the article, before the comments; not on the printed page.
    let at = |needle: &str| shown.body.find(needle).unwrap();
    assert!(
        at("</article>") < at("class=\"related\"")
            && at("class=\"related\"") < at("id=\"comments\"")
    );
    let print = site.get(&format!("{opec}/print")).await;
    assert_eq!(print.status, StatusCode::OK);
    assert!(related_section(&print.body).is_none());

    // Kept, until one of the stories it shows changes: its new headline shows.
    assert_eq!(site.get(&opec).await.headers["x-cache"], "hit");
    let (_, gulf_text) = collection()
        .into_iter()
        .find(|(n, _)| n == "02-gulf-budgets-oil")
        .unwrap();
    let renamed = String::from_utf8(gulf_text)
        .unwrap()
        .replacen("موازنات", "ميزانيات", 1);
    site.import("02-gulf-budgets-oil", renamed.as_bytes()).await;
    let title = nashir_core::import::parse_reference_text(renamed.as_bytes())
        .unwrap()
        .title;
    let reply = site.get(&opec).await;
    assert_eq!(reply.headers["x-cache"], "miss");
    assert!(
        visible_text(related_section(&reply.body).unwrap()).contains(&title),
        "{title}"
    );

    // Removed by the newsroom: gone at once, its place filled.
    let chief = editor(&site, Role::Editor).await;
    let id = opec.split('/').nth(3).unwrap();
    let before = site.get(&opec).await;
    let removed = post_as(
        &site,
        &chief,
        &format!("/admin/articles/{id}/related"),
        &[("action", "remove"), ("article", &gulf_id.to_string())],
    )
    .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    let after = site.get(&opec).await;
    assert_eq!(after.headers["x-cache"], "miss");
    assert!(!related_section(&after.body).unwrap_or("").contains(&gulf));
    assert_ne!(before.headers["etag"], after.headers["etag"]);
    // Still five: from the spares the index stored, or, when it had none yet,
    // once it has chosen again (the removal asks it to).
    wait_for(&site, &opec, |s| !s.contains(&gulf) && teasers(s) == 5).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_newsroom_pins_removes_and_restores_for_whoever_may_edit() {
    // The route table names the page and its form with the permission they need.
    let routes = nashir_web::admin_routes();
    for method in ["GET", "POST"] {
        assert!(
            routes.iter().any(|r| r.0 == method
                && r.1 == "/admin/articles/1/related"
                && r.2 == Action::WriteOwnDrafts),
            "{method}"
        );
    }

    let (site, opec, gulf, gulf_id) = site_with_collection().await;
    wait_for(&site, &opec, |s| s.contains(&gulf) && teasers(s) == 5).await;
    let id = opec.split('/').nth(3).unwrap().to_string();
    let desk = format!("/admin/articles/{id}/related");

    // An author may open the newsroom's page for their own articles only: the
    // route lets them in, the use-case says no.
    let author = editor(&site, Role::Author).await;
    assert_eq!(
        get_as(&site, &author, &desk).await.status,
        StatusCode::FORBIDDEN
    );
    let refused = post_as(
        &site,
        &author,
        &desk,
        &[("action", "remove"), ("article", &gulf_id.to_string())],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let draft = post_as(
        &site,
        &author,
        "/admin/articles",
        &[
            ("title", "أسعار النفط تتراجع مع زيادة المعروض"),
            ("lead", "تراجعت أسعار النفط الخام."),
            ("body", "قال متعاملون إن أوبك قد تعيد النظر في خفض الإنتاج."),
            ("section", "news"),
            ("action", "draft"),
        ],
    )
    .await;
    assert_eq!(draft.status, StatusCode::SEE_OTHER, "{}", draft.body);
    let own = format!("{}/related", draft.location());
    let mine = get_as(&site, &author, &own).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);

    let chief = editor(&site, Role::Editor).await;
    let page = get_as(&site, &chief, &desk).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("تلقائي"));
    assert!(
        page.body
            .contains(&format!("name=\"article\" value=\"{gulf_id}\""))
    );

    // Pinned by a link to the article: first under it, marked so here.
    let film = collection()
        .into_iter()
        .position(|(n, _)| n == "57-four-daughters-oscar")
        .unwrap();
    let film_path = site
        .get(&format!("/ar/news/{}", film + 1))
        .await
        .location()
        .to_string();
    let pinned = post_as(
        &site,
        &chief,
        &desk,
        &[
            ("action", "pin"),
            ("article", &format!("https://news.example{film_path}")),
        ],
    )
    .await;
    assert_eq!(pinned.status, StatusCode::SEE_OTHER, "{}", pinned.body);
    assert_eq!(pinned.location(), format!("{desk}?done=pin"));
    let page = get_as(&site, &chief, pinned.location()).await;
    assert!(page.body.contains("ثُبّت الخبر"));
    assert!(page.body.contains("مثبّت"));
    let reader = site.get(&opec).await;
    let section = related_section(&reader.body).unwrap();
    let first = section
        .split("<h3 class=\"teaser-title\"><a href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next());
    assert_eq!(
        first,
        Some(film_path.as_str()),
        "the pinned story comes first"
    );
    assert_eq!(teasers(section), 5);

    // A number nobody has, or nothing at all: said so, the form kept; no token: refused.
    let unknown = post_as(
        &site,
        &chief,
        &desk,
        &[("action", "pin"), ("article", "999999")],
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(unknown.body.contains("لا خبر بالرقم 999999"));
    assert!(unknown.body.contains("value=\"999999\""));
    let empty = post_as(&site, &chief, &desk, &[("action", "pin"), ("article", "")]).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    let itself = post_as(&site, &chief, &desk, &[("action", "pin"), ("article", &id)]).await;
    assert_eq!(itself.status, StatusCode::BAD_REQUEST);
    let forged = site
        .request(
            axum::http::Request::post(&desk)
                .header(axum::http::header::COOKIE, &chief.cookie)
                .header(
                    axum::http::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(axum::body::Body::from("csrf=nope&action=remove&article=2"))
                .unwrap(),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // Removed, restored, unpinned; each in the audit log.
    for action in ["remove", "restore"] {
        let reply = post_as(
            &site,
            &chief,
            &desk,
            &[("action", action), ("article", &gulf_id.to_string())],
        )
        .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{action}");
    }
    let unpinned = post_as(
        &site,
        &chief,
        &desk,
        &[("action", "unpin"), ("article", &(film + 1).to_string())],
    )
    .await;
    assert_eq!(unpinned.status, StatusCode::SEE_OTHER);
    let log: Vec<String> = site
        .store
        .audit_log(10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in [
        "related.pin",
        "related.remove",
        "related.restore",
        "related.unpin",
    ] {
        assert!(log.iter().any(|a| a == action), "{action}: {log:?}");
    }
    let reader = site.get(&opec).await;
    assert!(!related_section(&reader.body).unwrap().contains(&film_path));
}
