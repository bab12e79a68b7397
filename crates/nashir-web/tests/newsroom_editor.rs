//! Writing, previewing and publishing through the newsroom's forms.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{site, visible_text};
use nashir_core::permissions::Role;

use common::{editor, get_as as get, post_as as post};

const BODY: &str = "افتتحت المدينة مكتبة عامة.\n\n## تفاصيل الافتتاح:\n- قاعة للأطفال\n- مكتبة رقمية";

fn article_fields<'a>(title: &'a str, action: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("lead", "مقدمة الخبر"),
        ("body", BODY),
        ("section", "news"),
        ("tags", "ثقافة، عمّان"),
        ("source_name", "ناشر"),
        ("action", action),
    ]
}

#[tokio::test]
async fn write_publish_correct_and_restore() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let new = get(&site, &me, "/admin/articles/new").await;
    assert_eq!(new.status, StatusCode::OK);
    assert!(new.body.contains("<textarea id=\"body\""));

    let created = post(
        &site,
        &me,
        "/admin/articles",
        &article_fields("مكتبة عامة جديدة", "publish"),
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let edit_path = created.location().to_string();
    let id: i64 = edit_path.rsplit('/').next().unwrap().parse().unwrap();

    let public = site.get(&format!("/ar/news/{id}")).await;
    assert_eq!(public.status, StatusCode::MOVED_PERMANENTLY);
    let page = site.get(public.location()).await;
    assert!(page.body.contains("<h2>تفاصيل الافتتاح:</h2>"));
    assert_eq!(page.body.matches("<span class=\"dash\"").count(), 2);
    assert!(page.body.contains("rel=\"tag\">عمّان</a>"));
    let date = page
        .body
        .split("<p class=\"updated\">")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap()
        .to_string();

    site.set_now("2026-01-05T00:00:00Z");
    let mut fields = article_fields("مكتبة عامة جديدة", "correction");
    let fixed = BODY.replace("افتتحت المدينة", "افتتحت البلدية");
    fields[2] = ("body", &fixed);
    let refused = post(&site, &me, &edit_path, &fields).await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "a correction needs a note"
    );
    assert!(refused.body.contains("ملاحظة التصحيح"));
    assert!(
        refused.body.contains("افتتحت البلدية"),
        "the typed text is kept"
    );
    fields.push((
        "correction_note",
        "الافتتاح للبلدية لا للمدينة <b>كما ورد</b>.",
    ));
    assert_eq!(
        post(&site, &me, &edit_path, &fields).await.status,
        StatusCode::SEE_OTHER
    );
    let page = site.get(public.location()).await;
    assert!(
        page.body.contains("افتتحت البلدية"),
        "the edit shows at once"
    );
    let note = "الافتتاح للبلدية لا للمدينة &#60;b&#62;كما ورد&#60;/b&#62;.";
    let aside = page
        .body
        .split("<aside class=\"corrections\"")
        .nth(1)
        .unwrap_or("");
    assert!(
        aside.contains("datetime=\"2026-01-05T00:00:00Z\">الاثنين, يناير 5, 2026</time>: ")
            && aside.contains(note),
        "the note shows under the article, dated and escaped: {aside}"
    );
    let ld: serde_json::Value = serde_json::from_str(
        page.body
            .split("<script type=\"application/ld+json\">")
            .nth(1)
            .and_then(|s| s.split("</script>").next())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(ld["correction"][0]["@type"], "CorrectionComment");
    assert_eq!(ld["correction"][0]["datePublished"], "2026-01-05T00:00:00Z");
    assert_eq!(
        ld["correction"][0]["text"],
        "الافتتاح للبلدية لا للمدينة <b>كما ورد</b>."
    );
    let print = site.get(&format!("{}/print", public.location())).await;
    assert!(print.body.contains(note), "and on the print view");
    let feed = site.get("/feed.atom").await;
    assert!(
        feed.body.contains("تصحيح") && feed.body.contains("الافتتاح للبلدية"),
        "and in feeds"
    );
    let list = site.get("/ar/corrections").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(note) && list.body.contains(public.location()));
    assert!(
        site.get("/ar/corrections?before=1")
            .await
            .body
            .contains("لا تصحيحات منشورة")
    );
    let date_after = page
        .body
        .split("<p class=\"updated\">")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert_eq!(date_after, date, "a correction keeps the date");

    let revisions = get(&site, &me, &format!("{edit_path}/revisions")).await;
    assert!(revisions.body.contains("<td>تصحيح</td>") && revisions.body.contains("<td>نشر</td>"));
    let diff = get(&site, &me, &format!("{edit_path}/revisions/1")).await;
    assert!(
        diff.body.contains("class=\"removed\">افتتحت المدينة"),
        "{}",
        diff.body
    );
    assert!(diff.body.contains("class=\"added\">افتتحت البلدية"));
    // Any two revisions compare: 1 (original) against 2 (the correction).
    let between = get(&site, &me, &format!("{edit_path}/revisions/1?against=2")).await;
    assert!(between.body.contains("الفرق بينها وبين المراجعة 2"));
    assert!(between.body.contains("class=\"added\">افتتحت البلدية"));
    assert_eq!(
        get(&site, &me, &format!("{edit_path}/revisions/1?against=9"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let restored = post(&site, &me, &format!("{edit_path}/revisions/1/restore"), &[]).await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER);
    assert!(
        site.get(public.location())
            .await
            .body
            .contains("افتتحت المدينة")
    );

    let mut update = article_fields("مكتبة عامة جديدة", "update");
    update[1] = ("lead", "مقدمة محدثة");
    post(&site, &me, &edit_path, &update).await;
    let page = site.get(public.location()).await;
    assert!(
        visible_text(&page.body).contains("الاثنين, يناير 5, 2026"),
        "an update bumps the date"
    );
}

#[tokio::test]
async fn invalid_forms_come_back_with_arabic_messages_and_nothing_saved() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let mut fields = article_fields("", "publish");
    fields.push(("source_url", "javascript:alert(1)"));
    let reply = post(&site, &me, "/admin/articles", &fields).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("العنوان مطلوب"));
    assert!(reply.body.contains("رابط المصدر"));
    assert!(
        reply.body.contains("افتتحت المدينة"),
        "what was typed is kept"
    );
    let schedule = post(
        &site,
        &me,
        "/admin/articles",
        &article_fields("عنوان", "schedule"),
    )
    .await;
    assert!(schedule.body.contains("اختر موعد النشر"));
    let unknown = post(
        &site,
        &me,
        "/admin/articles",
        &article_fields("عنوان", "explode"),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(site.store.article_count().await.unwrap(), 0);
}

#[tokio::test]
async fn scheduling_uses_the_site_time_zone() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let mut fields = article_fields("خبر مجدول", "schedule");
    fields.push(("schedule_at", "2026-01-02T10:30"));
    let reply = post(&site, &me, "/admin/articles", &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let editor_page = get(&site, &me, reply.location()).await;
    assert!(editor_page.body.contains("<strong>مجدول</strong>"));
    assert!(editor_page.body.contains("value=\"2026-01-02T10:30\""));
    let id = reply.location().rsplit('/').next().unwrap();
    assert_eq!(
        site.get(&format!("/ar/news/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    site.set_now("2026-01-02T10:30:00Z");
    site.app.publish_due().await.unwrap();
    assert_eq!(
        site.get(&format!("/ar/news/{id}")).await.status,
        StatusCode::MOVED_PERMANENTLY
    );
}

#[tokio::test]
async fn preview_renders_the_public_page_unsaved_and_escaped() {
    let site = site().await;
    let me = editor(&site, Role::Contributor).await;
    let fields = article_fields("<script>alert(1)</script> معاينة", "draft");
    let reply = post(&site, &me, "/admin/preview", &fields).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("<h2>تفاصيل الافتتاح:</h2>"));
    assert!(!reply.body.contains("<script>alert(1)"));
    assert_eq!(site.store.article_count().await.unwrap(), 0);
}

#[tokio::test]
async fn contributors_cannot_publish_or_open_others_articles() {
    let site = site().await;
    let boss = editor(&site, Role::Editor).await;
    let writer = editor(&site, Role::Contributor).await;
    let denied = post(
        &site,
        &writer,
        "/admin/articles",
        &article_fields("خبر", "publish"),
    )
    .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let draft = post(
        &site,
        &writer,
        "/admin/articles",
        &article_fields("مسودتي", "draft"),
    )
    .await;
    assert_eq!(draft.status, StatusCode::SEE_OTHER);
    let bosses = post(
        &site,
        &boss,
        "/admin/articles",
        &article_fields("خبر المحرر", "draft"),
    )
    .await;
    assert_eq!(
        get(&site, &writer, bosses.location()).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(&site, &boss, draft.location()).await.status,
        StatusCode::OK,
        "editors open all"
    );
    let dashboard = get(&site, &writer, "/admin").await;
    assert!(dashboard.body.contains("مسودتي") && !dashboard.body.contains("خبر المحرر"));
}

#[tokio::test]
async fn deleted_articles_wait_in_the_trash_for_30_days() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let created = post(
        &site,
        &me,
        "/admin/articles",
        &article_fields("خبر للحذف", "publish"),
    )
    .await;
    let edit_path = created.location().to_string();
    let id = edit_path.rsplit('/').next().unwrap().to_string();
    assert_eq!(
        site.get(&format!("/ar/news/{id}")).await.status,
        StatusCode::MOVED_PERMANENTLY
    );

    let deleted = post(&site, &me, &format!("{edit_path}/delete"), &[]).await;
    assert_eq!(deleted.location(), "/admin/trash");
    assert_eq!(
        site.get(&format!("/ar/news/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let trash = get(&site, &me, "/admin/trash").await;
    assert!(trash.body.contains("خبر للحذف"));

    let restored = post(&site, &me, &format!("/admin/trash/{id}/restore"), &[]).await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER);
    assert_eq!(
        site.get(&format!("/ar/news/{id}")).await.status,
        StatusCode::MOVED_PERMANENTLY
    );

    post(&site, &me, &format!("{edit_path}/delete"), &[]).await;
    site.set_now("2026-01-30T00:00:00Z");
    assert_eq!(
        site.app.purge_trash().await.unwrap(),
        0,
        "29 days: still restorable"
    );
    site.set_now("2026-02-01T00:00:00Z");
    assert_eq!(site.app.purge_trash().await.unwrap(), 1);
    assert!(
        site.store.trashed_articles(10).await.unwrap().is_empty(),
        "gone for good"
    );
    let log = site.store.audit_log(10).await.unwrap();
    assert!(log.iter().any(|e| e.action == "delete") && log.iter().any(|e| e.action == "undelete"));
}

#[tokio::test]
async fn sections_tags_and_authors_are_managed_and_bylined() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let saved = post(
        &site,
        &me,
        "/admin/sections",
        &[("name", "رياضة"), ("slug", "sport")],
    )
    .await;
    assert_eq!(saved.location(), "/admin/sections");
    assert!(
        get(&site, &me, "/admin/sections")
            .await
            .body
            .contains("رياضة")
    );
    post(
        &site,
        &me,
        "/admin/tags",
        &[("name", "كرة القدم"), ("slug", "")],
    )
    .await;
    assert!(
        site.store.tag_by_slug("كرة-القدم").await.unwrap().is_some(),
        "slug from the name"
    );
    post(
        &site,
        &me,
        "/admin/authors",
        &[
            ("name", "كريم حداد"),
            ("slug", "karim"),
            ("bio", "صحفي رياضي"),
        ],
    )
    .await;
    let karim = site.store.author_by_slug("karim").await.unwrap().unwrap();
    assert_eq!(karim.bio, "صحفي رياضي");
    let bad = post(&site, &me, "/admin/authors", &[("name", ""), ("slug", "x")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    let karim_id = karim.id.to_string();
    let mut fields = article_fields("مباراة القمة", "publish");
    fields[3] = ("section", "sport");
    fields.push(("author", &karim_id));
    fields.push(("author", "99999"));
    let created = post(&site, &me, "/admin/articles", &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let editor_page = get(&site, &me, created.location()).await;
    assert!(
        editor_page
            .body
            .contains(&format!("value=\"{karim_id}\" checked"))
    );
    let id = created.location().rsplit('/').next().unwrap();
    let public = site.get(&format!("/ar/news/{id}")).await;
    let page = site.get(public.location()).await;
    assert!(page.body.contains("rel=\"author\">كريم حداد</a>"));
    assert!(page.body.contains("href=\"/ar/section/sport\">رياضة</a>"));
    assert!(
        site.get("/ar/author/karim")
            .await
            .body
            .contains("صحفي رياضي")
    );
}

#[tokio::test]
async fn autosave_keeps_an_unsaved_form_until_it_is_saved() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let mut fields = article_fields("عنوان لم يحفظ بعد", "");
    fields.push(("article", "0"));
    let saved = post(&site, &me, "/admin/autosave", &fields).await;
    assert_eq!(saved.status, StatusCode::NO_CONTENT);
    let reopened = get(&site, &me, "/admin/articles/new").await;
    assert!(
        reopened.body.contains("value=\"عنوان لم يحفظ بعد\""),
        "the closed tab's text is back"
    );
    assert!(reopened.body.contains("استُعيدت نسخة محفوظة تلقائياً"));

    let created = post(
        &site,
        &me,
        "/admin/articles",
        &article_fields("عنوان لم يحفظ بعد", "draft"),
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let fresh = get(&site, &me, "/admin/articles/new").await;
    assert!(
        !fresh.body.contains("عنوان لم يحفظ بعد"),
        "saving clears the autosave"
    );

    // Autosaves of an existing article come back in its editor while newer than its last save.
    let path = created.location().to_string();
    let id = path.rsplit('/').next().unwrap().to_string();
    site.set_now("2026-01-01T00:05:00Z");
    let mut edit = article_fields("عنوان معدل في المسودة", "");
    edit.push(("article", &id));
    assert_eq!(
        post(&site, &me, "/admin/autosave", &edit).await.status,
        StatusCode::NO_CONTENT
    );
    assert!(
        get(&site, &me, &path)
            .await
            .body
            .contains("عنوان معدل في المسودة")
    );
    let mut foreign = article_fields("x", "");
    foreign.push(("article", "99999"));
    assert_eq!(
        post(&site, &me, "/admin/autosave", &foreign).await.status,
        StatusCode::NOT_FOUND
    );
    let no_csrf = site
        .request(
            Request::post("/admin/autosave")
                .header(header::COOKIE, &me.cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("title=x"))
                .unwrap(),
        )
        .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_second_of_two_editors_sees_the_first_ones_change_and_chooses() {
    let site = site().await;
    let first = editor(&site, Role::Editor).await;
    let second = editor(&site, Role::Admin).await;
    let created = post(
        &site,
        &first,
        "/admin/articles",
        &article_fields("مكتبة عامة جديدة", "publish"),
    )
    .await;
    let edit_path = created.location().to_string();
    for who in [&first, &second] {
        let form = get(&site, who, &edit_path).await;
        assert!(form.body.contains("name=\"base_revision\" value=\"1\""));
    }
    let mut theirs = article_fields("مكتبة عامة جديدة", "update");
    theirs.push(("base_revision", "1"));
    theirs[1] = ("lead", "مقدمة كتبها المحرر الأول");
    assert_eq!(
        post(&site, &first, &edit_path, &theirs).await.status,
        StatusCode::SEE_OTHER
    );

    let mut mine = article_fields("مكتبة عامة جديدة", "update");
    mine.push(("base_revision", "1"));
    mine[2] = ("body", "نص كتبه المحرر الثاني.");
    let refused = post(&site, &second, &edit_path, &mine).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("حُفظت نسخة أحدث في أثناء عملك"));
    assert!(
        refused
            .body
            .contains("<span class=\"added\">مقدمة كتبها المحرر الأول</span>"),
        "the other save's change, as a line diff"
    );
    assert!(
        refused.body.contains("نص كتبه المحرر الثاني."),
        "their own text is kept in the form"
    );
    assert!(refused.body.contains("name=\"base_revision\" value=\"2\""));
    assert!(
        refused
            .body
            .contains("form=\"editor-form\" name=\"action\" value=\"update\"")
    );
    let page = site
        .get(&format!(
            "/ar/news/{}",
            edit_path.rsplit('/').next().unwrap()
        ))
        .await;
    let page = site.get(page.location()).await;
    assert!(
        page.body.contains("مقدمة كتبها المحرر الأول")
            && !page.body.contains("نص كتبه المحرر الثاني")
    );

    mine[7] = ("base_revision", "2");
    assert_eq!(
        post(&site, &second, &edit_path, &mine).await.status,
        StatusCode::SEE_OTHER
    );
    let page = site
        .get(page_location(&site, &edit_path).await.as_str())
        .await;
    assert!(page.body.contains("نص كتبه المحرر الثاني."), "saved on top");
}

/// The public page of the article an editor path names.
async fn page_location(site: &common::Site, edit_path: &str) -> String {
    let id = edit_path.rsplit('/').next().unwrap();
    site.get(&format!("/ar/news/{id}"))
        .await
        .location()
        .to_string()
}

#[tokio::test]
async fn editors_see_who_else_has_a_story_open_for_two_minutes() {
    let site = site().await;
    let first = editor(&site, Role::Editor).await;
    let second = editor(&site, Role::Admin).await;
    let created = post(
        &site,
        &first,
        "/admin/articles",
        &article_fields("مكتبة عامة جديدة", "draft"),
    )
    .await;
    let edit_path = created.location().to_string();
    let alone = get(&site, &first, &edit_path).await;
    assert!(
        alone.body.contains("role=\"status\" hidden>"),
        "no one else yet"
    );
    let together = get(&site, &second, &edit_path).await;
    assert!(
        together
            .body
            .contains("role=\"status\">يحرر هذا الخبر الآن أيضاً: محررة</p>"),
        "the second sees the first"
    );
    let dashboard = get(&site, &first, "/admin").await;
    assert!(
        dashboard
            .body
            .contains("<span class=\"editing\">يحرره الآن: محررة، محررة</span>")
    );
    let beat = post(&site, &first, &format!("{edit_path}/editing"), &[]).await;
    assert_eq!(beat.status, StatusCode::OK);
    assert_eq!(beat.headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(beat.body, r#"{"others":["محررة"]}"#);

    site.set_now("2026-01-01T00:03:00Z");
    let beat = post(&site, &first, &format!("{edit_path}/editing"), &[]).await;
    assert_eq!(
        beat.body, r#"{"others":[]}"#,
        "two minutes without a word: gone"
    );
}

#[tokio::test]
async fn contributors_send_drafts_for_review_and_editors_answer() {
    let site = site().await;
    let writer = editor(&site, Role::Contributor).await;
    let chief = editor(&site, Role::Editor).await;
    let sent = post(
        &site,
        &writer,
        "/admin/articles",
        &article_fields("مسودة للمراجعة", "submit"),
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let edit_path = sent.location().to_string();
    assert!(
        get(&site, &writer, "/admin")
            .await
            .body
            .contains("بانتظار المراجعة")
    );
    assert!(
        get(&site, &writer, &edit_path)
            .await
            .body
            .contains("بانتظار محرر")
    );
    assert_eq!(
        get(&site, &writer, "/admin/review").await.status,
        StatusCode::FORBIDDEN
    );
    let queue = get(&site, &chief, "/admin/review").await;
    assert!(
        queue
            .body
            .contains(&format!("<a href=\"{edit_path}\">مسودة للمراجعة</a>"))
    );
    let page = get(&site, &chief, &edit_path).await;
    assert!(
        page.body
            .contains(&format!("action=\"{edit_path}/return\""))
    );

    let back = post(
        &site,
        &chief,
        &format!("{edit_path}/return"),
        &[("note", "أضف <مصدراً> للرقم.")],
    )
    .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    let page = get(&site, &writer, &edit_path).await;
    assert!(
        page.body
            .contains("<p class=\"review-note\">أضف &#60;مصدراً&#62; للرقم.</p>")
    );
    assert!(
        !get(&site, &chief, "/admin/review")
            .await
            .body
            .contains("مسودة للمراجعة")
    );
    let refused = post(
        &site,
        &writer,
        &format!("{edit_path}/return"),
        &[("note", "x")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
