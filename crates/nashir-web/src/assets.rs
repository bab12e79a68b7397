//! Static assets (CSS, fonts, icons, small scripts) embedded in the binary and served
//! under content-hashed names with a year-long `immutable` cache lifetime.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/assets/"]
struct Embedded;

struct Asset {
    bytes: Bytes,
    content_type: &'static str,
    etag: HeaderValue,
}

/// Every asset by its public path, under both its hashed and its plain name.
struct Table {
    by_path: HashMap<String, (std::sync::Arc<Asset>, bool)>,
    hashed: HashMap<String, String>,
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("woff2") => "font/woff2",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// FNV-1a: a stable, dependency-free fingerprint for cache busting (not security).
fn fingerprint(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:010x}", hash >> 24)
}

fn hashed_name(name: &str, hash: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut names: Vec<String> = Embedded::iter().map(|n| n.to_string()).collect();
    // CSS last, so the font URLs inside it can be rewritten to their hashed names.
    names.sort_by_key(|n| n.ends_with(".css"));
    let mut table = Table {
        by_path: HashMap::new(),
        hashed: HashMap::new(),
    };
    for name in names {
        let Some(file) = Embedded::get(&name) else {
            continue;
        };
        let mut bytes = file.data.into_owned();
        if name.ends_with(".css") {
            let mut css = String::from_utf8_lossy(&bytes).into_owned();
            for (plain, hashed) in &table.hashed {
                css = css.replace(&format!("/assets/{plain}\""), &format!("{hashed}\""));
            }
            bytes = css.into_bytes();
        }
        let hash = fingerprint(&bytes);
        let asset = std::sync::Arc::new(Asset {
            content_type: content_type(&name),
            etag: HeaderValue::from_str(&format!("\"{hash}\""))
                .unwrap_or(HeaderValue::from_static("\"0\"")),
            bytes: Bytes::from(bytes),
        });
        let hashed = hashed_name(&name, &hash);
        table
            .hashed
            .insert(name.clone(), format!("/assets/{hashed}"));
        table.by_path.insert(hashed, (asset.clone(), true));
        table.by_path.insert(name, (asset, false));
    }
    table
});

/// The public URL of an asset: hashed when it exists, else the plain path.
pub fn url(name: &str) -> String {
    TABLE
        .hashed
        .get(name)
        .cloned()
        .unwrap_or_else(|| format!("/assets/{name}"))
}

/// The asset URLs pages link to.
#[derive(Clone, Debug)]
pub struct AssetUrls {
    pub css: String,
    pub font: String,
    /// The bold Arabic face: headlines use it above the fold.
    pub font_bold: String,
    /// Latin, digits and the space every line of Arabic uses: late, it reflows text.
    pub font_latin: String,
    pub icon: String,
    pub print_js: String,
    pub suggest_js: String,
    pub admin_js: String,
    /// The newsroom's rich text editor (built from `editor/` by `scripts/build-editor`)
    /// and its styles: the article editor's page only.
    pub editor_js: String,
    pub editor_css: String,
    /// Polls an open live coverage's entries.
    pub live_js: String,
}

static URLS: LazyLock<AssetUrls> = LazyLock::new(|| AssetUrls {
    css: url("site.css"),
    font: url("fonts/noto-naskh-arabic-400.woff2"),
    font_bold: url("fonts/noto-naskh-arabic-700.woff2"),
    font_latin: url("fonts/noto-naskh-arabic-latin-400.woff2"),
    icon: url("favicon.svg"),
    print_js: url("print.js"),
    suggest_js: url("suggest.js"),
    admin_js: url("admin.js"),
    editor_js: url("editor.js"),
    editor_css: url("editor.css"),
    live_js: url("live.js"),
});

pub fn urls() -> AssetUrls {
    URLS.clone()
}

pub async fn serve(Path(path): Path<String>, headers: HeaderMap) -> Response {
    let Some((asset, hashed)) = TABLE.by_path.get(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // A hashed name never changes content; a plain name may, with the next release.
    let cache = HeaderValue::from_static(if *hashed {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    });
    if headers.get(header::IF_NONE_MATCH) == Some(&asset.etag) {
        return (
            StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, asset.etag.clone()),
                (header::CACHE_CONTROL, cache),
            ],
        )
            .into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (header::ETAG, asset.etag.clone()),
            (header::CACHE_CONTROL, cache),
        ],
        asset.bytes.clone(),
    )
        .into_response()
}

/// `/favicon.ico`: browsers ask for it by that name; the SVG icon answers.
pub async fn favicon(headers: HeaderMap) -> Response {
    serve(Path("favicon.svg".to_string()), headers).await
}
