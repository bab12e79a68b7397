//! Each edition's pages in its own script and calendar: dates in the edition's
//! calendar and digits (Persian numbers in Persian digits), and only the
//! edition's own fonts declared and preloaded. The Arabic edition's pages keep
//! their Arabic dates and Noto Naskh Arabic.

mod common;

use axum::http::StatusCode;
use nashir_app::{EditionSettings, SiteSettings};
use nashir_core::arabic_date::digits_from;
use nashir_core::persian_date::PersianCalendar;
use nashir_i18n::Language;

/// A site publishing the three editions, with the reference article and an
/// English and a Persian one (all last updated on 2025-01-08, at noon UTC):
/// the site and the three articles' paths (ar, en, fa).
async fn three_editions(persian_calendar: PersianCalendar) -> (common::Site, [String; 3]) {
    let site = common::site_with(SiteSettings {
        editions: Language::ALL.map(EditionSettings::new).to_vec(),
        persian_calendar,
        ..SiteSettings::default()
    })
    .await;
    let arabic = site.import("ref", common::REFERENCE).await.path;
    let english = import_in(&site, Language::English, "en/cairo-metro-line.txt").await;
    let persian = import_in(&site, Language::Persian, "fa/tehran-metro-line.txt").await;
    (site, [arabic, english, persian])
}

/// Imports a file of `testdata/editions` in `language`'s reference format.
async fn import_in(site: &common::Site, language: Language, file: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/editions")
        .join(file);
    let files = [(file.to_string(), std::fs::read(path).unwrap())];
    let prepared = site.app.prepare_import_in(&files, "news", language);
    let mut imported = site.app.store_import(prepared).await.unwrap();
    imported.pop().unwrap().unwrap().path
}

async fn page(site: &common::Site, uri: &str) -> String {
    let reply = site.get(uri).await;
    assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
    reply.body
}

fn assert_has(uri: &str, html: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(html.contains(w), "{uri}: missing «{w}» in {html}");
    }
}

const UPDATED: &str = "<time datetime=\"2025-01-08T12:00:00Z\">";

#[tokio::test]
async fn each_edition_writes_dates_in_its_calendar_and_digits() {
    let (site, [arabic, english, persian]) = three_editions(PersianCalendar::SolarHijri).await;

    let ar = page(&site, &arabic).await;
    assert_has(
        &arabic,
        &ar,
        &[&format!(
            "التحديث الاخير بتاريخ|{UPDATED}الأربعاء, يناير 8, 2025</time>"
        )],
    );
    let en = page(&site, &english).await;
    assert_has(
        &english,
        &en,
        &[&format!(
            "Last update|{UPDATED}Wednesday, January 8, 2025</time>"
        )],
    );
    let fa = page(&site, &persian).await;
    assert_has(
        &persian,
        &fa,
        &[&format!(
            "آخرین بروزرسانی|{UPDATED}چهارشنبه ۱۹ دی ۱۴۰۳</time>"
        )],
    );

    // Teasers on the editions' fronts, and the archive's headings.
    let en_front = page(&site, "/en/").await;
    assert_has("/en/", &en_front, &[">Wednesday, January 8, 2025</time>"]);
    let fa_front = page(&site, "/fa/").await;
    assert_has("/fa/", &fa_front, &[">چهارشنبه ۱۹ دی ۱۴۰۳</time>"]);
    for (uri, heading) in [
        ("/en/archive/2025/01", "Archive: January 2025"),
        (
            "/en/archive/2025/01/08",
            "Archive: Wednesday, January 8, 2025",
        ),
        ("/fa/archive/2025/01", "آرشیو ژانویه ۲۰۲۵"),
        ("/fa/archive/2025/01/08", "آرشیو چهارشنبه ۱۹ دی ۱۴۰۳"),
        ("/ar/archive/2025/01", "أرشيف يناير 2025"),
    ] {
        assert_has(uri, &page(&site, uri).await, &[heading]);
    }

    // Numbers said through the catalogs: Persian digits on Persian pages only.
    let max = i64::try_from(nashir_app::comments::TEXT_MAX_CHARS).unwrap();
    let form = format!("{persian}/comment");
    assert_has(&form, &page(&site, &form).await, &[&digits_from('۰', max)]);
    let form = format!("{english}/comment");
    assert_has(&form, &page(&site, &form).await, &[&max.to_string()]);
}

#[tokio::test]
async fn the_persian_edition_writes_gregorian_dates_on_request() {
    let (site, [_, _, persian]) = three_editions(PersianCalendar::Gregorian).await;
    let fa = page(&site, &persian).await;
    assert_has(
        &persian,
        &fa,
        &[&format!(
            "آخرین بروزرسانی|{UPDATED}چهارشنبه ۸ ژانویه ۲۰۲۵</time>"
        )],
    );
}

/// The fonts a page preloads, in order.
fn preloaded_fonts(html: &str) -> Vec<&str> {
    html.split("<link rel=\"preload\" href=\"")
        .skip(1)
        .filter(|rest| rest.contains("as=\"font\""))
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

fn stylesheet(html: &str) -> &str {
    let rest = html
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .expect("a stylesheet");
    rest.split('"').next().unwrap()
}

/// The font families a stylesheet declares faces of, and the files they load.
fn declared_faces(css: &str) -> Vec<(&str, &str)> {
    css.split("@font-face")
        .skip(1)
        .filter_map(|face| {
            let family = face.split("font-family: \"").nth(1)?.split('"').next()?;
            let src = face.split("url(\"").nth(1)?.split('"').next()?;
            Some((family, src))
        })
        .collect()
}

#[tokio::test]
async fn each_edition_declares_and_preloads_only_its_own_fonts() {
    let (site, [arabic, english, persian]) = three_editions(PersianCalendar::SolarHijri).await;
    for (uri, family, files) in [
        (
            &arabic,
            "Noto Naskh Arabic",
            "/assets/fonts/noto-naskh-arabic-",
        ),
        (&english, "Noto Serif", "/assets/fonts/noto-serif-"),
        (&persian, "Vazirmatn", "/assets/fonts/vazirmatn-"),
    ] {
        let html = page(&site, uri).await;
        let preloads = preloaded_fonts(&html);
        assert!(!preloads.is_empty(), "{uri}");
        for font in &preloads {
            assert!(font.starts_with(files), "{uri} preloads {font}");
            let reply = site.get(font).await;
            assert_eq!(reply.status, StatusCode::OK, "{font}");
            assert_eq!(reply.headers["content-type"], "font/woff2");
        }
        let css = page(&site, stylesheet(&html)).await;
        let faces = declared_faces(&css);
        assert!(!faces.is_empty(), "{uri}");
        for (declared, src) in faces {
            assert_eq!(declared, family, "{uri}");
            assert!(src.starts_with(files), "{uri}: {src}");
            assert_eq!(site.get(src).await.status, StatusCode::OK, "{src}");
        }
        // What it preloads is what its stylesheet declares.
        for font in &preloads {
            assert!(css.contains(font), "{uri}: {font} preloaded, not declared");
        }
    }

    // The Arabic edition's page loads what it loaded before editions had
    // fonts of their own: site.css and the three Noto Naskh Arabic preloads.
    let html = page(&site, &arabic).await;
    let preloads = preloaded_fonts(&html);
    let expected = [
        "/assets/fonts/noto-naskh-arabic-400.",
        "/assets/fonts/noto-naskh-arabic-700.",
        "/assets/fonts/noto-naskh-arabic-latin-400.",
    ];
    assert_eq!(preloads.len(), expected.len(), "{preloads:?}");
    for (font, start) in preloads.iter().zip(expected) {
        assert!(font.starts_with(start), "{font}");
    }
    let css = stylesheet(&html);
    assert!(
        css.starts_with("/assets/site.") && !css.starts_with("/assets/site-"),
        "{css}"
    );
}
