//! The content API: published articles, sections, tags, authors and search, for
//! anyone (CORS), read-only, cached, revalidated and compressed like the pages.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use nashir_app::freshness::Dep;
use nashir_app::reader::LIST_PAGE_SIZE;
use nashir_app::{App, ListFilter, Page, SearchRequest};
use nashir_core::language::Language;
use nashir_core::search_query::parse_query;
use nashir_core::{ArticleId, Cursor};
use nashir_i18n::Message;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use super::json::{
    ArticleJson, ArticleSummaryJson, AuthorJson, List, SearchHitJson, SearchJson, SectionJson,
    TagJson,
};
use super::problem::Problem;
use crate::cache::Shows;
use crate::form::LenientQuery;

type ApiResult = Result<Response, Problem>;

/// Search hits a page of the API holds.
const SEARCH_PAGE: usize = 20;

pub fn json(value: &impl Serialize) -> ApiResult {
    let body = serde_json::to_string(value)
        .map_err(|e| Problem::from(crate::errors::WebError::Internal(e.to_string())))?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response())
}

/// Filters and the page of `GET /api/v1/articles`.
#[derive(Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ArticlesQuery {
    /// The edition listed (`ar`, `en`, `fa`: one the site publishes); the
    /// default edition's when not given.
    pub(super) edition: Option<String>,
    /// A section's slug.
    pub(super) section: Option<String>,
    /// A tag's slug.
    pub(super) tag: Option<String>,
    /// An author profile's slug.
    pub(super) author: Option<String>,
    /// Published at or after (RFC 3339).
    pub(super) since: Option<String>,
    /// The `next` of the previous page.
    pub(super) cursor: Option<String>,
}

impl ArticlesQuery {
    /// The query written one way, for the page cache's key.
    pub fn canonical(&self) -> String {
        let mut parts = Vec::new();
        for (name, value) in [
            ("edition", &self.edition),
            ("section", &self.section),
            ("tag", &self.tag),
            ("author", &self.author),
            ("since", &self.since),
            ("cursor", &self.cursor),
        ] {
            if let Some(v) = value {
                parts.push(format!(
                    "{name}={}",
                    nashir_core::slug::percent_encode_segment(v)
                ));
            }
        }
        parts.join("&")
    }
}

fn bad(detail: Message) -> Problem {
    Problem::new(StatusCode::BAD_REQUEST).detail(detail)
}

/// Published articles, newest first, 20 a page.
#[utoipa::path(get, path = "/api/v1/articles", params(ArticlesQuery), tag = "content",
    responses(
        (status = 200, description = "A page of articles", body = List<ArticleSummaryJson>),
        (status = 400, description = "A filter that cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such section, tag, author or edition", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn articles(
    State(app): State<App>,
    LenientQuery(q): LenientQuery<ArticlesQuery>,
) -> ApiResult {
    let edition = q.edition.as_deref().map(Language::from_code);
    if edition.is_some_and(|e| !e.is_some_and(|e| app.site.publishes(e))) {
        return Err(Problem::new(StatusCode::NOT_FOUND).detail(Message::new("api-no-edition")));
    }
    // The default edition's unless another is named: one edition a list, as
    // the site's own lists and the search are.
    let mut filter = ListFilter {
        language: Some(
            edition
                .flatten()
                .unwrap_or_else(|| app.site.default_edition()),
        ),
        ..ListFilter::default()
    };
    if let Some(slug) = &q.section {
        filter.section = Some(
            app.section(slug)
                .await?
                .ok_or(Problem::new(StatusCode::NOT_FOUND))?
                .id,
        );
    }
    if let Some(slug) = &q.tag {
        filter.tag = Some(
            app.tag(slug)
                .await?
                .ok_or(Problem::new(StatusCode::NOT_FOUND))?
                .id,
        );
    }
    if let Some(slug) = &q.author {
        let profile = app.author_profile(slug).await?;
        filter.author = Some(
            profile
                .ok_or(Problem::new(StatusCode::NOT_FOUND))?
                .author
                .id,
        );
    }
    if let Some(since) = &q.since {
        let at: Timestamp = since
            .parse()
            .map_err(|_| bad(Message::new("api-time").with("field", "since")))?;
        filter.from = Some(at);
    }
    let page = match &q.cursor {
        Some(c) => Page::Before(Cursor::parse(c).ok_or_else(|| bad(Message::new("api-cursor")))?),
        None => Page::First,
    };
    let list = app.list_page(&filter, page, LIST_PAGE_SIZE).await?;
    json(&List {
        items: list.items.iter().map(ArticleSummaryJson::from).collect(),
        next: list.older.map(|c| c.to_param()),
    })
}

/// One published article, whole.
#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "content",
    params(("id" = i64, Path, description = "The article's id")),
    responses(
        (status = 200, description = "The article", body = ArticleJson),
        (status = 404, description = "No published article with that id", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn article(State(app): State<App>, Path(id): Path<String>) -> ApiResult {
    let id: i64 = id
        .parse()
        .map_err(|_| Problem::new(StatusCode::NOT_FOUND))?;
    let a = app
        .public_article(ArticleId(id))
        .await?
        .filter(|a| app.site.publishes(a.language))
        .ok_or(Problem::new(StatusCode::NOT_FOUND))?;
    let mut response = json(&ArticleJson::full(&app, &a).await?)?;
    response
        .extensions_mut()
        .insert(Shows(vec![Dep::Article(a.id)]));
    Ok(response)
}

/// Every section, in the site's order.
#[utoipa::path(get, path = "/api/v1/sections", tag = "content",
    responses((status = 200, description = "The sections", body = List<SectionJson>)))]
pub async fn sections(State(app): State<App>) -> ApiResult {
    let items = app
        .sections()
        .await?
        .iter()
        .map(SectionJson::from)
        .collect();
    json(&List::<SectionJson> { items, next: None })
}

/// Every tag.
#[utoipa::path(get, path = "/api/v1/tags", tag = "content",
    responses((status = 200, description = "The tags", body = List<TagJson>)))]
pub async fn tags(State(app): State<App>) -> ApiResult {
    let items = app.tags().await?.iter().map(TagJson::from).collect();
    json(&List::<TagJson> { items, next: None })
}

/// Every author profile.
#[utoipa::path(get, path = "/api/v1/authors", tag = "content",
    responses((status = 200, description = "The author profiles", body = List<AuthorJson>)))]
pub async fn authors(State(app): State<App>) -> ApiResult {
    let items = app.authors().await?.iter().map(AuthorJson::from).collect();
    json(&List::<AuthorJson> { items, next: None })
}

#[derive(Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The words (Arabic search: hamza, taa marbuta, clitics folded).
    q: String,
    /// A section's slug to search in.
    section: Option<String>,
    /// From 1.
    page: Option<usize>,
    /// The edition searched (`ar`, `en`, `fa`), each with its own analysis; the
    /// default edition's when not given.
    edition: Option<String>,
}

/// The site's search over published articles of one edition.
#[utoipa::path(get, path = "/api/v1/search", params(SearchQuery), tag = "content",
    responses(
        (status = 200, description = "The hits", body = SearchJson),
        (status = 404, description = "No such edition", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Search is not running here", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn search(
    State(app): State<App>,
    LenientQuery(q): LenientQuery<SearchQuery>,
) -> ApiResult {
    let page = q.page.unwrap_or(1).clamp(1, 50);
    let edition = match q.edition.as_deref() {
        None => app.site.default_edition(),
        Some(code) => Language::from_code(code)
            .filter(|l| app.site.publishes(*l))
            .ok_or(Problem::new(StatusCode::NOT_FOUND))?,
    };
    let request = SearchRequest {
        query: parse_query(&q.q),
        section: q.section.clone().filter(|s| !s.is_empty()),
        from: None,
        until: None,
        sort: Default::default(),
        offset: (page - 1) * SEARCH_PAGE,
        limit: SEARCH_PAGE,
        edition,
    };
    let results = app
        .search(&request)
        .await
        .map_err(|_| Problem::new(StatusCode::SERVICE_UNAVAILABLE))?;
    let items = results
        .results
        .iter()
        .map(|r| SearchHitJson {
            article: ArticleSummaryJson::from(&r.article.summary()),
            snippet: r
                .snippet
                .iter()
                .map(|f| {
                    let text = askama::filters::escape(&f.text, askama::filters::Html)
                        .map(|e| e.to_string())
                        .unwrap_or_default();
                    if f.marked {
                        format!("<mark>{text}</mark>")
                    } else {
                        text
                    }
                })
                .collect(),
        })
        .collect();
    json(&SearchJson {
        total: results.total,
        items,
        did_you_mean: results.did_you_mean,
    })
}
