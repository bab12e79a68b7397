//! Accounts: the list, a new account, roles, languages, disabling and enabling
//! (admins).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_app::accounts::AccountError;
use nashir_core::permissions::Role;
use nashir_i18n::Message;
use serde::Deserialize;

use super::sign_in::LanguageForm;
use super::{Frame, Signed, language_choices, render_with, role_label};
use crate::errors::WebError;
use crate::form::Form;

type PageResult = Result<Response, WebError>;
use super::CsrfOnly;

pub struct UserRow {
    id: i64,
    name: String,
    email: String,
    role: &'static str,
    language: &'static str,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    frame: Frame,
    csrf: String,
    users: Vec<UserRow>,
    /// (value, message key)
    roles: Vec<(&'static str, &'static str)>,
    languages: Vec<(&'static str, std::borrow::Cow<'static, str>)>,
    new_password: Option<String>,
}

async fn users_page(
    app: &App,
    signed: &Signed,
    status: StatusCode,
    notice: Option<Message>,
    error: Option<Message>,
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
            language: u.language.code(),
            disabled: u.disabled,
        })
        .collect();
    let frame = Frame::new(app, "nr-nav-users", signed)
        .notice(notice)
        .error(error);
    render_with(
        status,
        &UsersPage {
            frame,
            csrf: signed.session.csrf.clone(),
            users,
            roles: Role::ALL
                .iter()
                .map(|r| (r.as_str(), role_label(*r)))
                .collect(),
            languages: language_choices(),
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
        let error = Some("nr-users-unknown-role".into());
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
            let notice = Some(Message::new("nr-users-created").with("name", user.name));
            users_page(&app, &signed, StatusCode::OK, notice, None, password).await
        }
        Err(AccountError::Store(e)) => Err(e.into()),
        Err(e) => {
            let error = Some(match e {
                AccountError::Taken => "nr-users-taken".into(),
                AccountError::BadEmail(_) => "nr-users-bad-email".into(),
                AccountError::BadName => "nr-users-bad-name".into(),
                // Nothing the form can cause: said as the use-case says it.
                other => Message::new("nr-users-refused").with("reason", other.to_string()),
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

/// Another user's newsroom language (admins; one's own is on the account page).
pub async fn set_language(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<LanguageForm>,
) -> PageResult {
    signed.check_csrf(form.csrf())?;
    let id = user_id(&id)?;
    app.set_user_language(&signed.session.user, id, form.language()?)
        .await?;
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
