//! The fronts and the urgent strip: which stories lead the home page and each
//! section, and the عاجل line every page shows while it runs.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::editor::EditError;
use nashir_app::front::{FRONT_SLOTS, HOME_FRONT, URGENT_DEFAULT_MINUTES, UrgentForm};
use nashir_app::reader::ListPage;
use nashir_app::{App, ListFilter, Page};
use nashir_core::ArticleId;
use nashir_i18n::Message;
use serde::Deserialize;

use super::{CsrfOnly, Frame, Signed, act_on, render_with};
use crate::errors::WebError;
use crate::form::{Form, LenientQuery};

type PageResult = Result<Response, WebError>;

/// Recent stories offered for each place.
const CANDIDATES: u32 = 60;

#[derive(Template)]
#[template(path = "admin/front.html")]
struct FrontPage {
    frame: Frame,
    csrf: String,
    front: i64,
    /// (id, name, current) of the home page and every section.
    fronts: Vec<(i64, String, bool)>,
    /// For each place: its label and the story in it (0: open).
    places: Vec<(String, i64)>,
    /// (id, headline, date) of the stories that can be placed.
    candidates: Vec<(i64, String, String)>,
    problems: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct FrontQuery {
    front: String,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct PlaceForm {
    csrf: String,
    front: String,
    /// One per place, in order: an article id, or empty for an open place.
    slot: Vec<String>,
}

async fn front_page(
    app: &App,
    signed: &Signed,
    front: i64,
    chosen: Option<Vec<i64>>,
    problems: Vec<Message>,
) -> PageResult {
    let t = signed.texts();
    let sections = app.sections().await?;
    let mut fronts = vec![(
        HOME_FRONT,
        t.get("nr-front-home").into_owned(),
        front == HOME_FRONT,
    )];
    fronts.extend(
        sections
            .iter()
            .map(|s| (s.id, s.name.clone(), s.id == front)),
    );
    if !fronts.iter().any(|(_, _, current)| *current) {
        return Err(WebError::NotFound);
    }
    let placed = app.placed(front).await?;
    let filter = ListFilter {
        section: (front != HOME_FRONT).then_some(front),
        ..ListFilter::default()
    };
    let ListPage { items, .. } = app.list_page(&filter, Page::First, CANDIDATES).await?;
    let mut candidates: Vec<(i64, String, String)> = placed
        .iter()
        .map(|(_, s)| s)
        .chain(&items)
        .map(|s| {
            (
                s.id.0,
                s.title.clone(),
                signed.date(app, s.published_at.unwrap_or(s.updated_at)),
            )
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    candidates.retain(|(id, _, _)| seen.insert(*id));
    let chosen = chosen.unwrap_or_else(|| {
        (0..FRONT_SLOTS)
            .map(|p| {
                placed
                    .iter()
                    .find(|(position, _)| *position == p)
                    .map_or(0, |(_, s)| s.id.0)
            })
            .collect()
    });
    let places = (0..FRONT_SLOTS as usize)
        .map(|i| {
            let label = if i == 0 {
                t.get("nr-front-lead").into_owned()
            } else {
                t.arg("nr-front-featured", "n", i)
            };
            (label, chosen.get(i).copied().unwrap_or(0))
        })
        .collect();
    let page = FrontPage {
        frame: Frame::new(app, "nr-nav-front", signed),
        csrf: signed.session.csrf.clone(),
        front,
        fronts,
        places,
        candidates,
        problems: signed.say(&problems),
    };
    let status = if page.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render_with(status, &page)
}

pub async fn front(
    State(app): State<App>,
    signed: Signed,
    LenientQuery(query): LenientQuery<FrontQuery>,
) -> PageResult {
    let front = query.front.parse().unwrap_or(HOME_FRONT);
    front_page(&app, &signed, front, None, Vec::new()).await
}

pub async fn place(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<PlaceForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let front: i64 = form.front.parse().map_err(|_| WebError::BadRequest)?;
    let slots: Vec<Option<ArticleId>> = form
        .slot
        .iter()
        .map(|s| s.trim().parse().ok().filter(|id| *id > 0).map(ArticleId))
        .collect();
    match app.place_stories(&signed.session.user, front, &slots).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/front?front={front}")).into_response()),
        Err(EditError::Invalid(problems)) => {
            let chosen = slots.iter().map(|s| s.map_or(0, |id| id.0)).collect();
            front_page(&app, &signed, front, Some(chosen), problems).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "admin/urgent.html")]
struct UrgentPage {
    frame: Frame,
    csrf: String,
    /// (id, text, link, started, ends, running)
    lines: Vec<(i64, String, Option<String>, String, String, bool)>,
    /// (id, headline) of recent stories it can link to.
    candidates: Vec<(i64, String)>,
    text: String,
    article: i64,
    minutes: i64,
    /// The editions a bulletin may run in, when the site has more than one:
    /// (code, named in itself, chosen).
    editions: Vec<(&'static str, String, bool)>,
    problems: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct UrgentQuery {
    /// Prefills the link (the editor's "mark urgent").
    article: String,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct UrgentFields {
    csrf: String,
    text: String,
    article: String,
    minutes: String,
    /// The edition a bulletin runs in (a linked article's own wins).
    #[serde(default)]
    language: String,
}

async fn urgent_page(
    app: &App,
    signed: &Signed,
    form: UrgentForm,
    problems: Vec<Message>,
) -> PageResult {
    let now = app.clock.now();
    let time = |t: jiff::Timestamp| signed.date_time(app, t);
    let lines = app
        .recent_urgent(&signed.session.user)
        .await?
        .into_iter()
        .map(|u| {
            let href = u.article.map(|(id, slug)| {
                let language = nashir_i18n::Language::of_article(&u.language);
                nashir_core::slug::article_href(language, id, &slug)
            });
            (
                u.id,
                u.text,
                href,
                time(u.created_at),
                time(u.expires_at),
                u.expires_at > now,
            )
        })
        .collect();
    let ListPage { items, .. } = app
        .list_page(&ListFilter::default(), Page::First, CANDIDATES)
        .await?;
    let page = UrgentPage {
        frame: Frame::new(app, "nr-nav-urgent", signed),
        csrf: signed.session.csrf.clone(),
        lines,
        candidates: items.into_iter().map(|s| (s.id.0, s.title)).collect(),
        text: form.text,
        article: form.article.map_or(0, |a| a.0),
        minutes: form.minutes.unwrap_or(URGENT_DEFAULT_MINUTES),
        editions: super::edition_choices(app, form.language),
        problems: signed.say(&problems),
    };
    let status = if page.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render_with(status, &page)
}

pub async fn urgent(
    State(app): State<App>,
    signed: Signed,
    LenientQuery(query): LenientQuery<UrgentQuery>,
) -> PageResult {
    let form = UrgentForm {
        article: query.article.parse().ok().map(ArticleId),
        language: app.site.default_edition(),
        ..UrgentForm::default()
    };
    urgent_page(&app, &signed, form, Vec::new()).await
}

pub async fn add_urgent(
    State(app): State<App>,
    signed: Signed,
    Form(fields): Form<UrgentFields>,
) -> PageResult {
    signed.check_csrf(&fields.csrf)?;
    let form = UrgentForm {
        text: fields.text,
        article: fields
            .article
            .parse()
            .ok()
            .filter(|id| *id > 0)
            .map(ArticleId),
        minutes: fields.minutes.trim().parse().ok(),
        language: nashir_i18n::Language::from_code(&fields.language)
            .filter(|l| app.site.publishes(*l))
            .unwrap_or_else(|| app.site.default_edition()),
    };
    match app.add_urgent(&signed.session.user, &form).await {
        Ok(_) => Ok(Redirect::to("/admin/urgent").into_response()),
        Err(EditError::Invalid(problems)) => urgent_page(&app, &signed, form, problems).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn end_urgent(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> PageResult {
    let user = &signed.session.user;
    act_on(&signed, &form.csrf, &id, "/admin/urgent", async |id| {
        app.end_urgent(user, id).await
    })
    .await
}
