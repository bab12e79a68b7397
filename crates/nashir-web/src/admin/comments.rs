//! Comment moderation: the queue and the other lists, one action or many at once,
//! comments open or closed per article.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_app::comments::{CommentStatus, Moderation};
use nashir_core::ArticleId;
use nashir_i18n::Message;
use serde::Deserialize;

use super::{Frame, Signed, render};
use crate::errors::WebError;
use crate::form::Form;

type PageResult = Result<Response, WebError>;

const LIST_LIMIT: u32 = 200;

struct Row {
    id: i64,
    name: String,
    email: String,
    address: String,
    date: String,
    body: String,
    article_title: String,
    article_href: String,
    is_reply: bool,
}

#[derive(Template)]
#[template(path = "admin/comments.html")]
struct CommentsPage {
    frame: Frame,
    csrf: String,
    status: CommentStatus,
    /// (status, its message key, count)
    tabs: Vec<(&'static str, &'static str, u64)>,
    rows: Vec<Row>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    done: Option<u64>,
}

pub async fn list(
    State(app): State<App>,
    signed: Signed,
    Query(query): Query<ListQuery>,
) -> PageResult {
    let status = query
        .status
        .as_deref()
        .and_then(CommentStatus::parse)
        .unwrap_or(CommentStatus::Pending);
    let list = app
        .moderation_list(&signed.session.user, status, LIST_LIMIT)
        .await?;
    let rows = list
        .comments
        .into_iter()
        .map(|q| Row {
            article_href: q.article_href(),
            article_title: q.article_title,
            id: q.comment.id,
            name: q.comment.author_name,
            email: q.comment.author_email.unwrap_or_default(),
            address: q.comment.address,
            date: signed.date(&app, q.comment.created_at),
            body: q.comment.body,
            is_reply: q.comment.parent_id.is_some(),
        })
        .collect();
    let done = query
        .done
        .map(|n| Message::new("nr-comments-done").with("count", n));
    let frame = Frame::new(&app, "nr-nav-comments", &signed).notice(done);
    render(&CommentsPage {
        frame,
        csrf: signed.session.csrf.clone(),
        status,
        tabs: list
            .counts
            .into_iter()
            .map(|(s, n)| (s.as_str(), s.label(), n))
            .collect(),
        rows,
    })
}

/// One form for the whole list: a row's own button sends `one=action:id`; the bulk
/// bar sends `action` with every checked `id`.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct ModerateForm {
    csrf: String,
    one: String,
    action: String,
    /// A value that is no id is passed over.
    id: Vec<String>,
    /// The list to go back to.
    status: String,
}

pub async fn moderate(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<ModerateForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let (action, ids): (&str, Vec<i64>) = match form.one.split_once(':') {
        Some((action, id)) => (action, id.parse().ok().into_iter().collect()),
        None => (
            &form.action,
            form.id.iter().filter_map(|id| id.parse().ok()).collect(),
        ),
    };
    let Some(action) = Moderation::parse(action) else {
        return Err(WebError::BadRequest);
    };
    // More than a page of the queue holds is no form of ours (and would exceed
    // the database's bound on one statement's parameters).
    if ids.len() > nashir_app::comments::MAX_BULK {
        return Err(WebError::BadRequest);
    }
    let back = CommentStatus::parse(&form.status).unwrap_or(CommentStatus::Pending);
    let done = app
        .moderate_comments(&signed.session.user, &ids, action)
        .await?;
    Ok(Redirect::to(&format!(
        "/admin/comments?status={}&done={done}",
        back.as_str()
    ))
    .into_response())
}

#[derive(Deserialize)]
pub struct OpenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    open: String,
}

pub async fn set_open(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<OpenForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let open = form.open == "1";
    if !app
        .set_comments_open(&signed.session.user, ArticleId(id), open)
        .await?
    {
        return Err(WebError::NotFound);
    }
    Ok(Redirect::to(&format!("/admin/articles/{id}")).into_response())
}
