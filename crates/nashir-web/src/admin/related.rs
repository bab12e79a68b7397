//! An article's related stories (اقرأ أيضاً) in the newsroom: what readers see
//! under it and where each entry comes from; pin an article (by number, by link,
//! or from the recent ones), unpin it, remove an entry for good or restore it.
//! One page and one form target; every form carries the session's CSRF token.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_app::editor::EditError;
use nashir_app::records::RelatedOrigin;
use nashir_app::related::{DeskEntry, MAX_RELATED, RelatedAction, RelatedDesk};
use nashir_core::ArticleId;
use nashir_i18n::Message;
use serde::Deserialize;

use super::{Frame, Signed, render_with};
use crate::errors::WebError;
use crate::form::{Form, LenientQuery};

type PageResult = Result<Response, WebError>;

#[derive(Template)]
#[template(path = "admin/related.html")]
struct DeskPage {
    frame: Frame,
    csrf: String,
    id: ArticleId,
    title: String,
    public_href: Option<String>,
    entries: Vec<DeskEntry>,
    recent: Vec<(ArticleId, String)>,
    /// What was typed in the pin field, when it came back with a problem.
    typed: String,
    problems: Vec<String>,
    max: usize,
}

impl DeskPage {
    /// The message naming where an entry comes from.
    fn origin_label(origin: &RelatedOrigin) -> &'static str {
        match origin {
            RelatedOrigin::Pinned => "nr-related-pinned",
            RelatedOrigin::Auto => "nr-related-auto",
            RelatedOrigin::Removed => "nr-related-removed",
        }
    }
}

/// An article named by its number or by a link to it (`…/ar/news/123/…`).
fn article_ref(text: &str) -> Option<ArticleId> {
    let text = text.trim();
    let id = match text.parse::<i64>() {
        Ok(id) => id,
        Err(_) => {
            let mut parts = text.split(['/', '?', '#']);
            parts.find(|p| *p == "news")?;
            parts.next()?.parse().ok()?
        }
    };
    (id > 0).then_some(ArticleId(id))
}

/// What was done, as the notice after it says.
fn notice(done: &str) -> Option<Message> {
    Some(Message::new(match done {
        "pin" => "nr-related-done-pin",
        "unpin" => "nr-related-done-unpin",
        "remove" => "nr-related-done-remove",
        "restore" => "nr-related-done-restore",
        _ => return None,
    }))
}

fn page(
    app: &App,
    signed: &Signed,
    desk: RelatedDesk,
    typed: String,
    problems: Vec<Message>,
    done: Option<Message>,
) -> PageResult {
    let a = &desk.article;
    let frame = Frame::new(app, "nr-related-title", signed).notice(done);
    let code = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let page = DeskPage {
        frame,
        csrf: signed.session.csrf.clone(),
        id: a.id,
        title: a.title.clone(),
        public_href: a.is_public(app.clock.now()).then(|| a.path()),
        recent: desk
            .recent
            .iter()
            .map(|s| (s.id, s.title.clone()))
            .collect(),
        entries: desk.entries,
        typed,
        problems: signed.say(&problems),
        max: MAX_RELATED,
    };
    render_with(code, &page)
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct DeskQuery {
    done: String,
}

/// `GET /admin/articles/{id}/related`.
pub async fn desk(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    LenientQuery(query): LenientQuery<DeskQuery>,
) -> PageResult {
    let id = article_ref(&id).ok_or(WebError::NotFound)?;
    let desk = app.related_desk(&signed.session.user, id).await?;
    page(
        &app,
        &signed,
        desk,
        String::new(),
        Vec::new(),
        notice(&query.done),
    )
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct DeskForm {
    csrf: String,
    /// `pin`, `unpin`, `remove` or `restore`.
    action: String,
    /// The article acted on: a number or a link.
    article: String,
}

/// `POST /admin/articles/{id}/related`.
pub async fn act(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<DeskForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let id = article_ref(&id).ok_or(WebError::NotFound)?;
    let user = &signed.session.user;
    let result = match article_ref(&form.article) {
        None => Err(EditError::Invalid(vec!["nr-related-which".into()])),
        Some(other) => {
            let action = match form.action.as_str() {
                "pin" => RelatedAction::Pin(other),
                "unpin" => RelatedAction::Unpin(other),
                "remove" => RelatedAction::Remove(other),
                "restore" => RelatedAction::Restore(other),
                _ => return Err(WebError::BadRequest),
            };
            app.edit_related(user, id, action).await
        }
    };
    match result {
        Ok(()) => {
            let to = format!("/admin/articles/{id}/related?done={}", form.action);
            Ok(Redirect::to(&to).into_response())
        }
        Err(EditError::Invalid(problems)) => {
            let desk = app.related_desk(user, id).await?;
            page(&app, &signed, desk, form.article, problems, None)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_is_named_by_number_or_link() {
        assert_eq!(article_ref(" 42 "), Some(ArticleId(42)));
        assert_eq!(
            article_ref("https://news.example/ar/news/7/%D8%A7%D9%84%D9%86%D9%81%D8%B7"),
            Some(ArticleId(7))
        );
        assert_eq!(article_ref("/ar/news/9"), Some(ArticleId(9)));
        assert_eq!(article_ref("/ar/news/x/slug"), None);
        assert_eq!(article_ref("0"), None);
        assert_eq!(article_ref("-3"), None);
        assert_eq!(article_ref("كلام"), None);
    }
}
