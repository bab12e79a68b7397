//! The newsroom part of the API: a token acts as its account, under the same
//! permission table and use-cases as the newsroom's forms (no rules of its own).
//! Bodies are JSON; saves take the editor's Markdown.

use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use nashir_app::App;
use nashir_app::accounts::User;
use nashir_app::editor::{Draft, SaveAction};
use nashir_core::ArticleId;
use nashir_core::language::Language;
use nashir_i18n::Message;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::content::json;
use super::json::ArticleJson;
use super::problem::Problem;

type ApiResult = Result<Response, Problem>;

/// The account a request's `Authorization: Bearer <token>` acts as, after the
/// token's quota for this minute is taken.
pub struct Bearer(pub User);

impl FromRequestParts<App> for Bearer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Response> {
        let unauthorized = || {
            let mut r = Problem::new(StatusCode::UNAUTHORIZED).into_response();
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            r
        };
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(unauthorized)?;
        let (token, user) = app
            .token_user(secret)
            .await
            .map_err(|e| Problem::from(e).into_response())?
            .ok_or_else(unauthorized)?;
        if !app
            .take_token_quota(token)
            .await
            .map_err(|e| Problem::from(e).into_response())?
        {
            let mut r = Problem::new(StatusCode::TOO_MANY_REQUESTS).into_response();
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            return Err(r);
        }
        Ok(Bearer(user))
    }
}

/// A JSON body, or a 400 problem that says what is wrong with it.
fn body<T: for<'de> Deserialize<'de>>(bytes: &Bytes) -> Result<T, Problem> {
    serde_json::from_slice(bytes)
        .map_err(|e| Problem::new(StatusCode::BAD_REQUEST).detail(format!("JSON: {e}")))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct SourceIn {
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// An article to create, or the fields to change (a PATCH changes only those sent).
#[derive(Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleIn {
    /// The edition a new article is written for (`ar`, `en`, `fa`: one the site
    /// publishes; the default edition when not given). An article stays in its
    /// own: a change names none or the same.
    pub edition: Option<String>,
    /// The id of the article this one translates (into another edition): they
    /// link to each other from then on. Taken while it has no translations.
    pub translation_of: Option<i64>,
    pub title: Option<String>,
    pub lead: Option<String>,
    /// In the editor's Markdown: a blank line between paragraphs, `## ` a
    /// subheading, `- ` a list item, `> ` a quotation, `![caption](media:ID)` an image.
    pub body: Option<String>,
    /// A section's slug.
    pub section: Option<String>,
    /// Tag names (made when new).
    pub tags: Option<Vec<String>>,
    /// Author profiles' slugs, in byline order.
    pub authors: Option<Vec<String>>,
    pub source: Option<SourceIn>,
    /// The featured image's media id (0 clears it).
    pub featured: Option<i64>,
    /// The slug chosen by hand, cleaned as slugs are (`Gaza Talks` → `gaza-talks`;
    /// at most 8 words): its address becomes `/ar/news/{id}/{slug}` and the old
    /// ones redirect there. An empty string goes back to the slug made from the title.
    pub slug: Option<String>,
    /// What search engines and shares show (at most 300 characters); empty: the lead.
    pub meta_description: Option<String>,
    /// The headline shares show (`og:title`, at most 200 characters); empty: the title.
    pub social_title: Option<String>,
    /// The media id of the image shares show (0 clears it: the featured image).
    pub social_image: Option<i64>,
    pub sticky: Option<bool>,
    /// `draft` | `submit` (a draft sent for review) | `publish` | `schedule` (with
    /// `at`) | `save` | `update` | `correction` (with `note`) | `unpublish`; none
    /// means `save`.
    pub action: Option<String>,
    /// When a `schedule` publishes (RFC 3339).
    pub at: Option<String>,
    /// A correction's note for readers.
    pub note: Option<String>,
    /// The revision the change was made from: a newer one answers 409.
    pub base_revision: Option<i64>,
    /// Puts it on the urgent strip (until `urgent_until`, else for 2 hours), or
    /// takes it off.
    pub urgent: Option<bool>,
    /// RFC 3339.
    pub urgent_until: Option<String>,
    /// Starts (or reopens) its live coverage, or closes it.
    pub live: Option<bool>,
    /// Changes to the related articles shown under it.
    pub related: Option<RelatedIn>,
}

/// Article ids to pin among the related articles (first), unpin, remove (kept out
/// when the index chooses again) or restore.
#[derive(Clone, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RelatedIn {
    pub pin: Vec<i64>,
    pub unpin: Vec<i64>,
    pub remove: Vec<i64>,
    pub restore: Vec<i64>,
}

/// What a save asks of the site around the article, applied after it.
struct Around {
    urgent: Option<bool>,
    urgent_until: Option<String>,
    live: Option<bool>,
    related: Option<RelatedIn>,
}

impl Around {
    fn of(input: &ArticleIn) -> Around {
        Around {
            urgent: input.urgent,
            urgent_until: input.urgent_until.clone(),
            live: input.live,
            related: input.related.clone(),
        }
    }

    async fn apply(self, app: &App, user: &User, id: ArticleId) -> Result<(), Problem> {
        use nashir_app::front::UrgentForm;
        use nashir_app::live::CoverageAction;
        match self.urgent {
            Some(true) => {
                let minutes = match &self.urgent_until {
                    Some(until) => {
                        let until: Timestamp = until.parse().map_err(|_| {
                            Problem::new(StatusCode::UNPROCESSABLE_ENTITY)
                                .detail(Message::new("api-time").with("field", "urgent_until"))
                        })?;
                        Some(until.duration_since(app.clock.now()).as_mins().max(1))
                    }
                    None => None,
                };
                app.end_urgent_for(user, id).await?;
                let form = UrgentForm {
                    article: Some(id),
                    minutes,
                    ..UrgentForm::default()
                };
                app.add_urgent(user, &form).await?;
            }
            Some(false) => app.end_urgent_for(user, id).await?,
            None => {}
        }
        let open = app
            .editable_article(user, id)
            .await?
            .live
            .is_some_and(|c| c.is_open());
        match self.live {
            Some(true) if !open => app.set_coverage(user, id, CoverageAction::Start).await?,
            Some(false) if open => app.set_coverage(user, id, CoverageAction::Close).await?,
            _ => {}
        }
        if let Some(related) = self.related {
            use nashir_app::related::RelatedAction::{Pin, Remove, Restore, Unpin};
            let changes = [
                (related.unpin, Unpin as fn(ArticleId) -> _),
                (related.remove, Remove),
                (related.restore, Restore),
                (related.pin, Pin),
            ];
            for (ids, action) in changes {
                for other in ids.into_iter().take(20) {
                    app.edit_related(user, id, action(ArticleId(other))).await?;
                }
            }
        }
        Ok(())
    }
}

impl ArticleIn {
    /// The draft it makes of `from` (an article's current state, or empty).
    async fn draft(
        self,
        app: &App,
        from: Draft,
    ) -> Result<(Draft, Option<String>, Option<String>), Problem> {
        let language = match self.edition.as_deref() {
            None => from.language,
            Some(code) => Language::from_code(code)
                .filter(|l| app.site.publishes(*l))
                .ok_or_else(|| {
                    Problem::new(StatusCode::UNPROCESSABLE_ENTITY)
                        .detail(format!("edition: {code}"))
                })?,
        };
        let mut authors = from.authors.clone();
        if let Some(slugs) = &self.authors {
            authors.clear();
            for slug in slugs {
                let profile = app.author_profile(slug).await?.ok_or_else(|| {
                    Problem::new(StatusCode::UNPROCESSABLE_ENTITY)
                        .detail(Message::new("api-no-author").with("slug", slug.clone()))
                })?;
                authors.push(profile.author.id);
            }
        }
        let (source_name, source_url) = match self.source {
            Some(s) => (s.name, s.url.unwrap_or_default()),
            None => (from.source_name.clone(), from.source_url.clone()),
        };
        let draft = Draft {
            language,
            translation_of: self.translation_of.map(ArticleId),
            title: self.title.unwrap_or(from.title),
            lead: self.lead.unwrap_or(from.lead),
            body: self.body.unwrap_or(from.body),
            section: self.section.unwrap_or(from.section),
            source_name,
            source_url,
            tags: self.tags.map_or(from.tags, |t| t.join(", ")),
            authors,
            featured: self
                .featured
                .map_or(from.featured, |id| (id > 0).then_some(id)),
            slug: self.slug.unwrap_or(from.slug),
            meta_description: self.meta_description.unwrap_or(from.meta_description),
            social_title: self.social_title.unwrap_or(from.social_title),
            social_image: self
                .social_image
                .map_or(from.social_image, |id| (id > 0).then_some(id)),
            sticky: self.sticky.unwrap_or(from.sticky),
            correction_note: self.note.unwrap_or_default(),
            base_revision: self.base_revision.or(from.base_revision),
        };
        Ok((draft, self.action, self.at))
    }
}

fn action(name: Option<&str>, at: Option<&str>) -> Result<SaveAction, Problem> {
    let unprocessable = |d: Message| Problem::new(StatusCode::UNPROCESSABLE_ENTITY).detail(d);
    Ok(match name.unwrap_or("save") {
        "draft" | "save" => SaveAction::Draft,
        "submit" => SaveAction::Submit,
        "publish" => SaveAction::Publish,
        "update" => SaveAction::Update,
        "correction" => SaveAction::Correction,
        "unpublish" => SaveAction::Unpublish,
        "schedule" => {
            let at: Timestamp = at
                .ok_or_else(|| unprocessable(Message::new("api-schedule-at")))?
                .parse()
                .map_err(|_| unprocessable(Message::new("api-time").with("field", "at")))?;
            SaveAction::Schedule(at)
        }
        other => {
            return Err(unprocessable(
                Message::new("api-no-action").with("name", other.to_string()),
            ));
        }
    })
}

/// An article as the token's account sees it (drafts included, when it may).
async fn answer(app: &App, user: &User, id: ArticleId, status: StatusCode) -> ApiResult {
    let a = app.editable_article(user, id).await?;
    let mut response = json(&ArticleJson::full(app, &a).await?)?;
    *response.status_mut() = status;
    Ok(response)
}

/// Creates an article.
#[utoipa::path(post, path = "/api/v1/admin/articles", tag = "admin",
    request_body = ArticleIn,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = ArticleJson),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account may not", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "What is wrong with it", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(State(app): State<App>, Bearer(user): Bearer, bytes: Bytes) -> ApiResult {
    let input: ArticleIn = body(&bytes)?;
    let around = Around::of(&input);
    let new = Draft {
        language: app.site.default_edition(),
        ..Draft::default()
    };
    let (draft, name, at) = input.draft(&app, new).await?;
    let action = action(name.as_deref(), at.as_deref())?;
    let id = app.save_article(&user, None, &draft, action).await?;
    around.apply(&app, &user, id).await?;
    answer(&app, &user, id, StatusCode::CREATED).await
}

fn article_id(id: &str) -> Result<ArticleId, Problem> {
    id.parse()
        .map(ArticleId)
        .map_err(|_| Problem::new(StatusCode::NOT_FOUND))
}

/// An article in any state the account may open.
#[utoipa::path(get, path = "/api/v1/admin/articles/{id}", tag = "admin",
    params(("id" = i64, Path, description = "The article's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The article", body = ArticleJson),
        (status = 403, description = "The account may not open it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such article", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(app): State<App>,
    Bearer(user): Bearer,
    Path(id): Path<String>,
) -> ApiResult {
    answer(&app, &user, article_id(&id)?, StatusCode::OK).await
}

/// Changes an article: the fields sent, then the action.
#[utoipa::path(patch, path = "/api/v1/admin/articles/{id}", tag = "admin",
    params(("id" = i64, Path, description = "The article's id")),
    request_body = ArticleIn,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The article after the change", body = ArticleJson),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account may not", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such article", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed since `base_revision`; `revision` names the current one", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "What is wrong with it", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn patch(
    State(app): State<App>,
    Bearer(user): Bearer,
    Path(id): Path<String>,
    bytes: Bytes,
) -> ApiResult {
    let id = article_id(&id)?;
    let input: ArticleIn = body(&bytes)?;
    let around = Around::of(&input);
    let current = app.editable_article(&user, id).await?;
    let only_around = input.title.is_none()
        && input.lead.is_none()
        && input.body.is_none()
        && input.section.is_none()
        && input.tags.is_none()
        && input.authors.is_none()
        && input.source.is_none()
        && input.featured.is_none()
        && input.sticky.is_none()
        && input.action.is_none();
    // Marking it urgent or live, or changing its related articles, alone writes no revision.
    if !only_around {
        let (draft, name, at) = input.draft(&app, Draft::of(&current)).await?;
        let action = match name.as_deref() {
            // A published article's plain save is an update.
            None | Some("save") if current.status == nashir_core::Status::Published => {
                SaveAction::Update
            }
            other => action(other, at.as_deref())?,
        };
        app.save_article(&user, Some(id), &draft, action).await?;
    }
    around.apply(&app, &user, id).await?;
    answer(&app, &user, id, StatusCode::OK).await
}

/// Moves an article to the trash (restorable for 30 days).
#[utoipa::path(delete, path = "/api/v1/admin/articles/{id}", tag = "admin",
    params(("id" = i64, Path, description = "The article's id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "In the trash"),
        (status = 403, description = "The account may not", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such article", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn delete(
    State(app): State<App>,
    Bearer(user): Bearer,
    Path(id): Path<String>,
) -> ApiResult {
    app.delete_article(&user, article_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Serialize, ToSchema)]
pub struct RevisionJson {
    pub number: i64,
    /// `draft`, `publish`, `update`, `correction`, `restore`…
    pub kind: String,
    pub title: String,
    pub created_at: String,
}

/// An article's revisions, newest first.
#[utoipa::path(get, path = "/api/v1/admin/articles/{id}/revisions", tag = "admin",
    params(("id" = i64, Path, description = "The article's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The revisions", body = super::json::List<RevisionJson>),
        (status = 403, description = "The account may not open it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such article", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revisions(
    State(app): State<App>,
    Bearer(user): Bearer,
    Path(id): Path<String>,
) -> ApiResult {
    let id = article_id(&id)?;
    app.editable_article(&user, id).await?;
    let items = app
        .revisions(id)
        .await?
        .into_iter()
        .map(|r| RevisionJson {
            number: r.number,
            kind: r.kind,
            title: r.title,
            created_at: r.created_at.to_string(),
        })
        .collect();
    json(&super::json::List::<RevisionJson> { items, next: None })
}

/// An endpoint to register.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookIn {
    /// Where deliveries are POSTed (http or https).
    pub url: String,
    /// Any of `article.published`, `article.updated`, `article.corrected`,
    /// `article.unpublished`, `article.deleted`, `comment.approved`.
    pub events: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookJson {
    pub id: i64,
    pub url: String,
    pub events: Vec<String>,
    pub created_at: String,
    pub active: bool,
    /// `whsec_…`: signs the deliveries (Standard Webhooks); in the answer to the
    /// registration only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

impl From<nashir_app::records::Webhook> for WebhookJson {
    fn from(w: nashir_app::records::Webhook) -> Self {
        WebhookJson {
            id: w.id,
            url: w.url,
            events: w.events,
            created_at: w.created_at.to_string(),
            active: w.disabled_at.is_none(),
            secret: None,
        }
    }
}

/// Registers a webhook endpoint (admins); the answer carries its secret, once.
#[utoipa::path(post, path = "/api/v1/admin/webhooks", tag = "admin",
    request_body = WebhookIn,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Registered", body = WebhookJson),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin's token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "What is wrong with it", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_webhook(State(app): State<App>, Bearer(user): Bearer, bytes: Bytes) -> ApiResult {
    let input: WebhookIn = body(&bytes)?;
    let (id, secret) = app.add_webhook(&user, &input.url, &input.events).await?;
    let registered = app
        .webhooks(&user)
        .await?
        .into_iter()
        .find(|w| w.id == id)
        .ok_or(Problem::new(StatusCode::INTERNAL_SERVER_ERROR))?;
    let mut response = json(&WebhookJson {
        secret: Some(secret),
        ..WebhookJson::from(registered)
    })?;
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

/// Every webhook endpoint (admins).
#[utoipa::path(get, path = "/api/v1/admin/webhooks", tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The endpoints", body = super::json::List<WebhookJson>),
        (status = 403, description = "Not an admin's token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn webhooks(State(app): State<App>, Bearer(user): Bearer) -> ApiResult {
    let items = app
        .webhooks(&user)
        .await?
        .into_iter()
        .map(WebhookJson::from)
        .collect();
    json(&super::json::List::<WebhookJson> { items, next: None })
}

#[derive(Serialize, ToSchema)]
pub struct DeliveryJson {
    pub id: i64,
    pub event: String,
    pub created_at: String,
    pub attempts: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<String>,
    /// Given up (after the last retry, or the endpoint disabled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

/// An endpoint's deliveries with their attempts, newest first (admins).
#[utoipa::path(get, path = "/api/v1/admin/webhooks/{id}/deliveries", tag = "admin",
    params(("id" = i64, Path, description = "The endpoint's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The deliveries", body = super::json::List<DeliveryJson>),
        (status = 403, description = "Not an admin's token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn deliveries(
    State(app): State<App>,
    Bearer(user): Bearer,
    Path(id): Path<String>,
) -> ApiResult {
    let id: i64 = id
        .parse()
        .map_err(|_| Problem::new(StatusCode::NOT_FOUND))?;
    if !app.webhooks(&user).await?.iter().any(|w| w.id == id) {
        return Err(Problem::new(StatusCode::NOT_FOUND));
    }
    let items = app
        .webhook_deliveries(&user, Some(id), 200)
        .await?
        .into_iter()
        .map(|d| DeliveryJson {
            id: d.id,
            event: d.event,
            created_at: d.created_at.to_string(),
            attempts: d.attempts,
            delivered_at: d.delivered_at.map(|t| t.to_string()),
            failed_at: d.failed_at.map(|t| t.to_string()),
            last_status: d.last_status,
            last_error: d.last_error,
        })
        .collect();
    json(&super::json::List::<DeliveryJson> { items, next: None })
}

#[derive(Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct CommentsQuery {
    /// `pending` (the default) | `approved` | `rejected` | `spam`.
    status: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CommentJson {
    pub id: i64,
    pub article_id: i64,
    pub article_title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<i64>,
    pub author_name: String,
    pub body: String,
    pub status: &'static str,
    pub created_at: String,
}

/// Comments in one state: pending ones oldest first (the queue), others newest first.
#[utoipa::path(get, path = "/api/v1/admin/comments", tag = "admin", params(CommentsQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The comments", body = super::json::List<CommentJson>),
        (status = 400, description = "No such state", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account does not moderate", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn comments(
    State(app): State<App>,
    Bearer(user): Bearer,
    crate::form::LenientQuery(q): crate::form::LenientQuery<CommentsQuery>,
) -> ApiResult {
    let status =
        nashir_app::comments::CommentStatus::parse(q.status.as_deref().unwrap_or("pending"))
            .ok_or_else(|| {
                Problem::new(StatusCode::BAD_REQUEST)
                    .detail("status: pending | approved | rejected | spam")
            })?;
    let list = app.moderation_list(&user, status, 200).await?;
    let items = list
        .comments
        .into_iter()
        .map(|q| CommentJson {
            id: q.comment.id,
            article_id: q.comment.article_id.0,
            article_title: q.article_title,
            parent_id: q.comment.parent_id,
            author_name: q.comment.author_name,
            body: q.comment.body,
            status: q.comment.status.as_str(),
            created_at: q.comment.created_at.to_string(),
        })
        .collect();
    json(&super::json::List::<CommentJson> { items, next: None })
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModerationIn {
    /// `approve` | `reject` | `spam` | `delete`.
    pub action: String,
}

/// A moderator's decision on one comment.
#[utoipa::path(post, path = "/api/v1/admin/comments/{id}", tag = "admin",
    params(("id" = i64, Path, description = "The comment's id")),
    request_body = ModerationIn,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Done"),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account does not moderate", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such comment (or already so)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No such action", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn moderate(
    State(app): State<App>,
    Bearer(user): Bearer,
    Path(id): Path<String>,
    bytes: Bytes,
) -> ApiResult {
    let id: i64 = id
        .parse()
        .map_err(|_| Problem::new(StatusCode::NOT_FOUND))?;
    let input: ModerationIn = body(&bytes)?;
    let action = nashir_app::comments::Moderation::parse(&input.action).ok_or_else(|| {
        Problem::new(StatusCode::UNPROCESSABLE_ENTITY)
            .detail("action: approve | reject | spam | delete")
    })?;
    if app.moderate_comments(&user, &[id], action).await? == 0 {
        return Err(Problem::new(StatusCode::NOT_FOUND));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Uploads an image (`multipart/form-data`: `file`, `alt`), with the newsroom's checks.
#[utoipa::path(post, path = "/api/v1/admin/media", tag = "admin",
    request_body(content_type = "multipart/form-data", description = "`file`: a JPEG, PNG or WebP; `alt`: its alternative text"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Stored", body = super::json::ImageJson),
        (status = 400, description = "No file", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account may not upload", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not an image we take", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn upload(
    State(app): State<App>,
    Bearer(user): Bearer,
    mut form: axum::extract::Multipart,
) -> ApiResult {
    let bad = || Problem::new(StatusCode::BAD_REQUEST);
    let (mut alt, mut file) = (String::new(), None);
    while let Some(field) = form.next_field().await.map_err(|_| bad())? {
        match field.name().unwrap_or("") {
            "alt" => alt = field.text().await.map_err(|_| bad())?,
            "file" => file = Some(field.bytes().await.map_err(|_| bad())?),
            _ => {}
        }
    }
    let bytes = file
        .filter(|b| !b.is_empty())
        .ok_or_else(|| bad().detail(Message::new("api-file")))?;
    use nashir_app::media::MediaError;
    let media = app
        .upload_image(&user, bytes.to_vec(), &alt)
        .await
        .map_err(|e| match e {
            MediaError::Forbidden => Problem::new(StatusCode::FORBIDDEN),
            MediaError::TooLarge { .. } | MediaError::TooManyPixels { .. } => {
                Problem::new(StatusCode::PAYLOAD_TOO_LARGE)
            }
            MediaError::Unsupported => Problem::new(StatusCode::UNSUPPORTED_MEDIA_TYPE),
            MediaError::Store(e) => e.into(),
            other => Problem::new(StatusCode::UNPROCESSABLE_ENTITY).detail(other.to_string()),
        })?;
    app.changed().await;
    let mut response = json(&super::json::ImageJson::from(&media))?;
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

/// The stories placed on a front.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontIn {
    /// The lead story's id (none: the sticky or newest one).
    #[serde(default)]
    pub lead: Option<i64>,
    /// The featured stories in order (at most six; `null` leaves a place open).
    #[serde(default)]
    pub slots: Vec<Option<i64>>,
}

async fn place(app: &App, user: &User, front: i64, bytes: &Bytes) -> ApiResult {
    let input: FrontIn = body(bytes)?;
    let places: Vec<Option<ArticleId>> = std::iter::once(input.lead)
        .chain(input.slots)
        .map(|id| id.map(ArticleId))
        .collect();
    app.place_stories(user, front, &places).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Places the home page's stories (editors).
#[utoipa::path(put, path = "/api/v1/admin/front", tag = "admin",
    request_body = FrontIn,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Placed; the front shows it at once"),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account does not curate the fronts", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A story that is not published, or twice", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn front(State(app): State<App>, Bearer(user): Bearer, bytes: Bytes) -> ApiResult {
    place(&app, &user, nashir_app::front::HOME_FRONT, &bytes).await
}

/// Places a section front's stories (editors).
#[utoipa::path(put, path = "/api/v1/admin/front/{section}", tag = "admin",
    params(("section" = String, Path, description = "The section's slug")),
    request_body = FrontIn,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Placed"),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account does not curate the fronts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such section", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A story that is not published, or twice", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn section_front(
    State(app): State<App>,
    Bearer(user): Bearer,
    Path(section): Path<String>,
    bytes: Bytes,
) -> ApiResult {
    let section = app
        .section(&section)
        .await?
        .ok_or(Problem::new(StatusCode::NOT_FOUND))?;
    place(&app, &user, section.id, &bytes).await
}

/// A live-coverage entry.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryIn {
    /// The update (plain text; a blank line between paragraphs).
    pub text: String,
    /// `text` (the default), `quote` or `image`.
    #[serde(default)]
    pub kind: Option<String>,
    /// Who said it (quotes).
    #[serde(default)]
    pub attribution: Option<String>,
    /// The picture's media id (images).
    #[serde(default)]
    pub media: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct EntryJson {
    pub id: i64,
}

/// Adds an entry to an article's open live coverage.
#[utoipa::path(post, path = "/api/v1/admin/articles/{id}/entries", tag = "admin",
    params(("id" = i64, Path, description = "The article's id")),
    request_body = EntryIn,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Added", body = EntryJson),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account may not publish this article", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such article", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No open coverage, or what is wrong with the entry", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_entry(
    State(app): State<App>,
    Bearer(user): Bearer,
    Path(id): Path<String>,
    bytes: Bytes,
) -> ApiResult {
    let id = article_id(&id)?;
    let input: EntryIn = body(&bytes)?;
    let form = nashir_app::live::EntryForm {
        kind: input.kind.unwrap_or_else(|| "text".into()),
        body: input.text,
        attribution: input.attribution.unwrap_or_default(),
        media: input.media,
    };
    let entry = app.add_live_entry(&user, id, &form).await?;
    let mut response = json(&EntryJson { id: entry })?;
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}
