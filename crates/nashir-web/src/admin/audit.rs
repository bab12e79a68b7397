//! The audit log (editors and admins).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use nashir_app::App;

use super::{Frame, Signed, render};
use crate::errors::WebError;

type PageResult = Result<Response, WebError>;

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
    let t = signed.texts();
    let entries = app
        .audit_log(&signed.session.user, 200)
        .await?
        .into_iter()
        .map(|e| AuditRow {
            iso: e.at.to_string(),
            when: signed.date_time(&app, e.at),
            who: e
                .user_name
                .unwrap_or_else(|| t.get("nr-audit-command-line").into_owned()),
            action: e.action,
            target: e.target,
        })
        .collect();
    render(&AuditPage {
        frame: Frame::new(&app, "nr-nav-audit", &signed),
        entries,
    })
}
