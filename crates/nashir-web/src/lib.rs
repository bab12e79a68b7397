//! Nashir's HTTP front: a thin layer that parses requests, calls the use-cases in
//! [`nashir_app::App`] and renders askama templates.

mod admin;
mod assets;
pub mod cache;
pub use admin::ROUTES as ADMIN_ROUTES;
mod errors;
mod feeds;
mod lists;
mod pages;
mod reader_forms;
mod search;
mod views;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, map_response_with_state};
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

/// The whole public site.
pub fn router(app: App) -> Router {
    let security_headers = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    ];
    let cache = Arc::new(cache::PageCache::default());
    let cached = middleware::from_fn_with_state((app.clone(), cache), cache::layer);
    // The article page counts its views outside the cache, so cached views count too.
    let article = Router::new()
        .route("/ar/news/{id}/{slug}", get(pages::article))
        .route_layer(cached.clone())
        .route_layer(middleware::from_fn_with_state(
            app.clone(),
            cache::count_view,
        ));
    let public_pages = Router::new()
        .route("/", get(pages::home))
        .route("/ar/latest", get(lists::latest))
        .route("/ar/most-read", get(lists::most_read))
        .route("/ar/section/{slug}", get(lists::section))
        .route("/ar/section/{slug}/feed.rss", get(feeds::section_rss))
        .route("/ar/section/{slug}/feed.atom", get(feeds::section_atom))
        .route("/ar/tag/{slug}", get(lists::tag))
        .route("/ar/author/{slug}", get(lists::author))
        .route("/ar/archive/{year}/{month}", get(lists::archive))
        .route("/ar/archive/{year}/{month}/{day}", get(lists::archive))
        .route("/ar/news/{id}/{slug}/print", get(pages::article_print))
        .route("/feed.rss", get(feeds::site_rss))
        .route("/feed.atom", get(feeds::site_atom))
        .route("/sitemap.xml", get(feeds::sitemap_index))
        .route("/sitemaps/pages.xml", get(feeds::sitemap_pages))
        .route("/sitemaps/news.xml", get(feeds::sitemap_news))
        .route("/sitemaps/{file}", get(feeds::sitemap_articles))
        .route_layer(cached);
    let router = Router::new()
        .merge(article)
        .merge(public_pages)
        .merge(admin::router())
        .route("/ar/news/{id}", get(pages::article_without_slug))
        .route(
            "/search",
            get(search::search).layer(middleware::from_fn_with_state(app.clone(), cache::validate)),
        )
        .route("/robots.txt", get(feeds::robots))
        .route("/favicon.ico", get(assets::favicon))
        .route("/assets/{*path}", get(assets::serve))
        .route("/media/{id}/{file}", get(pages::media))
        .route("/healthz", get(|| async { "ok" }))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    // Readers' forms: their own, tighter limit.
    let reader_forms = Router::new()
        .route(
            "/ar/news/{id}/{slug}/comment",
            get(reader_forms::comment_form).post(reader_forms::post_comment),
        )
        .route(
            "/ar/news/{id}/{slug}/send",
            get(reader_forms::friend_form).post(reader_forms::post_friend),
        )
        .layer(DefaultBodyLimit::max(reader_forms::MAX_FORM_BYTES))
        .layer(RequestBodyLimitLayer::new(reader_forms::MAX_FORM_BYTES));
    // Uploads get the media limit (plus room for the form around the file).
    let upload_limit = app.site.media_max_bytes + 64 * 1024;
    let mut router = router
        .merge(reader_forms)
        .merge(
            admin::upload_router()
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
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("content-language"),
            HeaderValue::from_static("ar"),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(map_response_with_state(app, errors::render_error_pages))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}

/// Serves the site on `listener` until `shutdown` resolves, then lets in-flight
/// requests finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = router(app).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}
