//! Newsroom pages: sign-in, dashboard, password, users, audit log.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_app::accounts::AccountError;
use nashir_app::secrets;
use nashir_core::permissions::{Action, Role};
use serde::Deserialize;

use super::{Frame, LOGIN_COOKIE, PeerAddress, Signed, cookie, cookie_value, render, render_with};
use crate::cache::SESSION_COOKIE;
use crate::errors::WebError;

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
    form: Result<Form<LoginForm>, axum::extract::rejection::FormRejection>,
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

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
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

pub struct ArticleRow {
    title: String,
    href: String,
    section: String,
    status: &'static str,
    updated: String,
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct Dashboard {
    frame: Frame,
    articles: Vec<ArticleRow>,
}

pub async fn dashboard(State(app): State<App>, signed: Signed) -> PageResult {
    signed.require(Action::EnterNewsroom)?;
    let user = &signed.session.user;
    // Editors see every article; others see their own.
    let owner = (!user.may(Action::EditAny)).then_some(user.id);
    let articles = app
        .store
        .newsroom_articles(owner, 100)
        .await?
        .into_iter()
        .map(|(s, status)| ArticleRow {
            href: format!("/admin/articles/{}", s.id),
            title: s.title,
            section: s.section.name,
            status: super::articles::status_label(status),
            updated: app.site.date(s.updated_at),
        })
        .collect();
    render(&Dashboard {
        frame: Frame::new(&app, "الأخبار", Some(&signed)),
        articles,
    })
}

#[derive(Template)]
#[template(path = "admin/password.html")]
struct PasswordPage {
    frame: Frame,
    csrf: String,
}

pub async fn password_form(State(app): State<App>, signed: Signed) -> PageResult {
    signed.require(Action::EnterNewsroom)?;
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
    signed.require(Action::EnterNewsroom)?;
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

pub struct UserRow {
    id: i64,
    name: String,
    email: String,
    role: &'static str,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    frame: Frame,
    csrf: String,
    users: Vec<UserRow>,
    roles: Vec<(&'static str, &'static str)>,
    new_password: Option<String>,
}

async fn users_page(
    app: &App,
    signed: &Signed,
    status: StatusCode,
    notice: Option<String>,
    error: Option<String>,
    new_password: Option<String>,
) -> PageResult {
    let users = app
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            name: u.name,
            email: u.email,
            role: u.role.as_str(),
            disabled: u.disabled,
        })
        .collect();
    let mut frame = Frame::new(app, "المستخدمون", Some(signed));
    frame.notice = notice;
    frame.error = error;
    render_with(
        status,
        &UsersPage {
            frame,
            csrf: signed.session.csrf.clone(),
            users,
            roles: Role::ALL.iter().map(|r| (r.as_str(), r.label())).collect(),
            new_password,
        },
    )
}

pub async fn users(State(app): State<App>, signed: Signed) -> PageResult {
    signed.require(Action::ManageUsers)?;
    users_page(&app, &signed, StatusCode::OK, None, None, None).await
}

#[derive(Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

pub async fn add_user(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<NewUserForm>,
) -> PageResult {
    signed.require(Action::ManageUsers)?;
    signed.check_csrf(&form.csrf)?;
    let Some(role) = Role::parse(&form.role) else {
        let error = Some("دور غير معروف.".into());
        return users_page(&app, &signed, StatusCode::BAD_REQUEST, None, error, None).await;
    };
    match app.add_user(&form.email, &form.name, role, None).await {
        Ok((user, password)) => {
            app.audit(
                Some(&signed.session.user),
                "user-add",
                &format!("{} ({})", user.email, role.as_str()),
            )
            .await;
            let notice = Some(format!("أُنشئ حساب {}.", user.name));
            users_page(&app, &signed, StatusCode::OK, notice, None, password).await
        }
        Err(AccountError::Store(e)) => Err(e.into()),
        Err(e) => {
            let error = Some(match e {
                AccountError::Taken => "يوجد حساب بهذا البريد الإلكتروني.".to_string(),
                AccountError::BadEmail(_) => "البريد الإلكتروني غير صالح.".to_string(),
                AccountError::BadName => "الاسم مطلوب (80 حرفاً على الأكثر).".to_string(),
                other => other.to_string(),
            });
            users_page(&app, &signed, StatusCode::BAD_REQUEST, None, error, None).await
        }
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    role: String,
}

/// The target user of a user action; an admin cannot lock themselves out.
async fn target_user(
    app: &App,
    signed: &Signed,
    id: &str,
) -> Result<nashir_app::accounts::User, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let user = app.store.user(id).await?.ok_or(WebError::NotFound)?;
    if user.id == signed.session.user.id {
        return Err(WebError::Forbidden);
    }
    Ok(user)
}

pub async fn set_role(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<RoleForm>,
) -> PageResult {
    signed.require(Action::ManageUsers)?;
    signed.check_csrf(&form.csrf)?;
    let user = target_user(&app, &signed, &id).await?;
    let role = Role::parse(&form.role).ok_or(WebError::BadRequest)?;
    app.store.set_user_role(user.id, role).await?;
    app.audit(
        Some(&signed.session.user),
        "role-change",
        &format!("{}: {} → {}", user.email, user.role.as_str(), role.as_str()),
    )
    .await;
    Ok(Redirect::to("/admin/users").into_response())
}

async fn set_disabled(
    app: App,
    signed: Signed,
    id: String,
    csrf: String,
    disabled: bool,
) -> PageResult {
    signed.require(Action::ManageUsers)?;
    signed.check_csrf(&csrf)?;
    let user = target_user(&app, &signed, &id).await?;
    app.store.set_user_disabled(user.id, disabled).await?;
    let action = if disabled {
        "user-disable"
    } else {
        "user-enable"
    };
    app.audit(Some(&signed.session.user), action, &user.email)
        .await;
    Ok(Redirect::to("/admin/users").into_response())
}

pub async fn disable_user(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> PageResult {
    set_disabled(app, signed, id, form.csrf, true).await
}

pub async fn enable_user(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> PageResult {
    set_disabled(app, signed, id, form.csrf, false).await
}

pub struct AuditRow {
    iso: String,
    when: String,
    who: String,
    action: String,
    target: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    frame: Frame,
    entries: Vec<AuditRow>,
}

pub async fn audit(State(app): State<App>, signed: Signed) -> PageResult {
    signed.require(Action::ViewAuditLog)?;
    let entries = app
        .store
        .audit_log(200)
        .await?
        .into_iter()
        .map(|e| AuditRow {
            iso: e.at.to_string(),
            when: format!(
                "{} {}",
                app.site.date(e.at),
                e.at.to_zoned_datetime(app.site.time_zone.clone())
                    .strftime("%H:%M")
            ),
            who: e.user_name.unwrap_or_else(|| "سطر الأوامر".into()),
            action: e.action,
            target: e.target,
        })
        .collect();
    render(&AuditPage {
        frame: Frame::new(&app, "سجل العمليات", Some(&signed)),
        entries,
    })
}
