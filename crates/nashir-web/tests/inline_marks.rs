//! Bold, italics, links and line breaks inside paragraphs: written in the editor's
//! Markdown, stored as marks over plain text, rendered safely wherever a body goes.

mod common;

use axum::http::StatusCode;
use common::{editor, get_as as get, post_as as post, site};
use nashir_core::permissions::Role;

const BODY: &str = "قال **الوزير** إن _النمو_ بلغ [٣٪ حسب IMF](https://imf.example/r?a=1&b=\"2\") وفق [تقريرنا](/ar/news/1/تقرير).\\
سطر ثانٍ فيه <b>وسم</b> و[رابط خبيث](javascript:alert(1)) و\\*نجمة\\*.

- بند **مهم**
- بند [خارجي](https://x.example/a_(b))

> قول *مأثور*

<https://video.example/watch?v=1&t=(2)>";

#[tokio::test]
async fn marks_render_on_the_page_in_feeds_and_the_api_and_come_back_to_the_editor() {
    let site = site().await;
    let me = editor(&site, Role::Editor).await;
    let created = post(
        &site,
        &me,
        "/admin/articles",
        &[
            ("title", "خبر بعلامات"),
            ("lead", "مقدمة"),
            ("body", BODY),
            ("section", "news"),
            ("source_name", "ناشر"),
            ("action", "publish"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let edit_path = created.location().to_string();
    let id: i64 = edit_path.rsplit('/').next().unwrap().parse().unwrap();

    let moved = site.get(&format!("/ar/news/{id}")).await;
    let page = site.get(moved.location()).await;
    assert_eq!(page.status, StatusCode::OK);
    let paragraph = "<p>قال <strong>الوزير</strong> إن <em>النمو</em> بلغ \
        <a href=\"https://imf.example/r?a=1&#38;b=%222%22\" rel=\"external noopener\">٣٪ حسب IMF</a> \
        وفق <a href=\"/ar/news/1/تقرير\">تقريرنا</a>.<br>سطر ثانٍ فيه &#60;b&#62;وسم&#60;/b&#62; \
        و[رابط خبيث](javascript:alert(1)) و*نجمة*.</p>";
    assert!(page.body.contains(paragraph), "{}", page.body);
    assert!(
        page.body.contains("بند <strong>مهم</strong></li>"),
        "{}",
        page.body
    );
    assert!(page.body.contains(
        "بند <a href=\"https://x.example/a_%28b%29\" rel=\"external noopener\">خارجي</a></li>"
    ));
    assert!(
        page.body
            .contains("<blockquote><p>قول <em>مأثور</em></p></blockquote>")
    );
    assert!(!page.body.contains("href=\"javascript"));
    // Something embedded from another site: a link to it, no frame, no script.
    assert!(page.body.contains(
        "<figure class=\"embed\"><a href=\"https://video.example/watch?v=1&#38;t=%282%29\" rel=\"external noopener\" dir=\"ltr\">"
    ), "{}", page.body);
    assert!(!page.body.contains("<iframe"));

    // Feeds carry the same HTML, escaped once more as XML text.
    let rss = site.get("/feed.rss").await;
    assert!(
        rss.body.contains("&#60;strong&#62;الوزير&#60;/strong&#62;"),
        "{}",
        rss.body
    );

    // The API gives the marks as data and the same HTML.
    let api = site.get(&format!("/api/v1/articles/{id}")).await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let first = &json["blocks"][0];
    assert_eq!(first["type"], "paragraph");
    assert_eq!(first["marks"][0]["kind"], "strong");
    assert_eq!(first["marks"][0]["start"], 4);
    assert_eq!(first["marks"][0]["end"], 10);
    let text = first["text"].as_str().unwrap();
    assert!(text.starts_with("قال الوزير إن النمو بلغ ٣٪ حسب IMF وفق تقريرنا.\nسطر ثانٍ"));
    assert!(
        json["html"]
            .as_str()
            .unwrap()
            .contains("<strong>الوزير</strong>")
    );

    // The editor shows the same Markdown back (links cleaned, emphasis as `_`).
    let form = get(&site, &me, &edit_path).await;
    assert!(
        form.body.contains("قال **الوزير** إن _النمو_ بلغ"),
        "{}",
        form.body
    );
    assert!(form.body.contains("(https://x.example/a_%28b%29)"));
    assert!(
        form.body
            .contains("و\\[رابط خبيث\\](javascript:alert(1)) و\\*نجمة\\*.")
    );
}
