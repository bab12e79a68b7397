//! The newsroom's first page: the articles one may work on.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use nashir_app::App;

use super::{Frame, Signed, render};
use crate::errors::WebError;

type PageResult = Result<Response, WebError>;

pub struct ArticleRow {
    title: String,
    href: String,
    section: String,
    status: &'static str,
    updated: String,
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct Dashboard {
    frame: Frame,
    articles: Vec<ArticleRow>,
}

pub async fn dashboard(State(app): State<App>, signed: Signed) -> PageResult {
    let articles = app
        .newsroom_articles(&signed.session.user, 100)
        .await?
        .into_iter()
        .map(|(s, status)| ArticleRow {
            href: format!("/admin/articles/{}", s.id),
            title: s.title,
            section: s.section.name,
            status: super::articles::status_label(status),
            updated: app.site.date(s.updated_at),
        })
        .collect();
    render(&Dashboard {
        frame: Frame::new(&app, "الأخبار", Some(&signed)),
        articles,
    })
}
