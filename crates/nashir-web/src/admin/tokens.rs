//! API tokens in the newsroom: one's own (everyone's for admins), and revoking
//! them. They are made with `nashir token add` and shown once there.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use nashir_app::App;

use super::{CsrfOnly, Frame, Signed, act_on, render};
use crate::errors::WebError;
use crate::form::Form;

type PageResult = Result<Response, WebError>;

#[derive(Template)]
#[template(path = "admin/tokens.html")]
struct TokensPage {
    frame: Frame,
    csrf: String,
    /// (id, account, name, made, last used, live)
    tokens: Vec<(i64, String, String, String, String, bool)>,
}

pub async fn list(State(app): State<App>, signed: Signed) -> PageResult {
    let tokens = app
        .tokens(&signed.session.user)
        .await?
        .into_iter()
        .map(|t| {
            (
                t.id,
                t.user_name,
                t.name,
                signed.date(&app, t.created_at),
                t.last_used_at
                    .map(|at| signed.date(&app, at))
                    .unwrap_or_default(),
                t.revoked_at.is_none(),
            )
        })
        .collect();
    render(&TokensPage {
        frame: Frame::new(&app, "nr-tokens-title", &signed),
        csrf: signed.session.csrf.clone(),
        tokens,
    })
}

pub async fn revoke(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> PageResult {
    let user = &signed.session.user;
    act_on(&signed, &form.csrf, &id, "/admin/tokens", async |id| {
        app.revoke_token(user, id).await
    })
    .await
}
