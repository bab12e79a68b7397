//! An article's live coverage in the newsroom: start, close or reopen it, add
//! entries (text, an image, a quote), fix or delete them. One page and one form
//! target; every form carries the session's CSRF token.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_app::editor::EditError;
use nashir_app::live::{
    CoverageAction, EntryForm, LiveDesk, MAX_ATTRIBUTION_CHARS, MAX_ENTRY_CHARS,
};
use nashir_core::ArticleId;
use nashir_core::live::{EntryKind, LiveEntry};
use nashir_i18n::Message;
use serde::Deserialize;

use super::articles::status_label;
use super::{Frame, Signed, render_with};
use crate::errors::WebError;
use crate::form::{Form, LenientQuery};

type PageResult = Result<Response, WebError>;

/// One entry in the newsroom's list.
struct DeskEntry {
    id: i64,
    /// A message key.
    kind: &'static str,
    when: String,
    iso: String,
    body: String,
    attribution: String,
    image: Option<nashir_core::Media>,
    edited: Option<String>,
}

/// When an entry or the coverage happened, for `signed`: the clock as the
/// reader's live page writes it in that language (the site's digits in Arabic).
fn when(app: &App, signed: &Signed, at: jiff::Timestamp) -> String {
    let language = signed.language();
    format!(
        "{} {}",
        signed.date(app, at),
        app.site.time_of_day_in(language, at)
    )
}

impl DeskEntry {
    fn new(app: &App, signed: &Signed, e: &LiveEntry) -> DeskEntry {
        let when = |at| when(app, signed, at);
        DeskEntry {
            id: e.id,
            kind: kind_label(e.kind),
            when: when(e.created_at),
            iso: e.created_at.to_string(),
            body: e.body.clone(),
            attribution: e.attribution.clone(),
            image: e.media.clone(),
            edited: e.edited_at.map(when),
        }
    }
}

/// The message naming an entry's kind.
fn kind_label(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Text => "nr-live-kind-text",
        EntryKind::Image => "nr-live-kind-image",
        EntryKind::Quote => "nr-live-kind-quote",
    }
}

#[derive(Template)]
#[template(path = "admin/live.html")]
struct DeskPage {
    frame: Frame,
    csrf: String,
    id: ArticleId,
    title: String,
    status: &'static str,
    public_href: Option<String>,
    /// `none`, `open` or `closed`.
    state: &'static str,
    started: Option<String>,
    ended: Option<String>,
    count: u64,
    entries: Vec<DeskEntry>,
    older_href: Option<String>,
    newest_href: Option<String>,
    /// The entry form: a new entry's, or the entry being fixed.
    form: EntryForm,
    editing: Option<i64>,
    kinds: Vec<(&'static str, &'static str)>,
    media: Vec<nashir_core::Media>,
    problems: Vec<String>,
    max_chars: usize,
    max_attribution: usize,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct DeskQuery {
    /// A page of older entries: those before this one.
    before: Option<i64>,
    /// The entry to fix in the form.
    edit: Option<i64>,
    /// What was just done, for the notice.
    done: String,
}

/// What was done, as the notice after it says.
fn notice(done: &str) -> Option<Message> {
    Some(Message::new(match done {
        "start" => "nr-live-done-start",
        "close" => "nr-live-done-close",
        "cancel" => "nr-live-done-cancel",
        "add" => "nr-live-done-add",
        "edit" => "nr-live-done-edit",
        "delete" => "nr-live-done-delete",
        _ => return None,
    }))
}

fn article_id(id: &str) -> Result<ArticleId, WebError> {
    id.parse().map(ArticleId).map_err(|_| WebError::NotFound)
}

/// The page: the desk's state, a form (with its problems, answered 400), and a
/// notice of what was just done.
async fn desk_page(
    app: &App,
    signed: &Signed,
    desk: LiveDesk,
    (before, editing): (Option<i64>, Option<i64>),
    form: EntryForm,
    problems: Vec<Message>,
    done: Option<Message>,
) -> PageResult {
    let a = &desk.article;
    let (state, started, ended) = match a.live {
        None => ("none", None, None),
        Some(c) => {
            let when = |at| when(app, signed, at);
            (
                if c.is_open() { "open" } else { "closed" },
                Some(when(c.started_at)),
                c.ended_at.map(when),
            )
        }
    };
    let base = format!("/admin/articles/{}/live", a.id);
    let frame = Frame::new(app, "nr-live-title", signed).notice(done);
    let page = DeskPage {
        frame,
        csrf: signed.session.csrf.clone(),
        id: a.id,
        title: a.title.clone(),
        status: status_label(a.status),
        public_href: a.is_public(app.clock.now()).then(|| a.path()),
        state,
        started,
        ended,
        count: desk.count,
        entries: desk
            .page
            .entries
            .iter()
            .map(|e| DeskEntry::new(app, signed, e))
            .collect(),
        older_href: desk.page.older.map(|id| format!("{base}?before={id}")),
        newest_href: before.map(|_| base.clone()),
        form,
        editing,
        kinds: EntryKind::ALL
            .iter()
            .map(|k| (k.as_str(), kind_label(*k)))
            .collect(),
        media: app.recent_media(&signed.session.user, 24).await?,
        problems: signed.say(&problems),
        max_chars: MAX_ENTRY_CHARS,
        max_attribution: MAX_ATTRIBUTION_CHARS,
    };
    let code = if page.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render_with(code, &page)
}

/// `GET /admin/articles/{id}/live`: the coverage, its entries (`?before=`: older
/// ones) and the entry form (`?edit=`: fixing one).
pub async fn desk(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    LenientQuery(query): LenientQuery<DeskQuery>,
) -> PageResult {
    let id = article_id(&id)?;
    let user = &signed.session.user;
    let desk = app.live_desk(user, id, query.before).await?;
    let form = match query.edit {
        Some(entry) => EntryForm::of(&app.live_entry(user, id, entry).await?),
        None => EntryForm {
            kind: EntryKind::Text.as_str().into(),
            ..EntryForm::default()
        },
    };
    let done = notice(&query.done);
    desk_page(
        &app,
        &signed,
        desk,
        (query.before, query.edit),
        form,
        Vec::new(),
        done,
    )
    .await
}

/// The desk's forms: `action` says which.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct DeskForm {
    csrf: String,
    /// `start`, `close`, `cancel`, `add`, `edit` or `delete`.
    action: String,
    /// The entry fixed or deleted.
    entry: String,
    kind: String,
    body: String,
    attribution: String,
    /// A media id; anything else is no picture.
    media: String,
}

impl DeskForm {
    fn entry_form(&self) -> EntryForm {
        EntryForm {
            kind: self.kind.clone(),
            body: self.body.clone(),
            attribution: self.attribution.clone(),
            media: self.media.parse().ok().filter(|id: &i64| *id > 0),
        }
    }
}

/// `POST /admin/articles/{id}/live`.
pub async fn act(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<DeskForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let id = article_id(&id)?;
    let user = &signed.session.user;
    let entry = form.entry.parse::<i64>().ok();
    let result = match (form.action.as_str(), entry) {
        ("start", _) => app.set_coverage(user, id, CoverageAction::Start).await,
        ("close", _) => app.set_coverage(user, id, CoverageAction::Close).await,
        ("cancel", _) => app.set_coverage(user, id, CoverageAction::Cancel).await,
        ("add", _) => app
            .add_live_entry(user, id, &form.entry_form())
            .await
            .map(drop),
        ("edit", Some(entry)) => {
            app.edit_live_entry(user, id, entry, &form.entry_form())
                .await
        }
        ("delete", Some(entry)) => app.delete_live_entry(user, id, entry).await,
        _ => return Err(WebError::BadRequest),
    };
    match result {
        Ok(()) => {
            let to = format!("/admin/articles/{id}/live?done={}", form.action);
            Ok(Redirect::to(&to).into_response())
        }
        Err(EditError::Invalid(problems)) => {
            let desk = app.live_desk(user, id, None).await?;
            let editing = entry.filter(|_| form.action == "edit");
            let typed = if matches!(form.action.as_str(), "add" | "edit") {
                form.entry_form()
            } else {
                EntryForm {
                    kind: EntryKind::Text.as_str().into(),
                    ..EntryForm::default()
                }
            };
            desk_page(&app, &signed, desk, (None, editing), typed, problems, None).await
        }
        Err(e) => Err(e.into()),
    }
}
