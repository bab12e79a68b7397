use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use nashir_core::arabic_date::{self, Digits, MonthNames};
use nashir_core::highlight::Highlighter;
use nashir_core::import::{self, ImportError, ImportedArticle, parse_reference_text_in};
use nashir_core::language::Language;
use nashir_core::persian_date::{self, PersianCalendar};
use nashir_core::{Article, ArticleId, NewArticle, Section, Status, english_date};

use crate::clock::Clock;
use crate::freshness::{Dep, Freshness, Kept};
use crate::limits::Bounded;
use crate::mail::MailSettings;
use crate::media::MediaFiles;
use crate::reader::ViewCounter;
use crate::records::ImportOutcome;
use crate::search::{
    MAX_SUGGESTIONS, SearchError, SearchIndex, SearchRequest, SearchResult, SearchResults,
    Suggestion,
};
use crate::store::{Store, StoreError};

/// The section imports go to unless told otherwise (created by the first migration).
pub const DEFAULT_SECTION: &str = "news";

/// Site-wide settings the use-cases and pages need.
#[derive(Clone, Debug)]
pub struct SiteSettings {
    pub name: String,
    pub time_zone: TimeZone,
    pub month_names: MonthNames,
    /// Western (2025) or Arabic-Indic (٢٠٢٥) digits in dates.
    pub digits: Digits,
    /// Show the Umm al-Qura Hijri date beside the Gregorian one.
    pub hijri: bool,
    /// The Persian edition's calendar: Solar Hijri, or Gregorian on request.
    pub persian_calendar: PersianCalendar,
    /// Public origin such as `https://example.com`, for canonical links; none in development.
    pub base_url: Option<String>,
    /// Largest image upload accepted.
    pub media_max_bytes: usize,
    /// Behind a reverse proxy: the reader's address is the last one the proxy added
    /// to `X-Forwarded-For`, not the connection's (which is the proxy's).
    pub behind_proxy: bool,
    /// What the site is, for the front page's meta description and feeds.
    pub description: String,
    /// The publisher's logo (absolute URL or a path on the site); the site's icon
    /// when unset.
    pub logo: Option<String>,
    /// The image shared with an article that has no featured image (1200 px wide
    /// or more); articles without either carry no image.
    pub social_image: Option<String>,
    /// The page that says how the site corrects its mistakes (absolute URL or a
    /// path on the site): the publisher's `correctionsPolicy`.
    pub corrections_policy: Option<String>,
    /// The editions the site publishes, the default first (served at `/`); its
    /// name and description are `name` and `description`.
    pub editions: Vec<EditionSettings>,
}

/// One edition: its language, and its site name and description (the default
/// edition's are the site's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditionSettings {
    pub language: Language,
    pub name: String,
    pub description: String,
}

impl EditionSettings {
    /// An edition named by its language's defaults.
    pub fn new(language: Language) -> EditionSettings {
        let (name, description) = match language {
            Language::Arabic => ("ناشر", "أخبار وتحليلات بالعربية"),
            Language::English => ("Nashir", "News and analysis in English"),
            Language::Persian => ("ناشر", "اخبار و تحلیل به فارسی"),
        };
        EditionSettings {
            language,
            name: name.into(),
            description: description.into(),
        }
    }
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            name: "ناشر".into(),
            time_zone: TimeZone::UTC,
            month_names: MonthNames::Egyptian,
            digits: Digits::Western,
            hijri: false,
            persian_calendar: PersianCalendar::SolarHijri,
            base_url: None,
            media_max_bytes: 20 * 1024 * 1024,
            behind_proxy: false,
            description: "أخبار وتحليلات بالعربية".into(),
            logo: None,
            social_image: None,
            corrections_policy: None,
            editions: vec![EditionSettings::new(Language::Arabic)],
        }
    }
}

impl SiteSettings {
    /// The edition `/` serves.
    pub fn default_edition(&self) -> Language {
        self.editions
            .first()
            .map(|e| e.language)
            .unwrap_or_default()
    }

    /// Whether the site publishes the edition in `language`.
    pub fn publishes(&self, language: Language) -> bool {
        self.editions.iter().any(|e| e.language == language)
    }

    /// The site's name in an edition.
    pub fn name_in(&self, language: Language) -> &str {
        match self.editions.iter().find(|e| e.language == language) {
            Some(e) if language != self.default_edition() => &e.name,
            _ => &self.name,
        }
    }

    /// What the site is, in an edition (the front page's description, feeds).
    pub fn description_in(&self, language: Language) -> &str {
        match self.editions.iter().find(|e| e.language == language) {
            Some(e) if language != self.default_edition() => &e.description,
            _ => &self.description,
        }
    }

    /// The path of an edition's front page: `/` for the default, `/en/` for
    /// another.
    pub fn front_path(&self, language: Language) -> String {
        if language == self.default_edition() {
            "/".into()
        } else {
            format!("/{language}/")
        }
    }

    /// `التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025` for a stored timestamp.
    pub fn last_updated_line(&self, ts: Timestamp) -> String {
        self.last_updated_line_in(Language::default(), ts)
    }

    /// The "last updated" line as `language`'s edition writes it, label and
    /// date: `Last update|Wednesday, January 8, 2025`.
    pub fn last_updated_line_in(&self, language: Language, ts: Timestamp) -> String {
        let label = match language {
            Language::Arabic => arabic_date::LAST_UPDATED_LABEL,
            Language::English => english_date::LAST_UPDATE_LABEL,
            Language::Persian => import::PERSIAN_LAST_UPDATE_LABEL,
        };
        format!("{label}|{}", self.date_in(language, ts))
    }

    /// The default edition's date (see [`SiteSettings::date_in`]).
    pub fn date(&self, ts: Timestamp) -> String {
        self.date_in(Language::default(), ts)
    }

    /// A stored timestamp's day as `language`'s edition writes it: Arabic in the
    /// site's month names, digits and Hijri setting; English as
    /// `Wednesday, January 8, 2025`; Persian in the Solar Hijri calendar (or the
    /// Gregorian, per `persian_calendar`) with Persian digits: `چهارشنبه ۱۹ دی ۱۴۰۳`.
    pub fn date_in(&self, language: Language, ts: Timestamp) -> String {
        self.day_in(language, arabic_date::local_date(ts, &self.time_zone))
    }

    /// A calendar day as `language`'s edition writes it (see [`SiteSettings::date_in`]).
    pub fn day_in(&self, language: Language, day: Date) -> String {
        match language {
            Language::Arabic => self.arabic_date(day),
            Language::English => english_date::format_english(day),
            Language::Persian => persian_date::format_persian_in(day, self.persian_calendar),
        }
    }

    /// An entry's time (`14:05`) as `language`'s edition writes it: the Arabic
    /// edition's in the site's digits, the Persian's in Persian digits (`۱۴:۰۵`).
    pub fn time_of_day_in(&self, language: Language, ts: Timestamp) -> String {
        if language == Language::Arabic {
            return self.time_of_day(ts);
        }
        let hm = ts
            .to_zoned_datetime(self.time_zone.clone())
            .strftime("%H:%M")
            .to_string();
        match language {
            Language::Persian => arabic_date::text_in_digits('۰', &hm),
            _ => hm,
        }
    }

    /// A Gregorian month's name in `language` (archive headings): the Arabic
    /// edition's in the site's month names.
    pub fn month_name_in(&self, language: Language, month: i8) -> &'static str {
        match language {
            Language::Arabic => arabic_date::month_name(month, self.month_names),
            Language::English => english_date::english_month(month),
            Language::Persian => persian_date::gregorian_month(month),
        }
    }

    /// `الأربعاء, يناير 8, 2025`, in the site's month names and digits, and with
    /// the Hijri date when the site shows it: `الأربعاء, يناير ٨, ٢٠٢٥ · ٨ رجب ١٤٤٦ هـ`.
    fn arabic_date(&self, day: Date) -> String {
        let gregorian = arabic_date::format_date_in(day, self.month_names, self.digits);
        if self.hijri {
            format!(
                "{gregorian} · {}",
                arabic_date::format_hijri(day, self.digits)
            )
        } else {
            gregorian
        }
    }

    /// Noon of a calendar day in the site's zone: the instant an imported date-only
    /// line stands for, far from midnight so a later zone change rarely moves the day.
    fn noon_of(&self, date: Date) -> Timestamp {
        let noon = date.at(12, 0, 0, 0);
        noon.to_zoned_datetime(self.time_zone.clone())
            .or_else(|_| noon.to_zoned_datetime(TimeZone::UTC))
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::UNIX_EPOCH)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportFileError {
    #[error(transparent)]
    Parse(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("an image: {0}")]
    Media(#[from] crate::media::MediaError),
}

/// Parsed files waiting to be stored (see [`App::prepare_import`]).
#[derive(Default)]
pub struct PreparedImport {
    batch: Vec<(String, NewArticle)>,
    /// Where each batch item sits among the files.
    positions: Vec<usize>,
    /// Per file: a parse error now, or the store's answer later.
    results: Vec<Option<Result<Imported, ImportFileError>>>,
}

/// One imported article, as `nashir import` reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub id: ArticleId,
    pub path: String,
    pub outcome: ImportOutcome,
}

/// What the article URL resolves to.
#[derive(Debug)]
pub enum ArticlePage {
    Show(Box<Article>),
    /// The canonical, percent-encoded path when the slug in the request was wrong or missing.
    Redirect(String),
    NotFound,
}

/// Reads kept in memory (see [`Kept`]): each is what every reader asks for alike.
/// Per edition where what is read differs by edition (indexed by `Language`).
pub(crate) struct KeptReads {
    pub front: [Kept<crate::reader::FrontPage>; 3],
    pub sections: [Kept<Vec<Section>>; 3],
    pub urgent: [Kept<Vec<crate::records::Urgent>>; 3],
    pub footer: [Kept<Vec<crate::static_pages::FooterLink>>; 3],
}

impl Default for KeptReads {
    fn default() -> Self {
        KeptReads {
            front: std::array::from_fn(|_| {
                Kept::new(&[Dep::AnyArticle, Dep::Views], crate::reader::FRONT_MAX_AGE)
            }),
            // Sections are site-wide: any change to one makes every page stale.
            sections: std::array::from_fn(|_| Kept::new(&[], crate::reader::FRONT_MAX_AGE)),
            // Urgent lines change as site changes; ones that end are filtered out
            // on every read, and their pages made stale by upkeep.
            urgent: std::array::from_fn(|_| Kept::new(&[], crate::reader::FRONT_MAX_AGE)),
            // Pages are site-wide too: the footer is on every page.
            footer: std::array::from_fn(|_| Kept::new(&[], crate::reader::FRONT_MAX_AGE)),
        }
    }
}

/// The use-cases, over the ports. One `Arc` inside: a request clones the app
/// for each layer that holds it (axum clones a route's service per request), and
/// one shared counter costs less than a counter per part (perf: cloning and
/// dropping fifteen was a fifth of a cached page's CPU).
#[derive(Clone)]
pub struct App(Arc<AppParts>);

impl std::ops::Deref for App {
    type Target = AppParts;

    fn deref(&self) -> &AppParts {
        &self.0
    }
}

/// What an [`App`] holds.
#[derive(Clone)]
pub struct AppParts {
    /// Private: the web and the CLI call use-cases, which check who may do what
    /// and write each change in one transaction.
    pub(crate) store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub site: Arc<SiteSettings>,
    /// None where the process serves no search (the CLI).
    pub search: Option<Arc<dyn SearchIndex>>,
    pub(crate) views: Arc<ViewCounter>,
    pub freshness: Arc<Freshness>,
    /// What every page asks the store for alike, kept while current.
    pub(crate) kept: Arc<KeptReads>,
    /// When the first urgent line shown ends (see [`App::expire_urgent`]).
    pub(crate) urgent_ends: Arc<std::sync::Mutex<Option<Timestamp>>>,
    /// Where image files live; none in processes that serve no media.
    pub media: Option<Arc<dyn MediaFiles>>,
    /// How mail goes out; none where no SMTP server is configured.
    pub mail: Option<Arc<MailSettings>>,
    /// Wakes this node's outbox worker when a message is queued.
    pub(crate) mail_queued: Arc<tokio::sync::Notify>,
    /// Wakes this node's webhook worker after a change (which may have queued some).
    pub(crate) webhook_queued: Arc<tokio::sync::Notify>,
    /// The key that signs public forms (read once from the store).
    pub(crate) form_key: Arc<tokio::sync::OnceCell<String>>,
    /// Where passwords are hashed: as many at once as cores, a short queue.
    pub(crate) hashing: Arc<Bounded>,
    /// Where uploaded images are decoded: two at once, a short queue.
    pub(crate) decoding: Arc<Bounded>,
}

impl App {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, site: SiteSettings) -> Self {
        App(Arc::new(AppParts {
            store,
            clock,
            site: Arc::new(site),
            search: None,
            views: Arc::default(),
            freshness: Arc::default(),
            kept: Arc::default(),
            urgent_ends: Arc::default(),
            media: None,
            mail: None,
            mail_queued: Arc::default(),
            webhook_queued: Arc::default(),
            form_key: Arc::default(),
            hashing: Arc::new(Bounded::per_core("argon2")),
            decoding: Arc::new(Bounded::new("images", 2, 4)),
        }))
    }

    /// The parts, to set one while the app is being built (not yet shared).
    fn parts(&mut self) -> &mut AppParts {
        Arc::make_mut(&mut self.0)
    }

    pub fn with_mail(mut self, mail: MailSettings) -> Self {
        self.parts().mail = Some(Arc::new(mail));
        self
    }

    pub fn with_media(mut self, media: Arc<dyn MediaFiles>) -> Self {
        self.parts().media = Some(media);
        self
    }

    pub fn with_search(mut self, search: Arc<dyn SearchIndex>) -> Self {
        self.parts().search = Some(search);
        self
    }

    /// Tells caches and the search index that the store changed: reads the change
    /// log at once, so the writer's next page shows the change.
    pub async fn changed(&self) {
        if let Some(search) = &self.search {
            search.changed();
        }
        self.webhook_queued.notify_one();
        if let Err(e) = self.observe_changes().await {
            tracing::warn!("reading the change log: {e}");
        }
    }

    /// Imports one file in the reference format. `key` names the article across
    /// imports: importing the same key again updates it instead of duplicating it.
    pub async fn import_reference(
        &self,
        key: &str,
        bytes: &[u8],
        section_slug: &str,
    ) -> Result<Imported, ImportFileError> {
        self.import_reference_in(key, bytes, section_slug, Language::Arabic)
            .await
    }

    /// [`App::import_reference`] of a file as the edition in `edition` writes
    /// it; the article is in its language.
    pub async fn import_reference_in(
        &self,
        key: &str,
        bytes: &[u8],
        section_slug: &str,
        edition: Language,
    ) -> Result<Imported, ImportFileError> {
        let prepared =
            self.prepare_import_in(&[(key.to_string(), bytes.to_vec())], section_slug, edition);
        let mut results = self.store_import(prepared).await?;
        results.pop().unwrap_or_else(|| {
            Err(ImportFileError::Store(StoreError::Backend(
                "nothing imported".into(),
            )))
        })
    }

    /// Imports many files, each atomically, committed together: a bad file is
    /// reported and imports nothing; the others import. Results are in input order.
    pub async fn import_reference_batch(
        &self,
        files: &[(String, Vec<u8>)],
        section_slug: &str,
    ) -> Result<Vec<Result<Imported, ImportFileError>>, StoreError> {
        let prepared = self.prepare_import(files, section_slug);
        self.store_import(prepared).await
    }

    /// The CPU half of an import (parsing), which bulk imports run on another thread
    /// while the previous batch is written.
    pub fn prepare_import(
        &self,
        files: &[(String, Vec<u8>)],
        section_slug: &str,
    ) -> PreparedImport {
        self.prepare_import_in(files, section_slug, Language::Arabic)
    }

    /// [`App::prepare_import`] of files in the reference format as the edition in
    /// `edition` writes it; the articles are in its language.
    pub fn prepare_import_in(
        &self,
        files: &[(String, Vec<u8>)],
        section_slug: &str,
        edition: Language,
    ) -> PreparedImport {
        let mut prepared = PreparedImport::default();
        for (i, (key, bytes)) in files.iter().enumerate() {
            match parse_reference_text_in(bytes, edition) {
                Ok(parsed) => {
                    let mut article = self.imported_to_new(parsed, section_slug);
                    article.language = edition;
                    prepared.batch.push((key.clone(), article));
                    prepared.positions.push(i);
                    prepared.results.push(None);
                }
                Err(e) => prepared.results.push(Some(Err(e.into()))),
            }
        }
        prepared
    }

    /// The storage half of an import: one transaction for the whole batch.
    pub async fn store_import(
        &self,
        prepared: PreparedImport,
    ) -> Result<Vec<Result<Imported, ImportFileError>>, StoreError> {
        let PreparedImport {
            batch,
            positions,
            mut results,
        } = prepared;
        let stored = self.store.import_batch(&batch, self.clock.now()).await?;
        let mut changed = false;
        for ((i, (key, article)), outcome) in positions.into_iter().zip(&batch).zip(stored) {
            results[i] = Some(match outcome {
                Ok((id, outcome)) => {
                    changed |= outcome != ImportOutcome::Unchanged;
                    tracing::info!(%id, key, outcome = outcome.as_str(), "imported article");
                    Ok(Imported {
                        id,
                        path: nashir_core::slug::article_path(
                            article.language,
                            id,
                            &article.slug(),
                        ),
                        outcome,
                    })
                }
                Err(e) => Err(e.into()),
            });
        }
        if changed {
            self.changed().await;
        }
        Ok(results.into_iter().flatten().collect())
    }

    fn imported_to_new(&self, a: ImportedArticle, section_slug: &str) -> NewArticle {
        let at = self.site.noon_of(a.updated_on);
        // An article dated today is public at once, not from noon on; a later date
        // than today is no reason to hold an import back either.
        let published = at.min(self.clock.now());
        NewArticle {
            language: Language::Arabic,
            section_slug: section_slug.into(),
            title: a.title,
            lead: a.lead,
            body: a.body,
            source: a.source,
            status: Status::Published,
            published_at: Some(published),
            updated_at: at,
            publishing: Default::default(),
        }
    }

    /// Resolves `/{edition}/news/{id}/{slug}`: readers only see published
    /// articles, and any slug but the current one, or another edition's prefix,
    /// redirects to the canonical URL.
    pub async fn article_page(
        &self,
        edition: Language,
        id: ArticleId,
        slug: Option<&str>,
    ) -> Result<ArticlePage, StoreError> {
        let Some(article) = self.store.article(id).await? else {
            return Ok(ArticlePage::NotFound);
        };
        if !article.is_public(self.clock.now()) {
            return Ok(ArticlePage::NotFound);
        }
        if slug != Some(article.slug.as_str()) || edition != article.language {
            return Ok(ArticlePage::Redirect(article.href()));
        }
        Ok(ArticlePage::Show(Box::new(article)))
    }

    /// A public article by id alone (forms posted to an old slug still count).
    pub async fn public_article(&self, id: ArticleId) -> Result<Option<Article>, StoreError> {
        let now = self.clock.now();
        Ok(self.store.article(id).await?.filter(|a| a.is_public(now)))
    }
}

impl App {
    /// Searches published articles and prepares each hit for display, highlighted.
    /// Hits the index still holds but the store no longer shows (an unpublish the
    /// index has not caught up with) are left out.
    pub async fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let Some(index) = &self.search else {
            return Err(SearchError::Index("search is not enabled".into()));
        };
        if request.query.is_empty() {
            return Ok(SearchResults::default());
        }
        let hits = index.search(request).await?;
        let did_you_mean = match hits.total {
            0 => match index
                .did_you_mean_in(&request.query, request.edition)
                .await?
            {
                Some(c) => Some(match self.store.articles(&[c.found]).await?.first() {
                    Some(example) => crate::search::spelt_as_in(&c.query, example),
                    None => c.query,
                }),
                None => None,
            },
            _ => None,
        };
        let now = self.clock.now();
        let highlighter = Highlighter::for_query(&request.query, request.edition);
        let results = self
            .store
            .articles(&hits.ids)
            .await?
            .into_iter()
            .filter(|a| a.is_public(now))
            .map(|a| SearchResult::new(a, &highlighter))
            .collect();
        Ok(SearchResults {
            total: hits.total,
            results,
            did_you_mean,
        })
    }

    /// Published articles for a query still being typed.
    pub async fn suggest(&self, typed: &str) -> Result<Vec<Suggestion>, SearchError> {
        let Some(index) = &self.search else {
            return Ok(Vec::new());
        };
        index.suggest(typed, MAX_SUGGESTIONS).await
    }

    /// The sections (every page's menu), kept until one changes.
    pub async fn sections(&self) -> Result<Vec<Section>, StoreError> {
        self.sections_in(self.site.default_edition()).await
    }

    /// The sections an edition shows, by their names in it (the default
    /// edition: every section), kept until one changes.
    pub async fn sections_in(&self, language: Language) -> Result<Vec<Section>, StoreError> {
        let kept = &self.kept.sections[language as usize];
        if language == self.site.default_edition() {
            kept.get_or_read(&self.freshness, self.store.sections())
                .await
        } else {
            kept.get_or_read(&self.freshness, self.store.sections_named(language))
                .await
        }
    }
}
