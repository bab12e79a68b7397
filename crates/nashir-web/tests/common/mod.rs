//! A real router over a real SQLite store in a temporary folder.

#![allow(dead_code)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use jiff::Timestamp;
use nashir_app::{App, FixedClock, SiteSettings};
use nashir_store_sqlite::SqliteStore;
use tower::ServiceExt;

pub const REFERENCE: &[u8] = include_bytes!("../../../../demo/000_a879635638002103.txt");

pub struct Site {
    pub app: App,
    pub clock: Arc<FixedClock>,
    pub sqlite: SqliteStore,
    /// One router for the site's life, as in a server: its page cache persists.
    router: axum::Router,
    _dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    pub raw: Vec<u8>,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

pub async fn site_with(settings: SiteSettings) -> Site {
    build(settings, false).await
}

pub async fn site() -> Site {
    build(SiteSettings::default(), false).await
}

/// A site with a real search index in its temporary folder, kept current by its task.
pub async fn site_with_search() -> Site {
    build(SiteSettings::default(), true).await
}

async fn build(settings: SiteSettings, with_search: bool) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqliteStore::open(&dir.path().join("nashir.db"))
        .await
        .unwrap();
    let store: Arc<dyn nashir_app::Store> = Arc::new(sqlite.clone());
    let clock = Arc::new(FixedClock::new("2026-01-01T00:00:00Z".parse().unwrap()));
    let media = Arc::new(nashir_app::media::LocalMedia {
        root: dir.path().join("media"),
    });
    let mut app = App::new(store.clone(), clock.clone(), settings).with_media(media);
    if with_search {
        let (engine, opened) =
            nashir_search::SearchEngine::open(&dir.path().join("search")).unwrap();
        app = app.with_search(nashir_search::TantivySearch::start(
            engine,
            opened,
            store,
            clock.clone(),
        ));
    }
    Site {
        router: nashir_web::router(app.clone()),
        app,
        clock,
        sqlite,
        _dir: dir,
    }
}

/// The articles of the search test collection, as (file stem, bytes).
pub fn collection() -> Vec<(String, Vec<u8>)> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/search/articles");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

impl Site {
    pub async fn import(&self, key: &str, text: &[u8]) -> nashir_app::Imported {
        self.app.import_reference(key, text, "news").await.unwrap()
    }

    pub fn set_now(&self, at: &str) {
        self.clock.set(at.parse::<Timestamp>().unwrap());
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.request(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    pub async fn request(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            raw: bytes.to_vec(),
        }
    }
}

/// The text a reader sees, in document order: head, scripts and styles dropped,
/// tags turned into spaces, the entities askama writes decoded, spaces collapsed.
pub fn visible_text(html: &str) -> String {
    let mut html = html.to_string();
    for (open, close) in [
        ("<head", "</head>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
    ] {
        while let Some(start) = html.find(open) {
            let Some(end) = html[start..].find(close) else {
                break;
            };
            html.replace_range(start..start + end + close.len(), " ");
        }
    }
    // Inline elements join their text to the neighbours'; every other tag separates.
    const INLINE: [&str; 8] = ["a", "time", "span", "strong", "em", "b", "i", "bdi"];
    let mut text = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !INLINE.contains(&name.to_ascii_lowercase().as_str()) {
            text.push(' ');
        }
        rest = &rest[lt + gt + 1..];
    }
    text.push_str(rest);
    let text = decode_entities(&text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the entities an HTML escaper writes: named `&lt; &gt; &quot; &amp;` and numeric.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A signed-in newsroom user: the session cookie and its CSRF token.
pub struct Editor {
    pub cookie: String,
    pub csrf: String,
}

/// Creates an account with `role` and signs it in.
pub async fn editor(site: &Site, role: nashir_core::permissions::Role) -> Editor {
    let email = format!("{}@news.example", role.as_str());
    site.app
        .add_user(&email, "محررة", role, Some("a-long-enough-password"))
        .await
        .unwrap();
    let (token, session) = site
        .app
        .sign_in(&email, "a-long-enough-password", "127.0.0.1")
        .await
        .unwrap();
    Editor {
        cookie: format!("nashir_session={token}"),
        csrf: session.csrf,
    }
}

/// `application/x-www-form-urlencoded` from pairs.
pub fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", nashir_core::slug::percent_encode_segment(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A form POST as `who`, with their CSRF token first.
pub async fn post_as(site: &Site, who: &Editor, path: &str, fields: &[(&str, &str)]) -> Reply {
    let mut all = vec![("csrf", who.csrf.as_str())];
    all.extend_from_slice(fields);
    site.request(
        Request::post(path)
            .header(header::COOKIE, &who.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&all)))
            .unwrap(),
    )
    .await
}

/// A GET as `who`.
pub async fn get_as(site: &Site, who: &Editor, path: &str) -> Reply {
    site.request(
        Request::get(path)
            .header(header::COOKIE, &who.cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}
