//! `/api/v1`: the JSON API for apps and partners. The content API is public,
//! read-only and goes through the page cache (ETag, 304, compression, the same
//! freshness as pages); errors are RFC 9457 problem details. `openapi.json` is
//! generated from the handlers' annotations, so it cannot drift from them.

mod admin;
mod content;
mod json;
pub mod problem;

use axum::Router;
use axum::http::{HeaderValue, Method, header};
use axum::response::IntoResponse;
use axum::routing::get;
use nashir_app::App;
use tower_http::cors::CorsLayer;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Nashir API", version = "1", description = "Published articles, sections, tags, authors and search of a Nashir site. Problems (RFC 9457) say their title and detail in the language of Accept-Language: ar (the default), en or fa (Content-Language)."),
    paths(
        content::articles,
        content::article,
        content::sections,
        content::tags,
        content::authors,
        content::search,
        admin::create,
        admin::get,
        admin::patch,
        admin::delete,
        admin::revisions,
        admin::add_webhook,
        admin::webhooks,
        admin::deliveries,
        admin::comments,
        admin::moderate,
        admin::upload,
        admin::front,
        admin::section_front,
        admin::add_entry,
    ),
    modifiers(&BearerScheme),
    tags(
        (name = "content", description = "Public, read-only, cacheable"),
        (name = "admin", description = "The newsroom, with a token (`nashir token add`): it acts as its account"),
    ),
)]
struct ApiDoc;

/// The admin API's `Authorization: Bearer <token>`, and the 401 and 429 every one
/// of its operations may answer (no valid token; a token's requests a minute are
/// counted).
struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        let problem = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                )
                .build()
        };
        let unauthorized = problem("No valid token (WWW-Authenticate: Bearer)");
        let too_many = problem("The token's requests for this minute are used up (Retry-After)");
        for (path, item) in openapi.paths.paths.iter_mut() {
            if !path.starts_with("/api/v1/admin/") {
                continue;
            }
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                let responses = &mut op.responses.responses;
                responses.insert("401".into(), unauthorized.clone().into());
                responses.insert("429".into(), too_many.clone().into());
            }
        }
    }
}

/// The routes the page cache keeps (`lib.rs` puts the cache around them, then
/// [`cors`] around all).
pub fn cached_routes() -> Router<App> {
    Router::new()
        .route("/api/v1/articles", get(content::articles))
        .route("/api/v1/articles/{id}", get(content::article))
        .route("/api/v1/sections", get(content::sections))
        .route("/api/v1/tags", get(content::tags))
        .route("/api/v1/authors", get(content::authors))
}

/// The routes answered fresh each time: search follows the index, not the change
/// log, so it is validated and compressed but not kept.
pub fn routes(app: &App) -> Router<App> {
    let validated = axum::middleware::from_fn_with_state(app.clone(), crate::cache::validate);
    Router::new()
        .route("/api/v1/search", get(content::search).layer(validated))
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/admin/articles", axum::routing::post(admin::create))
        .route(
            "/api/v1/admin/articles/{id}",
            get(admin::get).patch(admin::patch).delete(admin::delete),
        )
        .route(
            "/api/v1/admin/articles/{id}/revisions",
            get(admin::revisions),
        )
        .route(
            "/api/v1/admin/webhooks",
            get(admin::webhooks).post(admin::add_webhook),
        )
        .route(
            "/api/v1/admin/webhooks/{id}/deliveries",
            get(admin::deliveries),
        )
        .route("/api/v1/admin/comments", get(admin::comments))
        .route("/api/v1/admin/front", axum::routing::put(admin::front))
        .route(
            "/api/v1/admin/front/{section}",
            axum::routing::put(admin::section_front),
        )
        .route(
            "/api/v1/admin/articles/{id}/entries",
            axum::routing::post(admin::add_entry),
        )
        .route(
            "/api/v1/admin/comments/{id}",
            axum::routing::post(admin::moderate),
        )
        .route("/api/v1/{*rest}", get(not_found))
}

/// An API path that is none: a problem, not the site's HTML page.
async fn not_found() -> problem::Problem {
    problem::Problem::new(axum::http::StatusCode::NOT_FOUND)
}

/// Any site may read the content API from a browser. Outside the page cache, which
/// keeps bodies and validators, not these headers.
pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers([header::IF_NONE_MATCH, header::IF_MODIFIED_SINCE])
        .expose_headers([header::ETAG, header::LAST_MODIFIED])
}

async fn openapi() -> axum::response::Response {
    let body = ApiDoc::openapi().to_json().unwrap_or_default();
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// Image uploads, kept apart: `lib.rs` gives them the media body limit.
pub fn upload_routes() -> Router<App> {
    Router::new().route("/api/v1/admin/media", axum::routing::post(admin::upload))
}

/// The query a cached API route reads, written one way (the cache's key).
pub fn read_params(path: &str, pairs: &[(String, String)]) -> String {
    if path != "/api/v1/articles" {
        return String::new();
    }
    let mut q = content::ArticlesQuery::default();
    for (k, v) in pairs {
        let slot = match k.as_str() {
            "edition" => &mut q.edition,
            "section" => &mut q.section,
            "tag" => &mut q.tag,
            "author" => &mut q.author,
            "since" => &mut q.since,
            "cursor" => &mut q.cursor,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(v.clone());
        }
    }
    q.canonical()
}
