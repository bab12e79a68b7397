//! Static assets (CSS, fonts, icons, small scripts) embedded in the binary and served
//! under content-hashed names with a year-long `immutable` cache lifetime.
//!
//! Each edition loads only its own script's faces: `site.css` declares the
//! Arabic edition's (Noto Naskh Arabic); the English and Persian editions get
//! `site-en.css` and `site-fa.css`, made here from `site.css` with its faces
//! taken out and those of `fonts/en.css` (Noto Serif) or `fonts/fa.css`
//! (Vazirmatn) put in, so the rules are written once.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use nashir_i18n::Language;
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
#[derive(Default)]
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

impl Table {
    /// Adds an asset under its plain and hashed names. A stylesheet's font URLs
    /// are rewritten to the fonts' hashed names, so fonts go in first.
    fn add(&mut self, name: String, mut bytes: Vec<u8>) {
        if name.ends_with(".css") {
            let mut css = String::from_utf8_lossy(&bytes).into_owned();
            for (plain, hashed) in &self.hashed {
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
        self.hashed
            .insert(name.clone(), format!("/assets/{hashed}"));
        self.by_path.insert(hashed, (asset.clone(), true));
        self.by_path.insert(name, (asset, false));
    }
}

fn embedded(name: &str) -> Vec<u8> {
    Embedded::get(name)
        .map(|f| f.data.into_owned())
        .unwrap_or_default()
}

/// `css` without its `@font-face` rules (which hold no braces inside).
fn without_font_faces(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("@font-face") {
        out.push_str(&rest[..at]);
        rest = rest[at..].find('}').map_or("", |end| &rest[at + end + 1..]);
    }
    out.push_str(rest);
    out
}

/// An edition's stylesheet: the site's rules with `faces` (its `@font-face`
/// rules and the `html` font family that uses them) in place of the Arabic faces.
fn edition_stylesheet(site_css: &[u8], faces: &[u8]) -> Vec<u8> {
    let rules = without_font_faces(&String::from_utf8_lossy(site_css));
    [rules.as_bytes(), faces].concat()
}

/// What an edition's pages load: (stylesheet, fonts to preload). The preloads
/// are the faces text above the fold uses: regular and bold for the script,
/// and the Latin part (digits, the space) an Arabic-script page uses on every
/// line; late, it would reflow the text.
fn edition_assets(language: Language) -> (&'static str, &'static [&'static str]) {
    match language {
        Language::Arabic => (
            "site.css",
            &[
                "fonts/noto-naskh-arabic-400.woff2",
                "fonts/noto-naskh-arabic-700.woff2",
                "fonts/noto-naskh-arabic-latin-400.woff2",
            ],
        ),
        Language::English => (
            "site-en.css",
            &["fonts/noto-serif-400.woff2", "fonts/noto-serif-700.woff2"],
        ),
        Language::Persian => (
            "site-fa.css",
            &[
                "fonts/vazirmatn-400.woff2",
                "fonts/vazirmatn-700.woff2",
                "fonts/vazirmatn-latin-400.woff2",
            ],
        ),
    }
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut names: Vec<String> = Embedded::iter().map(|n| n.to_string()).collect();
    // CSS last, so the font URLs inside it can be rewritten to their hashed names.
    names.sort_by_key(|n| n.ends_with(".css"));
    let mut table = Table::default();
    for name in names {
        let bytes = embedded(&name);
        table.add(name, bytes);
    }
    let site_css = embedded("site.css");
    for (language, faces) in [
        (Language::English, "fonts/en.css"),
        (Language::Persian, "fonts/fa.css"),
    ] {
        let (name, _) = edition_assets(language);
        table.add(name.into(), edition_stylesheet(&site_css, &embedded(faces)));
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
    /// The edition's stylesheet.
    pub css: String,
    /// The edition's fonts that pages preload (see [`edition_assets`]).
    pub fonts: Vec<String>,
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

fn urls_of(language: Language) -> AssetUrls {
    let (css, fonts) = edition_assets(language);
    AssetUrls {
        css: url(css),
        fonts: fonts.iter().map(|f| url(f)).collect(),
        icon: url("favicon.svg"),
        print_js: url("print.js"),
        suggest_js: url("suggest.js"),
        admin_js: url("admin.js"),
        editor_js: url("editor.js"),
        editor_css: url("editor.css"),
        live_js: url("live.js"),
    }
}

static URLS: LazyLock<[AssetUrls; 3]> = LazyLock::new(|| Language::ALL.map(urls_of));

/// The asset URLs of `language`'s edition (and of the newsroom in that language).
pub fn urls_in(language: Language) -> AssetUrls {
    URLS[language as usize].clone()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edition_stylesheet_keeps_the_rules_and_swaps_the_faces() {
        let site = b"/* site */\n@font-face {\n  font-family: \"A\";\n}\n@media screen {\n  @font-face { src: url(\"a\"); }\n}\nhtml { font-family: \"A\"; }\n";
        let css = edition_stylesheet(
            site,
            b"@font-face { font-family: \"B\"; }\nhtml { font-family: \"B\"; }\n",
        );
        let css = String::from_utf8(css).unwrap();
        assert_eq!(
            css,
            "/* site */\n\n@media screen {\n  \n}\nhtml { font-family: \"A\"; }\n@font-face { font-family: \"B\"; }\nhtml { font-family: \"B\"; }\n"
        );
    }

    #[test]
    fn each_edition_declares_and_preloads_only_its_own_faces() {
        let families = ["Noto Naskh Arabic", "Noto Serif", "Vazirmatn"];
        for (language, family, files) in [
            (
                Language::Arabic,
                "Noto Naskh Arabic",
                "/assets/fonts/noto-naskh-arabic-",
            ),
            (Language::English, "Noto Serif", "/assets/fonts/noto-serif-"),
            (Language::Persian, "Vazirmatn", "/assets/fonts/vazirmatn-"),
        ] {
            let urls = urls_in(language);
            let (css, hashed) = &TABLE.by_path[urls.css.trim_start_matches("/assets/")];
            assert!(hashed, "{}", urls.css);
            let css = String::from_utf8_lossy(&css.bytes);
            let faces: Vec<&str> = css.split("@font-face").skip(1).collect();
            assert!(!faces.is_empty(), "{language}");
            for face in faces {
                for other in families.iter().filter(|f| **f != family) {
                    assert!(!face.contains(other), "{language}: {face}");
                }
                let src = face
                    .split("url(\"")
                    .nth(1)
                    .and_then(|u| u.split('"').next());
                let src = src.unwrap_or_default();
                assert!(src.starts_with(files), "{language}: {src}");
                let served = TABLE.by_path.get(src.trim_start_matches("/assets/"));
                assert!(served.is_some_and(|(_, hashed)| *hashed), "{src}");
            }
            assert!(!urls.fonts.is_empty());
            for font in &urls.fonts {
                assert!(font.starts_with(files), "{language}: {font}");
            }
        }
        assert_eq!(urls_in(Language::Arabic).css, url("site.css"));
    }
}
