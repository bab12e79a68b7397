//! Live coverage through the site: the newsroom's desk and its forms, the
//! reader's page (entries newest first with their anchors and times, the
//! `LiveBlogPosting`), the fragment the page polls, kept by the page cache and
//! rendered again when the change log says an entry was written, and the print
//! view and the feeds.

mod common;

use axum::http::{StatusCode, header};
use common::{Editor, REFERENCE, Site, editor, get_as, post_as, site, visible_text};
use nashir_app::Audit;
use nashir_app::records::{EntryText, LiveOutcome, LiveWrite};
use nashir_core::ArticleId;
use nashir_core::live::EntryKind;
use nashir_core::permissions::Role;
use nashir_core::slug::article_href;

/// The reference article, published; its id and path (percent-encoded, as
/// links write it).
async fn published(site: &Site) -> (ArticleId, String) {
    let imported = site.import("ref", REFERENCE).await;
    let slug = imported.path.rsplit('/').next().unwrap_or_default();
    (
        imported.id,
        article_href(nashir_core::language::Language::Arabic, imported.id, slug),
    )
}

async fn desk_post(
    site: &Site,
    who: &Editor,
    id: ArticleId,
    fields: &[(&str, &str)],
) -> common::Reply {
    post_as(site, who, &format!("/admin/articles/{id}/live"), fields).await
}

/// Adds a text entry through the desk; answers its id.
async fn add(site: &Site, who: &Editor, id: ArticleId, body: &str) -> i64 {
    let reply = desk_post(
        site,
        who,
        id,
        &[("action", "add"), ("kind", "text"), ("body", body)],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(
        reply.location(),
        format!("/admin/articles/{id}/live?done=add")
    );
    newest_entry(site, id).await
}

async fn newest_entry(site: &Site, id: ArticleId) -> i64 {
    let a = site.store.article(id).await.unwrap().unwrap();
    site.app.live_entries(&a, None).await.unwrap().entries[0].id
}

/// The page's schema.org object.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").unwrap();
    let json = &html[start..].split_once('>').unwrap().1;
    let json = json.split_once("</script>").unwrap().0;
    serde_json::from_str(json).unwrap()
}

fn position(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the page"))
}

#[tokio::test]
async fn a_live_article_shows_its_entries_newest_first_and_says_so_to_search_engines() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let (id, path) = published(&site).await;
    let before = site.get(&path).await;
    assert!(
        !before.body.contains("live-blog"),
        "no coverage, no section"
    );
    assert_eq!(json_ld(&before.body)["@type"], "NewsArticle");

    site.set_now("2026-01-02T10:00:00Z");
    let started = desk_post(&site, &me, id, &[("action", "start")]).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    site.set_now("2026-01-02T10:05:00Z");
    let first = add(
        &site,
        &me,
        id,
        "فُتحت المراكز.\n\nانظر https://example.org/a <script>alert(1)</script>",
    )
    .await;
    site.set_now("2026-01-02T10:20:00Z");
    let quote = desk_post(
        &site,
        &me,
        id,
        &[
            ("action", "add"),
            ("kind", "quote"),
            ("body", "«الإقبال كبير»"),
            ("attribution", "رئيس اللجنة"),
        ],
    )
    .await;
    assert_eq!(quote.status, StatusCode::SEE_OTHER);
    let second = newest_entry(&site, id).await;

    let page = site.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = &page.body;
    assert!(html.contains(&format!(
        "data-live-src=\"{path}/live\" data-live-every=\"30\""
    )));
    assert!(html.contains("<span class=\"live-badge\" data-live-badge>مباشر</span>"));
    assert!(html.contains("/assets/live."), "the polling script");
    let (newer, older) = (
        position(
            html,
            &format!("<article class=\"live-entry live-quote\" id=\"entry-{second}\">"),
        ),
        position(
            html,
            &format!("<article class=\"live-entry live-text\" id=\"entry-{first}\">"),
        ),
    );
    assert!(newer < older, "newest first");
    assert!(
        position(html, "class=\"article-body\"") < newer,
        "under the body"
    );
    assert!(html.contains(&format!(
        "<a href=\"#entry-{first}\"><time datetime=\"2026-01-02T10:05:00Z\">10:05</time></a>"
    )));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("<a href=\"https://example.org/a\" rel=\"nofollow ugc noopener\">"));
    assert!(html.contains("<p>فُتحت المراكز.</p>"), "paragraphs");
    assert!(html.contains("<p class=\"live-attribution\">— <bdi>رئيس اللجنة</bdi></p>"));
    let text = visible_text(html);
    assert!(text.contains("مباشر بدأت التغطية"), "{text}");

    let ld = json_ld(html);
    assert_eq!(ld["@type"], "LiveBlogPosting");
    assert_eq!(ld["coverageStartTime"], "2026-01-02T10:00:00Z");
    assert!(ld.get("coverageEndTime").is_none());
    assert!(
        ld["headline"].is_string() && ld["publisher"].is_object(),
        "NewsArticle's fields stay"
    );
    assert_eq!(
        ld["dateModified"], "2026-01-02T10:20:00Z",
        "an entry is an update"
    );
    let updates = ld["liveBlogUpdate"].as_array().unwrap();
    assert_eq!(updates.len(), 2);
    assert_eq!(updates[0]["@type"], "BlogPosting");
    assert_eq!(updates[0]["articleBody"], "«الإقبال كبير» — رئيس اللجنة");
    assert_eq!(updates[0]["datePublished"], "2026-01-02T10:20:00Z");
    assert!(
        updates[0]["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{path}#entry-{second}"))
    );
    assert_eq!(
        updates[1]["headline"],
        "فُتحت المراكز. انظر https://example.org/a <script>alert(1)</script>"
    );
    assert!(
        !html.contains("<script>alert(1)</script>"),
        "escaped in the JSON-LD too"
    );

    // The feeds: the article's entry is updated with its newest entry.
    let atom = site.get("/feed.atom").await;
    assert!(
        atom.body
            .contains("<updated>2026-01-02T10:20:00Z</updated>"),
        "{}",
        atom.body
    );

    // The print view shows the entries, and polls nothing.
    let print = site.get(&format!("{path}/print")).await;
    assert!(print.body.contains(&format!("id=\"entry-{first}\"")));
    assert!(!print.body.contains("data-live-src"));

    site.set_now("2026-01-02T18:00:00Z");
    let closed = desk_post(&site, &me, id, &[("action", "close")]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    let page = site.get(&path).await;
    assert!(page.body.contains("انتهت التغطية"));
    assert!(
        !page.body.contains("data-live-src"),
        "a closed coverage polls nothing"
    );
    assert!(!page.body.contains("/assets/live."));
    assert!(!page.body.contains("data-live-badge"));
    let ld = json_ld(&page.body);
    assert_eq!(ld["@type"], "LiveBlogPosting");
    assert_eq!(ld["coverageEndTime"], "2026-01-02T18:00:00Z");
}

#[tokio::test]
async fn the_fragment_is_kept_and_rendered_again_when_the_change_log_says_so() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let (id, path) = published(&site).await;
    let fragment = format!("{path}/live");
    assert_eq!(
        site.get(&fragment).await.status,
        StatusCode::NOT_FOUND,
        "no coverage"
    );
    desk_post(&site, &me, id, &[("action", "start")]).await;
    let first = add(&site, &me, id, "أول تحديث").await;

    let one = site.get(&fragment).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.headers["x-cache"], "miss");
    assert!(one.body.contains(&format!("id=\"entry-{first}\"")));
    assert!(!one.body.contains("<html"), "the entries alone");
    assert!(one.body.contains("<span class=\"live-badge\">مباشر</span>"));
    let again = site.get(&fragment).await;
    assert_eq!(again.headers["x-cache"], "hit");
    let etag = again.headers[header::ETAG].to_str().unwrap().to_string();
    let revalidated = site
        .request(
            axum::http::Request::get(&fragment)
                .header(header::IF_NONE_MATCH, &etag)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        revalidated.status,
        StatusCode::NOT_MODIFIED,
        "a poll costs a 304"
    );

    // A new entry from this node: the next poll renders it.
    site.set_now("2026-01-01T00:01:00Z");
    let second = add(&site, &me, id, "ثاني تحديث").await;
    let after = site.get(&fragment).await;
    assert_eq!(after.headers["x-cache"], "miss");
    assert!(
        position(&after.body, &format!("id=\"entry-{second}\""))
            < position(&after.body, &format!("id=\"entry-{first}\""))
    );
    assert_ne!(after.headers[header::ETAG], etag);

    // Another node's write reaches this one through the change log alone.
    let entry = EntryText {
        kind: EntryKind::Text,
        body: "من عقدة أخرى".into(),
        attribution: String::new(),
        media: None,
    };
    let write = LiveWrite::Add {
        entry,
        by: 1,
        max: 2000,
    };
    let audit = Audit {
        by: Some(1),
        action: "live.add".into(),
        target: "test".into(),
    };
    let outcome = site
        .store
        .live_write(id, &write, &audit, site.app.clock.now())
        .await
        .unwrap();
    assert!(matches!(outcome, LiveOutcome::Done(_)));
    assert_eq!(
        site.get(&fragment).await.headers["x-cache"],
        "hit",
        "not seen yet"
    );
    site.app.observe_changes().await.unwrap();
    let seen = site.get(&fragment).await;
    assert_eq!(seen.headers["x-cache"], "miss");
    assert!(seen.body.contains("من عقدة أخرى"));
    let page = site.get(&path).await;
    assert!(page.body.contains("من عقدة أخرى"), "the page follows too");

    // Other slugs lead to the current one's; closed coverage says so, and stops.
    let slugless = format!("/ar/news/{id}/x/live");
    let moved = site.get(&slugless).await;
    assert_eq!(moved.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(moved.location(), fragment);
    desk_post(&site, &me, id, &[("action", "close")]).await;
    let closed = site.get(&fragment).await;
    assert!(
        closed
            .body
            .contains("<span class=\"live-ended\" data-live-ended>انتهت التغطية</span>")
    );
    assert_eq!(
        site.get("/ar/news/999/x/live").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn older_entries_are_a_page_away() {
    let site = site().await;
    editor(&site, Role::Editor).await;
    let user = site.store.users().await.unwrap().remove(0);
    let (id, path) = published(&site).await;
    assert_eq!(
        site.get(&format!("{path}?before=1")).await.status,
        StatusCode::NOT_FOUND,
        "no coverage, no older entries"
    );
    site.app
        .set_coverage(&user, id, nashir_app::live::CoverageAction::Start)
        .await
        .unwrap();
    let page_size = nashir_app::live::PAGE_ENTRIES as usize;
    let mut ids = Vec::new();
    for i in 0..=page_size {
        let form = nashir_app::live::EntryForm {
            kind: "text".into(),
            body: format!("تحديث رقم {i}"),
            ..Default::default()
        };
        ids.push(site.app.add_live_entry(&user, id, &form).await.unwrap());
    }
    let page = site.get(&path).await;
    assert_eq!(page.body.matches("class=\"live-entry ").count(), page_size);
    let oldest_shown = ids[1];
    let older = format!("{path}?before={oldest_shown}#live");
    assert!(
        page.body
            .contains(&format!("<a href=\"{older}\">تحديثات أقدم</a>"))
    );
    let older_page = site.get(&format!("{path}?before={oldest_shown}")).await;
    assert_eq!(older_page.status, StatusCode::OK);
    assert_eq!(older_page.body.matches("class=\"live-entry ").count(), 1);
    assert!(
        older_page
            .body
            .contains(&format!("id=\"entry-{}\"", ids[0]))
    );
    assert!(older_page.body.contains("أحدث التحديثات"));
    assert!(
        !older_page.body.contains("data-live-src"),
        "only the newest page polls"
    );
    // One cache entry per page: unread parameters are not part of its key.
    let junk = site.get(&format!("{path}?before={oldest_shown}&x=1")).await;
    assert_eq!(junk.headers["x-cache"], "hit");
    assert_eq!(
        site.get(&format!("{path}?before={}", ids[0])).await.status,
        StatusCode::NOT_FOUND,
        "past the oldest"
    );
}

#[tokio::test]
async fn the_newsroom_desk_runs_the_coverage_through_its_forms() {
    let site = site().await;
    let author = editor(&site, Role::Author).await;
    let contributor = editor(&site, Role::Contributor).await;
    let created = post_as(
        &site,
        &author,
        "/admin/articles",
        &[
            ("title", "قمة المناخ: تغطية مباشرة"),
            ("lead", "من قاعة المؤتمر"),
            ("body", "فقرة"),
            ("section", "news"),
            ("action", "publish"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id = ArticleId(
        created
            .location()
            .rsplit('/')
            .next()
            .unwrap()
            .parse()
            .unwrap(),
    );
    let desk_path = format!("/admin/articles/{id}/live");

    let editor_page = get_as(&site, &author, &format!("/admin/articles/{id}")).await;
    assert!(
        editor_page
            .body
            .contains(&format!("<a href=\"{desk_path}\">التغطية المباشرة</a>"))
    );
    let desk = get_as(&site, &author, &desk_path).await;
    assert_eq!(desk.status, StatusCode::OK);
    assert!(desk.body.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(desk.body.contains("بدء التغطية المباشرة"));
    assert_eq!(desk.headers[header::CACHE_CONTROL], "private, no-store");
    assert!(
        !desk.body.contains("name=\"body\""),
        "no entry form before the start"
    );

    // The route lets authors in; the use-case keeps them to their own articles.
    assert_eq!(
        get_as(&site, &contributor, &desk_path).await.status,
        StatusCode::FORBIDDEN
    );
    let (other, _) = published(&site).await;
    let theirs = get_as(&site, &author, &format!("/admin/articles/{other}/live")).await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
    let post_theirs = desk_post(&site, &author, other, &[("action", "start")]).await;
    assert_eq!(post_theirs.status, StatusCode::FORBIDDEN);

    // Every form needs the session's token.
    for csrf in ["", "0000"] {
        let forged = site
            .request(
                axum::http::Request::post(&desk_path)
                    .header(header::COOKIE, &author.cookie)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(axum::body::Body::from(format!("csrf={csrf}&action=start")))
                    .unwrap(),
            )
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(site.store.article(id).await.unwrap().unwrap().live, None);

    let started = desk_post(&site, &author, id, &[("action", "start")]).await;
    assert_eq!(started.location(), format!("{desk_path}?done=start"));
    let desk = get_as(&site, &author, started.location()).await;
    assert!(desk.body.contains("بدأت التغطية المباشرة."), "the notice");
    assert!(desk.body.contains("إنهاء التغطية"));
    assert!(desk.body.contains("<textarea id=\"body\" name=\"body\""));

    let refused = desk_post(
        &site,
        &author,
        id,
        &[
            ("action", "add"),
            ("kind", "quote"),
            ("attribution", "الأمين العام"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("اكتب نص الاقتباس."));
    assert!(
        refused.body.contains("value=\"الأمين العام\""),
        "what was typed stays"
    );
    assert!(refused.body.contains("value=\"quote\" checked"));

    let entry = add(&site, &author, id, "افتُتحت القمة.").await;
    let desk = get_as(&site, &author, &desk_path).await;
    assert!(desk.body.contains("افتُتحت القمة."));
    let fixing = get_as(&site, &author, &format!("{desk_path}?edit={entry}")).await;
    assert!(fixing.body.contains("تعديل تحديث"));
    assert!(
        fixing
            .body
            .contains(&format!("name=\"entry\" value=\"{entry}\""))
    );
    assert!(fixing.body.contains(">افتُتحت القمة.</textarea>"));
    let fixed = desk_post(
        &site,
        &author,
        id,
        &[
            ("action", "edit"),
            ("entry", &entry.to_string()),
            ("kind", "text"),
            ("body", "افتُتحت القمة صباحاً."),
        ],
    )
    .await;
    assert_eq!(fixed.location(), format!("{desk_path}?done=edit"));
    let public = site
        .get(&site.store.article(id).await.unwrap().unwrap().path())
        .await;
    assert!(public.body.contains("افتُتحت القمة صباحاً."));
    assert!(public.body.contains("(عُدّل)"));

    let deleted = desk_post(
        &site,
        &author,
        id,
        &[("action", "delete"), ("entry", &entry.to_string())],
    )
    .await;
    assert_eq!(deleted.location(), format!("{desk_path}?done=delete"));
    let bad = desk_post(&site, &author, id, &[("action", "explode")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let cancelled = desk_post(&site, &author, id, &[("action", "cancel")]).await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);

    let actions: Vec<String> = site
        .store
        .audit_log(5)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "live.cancel",
            "live.delete",
            "live.edit",
            "live.add",
            "live.start"
        ]
    );
}
