//! `/admin`: the newsroom. Each route is declared once in [`routes`] with the action
//! it needs, which a layer checks against `nashir_core::permissions` before the
//! handler runs; every state-changing form carries the session's CSRF token; pages
//! are private and never cached.

mod articles;
mod audit;
mod comments;
mod dashboard;
mod front;
mod live;
mod mail;
mod media;
mod redirects;
mod related;
mod rich_words;
mod sign_in;
mod static_pages;
mod taxonomy;
mod tokens;
mod users;
mod webhooks;

use std::net::SocketAddr;

use askama::Template;
use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{self, MethodRouter};
use nashir_app::App;
use nashir_app::accounts::Session;
use nashir_app::secrets;
use nashir_core::permissions::{Action, Role};
use nashir_i18n::{Language, Message, Speaks as _, Texts};
use serde::Deserialize;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::assets::{self, AssetUrls};
use crate::cache::SESSION_COOKIE;
use crate::errors::{UserLanguage, WebError};

/// The cookie that carries the sign-in form's CSRF token before there is a session.
const LOGIN_COOKIE: &str = "nashir_login";

/// One newsroom route: its method, path pattern, the permission it needs and
/// what answers it.
struct Route {
    method: &'static str,
    path: &'static str,
    action: Action,
    /// Uploads take the media body limit, not the forms' one.
    media_limit: bool,
    endpoint: MethodRouter<App>,
}

impl Route {
    fn new(
        method: &'static str,
        path: &'static str,
        action: Action,
        endpoint: MethodRouter<App>,
    ) -> Route {
        Route {
            method,
            path,
            action,
            media_limit: false,
            endpoint,
        }
    }

    fn media_limit(self) -> Route {
        Route {
            media_limit: true,
            ..self
        }
    }
}

fn get<H: Handler<T, App>, T: 'static>(path: &'static str, action: Action, handler: H) -> Route {
    Route::new("GET", path, action, routing::get(handler))
}

fn post<H: Handler<T, App>, T: 'static>(path: &'static str, action: Action, handler: H) -> Route {
    Route::new("POST", path, action, routing::post(handler))
}

/// Every newsroom route behind a permission: the router and the route test are
/// both made from this list, so they cannot disagree. Sign-in and sign-out, which
/// need none, are in [`router`].
#[rustfmt::skip]
fn routes() -> Vec<Route> {
    use Action::*;
    vec![
        get("/admin",                                           EnterNewsroom,    dashboard::dashboard),
        get("/admin/password",                                  EnterNewsroom,    sign_in::password_form),
        post("/admin/password",                                 EnterNewsroom,    sign_in::change_password),
        post("/admin/language",                                 EnterNewsroom,    sign_in::change_language),
        get("/admin/users",                                     ManageUsers,      users::users),
        post("/admin/users",                                    ManageUsers,      users::add_user),
        post("/admin/users/{id}/role",                          ManageUsers,      users::set_role),
        post("/admin/users/{id}/language",                      ManageUsers,      users::set_language),
        post("/admin/users/{id}/disable",                       ManageUsers,      users::disable_user),
        post("/admin/users/{id}/enable",                        ManageUsers,      users::enable_user),
        get("/admin/audit",                                     ViewAuditLog,     audit::audit),
        get("/admin/articles/new",                              WriteOwnDrafts,   articles::new_article),
        post("/admin/articles",                                 WriteOwnDrafts,   articles::create_article),
        get("/admin/articles/{id}",                             WriteOwnDrafts,   articles::edit_article),
        post("/admin/articles/{id}",                            WriteOwnDrafts,   articles::update_article),
        get("/admin/articles/{id}/revisions",                   WriteOwnDrafts,   articles::revisions),
        get("/admin/articles/{id}/revisions/{number}",          WriteOwnDrafts,   articles::revision),
        post("/admin/articles/{id}/revisions/{number}/restore", WriteOwnDrafts,   articles::restore),
        post("/admin/preview",                                  WriteOwnDrafts,   articles::preview),
        post("/admin/autosave",                                 WriteOwnDrafts,   articles::autosave),
        post("/admin/articles/{id}/editing",                    WriteOwnDrafts,   articles::editing),
        get("/admin/tokens",                                    EnterNewsroom,    tokens::list),
        post("/admin/tokens/{id}/revoke",                       EnterNewsroom,    tokens::revoke),
        get("/admin/review",                                    EditAny,          articles::review_queue),
        post("/admin/articles/{id}/return",                     EditAny,          articles::return_review),
        post("/admin/articles/{id}/delete",                     DeleteArticles,   articles::delete),
        get("/admin/articles/{id}/live",                        PublishOwn,       live::desk),
        post("/admin/articles/{id}/live",                       PublishOwn,       live::act),
        get("/admin/articles/{id}/related",                     WriteOwnDrafts,   related::desk),
        post("/admin/articles/{id}/related",                    WriteOwnDrafts,   related::act),
        get("/admin/trash",                                     DeleteArticles,   articles::trash),
        post("/admin/trash/{id}/restore",                       DeleteArticles,   articles::undelete),
        get("/admin/sections",                                  ManageSections,   taxonomy::sections),
        post("/admin/sections",                                 ManageSections,   taxonomy::save_section),
        get("/admin/tags",                                      ManageTags,       taxonomy::tags),
        post("/admin/tags",                                     ManageTags,       taxonomy::save_tag),
        get("/admin/authors",                                   ManageAuthors,    taxonomy::authors),
        post("/admin/authors",                                  ManageAuthors,    taxonomy::save_author),
        // The site's addresses, like its sections: editors.
        get("/admin/redirects",                                 ManageSections,   redirects::list),
        post("/admin/redirects",                                ManageSections,   redirects::add),
        post("/admin/redirects/delete",                         ManageSections,   redirects::delete),
        get("/admin/pages",                                     ManageSections,   static_pages::list),
        get("/admin/pages/new",                                 ManageSections,   static_pages::new_page),
        post("/admin/pages",                                    ManageSections,   static_pages::create),
        get("/admin/pages/{id}",                                ManageSections,   static_pages::edit_page),
        post("/admin/pages/{id}",                               ManageSections,   static_pages::update),
        post("/admin/pages/{id}/delete",                        ManageSections,   static_pages::delete),
        get("/admin/media",                                     UploadMedia,      media::list),
        post("/admin/media",                                    UploadMedia,      media::upload).media_limit(),
        post("/admin/media/{id}/alt",                           UploadMedia,      media::set_alt),
        get("/admin/comments",                                  ModerateComments, comments::list),
        post("/admin/comments",                                 ModerateComments, comments::moderate),
        post("/admin/articles/{id}/comments",                   ModerateComments, comments::set_open),
        get("/admin/mail",                                      ManageSettings,   mail::outbox),
        get("/admin/webhooks",                                  ManageSettings,   webhooks::list),
        post("/admin/webhooks",                                 ManageSettings,   webhooks::add),
        post("/admin/webhooks/{id}/disable",                    ManageSettings,   webhooks::disable),
        get("/admin/front",                                     CurateFronts,     front::front),
        post("/admin/front",                                    CurateFronts,     front::place),
        get("/admin/urgent",                                    CurateFronts,     front::urgent),
        post("/admin/urgent",                                   CurateFronts,     front::add_urgent),
        post("/admin/urgent/{id}/end",                          CurateFronts,     front::end_urgent),
    ]
}

/// Each route as (method, path, permission), its path's `{parameters}` filled
/// with 1, for a test to call every one of them with every role.
pub fn route_table() -> Vec<(&'static str, String, Action)> {
    routes()
        .into_iter()
        .map(|r| {
            let path: Vec<&str> = r
                .path
                .split('/')
                .map(|s| if s.starts_with('{') { "1" } else { s })
                .collect();
            (r.method, path.join("/"), r.action)
        })
        .collect()
}

/// The routes with (or without) the media body limit, each behind its
/// permission, with the newsroom's private headers.
fn guarded(app: &App, media_limit: bool) -> Router<App> {
    let mut router = Router::new();
    for r in routes()
        .into_iter()
        .filter(|r| r.media_limit == media_limit)
    {
        let permit = middleware::from_fn_with_state((app.clone(), r.action), permit);
        router = router.route(r.path, r.endpoint.route_layer(permit));
    }
    private(router)
}

/// The newsroom's pages and forms, sign-in and sign-out included.
pub fn router(app: &App) -> Router<App> {
    let sign_in = Router::new()
        .route(
            "/admin/login",
            routing::get(sign_in::login_form).post(sign_in::login),
        )
        .route("/admin/logout", routing::post(sign_in::logout));
    guarded(app, false).merge(private(sign_in))
}

/// The upload route, kept apart: its body limit is the media limit.
pub fn upload_router(app: &App) -> Router<App> {
    guarded(app, true)
}

/// Newsroom responses are for the signed-in user alone and never indexed.
fn private(router: Router<App>) -> Router<App> {
    router
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            axum::http::HeaderName::from_static("x-robots-tag"),
            HeaderValue::from_static("noindex"),
        ))
}

/// A route's permission, checked before its handler runs. Not signed in: the
/// sign-in form for a page, 403 for a form; signed in without it: 403. The session
/// found goes on to the handler's [`Signed`].
async fn permit(
    State((app, action)): State<(App, Action)>,
    request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let signed = match Signed::from_request_parts(&mut parts, &app).await {
        Ok(signed) => signed,
        Err(refused) => return refused,
    };
    let language = signed.language();
    let mut response = if signed.session.user.may(action) {
        parts.extensions.insert(signed);
        next.run(Request::from_parts(parts, body)).await
    } else {
        WebError::Forbidden.into_response()
    };
    // A page the user reads is in their language; a bare error status gets
    // the site's error page later, in their language too.
    if response.headers().contains_key(header::CONTENT_TYPE) {
        response.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(language.code()),
        );
    }
    response.extensions_mut().insert(UserLanguage(language));
    response
}

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
#[derive(Clone)]
pub struct Signed {
    pub session: Session,
    pub token: String,
}

impl Signed {
    /// The language the newsroom speaks to this user.
    pub fn language(&self) -> Language {
        self.session.user.language
    }

    /// This user's interface text.
    pub fn texts(&self) -> &'static Texts {
        self.language().texts()
    }

    /// A stored time's day, as this user's language writes dates.
    pub fn date(&self, app: &App, at: jiff::Timestamp) -> String {
        app.site.date_in(self.language(), at)
    }

    /// A stored time's hour and minute (`14:05`) for this user: Persian in
    /// Persian digits; Arabic in Western digits, as the newsroom always wrote
    /// it (not the site's digits, which are the reader's).
    pub fn clock(&self, app: &App, at: jiff::Timestamp) -> String {
        match self.language() {
            Language::Arabic => at
                .to_zoned_datetime(app.site.time_zone.clone())
                .strftime("%H:%M")
                .to_string(),
            language => app.site.time_of_day_in(language, at),
        }
    }

    /// A stored time as its day and its time (`… 14:05`), for this user.
    pub fn date_time(&self, app: &App, at: jiff::Timestamp) -> String {
        format!("{} {}", self.date(app, at), self.clock(app, at))
    }

    /// A use-case's refusals, in this user's words.
    pub fn say(&self, problems: &[Message]) -> Vec<String> {
        let t = self.texts();
        problems.iter().map(|m| t.message(m).into_owned()).collect()
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
        // Behind `permit`, the session it found: not looked up twice.
        if let Some(signed) = parts.extensions.remove::<Signed>() {
            return Ok(signed);
        }
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

/// The message naming a role in the newsroom.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Contributor => "nr-role-contributor",
        Role::Author => "nr-role-author",
        Role::Editor => "nr-role-editor",
        Role::Admin => "nr-role-admin",
    }
}

/// The languages the newsroom speaks, as (code, the language's own name) for
/// a choice: each named in itself, so anyone finds theirs.
pub fn language_choices() -> Vec<(&'static str, std::borrow::Cow<'static, str>)> {
    Language::ALL
        .iter()
        .map(|l| (l.code(), l.texts().get("language-name")))
        .collect()
}

/// The editions the site publishes, for a form's choice of one: (code, named
/// in itself, chosen); none on a site of one edition, whose forms ask nothing.
pub fn edition_choices(app: &App, chosen: Language) -> Vec<(&'static str, String, bool)> {
    match app.site.editions.as_slice() {
        [_] => Vec::new(),
        all => all
            .iter()
            .map(|e| {
                let name = e.language.texts().get("language-name").into_owned();
                (e.language.code(), name, e.language == chosen)
            })
            .collect(),
    }
}

/// What the admin frame shows of the signed-in user.
pub struct Me {
    pub name: String,
    pub role: std::borrow::Cow<'static, str>,
    pub csrf: String,
    pub can_users: bool,
    pub can_audit: bool,
    pub can_trash: bool,
    pub can_taxonomy: bool,
    pub can_media: bool,
    pub can_comments: bool,
    pub can_fronts: bool,
    pub can_review: bool,
    pub can_mail: bool,
}

impl Me {
    fn of(signed: &Signed) -> Me {
        let user = &signed.session.user;
        Me {
            name: user.name.clone(),
            role: signed.texts().get(role_label(user.role)),
            csrf: signed.session.csrf.clone(),
            can_users: user.may(Action::ManageUsers),
            can_audit: user.may(Action::ViewAuditLog),
            can_trash: user.may(Action::DeleteArticles),
            can_taxonomy: user.may(Action::ManageSections),
            can_media: user.may(Action::UploadMedia),
            can_comments: user.may(Action::ModerateComments),
            can_fronts: user.may(Action::CurateFronts),
            can_review: user.may(Action::EditAny),
            can_mail: user.may(Action::ManageSettings),
        }
    }
}

/// The admin page frame, in the language of whoever reads it.
pub struct Frame {
    pub t: &'static Texts,
    pub title: String,
    pub site_name: String,
    pub assets: AssetUrls,
    pub me: Option<Me>,
    pub notice: Option<String>,
    pub error: Option<String>,
}

impl Frame {
    /// A signed-in user's page; `title` is a message key.
    fn new(app: &App, title: &str, signed: &Signed) -> Frame {
        let mut frame = Frame::guest(app, signed.texts(), title);
        frame.me = Some(Me::of(signed));
        frame
    }

    /// A page for someone not signed in (the sign-in form), in `t`'s language.
    fn guest(app: &App, t: &'static Texts, title: &str) -> Frame {
        Frame {
            t,
            title: t.get(title).into_owned(),
            site_name: app.site.name.clone(),
            // The reader's asset set of the user's language: its fonts.
            assets: assets::urls_in(t.language()),
            me: None,
            notice: None,
            error: None,
        }
    }

    /// A notice, said in the page's language.
    fn notice(mut self, message: Option<Message>) -> Frame {
        self.notice = message.map(|m| self.t.message(&m).into_owned());
        self
    }

    /// An error, said in the page's language.
    fn error(mut self, message: Option<Message>) -> Frame {
        self.error = message.map(|m| self.t.message(&m).into_owned());
        self
    }
}

fn render(page: &impl Template) -> Result<Response, WebError> {
    Ok(Html(page.render()?).into_response())
}

fn render_with(status: StatusCode, page: &impl Template) -> Result<Response, WebError> {
    Ok((status, Html(page.render()?)).into_response())
}

/// A form that carries nothing but its CSRF token (a button).
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct CsrfOnly {
    pub csrf: String,
}

/// A newsroom button that does one thing to one item (`…/{id}/…`): its CSRF
/// token checked and the id read before `act`, then back to `back`.
async fn act_on(
    signed: &Signed,
    csrf: &str,
    id: &str,
    back: &str,
    act: impl AsyncFnOnce(i64) -> Result<(), nashir_app::editor::EditError>,
) -> Result<Response, WebError> {
    signed.check_csrf(csrf)?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    act(id).await?;
    Ok(Redirect::to(back).into_response())
}
