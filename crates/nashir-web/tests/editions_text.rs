//! Reader pages in the English and Persian catalogs: the same router and
//! templates, the edition chosen by the path's prefix (`/en/…`, `/fa/…`).
//! Without one, a page is the default edition's, Arabic, as the other tests
//! check.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{REFERENCE, site_with_editions};
use http_body_util::BodyExt;
use nashir_i18n::Language;
use tower::ServiceExt;

const ENGLISH: &[u8] = include_bytes!("../../../testdata/editions/en/cairo-metro-line.txt");
const PERSIAN: &[u8] = include_bytes!("../../../testdata/editions/fa/tehran-metro-line.txt");

/// The site's router, serving every edition.
fn edition_router(site: &common::Site) -> axum::Router {
    nashir_web::router(site.app.clone())
}

struct Page {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn send(router: &axum::Router, request: Request<Body>) -> Page {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Page {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get(router: &axum::Router, uri: &str) -> Page {
    send(router, Request::get(uri).body(Body::empty()).unwrap()).await
}

fn language_of(page: &Page) -> &str {
    page.headers
        .get(header::CONTENT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn assert_has(page: &Page, wanted: &[&str]) {
    for w in wanted {
        assert!(page.body.contains(w), "missing «{w}» in {}", page.body);
    }
}

fn assert_lacks(page: &Page, unwanted: &[&str]) {
    for u in unwanted {
        assert!(!page.body.contains(u), "«{u}» left in {}", page.body);
    }
}

/// The Arabic reader's words on the article page, none of which another
/// edition may show.
const ARABIC_ARTICLE_WORDS: &[&str] = &[
    "التحديث الاخير بتاريخ",
    "طباعة الخبر",
    "ارسال الخبر الى صديق",
    "اضافة تعليق",
    "المصدر /",
    "تخطَّ إلى المحتوى",
    "التعليقات",
];

#[tokio::test]
async fn the_article_page_speaks_the_edition_s_language() {
    let site = site_with_editions(false).await;
    let imported = site.import("ref", REFERENCE).await;
    let english_story = site.import_in(Language::English, "en", ENGLISH).await;
    let persian_story = site.import_in(Language::Persian, "fa", PERSIAN).await;
    assert!(english_story.path.starts_with("/en/news/"));
    assert!(persian_story.path.starts_with("/fa/news/"));
    let router = edition_router(&site);

    let english = get(&router, &english_story.path).await;
    assert_eq!(english.status, StatusCode::OK, "{}", english.body);
    assert_has(
        &english,
        &[
            "<html lang=\"en\" dir=\"ltr\">",
            "<p class=\"updated\">Last update|<time",
            ">Print</a>",
            ">Send to friend</a>",
            ">Add comment</a>",
            "<p class=\"source\">Source / ",
            ">Skip to content</a>",
            "aria-label=\"Share on WhatsApp\"",
            "<meta property=\"og:locale\" content=\"en_US\">",
            "<h2 id=\"comments-title\">Comments <span",
        ],
    );
    assert_lacks(&english, ARABIC_ARTICLE_WORDS);
    assert_eq!(language_of(&english), "en");

    let persian = get(&router, &persian_story.path).await;
    assert_eq!(persian.status, StatusCode::OK, "{}", persian.body);
    assert_has(
        &persian,
        &[
            "<html lang=\"fa\" dir=\"rtl\">",
            "<p class=\"updated\">آخرین بروزرسانی|<time",
            ">چاپ خبر</a>",
            ">ارسال به دوستان</a>",
            ">افزودن دیدگاه</a>",
            "<p class=\"source\">منبع / ",
            "<meta property=\"og:locale\" content=\"fa_IR\">",
        ],
    );
    assert_lacks(&persian, ARABIC_ARTICLE_WORDS);
    assert_eq!(language_of(&persian), "fa");

    // The print view and the default edition, through the same router code.
    let print = get(&router, &format!("{}/print", english_story.path)).await;
    assert_has(
        &print,
        &[
            "<html lang=\"en\" dir=\"ltr\">",
            ">Print this story</button>",
        ],
    );
    let arabic = site.get(&imported.path).await;
    assert!(arabic.body.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(
        arabic
            .body
            .contains("<p class=\"updated\">التحديث الاخير بتاريخ|<time")
    );
    assert_eq!(arabic.headers.get(header::CONTENT_LANGUAGE).unwrap(), "ar");
}

#[tokio::test]
async fn error_pages_and_lists_speak_it_too() {
    let site = site_with_editions(false).await;
    site.import("ref", REFERENCE).await;
    site.import_in(Language::English, "en", ENGLISH).await;
    let router = edition_router(&site);

    let english = get(&router, "/en/news/999/x").await;
    assert_eq!(english.status, StatusCode::NOT_FOUND);
    assert_has(
        &english,
        &[
            "<html lang=\"en\" dir=\"ltr\">",
            "<h1>Page not found</h1>",
            ">Back to the home page</a>",
        ],
    );
    let persian = get(&router, "/fa/no/such/page").await;
    assert_eq!(persian.status, StatusCode::NOT_FOUND);
    assert_has(
        &persian,
        &["<html lang=\"fa\" dir=\"rtl\">", "<h1>صفحه پیدا نشد</h1>"],
    );
    assert_lacks(&persian, &["الصفحة غير موجودة"]);

    let most_read = get(&router, "/en/most-read?window=week").await;
    assert_has(
        &most_read,
        &[
            "<h1 class=\"page-title\">Most read</h1>",
            ">Today</a>",
            "aria-current=\"page\">This week</a>",
        ],
    );
    let search = get(&router, "/fa/search").await;
    assert_has(
        &search,
        &[
            "<h1 class=\"page-title\">جستجو</h1>",
            "<option value=\"\">همه بخش‌ها</option>",
        ],
    );
    let feed = get(&router, "/en/feed.atom").await;
    assert!(feed.body.contains("xml:lang=\"en\""), "{}", feed.body);
    assert!(
        feed.body.contains("<subtitle>The latest news from "),
        "{}",
        feed.body
    );
}

#[tokio::test]
async fn a_refused_comment_says_why_in_the_reader_s_language() {
    let site = site_with_editions(false).await;
    let imported = site.import_in(Language::English, "en", ENGLISH).await;
    let router = edition_router(&site);
    let uri = format!("{}/comment", imported.path);

    let form = get(&router, &uri).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert_has(
        &form,
        &[
            "<h1>Add comment</h1>",
            "Plain text, up to 5000 characters and 2 links.",
            ">Leave this field empty</label>",
        ],
    );
    let token = form
        .body
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a token field")
        .to_string();
    let cookie = form
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("nashir_form="))
        .and_then(|v| v.split(';').next())
        .expect("a nashir_form cookie")
        .to_string();

    site.clock.advance(jiff::SignedDuration::from_secs(20));
    let body = common::form(&[("token", &token), ("name", ""), ("text", "Hello")]);
    let mut request = Request::post(&uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &cookie)
        .body(Body::from(body))
        .unwrap();
    let peer: std::net::SocketAddr = "203.0.113.9:40000".parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    let refused = send(&router, request).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert_has(
        &refused,
        &[
            "<html lang=\"en\" dir=\"ltr\">",
            "<p class=\"error\" role=\"alert\" id=\"form-error\">Please write your name.</p>",
        ],
    );
    assert_lacks(&refused, &["اكتب اسمك"]);
}
