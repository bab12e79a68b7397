//! Signing in and out, and changing one's password.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_app::accounts::AccountError;
use nashir_app::secrets;
use serde::Deserialize;

use super::{
    CsrfOnly, Frame, LOGIN_COOKIE, PeerAddress, Signed, cookie, cookie_value, render, render_with,
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

/// The sign-in form sets a fresh CSRF cookie the form must echo back.
pub async fn login_form(State(app): State<App>) -> PageResult {
    login_page(&app, StatusCode::OK, "", None)
}

fn login_page(app: &App, status: StatusCode, email: &str, error: Option<String>) -> PageResult {
    let csrf = secrets::random_token().map_err(WebError::Internal)?;
    let mut frame = Frame::new(app, "الدخول", None);
    frame.error = error;
    let mut response = render_with(
        status,
        &LoginPage {
            frame,
            csrf: csrf.clone(),
            email: email.chars().take(254).collect(),
        },
    )?;
    response
        .headers_mut()
        .append(header::SET_COOKIE, cookie(app, LOGIN_COOKIE, &csrf, 3600));
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
    let Ok(Form(form)) = form else {
        return login_page(
            &app,
            StatusCode::BAD_REQUEST,
            "",
            Some("تعذّر قراءة النموذج.".into()),
        );
    };
    let expected = cookie_value(&headers, LOGIN_COOKIE).unwrap_or("");
    if expected.is_empty() || !secrets::same(&form.csrf, expected) {
        return login_page(
            &app,
            StatusCode::FORBIDDEN,
            &form.email,
            Some("انتهت صلاحية النموذج. أعد المحاولة.".into()),
        );
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
            StatusCode::TOO_MANY_REQUESTS,
            &form.email,
            Some(format!(
                "محاولات فاشلة كثيرة. حاول مجدداً بعد {minutes} دقيقة."
            )),
        ),
        Err(AccountError::InvalidCredentials) => login_page(
            &app,
            StatusCode::UNAUTHORIZED,
            &form.email,
            Some("البريد الإلكتروني أو كلمة المرور غير صحيحة.".into()),
        ),
        Err(AccountError::Busy(_)) => {
            let mut page = login_page(
                &app,
                StatusCode::SERVICE_UNAVAILABLE,
                &form.email,
                Some("الخادم مشغول بطلبات دخول كثيرة. أعد المحاولة بعد ثوانٍ.".into()),
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
}

pub async fn password_form(State(app): State<App>, signed: Signed) -> PageResult {
    render(&PasswordPage {
        frame: Frame::new(&app, "كلمة المرور", Some(&signed)),
        csrf: signed.session.csrf.clone(),
    })
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
    let mut frame = Frame::new(&app, "كلمة المرور", Some(&signed));
    let status = match app
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
        Err(AccountError::InvalidCredentials) => {
            frame.error = Some("كلمة المرور الحالية غير صحيحة.".into());
            StatusCode::UNAUTHORIZED
        }
        Err(AccountError::WeakPassword) => {
            frame.error = Some("يجب أن تتكون كلمة المرور الجديدة من عشرة أحرف على الأقل.".into());
            StatusCode::BAD_REQUEST
        }
        Err(AccountError::Busy(_)) => {
            frame.error = Some("الخادم مشغول. أعد المحاولة بعد ثوانٍ.".into());
            StatusCode::SERVICE_UNAVAILABLE
        }
        Err(AccountError::Store(e)) => return Err(e.into()),
        Err(e) => return Err(WebError::Internal(e.to_string())),
    };
    render_with(
        status,
        &PasswordPage {
            frame,
            csrf: signed.session.csrf.clone(),
        },
    )
}
