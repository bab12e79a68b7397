//! The page cache: public pages rendered once, kept gzip-compressed, answered with
//! ETag / Last-Modified / 304, and rendered again when something they show changes
//! (see [`nashir_app::freshness`]).
//!
//! - Bounded by bytes (`page_cache_mb`); which pages stay is quick_cache's choice
//!   (a CLOCK-Pro-like policy with a ghost list: pages read often stay, a crawler's
//!   one-off reads pass through without pushing them out).
//! - One render per page at a time (single flight): readers who ask meanwhile get
//!   the previous version if there is one, else wait for that render.
//! - Compression on the reader's path is one quick gzip; brotli is made afterwards,
//!   off the request, for pages asked for again by browsers that take it.
//! - Behind memory, pages are kept on disk ([`crate::page_store`], when the node
//!   has one): a page read again after memory let it go is one file read.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use headers::{ETag, HeaderMapExt, IfModifiedSince, IfNoneMatch, LastModified};
use http_body_util::BodyExt;
use nashir_app::App;
use nashir_app::freshness::Dep;
use tokio::sync::watch;

/// Readers' browsers and shared caches may keep a page a little while and serve
/// it stale while they revalidate.
pub const PUBLIC_CACHE_CONTROL: &str =
    "public, max-age=30, stale-while-revalidate=300, stale-if-error=86400";
/// Pages for a signed-in user are theirs alone.
pub const PRIVATE_CACHE_CONTROL: &str = "private, no-store";
/// The cookie that marks a signed-in session.
pub const SESSION_COOKIE: &str = "nashir_session";

/// Pages that can change with the time of day alone (the news sitemap's 48 hours,
/// "most read today": see [`Dep::moves_with_time`]) change without a write; none
/// of those is served older than this, except to readers who arrive while its
/// new version renders. Other pages (an article's) change only with a write.
const MAX_AGE: std::time::Duration = std::time::Duration::from_secs(60);
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;
/// Without a configured base URL, pages are kept for the first few Hosts seen;
/// others are rendered for each request, so made-up Hosts cannot fill the cache.
const MAX_ORIGINS: usize = 4;
/// Quick on the reader's path: level 4 is most of level 6's ratio at half its time.
const GZIP_LEVEL: u32 = 4;
/// Brotli for a page once this many brotli-capable readers asked for it.
const BROTLI_AFTER: u32 = 2;
/// Brotli jobs at once (each a few milliseconds of one core).
const BROTLI_JOBS: usize = 1;

/// What a page shows (its [`Dep`]s), set by handlers as a response extension; a
/// page without one depends on every article.
#[derive(Clone, Debug)]
pub struct Shows(pub Vec<Dep>);

struct Entry {
    version: u64,
    shows: Box<[Dep]>,
    rendered: std::time::Instant,
    content_type: HeaderValue,
    last_modified: Option<LastModified>,
    etag: ETag,
    gzip: Bytes,
    br: Option<Bytes>,
    /// Brotli-capable readers served gzip so far; a brotli job started.
    br_wanted: std::sync::atomic::AtomicU32,
    br_started: AtomicBool,
}

impl Entry {
    fn is_current(&self, app: &App) -> bool {
        let timely =
            self.rendered.elapsed() < MAX_AGE || !self.shows.iter().any(|d| d.moves_with_time());
        timely && app.freshness.is_current(self.version, &self.shows)
    }

    /// The page as stored on disk: its versions, headers and dependencies, then
    /// the gzip body. Versions are this process's (see [`crate::page_store`]).
    fn encode(&self) -> Option<Vec<u8>> {
        let mut headers = HeaderMap::new();
        headers.typed_insert(self.etag.clone());
        let etag = headers.get(header::ETAG)?.as_bytes();
        let content_type = self.content_type.as_bytes();
        let mut out = Vec::with_capacity(self.gzip.len() + 128 + self.shows.len() * 9);
        out.extend_from_slice(&self.version.to_le_bytes());
        let rendered = self.rendered.saturating_duration_since(*EPOCH).as_millis() as u64;
        out.extend_from_slice(&rendered.to_le_bytes());
        let modified = self.last_modified.map_or(i64::MIN, |m| {
            SystemTime::from(m)
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(i64::MIN, |d| d.as_secs() as i64)
        });
        out.extend_from_slice(&modified.to_le_bytes());
        for text in [content_type, etag] {
            out.extend_from_slice(&(u16::try_from(text.len()).ok()?).to_le_bytes());
            out.extend_from_slice(text);
        }
        out.extend_from_slice(&(self.shows.len() as u32).to_le_bytes());
        for dep in &self.shows {
            let (kind, n) = dep.to_pair();
            out.push(kind);
            out.extend_from_slice(&n.to_le_bytes());
        }
        out.extend_from_slice(&(u32::try_from(self.gzip.len()).ok()?).to_le_bytes());
        out.extend_from_slice(&self.gzip);
        Some(out)
    }

    /// A page [`Entry::encode`] wrote; `None` for anything else.
    /// The body shares `bytes` (the file as read), uncopied.
    fn decode(bytes: &Bytes) -> Option<Entry> {
        let mut r = Reader(bytes);
        let version = r.u64()?;
        let rendered = EPOCH.checked_add(std::time::Duration::from_millis(r.u64()?))?;
        let modified = r.u64()? as i64;
        let content_type = r.text()?;
        let etag = r.text()?.to_str().ok()?.parse().ok()?;
        let count = r.u32()? as usize;
        let mut shows = Vec::with_capacity(count.min(4096));
        for _ in 0..count {
            let kind = r.take(1)?[0];
            shows.push(Dep::from_pair(kind, r.u64()? as i64)?);
        }
        let length = r.u32()? as usize;
        // The whole body, and nothing after it.
        let gzip = bytes.slice_ref(r.take(length).filter(|_| r.0.is_empty())?);
        let last_modified = u64::try_from(modified).ok().map(|secs| {
            LastModified::from(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs))
        });
        Some(Entry {
            version,
            shows: shows.into_boxed_slice(),
            rendered,
            content_type,
            last_modified,
            etag,
            gzip,
            br: None,
            br_wanted: Default::default(),
            br_started: AtomicBool::new(false),
        })
    }

    /// The same page with its brotli body.
    fn with_br(&self, br: Bytes) -> Entry {
        Entry {
            version: self.version,
            shows: self.shows.clone(),
            rendered: self.rendered,
            content_type: self.content_type.clone(),
            last_modified: self.last_modified,
            etag: self.etag.clone(),
            gzip: self.gzip.clone(),
            br: Some(br),
            br_wanted: Default::default(),
            br_started: AtomicBool::new(true),
        }
    }
}

/// The moment stored pages count their age from: versions and ages on disk are
/// this process's alone.
static EPOCH: std::sync::LazyLock<std::time::Instant> =
    std::sync::LazyLock::new(std::time::Instant::now);

/// Reads a stored page's fields in order.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn text(&mut self) -> Option<HeaderValue> {
        let len = u16::from_le_bytes(self.take(2)?.try_into().ok()?);
        HeaderValue::from_bytes(self.take(usize::from(len))?).ok()
    }
}

#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<String, Arc<Entry>> for ByBytes {
    fn weight(&self, key: &String, entry: &Arc<Entry>) -> u64 {
        let bodies = entry.gzip.len() + entry.br.as_ref().map_or(0, Bytes::len);
        (key.len() + bodies + entry.shows.len() * std::mem::size_of::<Dep>() + 256) as u64
    }
}

type Rendering = watch::Receiver<Option<Arc<Entry>>>;

pub struct PageCache {
    pages: quick_cache::sync::Cache<String, Arc<Entry>, ByBytes>,
    /// Pages being rendered now, and where their result will appear.
    rendering: Mutex<HashMap<String, Rendering>>,
    brotli: Arc<tokio::sync::Semaphore>,
    /// The origins pages are kept for, when no base URL says which one is ours.
    origins: Mutex<Vec<String>>,
    /// Pages kept on disk behind memory, if the node keeps them.
    store: Option<crate::page_store::PageStore>,
}

/// The render of one page by one request; dropping it (the render failed, or
/// its request went away) lets the waiting readers render for themselves.
struct Render<'a> {
    cache: &'a PageCache,
    key: String,
    done: watch::Sender<Option<Arc<Entry>>>,
}

impl Drop for Render<'_> {
    fn drop(&mut self) {
        self.cache
            .rendering
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.key);
    }
}

enum Turn<'a> {
    Render(Render<'a>),
    Wait(Rendering),
}

impl PageCache {
    /// A cache holding at most about `bytes` of pages in memory, and more in
    /// `store` if there is one.
    pub fn new(bytes: u64, store: Option<crate::page_store::PageStore>) -> Self {
        std::sync::LazyLock::force(&EPOCH);
        // Estimated items: pages are a few kilobytes compressed.
        let items = (bytes / 8192).clamp(16, 1 << 20) as usize;
        PageCache {
            pages: quick_cache::sync::Cache::with_weighter(items, bytes, ByBytes),
            rendering: Mutex::default(),
            brotli: Arc::new(tokio::sync::Semaphore::new(BROTLI_JOBS)),
            origins: Mutex::default(),
            store,
        }
    }

    /// Keeps a page just rendered, in memory and on disk.
    fn keep(&self, key: &str, entry: &Arc<Entry>) {
        self.pages.insert(key.to_string(), entry.clone());
        if let (Some(store), Some(bytes)) = (&self.store, entry.encode()) {
            store.put(key, &bytes);
        }
    }

    /// The page kept on disk under `key`, if any.
    fn stored(&self, key: &str) -> Option<Arc<Entry>> {
        let bytes = self.store.as_ref()?.get(key)?;
        Entry::decode(&Bytes::from(bytes)).map(Arc::new)
    }

    /// Whether pages for `origin` are kept: one of the first [`MAX_ORIGINS`] seen.
    fn keeps_origin(&self, origin: &str) -> bool {
        let mut origins = self.origins.lock().unwrap_or_else(|e| e.into_inner());
        if origins.iter().any(|o| o == origin) {
            return true;
        }
        if origins.len() < MAX_ORIGINS {
            origins.push(origin.to_string());
            return true;
        }
        false
    }

    fn get(&self, key: &str) -> Option<Arc<Entry>> {
        self.pages.get(key)
    }

    /// Renders this page, or waits for whoever is rendering it.
    fn turn(&self, key: &str) -> Turn<'_> {
        let mut rendering = self.rendering.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(waiting) = rendering.get(key) {
            return Turn::Wait(waiting.clone());
        }
        let (done, waiting) = watch::channel(None);
        rendering.insert(key.to_string(), waiting);
        Turn::Render(Render {
            cache: self,
            key: key.to_string(),
            done,
        })
    }

    /// Bytes of pages held now.
    pub fn weight(&self) -> u64 {
        self.pages.weight()
    }

    /// Makes the brotli body of a page readers keep asking for, off their path.
    fn want_brotli(self: &Arc<Self>, key: &str, entry: &Arc<Entry>) {
        let wanted = entry.br_wanted.fetch_add(1, Ordering::Relaxed) + 1;
        if wanted < BROTLI_AFTER || entry.br_started.load(Ordering::Relaxed) {
            return;
        }
        let Ok(permit) = self.brotli.clone().try_acquire_owned() else {
            return; // busy: a later reader asks again
        };
        if entry.br_started.swap(true, Ordering::AcqRel) {
            return;
        }
        let (cache, key, entry) = (self.clone(), key.to_string(), entry.clone());
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let Some(br) = gunzip(&entry.gzip).and_then(|page| brotli(&page)) else {
                return;
            };
            // Only if the page was not rendered again meanwhile.
            if cache
                .pages
                .peek(&key)
                .is_some_and(|now| Arc::ptr_eq(&now, &entry))
            {
                let _ = cache.pages.replace(key, Arc::new(entry.with_br(br)), true);
            }
        });
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

/// Our choice among the encodings the client takes: brotli, then gzip, then none.
/// A coding's own weight counts over `*`'s, and a weight of 0 refuses it. (The
/// `headers` crate has no public Accept-Encoding; this is all we need of one.)
fn encoding(headers: &HeaderMap) -> Option<&'static str> {
    let weights: Vec<(String, f32)> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
                .and_then(|(_, q)| q.trim().parse().ok())
                .unwrap_or(1.0);
            (name, q)
        })
        .collect();
    let weight = |name: &str| {
        let of = |n: &str| weights.iter().find(|w| w.0 == n).map(|w| w.1);
        of(name).or_else(|| of("*")).unwrap_or(0.0)
    };
    ["br", "gzip"].into_iter().find(|name| weight(name) > 0.0)
}

/// A weak validator: the page's gzip and brotli bodies are the same page.
fn fingerprint(bytes: &[u8]) -> Option<ETag> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    format!("W/\"{:016x}\"", h.finish()).parse().ok()
}

/// gzip (RFC 1952) of a page: a raw deflate stream between the fixed header and the
/// CRC-32 and length, from a compressor kept per thread and reset for each page
/// (a new one allocates and clears a few hundred kilobytes every time).
fn gzip(body: &[u8]) -> Option<Bytes> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        static DEFLATE: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::new(GZIP_LEVEL), false));
    }
    const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let mut out = Vec::with_capacity(body.len() / 3 + 64);
    out.extend_from_slice(&HEADER);
    DEFLATE.with(|deflate| {
        let mut deflate = deflate.borrow_mut();
        deflate.reset();
        loop {
            let read = deflate.total_in() as usize;
            out.reserve(4096);
            match deflate.compress_vec(&body[read..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return Some(()),
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    })?;
    out.extend_from_slice(&crc32fast::hash(body).to_le_bytes());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    Some(Bytes::from(out))
}

fn gunzip(body: &[u8]) -> Option<Vec<u8>> {
    let mut page = Vec::with_capacity(body.len() * 4);
    flate2::read::GzDecoder::new(body)
        .read_to_end(&mut page)
        .ok()?;
    Some(page)
}

fn brotli(body: &[u8]) -> Option<Bytes> {
    let mut w = brotli::CompressorWriter::new(Vec::new(), 4096, 5, 22);
    w.write_all(body).and_then(|()| w.flush()).ok()?;
    Some(Bytes::from(w.into_inner()))
}

/// Whether the client's copy is current: If-None-Match when it is sent (weak
/// comparison, `*` matches), else If-Modified-Since.
fn not_modified(headers: &HeaderMap, entry: &Entry) -> bool {
    if headers.contains_key(header::IF_NONE_MATCH) {
        return headers
            .typed_get::<IfNoneMatch>()
            .is_some_and(|tags| !tags.precondition_passes(&entry.etag));
    }
    match (headers.typed_get::<IfModifiedSince>(), entry.last_modified) {
        (Some(since), Some(modified)) => !since.is_modified(SystemTime::from(modified)),
        _ => false,
    }
}

/// How a page was found, in the `x-cache` header (for operators and benchmarks):
/// `miss` (rendered for this request), `hit` (kept in memory), `disk` (kept on
/// disk), `shared` (the render another
/// request was making), `stale` (the previous version, while another request
/// renders the new one), `pass` (not kept: search results, long queries).
pub const X_CACHE: &str = "x-cache";

/// Answers from a page: 304, brotli, gzip, or plain for the rare client that
/// takes neither. `cache` and `key` name where it is kept, for its brotli body.
fn respond(
    headers: &HeaderMap,
    entry: &Arc<Entry>,
    kept: Option<(&Arc<PageCache>, &str)>,
    how: &'static str,
) -> Response {
    let mut common = HeaderMap::new();
    common.insert(X_CACHE, HeaderValue::from_static(how));
    common.typed_insert(entry.etag.clone());
    common.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(PUBLIC_CACHE_CONTROL),
    );
    common.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Encoding, Cookie"),
    );
    if let Some(modified) = entry.last_modified {
        common.typed_insert(modified);
    }
    if not_modified(headers, entry) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        response.headers_mut().extend(common);
        return response;
    }
    let wants = encoding(headers);
    let (body, coding) = match (wants, &entry.br) {
        (Some("br"), Some(br)) => (br.clone(), Some("br")),
        (Some("br" | "gzip"), _) => {
            if let (Some("br"), Some((cache, key))) = (wants, kept) {
                cache.want_brotli(key, entry);
            }
            (entry.gzip.clone(), Some("gzip"))
        }
        _ => match gunzip(&entry.gzip) {
            Some(page) => (Bytes::from(page), None),
            None => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
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
/// The page's identity: the origin its absolute links use (the configured base
/// URL, else the validated Host), the path, and the query parameters the page
/// reads, in one canonical spelling, joined by a space, which none of the three
/// can contain. `None`: not kept (a Host beyond the few a site without a base URL
/// keeps pages for).
fn cache_key(app: &App, cache: &PageCache, request: &Request) -> Option<String> {
    let uri = request.uri();
    // Read as the pages read it, so no spelling of a parameter escapes the key.
    let pairs = axum::extract::Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|q| q.0)
        .unwrap_or_default();
    let query = crate::lists::read_params(uri.path(), &pairs);
    let origin = crate::pages::origin(app, request.headers());
    if app.site.base_url.is_none() && !cache.keeps_origin(&origin) {
        return None;
    }
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
        // Rendered for this reader alone, compressed the same quick way.
        let mut response = render(&app, request, next).await;
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(PRIVATE_CACHE_CONTROL),
        );
        response.headers_mut().remove(X_CACHE);
        return response;
    }
    let headers = request.headers().clone();
    let Some(key) = cache_key(&app, &cache, &request) else {
        return render(&app, request, next).await;
    };
    let mut kept = cache.get(&key);
    if let Some(entry) = &kept
        && entry.is_current(&app)
    {
        return respond(&headers, entry, Some((&cache, &key)), "hit");
    }
    if kept.is_none()
        && let Some(entry) = cache.stored(&key)
    {
        if entry.is_current(&app) {
            // Memory takes it back if its policy finds it read often enough.
            cache.pages.insert(key.clone(), entry.clone());
            return respond(&headers, &entry, Some((&cache, &key)), "disk");
        }
        // Not current: still the previous version, for readers while it renders.
        kept = Some(entry);
    }
    match cache.turn(&key) {
        Turn::Render(turn) => {
            let version = app.freshness.now();
            match into_entry(next.run(request).await, version).await {
                Ok(entry) => {
                    cache.keep(&key, &entry);
                    let _ = turn.done.send(Some(entry.clone()));
                    drop(turn);
                    respond(&headers, &entry, Some((&cache, &key)), "miss")
                }
                Err(response) => response,
            }
        }
        Turn::Wait(mut waiting) => {
            // Someone renders it: the previous version meanwhile, if there is one.
            if let Some(entry) = &kept {
                return respond(&headers, entry, Some((&cache, &key)), "stale");
            }
            let rendered = waiting
                .wait_for(Option::is_some)
                .await
                .ok()
                .and_then(|e| e.clone());
            match rendered {
                Some(entry) => respond(&headers, &entry, Some((&cache, &key)), "shared"),
                // That render gave no page (a 404, a redirect) or stopped: our own.
                None => render(&app, request, next).await,
            }
        }
    }
}

/// Renders without keeping the page (a query too long to key).
async fn render(app: &App, request: Request, next: Next) -> Response {
    let headers = request.headers().clone();
    let version = app.freshness.now();
    match into_entry(next.run(request).await, version).await {
        Ok(entry) => respond(&headers, &entry, None, "pass"),
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
    render(&app, request, next).await
}

/// A rendered 200 page as a cache entry; any other response is handed back as it is.
async fn into_entry(response: Response, version: u64) -> Result<Arc<Entry>, Response> {
    let cacheable_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            t.starts_with("text/html") || t.contains("xml") || t.starts_with("application/json")
        });
    if response.status() != StatusCode::OK
        || !cacheable_type
        || response.headers().contains_key(header::CONTENT_ENCODING)
    {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let shows = parts
        .extensions
        .get::<Shows>()
        .map(|s| s.0.clone())
        .unwrap_or_else(|| vec![Dep::AnyArticle]);
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
    let (Some(gzip), Some(etag)) = (gzip(&identity), fingerprint(&identity)) else {
        tracing::error!("compressing or fingerprinting a page failed");
        return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
    };
    Ok(Arc::new(Entry {
        version,
        shows: shows.into_boxed_slice(),
        rendered: std::time::Instant::now(),
        content_type: parts
            .headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8")),
        last_modified: parts.headers.typed_get(),
        etag,
        gzip,
        br: None,
        br_wanted: Default::default(),
        br_started: AtomicBool::new(false),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(bytes: usize) -> Arc<Entry> {
        Arc::new(Entry {
            version: 1,
            shows: Box::new([Dep::AnyArticle]),
            rendered: std::time::Instant::now(),
            content_type: HeaderValue::from_static("text/html"),
            last_modified: None,
            etag: "W/\"1\"".parse().unwrap(),
            gzip: Bytes::from(vec![0; bytes]),
            br: None,
            br_wanted: Default::default(),
            br_started: AtomicBool::new(false),
        })
    }

    fn with(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn the_encoding_follows_the_clients_weights() {
        let accept = |values: &[&'static str]| {
            let pairs: Vec<_> = values
                .iter()
                .map(|v| (header::ACCEPT_ENCODING, *v))
                .collect();
            encoding(&with(&pairs))
        };
        assert_eq!(accept(&[]), None);
        assert_eq!(accept(&["gzip, deflate, br, zstd"]), Some("br"));
        assert_eq!(accept(&["gzip;q=0.5, br"]), Some("br"));
        assert_eq!(accept(&["br;q=0, gzip"]), Some("gzip"));
        assert_eq!(accept(&["br;q=0"]), None);
        assert_eq!(accept(&["br;q=0, gzip;q=0"]), None);
        assert_eq!(accept(&["*"]), Some("br"));
        assert_eq!(accept(&["br;q=0, *"]), Some("gzip"), "its own weight first");
        assert_eq!(accept(&["*;q=0"]), None);
        assert_eq!(accept(&["GZIP"]), Some("gzip"));
        assert_eq!(accept(&["Br ; Q=0.8"]), Some("br"));
        assert_eq!(accept(&["identity"]), None);
        assert_eq!(accept(&["gzip", "br"]), Some("br"), "two header lines");
    }

    #[test]
    fn conditional_requests_compare_weakly_and_by_the_second() {
        let mut entry = Arc::into_inner(page(1)).unwrap();
        // Wed, 08 Jan 2025 12:00:00 GMT
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_736_337_600);
        entry.last_modified = Some(LastModified::from(at));
        let current =
            |pairs: &[(header::HeaderName, &'static str)]| not_modified(&with(pairs), &entry);
        assert!(!current(&[]));
        assert!(current(&[(header::IF_NONE_MATCH, "W/\"1\"")]));
        assert!(
            current(&[(header::IF_NONE_MATCH, "\"1\"")]),
            "weak comparison"
        );
        assert!(current(&[(header::IF_NONE_MATCH, "\"0\", W/\"1\"")]));
        assert!(current(&[(header::IF_NONE_MATCH, "*")]));
        assert!(!current(&[(header::IF_NONE_MATCH, "W/\"2\"")]));
        let since = |date| [(header::IF_MODIFIED_SINCE, date)];
        assert!(current(&since("Wed, 08 Jan 2025 12:00:00 GMT")));
        assert!(current(&since("Wed, 08 Jan 2025 12:00:01 GMT")));
        assert!(!current(&since("Wed, 08 Jan 2025 11:59:59 GMT")));
        assert!(!current(&since("yesterday")));
        // A tag that does not match wins over a date that would.
        assert!(!current(&[
            (header::IF_NONE_MATCH, "W/\"2\""),
            (header::IF_MODIFIED_SINCE, "Wed, 08 Jan 2025 12:00:00 GMT"),
        ]));
    }

    #[test]
    fn a_page_stored_on_disk_comes_back_the_same() {
        let mut entry = Arc::into_inner(page(100)).unwrap();
        entry.shows = Box::new([Dep::Article(nashir_core::ArticleId(3)), Dep::Month(24_300)]);
        entry.version = 42;
        entry.last_modified = Some(LastModified::from(
            SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_736_337_600),
        ));
        let bytes = entry.encode().unwrap();
        let back = Entry::decode(&Bytes::from(bytes.clone())).unwrap();
        assert_eq!(back.version, 42);
        assert_eq!(&*back.shows, &*entry.shows);
        assert_eq!(back.content_type, entry.content_type);
        assert_eq!(back.last_modified, entry.last_modified);
        assert_eq!(back.etag, entry.etag);
        assert_eq!(back.gzip, entry.gzip);
        assert!(back.rendered.elapsed() < std::time::Duration::from_secs(5));
        for cut in [0, 8, 20, 30, bytes.len() - 100, bytes.len() - 1] {
            let cut_short = Bytes::copy_from_slice(&bytes[..cut]);
            assert!(Entry::decode(&cut_short).is_none(), "cut at {cut}");
        }
        let longer = [&bytes[..], b"x"].concat();
        assert!(Entry::decode(&Bytes::from(longer)).is_none());
    }

    #[test]
    fn bounded_by_bytes_and_a_crawl_does_not_push_out_what_readers_read() {
        let cache = PageCache::new(400_000, None);
        cache.pages.insert("front".into(), page(10_000));
        for _ in 0..100 {
            assert!(cache.get("front").is_some());
        }
        // A crawler reads 2,000 pages once each: 20 MB through a 400 kB cache.
        for i in 0..2_000 {
            cache.pages.insert(format!("article {i}"), page(10_000));
            assert!(cache.weight() <= 400_000, "{}", cache.weight());
        }
        assert!(cache.get("front").is_some(), "the page readers read stays");
    }
}
