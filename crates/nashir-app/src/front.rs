//! What editors put on the fronts: the urgent strip (عاجل) every page shows while
//! it runs, and the stories placed on the home page and the section fronts (a lead
//! and featured slots; slots left open take the sticky stories, then the newest).

use std::collections::HashSet;

use jiff::{SignedDuration, Timestamp};
use nashir_core::language::Language;
use nashir_core::permissions::Action;
use nashir_core::plain_text::clean_line;
use nashir_core::{ArticleId, ArticleSummary};
use nashir_i18n::Message;

use crate::accounts::User;
use crate::app::App;
use crate::editor::EditError;
use crate::records::{Audit, ListFilter, NewUrgent, Page, Urgent};
use crate::store::StoreError;

/// Stories an editor can place on one front: the lead (position 0) and the
/// featured ones after it.
pub const FRONT_SLOTS: u32 = 7;
/// How long an urgent line runs unless the editor says otherwise.
pub const URGENT_DEFAULT_MINUTES: i64 = 120;
/// The longest an urgent line may run.
pub const URGENT_MAX_MINUTES: i64 = 24 * 60;
pub const URGENT_MAX_CHARS: usize = 200;

/// The home page's front; a section's front is its id.
pub const HOME_FRONT: i64 = 0;

/// An urgent line as an editor fills it in.
#[derive(Clone, Debug, Default)]
pub struct UrgentForm {
    /// The line; empty takes the linked article's headline.
    pub text: String,
    pub article: Option<ArticleId>,
    /// How long it runs; none for the default.
    pub minutes: Option<i64>,
    /// The edition whose pages show it; a linked article's own edition wins.
    pub language: Language,
}

/// Fills `size` places: each placed story at its position, then the open ones
/// with `rest` in order (the sticky stories, then the newest), never one twice.
pub fn compose(
    placed: Vec<(u32, ArticleSummary)>,
    rest: impl IntoIterator<Item = ArticleSummary>,
    size: usize,
) -> Vec<ArticleSummary> {
    let mut places: Vec<Option<ArticleSummary>> = vec![None; size];
    let mut shown = HashSet::new();
    for (position, story) in placed {
        if let Some(place) = places.get_mut(position as usize)
            && place.is_none()
            && shown.insert(story.id)
        {
            *place = Some(story);
        }
    }
    let mut rest = rest.into_iter().filter(|s| shown.insert(s.id));
    for place in places.iter_mut().filter(|p| p.is_none()) {
        *place = rest.next();
    }
    places.into_iter().flatten().collect()
}

impl App {
    /// The urgent lines running now: kept between site changes, and filtered
    /// by time on every call, so an expired one never shows.
    pub async fn urgent_strip(&self, language: Language) -> Result<Vec<Urgent>, StoreError> {
        let now = self.clock.now();
        let lines = self.kept.urgent[language as usize]
            .get_or_read(&self.freshness, self.store.urgent(language.code(), now))
            .await?;
        let running: Vec<Urgent> = lines.into_iter().filter(|u| u.expires_at > now).collect();
        self.note_urgent_expiry(running.iter().map(|u| u.expires_at).min());
        Ok(running)
    }

    /// Remembers when the first shown urgent line ends: upkeep then makes every
    /// page stale ([`App::expire_urgent`]), so cached pages drop the line.
    fn note_urgent_expiry(&self, first: Option<Timestamp>) {
        let mut next = self.urgent_ends.lock().unwrap_or_else(|e| e.into_inner());
        *next = match (*next, first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }

    /// Called by upkeep: once a shown urgent line has ended, every page renders
    /// again without it.
    pub fn expire_urgent(&self) {
        let now = self.clock.now();
        let mut next = self.urgent_ends.lock().unwrap_or_else(|e| e.into_inner());
        if next.is_some_and(|at| at <= now) {
            *next = None;
            self.freshness.mark_everything();
        }
    }

    /// When the urgent line that links to this article ends, while one runs.
    pub async fn urgent_until(
        &self,
        language: Language,
        id: ArticleId,
    ) -> Result<Option<Timestamp>, StoreError> {
        Ok(self
            .urgent_strip(language)
            .await?
            .iter()
            .filter(|u| u.article.as_ref().is_some_and(|(a, _)| *a == id))
            .map(|u| u.expires_at)
            .max())
    }

    /// Ends every running urgent line that links to this article.
    pub async fn end_urgent_for(&self, by: &User, id: ArticleId) -> Result<(), EditError> {
        by.require(Action::CurateFronts)?;
        let now = self.clock.now();
        for language in Language::ALL {
            for line in self.store.urgent(language.code(), now).await? {
                if line.article.as_ref().is_some_and(|(a, _)| *a == id) {
                    self.end_urgent(by, line.id).await?;
                }
            }
        }
        Ok(())
    }

    /// The newsroom's list: lines of the last two days, running or not.
    pub async fn recent_urgent(&self, by: &User) -> Result<Vec<Urgent>, EditError> {
        by.require(Action::CurateFronts)?;
        let since = self.clock.now() - SignedDuration::from_hours(48);
        Ok(self.store.recent_urgent(since, 50).await?)
    }

    /// Starts an urgent line: a bulletin alone, or one that links to a public
    /// article (its headline when no text is given).
    pub async fn add_urgent(&self, by: &User, form: &UrgentForm) -> Result<i64, EditError> {
        by.require(Action::CurateFronts)?;
        let mut problems = Vec::new();
        let mut text = clean_line(form.text.trim());
        let mut language = form.language;
        if let Some(id) = form.article {
            match self.public_article(id).await? {
                Some(a) => {
                    language = a.language;
                    if text.is_empty() {
                        text = a.title;
                    }
                }
                None => problems.push(Message::new("nr-urgent-not-published")),
            }
        }
        if text.is_empty() {
            problems.push("nr-urgent-text".into());
        }
        if text.chars().count() > URGENT_MAX_CHARS {
            problems.push(Message::new("nr-urgent-long").with("max", URGENT_MAX_CHARS));
        }
        let minutes = form.minutes.unwrap_or(URGENT_DEFAULT_MINUTES);
        if !(1..=URGENT_MAX_MINUTES).contains(&minutes) {
            problems.push(Message::new("nr-urgent-minutes").with("hours", URGENT_MAX_MINUTES / 60));
        }
        if !problems.is_empty() {
            return Err(EditError::Invalid(problems));
        }
        let now = self.clock.now();
        let urgent = NewUrgent {
            language: language.code().into(),
            text: text.clone(),
            article: form.article,
            expires_at: now + SignedDuration::from_mins(minutes),
            by: by.id,
        };
        let audit = Audit {
            by: Some(by.id),
            action: "urgent-add".into(),
            target: text,
        };
        let id = self.store.add_urgent(&urgent, &audit, now).await?;
        self.changed().await;
        Ok(id)
    }

    /// Ends an urgent line now.
    pub async fn end_urgent(&self, by: &User, id: i64) -> Result<(), EditError> {
        by.require(Action::CurateFronts)?;
        let audit = Audit {
            by: Some(by.id),
            action: "urgent-end".into(),
            target: id.to_string(),
        };
        if !self.store.end_urgent(id, &audit, self.clock.now()).await? {
            return Err(EditError::NotFound);
        }
        self.changed().await;
        Ok(())
    }

    /// The stories placed on a front, by position (public ones only).
    pub async fn placed(&self, front: i64) -> Result<Vec<(u32, ArticleSummary)>, StoreError> {
        let slots = self.store.front_slots(front).await?;
        let ids: Vec<ArticleId> = slots.iter().map(|(_, id)| *id).collect();
        let summaries = self
            .store
            .published_summaries(self.clock.now(), &ids)
            .await?;
        Ok(slots
            .into_iter()
            .filter_map(|(position, id)| {
                let s = summaries.iter().find(|s| s.id == id)?;
                Some((position, s.clone()))
            })
            .collect())
    }

    /// Places stories on a front: `slots[i]` at position i (none leaves it open).
    pub async fn place_stories(
        &self,
        by: &User,
        front: i64,
        slots: &[Option<ArticleId>],
    ) -> Result<(), EditError> {
        by.require(Action::CurateFronts)?;
        if front != HOME_FRONT && !self.store.sections().await?.iter().any(|s| s.id == front) {
            return Err(EditError::NotFound);
        }
        let wanted: Vec<(u32, ArticleId)> = slots
            .iter()
            .take(FRONT_SLOTS as usize)
            .enumerate()
            .filter_map(|(i, id)| Some((i as u32, (*id)?)))
            .collect();
        let ids: Vec<ArticleId> = wanted.iter().map(|(_, id)| *id).collect();
        let public = self
            .store
            .published_summaries(self.clock.now(), &ids)
            .await?;
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        for (position, id) in &wanted {
            if !public.iter().any(|s| s.id == *id) {
                problems.push(
                    Message::new("nr-front-not-published")
                        .with("id", id.0)
                        .with("place", position + 1),
                );
            } else if !seen.insert(*id) {
                problems.push(Message::new("nr-front-twice").with("id", id.0));
            }
        }
        if !problems.is_empty() {
            return Err(EditError::Invalid(problems));
        }
        let audit = Audit {
            by: Some(by.id),
            action: "front".into(),
            target: format!(
                "{front}: {}",
                wanted
                    .iter()
                    .map(|(p, id)| format!("{}={id}", p + 1))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        };
        self.store
            .set_front_slots(front, &wanted, &audit, self.clock.now())
            .await?;
        self.changed().await;
        Ok(())
    }

    /// A page of a section's list; its first page with the section's placed
    /// stories in their places ahead of the rest (none dropped, so paging on from
    /// it misses nothing).
    pub async fn section_list(
        &self,
        section: i64,
        language: Language,
        page: Page,
        size: u32,
    ) -> Result<crate::reader::ListPage, StoreError> {
        let filter = ListFilter {
            section: Some(section),
            ..ListFilter::of(language)
        };
        let mut list = self.list_page(&filter, page, size).await?;
        if page == Page::First {
            let mut placed = self.placed(section).await?;
            placed.retain(|(_, s)| s.language == language);
            let size = list.items.len() + placed.len();
            list.items = compose(placed, std::mem::take(&mut list.items), size);
        }
        Ok(list)
    }

    /// A front's stories: the placed ones, then the sticky ones (home only), then
    /// the newest of `filter`, `size` in all.
    pub(crate) async fn front_stories(
        &self,
        front: i64,
        filter: &ListFilter,
        size: u32,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let now = self.clock.now();
        let mut placed = self.placed(front).await?;
        // One front serves every edition: each shows the stories placed in its
        // own language.
        if let Some(language) = filter.language {
            placed.retain(|(_, s)| s.language == language);
        }
        let sticky = if front == HOME_FRONT {
            let sticky = ListFilter {
                sticky: true,
                ..filter.clone()
            };
            self.store
                .list_published(now, &sticky, Page::First, size)
                .await?
        } else {
            Vec::new()
        };
        let newest = self
            .store
            .list_published(now, filter, Page::First, size + FRONT_SLOTS)
            .await?;
        Ok(compose(
            placed,
            sticky.into_iter().chain(newest),
            size as usize,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nashir_core::Section;

    fn story(id: i64) -> ArticleSummary {
        ArticleSummary {
            id: ArticleId(id),
            language: Language::Arabic,
            title: format!("خبر {id}"),
            slug: id.to_string(),
            lead: String::new(),
            section: Section {
                id: 1,
                slug: "news".into(),
                name: "أخبار".into(),
            },
            published_at: None,
            updated_at: Timestamp::UNIX_EPOCH,
            modified_at: Timestamp::UNIX_EPOCH,
            image: None,
        }
    }

    fn ids(list: &[ArticleSummary]) -> Vec<i64> {
        list.iter().map(|s| s.id.0).collect()
    }

    #[test]
    fn placed_stories_keep_their_places_and_the_newest_fill_the_rest() {
        let placed = vec![(0, story(9)), (2, story(7))];
        let newest = [10, 9, 8, 7, 6, 5].map(story);
        assert_eq!(ids(&compose(placed, newest, 5)), [9, 10, 7, 8, 6]);
    }

    #[test]
    fn sticky_before_newest_and_nothing_twice_or_out_of_range() {
        let placed = vec![(1, story(3)), (9, story(4)), (1, story(5))];
        let rest = [story(2), story(3), story(8), story(2), story(7)];
        assert_eq!(ids(&compose(placed, rest, 4)), [2, 3, 8, 7]);
        assert!(
            compose(Vec::new(), [story(1)], 3).len() == 1,
            "fewer stories than places"
        );
    }
}
