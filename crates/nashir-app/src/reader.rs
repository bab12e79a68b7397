//! The reader site's use-cases: front page, lists, feeds, sitemaps, most read.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use jiff::Timestamp;
use nashir_core::language::Language;
use nashir_core::{Article, ArticleId, ArticleSummary, Author, Cursor, Section, Tag};

use crate::app::App;
use crate::freshness::Dep;
use crate::front::HOME_FRONT;
use crate::records::{CorrectionEntry, ListFilter, Page, PublishedUrl, Views};
use crate::store::StoreError;

/// Articles per list page (sections, tags, authors, archives).
pub const LIST_PAGE_SIZE: u32 = 20;
/// Articles per section block on the front page.
pub const SECTION_BLOCK_SIZE: u32 = 4;
/// Items in a feed.
pub const FEED_SIZE: u32 = 20;
/// Corrections on one page of `/ar/corrections`.
pub const CORRECTIONS_PAGE_SIZE: u32 = 50;

/// One page of the site's corrections, newest first.
#[derive(Clone, Debug, Default)]
pub struct CorrectionsPage {
    pub entries: Vec<CorrectionEntry>,
    /// Where the next (older) page starts, when there is one.
    pub older: Option<i64>,
}

/// What a list page lists.
#[derive(Clone, Debug)]
pub enum ListKind {
    Section(Section),
    Tag(Tag),
    Author(Author),
    /// Published from `from` until `until` (a day or a month of the archive).
    Archive {
        from: Timestamp,
        until: Timestamp,
    },
}

impl ListKind {
    /// What it lists of the edition in `language`.
    pub fn filter(&self, language: Language) -> ListFilter {
        let edition = ListFilter::of(language);
        match self {
            ListKind::Section(s) => ListFilter {
                section: Some(s.id),
                ..edition
            },
            ListKind::Tag(t) => ListFilter {
                tag: Some(t.id),
                ..edition
            },
            ListKind::Author(a) => ListFilter {
                author: Some(a.id),
                ..edition
            },
            ListKind::Archive { from, until } => ListFilter {
                from: Some(*from),
                until: Some(*until),
                ..edition
            },
        }
    }
}

/// One page of a newest-first list, with cursors for its neighbours.
#[derive(Clone, Debug, Default)]
pub struct ListPage {
    pub items: Vec<ArticleSummary>,
    /// Cursor for the older page, if there is one.
    pub older: Option<Cursor>,
    /// Cursor for the newer page, if there is one.
    pub newer: Option<Cursor>,
}

#[derive(Clone, Debug, Default)]
pub struct FrontPage {
    /// The newest article, shown large.
    pub lead: Option<ArticleSummary>,
    pub latest: Vec<ArticleSummary>,
    /// Each section with articles, with its newest ones.
    pub sections: Vec<(Section, Vec<ArticleSummary>)>,
    pub most_read: Vec<ArticleSummary>,
    /// Cursor for the next page of the latest articles.
    pub older: Option<Cursor>,
}

/// Most-read windows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    Day,
    Week,
}

impl Window {
    fn days(self) -> i32 {
        match self {
            Window::Day => 1,
            Window::Week => 7,
        }
    }
}

/// Page views counted in memory and written in batches, so counting costs a
/// hash-map increment on the request path. Only counts are kept.
#[derive(Default)]
pub struct ViewCounter {
    pending: Mutex<HashMap<(ArticleId, i32), u32>>,
}

impl ViewCounter {
    fn add(&self, id: ArticleId, day: i32) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        *pending.entry((id, day)).or_default() += 1;
    }

    fn take(&self) -> Vec<Views> {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending
            .drain()
            .map(|((article_id, day), count)| Views {
                article_id,
                day,
                count,
            })
            .collect()
    }
}

/// How often the change log is polled for other writers' changes.
pub const CHANGE_POLL: Duration = Duration::from_millis(250);
/// The longest the front page's contents are kept (most read moves with the clock).
pub const FRONT_MAX_AGE: Duration = Duration::from_secs(60);
/// How often counted views are written.
pub const VIEW_FLUSH: Duration = Duration::from_secs(10);

impl App {
    /// Background upkeep for a serving process: follows the change log and writes
    /// view counts, until the task is dropped.
    pub async fn run_upkeep(self) {
        let mut last_flush = std::time::Instant::now();
        loop {
            if let Err(e) = self.publish_due().await {
                tracing::warn!("publishing scheduled articles: {e}");
            }
            if let Err(e) = self.observe_changes().await {
                tracing::warn!("reading the change log: {e}");
            }
            self.expire_urgent();
            if last_flush.elapsed() >= VIEW_FLUSH {
                last_flush = std::time::Instant::now();
                if let Err(e) = self.purge_trash().await {
                    tracing::warn!("emptying the trash: {e}");
                }
                if let Err(e) = self.flush_views().await {
                    tracing::warn!("writing view counts: {e}");
                }
            }
            tokio::time::sleep(CHANGE_POLL).await;
        }
    }

    /// Applies the change log's new entries to [`Freshness`](crate::freshness::Freshness):
    /// each changed article marks itself and the lists it is in; article 0, a read
    /// that fails, or a burst too long to detail (a bulk import) marks everything.
    pub async fn observe_changes(&self) -> Result<(), StoreError> {
        const BATCH: u32 = 1000;
        const DETAILED: usize = 100;
        let mut seen = self.freshness.seen().await;
        let Some(from) = *seen else {
            // First read: nothing is cached from before, so only the position matters.
            *seen = Some(self.store.last_change().await?);
            self.freshness.mark_everything();
            return Ok(());
        };
        let changes = match self.store.changes_since(from, BATCH).await {
            Ok(changes) => changes,
            Err(e) => {
                self.freshness.mark_everything();
                return Err(e);
            }
        };
        let Some(last) = changes.last().map(|c| c.seq) else {
            return Ok(());
        };
        let mut ids: Vec<ArticleId> = changes.iter().map(|c| c.article_id).collect();
        ids.sort_unstable();
        ids.dedup();
        // More than a newsroom writes in a moment (an import): everything changed.
        if changes.len() == BATCH as usize
            || ids.len() > DETAILED
            || ids.first() == Some(&ArticleId(0))
        {
            *seen = Some(self.store.last_change().await?.max(last));
            self.freshness.mark_everything();
            return Ok(());
        }
        match self.store.placements(&ids).await {
            Ok(placements) => {
                let zone = &self.site.time_zone;
                let mut deps: Vec<Dep> = ids.iter().map(|id| Dep::Article(*id)).collect();
                for p in &placements {
                    deps.extend(crate::freshness::placement_deps(p, zone));
                }
                self.freshness.mark(deps);
            }
            Err(e) => {
                self.freshness.mark_everything();
                tracing::warn!("reading where changed articles are listed: {e}");
            }
        }
        *seen = Some(last);
        Ok(())
    }

    /// Days since 1970-01-01 in the site's zone: the unit of "most read".
    pub fn day_number(&self, ts: Timestamp) -> i32 {
        let date = ts.to_zoned_datetime(self.site.time_zone.clone()).date();
        date.since(jiff::civil::Date::constant(1970, 1, 1))
            .map(|span| span.get_days())
            .unwrap_or(0)
    }

    pub fn record_view(&self, id: ArticleId) {
        self.views.add(id, self.day_number(self.clock.now()));
    }

    /// Writes counted views; on failure they are put back for the next flush.
    pub async fn flush_views(&self) -> Result<usize, StoreError> {
        let views = self.views.take();
        if views.is_empty() {
            return Ok(0);
        }
        if let Err(e) = self.store.record_views(&views).await {
            for v in &views {
                for _ in 0..v.count {
                    self.views.add(v.article_id, v.day);
                }
            }
            return Err(e);
        }
        self.freshness.touch(Dep::Views);
        Ok(views.len())
    }

    pub async fn most_read(
        &self,
        language: Language,
        window: Window,
        limit: u32,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let now = self.clock.now();
        let today = self.day_number(now);
        let ranked = self
            .store
            .most_read(language, now, today - window.days() + 1, today, limit)
            .await?;
        Ok(ranked.into_iter().map(|(s, _)| s).collect())
    }

    /// One page of a list, newest first, with cursors for the pages around it.
    pub async fn list_page(
        &self,
        filter: &ListFilter,
        page: Page,
        size: u32,
    ) -> Result<ListPage, StoreError> {
        let now = self.clock.now();
        let mut items = self
            .store
            .list_published(now, filter, page, size + 1)
            .await?;
        let more = items.len() > size as usize;
        // The extra item says whether there is more beyond this page, in the
        // direction of travel: older for First/Before, newer for After.
        let (older, newer);
        match page {
            Page::After(_) => {
                if more {
                    items.remove(0);
                }
                newer = if more {
                    items.first().map(ArticleSummary::cursor)
                } else {
                    None
                };
                older = items.last().map(ArticleSummary::cursor);
            }
            Page::First | Page::Before(_) => {
                items.truncate(size as usize);
                older = if more {
                    items.last().map(ArticleSummary::cursor)
                } else {
                    None
                };
                newer = match page {
                    Page::Before(_) => items.first().map(ArticleSummary::cursor),
                    _ => None,
                };
            }
        }
        Ok(ListPage {
            items,
            older,
            newer,
        })
    }

    /// The front page's contents: kept until an article changes or views are
    /// written (at most [`FRONT_MAX_AGE`]), since every reader and every signed-in
    /// editor asks for the same.
    pub async fn front_page(&self, language: Language) -> Result<FrontPage, StoreError> {
        self.kept.front[language as usize]
            .get_or_read(&self.freshness, self.read_front_page(language))
            .await
    }

    async fn read_front_page(&self, language: Language) -> Result<FrontPage, StoreError> {
        let edition = ListFilter::of(language);
        let latest = self.list_page(&edition, Page::First, 13).await?;
        let stories = self.front_stories(HOME_FRONT, &edition, 13).await?;
        let mut items = stories.into_iter();
        let lead = items.next();
        let mut sections = Vec::new();
        for section in self.sections_in(language).await? {
            let filter = ListFilter {
                section: Some(section.id),
                ..edition
            };
            let list = self
                .front_stories(section.id, &filter, SECTION_BLOCK_SIZE)
                .await?;
            if !list.is_empty() {
                sections.push((section, list));
            }
        }
        let mut most_read = self.most_read(language, Window::Day, 5).await?;
        if most_read.is_empty() {
            most_read = self.most_read(language, Window::Week, 5).await?;
        }
        Ok(FrontPage {
            lead,
            latest: items.collect(),
            sections,
            most_read,
            older: latest.older,
        })
    }

    /// The newest public articles, whole (feeds).
    pub async fn recent_articles(
        &self,
        filter: &ListFilter,
        limit: u32,
    ) -> Result<Vec<Article>, StoreError> {
        let list = self.recent_summaries(filter, limit).await?;
        let ids: Vec<ArticleId> = list.iter().map(|s| s.id).collect();
        self.store.articles(&ids).await
    }

    /// The newest public articles as listed (the news sitemap).
    pub async fn recent_summaries(
        &self,
        filter: &ListFilter,
        limit: u32,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        self.store
            .list_published(self.clock.now(), filter, Page::First, limit)
            .await
    }

    /// How many articles readers can see now (the sitemap index).
    pub async fn published_count(&self) -> Result<u64, StoreError> {
        self.store.published_count(self.clock.now()).await
    }

    /// Where public articles live, in id order, from the `offset`th (the article
    /// sitemaps).
    pub async fn published_urls(
        &self,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<PublishedUrl>, StoreError> {
        self.store
            .published_urls(self.clock.now(), offset, limit)
            .await
    }

    /// Where the public articles of these translation groups live (the
    /// sitemaps' alternates).
    pub async fn group_urls(&self, groups: &[i64]) -> Result<Vec<PublishedUrl>, StoreError> {
        self.store.group_urls(self.clock.now(), groups).await
    }
}

impl App {
    /// The corrections of an edition's public articles, newest first, below
    /// `before` when given.
    pub async fn corrections_page(
        &self,
        language: Language,
        before: Option<i64>,
    ) -> Result<CorrectionsPage, StoreError> {
        let mut entries = self
            .store
            .corrections(
                language,
                self.clock.now(),
                before,
                CORRECTIONS_PAGE_SIZE + 1,
            )
            .await?;
        let older = (entries.len() > CORRECTIONS_PAGE_SIZE as usize).then(|| {
            entries.truncate(CORRECTIONS_PAGE_SIZE as usize);
            entries.last().map_or(0, |e| e.id)
        });
        Ok(CorrectionsPage { entries, older })
    }
}
