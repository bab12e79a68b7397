//! Nashir's HTTP front: a thin layer that parses requests, calls the use-cases in
//! [`nashir_app::App`] and renders askama templates.

mod admin;
mod api;
mod assets;
pub mod cache;
mod corrections;
pub use admin::route_table as admin_routes;
mod edition;
pub use edition::Edition;
mod errors;
mod feeds;
mod form;
mod lists;
mod live;
mod page_store;
mod pages;
mod reader_forms;
mod redirects;
mod search;
mod static_pages;
mod views;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware;
use axum::routing::get;
use nashir_app::App;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Largest request body any route accepts; forms set tighter limits of their own.
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// A request that takes longer than this is answered 408 and its work dropped.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                   font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
                   frame-ancestors 'none'";

/// The whole public site, with the default limits.
pub fn router(app: App) -> Router {
    router_with(app, &NodeLimits::default())
}

/// The whole public site.
pub fn router_with(app: App, limits: &NodeLimits) -> Router {
    let security_headers = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    ];
    let store = limits.page_store.as_ref().and_then(|(dir, bytes)| {
        page_store::PageStore::open(dir, *bytes)
            .inspect_err(|e| tracing::error!("pages on disk in {}: {e}", dir.display()))
            .ok()
    });
    let cache = Arc::new(cache::PageCache::new(limits.page_cache_bytes, store));
    let cached = middleware::from_fn_with_state((app.clone(), cache), cache::layer);
    let default = app.site.default_edition();
    let (mut article, mut public_pages, mut uncached, mut reader_forms) =
        (Router::new(), Router::new(), Router::new(), Router::new());
    // Each edition's pages under its prefix; the default edition's front page,
    // feeds and search also at the top (`/`, `/feed.rss`, `/search`), where
    // `edition::choose` finds no prefix and picks it.
    for edition in &app.site.editions {
        let p = format!("/{}", edition.language);
        let front = app.site.front_path(edition.language);
        article = article.route(&format!("{p}/news/{{id}}/{{slug}}"), get(pages::article));
        public_pages = public_pages
            .route(&front, get(pages::home))
            .route(&format!("{front}feed.rss"), get(feeds::site_rss))
            .route(&format!("{front}feed.atom"), get(feeds::site_atom))
            .route(&format!("{p}/latest"), get(lists::latest))
            .route(&format!("{p}/corrections"), get(corrections::list))
            .route(&format!("{p}/page/{{slug}}"), get(static_pages::page))
            .route(&format!("{p}/most-read"), get(lists::most_read))
            .route(&format!("{p}/section/{{slug}}"), get(lists::section))
            .route(
                &format!("{p}/section/{{slug}}/feed.rss"),
                get(feeds::section_rss),
            )
            .route(
                &format!("{p}/section/{{slug}}/feed.atom"),
                get(feeds::section_atom),
            )
            .route(&format!("{p}/tag/{{slug}}"), get(lists::tag))
            .route(&format!("{p}/author/{{slug}}"), get(lists::author))
            .route(
                &format!("{p}/archive/{{year}}/{{month}}"),
                get(lists::archive),
            )
            .route(
                &format!("{p}/archive/{{year}}/{{month}}/{{day}}"),
                get(lists::archive),
            )
            .route(
                &format!("{p}/news/{{id}}/{{slug}}/print"),
                get(pages::article_print),
            )
            .route(
                &format!("{p}/news/{{id}}/{{slug}}/live"),
                get(live::fragment),
            )
            .route(
                &feeds::news_sitemap_path(&app.site, edition.language),
                get(feeds::sitemap_news).layer(axum::Extension(Edition(edition.language))),
            );
        uncached = uncached
            .route(
                &format!("{p}/news/{{id}}"),
                get(pages::article_without_slug),
            )
            .route(
                &format!("{front}search"),
                get(search::search)
                    .layer(middleware::from_fn_with_state(app.clone(), cache::validate)),
            )
            .route(&format!("{front}search/suggest"), get(search::suggest));
        // `/en` and the default edition's `/ar/` lead to the edition's front page.
        let to_front = front.clone();
        let bare = if edition.language == default {
            format!("{p}/")
        } else {
            p.clone()
        };
        uncached = uncached.route(
            &bare,
            get(move || {
                let to = to_front.clone();
                async move { pages::moved_permanently(&to) }
            }),
        );
        reader_forms = reader_forms
            .route(
                &format!("{p}/news/{{id}}/{{slug}}/comment"),
                get(reader_forms::comment_form).post(reader_forms::post_comment),
            )
            .route(
                &format!("{p}/news/{{id}}/{{slug}}/send"),
                get(reader_forms::friend_form).post(reader_forms::post_friend),
            );
    }
    // The article page counts its views outside the cache, so cached views count too.
    let article = article
        .route_layer(cached.clone())
        .route_layer(middleware::from_fn_with_state(
            app.clone(),
            cache::count_view,
        ));
    let public_pages = public_pages
        .route("/sitemap.xml", get(feeds::sitemap_index))
        .route("/sitemaps/pages.xml", get(feeds::sitemap_pages))
        .route("/sitemaps/{file}", get(feeds::sitemap_articles))
        .route_layer(cached.clone());
    let api_routes = api::cached_routes()
        .route_layer(cached)
        .merge(api::routes(&app))
        .layer(api::cors());
    let router = Router::new()
        .merge(article)
        .merge(public_pages)
        .merge(admin::router(&app))
        .merge(api_routes)
        .merge(uncached)
        .route("/robots.txt", get(feeds::robots))
        .route("/favicon.ico", get(assets::favicon))
        .route("/assets/{*path}", get(assets::serve))
        .route("/media/{id}/{file}", get(pages::media))
        .route("/healthz", get(|| async { "ok" }))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    // Readers' forms: their own, tighter limit.
    let reader_forms = reader_forms
        .layer(DefaultBodyLimit::max(reader_forms::MAX_FORM_BYTES))
        .layer(RequestBodyLimitLayer::new(reader_forms::MAX_FORM_BYTES));
    // Uploads get the media limit (plus room for the form around the file).
    let upload_limit = app.site.media_max_bytes + 64 * 1024;
    let mut router = router
        .merge(reader_forms)
        .merge(
            admin::upload_router(&app)
                .merge(api::upload_routes())
                .layer(DefaultBodyLimit::max(upload_limit))
                .layer(RequestBodyLimitLayer::new(upload_limit)),
        )
        .fallback(pages::not_found)
        .with_state(app.clone());
    for (name, value) in security_headers {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    // `Content-Language` is the edition's, set where the error pages are made.
    router
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn_with_state(
            app.clone(),
            errors::render_error_pages,
        ))
        .layer(middleware::from_fn_with_state(app, edition::choose))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}

/// What one node lets its connections and its page cache use.
#[derive(Clone, Debug)]
pub struct NodeLimits {
    /// A request's head must arrive within this; it is also how long an idle
    /// keep-alive connection stays open (slowloris gets nothing).
    pub header_read_timeout: std::time::Duration,
    /// Connections open at once; more are closed as they come.
    pub max_connections: usize,
    /// Bytes of rendered pages kept in memory (the `page_cache_mb` setting).
    pub page_cache_bytes: u64,
    /// Where rendered pages are kept on disk behind memory, and how many bytes
    /// of them (the `page_store_mb` setting); none: memory only.
    pub page_store: Option<(std::path::PathBuf, u64)>,
}

impl Default for NodeLimits {
    fn default() -> Self {
        NodeLimits {
            header_read_timeout: std::time::Duration::from_secs(10),
            max_connections: 4096,
            // Pages read often; the rest wait on disk when there is a page store.
            page_cache_bytes: 32 * 1024 * 1024,
            page_store: None,
        }
    }
}

/// Serves the site on `listener` until `shutdown` resolves, then lets in-flight
/// requests finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, app, NodeLimits::default(), shutdown).await
}

/// [`serve`] with chosen connection limits.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    app: App,
    limits: NodeLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;

    let router = router_with(app, &limits);
    let open = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, most likely: let some close.
                    tracing::warn!(error = %e, "accepting a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = open.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = router.clone().map_request(
            move |mut request: axum::extract::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            },
        );
        let connection = http.serve_connection(
            TokioIo::new(stream),
            hyper_util::service::TowerToHyperService::new(service),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    // Requests in flight finish (the request timeout bounds them); idle ones close.
    let _ = tokio::time::timeout(REQUEST_TIMEOUT * 2, graceful.shutdown()).await;
    Ok(())
}
