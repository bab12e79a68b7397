//! The article editor: write, preview, save and publish, revisions.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::DateTime;
use nashir_app::App;
use nashir_app::editor::{Draft, EditError, SaveAction};
use nashir_app::records::ReviewState;
use nashir_core::diff::{Change, diff_lines};
use nashir_core::permissions::Action;
use nashir_core::{Article, ArticleId, Section, Status, markdown};
use nashir_i18n::Speaks as _;
use nashir_i18n::{Language, Message};
use serde::Deserialize;

use super::{Frame, Signed, render, render_with, rich_words};
use crate::errors::WebError;
use crate::form::{Form, LenientQuery};
use crate::pages::origin;
use crate::views::ArticlePage;

type PageResult = Result<Response, WebError>;

/// The editor's fields.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct EditorForm {
    csrf: String,
    /// The edition of a new article (`ar`, `en`, `fa`).
    language: String,
    /// The id of the article this one translates (empty: none).
    translation_of: String,
    title: String,
    lead: String,
    body: String,
    section: String,
    source_name: String,
    source_url: String,
    tags: String,
    schedule_at: String,
    action: String,
    /// The article's id, 0 for a new one (autosave).
    article: String,
    featured: String,
    /// The slug chosen by hand (empty: made from the headline).
    slug: String,
    meta_description: String,
    social_title: String,
    /// The share image's media id, 0 for none.
    social_image: String,
    /// One per ticked author; a value that is no id is passed over.
    #[serde(rename = "author")]
    authors: Vec<String>,
    /// Present when ticked.
    sticky: String,
    correction_note: String,
    /// The revision the form was opened at (none for a new article).
    base_revision: String,
}

/// An article id typed or linked (`12`, ` 12 `); anything else is none.
fn translation_of(text: &str) -> Option<ArticleId> {
    text.trim().parse().ok().filter(|id| *id > 0).map(ArticleId)
}

impl EditorForm {
    fn draft(&self) -> Draft {
        Draft {
            language: Language::from_code(&self.language).unwrap_or_default(),
            translation_of: translation_of(&self.translation_of),
            title: self.title.clone(),
            lead: self.lead.clone(),
            body: self.body.clone(),
            section: self.section.clone(),
            source_name: self.source_name.clone(),
            source_url: self.source_url.clone(),
            tags: self.tags.clone(),
            authors: self.authors.iter().filter_map(|a| a.parse().ok()).collect(),
            featured: self.featured.parse().ok().filter(|id: &i64| *id > 0),
            slug: self.slug.clone(),
            meta_description: self.meta_description.clone(),
            social_title: self.social_title.clone(),
            social_image: self.social_image.parse().ok().filter(|id: &i64| *id > 0),
            sticky: !self.sticky.is_empty(),
            correction_note: self.correction_note.clone(),
            base_revision: self.base_revision.parse().ok(),
        }
    }
}

/// What another editor's save changed since this form was opened.
struct ConflictView {
    base: i64,
    current: i64,
    /// (mark, line) from the form's revision to the one saved since.
    diff: Vec<(&'static str, String)>,
    /// The action of the refused save, for saving on top.
    action: String,
}

#[derive(Template)]
#[template(path = "admin/editor.html")]
struct EditorPage {
    frame: Frame,
    id: Option<ArticleId>,
    /// A message key.
    status: Option<&'static str>,
    public_href: Option<String>,
    draft: Draft,
    sections: Vec<Section>,
    authors: Vec<nashir_core::Author>,
    media: Vec<nashir_core::Media>,
    schedule_at: String,
    /// (action, message key)
    actions: Vec<(&'static str, &'static str)>,
    /// A published article: a save may be a correction, with its note.
    published: bool,
    /// Earlier corrections, shown above the note field.
    corrections: Vec<(String, String)>,
    problems: Vec<String>,
    csrf: String,
    can_delete: bool,
    /// Comments open on the article, when the user may moderate (else none).
    comments_open: Option<bool>,
    /// When the shown text comes from an autosave, its time.
    restored_at: Option<String>,
    /// The rich editor's words, JSON for the page's `#editor-words` block.
    editor_words: String,
    /// Another save came first: what it changed, and the action this one asked for.
    conflict: Option<ConflictView>,
    /// The others who have this article open now, listed.
    others: String,
    /// Where its review stands: (waiting, the editor's note, since when).
    review: Option<(bool, String, String)>,
    /// An editor may send a waiting draft back.
    can_return: bool,
    /// The user may run the article's live coverage (who may publish it): a link
    /// to it, and whether it is live now.
    live: Option<bool>,
    /// The editions a new article may be written for, when the site publishes
    /// more than one: (code, the language named in itself, chosen).
    editions: Vec<(&'static str, String, bool)>,
    /// The article's edition, named in the newsroom's language.
    edition: String,
    /// Its translations: (the language named in itself, public address).
    translations: Vec<(String, String)>,
    /// The editions it has no version in yet: (code, named in the newsroom's
    /// language), each a link to start one.
    untranslated: Vec<(&'static str, String)>,
    /// The slug in use (the slug field's placeholder), empty for a new article.
    slug_now: String,
    /// The publishing fields start unfolded (one is set, or the form came back).
    publishing_open: bool,
    max_slug_words: usize,
    max_meta: usize,
    max_social_title: usize,
}

/// The message naming an article's status.
pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::Draft => "nr-revision-draft",
        Status::Scheduled => "nr-status-scheduled",
        Status::Published => "nr-status-published",
        Status::Unpublished => "nr-status-unpublished",
    }
}

/// The buttons an article in `status` offers.
fn actions(status: Option<Status>) -> Vec<(&'static str, &'static str)> {
    match status {
        None | Some(Status::Draft | Status::Unpublished) => vec![
            ("draft", "nr-action-draft"),
            ("submit", "nr-action-submit"),
            ("publish", "nr-action-publish"),
            ("schedule", "nr-action-schedule"),
        ],
        Some(Status::Scheduled) => vec![
            ("schedule", "nr-action-reschedule"),
            ("publish", "nr-action-publish"),
            ("unpublish", "nr-action-unschedule"),
        ],
        Some(Status::Published) => vec![
            ("update", "nr-action-update"),
            ("correction", "nr-action-correction"),
            ("unpublish", "nr-revision-unpublish"),
        ],
    }
}

async fn editor_page(
    app: &App,
    signed: &Signed,
    article: Option<&Article>,
    draft: Draft,
    schedule_at: String,
    problems: Vec<Message>,
    conflict: Option<ConflictView>,
) -> PageResult {
    // A fresh editor (not a form sent back with problems) offers newer autosaved text.
    let mut draft = draft;
    let mut restored_at = None;
    if problems.is_empty()
        && conflict.is_none()
        && let Some((saved, at)) = app
            .pending_autosave(
                &signed.session.user,
                article.map(|a| a.id),
                article.map(|a| a.modified_at),
            )
            .await?
    {
        draft = saved;
        restored_at = Some(signed.clock(app, at));
    }
    let user = &signed.session.user;
    let (others, review) = match article {
        Some(a) => (
            app.editing(user, a.id).await?,
            app.reviews(user, &[a.id]).await?.pop(),
        ),
        None => (Vec::new(), None),
    };
    let waiting = review
        .as_ref()
        .is_some_and(|r| r.state == ReviewState::Submitted);
    let can_return = waiting && user.may(Action::EditAny);
    let review = review.map(|r| {
        let since = r.answered_at.unwrap_or(r.requested_at);
        (waiting, r.note, signed.date(app, since))
    });
    let status = article.map(|a| a.status);
    // The article's pictures are offered even when newer uploads pushed them out
    // of the recent ones, or a save would drop them.
    let mut media = app.recent_media(&signed.session.user, 24).await?;
    for m in article
        .iter()
        .flat_map(|a| a.featured.iter().chain(&a.social_image))
    {
        if !media.iter().any(|n| n.id == m.id) {
            media.push(m.clone());
        }
    }
    let publishing_open = !problems.is_empty()
        || !draft.slug.trim().is_empty()
        || !draft.meta_description.trim().is_empty()
        || !draft.social_title.trim().is_empty()
        || draft.social_image.is_some();
    let named = |l: Language| l.texts().get("language-name").into_owned();
    let editions = super::edition_choices(app, draft.language);
    let (translations, untranslated) = match article {
        Some(a) => {
            let found = app.translations(a).await?;
            let missing = app
                .site
                .editions
                .iter()
                .map(|e| e.language)
                .filter(|l| *l != a.language && !found.iter().any(|s| s.language == *l))
                .map(|l| (l.code(), named(l)))
                .collect();
            let found = found
                .iter()
                .map(|s| (named(s.language), s.href()))
                .collect();
            (found, missing)
        }
        None => (Vec::new(), Vec::new()),
    };
    let page = EditorPage {
        frame: Frame::new(app, "nr-editor-title", signed),
        editions,
        edition: named(draft.language),
        translations,
        untranslated,
        id: article.map(|a| a.id),
        status: status.map(status_label),
        public_href: article
            .filter(|a| a.is_public(app.clock.now()))
            .map(Article::path),
        draft,
        sections: app.sections().await?,
        authors: app.authors().await?,
        media,
        schedule_at,
        actions: actions(status),
        published: status == Some(Status::Published),
        corrections: article
            .map(|a| {
                a.corrections
                    .iter()
                    .map(|c| (signed.date(app, c.at), c.note.clone()))
                    .collect()
            })
            .unwrap_or_default(),
        problems: signed.say(&problems),
        csrf: signed.session.csrf.clone(),
        can_delete: signed.session.user.may(Action::DeleteArticles),
        comments_open: article
            .filter(|_| signed.session.user.may(Action::ModerateComments))
            .map(|a| a.comments_open),
        restored_at,
        editor_words: rich_words::json(signed.texts()),
        conflict,
        others: others.join(&signed.texts().get("list-separator")),
        review,
        can_return,
        live: article
            .filter(|a| {
                let user = &signed.session.user;
                user.may_publish(user.owns(a.created_by))
            })
            .map(|a| a.live.is_some_and(|c| c.is_open())),
        slug_now: article.map(|a| a.slug.clone()).unwrap_or_default(),
        publishing_open,
        max_slug_words: nashir_core::slug::MAX_SLUG_WORDS,
        max_meta: nashir_app::editor::MAX_META_DESCRIPTION_CHARS,
        max_social_title: nashir_app::editor::MAX_SOCIAL_TITLE_CHARS,
    };
    let code = if page.conflict.is_some() {
        StatusCode::CONFLICT
    } else if page.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render_with(code, &page)
}

/// The article, if this user may open it in the editor.
async fn editable(app: &App, signed: &Signed, id: &str) -> Result<Article, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    Ok(app
        .editable_article(&signed.session.user, ArticleId(id))
        .await?)
}

fn schedule_value(app: &App, a: &Article) -> String {
    match (a.status, a.published_at) {
        (Status::Scheduled, Some(at)) => at
            .to_zoned_datetime(app.site.time_zone.clone())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string(),
        _ => String::new(),
    }
}

/// `?language=en&translation_of=12`: a new article opened to translate one.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    language: String,
    translation_of: String,
}

pub async fn new_article(
    State(app): State<App>,
    signed: Signed,
    LenientQuery(query): LenientQuery<NewQuery>,
) -> PageResult {
    let draft = Draft {
        section: nashir_app::DEFAULT_SECTION.into(),
        language: Language::from_code(&query.language)
            .filter(|l| app.site.publishes(*l))
            .unwrap_or_else(|| app.site.default_edition()),
        translation_of: translation_of(&query.translation_of),
        ..Draft::default()
    };
    editor_page(&app, &signed, None, draft, String::new(), Vec::new(), None).await
}

pub async fn edit_article(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
) -> PageResult {
    let article = editable(&app, &signed, &id).await?;
    let schedule = schedule_value(&app, &article);
    editor_page(
        &app,
        &signed,
        Some(&article),
        Draft::of(&article),
        schedule,
        Vec::new(),
        None,
    )
    .await
}

fn action_of(app: &App, form: &EditorForm) -> Result<SaveAction, Message> {
    Ok(match form.action.as_str() {
        "draft" => SaveAction::Draft,
        "submit" => SaveAction::Submit,
        "publish" => SaveAction::Publish,
        "update" => SaveAction::Update,
        "correction" => SaveAction::Correction,
        "unpublish" => SaveAction::Unpublish,
        "schedule" => {
            let local: DateTime = form
                .schedule_at
                .trim()
                .parse()
                .map_err(|_| Message::new("nr-editor-schedule-missing"))?;
            let at = local
                .to_zoned_datetime(app.site.time_zone.clone())
                .map_err(|_| Message::new("nr-editor-schedule-invalid"))?
                .timestamp();
            SaveAction::Schedule(at)
        }
        _ => return Err(Message::new("nr-editor-action")),
    })
}

async fn save(app: App, signed: Signed, id: Option<String>, form: EditorForm) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let existing = match &id {
        Some(id) => Some(editable(&app, &signed, id).await?),
        None => None,
    };
    let draft = form.draft();
    let result = match action_of(&app, &form) {
        Ok(action) => {
            app.save_article(
                &signed.session.user,
                existing.as_ref().map(|a| a.id),
                &draft,
                action,
            )
            .await
        }
        Err(problem) => Err(EditError::Invalid(vec![problem])),
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/admin/articles/{id}")).into_response()),
        Err(EditError::Invalid(problems)) => {
            editor_page(
                &app,
                &signed,
                existing.as_ref(),
                draft,
                form.schedule_at,
                problems,
                None,
            )
            .await
        }
        Err(EditError::Conflict { base, current }) => {
            let Some(article) = existing else {
                return Err(WebError::Conflict);
            };
            // What they saved since, against the text this form started from.
            let user = &signed.session.user;
            let now = app.editable_article(user, article.id).await?;
            let before = match app.revision(user, article.id, base).await {
                Ok(old) => full_text(&old.title, &old.lead, &old.body),
                Err(_) => String::new(),
            };
            let after = full_text(&now.title, &now.lead, &now.body);
            let conflict = ConflictView {
                base,
                current,
                diff: diff_view(&before, &after),
                action: form.action.clone(),
            };
            // Saving again goes on top of their revision.
            let draft = Draft {
                base_revision: Some(now.revision),
                ..draft
            };
            editor_page(
                &app,
                &signed,
                Some(&now),
                draft,
                form.schedule_at,
                Vec::new(),
                Some(conflict),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// A line diff as the templates mark it.
fn diff_view(before: &str, after: &str) -> Vec<(&'static str, String)> {
    diff_lines(before, after)
        .into_iter()
        .map(|(change, line)| {
            let mark = match change {
                Change::Same => "same",
                Change::Removed => "removed",
                Change::Added => "added",
            };
            (mark, line.to_string())
        })
        .collect()
}

pub async fn create_article(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<EditorForm>,
) -> PageResult {
    save(app, signed, None, form).await
}

pub async fn update_article(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<EditorForm>,
) -> PageResult {
    save(app, signed, Some(id), form).await
}

/// The draft as readers would see it, rendered by the public template, unsaved.
pub async fn preview(
    State(app): State<App>,
    signed: Signed,
    headers: HeaderMap,
    Form(form): Form<EditorForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let article = match app
        .preview_article(&signed.session.user, &form.draft())
        .await
    {
        Ok(article) => article,
        Err(EditError::Forbidden) => return Err(WebError::Forbidden),
        Err(EditError::Store(e)) => return Err(e.into()),
        Err(_) => return Err(WebError::BadRequest),
    };
    let page = ArticlePage::new(
        &app.site,
        crate::Edition::DEFAULT.language(),
        &article,
        &origin(&app, &headers),
        false,
    );
    let mut response = render(&page)?;
    response.headers_mut().insert(
        axum::http::HeaderName::from_static("x-robots-tag"),
        axum::http::HeaderValue::from_static("noindex"),
    );
    Ok(response)
}

pub struct RevisionRow {
    number: i64,
    kind: String,
    title: String,
    when: String,
}

#[derive(Template)]
#[template(path = "admin/revisions.html")]
struct RevisionsPage {
    frame: Frame,
    id: ArticleId,
    title: String,
    current: i64,
    csrf: String,
    revisions: Vec<RevisionRow>,
}

pub async fn revisions(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
) -> PageResult {
    let article = editable(&app, &signed, &id).await?;
    let t = signed.texts();
    let revisions = app
        .revisions(article.id)
        .await?
        .into_iter()
        .map(|r| RevisionRow {
            number: r.number,
            kind: match nashir_app::editor::kind_label(&r.kind) {
                Some(key) => t.get(key).into_owned(),
                None => r.kind,
            },
            title: r.title,
            when: signed.date_time(&app, r.created_at),
        })
        .collect();
    render(&RevisionsPage {
        frame: Frame::new(&app, "nr-revisions", &signed),
        id: article.id,
        title: article.title.clone(),
        current: article.revision,
        csrf: signed.session.csrf.clone(),
        revisions,
    })
}

#[derive(Template)]
#[template(path = "admin/revision.html")]
struct RevisionPage {
    frame: Frame,
    id: ArticleId,
    number: i64,
    title: String,
    /// What it is compared with.
    against: String,
    /// Other revisions to compare it with.
    others: Vec<i64>,
    diff: Vec<(&'static str, String)>,
}

/// The whole text of a saved version, for comparing.
fn full_text(title: &str, lead: &str, body: &[nashir_core::Block]) -> String {
    format!("# {title}\n\n{lead}\n\n{}", markdown::render(body))
}

#[derive(Default, Deserialize)]
pub struct RevisionQuery {
    against: Option<i64>,
}

/// Revision `number` against another (`?against=M`) or, by default, the current text.
pub async fn revision(
    State(app): State<App>,
    signed: Signed,
    Path((id, number)): Path<(String, String)>,
    LenientQuery(query): LenientQuery<RevisionQuery>,
) -> PageResult {
    let article = editable(&app, &signed, &id).await?;
    let number: i64 = number.parse().map_err(|_| WebError::NotFound)?;
    let user = &signed.session.user;
    let old = app.revision(user, article.id, number).await?;
    let t = signed.texts();
    let (after, against_label) = match query.against {
        Some(m) => {
            let other = app.revision(user, article.id, m).await?;
            (
                full_text(&other.title, &other.lead, &other.body),
                t.arg("nr-revision-number", "number", m),
            )
        }
        None => (
            full_text(&article.title, &article.lead, &article.body),
            t.get("nr-revision-current-text").into_owned(),
        ),
    };
    let before = full_text(&old.title, &old.lead, &old.body);
    let diff = diff_view(&before, &after);
    render(&RevisionPage {
        frame: Frame::new(&app, "nr-revision-title", &signed),
        id: article.id,
        number,
        title: old.title,
        against: against_label,
        others: app
            .revisions(article.id)
            .await?
            .into_iter()
            .map(|r| r.number)
            .filter(|n| *n != number)
            .collect(),
        diff,
    })
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn restore(
    State(app): State<App>,
    signed: Signed,
    Path((id, number)): Path<(String, String)>,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let article = editable(&app, &signed, &id).await?;
    let number: i64 = number.parse().map_err(|_| WebError::NotFound)?;
    match app
        .restore_revision(&signed.session.user, article.id, number)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/admin/articles/{}", article.id)).into_response()),
        Err(e) => Err(e.into()),
    }
}

pub async fn delete(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    edit_result(
        app.delete_article(&signed.session.user, ArticleId(id))
            .await,
        "/admin/trash",
    )
}

pub async fn undelete(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let to = format!("/admin/articles/{id}");
    edit_result(
        app.restore_article(&signed.session.user, ArticleId(id))
            .await,
        &to,
    )
}

/// A use-case's answer as a redirect on success or the matching error page.
fn edit_result(result: Result<(), EditError>, to: &str) -> PageResult {
    result
        .map(|()| Redirect::to(to).into_response())
        .map_err(WebError::from)
}

#[derive(Template)]
#[template(path = "admin/trash.html")]
struct TrashPage {
    frame: Frame,
    csrf: String,
    days: i64,
    items: Vec<(ArticleId, String, String)>,
}

pub async fn trash(State(app): State<App>, signed: Signed) -> PageResult {
    let items = app
        .trashed_articles(&signed.session.user, 200)
        .await?
        .into_iter()
        .map(|(s, at)| (s.id, s.title, signed.date(&app, at)))
        .collect();
    render(&TrashPage {
        frame: Frame::new(&app, "nr-nav-trash", &signed),
        csrf: signed.session.csrf.clone(),
        days: nashir_app::editor::TRASH_DAYS,
        items,
    })
}

/// Stores the editor's unsaved form; answers 204 (the page's script ignores the body).
pub async fn autosave(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<EditorForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let article = match form.article.parse::<i64>() {
        Ok(0) | Err(_) => None,
        Ok(id) => Some(editable(&app, &signed, &id.to_string()).await?.id),
    };
    app.autosave(&signed.session.user, article, &form.draft())
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The editor page says every half minute that its user still has the article
/// open, and hears who else has.
pub async fn editing(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let others = app.editing(&signed.session.user, ArticleId(id)).await?;
    let body = serde_json::json!({ "others": others }).to_string();
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct ReturnForm {
    csrf: String,
    note: String,
}

/// An editor sends a draft waiting for review back with a note.
pub async fn return_review(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<ReturnForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let article = editable(&app, &signed, &id).await?;
    match app
        .return_for_review(&signed.session.user, article.id, &form.note)
        .await
    {
        Ok(()) => Ok(Redirect::to("/admin/review").into_response()),
        Err(EditError::Invalid(problems)) => {
            let schedule = schedule_value(&app, &article);
            let draft = Draft::of(&article);
            editor_page(
                &app,
                &signed,
                Some(&article),
                draft,
                schedule,
                problems,
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "admin/review.html")]
struct ReviewQueue {
    frame: Frame,
    /// (editor link, headline, section, sent on)
    drafts: Vec<(String, String, String, String)>,
}

/// The drafts waiting for an editor, the longest waiting first.
pub async fn review_queue(State(app): State<App>, signed: Signed) -> PageResult {
    let drafts = app
        .review_queue(&signed.session.user)
        .await?
        .into_iter()
        .map(|(s, r)| {
            (
                format!("/admin/articles/{}", s.id),
                s.title,
                s.section.name,
                signed.date(&app, r.requested_at),
            )
        })
        .collect();
    render(&ReviewQueue {
        frame: Frame::new(&app, "nr-nav-review", &signed),
        drafts,
    })
}
