//! Redirects in the newsroom (editors): the old addresses that answer 301, a
//! page at a time, a form to add one, and a button to delete each.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_app::editor::EditError;
use nashir_app::records::RedirectOrigin;
use nashir_app::redirects::{MAX_ADDRESS_BYTES, location};
use serde::Deserialize;

use super::{Frame, Signed, render_with};
use crate::errors::WebError;
use crate::form::{Form, LenientQuery};

type PageResult = Result<Response, WebError>;

pub struct Row {
    from: String,
    from_href: Option<String>,
    to: String,
    to_href: Option<String>,
    origin: &'static str,
    added: String,
}

#[derive(Template)]
#[template(path = "admin/redirects.html")]
struct RedirectsPage {
    frame: Frame,
    csrf: String,
    rows: Vec<Row>,
    page: u32,
    has_more: bool,
    max_bytes: usize,
    /// The form as typed, when it comes back with problems.
    from: String,
    to: String,
    problems: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    page: String,
    /// How many the last form added.
    added: String,
}

/// Page `page` of the list, with the form (as typed) and its problems.
async fn page(
    app: &App,
    signed: &Signed,
    page: u32,
    typed: (String, String),
    problems: Vec<String>,
    notice: Option<String>,
) -> PageResult {
    let list = app.redirects_page(&signed.session.user, page).await?;
    let rows = list
        .redirects
        .into_iter()
        .map(|r| Row {
            from_href: location(&r.from),
            to_href: location(&r.to),
            from: r.from,
            to: r.to,
            origin: match r.origin {
                RedirectOrigin::Import => "استيراد",
                RedirectOrigin::Newsroom => "غرفة الأخبار",
            },
            added: app.site.date(r.created_at),
        })
        .collect();
    // A form refused is a request the page could not carry out as sent.
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut frame = Frame::new(app, "التحويلات", Some(signed));
    frame.notice = notice;
    render_with(
        status,
        &RedirectsPage {
            frame,
            csrf: signed.session.csrf.clone(),
            rows,
            page: list.page,
            has_more: list.has_more,
            max_bytes: MAX_ADDRESS_BYTES,
            from: typed.0,
            to: typed.1,
            problems,
        },
    )
}

pub async fn list(
    State(app): State<App>,
    signed: Signed,
    LenientQuery(query): LenientQuery<ListQuery>,
) -> PageResult {
    let notice = query
        .added
        .parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .map(|n| format!("أُضيف التحويل ({n})، ويعمل من الآن."));
    let number = query.page.parse().unwrap_or(1);
    page(
        &app,
        &signed,
        number,
        Default::default(),
        Vec::new(),
        notice,
    )
    .await
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct AddForm {
    csrf: String,
    /// One per row of the form, paired with `to` in order.
    from: Vec<String>,
    to: Vec<String>,
}

pub async fn add(State(app): State<App>, signed: Signed, Form(form): Form<AddForm>) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let rows = form.from.len().max(form.to.len());
    let pairs: Vec<(String, String)> = (0..rows)
        .map(|i| {
            (
                form.from.get(i).cloned().unwrap_or_default(),
                form.to.get(i).cloned().unwrap_or_default(),
            )
        })
        .collect();
    match app.add_redirects(&signed.session.user, &pairs).await {
        Ok(added) => Ok(Redirect::to(&format!("/admin/redirects?added={added}")).into_response()),
        Err(EditError::Invalid(problems)) => {
            let typed = pairs.into_iter().next().unwrap_or_default();
            page(&app, &signed, 1, typed, problems, None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct DeleteForm {
    csrf: String,
    from: String,
    /// The page of the list the button was on, to go back to.
    page: String,
}

pub async fn delete(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<DeleteForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    app.delete_redirect(&signed.session.user, &form.from)
        .await?;
    let page: u32 = form.page.parse().unwrap_or(1).max(1);
    Ok(Redirect::to(&format!("/admin/redirects?page={page}")).into_response())
}
