//! Comments under an article: the form, its guards, moderation, and what readers see.

mod common;

use axum::http::StatusCode;
use common::*;
use nashir_core::permissions::Role;

const READER: &str = "192.0.2.10";

/// The reference article's path, and its comment form's.
async fn article(site: &Site) -> (String, String) {
    let imported = site.import("ref", REFERENCE).await;
    let path = imported.path;
    let form = format!("{path}/comment");
    (path, form)
}

async fn count(site: &Site, table: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
        .fetch_one(site.db.pool())
        .await
        .unwrap()
}

async fn comment(site: &Site, form: &str, name: &str, text: &str, peer: &str) -> Reply {
    let open = site.open_form(form).await;
    site.submit(
        form,
        &open,
        &[("name", name), ("email", ""), ("text", text)],
        peer,
    )
    .await
}

async fn last_comment_id(site: &Site) -> i64 {
    sqlx::query_scalar("SELECT max(id) FROM comments")
        .fetch_one(site.db.pool())
        .await
        .unwrap()
}

async fn approve(site: &Site, editor: &Editor, id: i64) {
    let one = format!("approve:{id}");
    let done = post_as(site, editor, "/admin/comments", &[("one", &one)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(done.location().contains("done=1"), "{}", done.location());
}

#[tokio::test]
async fn a_comment_waits_for_review_then_shows_under_the_article() {
    let site = site().await;
    let (path, form) = article(&site).await;
    let editor = editor(&site, Role::Editor).await;
    // Cache the article page first: approval must not leave it stale.
    assert!(site.get(&path).await.body.contains("(0)"));

    let sent = comment(&site, &form, "سارة", "تحليل دقيق.\nشكراً للكاتب.", READER).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert!(sent.body.contains("بانتظار مراجعة المحررين"));
    assert_eq!(
        sent.headers[axum::http::header::CACHE_CONTROL],
        "private, no-store"
    );
    let page = site.get(&path).await;
    assert!(
        !page.body.contains("تحليل دقيق"),
        "pending comments are not shown"
    );

    let queue = get_as(&site, &editor, "/admin/comments").await;
    assert!(queue.body.contains("تحليل دقيق"));
    assert!(queue.body.contains(READER), "moderators see the address");
    approve(&site, &editor, last_comment_id(&site).await).await;

    let page = site.get(&path).await;
    let text = visible_text(&page.body);
    assert!(text.contains("التعليقات (1)"), "{text}");
    assert!(
        page.body
            .contains("<bdi class=\"comment-author\">سارة</bdi>")
    );
    assert!(
        page.body.contains(
            "<div class=\"comment-body\" dir=\"auto\">تحليل دقيق.<br>\nشكراً للكاتب.</div>"
        )
    );
    // The comment's date in Arabic, from its stored timestamp (the test clock).
    assert!(text.contains("سارة · الخميس, يناير 1, 2026"), "{text}");
    let audit = get_as(&site, &editor, "/admin/audit").await;
    assert!(audit.body.contains("comment.approve"));
}

#[tokio::test]
async fn replies_are_one_level_deep() {
    let site = site().await;
    let (path, form) = article(&site).await;
    let editor = editor(&site, Role::Editor).await;
    comment(&site, &form, "علي", "التعليق الأول", READER).await;
    let first = last_comment_id(&site).await;
    approve(&site, &editor, first).await;

    let reply_form = format!("{form}?reply={first}");
    let open = site.open_form(&reply_form).await;
    let fields = [
        ("name", "منى"),
        ("text", "رد على علي"),
        ("reply_to", &first.to_string() as &str),
    ];
    assert_eq!(
        site.submit(&form, &open, &fields, READER).await.status,
        StatusCode::OK
    );
    let reply = last_comment_id(&site).await;
    approve(&site, &editor, reply).await;
    // A reply to the reply joins the same thread.
    let open = site.open_form(&format!("{form}?reply={reply}")).await;
    let fields = [
        ("name", "هدى"),
        ("text", "رد على الرد"),
        ("reply_to", &reply.to_string() as &str),
    ];
    assert_eq!(
        site.submit(&form, &open, &fields, READER).await.status,
        StatusCode::OK
    );
    let second = last_comment_id(&site).await;
    approve(&site, &editor, second).await;

    let parents: Vec<Option<i64>> =
        sqlx::query_scalar("SELECT parent_id FROM comments ORDER BY id")
            .fetch_all(site.db.pool())
            .await
            .unwrap();
    assert_eq!(parents, [None, Some(first), Some(first)]);
    let page = site.get(&path).await.body;
    let replies = &page[page.find("<ol class=\"replies\">").unwrap()..];
    assert!(replies.find("رد على علي").unwrap() < replies.find("رد على الرد").unwrap());
    assert!(visible_text(&page).contains("التعليقات (3)"));

    // Replying to a comment that is not approved (or not this article's) is refused.
    comment(&site, &form, "سامي", "تعليق معلق", READER).await;
    let pending = last_comment_id(&site).await.to_string();
    let open = site.open_form(&form).await;
    let fields = [
        ("name", "س"),
        ("text", "رد"),
        ("reply_to", pending.as_str()),
    ];
    let refused = site.submit(&form, &open, &fields, READER).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("التعليق الذي ترد عليه غير موجود"));
}

#[tokio::test]
async fn comment_text_is_plain_text_with_safe_links() {
    let site = site().await;
    let (path, form) = article(&site).await;
    let editor = editor(&site, Role::Editor).await;
    let hostile = "<script>alert(1)</script> \u{202E}مقلوب\u{202C} انظر https://example.org/a?b=1&c=2 \
                   و javascript:alert(2) <img src=x onerror=alert(3)>";
    let sent = comment(&site, &form, "<b>زائر</b>\u{2067}", hostile, READER).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    approve(&site, &editor, last_comment_id(&site).await).await;
    let page = site.get(&path).await.body;
    let body = &page[page.find("<section class=\"comments\"").unwrap()..];
    assert!(!body.contains("<script>alert") && !body.contains("<img src=x"));
    assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!body.contains("<b>") && visible_text(body).contains("<b>زائر</b>"));
    assert!(body.contains(
        "<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">https://example.org/a?b=1&amp;c=2</a>"
    ));
    assert!(
        !body.contains("href=\"javascript"),
        "only http(s) becomes a link"
    );
    for bidi in ['\u{202E}', '\u{202C}', '\u{2067}'] {
        assert!(
            !page.contains(bidi),
            "bidi control {bidi:?} reached the page"
        );
    }
}

#[tokio::test]
async fn editors_moderate_in_bulk_and_close_comments() {
    let site = site().await;
    let (path, form) = article(&site).await;
    let editor = editor(&site, Role::Editor).await;
    for (i, text) in ["واحد", "اثنان", "ثلاثة"].iter().enumerate() {
        let peer = format!("192.0.2.{}", 20 + i);
        assert_eq!(
            comment(&site, &form, "قارئ", text, &peer).await.status,
            StatusCode::OK
        );
    }
    let ids: Vec<String> = sqlx::query_scalar::<_, i64>("SELECT id FROM comments ORDER BY id")
        .fetch_all(site.db.pool())
        .await
        .unwrap()
        .iter()
        .map(|id| id.to_string())
        .collect();
    let bulk = [
        ("action", "spam"),
        ("id", ids[0].as_str()),
        ("id", ids[1].as_str()),
        ("status", "pending"),
    ];
    let done = post_as(&site, &editor, "/admin/comments", &bulk).await;
    assert_eq!(done.location(), "/admin/comments?status=pending&done=2");
    let spam = get_as(&site, &editor, "/admin/comments?status=spam")
        .await
        .body;
    assert!(spam.contains("واحد") && spam.contains("اثنان") && !spam.contains("ثلاثة"));
    assert!(visible_text(&spam).contains("مزعجة (2)"));
    let delete = [("action", "delete"), ("id", ids[0].as_str())];
    post_as(&site, &editor, "/admin/comments", &delete).await;
    assert_eq!(count(&site, "comments").await, 2);
    // Unknown actions and forged tokens change nothing.
    let odd = post_as(
        &site,
        &editor,
        "/admin/comments",
        &[("action", "publish"), ("id", ids[2].as_str())],
    )
    .await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    let forged = site
        .request(
            axum::http::Request::post("/admin/comments")
                .header(axum::http::header::COOKIE, &editor.cookie)
                .header(
                    axum::http::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(axum::body::Body::from(format!(
                    "csrf=forged&one=approve:{}",
                    ids[2]
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(
        get_as(&site, &editor, "/admin/comments")
            .await
            .body
            .contains("ثلاثة")
    );

    // Closed: no form, no link, and a post (from a form opened before) is refused.
    let opened_before = site.open_form(&form).await;
    let id = path.split('/').nth(3).unwrap();
    let closed = post_as(
        &site,
        &editor,
        &format!("/admin/articles/{id}/comments"),
        &[("open", "0")],
    )
    .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    let page = site.get(&path).await.body;
    assert!(page.contains("التعليقات مغلقة على هذا الخبر") && !page.contains("action-comment"));
    let form_page = site.get(&form).await;
    assert!(form_page.body.contains("التعليقات مغلقة") && !form_page.body.contains("<textarea"));
    let before = count(&site, "comments").await;
    let refused = site
        .submit(
            &form,
            &opened_before,
            &[("name", "ع"), ("text", "بعد الإغلاق")],
            "192.0.2.77",
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(count(&site, "comments").await, before);
    let reopened = post_as(
        &site,
        &editor,
        &format!("/admin/articles/{id}/comments"),
        &[("open", "1")],
    )
    .await;
    assert_eq!(reopened.status, StatusCode::SEE_OTHER);
    assert!(site.get(&path).await.body.contains("action-comment"));
}

#[tokio::test]
async fn comments_are_rate_limited_per_address_and_duplicates_refused() {
    let site = site().await;
    let (_, form) = article(&site).await;
    for i in 0..5 {
        let sent = comment(&site, &form, "قارئ", &format!("تعليق رقم {i}"), READER).await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    }
    let sixth = comment(&site, &form, "قارئ", "تعليق سادس", READER).await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(sixth.body.contains("انتظر عشر دقائق"));
    assert!(
        sixth.body.contains("تعليق سادس"),
        "the reader's text comes back"
    );
    // Another address is not held back; the first again after the window.
    let other = comment(&site, &form, "قارئ آخر", "من عنوان آخر", "192.0.2.99").await;
    assert_eq!(other.status, StatusCode::OK);
    site.clock.advance(jiff::SignedDuration::from_mins(11));
    let later = comment(&site, &form, "قارئ", "بعد عشر دقائق", READER).await;
    assert_eq!(later.status, StatusCode::OK);

    // The same words again, however spaced or marked, are a duplicate.
    let dup = comment(&site, &form, "قارئ", "  تعليقُ رقم   0 ", "192.0.2.50").await;
    assert_eq!(dup.status, StatusCode::BAD_REQUEST);
    assert!(dup.body.contains("وصلنا هذا التعليق من قبل"));
    assert_eq!(count(&site, "comments").await, 7);
}

#[tokio::test]
async fn a_form_sent_faster_than_a_person_types_is_refused_and_kept() {
    let site = site().await;
    let (_, form) = article(&site).await;
    let open = site.open_form(&form).await;
    let body = common::form(&[
        ("token", &open.token),
        ("name", "بوت"),
        ("text", "سريع جداً"),
    ]);
    let fast = site
        .post_raw(&form, Some(&open.cookie), body.into_bytes(), READER)
        .await;
    assert_eq!(fast.status, StatusCode::BAD_REQUEST);
    assert!(fast.body.contains("أسرع مما يكتب الناس"));
    assert!(fast.body.contains("سريع جداً"));
    assert_eq!(count(&site, "comments").await, 0);
    // A form older than six hours must be reloaded.
    let open = site.open_form(&form).await;
    site.clock.advance(jiff::SignedDuration::from_hours(7));
    let stale = site
        .submit(&form, &open, &[("name", "ع"), ("text", "نص قديم")], READER)
        .await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    assert!(
        stale.body.contains("نص قديم"),
        "a refused form keeps what was typed"
    );
}
