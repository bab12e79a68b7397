//! Webhook endpoints in the newsroom (admins): register one (its secret shown
//! once), disable one, and every delivery with its attempts.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use nashir_app::App;
use nashir_app::editor::EditError;
use nashir_app::webhooks::EVENTS;
use nashir_i18n::Message;
use serde::Deserialize;

use super::{CsrfOnly, Frame, Signed, act_on, render_with};
use crate::errors::WebError;
use crate::form::Form;

type PageResult = Result<Response, WebError>;

#[derive(Template)]
#[template(path = "admin/webhooks.html")]
struct WebhooksPage {
    frame: Frame,
    csrf: String,
    events: &'static [&'static str],
    /// (id, url, events, live)
    hooks: Vec<(i64, String, String, bool)>,
    /// (endpoint, event, made, attempts, state, last error)
    deliveries: Vec<(i64, String, String, u32, &'static str, String)>,
    /// The secret of the endpoint just registered, shown this once.
    secret: Option<String>,
    problems: Vec<String>,
}

async fn page(
    app: &App,
    signed: &Signed,
    secret: Option<String>,
    problems: Vec<Message>,
) -> PageResult {
    let user = &signed.session.user;
    let separator = signed.texts().get("list-separator");
    let hooks = app
        .webhooks(user)
        .await?
        .into_iter()
        .map(|w| {
            (
                w.id,
                w.url,
                w.events.join(&separator),
                w.disabled_at.is_none(),
            )
        })
        .collect();
    let deliveries = app
        .webhook_deliveries(user, None, 100)
        .await?
        .into_iter()
        .map(|d| {
            let state = match (d.delivered_at, d.failed_at) {
                (Some(_), _) => "nr-webhooks-delivered",
                (None, Some(_)) => "nr-webhooks-failed",
                (None, None) => "nr-webhooks-waiting",
            };
            (
                d.webhook_id,
                d.event,
                signed.date(app, d.created_at),
                d.attempts,
                state,
                d.last_error.unwrap_or_default(),
            )
        })
        .collect();
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render_with(
        status,
        &WebhooksPage {
            frame: Frame::new(app, "nr-nav-webhooks", signed),
            csrf: signed.session.csrf.clone(),
            events: &EVENTS,
            hooks,
            deliveries,
            secret,
            problems: signed.say(&problems),
        },
    )
}

pub async fn list(State(app): State<App>, signed: Signed) -> PageResult {
    page(&app, &signed, None, Vec::new()).await
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct AddForm {
    csrf: String,
    url: String,
    /// One per ticked event.
    event: Vec<String>,
}

pub async fn add(State(app): State<App>, signed: Signed, Form(form): Form<AddForm>) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    match app
        .add_webhook(&signed.session.user, &form.url, &form.event)
        .await
    {
        Ok((_, secret)) => page(&app, &signed, Some(secret), Vec::new()).await,
        Err(EditError::Invalid(problems)) => page(&app, &signed, None, problems).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn disable(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> PageResult {
    let user = &signed.session.user;
    act_on(&signed, &form.csrf, &id, "/admin/webhooks", async |id| {
        app.disable_webhook(user, id).await
    })
    .await
}
