//! The reader's forms under an article: add a comment, send the article to a friend.
//!
//! Each form has its own page, never cached (it carries a per-reader ticket; see
//! `nashir_app::forms`). A refused form comes back with what the reader typed and
//! a sentence saying why (in the edition's language), under the refusal's status
//! (400, 403 or 429).

use askama::Template;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use nashir_app::comments::CommentForm;
use nashir_app::forms::{FormError, FormGuard, MAX_FORM_AGE, Refusal};
use nashir_app::mail::FriendForm;
use nashir_app::{App, ArticlePage as Resolved};
use nashir_core::{Article, ArticleId};
use nashir_i18n::Language;
use nashir_i18n::Speaks as _;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::admin::{PeerAddress, cookie_value, cookie_with};
use crate::edition::Edition;
use crate::errors::WebError;
use crate::form::Form;
use crate::pages::{PageResult, moved_permanently};
use crate::views::{Chrome, MessagePage};

/// The cookie that holds the reader's form nonce.
const FORM_COOKIE: &str = "nashir_form";
/// Largest body a reader's form accepts: 5000 Arabic characters percent-encoded
/// are 30 KB.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// A reader's form as posted: the guard's fields around the form's own.
#[derive(Deserialize)]
pub struct Posted<F> {
    #[serde(default)]
    token: String,
    /// The honeypot, which people leave empty.
    #[serde(default)]
    website: String,
    #[serde(flatten)]
    fields: F,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct CommentFields {
    name: String,
    email: String,
    text: String,
    reply_to: String,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct FriendFields {
    name: String,
    to: String,
    note: String,
}

#[derive(Deserialize)]
pub struct ReplyQuery {
    reply: Option<String>,
}

struct ReplyView {
    id: i64,
    name: String,
    excerpt: String,
}

#[derive(Template)]
#[template(path = "comment_form.html")]
struct CommentFormPage {
    chrome: Chrome,
    title: String,
    href: String,
    token: String,
    error: Option<String>,
    name: String,
    email: String,
    text: String,
    reply: Option<ReplyView>,
    closed: bool,
}

#[derive(Template)]
#[template(path = "friend_form.html")]
struct FriendFormPage {
    chrome: Chrome,
    title: String,
    lead: String,
    href: String,
    token: String,
    error: Option<String>,
    name: String,
    to: String,
    note: String,
    available: bool,
}

/// The article a form page is for; a wrong slug redirects to the right one.
async fn form_article(
    app: &App,
    language: Language,
    path: Result<Path<(String, String)>, PathRejection>,
    suffix: &str,
) -> Result<Result<Article, Response>, WebError> {
    let Ok(Path((id, slug))) = path else {
        return Err(WebError::NotFound);
    };
    let id = id.parse::<i64>().map_err(|_| WebError::NotFound)?;
    match app
        .article_page(language, ArticleId(id), Some(&slug))
        .await?
    {
        Resolved::Show(article) => Ok(Ok(*article)),
        Resolved::Redirect(href) => Ok(Err(moved_permanently(&format!("{href}/{suffix}"))?)),
        Resolved::NotFound => Err(WebError::NotFound),
    }
}

/// The article a form was posted for, by id: a slug changed since is no reason
/// to lose what the reader wrote.
async fn posted_article(
    app: &App,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Article, WebError> {
    let Ok(Path((id, _))) = path else {
        return Err(WebError::NotFound);
    };
    let id = id.parse::<i64>().map_err(|_| WebError::NotFound)?;
    app.public_article(ArticleId(id))
        .await?
        .ok_or(WebError::NotFound)
}

/// A form page: private, never stored, with the reader's nonce cookie.
/// The nonce cookie goes only to the article pages of `article`'s edition.
fn private_page(
    app: &App,
    article: &Article,
    status: StatusCode,
    html: String,
    nonce: Option<&str>,
) -> PageResult {
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    if let Some(nonce) = nonce {
        let max_age = MAX_FORM_AGE.as_secs();
        headers.append(
            header::SET_COOKIE,
            cookie_with(
                app,
                FORM_COOKIE,
                nonce,
                max_age,
                &format!("Path=/{}/news; SameSite=Strict", article.language),
            ),
        );
    }
    Ok(response)
}

fn status_of(refusal: Option<&Refusal>) -> StatusCode {
    refusal
        .and_then(|r| StatusCode::from_u16(r.kind.status()).ok())
        .unwrap_or(StatusCode::OK)
}

/// What differs between the readers' forms; the flow around them is one.
trait ReaderForm: Sized + Send + Sync {
    /// The form's name in its ticket.
    const FORM: &'static str;
    /// The path after the article's: `/ar/news/{id}/{slug}/{SUFFIX}`.
    const SUFFIX: &'static str;
    /// The heading and sentence of the page that says it worked (catalog keys).
    const DONE: (&'static str, &'static str);

    /// The form's own fields as posted.
    type Fields: DeserializeOwned + Send;

    fn from_fields(fields: Self::Fields) -> Self;

    async fn submit(
        &self,
        app: &App,
        article: &Article,
        guard: &FormGuard<'_>,
    ) -> Result<(), FormError>;

    /// The form page, filled in with what was typed, saying why it was refused.
    async fn render(
        &self,
        app: &App,
        language: Language,
        article: &Article,
        token: String,
        error: Option<String>,
    ) -> Result<String, WebError>;
}

impl ReaderForm for CommentForm {
    const FORM: &'static str = "comment";
    const SUFFIX: &'static str = "comment";
    const DONE: (&'static str, &'static str) = ("comment-done-heading", "comment-done-text");

    type Fields = CommentFields;

    fn from_fields(fields: CommentFields) -> Self {
        CommentForm {
            name: fields.name,
            email: fields.email,
            text: fields.text,
            reply_to: fields.reply_to.parse().ok(),
        }
    }

    async fn submit(
        &self,
        app: &App,
        article: &Article,
        guard: &FormGuard<'_>,
    ) -> Result<(), FormError> {
        app.submit_comment(article, self, guard).await.map(|_| ())
    }

    async fn render(
        &self,
        app: &App,
        language: Language,
        article: &Article,
        token: String,
        error: Option<String>,
    ) -> Result<String, WebError> {
        let reply = match self.reply_to {
            Some(id) => app.reply_target(article.id, id).await?.map(|c| ReplyView {
                id: c.id,
                name: c.author_name,
                excerpt: c.body.chars().take(280).collect(),
            }),
            None => None,
        };
        let page = CommentFormPage {
            chrome: form_chrome(
                app,
                language,
                &language
                    .texts()
                    .arg("comment-form-page-title", "title", &article.title),
            )
            .await?,
            title: article.title.clone(),
            href: article.href(),
            token,
            error,
            name: self.name.clone(),
            email: self.email.clone(),
            text: self.text.clone(),
            reply,
            closed: !article.comments_open,
        };
        Ok(page.render()?)
    }
}

impl ReaderForm for FriendForm {
    const FORM: &'static str = "friend";
    const SUFFIX: &'static str = "send";
    const DONE: (&'static str, &'static str) = ("friend-done-heading", "friend-done-text");

    type Fields = FriendFields;

    fn from_fields(fields: FriendFields) -> Self {
        FriendForm {
            name: fields.name,
            to: fields.to,
            note: fields.note,
        }
    }

    async fn submit(
        &self,
        app: &App,
        article: &Article,
        guard: &FormGuard<'_>,
    ) -> Result<(), FormError> {
        app.send_to_friend(article, self, guard).await
    }

    async fn render(
        &self,
        app: &App,
        language: Language,
        article: &Article,
        token: String,
        error: Option<String>,
    ) -> Result<String, WebError> {
        let page = FriendFormPage {
            chrome: form_chrome(app, language, &language.texts().get("friend-form-heading"))
                .await?,
            title: article.title.clone(),
            lead: article.lead.clone(),
            href: article.href(),
            token,
            error,
            name: self.name.clone(),
            to: self.to.clone(),
            note: self.note.clone(),
            available: app.mail_available(),
        };
        Ok(page.render()?)
    }
}

/// A form page with a fresh ticket, under the refusal's status if there is one.
async fn show<F: ReaderForm>(
    app: &App,
    language: Language,
    headers: &HeaderMap,
    article: &Article,
    form: &F,
    refusal: Option<Refusal>,
) -> PageResult {
    let ticket = app
        .issue_form(F::FORM, article.id, cookie_value(headers, FORM_COOKIE))
        .await?;
    let status = status_of(refusal.as_ref());
    let error = refusal.map(|r| r.in_language(language));
    let html = form
        .render(app, language, article, ticket.token, error)
        .await?;
    private_page(app, article, status, html, Some(&ticket.nonce))
}

async fn open<F: ReaderForm>(
    app: &App,
    language: Language,
    headers: &HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
    form: F,
) -> PageResult {
    match form_article(app, language, path, F::SUFFIX).await? {
        Ok(article) => show(app, language, headers, &article, &form, None).await,
        Err(redirect) => Ok(redirect),
    }
}

async fn post<F: ReaderForm>(
    app: &App,
    language: Language,
    address: &str,
    headers: &HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
    posted: Posted<F::Fields>,
) -> PageResult {
    let article = posted_article(app, path).await?;
    let form = F::from_fields(posted.fields);
    let guard = FormGuard {
        token: &posted.token,
        cookie_nonce: cookie_value(headers, FORM_COOKIE),
        honeypot: &posted.website,
        address,
        language,
    };
    match form.submit(app, &article, &guard).await {
        Ok(()) => {
            let (heading, text) = F::DONE;
            let mut page = MessagePage::new(&app.site, language, heading, text);
            page.back_href = article.href();
            page.back_label = language.texts().get("back-to-article").into_owned();
            private_page(app, &article, StatusCode::OK, page.render()?, None)
        }
        Err(FormError::Refused(refusal)) => {
            show(app, language, headers, &article, &form, Some(refusal)).await
        }
        Err(FormError::Store(e)) => Err(e.into()),
    }
}

/// A form page's frame: the section menu, and kept out of search engines (two
/// per article, all alike).
async fn form_chrome(app: &App, language: Language, title: &str) -> Result<Chrome, WebError> {
    let mut chrome = Chrome::new(&app.site, language, Some(title))
        .with_site(app)
        .await?;
    chrome
        .meta
        .push(("robots".into(), "noindex, follow".into()));
    Ok(chrome)
}

pub async fn comment_form(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
    Query(query): Query<ReplyQuery>,
) -> PageResult {
    let form = CommentForm {
        reply_to: query.reply.and_then(|r| r.parse().ok()),
        ..CommentForm::default()
    };
    open(&app, language, &headers, path, form).await
}

pub async fn post_comment(
    State(app): State<App>,
    Edition(language): Edition,
    PeerAddress(address): PeerAddress,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
    Form(posted): Form<Posted<CommentFields>>,
) -> PageResult {
    post::<CommentForm>(&app, language, &address, &headers, path, posted).await
}

pub async fn friend_form(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
) -> PageResult {
    open(&app, language, &headers, path, FriendForm::default()).await
}

pub async fn post_friend(
    State(app): State<App>,
    Edition(language): Edition,
    PeerAddress(address): PeerAddress,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
    Form(posted): Form<Posted<FriendFields>>,
) -> PageResult {
    post::<FriendForm>(&app, language, &address, &headers, path, posted).await
}
