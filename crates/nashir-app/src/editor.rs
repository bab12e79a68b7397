//! Writing and publishing: the newsroom's saves, with the permission table applied.

mod presence;
mod reads;
mod review;

pub use presence::EDITING_HINT;

use jiff::Timestamp;
use nashir_core::language::Language;
use nashir_core::permissions::Action;
use nashir_core::{
    Article, ArticleId, Media, NewArticle, Publishing, Source, Status, markdown, plain_text, slug,
};

use nashir_i18n::Message;

use crate::accounts::User;
use crate::app::App;
use crate::records::{ArticleSave, NewsroomWrite, ReviewMark, RevisionInfo};
use crate::store::StoreError;

pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_LEAD_CHARS: usize = 2_000;
pub const MAX_BODY_CHARS: usize = 200_000;
pub const MAX_TAGS: usize = 20;
/// Bylines on one article (each is a row written under the write lock).
pub const MAX_AUTHORS: usize = 10;
/// Images named in one body (each is looked up before saving).
pub const MAX_BODY_IMAGES: usize = 200;
/// A correction's note for readers.
pub const MAX_CORRECTION_CHARS: usize = 1_000;
/// The description search engines and shares show (`<meta name="description">`).
pub const MAX_META_DESCRIPTION_CHARS: usize = 300;
/// The headline shares show (`og:title`).
pub const MAX_SOCIAL_TITLE_CHARS: usize = 200;
/// How long deleted articles stay restorable.
pub const TRASH_DAYS: i64 = 30;

/// The editor's form, as typed.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Draft {
    /// The edition a new article is written for; an article stays in its own.
    pub language: Language,
    /// The article this one translates (into another edition): linked on save
    /// while it has no translations yet.
    pub translation_of: Option<ArticleId>,
    pub title: String,
    pub lead: String,
    /// The body in the editor's Markdown (see `nashir_core::markdown`).
    pub body: String,
    pub section: String,
    pub source_name: String,
    pub source_url: String,
    /// Comma-separated (Latin or Arabic commas).
    pub tags: String,
    /// Author profile ids, in byline order.
    pub authors: Vec<i64>,
    /// The featured image's media id.
    pub featured: Option<i64>,
    /// The slug chosen by hand (cleaned on save); empty: made from the headline.
    pub slug: String,
    /// For search engines and shares; empty: the lead.
    pub meta_description: String,
    /// The headline shares show; empty: the headline.
    pub social_title: String,
    /// The image shares show (a media id); none: the featured image.
    pub social_image: Option<i64>,
    /// Kept among the home page's featured stories.
    pub sticky: bool,
    /// What a correction put right, for readers (a correction only).
    pub correction_note: String,
    /// The revision the form started from: a save over a newer one is refused
    /// ([`EditError::Conflict`]) rather than overwrite another editor's work.
    pub base_revision: Option<i64>,
}

impl Draft {
    pub fn of(a: &Article) -> Draft {
        Draft {
            language: a.language,
            translation_of: None,
            title: a.title.clone(),
            lead: a.lead.clone(),
            body: markdown::render(&a.body),
            section: a.section.slug.clone(),
            source_name: a
                .source
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            source_url: a
                .source
                .as_ref()
                .and_then(|s| s.url.clone())
                .unwrap_or_default(),
            tags: a
                .tags
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(tag_separator(a.language)),
            authors: a.authors.iter().map(|w| w.id).collect(),
            featured: a.featured.as_ref().map(|m| m.id),
            slug: a.publishing.slug.clone().unwrap_or_default(),
            meta_description: a.publishing.meta_description.clone(),
            social_title: a.publishing.social_title.clone(),
            social_image: a.social_image.as_ref().map(|m| m.id),
            sticky: a.sticky,
            correction_note: String::new(),
            base_revision: Some(a.revision),
        }
    }
}

/// What a save does besides storing the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveAction {
    /// Keep (or make) it a draft.
    Draft,
    /// Keep it a draft and send it to the editors for review.
    Submit,
    /// Publish now.
    Publish,
    /// Publish at this time.
    Schedule(Timestamp),
    /// A published article changed: readers see a new "last updated" date.
    Update,
    /// A published article fixed without announcing it: the date stays.
    Correction,
    /// Take a published or scheduled article off the site.
    Unpublish,
}

/// The message naming a revision kind in the newsroom (none for a kind of no
/// name: shown as stored).
pub fn kind_label(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "draft" => "nr-revision-draft",
        "submit" => "nr-revision-submit",
        "publish" => "nr-revision-publish",
        "schedule" => "nr-revision-schedule",
        "update" => "nr-revision-update",
        "correction" => "nr-revision-correction",
        "unpublish" => "nr-revision-unpublish",
        "restore" => "nr-revision-restore",
        "import" => "nr-revision-import",
        _ => return None,
    })
}

impl SaveAction {
    fn kind(self) -> &'static str {
        match self {
            SaveAction::Draft => "draft",
            SaveAction::Submit => "submit",
            SaveAction::Publish => "publish",
            SaveAction::Schedule(_) => "schedule",
            SaveAction::Update => "update",
            SaveAction::Correction => "correction",
            SaveAction::Unpublish => "unpublish",
        }
    }
}

/// Why a newsroom use-case (a save, and the newsroom's other reads and writes) did
/// not happen.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("not allowed")]
    Forbidden,
    #[error("no such article")]
    NotFound,
    /// What is wrong with the form, one message per problem, said in the
    /// user's language where shown (in English in logs).
    #[error("{}", say_all(.0))]
    Invalid(Vec<Message>),
    /// Someone saved the article after the form was opened at revision `base`:
    /// it is now at `current`, and this save wrote nothing.
    #[error("the article moved from revision {base} to {current} meanwhile")]
    Conflict { base: i64, current: i64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Messages joined for a log line.
fn say_all(messages: &[Message]) -> String {
    messages
        .iter()
        .map(Message::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Between tags in the editor's field: the Arabic comma in a right-to-left
/// edition (data in the article's language, not interface text).
fn tag_separator(language: Language) -> &'static str {
    if language.is_rtl() { "\u{60C} " } else { ", " }
}

fn check(draft: &Draft) -> Vec<Message> {
    let mut problems = Vec::new();
    let title = draft.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        problems.push(Message::new("nr-editor-title-required").with("max", MAX_TITLE_CHARS));
    }
    if draft.lead.chars().count() > MAX_LEAD_CHARS {
        problems.push(Message::new("nr-editor-lead-long").with("max", MAX_LEAD_CHARS));
    }
    if draft.body.chars().count() > MAX_BODY_CHARS {
        problems.push(Message::new("nr-editor-body-long").with("max", MAX_BODY_CHARS));
    }
    let url = draft.source_url.trim();
    let web_address = url.starts_with("https://") || url.starts_with("http://");
    if !(url.is_empty() || web_address) || url.chars().any(char::is_whitespace) {
        problems.push("nr-editor-source-url".into());
    }
    if tag_names(&draft.tags).len() > MAX_TAGS {
        problems.push(Message::new("nr-editor-tags-many").with("max", MAX_TAGS));
    }
    if draft.authors.len() > MAX_AUTHORS {
        problems.push(Message::new("nr-editor-authors-many").with("max", MAX_AUTHORS));
    }
    if let Err(problem) = chosen_slug(&draft.slug) {
        problems.push(problem);
    }
    if plain_text::clean_line(&draft.meta_description)
        .chars()
        .count()
        > MAX_META_DESCRIPTION_CHARS
    {
        problems.push(Message::new("nr-editor-meta-long").with("max", MAX_META_DESCRIPTION_CHARS));
    }
    if plain_text::clean_line(&draft.social_title).chars().count() > MAX_SOCIAL_TITLE_CHARS {
        problems
            .push(Message::new("nr-editor-social-title-long").with("max", MAX_SOCIAL_TITLE_CHARS));
    }
    problems
}

/// The slug typed in the form, cleaned: none when the field is empty (the slug
/// is then made from the headline), else the cleaned slug or what is wrong with it.
fn chosen_slug(typed: &str) -> Result<Option<String>, Message> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    match slug::custom(typed) {
        Some(slug) => Ok(Some(slug)),
        None if slug::slugify(typed).is_empty() => Err("nr-editor-slug-empty".into()),
        None => Err(Message::new("nr-editor-slug-long")
            .with("words", slug::MAX_SLUG_WORDS)
            .with("max", slug::MAX_SLUG_CHARS)),
    }
}

/// The publishing fields of a form, cleaned (a slug the form's checks refused
/// reads as none).
fn publishing_fields(draft: &Draft) -> Publishing {
    Publishing {
        slug: chosen_slug(&draft.slug).ok().flatten(),
        meta_description: plain_text::clean_line(&draft.meta_description)
            .chars()
            .take(MAX_META_DESCRIPTION_CHARS)
            .collect(),
        social_title: plain_text::clean_line(&draft.social_title)
            .chars()
            .take(MAX_SOCIAL_TITLE_CHARS)
            .collect(),
    }
}

fn tag_names(tags: &str) -> Vec<String> {
    tags.split([',', '\u{60C}'])
        .map(|t| t.trim().chars().take(50).collect::<String>())
        .filter(|t| !t.is_empty())
        .collect()
}

impl App {
    /// Saves an article from the editor (`id` none: a new one) and applies `action`.
    /// Checks who may do it, validates the form, records a revision, updates tags,
    /// writes the audit log and tells caches and search.
    pub async fn save_article(
        &self,
        user: &User,
        id: Option<ArticleId>,
        draft: &Draft,
        action: SaveAction,
    ) -> Result<ArticleId, EditError> {
        let now = self.clock.now();
        let existing = match id {
            Some(id) => Some(self.store.article(id).await?.ok_or(EditError::NotFound)?),
            None => None,
        };
        let own = existing.as_ref().is_none_or(|a| user.owns(a.created_by));
        let publishing = !matches!(action, SaveAction::Draft | SaveAction::Submit)
            || existing.as_ref().is_some_and(|a| a.status != Status::Draft);
        if !user.may_edit(own) || (publishing && !user.may_publish(own)) {
            return Err(EditError::Forbidden);
        }
        if let (Some(a), Some(base)) = (&existing, draft.base_revision)
            && a.revision != base
        {
            return Err(EditError::Conflict {
                base,
                current: a.revision,
            });
        }
        let mut problems = check(draft);
        let language = existing.as_ref().map_or(draft.language, |a| a.language);
        if existing.is_none() && !self.site.publishes(language) {
            problems.push("nr-editor-edition-unknown".into());
        }
        let translation_of = draft.translation_of.filter(|_| {
            existing
                .as_ref()
                .is_none_or(|a| a.translation_group.is_none())
        });
        if let Some(of) = translation_of {
            problems.extend(self.translation_problem(of, language).await?);
        }
        let status = existing.as_ref().map(|a| a.status);
        let published = matches!(status, Some(Status::Published));
        match action {
            SaveAction::Update | SaveAction::Correction if !published => {
                problems.push("nr-editor-update-unpublished".into());
            }
            SaveAction::Correction if draft.correction_note.trim().is_empty() => {
                problems.push("nr-editor-correction-note".into());
            }
            SaveAction::Correction
                if draft.correction_note.trim().chars().count() > MAX_CORRECTION_CHARS =>
            {
                problems.push(
                    Message::new("nr-editor-correction-long").with("max", MAX_CORRECTION_CHARS),
                );
            }
            SaveAction::Unpublish
                if !matches!(status, Some(Status::Published | Status::Scheduled)) =>
            {
                problems.push("nr-editor-not-published".into());
            }
            SaveAction::Draft | SaveAction::Submit if published => {
                problems.push("nr-editor-published-save".into());
            }
            SaveAction::Schedule(at) if at <= now => {
                problems.push("nr-editor-schedule-past".into());
            }
            _ => {}
        }
        let featured = match draft.featured {
            Some(id) => match self.store.media(id).await? {
                Some(m) => Some(m),
                None => {
                    problems.push("nr-picture-missing".into());
                    None
                }
            },
            None => None,
        };
        let going_public = matches!(
            action,
            SaveAction::Publish
                | SaveAction::Schedule(_)
                | SaveAction::Update
                | SaveAction::Correction
        );
        if going_public && featured.as_ref().is_some_and(|m| m.alt.trim().is_empty()) {
            problems.push("nr-editor-featured-alt".into());
        }
        let social_image = match draft.social_image {
            Some(id) => match self.store.media(id).await? {
                Some(m) => Some(m),
                None => {
                    problems.push("nr-editor-social-image-missing".into());
                    None
                }
            },
            None => None,
        };
        if going_public
            && social_image
                .as_ref()
                .is_some_and(|m| m.alt.trim().is_empty())
        {
            problems.push("nr-editor-social-image-alt".into());
        }
        let mut images = Article::body_images(&markdown::parse(&draft.body));
        images.sort_unstable();
        images.dedup();
        if images.len() > MAX_BODY_IMAGES {
            problems.push(Message::new("nr-editor-images-many").with("max", MAX_BODY_IMAGES));
            images.clear();
        }
        for id in images {
            match self.store.media(id).await? {
                None => problems.push(Message::new("nr-editor-image-missing").with("id", id)),
                Some(m) if going_public && m.alt.trim().is_empty() => {
                    problems.push(Message::new("nr-editor-image-alt").with("id", id))
                }
                Some(_) => {}
            }
        }
        if !problems.is_empty() {
            return Err(EditError::Invalid(problems));
        }
        let previous_published = existing.as_ref().and_then(|a| a.published_at);
        let previous_updated = existing.as_ref().map(|a| a.updated_at);
        let (status, published_at, updated_at) = match action {
            SaveAction::Draft | SaveAction::Submit => (Status::Draft, previous_published, now),
            SaveAction::Publish => (Status::Published, Some(now), now),
            SaveAction::Schedule(at) => (Status::Scheduled, Some(at), at),
            SaveAction::Update => (Status::Published, previous_published, now),
            SaveAction::Correction => (
                Status::Published,
                previous_published,
                previous_updated.unwrap_or(now),
            ),
            SaveAction::Unpublish => (
                Status::Unpublished,
                previous_published,
                previous_updated.unwrap_or(now),
            ),
        };
        let source_name = draft.source_name.trim();
        let article = NewArticle {
            language,
            section_slug: draft.section.trim().to_string(),
            title: draft.title.trim().to_string(),
            lead: draft.lead.trim().to_string(),
            body: markdown::parse(&draft.body),
            source: (!source_name.is_empty()).then(|| Source {
                name: source_name.chars().take(200).collect(),
                url: Some(draft.source_url.trim().to_string()).filter(|u| !u.is_empty()),
            }),
            status,
            published_at,
            updated_at,
            publishing: publishing_fields(draft),
        };
        let tags = tag_names(&draft.tags)
            .into_iter()
            .map(|name| (slug::slugify(&name), name))
            .filter(|(slug, _)| !slug.is_empty())
            .collect();
        let audit_note = article.title.clone();
        let save = ArticleSave {
            id: existing.as_ref().map(|a| a.id),
            seen_revision: existing.as_ref().map(|a| a.revision),
            article,
            kind: action.kind().into(),
            by: user.id,
            clear_autosave: true,
            tags: Some(tags),
            authors: Some(draft.authors.clone()),
            featured: Some(featured.map(|m| m.id)),
            social_image: Some(social_image.map(|m| m.id)),
            sticky: Some(draft.sticky),
            correction: (action == SaveAction::Correction)
                .then(|| plain_text::clean_multiline(draft.correction_note.trim())),
            review: match action {
                SaveAction::Submit => Some(ReviewMark::Submit),
                SaveAction::Publish | SaveAction::Schedule(_) => Some(ReviewMark::Clear),
                _ => None,
            },
            event: match action {
                SaveAction::Publish => Some(crate::webhooks::PUBLISHED),
                SaveAction::Update => Some(crate::webhooks::UPDATED),
                SaveAction::Correction => Some(crate::webhooks::CORRECTED),
                SaveAction::Unpublish if published => Some(crate::webhooks::UNPUBLISHED),
                _ => None,
            },
            audit: (action.kind().into(), audit_note),
        };
        let id = match self.store.save_article(&save, now).await {
            Ok(id) => id,
            Err(StoreError::UnknownSection(_)) => {
                return Err(EditError::Invalid(vec!["nr-editor-section".into()]));
            }
            Err(StoreError::Conflict(_)) => {
                return Err(self.conflict(save.id, save.seen_revision).await);
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(of) = translation_of
            && let Err(e) = self.link_translation(id, of).await
        {
            // Checked above; only a link made meanwhile by someone else fails.
            tracing::warn!(%id, %of, "not linked as a translation: {e}");
        }
        self.changed().await;
        Ok(id)
    }

    /// The draft as readers would see it, unsaved: cut to the editor's limits,
    /// with the images it names that exist, dated now. For the preview.
    pub async fn preview_article(&self, user: &User, draft: &Draft) -> Result<Article, EditError> {
        if !user.may(Action::WriteOwnDrafts) {
            return Err(EditError::Forbidden);
        }
        let sections = self.store.sections().await?;
        let section = sections
            .iter()
            .find(|s| s.slug == draft.section)
            .or(sections.first())
            .cloned()
            .ok_or(EditError::Invalid(vec!["nr-editor-section".into()]))?;
        let body: String = draft.body.chars().take(MAX_BODY_CHARS).collect();
        let body = markdown::parse(&body);
        let featured = match draft.featured {
            Some(id) => self.store.media(id).await?,
            None => None,
        };
        let social_image: Option<Media> = match draft.social_image {
            Some(id) => self.store.media(id).await?,
            None => None,
        };
        let mut images = Vec::new();
        for id in Article::body_images(&body) {
            images.extend(self.store.media(id).await?);
        }
        let title: String = draft.title.chars().take(MAX_TITLE_CHARS).collect();
        let source_name = draft.source_name.trim();
        let now = self.clock.now();
        let publishing = publishing_fields(draft);
        Ok(Article {
            id: ArticleId(0),
            language: draft.language,
            section,
            slug: publishing
                .slug
                .clone()
                .unwrap_or_else(|| slug::slugify_title(&title)),
            title,
            lead: draft.lead.chars().take(MAX_LEAD_CHARS).collect(),
            body,
            source: (!source_name.is_empty()).then(|| Source {
                name: source_name.chars().take(200).collect(),
                url: None,
            }),
            authors: Vec::new(),
            tags: Vec::new(),
            featured,
            images,
            status: Status::Draft,
            published_at: Some(now),
            updated_at: now,
            modified_at: now,
            created_at: now,
            revision: 0,
            created_by: Some(user.id),
            comments_open: true,
            approved_comments: 0,
            corrections: Vec::new(),
            sticky: false,
            live: None,
            publishing,
            social_image,
            translation_group: None,
        })
    }

    /// Puts revision `number`'s text back as a new revision; status and dates stay.
    pub async fn restore_revision(
        &self,
        user: &User,
        id: ArticleId,
        number: i64,
    ) -> Result<(), EditError> {
        let current = self.store.article(id).await?.ok_or(EditError::NotFound)?;
        let own = user.owns(current.created_by);
        let published = current.status != Status::Draft;
        if !user.may_edit(own) || (published && !user.may_publish(own)) {
            return Err(EditError::Forbidden);
        }
        let old = self
            .store
            .revision(id, number)
            .await?
            .ok_or(EditError::NotFound)?;
        let restored = NewArticle {
            status: current.status,
            published_at: current.published_at,
            updated_at: current.updated_at,
            ..old
        };
        let save = ArticleSave {
            id: Some(id),
            seen_revision: Some(current.revision),
            article: restored,
            kind: "restore".into(),
            by: user.id,
            clear_autosave: false,
            tags: None,
            authors: None,
            featured: None,
            social_image: None,
            sticky: None,
            correction: None,
            review: None,
            event: (current.status == Status::Published).then_some(crate::webhooks::UPDATED),
            audit: ("restore".into(), format!("revision {number}")),
        };
        match self.store.save_article(&save, self.clock.now()).await {
            Ok(_) => {}
            Err(StoreError::Conflict(_)) => {
                return Err(self.conflict(save.id, save.seen_revision).await);
            }
            Err(e) => return Err(e.into()),
        }
        self.changed().await;
        Ok(())
    }

    /// Another save came in between a save's checks and its write (at `base`):
    /// the store refused it whole. Which revision the article is at now.
    async fn conflict(&self, id: Option<ArticleId>, base: Option<i64>) -> EditError {
        let base = base.unwrap_or(0);
        let current = match id {
            Some(id) => self.store.article(id).await.ok().flatten(),
            None => None,
        };
        EditError::Conflict {
            base,
            current: current.map_or(base + 1, |a| a.revision),
        }
    }

    /// Moves an article to the trash (editors); restorable for [`TRASH_DAYS`] days.
    pub async fn delete_article(&self, user: &User, id: ArticleId) -> Result<(), EditError> {
        if !user.may(Action::DeleteArticles) {
            return Err(EditError::Forbidden);
        }
        let article = self.store.article(id).await?.ok_or(EditError::NotFound)?;
        let write = NewsroomWrite::Trash { article: id };
        let target = format!("{id}: {}", article.title);
        if !self.write_audited(user, write, "delete", target).await? {
            return Err(EditError::NotFound);
        }
        self.changed().await;
        Ok(())
    }

    pub async fn restore_article(&self, user: &User, id: ArticleId) -> Result<(), EditError> {
        if !user.may(Action::DeleteArticles) {
            return Err(EditError::Forbidden);
        }
        let write = NewsroomWrite::Untrash { article: id };
        if !self
            .write_audited(user, write, "undelete", id.to_string())
            .await?
        {
            return Err(EditError::NotFound);
        }
        self.changed().await;
        Ok(())
    }

    /// Deletes for good what has been in the trash longer than [`TRASH_DAYS`].
    pub async fn purge_trash(&self) -> Result<u64, StoreError> {
        let now = self.clock.now();
        let cutoff = now
            .checked_sub(jiff::ToSpan::hours(TRASH_DAYS * 24))
            .unwrap_or(now);
        self.store.purge_trash(cutoff).await
    }

    /// Keeps what the editor holds now, unsaved (`article` none: a new article).
    pub async fn autosave(
        &self,
        user: &User,
        article: Option<ArticleId>,
        draft: &Draft,
    ) -> Result<(), EditError> {
        if !user.may(Action::WriteOwnDrafts) {
            return Err(EditError::Forbidden);
        }
        let content =
            serde_json::to_string(draft).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        if content.len() > MAX_BODY_CHARS * 4 + 16_384 {
            return Err(EditError::Invalid(vec!["nr-editor-text-long".into()]));
        }
        let key = article.map_or(0, |a| a.0);
        self.store
            .put_autosave(user.id, key, &content, self.clock.now())
            .await?;
        Ok(())
    }

    /// An autosave newer than `since` (the article's last save), to offer back.
    pub async fn pending_autosave(
        &self,
        user: &User,
        article: Option<ArticleId>,
        since: Option<Timestamp>,
    ) -> Result<Option<(Draft, Timestamp)>, StoreError> {
        let key = article.map_or(0, |a| a.0);
        let Some((content, at)) = self.store.autosave(user.id, key).await? else {
            return Ok(None);
        };
        if since.is_some_and(|s| at <= s) {
            return Ok(None);
        }
        Ok(serde_json::from_str(&content).ok().map(|d| (d, at)))
    }

    pub async fn revisions(&self, id: ArticleId) -> Result<Vec<RevisionInfo>, StoreError> {
        self.store.revisions(id).await
    }

    /// Publishes scheduled articles whose time has come (run by the upkeep task, so
    /// a restart in between loses nothing: the schedule is in the database).
    pub async fn publish_due(&self) -> Result<usize, StoreError> {
        let due = self.store.publish_due(self.clock.now()).await?;
        for id in &due {
            self.audit(None, "scheduled-publish", &id.to_string()).await;
        }
        if !due.is_empty() {
            self.changed().await;
        }
        Ok(due.len())
    }
}
