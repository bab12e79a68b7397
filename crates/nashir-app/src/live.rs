//! Live coverage: an article that is also a live blog. Whoever may publish the
//! article runs its coverage: starts it, adds timestamped entries (text, an
//! image, a quote), fixes or deletes them, closes it and may reopen it. Each write
//! is one store transaction with its audit line, and the change log it leaves
//! re-renders the article's page and fragment on every node. Readers see the
//! entries newest first under the body, a page at a time.

use jiff::Timestamp;
use nashir_core::arabic_date::Digits;
use nashir_core::live::{EntryKind, LiveEntry, headline};
use nashir_core::plain_text::{clean_line, clean_multiline};
use nashir_core::{Article, ArticleId};
use nashir_i18n::Message;

use crate::accounts::User;
use crate::app::{App, SiteSettings};
use crate::editor::EditError;
use crate::records::{Audit, EntryText, LiveOutcome, LiveWrite};
use crate::store::StoreError;

/// The longest entry, in characters.
pub const MAX_ENTRY_CHARS: usize = 5_000;
/// The longest attribution of a quote.
pub const MAX_ATTRIBUTION_CHARS: usize = 200;
/// The most entries one article holds (checked under the write lock).
pub const MAX_ENTRIES: u32 = 2_000;
/// Entries on one page, newest first: the article page shows the first, and
/// links to older ones (so a page stays well under the page cache's limit).
pub const PAGE_ENTRIES: u32 = 100;
/// How much of an entry names it in the audit log.
const AUDIT_CHARS: usize = 80;

/// Another editor changed the coverage between this one's checks and the write.
const CHANGED_MEANWHILE: &str = "nr-live-changed";

/// An entry as the newsroom typed it.
#[derive(Clone, Debug, Default)]
pub struct EntryForm {
    /// `text`, `image` or `quote`.
    pub kind: String,
    /// The update, the image's caption or the quoted words.
    pub body: String,
    /// Who said it (quotes).
    pub attribution: String,
    /// The picture (images).
    pub media: Option<i64>,
}

impl EntryForm {
    /// The form for fixing a stored entry.
    pub fn of(e: &LiveEntry) -> EntryForm {
        EntryForm {
            kind: e.kind.as_str().into(),
            body: e.body.clone(),
            attribution: e.attribution.clone(),
            media: e.media.as_ref().map(|m| m.id),
        }
    }
}

/// What the newsroom does to an article's coverage as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoverageAction {
    /// Start it, or reopen it once closed.
    Start,
    /// End it: readers see "انتهت التغطية", and no entry can be added.
    Close,
    /// The article stops being a live blog (only while it has no entry).
    Cancel,
}

/// A page of entries, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntryPage {
    pub entries: Vec<LiveEntry>,
    /// There are older entries: the page after this one starts before this entry.
    pub older: Option<i64>,
}

/// The newsroom's view of one article's coverage.
#[derive(Clone, Debug)]
pub struct LiveDesk {
    pub article: Article,
    pub page: EntryPage,
    /// Entries in all.
    pub count: u64,
}

impl SiteSettings {
    /// `14:05` (or `١٤:٠٥`) in the site's time zone and digits: an entry's time.
    pub fn time_of_day(&self, ts: Timestamp) -> String {
        let hm = ts
            .to_zoned_datetime(self.time_zone.clone())
            .strftime("%H:%M")
            .to_string();
        match self.digits {
            Digits::Western => hm,
            Digits::ArabicIndic => hm
                .chars()
                .map(|c| match c.to_digit(10) {
                    // From ARABIC-INDIC DIGIT ZERO.
                    Some(d) => char::from_u32(0x660 + d).unwrap_or(c),
                    None => c,
                })
                .collect(),
        }
    }
}

/// The form's fields as they will be stored (media not yet looked up), or what
/// is wrong with them.
fn check(form: &EntryForm) -> Result<EntryText, Vec<Message>> {
    let mut problems = Vec::new();
    let Some(kind) = EntryKind::parse(form.kind.trim()) else {
        return Err(vec!["nr-live-kind".into()]);
    };
    let body = clean_multiline(form.body.trim());
    let attribution = match kind {
        EntryKind::Quote => clean_line(&form.attribution),
        EntryKind::Text | EntryKind::Image => String::new(),
    };
    if body.chars().count() > MAX_ENTRY_CHARS {
        problems.push(Message::new("nr-live-long").with("max", MAX_ENTRY_CHARS));
    }
    match kind {
        EntryKind::Text if body.is_empty() => problems.push("nr-live-text".into()),
        EntryKind::Quote if body.is_empty() => problems.push("nr-live-quote".into()),
        EntryKind::Image if form.media.is_none() => problems.push("nr-live-picture".into()),
        _ => {}
    }
    if attribution.chars().count() > MAX_ATTRIBUTION_CHARS {
        problems.push(Message::new("nr-live-attribution-long").with("max", MAX_ATTRIBUTION_CHARS));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(EntryText {
        kind,
        body,
        attribution,
        media: form.media.filter(|_| kind == EntryKind::Image),
    })
}

/// The written entry's id (0 for the coverage), or why nothing was written, in
/// the newsroom's words.
fn written(outcome: LiveOutcome) -> Result<i64, EditError> {
    match outcome {
        LiveOutcome::Done(id) => Ok(id),
        LiveOutcome::Stale => Err(EditError::Invalid(vec![CHANGED_MEANWHILE.into()])),
        LiveOutcome::Full => Err(EditError::Invalid(vec![
            Message::new("nr-live-full").with("max", MAX_ENTRIES),
        ])),
    }
}

fn short(text: &str) -> String {
    let line = headline(text);
    match line.char_indices().nth(AUDIT_CHARS) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line,
    }
}

impl App {
    /// The article, if `user` may run its live coverage: whoever may publish it.
    async fn covered_article(&self, user: &User, id: ArticleId) -> Result<Article, EditError> {
        let article = self.store.article(id).await?.ok_or(EditError::NotFound)?;
        if !user.may_publish(user.owns(article.created_by)) {
            return Err(EditError::Forbidden);
        }
        Ok(article)
    }

    /// Applies one write with its audit line; tells caches when it was done.
    async fn write_live(
        &self,
        user: &User,
        article: ArticleId,
        write: LiveWrite,
        action: &str,
        target: String,
    ) -> Result<LiveOutcome, EditError> {
        let audit = Audit {
            by: Some(user.id),
            action: action.into(),
            target,
        };
        let outcome = self
            .store
            .live_write(article, &write, &audit, self.clock.now())
            .await?;
        if let LiveOutcome::Done(_) = outcome {
            self.changed().await;
        }
        Ok(outcome)
    }

    /// The form's entry, checked, with its picture looked up: it must exist and
    /// have its alt text, as every image readers see.
    async fn checked_entry(&self, form: &EntryForm) -> Result<EntryText, EditError> {
        let entry = check(form).map_err(EditError::Invalid)?;
        if let Some(id) = entry.media {
            match self.store.media(id).await? {
                None => {
                    return Err(EditError::Invalid(vec!["nr-picture-missing".into()]));
                }
                Some(m) if m.alt.trim().is_empty() => {
                    return Err(EditError::Invalid(vec!["nr-live-picture-alt".into()]));
                }
                Some(_) => {}
            }
        }
        Ok(entry)
    }

    /// The newsroom's page of an article's coverage: the article and a page of
    /// its entries (`before`: older than that entry).
    pub async fn live_desk(
        &self,
        user: &User,
        id: ArticleId,
        before: Option<i64>,
    ) -> Result<LiveDesk, EditError> {
        let article = self.covered_article(user, id).await?;
        let page = self.entry_page(id, before).await?;
        let count = self.store.live_entry_count(id).await?;
        Ok(LiveDesk {
            article,
            page,
            count,
        })
    }

    /// One entry of the article, to fix it.
    pub async fn live_entry(
        &self,
        user: &User,
        id: ArticleId,
        entry: i64,
    ) -> Result<LiveEntry, EditError> {
        self.covered_article(user, id).await?;
        self.store
            .live_entry(id, entry)
            .await?
            .ok_or(EditError::NotFound)
    }

    /// Starts (or reopens), closes or cancels an article's coverage.
    pub async fn set_coverage(
        &self,
        user: &User,
        id: ArticleId,
        action: CoverageAction,
    ) -> Result<(), EditError> {
        let article = self.covered_article(user, id).await?;
        let live = article.live;
        let (write, name, problem) = match action {
            CoverageAction::Start => (
                LiveWrite::Open,
                if live.is_some() {
                    "live.reopen"
                } else {
                    "live.start"
                },
                live.is_some_and(|c| c.is_open())
                    .then_some("nr-live-already-open"),
            ),
            CoverageAction::Close => (
                LiveWrite::Close,
                "live.close",
                (!live.is_some_and(|c| c.is_open())).then_some("nr-live-not-open"),
            ),
            CoverageAction::Cancel => {
                let problem = if live.is_none() {
                    Some("nr-live-not-live")
                } else if self.store.live_entry_count(id).await? > 0 {
                    Some("nr-live-has-entries")
                } else {
                    None
                };
                (LiveWrite::Cancel, "live.cancel", problem)
            }
        };
        if let Some(problem) = problem {
            return Err(EditError::Invalid(vec![problem.into()]));
        }
        let target = format!("{id}: {}", article.title);
        written(self.write_live(user, id, write, name, target).await?).map(drop)
    }

    /// Adds an entry to an open coverage; answers its id.
    pub async fn add_live_entry(
        &self,
        user: &User,
        id: ArticleId,
        form: &EntryForm,
    ) -> Result<i64, EditError> {
        let article = self.covered_article(user, id).await?;
        if !article.live.is_some_and(|c| c.is_open()) {
            return Err(EditError::Invalid(vec!["nr-live-closed".into()]));
        }
        let entry = self.checked_entry(form).await?;
        let target = format!("{id}: {}", short(&entry.body));
        let write = LiveWrite::Add {
            entry,
            by: user.id,
            max: MAX_ENTRIES,
        };
        written(self.write_live(user, id, write, "live.add", target).await?)
    }

    /// Fixes an entry in place (its time and place stay), open coverage or closed.
    pub async fn edit_live_entry(
        &self,
        user: &User,
        id: ArticleId,
        entry_id: i64,
        form: &EntryForm,
    ) -> Result<(), EditError> {
        self.live_entry(user, id, entry_id).await?;
        let entry = self.checked_entry(form).await?;
        let target = format!("{id}#entry-{entry_id}: {}", short(&entry.body));
        let write = LiveWrite::Edit {
            id: entry_id,
            entry,
            by: user.id,
        };
        written(
            self.write_live(user, id, write, "live.edit", target)
                .await?,
        )
        .map(drop)
    }

    /// Deletes an entry.
    pub async fn delete_live_entry(
        &self,
        user: &User,
        id: ArticleId,
        entry_id: i64,
    ) -> Result<(), EditError> {
        let entry = self.live_entry(user, id, entry_id).await?;
        let target = format!("{id}#entry-{entry_id}: {}", short(&entry.body));
        let write = LiveWrite::Delete { id: entry_id };
        written(
            self.write_live(user, id, write, "live.delete", target)
                .await?,
        )
        .map(drop)
    }

    /// Readers' page of a live article's entries, newest first (`before`: older
    /// than that entry). The caller has checked the article is public; an article
    /// that never was live has none.
    pub async fn live_entries(
        &self,
        article: &Article,
        before: Option<i64>,
    ) -> Result<EntryPage, StoreError> {
        if article.live.is_none() {
            return Ok(EntryPage::default());
        }
        self.entry_page(article.id, before).await
    }

    async fn entry_page(
        &self,
        id: ArticleId,
        before: Option<i64>,
    ) -> Result<EntryPage, StoreError> {
        let mut entries = self
            .store
            .live_entries(id, before, PAGE_ENTRIES + 1)
            .await?;
        let older = if entries.len() > PAGE_ENTRIES as usize {
            entries.truncate(PAGE_ENTRIES as usize);
            entries.last().map(|e| e.id)
        } else {
            None
        };
        Ok(EntryPage { entries, older })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(kind: &str, body: &str) -> EntryForm {
        EntryForm {
            kind: kind.into(),
            body: body.into(),
            ..EntryForm::default()
        }
    }

    fn arabic(problems: Vec<Message>) -> Vec<String> {
        let t = nashir_i18n::Texts::of(nashir_i18n::Language::Arabic);
        problems.iter().map(|m| t.message(m).into_owned()).collect()
    }

    #[test]
    fn entries_are_cleaned_and_checked_in_arabic() {
        let e = check(&form("text", "  وصل\u{202E} الوفد\r\n\r\n\r\nإلى القاهرة ")).unwrap();
        assert_eq!(e.body, "وصل الوفد\n\nإلى القاهرة");
        assert_eq!(
            arabic(check(&form("text", " \n ")).unwrap_err()),
            ["اكتب نص التحديث."]
        );
        assert_eq!(
            arabic(check(&form("video", "x")).unwrap_err()),
            ["اختر نوع التحديث: نص أو صورة أو اقتباس."]
        );
        let long = "ب".repeat(MAX_ENTRY_CHARS + 1);
        assert_eq!(check(&form("text", &long)).unwrap_err().len(), 1);
        assert!(check(&form("text", &long[..MAX_ENTRY_CHARS * 2])).is_ok());
        assert_eq!(
            arabic(check(&form("image", "تعليق")).unwrap_err()),
            ["اختر صورة التحديث من الوسائط."]
        );
    }

    #[test]
    fn only_quotes_keep_an_attribution_and_only_images_a_picture() {
        let quote = EntryForm {
            attribution: " وزير\u{200B}  الخارجية ".into(),
            media: Some(4),
            ..form("quote", "«لن نتراجع»")
        };
        let e = check(&quote).unwrap();
        assert_eq!((e.attribution.as_str(), e.media), ("وزير الخارجية", None));
        let text = EntryForm {
            attribution: "أحد".into(),
            ..form("text", "نص")
        };
        assert_eq!(check(&text).unwrap().attribution, "");
        let image = EntryForm {
            media: Some(4),
            ..form("image", "")
        };
        assert_eq!(
            check(&image).unwrap().media,
            Some(4),
            "a caption is optional"
        );
    }

    #[test]
    fn times_are_in_the_sites_zone_and_digits() {
        let at: Timestamp = "2026-03-01T09:05:00Z".parse().unwrap();
        let mut site = SiteSettings {
            time_zone: jiff::tz::TimeZone::get("Asia/Riyadh").unwrap(),
            ..SiteSettings::default()
        };
        assert_eq!(site.time_of_day(at), "12:05");
        site.digits = Digits::ArabicIndic;
        assert_eq!(site.time_of_day(at), "١٢:٠٥");
    }
}
