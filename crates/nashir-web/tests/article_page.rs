//! The reference article through the real router.

mod common;

use axum::http::{StatusCode, header};
use common::{REFERENCE, site, site_with, visible_text};
use nashir_app::SiteSettings;
use nashir_core::arabic_date::{Digits, MonthNames};
use nashir_core::import::{FURNITURE_LABELS, is_furniture};

/// Follows the home page's link to the reference article and returns its HTML.
async fn reference_page(site: &common::Site) -> String {
    site.import("ref", REFERENCE).await;
    let home = site.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    let start = home
        .body
        .find("href=\"/ar/news/")
        .expect("home links an article")
        + 6;
    let end = start + home.body[start..].find('"').unwrap();
    let page = site.get(&home.body[start..end]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.body
}

#[tokio::test]
async fn page_text_holds_every_reference_line_in_order() {
    let site = site().await;
    let text = visible_text(&reference_page(&site).await);
    let reference = String::from_utf8(REFERENCE.to_vec()).unwrap();
    let mut pos = 0;
    for line in reference
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
    {
        if line.is_empty() {
            continue;
        }
        // Page furniture appears once per label instead of twice.
        let needles: Vec<String> = if is_furniture(&line) {
            FURNITURE_LABELS
                .iter()
                .filter(|label| line.contains(*label))
                .map(|label| label.to_string())
                .collect()
        } else {
            vec![line.clone()]
        };
        for needle in needles {
            let found = text[pos..].find(&needle).unwrap_or_else(|| {
                panic!("«{needle}» missing after byte {pos} of the page text:\n{text}")
            });
            pos += found + needle.len();
        }
    }
}

#[tokio::test]
async fn page_is_semantic_rtl_arabic() {
    let site = site().await;
    let html = reference_page(&site).await;
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(html.contains("<article class=\"article\">"));
    assert_eq!(html.matches("<h1").count(), 1, "one h1 per page");
    assert!(html.contains("<h1 class=\"headline\">العراق والتعاون العسكري مع روسيا:"));
    assert!(html.contains("<h2>زيارة الوفد العراقي:</h2>"));
    assert!(html.contains("<h2>دلالات التعاون العسكري:</h2>"));
    let list = &html[html.find("<ul class=\"dash-list\">").unwrap()..];
    let list = &list[..list.find("</ul>").unwrap()];
    assert_eq!(list.matches("<li>").count(), 3);
    assert!(html.contains(
        "التحديث الاخير بتاريخ|<time datetime=\"2025-01-08T12:00:00Z\">الأربعاء, يناير 8, 2025</time>"
    ));
    assert!(html.contains("<p class=\"source\">المصدر / الوقت</p>"));
    assert!(html.contains("/print\">طباعة الخبر</a>"));
    assert!(html.contains("/send\">ارسال الخبر الى صديق</a>"));
    assert!(html.contains("id=\"comments\""));
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/assets/site."));
}

#[tokio::test]
async fn date_follows_the_site_zone_and_month_names() {
    let site = site_with(SiteSettings {
        month_names: MonthNames::Levantine,
        time_zone: jiff::tz::TimeZone::get("Asia/Baghdad").unwrap(),
        ..SiteSettings::default()
    })
    .await;
    let html = reference_page(&site).await;
    // Imported dates mean noon in the site's zone: 09:00 UTC in Baghdad.
    assert!(
        visible_text(&html).contains("التحديث الاخير بتاريخ|الأربعاء, كانون الثاني 8, 2025"),
        "{html}"
    );
    assert!(html.contains("datetime=\"2025-01-08T09:00:00Z\""));
}

#[tokio::test]
async fn a_gulf_or_maghreb_site_writes_its_months_digits_and_the_hijri_date() {
    let site = site_with(SiteSettings {
        month_names: MonthNames::Maghreb,
        digits: Digits::ArabicIndic,
        hijri: true,
        ..SiteSettings::default()
    })
    .await;
    let html = reference_page(&site).await;
    let text = visible_text(&html);
    assert!(
        text.contains("التحديث الاخير بتاريخ|الأربعاء, جانفي ٨, ٢٠٢٥ · ٨ رجب ١٤٤٦ هـ"),
        "{text}"
    );
    // Lists carry the same date.
    let latest = visible_text(&site.get("/ar/latest").await.body);
    assert!(latest.contains("جانفي ٨, ٢٠٢٥ · ٨ رجب ١٤٤٦ هـ"), "{latest}");
}

#[tokio::test]
async fn wrong_or_missing_slug_redirects_permanently() {
    let site = site().await;
    let imported = site.import("ref", REFERENCE).await;
    let canonical = nashir_core::slug::article_href(
        nashir_core::language::Language::Arabic,
        imported.id,
        "العراق-والتعاون-العسكري-مع-روسيا",
    );
    for uri in [
        format!("/ar/news/{}", imported.id),
        format!("/ar/news/{}/old-slug", imported.id),
        format!("/ar/news/{}/%D8%A7", imported.id),
    ] {
        let reply = site.get(&uri).await;
        assert_eq!(reply.status, StatusCode::MOVED_PERMANENTLY, "{uri}");
        assert_eq!(reply.location(), canonical, "{uri}");
    }
    let print = site.get(&format!("/ar/news/{}/x/print", imported.id)).await;
    assert_eq!(print.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(print.location(), format!("{canonical}/print"));
    assert_eq!(site.get(&canonical).await.status, StatusCode::OK);
}

#[tokio::test]
async fn unknown_articles_get_an_arabic_404() {
    let site = site().await;
    site.import("ref", REFERENCE).await;
    for uri in [
        "/ar/news/999/x",
        "/ar/news/999",
        "/ar/news/abc/x",
        "/ar/news/1/%FF%FE",
        "/ar/news/99999999999999999999999/x",
        "/no/such/page",
    ] {
        let reply = site.get(uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            reply.body.contains("<html lang=\"ar\" dir=\"rtl\">"),
            "{uri}"
        );
        assert!(reply.body.contains("الصفحة غير موجودة"), "{uri}");
    }
}

#[tokio::test]
async fn unpublished_and_future_articles_stay_hidden() {
    let site = site().await;
    let imported = site.import("ref", REFERENCE).await;
    site.set_now("2025-01-08T11:59:00Z"); // a minute before the imported publication time
    let home = site.get("/").await;
    assert!(home.body.contains("لا توجد أخبار منشورة بعد"));
    assert_eq!(
        site.get(&imported_href(&imported)).await.status,
        StatusCode::NOT_FOUND
    );
    site.set_now("2025-01-08T12:00:00Z");
    assert_eq!(
        site.get(&imported_href(&imported)).await.status,
        StatusCode::OK
    );
}

fn imported_href(imported: &nashir_app::Imported) -> String {
    let slug = imported.path.rsplit('/').next().unwrap();
    nashir_core::slug::article_href(nashir_core::language::Language::Arabic, imported.id, slug)
}

#[tokio::test]
async fn reader_text_is_escaped() {
    let site = site().await;
    let hostile = "التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025\n<script>alert(1)</script> \"عنوان\"\n<img src=x onerror=alert(2)>\n– <b>بند</b>\nالمصدر / <a href=\"javascript:alert(3)\">x</a>\n";
    let imported = site.import("x", hostile.as_bytes()).await;
    let page = site.get(&imported_href(&imported)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<script>alert"), "{}", page.body);
    assert!(!page.body.contains("<img src=x"));
    assert!(!page.body.contains("<b>بند"));
    assert!(!page.body.contains("href=\"javascript:"));
    let text = common::visible_text(&page.body);
    assert!(
        text.contains("<script>alert(1)</script> \"عنوان\""),
        "{text}"
    );
    assert!(
        text.contains("المصدر / <a href=\"javascript:alert(3)\">x</a>"),
        "{text}"
    );
}

#[tokio::test]
async fn print_view_drops_the_chrome() {
    let site = site().await;
    let imported = site.import("ref", REFERENCE).await;
    let page = site
        .get(&format!("{}/print", imported_href(&imported)))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("class=\"print-view\""));
    assert!(!page.body.contains("id=\"comments\""));
    assert!(!page.body.contains("ارسال الخبر الى صديق"));
    assert!(page.body.contains("http://localhost/ar/news/1/"));
}

#[tokio::test]
async fn send_to_friend_says_it_is_unavailable() {
    let site = site().await;
    let imported = site.import("ref", REFERENCE).await;
    let page = site
        .get(&format!("{}/send", imported_href(&imported)))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("غير متاحة"));
}

#[tokio::test]
async fn responses_carry_security_and_language_headers() {
    let site = site().await;
    let reply = site.get("/").await;
    let h = &reply.headers;
    assert_eq!(h["content-language"], "ar");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(
        h[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    assert!(
        h[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}

#[tokio::test]
async fn wrong_method_and_oversized_bodies_get_arabic_errors() {
    use axum::body::Body;
    use axum::http::Request;
    let site = site().await;
    let reply = site
        .request(Request::post("/").body(Body::from("x")).unwrap())
        .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(reply.body.contains("طلب غير مسموح"));
}
