//! Signing in and out, and one's own account: password and language.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_app::accounts::AccountError;
use nashir_app::secrets;
use nashir_i18n::{Language, Message, Speaks as _, Texts};
use serde::Deserialize;

use super::{
    CsrfOnly, Frame, LOGIN_COOKIE, PeerAddress, Signed, cookie, cookie_value, language_choices,
    render, render_with,
};
use crate::cache::SESSION_COOKIE;
use crate::errors::WebError;
use crate::form::Form;

type PageResult = Result<Response, WebError>;

#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage {
    frame: Frame,
    csrf: String,
    email: String,
}

/// Before anyone signs in, the language the browser asks for.
fn asked_language(headers: &HeaderMap) -> &'static Texts {
    let header = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    nashir_i18n::negotiate(header).texts()
}

/// The sign-in form sets a fresh CSRF cookie the form must echo back.
pub async fn login_form(State(app): State<App>, headers: HeaderMap) -> PageResult {
    login_page(&app, asked_language(&headers), StatusCode::OK, "", None)
}

fn login_page(
    app: &App,
    t: &'static Texts,
    status: StatusCode,
    email: &str,
    error: Option<Message>,
) -> PageResult {
    let csrf = secrets::random_token().map_err(WebError::Internal)?;
    let frame = Frame::guest(app, t, "nr-login-title").error(error);
    let mut response = render_with(
        status,
        &LoginPage {
            frame,
            csrf: csrf.clone(),
            email: email.chars().take(254).collect(),
        },
    )?;
    let headers = response.headers_mut();
    headers.append(header::SET_COOKIE, cookie(app, LOGIN_COOKIE, &csrf, 3600));
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(t.lang()));
    // The page's language follows the request's Accept-Language.
    headers.insert(header::VARY, HeaderValue::from_static("accept-language"));
    Ok(response)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

pub async fn login(
    State(app): State<App>,
    headers: HeaderMap,
    PeerAddress(address): PeerAddress,
    form: Result<Form<LoginForm>, WebError>,
) -> PageResult {
    let t = asked_language(&headers);
    let Ok(Form(form)) = form else {
        let error = Some("nr-login-unreadable".into());
        return login_page(&app, t, StatusCode::BAD_REQUEST, "", error);
    };
    let expected = cookie_value(&headers, LOGIN_COOKIE).unwrap_or("");
    if expected.is_empty() || !secrets::same(&form.csrf, expected) {
        let error = Some("nr-login-expired".into());
        return login_page(&app, t, StatusCode::FORBIDDEN, &form.email, error);
    }
    match app.sign_in(&form.email, &form.password, &address).await {
        Ok((token, _)) => {
            let mut response = Redirect::to("/admin").into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                cookie(
                    &app,
                    SESSION_COOKIE,
                    &token,
                    nashir_app::accounts::SESSION_DAYS * 86_400,
                ),
            );
            response
                .headers_mut()
                .append(header::SET_COOKIE, cookie(&app, LOGIN_COOKIE, "", 0));
            Ok(response)
        }
        Err(AccountError::Throttled { minutes }) => login_page(
            &app,
            t,
            StatusCode::TOO_MANY_REQUESTS,
            &form.email,
            Some(Message::new("nr-login-throttled").with("minutes", minutes)),
        ),
        Err(AccountError::InvalidCredentials) => login_page(
            &app,
            t,
            StatusCode::UNAUTHORIZED,
            &form.email,
            Some("nr-login-wrong".into()),
        ),
        Err(AccountError::Busy(_)) => {
            let mut page = login_page(
                &app,
                t,
                StatusCode::SERVICE_UNAVAILABLE,
                &form.email,
                Some("nr-login-busy".into()),
            )?;
            page.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            Ok(page)
        }
        Err(AccountError::Store(e)) => Err(e.into()),
        Err(e) => Err(WebError::Internal(e.to_string())),
    }
}

pub async fn logout(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<CsrfOnly>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    app.sign_out(&signed.token).await?;
    let mut response = Redirect::to("/admin/login").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, cookie(&app, SESSION_COOKIE, "", 0));
    Ok(response)
}

#[derive(Template)]
#[template(path = "admin/password.html")]
struct PasswordPage {
    frame: Frame,
    csrf: String,
    languages: Vec<(&'static str, std::borrow::Cow<'static, str>)>,
}

impl PasswordPage {
    fn new(frame: Frame, signed: &Signed) -> PasswordPage {
        PasswordPage {
            frame,
            csrf: signed.session.csrf.clone(),
            languages: language_choices(),
        }
    }
}

pub async fn password_form(State(app): State<App>, signed: Signed) -> PageResult {
    let frame = Frame::new(&app, "nr-nav-password", &signed);
    render(&PasswordPage::new(frame, &signed))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
}

pub async fn change_password(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<PasswordForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let (status, error) = match app
        .change_password(&signed.session.user, &form.current, &form.new)
        .await
    {
        Ok(()) => {
            // Every session ended, this one too: sign in again with the new password.
            let mut response = Redirect::to("/admin/login").into_response();
            response
                .headers_mut()
                .append(header::SET_COOKIE, cookie(&app, SESSION_COOKIE, "", 0));
            return Ok(response);
        }
        Err(AccountError::InvalidCredentials) => (StatusCode::UNAUTHORIZED, "nr-password-wrong"),
        Err(AccountError::WeakPassword) => (StatusCode::BAD_REQUEST, "nr-password-weak"),
        Err(AccountError::Busy(_)) => (StatusCode::SERVICE_UNAVAILABLE, "nr-password-busy"),
        Err(AccountError::Store(e)) => return Err(e.into()),
        Err(e) => return Err(WebError::Internal(e.to_string())),
    };
    let frame = Frame::new(&app, "nr-nav-password", &signed).error(Some(error.into()));
    render_with(status, &PasswordPage::new(frame, &signed))
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    language: String,
}

impl LanguageForm {
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    /// The language chosen: one of ours, or a request no form of ours sends.
    pub fn language(&self) -> Result<Language, WebError> {
        Language::from_code(&self.language).ok_or(WebError::BadRequest)
    }
}

/// One's own newsroom language; the account page comes back in it.
pub async fn change_language(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<LanguageForm>,
) -> PageResult {
    signed.check_csrf(form.csrf())?;
    let user = &signed.session.user;
    app.set_user_language(user, user.id, form.language()?)
        .await?;
    Ok(Redirect::to("/admin/password").into_response())
}
