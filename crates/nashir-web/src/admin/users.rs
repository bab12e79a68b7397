//! Accounts: the list, a new account, roles, disabling and enabling (admins).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_app::accounts::AccountError;
use nashir_core::permissions::Role;
use serde::Deserialize;

use super::{Frame, Signed, render_with};
use crate::errors::WebError;
use crate::form::Form;

type PageResult = Result<Response, WebError>;
use super::CsrfOnly;

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
        .users(&signed.session.user)
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

/// The id of the user a user action is for.
fn user_id(id: &str) -> Result<i64, WebError> {
    id.parse().map_err(|_| WebError::NotFound)
}

pub async fn set_role(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<RoleForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let id = user_id(&id)?;
    let role = Role::parse(&form.role).ok_or(WebError::BadRequest)?;
    app.set_user_role(&signed.session.user, id, role).await?;
    Ok(Redirect::to("/admin/users").into_response())
}

async fn set_disabled(
    app: App,
    signed: Signed,
    id: String,
    csrf: String,
    disabled: bool,
) -> PageResult {
    signed.check_csrf(&csrf)?;
    let id = user_id(&id)?;
    app.set_user_disabled(&signed.session.user, id, disabled)
        .await?;
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
