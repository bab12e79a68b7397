//! Whether what a cached page shows may have changed.
//!
//! A page is kept with the [`Freshness::now`] of the moment its render started and
//! the things it shows ([`Dep`]s): its article, the section, tag, author or month
//! its list is of, the articles listed. Each change moves a version clock and marks
//! what it touched with the new version; a page is current while nothing it shows
//! was marked after it started. So publishing one story re-renders its page, the
//! front page, its own lists and the feeds — not the other 99,999 articles.
//!
//! Marks live in a fixed table of buckets (a dependency's hash picks one), so memory
//! stays bounded however many articles change; two dependencies sharing a bucket
//! only cost an extra render.
//!
//! Changes come from the change log (`changes(seq, article_id)`, written by triggers
//! in the writing transaction): in-process writes read it at once
//! ([`App::changed`](crate::App::changed)), and upkeep polls it for other processes
//! and nodes. Article 0 means something every page shows (a section, tag, author or
//! image): every page is then stale.

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use nashir_core::ArticleId;

use crate::records::{ListFilter, Placement};

/// Something a page shows, whose change makes the page stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dep {
    /// One article: its page, and every list that shows it.
    Article(ArticleId),
    /// The articles of a section, tag or author profile (by id).
    Section(i64),
    Tag(i64),
    Author(i64),
    /// Articles published in one month of the site's calendar (`year * 12 + month0`).
    Month(i32),
    /// Any article anywhere: the front page, the latest list, feeds, sitemaps.
    AnyArticle,
    /// Counted views (most read), moved when they are written.
    Views,
}

impl Dep {
    /// A kind and a number, for pages stored on disk.
    pub fn to_pair(self) -> (u8, i64) {
        match self {
            Dep::Article(id) => (0, id.0),
            Dep::Section(id) => (1, id),
            Dep::Tag(id) => (2, id),
            Dep::Author(id) => (3, id),
            Dep::Month(m) => (4, i64::from(m)),
            Dep::AnyArticle => (5, 0),
            Dep::Views => (6, 0),
        }
    }

    /// The dependency [`Dep::to_pair`] made this pair from.
    pub fn from_pair(kind: u8, n: i64) -> Option<Dep> {
        Some(match kind {
            0 => Dep::Article(ArticleId(n)),
            1 => Dep::Section(n),
            2 => Dep::Tag(n),
            3 => Dep::Author(n),
            4 => Dep::Month(i32::try_from(n).ok()?),
            5 => Dep::AnyArticle,
            6 => Dep::Views,
            _ => return None,
        })
    }

    /// Whether a page showing this can change with the time of day alone (a
    /// list's window of days, most read), not only when something is written.
    pub fn moves_with_time(self) -> bool {
        matches!(self, Dep::AnyArticle | Dep::Views)
    }
}

const BUCKETS: usize = 1 << 14;
/// Beyond this many months an archive range depends on any article.
const MAX_MONTHS: i32 = 36;

pub struct Freshness {
    clock: AtomicU64,
    /// Last change that every page shows.
    site: AtomicU64,
    any_article: AtomicU64,
    buckets: Box<[AtomicU64]>,
    /// The change-log position applied so far (`None` before the first read).
    seen: tokio::sync::Mutex<Option<i64>>,
}

impl Default for Freshness {
    fn default() -> Self {
        Freshness {
            clock: AtomicU64::new(1),
            site: AtomicU64::new(0),
            any_article: AtomicU64::new(0),
            buckets: (0..BUCKETS).map(|_| AtomicU64::new(0)).collect(),
            seen: tokio::sync::Mutex::new(None),
        }
    }
}

impl Freshness {
    /// The version to keep a page under: taken before its render starts, so a change
    /// during the render leaves the page stale.
    pub fn now(&self) -> u64 {
        self.clock.load(Ordering::Acquire)
    }

    /// Whether a page rendered at `version` that shows `deps` is still what readers
    /// would see now.
    pub fn is_current(&self, version: u64, deps: &[Dep]) -> bool {
        self.site.load(Ordering::Acquire) <= version
            && deps.iter().all(|d| self.marked(d) <= version)
    }

    fn marked(&self, dep: &Dep) -> u64 {
        match dep {
            Dep::AnyArticle => self.any_article.load(Ordering::Acquire),
            dep => self.buckets[bucket(dep)].load(Ordering::Acquire),
        }
    }

    fn tick(&self) -> u64 {
        self.clock.fetch_add(1, Ordering::AcqRel) + 1
    }

    /// Marks these as changed (any article change also moves [`Dep::AnyArticle`]).
    pub fn mark(&self, deps: impl IntoIterator<Item = Dep>) {
        let version = self.tick();
        self.any_article.fetch_max(version, Ordering::AcqRel);
        for dep in deps {
            if dep != Dep::AnyArticle {
                self.buckets[bucket(&dep)].fetch_max(version, Ordering::AcqRel);
            }
        }
    }

    /// Marks one dependency alone (views: not an article change).
    pub fn touch(&self, dep: Dep) {
        let version = self.tick();
        self.buckets[bucket(&dep)].fetch_max(version, Ordering::AcqRel);
    }

    /// Makes every page stale.
    pub fn mark_everything(&self) {
        let version = self.tick();
        self.site.fetch_max(version, Ordering::AcqRel);
    }

    /// Serializes readers of the change log; holds the position applied so far.
    pub(crate) async fn seen(&self) -> tokio::sync::MutexGuard<'_, Option<i64>> {
        self.seen.lock().await
    }
}

/// A value read from the store that many requests need alike (the front page's
/// contents, the sections), kept while nothing it shows has changed.
pub struct Kept<T> {
    shows: &'static [Dep],
    max_age: std::time::Duration,
    value: std::sync::Mutex<Option<(u64, std::time::Instant, T)>>,
}

impl<T: Clone> Kept<T> {
    pub const fn new(shows: &'static [Dep], max_age: std::time::Duration) -> Self {
        Kept {
            shows,
            max_age,
            value: std::sync::Mutex::new(None),
        }
    }

    /// The kept value, or `read`'s (kept under the version from before the read).
    pub async fn get_or_read<E, F>(&self, freshness: &Freshness, read: F) -> Result<T, E>
    where
        F: std::future::Future<Output = Result<T, E>>,
    {
        if let Some((version, at, value)) = &*self.value.lock().unwrap_or_else(|e| e.into_inner())
            && at.elapsed() < self.max_age
            && freshness.is_current(*version, self.shows)
        {
            return Ok(value.clone());
        }
        let version = freshness.now();
        let value = read.await?;
        *self.value.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((version, std::time::Instant::now(), value.clone()));
        Ok(value)
    }
}

fn bucket(dep: &Dep) -> usize {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    dep.hash(&mut h);
    (h.finish() as usize) % BUCKETS
}

/// Months since year 0 of a moment in the zone.
fn month(ts: Timestamp, zone: &TimeZone) -> i32 {
    let date = ts.to_zoned_datetime(zone.clone()).date();
    i32::from(date.year()) * 12 + i32::from(date.month()) - 1
}

/// What a change to an article touches, besides the article: the lists it is in.
pub fn placement_deps(placement: &Placement, zone: &TimeZone) -> Vec<Dep> {
    let mut deps = vec![Dep::Section(placement.section_id)];
    deps.extend(placement.tags.iter().map(|t| Dep::Tag(*t)));
    deps.extend(placement.authors.iter().map(|a| Dep::Author(*a)));
    deps.extend(placement.published_at.map(|at| Dep::Month(month(at, zone))));
    deps.extend(placement.related_by.iter().map(|a| Dep::Article(*a)));
    deps
}

/// What a list of articles depends on besides the articles it shows: the scope
/// new articles could join it from.
pub fn list_deps(filter: &ListFilter, zone: &TimeZone) -> Vec<Dep> {
    let mut deps = Vec::new();
    deps.extend(filter.section.map(Dep::Section));
    deps.extend(filter.tag.map(Dep::Tag));
    deps.extend(filter.author.map(Dep::Author));
    if let (Some(from), Some(until)) = (filter.from, filter.until) {
        // `until` is exclusive: a month's archive ends at the next month's start.
        let last_moment = until
            .checked_sub(jiff::SignedDuration::from_secs(1))
            .unwrap_or(until);
        let (first, last) = (month(from, zone), month(last_moment, zone));
        if last - first <= MAX_MONTHS {
            deps.extend((first..=last).map(Dep::Month));
        } else {
            deps.push(Dep::AnyArticle);
        }
    } else if filter.from.is_some() || filter.until.is_some() {
        deps.push(Dep::AnyArticle);
    }
    if deps.is_empty() {
        deps.push(Dep::AnyArticle);
    }
    deps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_makes_stale_only_what_shows_it() {
        let f = Freshness::default();
        let article = [Dep::Article(ArticleId(7))];
        let other = [Dep::Article(ArticleId(8))];
        let section = [Dep::Section(2), Dep::Article(ArticleId(9))];
        let front = [Dep::AnyArticle];
        let v = f.now();
        f.mark([Dep::Article(ArticleId(7)), Dep::Section(2)]);
        assert!(!f.is_current(v, &article));
        assert!(f.is_current(v, &other));
        assert!(!f.is_current(v, &section));
        assert!(!f.is_current(v, &front));
        assert!(f.is_current(v, &[Dep::Section(3)]));
        // Rendered after the change: current.
        let later = f.now();
        assert!(f.is_current(later, &article) && f.is_current(later, &front));
        f.mark_everything();
        assert!(!f.is_current(later, &other));
    }

    #[test]
    fn lists_depend_on_their_scope_and_archives_on_their_months() {
        let zone = TimeZone::UTC;
        let all = list_deps(&ListFilter::default(), &zone);
        assert_eq!(all, vec![Dep::AnyArticle]);
        let section = ListFilter {
            section: Some(4),
            ..Default::default()
        };
        assert_eq!(list_deps(&section, &zone), vec![Dep::Section(4)]);
        let march: Timestamp = "2025-03-01T00:00:00Z".parse().unwrap();
        let april: Timestamp = "2025-04-01T00:00:00Z".parse().unwrap();
        let archive = ListFilter {
            from: Some(march),
            until: Some(april),
            ..Default::default()
        };
        let deps = list_deps(&archive, &zone);
        assert_eq!(deps, vec![Dep::Month(2025 * 12 + 2)]);
        let placement = Placement {
            article_id: ArticleId(1),
            section_id: 4,
            tags: vec![5],
            authors: vec![],
            published_at: Some("2025-03-15T12:00:00Z".parse().unwrap()),
            related_by: vec![ArticleId(8)],
        };
        let touched = placement_deps(&placement, &zone);
        assert!(touched.contains(&Dep::Month(2025 * 12 + 2)));
        assert!(touched.contains(&Dep::Section(4)) && touched.contains(&Dep::Tag(5)));
        assert!(
            touched.contains(&Dep::Article(ArticleId(8))),
            "the page listing it"
        );
    }

    #[test]
    fn every_dependency_survives_its_pair() {
        for dep in [
            Dep::Article(ArticleId(7)),
            Dep::Section(-1),
            Dep::Tag(3),
            Dep::Author(4),
            Dep::Month(2025 * 12),
            Dep::AnyArticle,
            Dep::Views,
        ] {
            let (kind, n) = dep.to_pair();
            assert_eq!(Dep::from_pair(kind, n), Some(dep));
        }
        assert_eq!(Dep::from_pair(9, 0), None);
        assert_eq!(Dep::from_pair(4, i64::MAX), None);
    }
}
