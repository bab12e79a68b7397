//! Redirects end to end: old addresses (a WordPress site's, percent-encoded
//! Arabic in either hex case, with or without a trailing slash, `/?p=N`) answer
//! 301 with their new path, added and deleted in the newsroom and followed at
//! once, past the page cache; what is refused is refused whole, in Arabic.

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{Editor, Reply, Site, editor, get_as, post_as, site};
use nashir_app::Imported;
use nashir_core::permissions::Role;
use nashir_core::slug::article_href;

/// Where pages link to an imported story (percent-encoded).
fn href(story: &Imported) -> String {
    article_href(
        nashir_core::language::Language::Arabic,
        story.id,
        story.path.rsplit('/').next().unwrap_or(""),
    )
}

async fn add(site: &Site, who: &Editor, from: &str, to: &str) -> Reply {
    post_as(site, who, "/admin/redirects", &[("from", from), ("to", to)]).await
}

async fn stored(site: &Site) -> Vec<(String, String)> {
    site.store
        .redirects("", 0, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.from, r.to))
        .collect()
}

fn assert_moved(reply: &Reply, to: &str, what: &str) {
    assert_eq!(
        reply.status,
        StatusCode::MOVED_PERMANENTLY,
        "{what}: {}",
        reply.body
    );
    assert_eq!(reply.location(), to, "{what}");
    assert!(reply.body.is_empty(), "{what}");
}

/// `الاقتصاد-المصري` percent-encoded, upper- and lower-case hex.
const SLUG_UPPER: &str =
    "%D8%A7%D9%84%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF-%D8%A7%D9%84%D9%85%D8%B5%D8%B1%D9%8A";

#[tokio::test]
async fn old_arabic_addresses_move_in_either_hex_case_with_or_without_a_slash() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let story = site.import("ref", common::REFERENCE).await;
    let to = href(&story);
    // Typed as WordPress links it: encoded, lower-case hex, a trailing slash, on
    // the old site's host.
    let typed = format!(
        "https://old.example.com/2020/01/{}/",
        SLUG_UPPER.to_lowercase()
    );
    let added = add(&site, &me, &typed, &story.path).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(
        stored(&site).await,
        vec![("/2020/01/الاقتصاد-المصري".to_string(), story.path.clone())],
        "stored decoded, without the host or the slash"
    );
    for asked in [
        format!("/2020/01/{SLUG_UPPER}/"),
        format!("/2020/01/{SLUG_UPPER}"),
        format!("/2020/01/{}/", SLUG_UPPER.to_lowercase()),
        format!("/2020/01/{}", SLUG_UPPER.to_lowercase()),
        format!("/2020/01/{SLUG_UPPER}/?utm_source=facebook&fbclid=x"),
    ] {
        assert_moved(&site.get(&asked).await, &to, &asked);
    }
    let head = site
        .request(
            Request::head(format!("/2020/01/{SLUG_UPPER}/"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_moved(&head, &to, "HEAD");
    // And the move lands on the article.
    let landed = site.get(&to).await;
    assert_eq!(landed.status, StatusCode::OK);
    // Another path, or a prefix of it, is not found.
    for other in ["/2020/01", "/2020/01/%D8%A7", "/2020/01/x/"] {
        assert_eq!(
            site.get(other).await.status,
            StatusCode::NOT_FOUND,
            "{other}"
        );
    }
}

#[tokio::test]
async fn wordpress_query_addresses_move_and_other_queries_are_ignored() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let story = site.import("ref", common::REFERENCE).await;
    let to = href(&story);
    for (from, target) in [
        ("/?p=123", story.path.as_str()),
        ("/?page_id=7", "/ar/section/news"),
        ("/old-slug/", story.path.as_str()),
        ("/index.php?p=5", "/ar/latest"),
    ] {
        let added = add(&site, &me, from, target).await;
        assert_eq!(
            added.status,
            StatusCode::SEE_OTHER,
            "{from}: {}",
            added.body
        );
    }
    assert_moved(&site.get("/?p=123").await, &to, "/?p=123");
    assert_moved(
        &site.get("/?utm_source=x&p=123").await,
        &to,
        "a parameter more",
    );
    assert_moved(
        &site.get("/?page_id=7").await,
        "/ar/section/news",
        "page_id",
    );
    // The stored path has no query: any query still finds it.
    assert_moved(
        &site.get("/old-slug/?utm_source=x").await,
        &to,
        "query ignored",
    );
    assert_moved(&site.get("/old-slug?a=1&b=2").await, &to, "query ignored");
    // A stored query must be asked for.
    assert_eq!(site.get("/index.php").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        site.get("/index.php?p=6").await.status,
        StatusCode::NOT_FOUND
    );
    assert_moved(&site.get("/index.php?p=5").await, "/ar/latest", "index.php");
    // The front page with another query, or none, is the front page.
    for home in ["/", "/?p=124", "/?s=%D8%AE%D8%A8%D8%B1"] {
        let reply = site.get(home).await;
        assert_eq!(reply.status, StatusCode::OK, "{home}");
        assert!(reply.location().is_empty(), "{home}");
    }
}

#[tokio::test]
async fn a_redirect_works_at_once_even_after_its_404_and_the_front_page_were_kept() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let story = site.import("ref", common::REFERENCE).await;
    let to = href(&story);
    for _ in 0..2 {
        let gone = site.get("/2019/05/gone/").await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
        assert!(gone.body.contains("lang=\"ar\""), "the Arabic 404 page");
    }
    // The front page's cache keys no query: `/?p=77` is the kept front page.
    site.get("/?p=77").await;
    let kept = site.get("/?p=77").await;
    assert_eq!(kept.status, StatusCode::OK);
    assert_eq!(kept.headers["x-cache"], "hit");

    assert_eq!(
        add(&site, &me, "/2019/05/gone/", &story.path).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        add(&site, &me, "/?p=77", &story.path).await.status,
        StatusCode::SEE_OTHER
    );
    assert_moved(&site.get("/2019/05/gone/").await, &to, "after a 404");
    assert_moved(&site.get("/?p=77").await, &to, "past the kept front page");
    assert_eq!(site.get("/").await.status, StatusCode::OK);

    // Deleted in the newsroom: 404 (and the front page) again at once.
    let list = get_as(&site, &me, "/admin/redirects").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("/2019/05/gone"), "{}", list.body);
    assert!(list.body.contains("غرفة الأخبار"));
    let deleted = post_as(
        &site,
        &me,
        "/admin/redirects/delete",
        &[("from", "/2019/05/gone"), ("page", "1")],
    )
    .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);
    assert_eq!(deleted.location(), "/admin/redirects?page=1");
    assert_eq!(
        site.get("/2019/05/gone/").await.status,
        StatusCode::NOT_FOUND
    );
    post_as(&site, &me, "/admin/redirects/delete", &[("from", "/?p=77")]).await;
    assert_eq!(site.get("/?p=77").await.status, StatusCode::OK);
    assert!(stored(&site).await.is_empty());
    // Deleting again: nothing there.
    let again = post_as(
        &site,
        &me,
        "/admin/redirects/delete",
        &[("from", "/2019/05/gone")],
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let log = site.store.audit_log(4).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "redirect-delete",
            "redirect-delete",
            "redirect-add",
            "redirect-add"
        ]
    );
}

#[tokio::test]
async fn no_redirect_leaves_a_404_a_404() {
    let site = site().await;
    site.import("ref", common::REFERENCE).await;
    for path in [
        "/2020/01/x/",
        "/%D8%A7",
        "/%FF",
        "//evil.example",
        "/ar/news/999/x",
    ] {
        let reply = site.get(path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(reply.location().is_empty());
    }
}

#[tokio::test]
async fn what_is_refused_is_said_in_arabic_and_stores_nothing() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let story = site.import("ref", common::REFERENCE).await;
    for (from, to) in [("/old/", "/ar/latest"), ("/c", "/d")] {
        assert_eq!(
            add(&site, &me, from, to).await.status,
            StatusCode::SEE_OTHER
        );
    }
    let before = stored(&site).await;
    let long = format!("/{}", "a".repeat(2001));
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "/x",
            "https://evil.example/x".into(),
            "لا يُحوَّل القارئ إلى موقع آخر",
        ),
        (
            "/x",
            "//evil.example/x".into(),
            "لا يُحوَّل القارئ إلى موقع آخر",
        ),
        ("/x", "/\\evil.example".into(), "لا يُحوَّل القارئ إلى موقع آخر"),
        ("/x", "ar/latest".into(), "ليس مساراً في الموقع"),
        ("old-slug", "/ar/latest".into(), "ليس مساراً"),
        ("", "/ar/latest".into(), "الرابط القديم مطلوب"),
        ("/x", "".into(), "الرابط الجديد مطلوب"),
        ("/%FF", "/ar/latest".into(), "لا يُقرأ نصاً"),
        (long.as_str(), "/ar/latest".into(), "أطول من 2000 بايت"),
        ("/ar/latest/", "/ar/latest".into(), "يُحوَّل إلى نفسه"),
        ("/same/", "/same".into(), "يُحوَّل إلى نفسه"),
        // A chain: the target is itself an old address, or the address a target.
        ("/x", "/old/".into(), "يُحوَّل هو نفسه"),
        ("/x", "/old?utm_source=y".into(), "يُحوَّل هو نفسه"),
        ("/d/", "/ar/latest".into(), "وجهة التحويل من «/c»"),
        (
            "/ar/corrections",
            "/ar/latest".into(),
            "صفحة يعرضها الموقع نفسه",
        ),
        ("/", "/ar/latest".into(), "الصفحة الرئيسية"),
        (
            "/admin/users",
            "/ar/latest".into(),
            "صفحة يعرضها الموقع نفسه",
        ),
        (
            story.path.as_str(),
            "/ar/latest".into(),
            "صفحة يعرضها الموقع نفسه",
        ),
        (
            "/ar/section/news",
            "/ar/latest".into(),
            "صفحة يعرضها الموقع نفسه",
        ),
    ];
    for (from, to, says) in &cases {
        let reply = add(&site, &me, from, to).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{from} → {to}"
        );
        assert!(
            reply.body.contains(says),
            "{from} → {to}: «{says}» in {}",
            common::visible_text(&reply.body)
        );
        assert!(reply.body.contains("role=\"alert\""));
        assert_eq!(stored(&site).await, before, "{from} → {to}: nothing stored");
    }
    // Several rows: refused whole, each problem named.
    let reply = post_as(
        &site,
        &me,
        "/admin/redirects",
        &[
            ("from", "/a"),
            ("to", "/ar/latest"),
            ("from", "/b"),
            ("to", "/a"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("التحويل 2:"), "{}", reply.body);
    assert_eq!(stored(&site).await, before);
    // More rows than a form may add.
    let mut fields = Vec::new();
    let names: Vec<String> = (0..51).map(|i| format!("/many/{i}")).collect();
    for name in &names {
        fields.push(("from", name.as_str()));
        fields.push(("to", "/ar/latest"));
    }
    let reply = post_as(&site, &me, "/admin/redirects", &fields).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("50"));
    assert_eq!(stored(&site).await, before);
    // Fifty is fine, in one go.
    let reply = post_as(&site, &me, "/admin/redirects", &fields[..100]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(stored(&site).await.len(), before.len() + 50);
    // A page of the list holds 50; the next one the rest.
    let first = get_as(&site, &me, "/admin/redirects").await;
    assert!(first.body.contains("/admin/redirects?page=2"));
    assert_eq!(first.body.matches("name=\"from\" value=").count(), 50);
    let second = get_as(&site, &me, "/admin/redirects?page=2").await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(
        second.body.matches("name=\"from\" value=").count(),
        before.len()
    );
}

#[tokio::test]
async fn an_author_may_neither_see_nor_add_nor_delete_redirects() {
    let site = site().await;
    let chief = editor(&site, Role::Editor).await;
    assert_eq!(
        add(&site, &chief, "/old/", "/ar/latest").await.status,
        StatusCode::SEE_OTHER
    );
    let nav = get_as(&site, &chief, "/admin").await;
    assert!(nav.body.contains("href=\"/admin/redirects\""));
    for role in [Role::Author, Role::Contributor] {
        let who = editor(&site, role).await;
        assert_eq!(
            get_as(&site, &who, "/admin/redirects").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            add(&site, &who, "/other/", "/ar/latest").await.status,
            StatusCode::FORBIDDEN
        );
        let delete = post_as(&site, &who, "/admin/redirects/delete", &[("from", "/old")]).await;
        assert_eq!(delete.status, StatusCode::FORBIDDEN);
        let nav = get_as(&site, &who, "/admin").await;
        assert!(!nav.body.contains("href=\"/admin/redirects\""), "{role:?}");
    }
    assert_eq!(
        stored(&site).await,
        vec![("/old".to_string(), "/ar/latest".to_string())]
    );
    // And without the form's token, not even an editor.
    let forged = Editor {
        cookie: chief.cookie.clone(),
        csrf: "0".repeat(64),
    };
    assert_eq!(
        add(&site, &forged, "/other/", "/ar/latest").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(stored(&site).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_address_added_by_eight_requests_at_once_is_one_row() {
    let site = Arc::new(site().await);
    let me = Arc::new(editor(&site, Role::Editor).await);
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let (site, me) = (site.clone(), me.clone());
            tokio::spawn(async move {
                let to = if i % 2 == 0 {
                    "/ar/latest"
                } else {
                    "/ar/most-read"
                };
                add(&site, &me, "/2018/03/%D8%B3%D9%84%D8%A7%D9%85/", to).await
            })
        })
        .collect();
    for task in tasks {
        let reply = task.await.unwrap();
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    let rows = stored(&site).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].0, "/2018/03/سلام");
    let moved = site.get("/2018/03/%d8%b3%d9%84%d8%a7%d9%85").await;
    assert_eq!(moved.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(moved.location(), rows[0].1);
    let log = site.store.audit_log(20).await.unwrap();
    assert_eq!(
        log.iter().filter(|e| e.action == "redirect-add").count(),
        8,
        "each request's write is whole"
    );
}

/// The store keeps the rule whoever writes (an import goes around the
/// newsroom's checks): a chain or a loop is refused whole, and writing the same
/// redirects again keeps when they were made.
#[tokio::test]
async fn the_store_refuses_chains_whole_and_an_import_again_changes_nothing() {
    use nashir_app::records::{Redirect, RedirectOrigin};
    let site = site().await;
    let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    let r = |from: &str, to: &str, when: &str| Redirect {
        from: from.into(),
        to: to.into(),
        origin: RedirectOrigin::Import,
        created_at: at(when),
    };
    let audit = nashir_app::Audit {
        by: None,
        action: "import".into(),
        target: "wordpress".into(),
    };
    let now = at("2026-01-01T00:00:00Z");
    let batch = [
        r("/?p=1", "/ar/news/1/a", "2026-01-01T00:00:00Z"),
        r("/b", "/ar/news/2/b", "2026-01-01T00:00:00Z"),
        r("/q", "/t?y=1", "2026-01-01T00:00:00Z"),
    ];
    site.store.put_redirects(&batch, &audit, now).await.unwrap();
    for refused in [
        // Within one batch, and against what is stored; forwards and back.
        vec![
            r("/c", "/d", "2026-01-02T00:00:00Z"),
            r("/d", "/e", "2026-01-02T00:00:00Z"),
        ],
        vec![r("/c", "/b?x=1", "2026-01-02T00:00:00Z")],
        vec![r("/ar/news/2/b", "/e", "2026-01-02T00:00:00Z")],
        vec![r("/c", "/c", "2026-01-02T00:00:00Z")],
        vec![r("/c", "/?p=1&utm=x", "2026-01-02T00:00:00Z")],
        vec![r("/t?y=1", "/e", "2026-01-02T00:00:00Z")],
        vec![r("/t", "/e", "2026-01-02T00:00:00Z")],
    ] {
        let e = site.store.put_redirects(&refused, &audit, now).await;
        assert!(
            matches!(e, Err(nashir_app::StoreError::Conflict(_))),
            "{refused:?}: {e:?}"
        );
    }
    let rows = site.store.redirects("", 0, 10).await.unwrap();
    assert_eq!(rows.len(), 3, "nothing of the refused batches: {rows:?}");
    // Another query on that path is no chain: `/t?y=1` never finds it.
    let other = [r("/t?z=2", "/e", "2026-01-02T00:00:00Z")];
    site.store.put_redirects(&other, &audit, now).await.unwrap();
    site.store
        .delete_redirect("/t?z=2", &audit, now)
        .await
        .unwrap();
    // The same import a day later: the same rows, made when they first were;
    // a changed target is new.
    let again = [
        r("/?p=1", "/ar/news/1/a", "2026-01-02T00:00:00Z"),
        r("/b", "/ar/news/3/c", "2026-01-02T00:00:00Z"),
    ];
    site.store.put_redirects(&again, &audit, now).await.unwrap();
    let mut rows = site.store.redirects("", 0, 10).await.unwrap();
    rows.sort_by(|a, b| a.from.cmp(&b.from));
    assert_eq!(
        rows,
        vec![
            r("/?p=1", "/ar/news/1/a", "2026-01-01T00:00:00Z"),
            r("/b", "/ar/news/3/c", "2026-01-02T00:00:00Z"),
            r("/q", "/t?y=1", "2026-01-01T00:00:00Z"),
        ]
    );
    let moved = site.get("/?p=1").await;
    assert_eq!(moved.location(), "/ar/news/1/a");
}

#[tokio::test]
async fn editors_add_many_at_once_and_find_one_among_many() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let many = "/2019/01/%D8%B9%D8%B1%D8%A8%D9%8A/ /ar/latest\n\n/old_50%25-off /ar/most-read\n/?p=7 /ar/corrections\n";
    let added = post_as(&site, &me, "/admin/redirects", &[("lines", many)]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(added.location(), "/admin/redirects?added=3");
    assert_eq!(stored(&site).await.len(), 3);
    assert_moved(&site.get("/old_50%25-off").await, "/ar/most-read", "a line");

    // A line that is not two addresses refuses the whole form, the text kept.
    let bad = "/a /ar/latest\n/b\n/c /ar/latest extra";
    let refused = post_as(&site, &me, "/admin/redirects", &[("lines", bad)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("السطر 2:") && refused.body.contains("السطر 3:"));
    assert!(
        refused.body.contains("/c /ar/latest extra</textarea>"),
        "{}",
        refused.body
    );
    assert_eq!(stored(&site).await.len(), 3);

    // Found by a part of either address, typed as read or percent-encoded.
    for (q, want) in [
        ("عربي", "/2019/01/عربي"),
        ("%D8%B9%D8%B1%D8%A8%D9%8A", "/2019/01/عربي"),
        ("most-read", "/old_50%25-off"),
        ("old_5", "/old_50%25-off"),
    ] {
        let path = format!(
            "/admin/redirects?q={}",
            nashir_core::slug::percent_encode_segment(q)
        );
        let list = get_as(&site, &me, &path).await;
        assert_eq!(list.status, StatusCode::OK, "{q}");
        assert!(
            list.body.contains(&format!(">{want}<")),
            "{q}: {}",
            list.body
        );
        assert_eq!(list.body.matches("<tr><td dir=\"ltr\">").count(), 1, "{q}");
    }
    // A LIKE wildcard typed is a character: «2019_01» is not «2019/01».
    let none = get_as(&site, &me, "/admin/redirects?q=2019_01").await;
    assert!(
        none.body.contains("لا تحويلات فيها «2019_01»"),
        "{}",
        none.body
    );
}
