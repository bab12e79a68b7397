//! The editor's publishing fields: a slug chosen by hand (old addresses keep
//! answering with a redirect), the description and the share title and image in
//! the page's head, in the API, in autosaves and in revisions.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Reply, Site, editor, get_as as get, post_as as post, saved_id, site};
use nashir_app::Clock;
use nashir_core::permissions::Role;
use nashir_core::slug::article_href;
use nashir_core::{ArticleId, Media};

const BODY: &str = "افتتحت المدينة مكتبة عامة.\n\n## تفاصيل الافتتاح:\n- قاعة للأطفال";

fn fields<'a>(
    title: &'a str,
    action: &'a str,
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![
        ("title", title),
        ("lead", "مقدمة الخبر كما يقرؤها القراء"),
        ("body", BODY),
        ("section", "news"),
        ("action", action),
    ];
    all.extend_from_slice(extra);
    all
}

/// The `<head>` of a page.
fn head(body: &str) -> &str {
    body.split("</head>").next().unwrap()
}

/// The body of every sitemap the index names.
async fn sitemaps(site: &Site) -> String {
    let index = site.get("/sitemap.xml").await;
    assert_eq!(index.status, StatusCode::OK);
    let mut all = String::new();
    for loc in index.body.split("<loc>").skip(1) {
        let url = loc.split("</loc>").next().unwrap();
        let path = &url[url.find("/sitemaps/").unwrap()..];
        all.push_str(&site.get(path).await.body);
    }
    all
}

async fn picture(site: &Site, alt: &str) -> Media {
    site.store
        .add_media(
            "jpg",
            (1200, 800),
            &[400, 800, 1200],
            alt,
            None,
            site.clock.now(),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn a_chosen_slug_becomes_the_address_and_the_old_one_redirects_everywhere() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let id = saved_id(
        &post(
            &site,
            &me,
            "/admin/articles",
            &fields("مكتبة عامة جديدة", "publish", &[]),
        )
        .await,
    );
    let old = article_href(
        nashir_core::language::Language::Arabic,
        ArticleId(id),
        "مكتبة-عامة-جديدة",
    );
    // Every page that shows it is read (and kept by the page cache) first.
    assert_eq!(site.get(&old).await.status, StatusCode::OK);
    assert_eq!(
        site.get(&format!("{old}/print")).await.status,
        StatusCode::OK
    );
    let cached = [
        "/",
        "/ar/latest",
        "/ar/section/news",
        "/feed.rss",
        "/feed.atom",
        "/api/v1/articles",
    ];
    for path in cached {
        assert!(site.get(path).await.body.contains(&old), "{path} links it");
    }
    assert!(sitemaps(&site).await.contains(&old));

    let edit = format!("/admin/articles/{id}");
    let chosen = [("slug", "  New Library: Amman 2026 ")];
    let reply = post(
        &site,
        &me,
        &edit,
        &fields("مكتبة عامة جديدة", "update", &chosen),
    )
    .await;
    assert_eq!(saved_id(&reply), id);
    let new = format!("/ar/news/{id}/new-library-amman-2026");
    let moved = site.get(&old).await;
    assert_eq!(
        moved.status,
        StatusCode::MOVED_PERMANENTLY,
        "the old address"
    );
    assert_eq!(moved.location(), new);
    let print = site.get(&format!("{old}/print")).await;
    assert_eq!(print.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(print.location(), format!("{new}/print"));
    let without = site.get(&format!("/ar/news/{id}")).await;
    assert_eq!(without.location(), new);
    let page = site.get(&new).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(head(&page.body).contains(&format!(
        "<link rel=\"canonical\" href=\"http://localhost{new}\">"
    )));
    for path in cached {
        let body = site.get(path).await.body;
        assert!(
            body.contains(&new) && !body.contains(&old),
            "{path} follows at once"
        );
    }
    let maps = sitemaps(&site).await;
    assert!(
        maps.contains(&new) && !maps.contains(&old),
        "and the sitemaps"
    );

    // The editor shows the chosen slug; a new headline keeps it.
    let form = get(&site, &me, &edit).await;
    assert!(
        form.body
            .contains("name=\"slug\" maxlength=\"200\" value=\"new-library-amman-2026\"")
    );
    let renamed = fields(
        "مكتبة عامة أكبر",
        "update",
        &[("slug", "new-library-amman-2026")],
    );
    saved_id(&post(&site, &me, &edit, &renamed).await);
    assert_eq!(site.get(&new).await.status, StatusCode::OK);

    // Emptied, the slug is made from the headline again, and the chosen one redirects.
    saved_id(
        &post(
            &site,
            &me,
            &edit,
            &fields("مكتبة عامة أكبر", "update", &[("slug", "")]),
        )
        .await,
    );
    let made = article_href(
        nashir_core::language::Language::Arabic,
        ArticleId(id),
        "مكتبة-عامة-أكبر",
    );
    assert_eq!(site.get(&new).await.location(), made);
    assert_eq!(site.get(&made).await.status, StatusCode::OK);
    let form = get(&site, &me, &edit).await;
    assert!(
        form.body.contains(
            "value=\"\" dir=\"auto\" aria-describedby=\"slug-help\" placeholder=\"مكتبة-عامة-أكبر\""
        ),
        "an empty field, the slug in use as its placeholder"
    );
}

#[tokio::test]
async fn a_slug_with_nothing_to_keep_is_refused_in_arabic_and_the_form_is_kept() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let extra = [
        ("slug", "!!! ؟؟؟ «»"),
        ("meta_description", "وصف كتبه المحرر للبحث"),
        ("social_title", "عنوان للمشاركة"),
    ];
    let reply = post(
        &site,
        &me,
        "/admin/articles",
        &fields("خبر برابط مختار", "publish", &extra),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains("الرابط المختصر يحتاج حروفاً أو أرقاماً"),
        "{}",
        reply.body
    );
    for kept in [
        "خبر برابط مختار",
        "افتتحت المدينة مكتبة عامة.",
        "!!! ؟؟؟ «»",
        "وصف كتبه المحرر للبحث",
        "عنوان للمشاركة",
    ] {
        assert!(reply.body.contains(kept), "{kept} is kept");
    }
    assert!(
        reply.body.contains("<details class=\"publishing\" open>"),
        "the fields are unfolded"
    );

    let long = "كلمة ".repeat(9);
    let reply = post(
        &site,
        &me,
        "/admin/articles",
        &fields("خبر", "draft", &[("slug", &long)]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("الرابط المختصر لا يزيد على 8 كلمات"));
    let meta = "و".repeat(301);
    let title = "ع".repeat(201);
    let reply = post(
        &site,
        &me,
        "/admin/articles",
        &fields(
            "خبر",
            "draft",
            &[
                ("meta_description", &meta),
                ("social_title", &title),
                ("social_image", "999"),
            ],
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply
            .body
            .contains("الوصف لمحركات البحث لا يزيد على 300 حرف")
    );
    assert!(reply.body.contains("عنوان المشاركة لا يزيد على 200 حرف"));
    assert!(reply.body.contains("صورة المشاركة المختارة غير موجودة"));
    assert_eq!(
        site.get("/ar/news/1").await.status,
        StatusCode::NOT_FOUND,
        "nothing was saved"
    );

    // An image without alternative text is no share image for a published story.
    let bare = picture(&site, "").await;
    let image = bare.id.to_string();
    let reply = post(
        &site,
        &me,
        "/admin/articles",
        &fields("خبر", "publish", &[("social_image", &image)]),
    )
    .await;
    assert!(reply.body.contains("أضف نصاً بديلاً لصورة المشاركة"));
}

#[tokio::test]
async fn the_head_shows_the_description_and_share_fields_or_falls_back() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let featured = picture(&site, "قاعة المكتبة").await;
    let social = picture(&site, "واجهة المكتبة").await;
    let featured_id = featured.id.to_string();
    let id = saved_id(
        &post(
            &site,
            &me,
            "/admin/articles",
            &fields("مكتبة عامة جديدة", "publish", &[("featured", &featured_id)]),
        )
        .await,
    );
    let path = article_href(
        nashir_core::language::Language::Arabic,
        ArticleId(id),
        "مكتبة-عامة-جديدة",
    );
    let page = site.get(&path).await;
    let h = head(&page.body);
    let lead = "مقدمة الخبر كما يقرؤها القراء";
    for line in [
        format!("<meta name=\"description\" content=\"{lead}\">"),
        format!("<meta property=\"og:description\" content=\"{lead}\">"),
        "<meta property=\"og:title\" content=\"مكتبة عامة جديدة\">".to_string(),
        "<meta name=\"twitter:title\" content=\"مكتبة عامة جديدة\">".to_string(),
        format!(
            "<meta property=\"og:image\" content=\"http://localhost/media/{}/1200.jpg\">",
            featured.id
        ),
        format!(
            "<meta name=\"twitter:image\" content=\"http://localhost/media/{}/1200.jpg\">",
            featured.id
        ),
    ] {
        assert!(
            h.contains(&line),
            "without them, the lead, headline and featured image: {line}\n{h}"
        );
    }

    let social_id = social.id.to_string();
    let extra = [
        ("featured", featured_id.as_str()),
        ("meta_description", "وصف <b>مختار</b> & \"مقتبس\"\nفي سطرين"),
        ("social_title", "  عنوان <i>للمشاركة</i>  "),
        ("social_image", social_id.as_str()),
    ];
    saved_id(
        &post(
            &site,
            &me,
            &format!("/admin/articles/{id}"),
            &fields("مكتبة عامة جديدة", "update", &extra),
        )
        .await,
    );
    let page = site.get(&path).await;
    let h = head(&page.body);
    let description = "وصف &#60;b&#62;مختار&#60;/b&#62; &#38; &#34;مقتبس&#34; في سطرين";
    for line in [
        format!("<meta name=\"description\" content=\"{description}\">"),
        format!("<meta property=\"og:description\" content=\"{description}\">"),
        "<meta property=\"og:title\" content=\"عنوان &#60;i&#62;للمشاركة&#60;/i&#62;\">"
            .to_string(),
        "<meta name=\"twitter:title\" content=\"عنوان &#60;i&#62;للمشاركة&#60;/i&#62;\">"
            .to_string(),
        format!(
            "<meta property=\"og:image\" content=\"http://localhost/media/{}/1200.jpg\">",
            social.id
        ),
        format!(
            "<meta name=\"twitter:image\" content=\"http://localhost/media/{}/1200.jpg\">",
            social.id
        ),
        "<meta property=\"og:image:alt\" content=\"واجهة المكتبة\">".to_string(),
        "<title>مكتبة عامة جديدة".to_string(),
    ] {
        assert!(h.contains(&line), "{line}\n{h}");
    }
    assert!(!h.contains("<b>") && !h.contains("<i>"), "escaped");
    assert!(
        page.body.contains(&format!("/media/{}/", featured.id)),
        "the page itself still shows the featured image"
    );

    // Revisions keep the text fields: restoring the first brings back the fallbacks.
    let restored = post(
        &site,
        &me,
        &format!("/admin/articles/{id}/revisions/1/restore"),
        &[],
    )
    .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER);
    let h = site.get(&path).await.body;
    assert!(head(&h).contains(&format!("<meta name=\"description\" content=\"{lead}\">")));
    assert!(head(&h).contains("<meta property=\"og:title\" content=\"مكتبة عامة جديدة\">"));

    // The preview shows them before any save.
    let preview = post(
        &site,
        &me,
        "/admin/preview",
        &fields("خبر لم يُحفظ", "", &extra),
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(head(&preview.body).contains(&format!(
        "<meta name=\"description\" content=\"{description}\">"
    )));
    assert!(head(&preview.body).contains(&format!("/media/{}/1200.jpg", social.id)));
}

#[tokio::test]
async fn an_autosave_keeps_the_publishing_fields() {
    let site = site().await;
    let me = editor(&site, Role::Author).await;
    let extra = [
        ("article", "0"),
        ("slug", "my-draft"),
        ("meta_description", "وصف لم يُحفظ بعد"),
        ("social_title", "عنوان مشاركة لم يُحفظ"),
    ];
    let saved = post(&site, &me, "/admin/autosave", &fields("مسودة", "", &extra)).await;
    assert_eq!(saved.status, StatusCode::NO_CONTENT, "{}", saved.body);
    let page = get(&site, &me, "/admin/articles/new").await;
    assert!(page.body.contains("استُعيدت نسخة محفوظة تلقائياً"));
    assert!(page.body.contains("value=\"my-draft\""));
    assert!(page.body.contains("وصف لم يُحفظ بعد</textarea>"));
    assert!(page.body.contains("value=\"عنوان مشاركة لم يُحفظ\""));
    assert!(page.body.contains("<details class=\"publishing\" open>"));
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

async fn call(site: &Site, method: Method, path: &str, token: &str, body: &str) -> Reply {
    site.request(
        Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn the_api_sets_and_returns_the_publishing_fields() {
    let site = site().await;
    editor(&site, Role::Editor).await;
    let token = site
        .app
        .add_token("editor@news.example", "اختبار")
        .await
        .unwrap()
        .1;
    let social = picture(&site, "واجهة المكتبة").await;
    let story = format!(
        r#"{{"title": "مكتبة عامة جديدة", "lead": "مقدمة", "body": "فقرة.", "section": "news",
            "slug": "Amman Library", "meta_description": "وصف للبحث", "social_title": "عنوان للمشاركة",
            "social_image": {}, "action": "publish"}}"#,
        social.id
    );
    let created = call(
        &site,
        Method::POST,
        "/api/v1/admin/articles",
        &token,
        &story,
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let a = json(&created.body);
    let id = a["id"].as_i64().unwrap();
    assert_eq!(a["slug"], "amman-library");
    assert_eq!(a["slug_chosen"], true);
    assert_eq!(a["url"], format!("/ar/news/{id}/amman-library"));
    assert_eq!(a["meta_description"], "وصف للبحث");
    assert_eq!(a["social_title"], "عنوان للمشاركة");
    assert_eq!(a["social_image"]["id"], social.id);
    let path = format!("/api/v1/admin/articles/{id}");
    let got = json(&call(&site, Method::GET, &path, &token, "").await.body);
    assert_eq!(got["meta_description"], "وصف للبحث");
    assert_eq!(got["social_image"]["id"], social.id);

    // A PATCH of other fields leaves them; an invalid slug is a 422 in Arabic.
    let patched = call(
        &site,
        Method::PATCH,
        &path,
        &token,
        r#"{"title": "مكتبة أكبر", "action": "update"}"#,
    )
    .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    let a = json(&patched.body);
    assert_eq!(
        (a["slug"].as_str(), a["social_title"].as_str()),
        (Some("amman-library"), Some("عنوان للمشاركة"))
    );
    let refused = call(
        &site,
        Method::PATCH,
        &path,
        &token,
        r#"{"slug": "؟؟؟", "action": "update"}"#,
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("الرابط المختصر يحتاج"),
        "{}",
        refused.body
    );

    // Emptied: back to the title's slug and the fallbacks; the old address redirects.
    let cleared = r#"{"slug": "", "meta_description": "", "social_title": "", "social_image": 0, "action": "update"}"#;
    let a = json(
        &call(&site, Method::PATCH, &path, &token, cleared)
            .await
            .body,
    );
    assert_eq!(a["slug"], "مكتبة-أكبر");
    assert_eq!(a["slug_chosen"], false);
    assert_eq!(a["meta_description"], "");
    assert!(a.get("social_image").is_none(), "{a}");
    let old = site.get(&format!("/ar/news/{id}/amman-library")).await;
    assert_eq!(old.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        old.location(),
        article_href(
            nashir_core::language::Language::Arabic,
            ArticleId(id),
            "مكتبة-أكبر"
        )
    );

    // The OpenAPI document describes them, from the code.
    let doc = json(&site.get("/api/v1/openapi.json").await.body);
    let fields = &doc["components"]["schemas"]["ArticleIn"]["properties"];
    for name in ["slug", "meta_description", "social_title", "social_image"] {
        assert!(fields[name]["description"].is_string(), "{name}: {fields}");
    }
    let out = &doc["components"]["schemas"]["ArticleJson"]["properties"];
    for name in ["slug", "meta_description", "social_title", "social_image"] {
        assert!(out.get(name).is_some(), "{name}");
    }
}
