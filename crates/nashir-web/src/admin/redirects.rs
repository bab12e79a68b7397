//! Redirects in the newsroom (editors): the old addresses that answer 301, a
//! page at a time, a form to add one, and a button to delete each.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_app::editor::EditError;
use nashir_app::records::RedirectOrigin;
use nashir_app::redirects::{MAX_ADDRESS_BYTES, MAX_PER_FORM, location};
use nashir_core::slug::percent_encode_segment;
use nashir_i18n::Message;
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
    /// A message key.
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
    /// What the list is narrowed to, and the same for the page links' query.
    search: String,
    search_query: String,
    max_bytes: usize,
    max_per_form: usize,
    /// The forms as typed, when they come back with problems.
    from: String,
    to: String,
    lines: String,
    problems: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    page: String,
    /// Narrows the list to addresses containing it.
    q: String,
    /// How many the last form added.
    added: String,
}

/// What a form sent back with problems held: the single pair, or the lines.
#[derive(Default)]
struct Typed {
    from: String,
    to: String,
    lines: String,
}

/// Page `page` of the list, with the form (as typed) and its problems.
async fn page(
    app: &App,
    signed: &Signed,
    (page, search): (u32, &str),
    typed: Typed,
    problems: Vec<Message>,
    notice: Option<Message>,
) -> PageResult {
    let list = app
        .redirects_page(&signed.session.user, page, search)
        .await?;
    let rows = list
        .redirects
        .into_iter()
        .map(|r| Row {
            from_href: location(&r.from),
            to_href: location(&r.to),
            from: r.from,
            to: r.to,
            origin: match r.origin {
                RedirectOrigin::Import => "nr-revision-import",
                RedirectOrigin::Newsroom => "nr-newsroom",
            },
            added: signed.date(app, r.created_at),
        })
        .collect();
    // A form refused is a request the page could not carry out as sent.
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let frame = Frame::new(app, "nr-nav-redirects", signed).notice(notice);
    render_with(
        status,
        &RedirectsPage {
            frame,
            csrf: signed.session.csrf.clone(),
            rows,
            page: list.page,
            has_more: list.has_more,
            max_bytes: MAX_ADDRESS_BYTES,
            max_per_form: MAX_PER_FORM,
            search_query: if list.search.is_empty() {
                String::new()
            } else {
                format!("&q={}", percent_encode_segment(&list.search))
            },
            search: list.search,
            from: typed.from,
            to: typed.to,
            lines: typed.lines,
            problems: signed.say(&problems),
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
        .map(|n| Message::new("nr-redirects-added").with("count", n));
    let number = query.page.parse().unwrap_or(1);
    page(
        &app,
        &signed,
        (number, &query.q),
        Typed::default(),
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
    /// Many at once: a line each, the old address then the new one.
    lines: String,
}

/// The pairs of the lines form; a line that is not two addresses is a problem.
fn pairs_of_lines(lines: &str) -> Result<Vec<(String, String)>, Vec<Message>> {
    let mut pairs = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in lines.lines().enumerate() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [] => {}
            [from, to] => pairs.push((from.to_string(), to.to_string())),
            _ => problems.push(Message::new("nr-redirects-line").with("n", n + 1)),
        }
    }
    if problems.is_empty() {
        Ok(pairs)
    } else {
        Err(problems)
    }
}

pub async fn add(State(app): State<App>, signed: Signed, Form(form): Form<AddForm>) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let rows = form.from.len().max(form.to.len());
    let mut pairs: Vec<(String, String)> = (0..rows)
        .map(|i| {
            (
                form.from.get(i).cloned().unwrap_or_default(),
                form.to.get(i).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let typed = match pairs.first() {
        Some((from, to)) if form.lines.trim().is_empty() => Typed {
            from: from.clone(),
            to: to.clone(),
            lines: String::new(),
        },
        _ => Typed {
            lines: form.lines.clone(),
            ..Typed::default()
        },
    };
    match pairs_of_lines(&form.lines) {
        Ok(more) => pairs.extend(more),
        Err(problems) => return page(&app, &signed, (1, ""), typed, problems, None).await,
    }
    match app.add_redirects(&signed.session.user, &pairs).await {
        Ok(added) => Ok(Redirect::to(&format!("/admin/redirects?added={added}")).into_response()),
        Err(EditError::Invalid(problems)) => {
            page(&app, &signed, (1, ""), typed, problems, None).await
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
