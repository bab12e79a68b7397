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
    status: &'static str,
    updated: String,
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
                .join("، "),
            title: s.title,
            section: s.section.name,
            status: match reviews.iter().find(|r| r.article_id == s.id) {
                Some(r) if r.state == ReviewState::Submitted => "بانتظار المراجعة",
                Some(_) => "أُعيدت للكاتب",
                None => super::articles::status_label(status),
            },
            updated: app.site.date(s.updated_at),
        })
        .collect();
    render(&Dashboard {
        frame: Frame::new(&app, "الأخبار", Some(&signed)),
        articles,
    })
}
