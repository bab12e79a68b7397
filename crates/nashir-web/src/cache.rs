//! The page cache: public pages rendered once, kept compressed (gzip and brotli),
//! answered with ETag / Last-Modified / 304, and dropped the moment what readers
//! see may have changed (see [`nashir_app::reader::Freshness`]).

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use nashir_app::App;

/// Readers' browsers and shared caches may keep a page a little while and serve
/// it stale while they revalidate; our own cache is never stale.
pub const PUBLIC_CACHE_CONTROL: &str =
    "public, max-age=30, stale-while-revalidate=300, stale-if-error=86400";
/// Pages for a signed-in user are theirs alone.
pub const PRIVATE_CACHE_CONTROL: &str = "private, no-store";
/// The cookie that marks a signed-in session.
pub const SESSION_COOKIE: &str = "nashir_session";

const MAX_ENTRIES: usize = 20_000;
/// Pages that depend on the time of day alone (the news sitemap's 48 hours, "most
/// read today") change without a write; no entry outlives this.
const MAX_AGE: std::time::Duration = std::time::Duration::from_secs(60);
const MAX_BYTES: usize = 256 * 1024 * 1024;
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;
/// Longer query strings are served but not cached, so nobody can fill the cache
/// with endless variants.
const MAX_CACHED_QUERY: usize = 128;

struct Entry {
    freshness: (i64, u64),
    rendered: std::time::Instant,
    content_type: HeaderValue,
    last_modified: Option<HeaderValue>,
    /// When the page was last changed, for If-Modified-Since.
    modified: Option<jiff::Timestamp>,
    etag: HeaderValue,
    identity: Bytes,
    gzip: Bytes,
    br: Bytes,
}

impl Entry {
    fn size(&self) -> usize {
        self.identity.len() + self.gzip.len() + self.br.len()
    }
}

#[derive(Default)]
pub struct PageCache {
    entries: RwLock<HashMap<String, Arc<Entry>>>,
    bytes: AtomicUsize,
}

impl PageCache {
    fn get(&self, key: &str) -> Option<Arc<Entry>> {
        self.entries
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned()
    }

    fn put(&self, key: String, entry: Arc<Entry>) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        // Crude but bounded: when full, start over (pages re-render on demand).
        if entries.len() >= MAX_ENTRIES
            || self.bytes.load(Ordering::Relaxed) + entry.size() > MAX_BYTES
        {
            entries.clear();
            self.bytes.store(0, Ordering::Relaxed);
        }
        self.bytes.fetch_add(entry.size(), Ordering::Relaxed);
        if let Some(old) = entries.insert(key, entry) {
            self.bytes.fetch_sub(old.size(), Ordering::Relaxed);
        }
    }
}

/// Whether the request carries a live session: only then is the page rendered
/// for the reader alone. A made-up cookie is just a reader and gets the cache.
async fn signed_in(app: &App, headers: &HeaderMap) -> bool {
    match crate::admin::cookie_value(headers, SESSION_COOKIE) {
        Some(token) => matches!(app.session(token).await, Ok(Some(_))),
        None => false,
    }
}

/// The best encoding the client accepts: brotli, then gzip, then none.
fn encoding(headers: &HeaderMap) -> Option<&'static str> {
    let accepted: Vec<(String, f32)> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse().ok())
                .unwrap_or(1.0);
            (name, q)
        })
        .collect();
    let accepts = |name: &str| {
        accepted
            .iter()
            .any(|(n, q)| (n == name || n == "*") && *q > 0.0)
    };
    if accepts("br") {
        Some("br")
    } else if accepts("gzip") {
        Some("gzip")
    } else {
        None
    }
}

fn fingerprint(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    format!("W/\"{:016x}\"", h.finish())
}

fn compress(body: &[u8]) -> (Bytes, Bytes) {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    let gzip = gz
        .write_all(body)
        .and_then(|()| gz.finish())
        .unwrap_or_default();
    let mut w = brotli::CompressorWriter::new(Vec::new(), 4096, 5, 22);
    // An empty result means "not available": the page is then served gzip or plain.
    let br = match w.write_all(body).and_then(|()| w.flush()) {
        Ok(()) => w.into_inner(),
        Err(_) => Vec::new(),
    };
    (Bytes::from(gzip), Bytes::from(br))
}

/// Whether the client's copy is current (If-None-Match, else If-Modified-Since).
fn not_modified(headers: &HeaderMap, entry: &Entry) -> bool {
    if let Some(tags) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        let ours = entry.etag.to_str().unwrap_or("");
        let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
        return tags
            .split(',')
            .any(|t| t.trim() == "*" || bare(t) == bare(ours));
    }
    let since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| jiff::fmt::rfc2822::parse(v).ok())
        .map(|z| z.timestamp());
    matches!((since, entry.modified), (Some(since), Some(modified)) if modified.as_second() <= since.as_second())
}

fn respond(headers: &HeaderMap, entry: &Entry) -> Response {
    let mut common = vec![
        (header::ETAG, entry.etag.clone()),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static(PUBLIC_CACHE_CONTROL),
        ),
        (
            header::VARY,
            HeaderValue::from_static("Accept-Encoding, Cookie"),
        ),
    ];
    if let Some(lm) = &entry.last_modified {
        common.push((header::LAST_MODIFIED, lm.clone()));
    }
    if not_modified(headers, entry) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        response.headers_mut().extend(common);
        return response;
    }
    let (body, coding) = match encoding(headers) {
        Some("br") if !entry.br.is_empty() => (entry.br.clone(), Some("br")),
        Some("br" | "gzip") if !entry.gzip.is_empty() => (entry.gzip.clone(), Some("gzip")),
        _ => (entry.identity.clone(), None),
    };
    let mut response = Response::new(Body::from(body));
    let h = response.headers_mut();
    h.extend(common);
    h.insert(header::CONTENT_TYPE, entry.content_type.clone());
    if let Some(coding) = coding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    response
}

/// The query parameters a cached page reads (the list pages' cursors, the most
/// read's window); others change nothing, so they neither make new entries nor
/// miss the cache. A handler that reads a new parameter must be named here (a
/// test walks the cached lists with each).
pub const CACHED_QUERY_KEYS: [&str; 3] = ["before", "after", "window"];

/// The page's identity: the origin its absolute links use (the configured base
/// URL, else the validated Host), the path, and the query parameters the page
/// reads, joined by a space, which none of the three can contain.
fn cache_key(app: &App, request: &Request) -> Option<String> {
    let uri = request.uri();
    // Read as the pages read it, so no spelling of a parameter escapes the key.
    let pairs = axum::extract::Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|q| q.0)
        .unwrap_or_default();
    let mut query = String::new();
    for (k, v) in pairs
        .iter()
        .filter(|(k, _)| CACHED_QUERY_KEYS.contains(&k.as_str()))
    {
        query.push_str(k);
        query.push('=');
        query.push_str(&nashir_core::slug::percent_encode_segment(v));
        query.push('&');
    }
    if query.len() > MAX_CACHED_QUERY {
        return None;
    }
    let origin = crate::pages::origin(app, request.headers());
    Some(format!("{origin} {} {query}", uri.path()))
}

/// Middleware for the public pages.
pub async fn layer(
    State((app, cache)): State<(App, Arc<PageCache>)>,
    request: Request,
    next: Next,
) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    if signed_in(&app, request.headers()).await {
        let mut response = next.run(request).await;
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(PRIVATE_CACHE_CONTROL),
        );
        return response;
    }
    let headers = request.headers().clone();
    let key = cache_key(&app, &request);
    // Taken before rendering: a change during the render makes the entry stale at once.
    let freshness = app.freshness.key();
    if let Some(entry) = key.as_deref().and_then(|k| cache.get(k))
        && entry.freshness == freshness
        && entry.rendered.elapsed() < MAX_AGE
    {
        return respond(&headers, &entry);
    }
    let response = next.run(request).await;
    match into_entry(response, freshness).await {
        Ok(entry) => {
            if let Some(key) = key {
                cache.put(key, entry.clone());
            }
            respond(&headers, &entry)
        }
        Err(response) => response,
    }
}

/// Validators, compression and 304s for public pages that are not kept (search
/// results, which follow the index rather than the change log).
pub async fn validate(State(app): State<App>, request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD)
        || signed_in(&app, request.headers()).await
    {
        return next.run(request).await;
    }
    let headers = request.headers().clone();
    let freshness = app.freshness.key();
    match into_entry(next.run(request).await, freshness).await {
        Ok(entry) => respond(&headers, &entry),
        Err(response) => response,
    }
}

/// A rendered 200 page as a cache entry; any other response is handed back as it is.
async fn into_entry(response: Response, freshness: (i64, u64)) -> Result<Arc<Entry>, Response> {
    let cacheable_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.contains("xml"));
    if response.status() != StatusCode::OK
        || !cacheable_type
        || response.headers().contains_key(header::CONTENT_ENCODING)
    {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let identity = match http_body_util::Limited::new(body, MAX_PAGE_BYTES)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            tracing::error!("page body: {e}");
            return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
    };
    let (gzip, br) = compress(&identity);
    let last_modified = parts.headers.get(header::LAST_MODIFIED).cloned();
    Ok(Arc::new(Entry {
        freshness,
        rendered: std::time::Instant::now(),
        content_type: parts
            .headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8")),
        modified: last_modified
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| jiff::fmt::rfc2822::parse(v).ok())
            .map(|z| z.timestamp()),
        last_modified,
        etag: HeaderValue::from_str(&fingerprint(&identity))
            .unwrap_or(HeaderValue::from_static("W/\"0\"")),
        identity,
        gzip,
        br,
    }))
}

/// Counts a view of an article page that was answered 200 (from cache or not).
pub async fn count_view(
    State(app): State<App>,
    path: Result<axum::extract::Path<(String, String)>, axum::extract::rejection::PathRejection>,
    request: Request,
    next: Next,
) -> Response {
    let counted = request.method() == Method::GET;
    let response = next.run(request).await;
    if counted
        && response.status() == StatusCode::OK
        && let Ok(axum::extract::Path((id, _))) = path
        && let Ok(id) = id.parse::<i64>()
    {
        app.record_view(nashir_core::ArticleId(id));
    }
    response
}
