//! Sections, tags and author profiles.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_app::editor::EditError;
use nashir_core::slug::{percent_encode_segment, slugify};
use nashir_i18n::Speaks as _;
use nashir_i18n::{Language, Message};
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
    /// The page's title, a message key.
    fn heading(self) -> &'static str {
        match self {
            Kind::Section => "nr-nav-sections",
            Kind::Tag => "nr-nav-tags",
            Kind::Author => "nr-nav-authors",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Kind::Section => "/admin/sections",
            Kind::Tag => "/admin/tags",
            Kind::Author => "/admin/authors",
        }
    }

    /// Its page in the default edition.
    fn public(self, edition: Language, slug: &str) -> String {
        let segment = percent_encode_segment(slug);
        let list = match self {
            Kind::Section => "section",
            Kind::Tag => "tag",
            Kind::Author => "author",
        };
        format!("/{edition}/{list}/{segment}")
    }
}

#[derive(Template)]
#[template(path = "admin/taxonomy.html")]
struct TaxonomyPage {
    frame: Frame,
    action: &'static str,
    csrf: String,
    with_bio: bool,
    /// The other editions a section may be named in: (code, named in itself).
    editions: Vec<(&'static str, String)>,
    /// (name, slug, public href, bio)
    rows: Vec<(String, String, String, String)>,
}

async fn page(
    app: &App,
    signed: &Signed,
    kind: Kind,
    status: StatusCode,
    error: Option<Message>,
) -> PageResult {
    let default = app.site.default_edition();
    let others: Vec<Language> = match kind {
        Kind::Section => app
            .site
            .editions
            .iter()
            .skip(1)
            .map(|e| e.language)
            .collect(),
        _ => Vec::new(),
    };
    let mut named = Vec::new();
    for language in &others {
        named.push(app.sections_in(*language).await?);
    }
    let rows = match kind {
        // A section's names in the other editions follow its own: «أخبار · News».
        Kind::Section => app
            .sections()
            .await?
            .into_iter()
            .map(|s| {
                let mut name = s.name;
                for found in named.iter().flatten().filter(|n| n.id == s.id) {
                    name = format!("{name} · {}", found.name);
                }
                (name, s.slug, String::new())
            })
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
        let href = kind.public(default, &slug);
        (name, slug, href, bio)
    })
    .collect();
    let frame = Frame::new(app, kind.heading(), signed).error(error);
    render_with(
        status,
        &TaxonomyPage {
            frame,
            action: kind.path(),
            csrf: signed.session.csrf.clone(),
            with_bio: matches!(kind, Kind::Author),
            editions: others
                .iter()
                .map(|l| (l.code(), l.texts().get("language-name").into_owned()))
                .collect(),
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
    /// A section's name in this other edition (`en`, `fa`); empty: its own.
    #[serde(default)]
    edition: String,
}

async fn save(app: App, signed: Signed, kind: Kind, form: EntryForm) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let name = form.name.trim();
    let slug = slugify(if form.slug.trim().is_empty() {
        name
    } else {
        form.slug.trim()
    });
    // A section's name in another edition; empty there takes it out of its menu.
    let edition = Language::from_code(&form.edition)
        .filter(|l| matches!(kind, Kind::Section) && *l != app.site.default_edition());
    if (name.is_empty() && edition.is_none())
        || name.chars().count() > 80
        || slug.is_empty()
        || form.bio.chars().count() > 2000
    {
        let error = Some("nr-taxonomy-invalid".into());
        return page(&app, &signed, kind, StatusCode::BAD_REQUEST, error).await;
    }
    let user = &signed.session.user;
    match (kind, edition) {
        (Kind::Section, Some(language)) => {
            match app.name_section(user, &slug, language, name).await {
                Ok(()) => {}
                Err(EditError::Invalid(problems)) => {
                    let error = problems.into_iter().next();
                    return page(&app, &signed, kind, StatusCode::BAD_REQUEST, error).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
        (Kind::Section, None) => app.save_section(user, &slug, name).await?,
        (Kind::Tag, _) => app.save_tag(user, &slug, name).await?,
        (Kind::Author, _) => {
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
