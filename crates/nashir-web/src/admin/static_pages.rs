//! Static pages in the newsroom (editors): the list, a form for a new page or
//! one to change, and deletion. The body is written in the article editor's
//! Markdown dialect.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_app::editor::EditError;
use nashir_app::records::{StaticPage, static_page_href};
use nashir_app::static_pages::{
    MAX_BODY_CHARS, MAX_FOOTER_POSITION, MAX_SLUG_CHARS, MAX_TITLE_CHARS, PageForm,
};
use nashir_i18n::Message;
use serde::Deserialize;

use super::{Frame, Signed, render_with};
use crate::errors::WebError;
use crate::form::{Form, LenientQuery};

type PageResult = Result<Response, WebError>;

#[derive(Template)]
#[template(path = "admin/static_pages.html")]
struct ListPage {
    frame: Frame,
    /// (title, edit link, public link when published, footer position)
    rows: Vec<(String, String, Option<String>, Option<i64>)>,
}

#[derive(Template)]
#[template(path = "admin/static_page.html")]
struct FormPage {
    frame: Frame,
    csrf: String,
    /// Where the form posts.
    action: String,
    id: Option<i64>,
    /// The page's edition, and the choice of one (none on a one-edition site).
    language: nashir_i18n::Language,
    editions: Vec<(&'static str, String, bool)>,
    title: String,
    slug: String,
    body: String,
    published: bool,
    footer: String,
    problems: Vec<String>,
    max_title: usize,
    max_slug: usize,
    max_body: usize,
    max_footer: i64,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    saved: String,
    deleted: String,
}

pub async fn list(
    State(app): State<App>,
    signed: Signed,
    LenientQuery(query): LenientQuery<ListQuery>,
) -> PageResult {
    let pages = app.static_pages(&signed.session.user).await?;
    let rows = pages
        .into_iter()
        .map(|p| {
            (
                p.title,
                format!("/admin/pages/{}", p.id),
                p.published.then(|| static_page_href(p.language, &p.slug)),
                p.footer_position,
            )
        })
        .collect();
    let notice = if !query.saved.is_empty() {
        Some("nr-page-saved".into())
    } else if !query.deleted.is_empty() {
        Some("nr-page-deleted".into())
    } else {
        None
    };
    let frame = Frame::new(&app, "nr-nav-pages", &signed).notice(notice);
    render_with(StatusCode::OK, &ListPage { frame, rows })
}

fn form_page(app: &App, signed: &Signed, form: &PageForm, problems: Vec<Message>) -> PageResult {
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let (heading, action) = match form.id {
        Some(id) => ("nr-page-edit", format!("/admin/pages/{id}")),
        None => ("nr-page-new", "/admin/pages".to_string()),
    };
    render_with(
        status,
        &FormPage {
            frame: Frame::new(app, heading, signed),
            csrf: signed.session.csrf.clone(),
            action,
            id: form.id,
            language: form.language,
            editions: super::edition_choices(app, form.language),
            title: form.title.clone(),
            slug: form.slug.clone(),
            body: form.body.clone(),
            published: form.published,
            footer: form
                .footer_position
                .map(|p| p.to_string())
                .unwrap_or_default(),
            problems: signed.say(&problems),
            max_title: MAX_TITLE_CHARS,
            max_slug: MAX_SLUG_CHARS,
            max_body: MAX_BODY_CHARS,
            max_footer: MAX_FOOTER_POSITION,
        },
    )
}

pub async fn new_page(State(app): State<App>, signed: Signed) -> PageResult {
    // The list's permission, so that the form is refused where saving would be.
    app.static_pages(&signed.session.user).await?;
    let form = PageForm {
        language: app.site.default_edition(),
        ..PageForm::default()
    };
    form_page(&app, &signed, &form, Vec::new())
}

pub async fn edit_page(State(app): State<App>, signed: Signed, Path(id): Path<i64>) -> PageResult {
    let page: StaticPage = app.static_page_to_edit(&signed.session.user, id).await?;
    let form = PageForm {
        id: Some(page.id),
        language: page.language,
        title: page.title,
        slug: page.slug,
        body: nashir_core::markdown::render(&page.body),
        published: page.published,
        footer_position: page.footer_position,
    };
    form_page(&app, &signed, &form, Vec::new())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct SaveForm {
    csrf: String,
    /// The edition (`ar`, `en`, `fa`); empty: the default one.
    language: String,
    title: String,
    slug: String,
    body: String,
    published: String,
    /// The footer position; empty for none.
    footer: String,
}

async fn save(app: &App, signed: &Signed, id: Option<i64>, form: SaveForm) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let footer = form.footer.trim();
    let position = if footer.is_empty() {
        Ok(None)
    } else {
        footer.parse::<i64>().map(Some)
    };
    let page = PageForm {
        id,
        language: nashir_i18n::Language::from_code(&form.language)
            .unwrap_or_else(|| app.site.default_edition()),
        title: form.title,
        slug: form.slug,
        body: form.body,
        published: !form.published.is_empty(),
        footer_position: position.clone().unwrap_or(None),
    };
    if position.is_err() {
        let problem = Message::new("nr-page-footer-number").with("max", MAX_FOOTER_POSITION);
        return form_page(app, signed, &page, vec![problem]);
    }
    match app.save_static_page(&signed.session.user, &page).await {
        Ok(_) => Ok(Redirect::to("/admin/pages?saved=1").into_response()),
        Err(EditError::Invalid(problems)) => form_page(app, signed, &page, problems),
        Err(e) => Err(e.into()),
    }
}

pub async fn create(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<SaveForm>,
) -> PageResult {
    save(&app, &signed, None, form).await
}

pub async fn update(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<i64>,
    Form(form): Form<SaveForm>,
) -> PageResult {
    save(&app, &signed, Some(id), form).await
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct DeleteForm {
    csrf: String,
}

pub async fn delete(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<i64>,
    Form(form): Form<DeleteForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    app.delete_static_page(&signed.session.user, id).await?;
    Ok(Redirect::to("/admin/pages?deleted=1").into_response())
}
