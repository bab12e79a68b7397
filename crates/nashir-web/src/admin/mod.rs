//! `/admin`: the newsroom. Every route checks its permission from the one table in
//! `nashir_core::permissions`; every state-changing form carries the session's CSRF
//! token; pages are private and never cached.

mod articles;
mod audit;
mod comments;
mod dashboard;
mod mail;
mod media;
mod sign_in;
mod taxonomy;
mod users;

use std::net::SocketAddr;

use askama::Template;
use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use nashir_app::App;
use nashir_app::accounts::Session;
use nashir_app::secrets;
use nashir_core::permissions::Action;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::assets::{self, AssetUrls};
use crate::cache::SESSION_COOKIE;
use crate::errors::WebError;

/// The cookie that carries the sign-in form's CSRF token before there is a session.
const LOGIN_COOKIE: &str = "nashir_login";

/// The upload route, kept apart: its body limit is the media limit, not the forms' one.
pub fn upload_router() -> Router<App> {
    Router::new()
        .route("/admin/media", post(media::upload))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        ))
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/admin", get(dashboard::dashboard))
        .route(
            "/admin/login",
            get(sign_in::login_form).post(sign_in::login),
        )
        .route("/admin/logout", post(sign_in::logout))
        .route(
            "/admin/password",
            get(sign_in::password_form).post(sign_in::change_password),
        )
        .route("/admin/users", get(users::users).post(users::add_user))
        .route("/admin/users/{id}/role", post(users::set_role))
        .route("/admin/users/{id}/disable", post(users::disable_user))
        .route("/admin/users/{id}/enable", post(users::enable_user))
        .route("/admin/audit", get(audit::audit))
        .route("/admin/articles", post(articles::create_article))
        .route("/admin/articles/new", get(articles::new_article))
        .route(
            "/admin/articles/{id}",
            get(articles::edit_article).post(articles::update_article),
        )
        .route("/admin/articles/{id}/revisions", get(articles::revisions))
        .route(
            "/admin/articles/{id}/revisions/{number}",
            get(articles::revision),
        )
        .route(
            "/admin/articles/{id}/revisions/{number}/restore",
            post(articles::restore),
        )
        .route("/admin/preview", post(articles::preview))
        .route("/admin/autosave", post(articles::autosave))
        .route("/admin/articles/{id}/delete", post(articles::delete))
        .route("/admin/trash", get(articles::trash))
        .route(
            "/admin/sections",
            get(taxonomy::sections).post(taxonomy::save_section),
        )
        .route("/admin/tags", get(taxonomy::tags).post(taxonomy::save_tag))
        .route(
            "/admin/authors",
            get(taxonomy::authors).post(taxonomy::save_author),
        )
        .route("/admin/media", get(media::list))
        .route("/admin/media/{id}/alt", post(media::set_alt))
        .route("/admin/trash/{id}/restore", post(articles::undelete))
        .route(
            "/admin/comments",
            get(comments::list).post(comments::moderate),
        )
        .route("/admin/articles/{id}/comments", post(comments::set_open))
        .route("/admin/mail", get(mail::outbox))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            axum::http::HeaderName::from_static("x-robots-tag"),
            HeaderValue::from_static("noindex"),
        ))
}

/// Which routes need which permission: the router above and this table must agree,
/// and a test walks this table with every role.
pub const ROUTES: &[(&str, &str, Action)] = &[
    ("GET", "/admin", Action::EnterNewsroom),
    ("GET", "/admin/password", Action::EnterNewsroom),
    ("POST", "/admin/password", Action::EnterNewsroom),
    ("GET", "/admin/users", Action::ManageUsers),
    ("POST", "/admin/users", Action::ManageUsers),
    ("POST", "/admin/users/1/role", Action::ManageUsers),
    ("POST", "/admin/users/1/disable", Action::ManageUsers),
    ("POST", "/admin/users/1/enable", Action::ManageUsers),
    ("GET", "/admin/audit", Action::ViewAuditLog),
    ("GET", "/admin/articles/new", Action::WriteOwnDrafts),
    ("POST", "/admin/articles", Action::WriteOwnDrafts),
    ("GET", "/admin/articles/1", Action::WriteOwnDrafts),
    ("POST", "/admin/articles/1", Action::WriteOwnDrafts),
    ("GET", "/admin/articles/1/revisions", Action::WriteOwnDrafts),
    (
        "GET",
        "/admin/articles/1/revisions/1",
        Action::WriteOwnDrafts,
    ),
    (
        "POST",
        "/admin/articles/1/revisions/1/restore",
        Action::WriteOwnDrafts,
    ),
    ("POST", "/admin/preview", Action::WriteOwnDrafts),
    ("POST", "/admin/autosave", Action::WriteOwnDrafts),
    ("POST", "/admin/articles/1/delete", Action::DeleteArticles),
    ("GET", "/admin/trash", Action::DeleteArticles),
    ("POST", "/admin/trash/1/restore", Action::DeleteArticles),
    ("GET", "/admin/sections", Action::ManageSections),
    ("POST", "/admin/sections", Action::ManageSections),
    ("GET", "/admin/tags", Action::ManageTags),
    ("POST", "/admin/tags", Action::ManageTags),
    ("GET", "/admin/authors", Action::ManageAuthors),
    ("POST", "/admin/authors", Action::ManageAuthors),
    ("GET", "/admin/media", Action::UploadMedia),
    ("POST", "/admin/media/1/alt", Action::UploadMedia),
    ("GET", "/admin/comments", Action::ModerateComments),
    ("POST", "/admin/comments", Action::ModerateComments),
    (
        "POST",
        "/admin/articles/1/comments",
        Action::ModerateComments,
    ),
    ("GET", "/admin/mail", Action::ManageSettings),
];

pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `Set-Cookie` for our cookies: HttpOnly, SameSite=Lax, Secure behind HTTPS.
fn cookie(app: &App, name: &str, value: &str, max_age: i64) -> HeaderValue {
    cookie_with(app, name, value, max_age, "Path=/; SameSite=Lax")
}

/// `Set-Cookie` with the path and SameSite given: HttpOnly, Secure behind HTTPS.
pub(crate) fn cookie_with(
    app: &App,
    name: &str,
    value: &str,
    max_age: i64,
    scope: &str,
) -> HeaderValue {
    let secure = app
        .site
        .base_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    let value = format!(
        "{name}={value}; {scope}; HttpOnly; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static(""))
}

/// The signed-in user of a newsroom request.
pub struct Signed {
    pub session: Session,
    pub token: String,
}

impl Signed {
    /// Allowed, or a 403 page.
    pub fn require(&self, action: Action) -> Result<(), WebError> {
        if self.session.user.may(action) {
            Ok(())
        } else {
            Err(WebError::Forbidden)
        }
    }

    /// The form's CSRF token must be this session's.
    pub fn check_csrf(&self, token: &str) -> Result<(), WebError> {
        if secrets::same(token, &self.session.csrf) {
            Ok(())
        } else {
            Err(WebError::Forbidden)
        }
    }
}

impl FromRequestParts<App> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let token = cookie_value(&parts.headers, SESSION_COOKIE)
            .unwrap_or("")
            .to_string();
        match app.session(&token).await {
            Ok(Some(session)) => Ok(Signed { session, token }),
            // Reading pages sends a stranger to the sign-in form; writing is refused.
            Ok(None) if parts.method == Method::GET => {
                Err(Redirect::to("/admin/login").into_response())
            }
            Ok(None) => Err(WebError::Forbidden.into_response()),
            Err(e) => Err(WebError::from(e).into_response()),
        }
    }
}

/// The reader's address, for sign-in throttling: the connection's, or behind a
/// trusted proxy the last `X-Forwarded-For` entry (the one our proxy added; earlier
/// entries are the client's to forge). "unknown" where there is neither.
pub struct PeerAddress(pub String);

impl FromRequestParts<App> for PeerAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let forwarded = app.site.behind_proxy.then(|| {
            parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(|a| a.trim().parse::<std::net::IpAddr>().ok())
        });
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(PeerAddress(
            forwarded
                .flatten()
                .or(peer)
                .map(|a| a.to_string())
                .unwrap_or_else(|| "unknown".into()),
        ))
    }
}

/// What the admin frame shows of the signed-in user.
pub struct Me {
    pub name: String,
    pub role: &'static str,
    pub csrf: String,
    pub can_users: bool,
    pub can_audit: bool,
    pub can_trash: bool,
    pub can_taxonomy: bool,
    pub can_media: bool,
    pub can_comments: bool,
    pub can_mail: bool,
}

impl Me {
    fn of(signed: &Signed) -> Me {
        let user = &signed.session.user;
        Me {
            name: user.name.clone(),
            role: user.role.label(),
            csrf: signed.session.csrf.clone(),
            can_users: user.may(Action::ManageUsers),
            can_audit: user.may(Action::ViewAuditLog),
            can_trash: user.may(Action::DeleteArticles),
            can_taxonomy: user.may(Action::ManageSections),
            can_media: user.may(Action::UploadMedia),
            can_comments: user.may(Action::ModerateComments),
            can_mail: user.may(Action::ManageSettings),
        }
    }
}

/// The admin page frame.
pub struct Frame {
    pub title: String,
    pub site_name: String,
    pub assets: AssetUrls,
    pub me: Option<Me>,
    pub notice: Option<String>,
    pub error: Option<String>,
}

impl Frame {
    fn new(app: &App, title: &str, signed: Option<&Signed>) -> Frame {
        Frame {
            title: title.into(),
            site_name: app.site.name.clone(),
            assets: assets::urls(),
            me: signed.map(Me::of),
            notice: None,
            error: None,
        }
    }
}

fn render(page: &impl Template) -> Result<Response, WebError> {
    Ok(Html(page.render()?).into_response())
}

fn render_with(status: StatusCode, page: &impl Template) -> Result<Response, WebError> {
    Ok((status, Html(page.render()?)).into_response())
}
