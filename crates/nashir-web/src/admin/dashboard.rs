//! The newsroom's first page: the articles one may work on.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use nashir_app::App;
use nashir_app::records::ReviewState;

use super::{Frame, Signed, render};
use crate::errors::WebError;

type PageResult = Result<Response, WebError>;

pub struct ArticleRow {
    title: String,
    href: String,
    section: String,
    updated: String,
    /// A message key.
    status: &'static str,
    /// Who has it open in the editor now.
    editing: String,
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct Dashboard {
    frame: Frame,
    articles: Vec<ArticleRow>,
}

pub async fn dashboard(State(app): State<App>, signed: Signed) -> PageResult {
    let separator = signed.texts().get("list-separator");
    let listed = app.newsroom_articles(&signed.session.user, 100).await?;
    let ids: Vec<_> = listed.iter().map(|(s, _)| s.id).collect();
    let at_work = app.editors_at_work(&ids).await?;
    let reviews = app.reviews(&signed.session.user, &ids).await?;
    let articles = listed
        .into_iter()
        .map(|(s, status)| ArticleRow {
            href: format!("/admin/articles/{}", s.id),
            editing: at_work
                .iter()
                .filter(|(id, _)| *id == s.id)
                .map(|(_, name)| name.as_str())
                .collect::<Vec<_>>()
                .join(&separator),
            title: s.title,
            section: s.section.name,
            status: match reviews.iter().find(|r| r.article_id == s.id) {
                Some(r) if r.state == ReviewState::Submitted => "nr-comments-pending",
                Some(_) => "nr-status-returned",
                None => super::articles::status_label(status),
            },
            updated: signed.date(&app, s.updated_at),
        })
        .collect();
    render(&Dashboard {
        frame: Frame::new(&app, "nr-nav-articles", &signed),
        articles,
    })
}
