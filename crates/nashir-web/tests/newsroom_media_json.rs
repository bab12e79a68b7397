//! Uploads from a script (the rich editor's dropped or pasted pictures): the media
//! form's route answers JSON when asked for it, with the same checks.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use common::{Editor, Site, site, site_with};
use nashir_core::permissions::Role;

const BOUNDARY: &str = "----nashir-json-upload";

/// A PNG of noise, which compresses badly: its size follows its pixels.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut seed: u32 = 0x2545_f491;
    let img = image::RgbImage::from_fn(width, height, |_, _| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let [a, b, c, _] = seed.to_le_bytes();
        image::Rgb([a, b, c])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// `POST /admin/media` as the editor's script sends it: `Accept: application/json`.
async fn upload_json(
    site: &Site,
    who: &Editor,
    csrf: &str,
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
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.png\"\r\nContent-Type: image/png\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    site.request(
        Request::post("/admin/media")
            .header(header::COOKIE, &who.cookie)
            .header(header::ACCEPT, "application/json")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

fn json(reply: &common::Reply) -> serde_json::Value {
    assert_eq!(
        reply.headers[header::CONTENT_TYPE],
        "application/json",
        "{}",
        reply.body
    );
    serde_json::from_str(&reply.body).unwrap()
}

#[tokio::test]
async fn a_script_gets_the_new_image_as_json() {
    let site = site().await;
    let me = common::editor(&site, Role::Contributor).await;
    let reply = upload_json(&site, &me, &me.csrf, &png(1200, 600), "مؤتمر صحفي في عمّان").await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let answer = json(&reply);
    let media = site.store.recent_media(5).await.unwrap();
    assert_eq!(media.len(), 1);
    let m = &media[0];
    assert_eq!(
        answer,
        serde_json::json!({
            "id": m.id,
            "url": m.url(m.default_width()),
            "alt": "مؤتمر صحفي في عمّان",
        })
    );
    let file = site.get(answer["url"].as_str().unwrap()).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers[header::CONTENT_TYPE], "image/png");
}

#[tokio::test]
async fn a_script_gets_refusals_as_json_in_arabic() {
    let site = site().await;
    let me = common::editor(&site, Role::Editor).await;
    for (reply, status) in [
        (
            upload_json(&site, &me, &me.csrf, b"<svg></svg>", "x").await,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            upload_json(&site, &me, &me.csrf, b"", "x").await,
            StatusCode::BAD_REQUEST,
        ),
        (
            upload_json(&site, &me, &me.csrf, &png(40, 40)[..80], "x").await,
            StatusCode::BAD_REQUEST,
        ),
        (
            upload_json(&site, &me, "not-the-token", &png(40, 40), "x").await,
            StatusCode::FORBIDDEN,
        ),
    ] {
        assert_eq!(reply.status, status, "{}", reply.body);
        let error = json(&reply)["error"].as_str().unwrap().to_string();
        assert!(
            error
                .chars()
                .any(|c| ('\u{0600}'..='\u{06ff}').contains(&c)),
            "an Arabic message: {error}"
        );
    }
    assert!(site.store.recent_media(5).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_size_limit_holds_for_scripts_too() {
    let site = site_with(nashir_app::SiteSettings {
        media_max_bytes: 20_000,
        ..nashir_app::SiteSettings::default()
    })
    .await;
    let me = common::editor(&site, Role::Editor).await;
    let big = png(600, 600);
    assert!(big.len() > 100_000, "{}", big.len());
    let reply = upload_json(&site, &me, &me.csrf, &big, "x").await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.body
    );
    assert!(json(&reply)["error"].as_str().unwrap().contains("أكبر"));
    assert!(site.store.recent_media(5).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_stranger_is_refused_before_anything_is_read() {
    let site = site().await;
    let me = common::editor(&site, Role::Editor).await;
    let stranger = Editor {
        cookie: "nashir_session=nobody".into(),
        csrf: me.csrf.clone(),
    };
    let reply = upload_json(&site, &stranger, &me.csrf, &png(40, 40), "x").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(site.store.recent_media(5).await.unwrap().is_empty());
}
