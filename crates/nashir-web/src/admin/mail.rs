//! The mail outbox as admins see it: what was sent, what waits, what failed.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use nashir_app::App;

use super::{Frame, Signed, render};
use crate::errors::WebError;

/// The newest messages shown.
const LIST_LIMIT: u32 = 200;

type PageResult = Result<Response, WebError>;

/// `kind` and `state` are message keys.
struct MailRow {
    id: i64,
    kind: &'static str,
    recipient: String,
    created: String,
    attempts: u32,
    state: &'static str,
    error: String,
}

#[derive(Template)]
#[template(path = "admin/mail.html")]
struct MailPage {
    frame: Frame,
    available: bool,
    rows: Vec<MailRow>,
}

pub async fn outbox(State(app): State<App>, signed: Signed) -> PageResult {
    let rows = app
        .outbox(&signed.session.user, LIST_LIMIT)
        .await?
        .into_iter()
        .map(|m| MailRow {
            id: m.id,
            kind: match m.kind.as_str() {
                "friend" => "nr-mail-friend",
                "comment-notice" => "nr-mail-comment-notice",
                _ => "nr-mail-other",
            },
            recipient: m.recipient,
            created: signed.date(&app, m.created_at),
            attempts: m.attempts,
            state: match (m.sent_at, m.failed_at) {
                (Some(_), _) => "nr-mail-sent",
                (None, Some(_)) => "nr-mail-failed",
                (None, None) => "nr-mail-waiting",
            },
            error: m.last_error.unwrap_or_default(),
        })
        .collect();
    let page = MailPage {
        frame: Frame::new(&app, "nr-nav-mail", &signed),
        available: app.mail_available(),
        rows,
    };
    render(&page)
}
