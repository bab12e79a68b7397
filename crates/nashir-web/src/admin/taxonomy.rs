//! Sections, tags and author profiles.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_core::slug::{percent_encode_segment, slugify};
use serde::Deserialize;

use super::{Frame, Signed, render_with};
use crate::errors::WebError;
use crate::form::Form;

type PageResult = Result<Response, WebError>;

#[derive(Clone, Copy)]
enum Kind {
    Section,
    Tag,
    Author,
}

impl Kind {
    fn heading(self) -> &'static str {
        match self {
            Kind::Section => "الأقسام",
            Kind::Tag => "الوسوم",
            Kind::Author => "الكتّاب",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Kind::Section => "/admin/sections",
            Kind::Tag => "/admin/tags",
            Kind::Author => "/admin/authors",
        }
    }

    fn public(self, slug: &str) -> String {
        let segment = percent_encode_segment(slug);
        match self {
            Kind::Section => format!("/ar/section/{segment}"),
            Kind::Tag => format!("/ar/tag/{segment}"),
            Kind::Author => format!("/ar/author/{segment}"),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/taxonomy.html")]
struct TaxonomyPage {
    frame: Frame,
    heading: &'static str,
    action: &'static str,
    csrf: String,
    with_bio: bool,
    /// (name, slug, public href, bio)
    rows: Vec<(String, String, String, String)>,
}

async fn page(
    app: &App,
    signed: &Signed,
    kind: Kind,
    status: StatusCode,
    error: Option<String>,
) -> PageResult {
    let rows = match kind {
        Kind::Section => app
            .sections()
            .await?
            .into_iter()
            .map(|s| (s.name, s.slug, String::new()))
            .collect(),
        Kind::Tag => app
            .tags()
            .await?
            .into_iter()
            .map(|t| (t.name, t.slug, String::new()))
            .collect(),
        Kind::Author => app
            .authors()
            .await?
            .into_iter()
            .map(|a| (a.name, a.slug, a.bio))
            .collect::<Vec<_>>(),
    }
    .into_iter()
    .map(|(name, slug, bio)| {
        let href = kind.public(&slug);
        (name, slug, href, bio)
    })
    .collect();
    let mut frame = Frame::new(app, kind.heading(), Some(signed));
    frame.error = error;
    render_with(
        status,
        &TaxonomyPage {
            frame,
            heading: kind.heading(),
            action: kind.path(),
            csrf: signed.session.csrf.clone(),
            with_bio: matches!(kind, Kind::Author),
            rows,
        },
    )
}

#[derive(Deserialize)]
pub struct EntryForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    bio: String,
    /// An author's photo: a media id, or empty for none.
    #[serde(default)]
    photo: String,
}

async fn save(app: App, signed: Signed, kind: Kind, form: EntryForm) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let name = form.name.trim();
    let slug = slugify(if form.slug.trim().is_empty() {
        name
    } else {
        form.slug.trim()
    });
    if name.is_empty()
        || name.chars().count() > 80
        || slug.is_empty()
        || form.bio.chars().count() > 2000
    {
        let error = Some("الاسم مطلوب (80 حرفاً على الأكثر)، والنبذة لا تزيد على 2000 حرف.".into());
        return page(&app, &signed, kind, StatusCode::BAD_REQUEST, error).await;
    }
    let user = &signed.session.user;
    match kind {
        Kind::Section => app.save_section(user, &slug, name).await?,
        Kind::Tag => app.save_tag(user, &slug, name).await?,
        Kind::Author => {
            let photo = match form.photo.trim() {
                "" => None,
                id => Some(id.parse().map_err(|_| WebError::BadRequest)?),
            };
            let bio = form.bio.trim();
            app.save_author(user, &slug, name, bio, photo).await?
        }
    }
    Ok(Redirect::to(kind.path()).into_response())
}

macro_rules! pages {
    ($list:ident, $save:ident, $kind:expr) => {
        pub async fn $list(State(app): State<App>, signed: Signed) -> PageResult {
            page(&app, &signed, $kind, StatusCode::OK, None).await
        }

        pub async fn $save(
            State(app): State<App>,
            signed: Signed,
            Form(form): Form<EntryForm>,
        ) -> PageResult {
            save(app, signed, $kind, form).await
        }
    };
}

pages!(sections, save_section, Kind::Section);
pages!(tags, save_tag, Kind::Tag);
pages!(authors, save_author, Kind::Author);
