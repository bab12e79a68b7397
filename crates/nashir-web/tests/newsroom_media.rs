//! Image uploads: checked by content, stripped, resized, served, required alt text.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use std::sync::Arc;

use common::{Site, site, site_with};
use nashir_app::media::{MediaFiles, ObjectMedia};
use nashir_app::{App, SiteSettings};
use nashir_core::permissions::Role;
use tower::ServiceExt;

const BOUNDARY: &str = "----nashir-test-boundary";

use common::Editor;

async fn editor(site: &Site) -> Editor {
    common::editor(site, Role::Editor).await
}

fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut plain = Vec::new();
    img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
        &mut plain, 80,
    ))
    .unwrap();
    let payload = b"Exif\0\0GPS 31.9539N 35.9106E SECRET-LOCATION";
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&plain[2..]);
    out
}

async fn upload(
    site: &Site,
    who: &Editor,
    csrf: &str,
    name: &str,
    file: &[u8],
    alt: &str,
) -> common::Reply {
    let mut body = Vec::new();
    for (field, value) in [("csrf", csrf), ("alt", alt)] {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: image/jpeg\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    site.request(
        Request::post("/admin/media")
            .header(header::COOKIE, &who.cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn a_photo_is_stored_stripped_at_three_widths_and_served() {
    let site = site().await;
    let me = editor(&site).await;
    let reply = upload(
        &site,
        &me,
        &me.csrf,
        "photo.jpg",
        &jpeg_with_exif(2000, 1000),
        "ساحة عمّان",
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let media = site.store.recent_media(5).await.unwrap();
    assert_eq!(media.len(), 1);
    let m = &media[0];
    assert_eq!(
        (m.width, m.height, m.widths.clone(), m.alt.as_str()),
        (2000, 1000, vec![400, 800, 1600], "ساحة عمّان")
    );
    for w in [400, 800, 1600] {
        let file = site.get(&m.url(w)).await;
        assert_eq!(file.status, StatusCode::OK, "{w}");
        assert_eq!(file.headers[header::CONTENT_TYPE], "image/jpeg");
        assert!(
            file.headers[header::CACHE_CONTROL]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        assert!(
            !file.raw.windows(15).any(|x| x == b"SECRET-LOCATION"),
            "GPS data gone at {w}"
        );
        assert_eq!(image::load_from_memory(&file.raw).unwrap().width(), w);
    }
    for bad in [
        "/media/1/401.jpg",
        "/media/1/400.gif",
        "/media/x/400.jpg",
        "/media/1/..%2F..%2Fnashir.db",
        "/media/1/400",
    ] {
        assert_eq!(site.get(bad).await.status, StatusCode::NOT_FOUND, "{bad}");
    }
    let list = site
        .request(
            Request::get("/admin/media")
                .header(header::COOKIE, &me.cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(list.body.contains(
        "srcset=\"/media/1/400.jpg 400w, /media/1/800.jpg 800w, /media/1/1600.jpg 1600w\""
    ));
}

#[tokio::test]
async fn files_that_are_not_images_are_refused_by_content() {
    let site = site().await;
    let me = editor(&site).await;
    let reply = upload(
        &site,
        &me,
        &me.csrf,
        "photo.jpg",
        b"<?php system($_GET['x']); ?>",
        "x",
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(reply.body.contains("ليس صورة JPEG أو PNG أو WebP"));
    let svg = upload(
        &site,
        &me,
        &me.csrf,
        "a.png",
        b"<svg onload=alert(1)></svg>",
        "x",
    )
    .await;
    assert_eq!(svg.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let empty = upload(&site, &me, &me.csrf, "a.jpg", b"", "x").await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    let forged = upload(&site, &me, "wrong", "a.jpg", &jpeg_with_exif(50, 50), "x").await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(site.store.recent_media(5).await.unwrap().is_empty());
}

#[tokio::test]
async fn uploads_over_the_limit_are_refused() {
    let site = site_with(nashir_app::SiteSettings {
        media_max_bytes: 20_000,
        ..nashir_app::SiteSettings::default()
    })
    .await;
    let me = editor(&site).await;
    let big = jpeg_with_exif(1500, 1500);
    assert!(big.len() > 100_000, "{}", big.len());
    let reply = upload(&site, &me, &me.csrf, "big.jpg", &big, "x").await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        reply.body.contains("<html lang=\"ar\""),
        "an Arabic page, not a bare status"
    );
    assert!(site.store.recent_media(5).await.unwrap().is_empty());
}

/// Gives image 1 its alternative text through the media page's form.
async fn give_alt(site: &Site, me: &Editor, alt: &str) {
    let done = common::post_as(site, me, "/admin/media/1/alt", &[("alt", alt)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
}

#[tokio::test]
async fn featured_images_need_alt_text_before_publishing() {
    let site = site().await;
    let me = editor(&site).await;
    upload(
        &site,
        &me,
        &me.csrf,
        "p.jpg",
        &jpeg_with_exif(1000, 500),
        "",
    )
    .await;
    let post = |fields: Vec<(&'static str, String)>| {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", nashir_core::slug::percent_encode_segment(v)))
            .collect::<Vec<_>>()
            .join("&");
        site.request(
            Request::post("/admin/articles")
                .header(header::COOKIE, &me.cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
    };
    let fields = || {
        vec![
            ("csrf", me.csrf.clone()),
            ("title", "خبر بصورة".to_string()),
            ("lead", "مقدمة".to_string()),
            ("body", "نص".to_string()),
            ("section", "news".to_string()),
            ("featured", "1".to_string()),
            ("action", "publish".to_string()),
        ]
    };
    let refused = post(fields()).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("أضف نصاً بديلاً للصورة البارزة"));
    give_alt(&site, &me, "شعار المهرجان").await;
    let published = post(fields()).await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let id = published.location().rsplit('/').next().unwrap();
    let public = site.get(&format!("/ar/news/{id}")).await;
    let page = site.get(public.location()).await;
    assert!(page.body.contains("<figure class=\"featured\">"));
    assert!(
        page.body.contains(
            "srcset=\"/media/1/400.jpg 400w, /media/1/800.jpg 800w, /media/1/1000.jpg 1000w\""
        ),
        "{}",
        page.body
    );
    assert!(page.body.contains("alt=\"شعار المهرجان\""));
    assert!(
        page.body
            .contains("<meta property=\"og:image\" content=\"http://localhost/media/1/1000.jpg\">")
    );
    // Feeds carry it too: Media RSS in RSS, an enclosure link in Atom.
    let rss = site.get("/feed.rss").await;
    assert!(rss.body.contains(
        "<media:content url=\"http://localhost/media/1/1000.jpg\" medium=\"image\" type=\"image/jpeg\""
    ));
    let atom = site.get("/feed.atom").await;
    assert!(atom.body.contains(
        "<link rel=\"enclosure\" type=\"image/jpeg\" href=\"http://localhost/media/1/1000.jpg\"/>"
    ));
}

#[tokio::test]
async fn images_in_the_body_render_with_srcset_and_need_alt_text() {
    let site = site().await;
    let me = editor(&site).await;
    upload(&site, &me, &me.csrf, "p.jpg", &jpeg_with_exif(900, 600), "").await;
    let send = |body: &'static str| {
        let fields = [
            ("csrf", me.csrf.as_str()),
            ("title", "خبر بصورة داخلية"),
            ("lead", "مقدمة"),
            ("body", body),
            ("section", "news"),
            ("action", "publish"),
        ];
        let form = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", nashir_core::slug::percent_encode_segment(v)))
            .collect::<Vec<_>>()
            .join("&");
        site.request(
            Request::post("/admin/articles")
                .header(header::COOKIE, &me.cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form))
                .unwrap(),
        )
    };
    let missing = send("فقرة\n\n![صورة](media:42)").await;
    assert!(missing.body.contains("media:42 في النص غير موجودة"));
    let no_alt = send("فقرة\n\n![صورة الساحة](media:1)").await;
    assert!(no_alt.body.contains("أضف نصاً بديلاً للصورة media:1"));
    give_alt(&site, &me, "ساحة المدينة مساءً").await;
    let ok = send("فقرة\n\n![صورة الساحة](media:1)\n\nفقرة أخيرة").await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let id = ok.location().rsplit('/').next().unwrap();
    let public = site.get(&format!("/ar/news/{id}")).await;
    let page = site.get(public.location()).await;
    assert!(page.body.contains("<figure class=\"body-image\">"));
    assert!(page.body.contains(
        "srcset=\"/media/1/400.jpg 400w, /media/1/800.jpg 800w, /media/1/900.jpg 900w\""
    ));
    assert!(page.body.contains("alt=\"ساحة المدينة مساءً\""));
    assert!(page.body.contains("<figcaption>صورة الساحة</figcaption>"));
    let feed = site.get("/feed.rss").await;
    assert!(
        feed.body.contains("/media/1/800.jpg"),
        "feeds carry the image too"
    );
}

#[tokio::test]
async fn author_profiles_have_photos() {
    let site = site().await;
    let me = editor(&site).await;
    upload(
        &site,
        &me,
        &me.csrf,
        "face.jpg",
        &jpeg_with_exif(600, 600),
        "صورة كريم حداد",
    )
    .await;
    let form = format!(
        "csrf={}&name=%D9%83%D8%B1%D9%8A%D9%85&slug=karim&bio=&photo=1",
        me.csrf
    );
    let saved = site
        .request(
            Request::post("/admin/authors")
                .header(header::COOKIE, &me.cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form.clone()))
                .unwrap(),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = site.get("/ar/author/karim").await;
    assert!(page.body.contains("class=\"author-photo\""));
    assert!(page.body.contains("alt=\"صورة كريم حداد\""));
    let bad = site
        .request(
            Request::post("/admin/authors")
                .header(header::COOKIE, &me.cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form.replace("photo=1", "photo=77")))
                .unwrap(),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

/// An S3-compatible server on loopback (`s3s-fs`, which scripts/deps installs),
/// serving buckets as folders under `root`.
struct S3Server {
    child: std::process::Child,
    endpoint: String,
    root: tempfile::TempDir,
}

impl S3Server {
    fn start(bucket: &str) -> S3Server {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join(bucket)).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let binary = std::env::var("HOME")
            .map(|home| std::path::Path::new(&home).join(".cargo/bin/s3s-fs"))
            .ok()
            .filter(|p| p.exists())
            .unwrap_or_else(|| "s3s-fs".into());
        let child = std::process::Command::new(&binary)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args([
                "--access-key",
                "nashir-test",
                "--secret-key",
                "nashir-test-secret",
            ])
            .arg(root.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("s3s-fs (scripts/deps installs it with cargo install)");
        let endpoint = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        S3Server {
            child,
            endpoint,
            root,
        }
    }

    fn media(&self, url: &str) -> Arc<dyn MediaFiles> {
        let options = [
            ("aws_endpoint", self.endpoint.as_str()),
            ("aws_access_key_id", "nashir-test"),
            ("aws_secret_access_key", "nashir-test-secret"),
            ("aws_region", "us-east-1"),
            ("aws_allow_http", "true"),
        ];
        Arc::new(ObjectMedia::with_options(url, &options).unwrap())
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn nodes_share_images_through_an_s3_compatible_store() {
    let s3 = S3Server::start("nashir-media");
    let site = common::site_with_media(s3.media("s3://nashir-media/site")).await;
    let me = editor(&site).await;
    let jpeg = jpeg_with_exif(1000, 500);
    let reply = upload(&site, &me, &me.csrf, "p.jpg", &jpeg, "جسر").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    // The files are objects in the bucket, under the prefix, not in a local folder.
    for w in [400, 800] {
        assert!(
            s3.root
                .path()
                .join(format!("nashir-media/site/1/{w}.jpg"))
                .exists()
        );
    }
    let from_a = site.get("/media/1/400.jpg").await;
    assert_eq!(from_a.status, StatusCode::OK);
    // Another node: its own process state, the same database and bucket.
    let node_b = App::new(
        Arc::new(site.db.reopen().await.unwrap()),
        site.clock.clone(),
        SiteSettings::default(),
    )
    .with_media(s3.media("s3://nashir-media/site"));
    let from_b = nashir_web::router(node_b)
        .oneshot(
            Request::get("/media/1/400.jpg")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(from_b.status(), StatusCode::OK);
    let bytes = http_body_util::BodyExt::collect(from_b.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert_eq!(bytes.as_ref(), from_a.raw.as_slice());
    assert_eq!(
        site.get("/media/1/1600.jpg").await.status,
        StatusCode::NOT_FOUND
    );
}
