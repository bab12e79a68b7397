//! Live coverage on the readers' site: an article's entries under its body,
//! newest first, its schema.org `LiveBlogPosting`, and the fragment the page's
//! script polls while the coverage is open. The fragment goes through the page
//! cache like the pages do, so a poll costs a lookup (or a 304), and the change
//! log renders it again when an entry is written.

use askama::Template;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use nashir_app::App;
use nashir_app::SiteSettings;
use nashir_app::freshness::Dep;
use nashir_app::live::EntryPage;
use nashir_core::live::{Coverage, EntryKind, LiveEntry};
use nashir_core::{Article, Media, arabic_date, plain_text};
use nashir_i18n::Speaks as _;
use nashir_i18n::{Language, Texts};
use serde_json::{Value, json};

use crate::cache::Shows;
use crate::edition::Edition;
use crate::errors::WebError;
use crate::pages::{PageResult, html, moved_permanently, resolve, with_last_modified};
use crate::views::ArticlePage;

/// How often an open coverage's page asks for new entries (the script reads it
/// from `data-live-every`).
pub const POLL_SECONDS: u32 = 30;

/// One entry as readers see it.
pub struct EntryView {
    pub id: i64,
    /// `text`, `image` or `quote`: the entry's class.
    pub kind: &'static str,
    pub is_quote: bool,
    /// `14:05` in the site's zone and the edition's digits.
    pub time: String,
    /// The day, as the site writes dates: on the page's first entry and where
    /// the day changes.
    pub date: Option<String>,
    pub iso: String,
    /// Its paragraphs as HTML: escaped, line breaks kept, links made.
    pub paragraphs: Vec<String>,
    pub attribution: String,
    pub image: Option<Media>,
    pub edited: bool,
}

impl EntryView {
    fn new(site: &SiteSettings, language: Language, e: &LiveEntry) -> EntryView {
        EntryView {
            id: e.id,
            kind: e.kind.as_str(),
            is_quote: e.kind == EntryKind::Quote,
            time: site.time_of_day_in(language, e.created_at),
            date: Some(site.date_in(language, e.created_at)),
            iso: e.created_at.to_string(),
            paragraphs: e
                .body
                .split("\n\n")
                .filter(|p| !p.trim().is_empty())
                .map(plain_text::to_html)
                .collect(),
            attribution: e.attribution.clone(),
            image: e.media.clone().filter(|_| e.kind == EntryKind::Image),
            edited: e.edited_at.is_some(),
        }
    }
}

/// The entries' views, each day's date on its newest entry only.
fn by_day(site: &SiteSettings, language: Language, entries: &[LiveEntry]) -> Vec<EntryView> {
    let mut previous = None;
    entries
        .iter()
        .map(|e| {
            let day = arabic_date::local_date(e.created_at, &site.time_zone);
            let mut view = EntryView::new(site, language, e);
            if previous == Some(day) {
                view.date = None;
            }
            previous = Some(day);
            view
        })
        .collect()
}

/// An article's live coverage as its page (and its fragment) shows it.
pub struct LiveBlog {
    pub open: bool,
    /// When it started: (ISO time, date and time as readers read them).
    pub started: (String, String),
    pub ended: Option<(String, String)>,
    pub entries: Vec<EntryView>,
    /// The page of older entries, when there are more.
    pub older_href: Option<String>,
    /// On a page of older entries: back to the newest.
    pub newest_href: Option<String>,
    /// Where the script fetches the newest entries, and how often; none when
    /// this page is not to poll (closed, older entries, print).
    pub poll: Option<(String, u32)>,
}

fn when(site: &SiteSettings, language: Language, at: jiff::Timestamp) -> (String, String) {
    let date = site.date_in(language, at);
    (
        at.to_string(),
        format!("{date} {}", site.time_of_day_in(language, at)),
    )
}

impl LiveBlog {
    /// `href` is the article's path; `before`, the entry the shown page starts
    /// before (a page of older entries).
    fn new(
        site: &SiteSettings,
        language: Language,
        coverage: Coverage,
        page: &EntryPage,
        href: &str,
        before: Option<i64>,
        print: bool,
    ) -> LiveBlog {
        let polls = coverage.is_open() && before.is_none() && !print;
        LiveBlog {
            open: coverage.is_open(),
            started: when(site, language, coverage.started_at),
            ended: coverage.ended_at.map(|at| when(site, language, at)),
            entries: by_day(site, language, &page.entries),
            older_href: page
                .older
                .filter(|_| !print)
                .map(|id| format!("{href}?before={id}#live")),
            newest_href: before.map(|_| format!("{href}#live")),
            poll: polls.then(|| (format!("{href}/live"), POLL_SECONDS)),
        }
    }
}

/// The schema.org update of one entry.
fn blog_posting(e: &LiveEntry, url: &str, origin: &str) -> Value {
    let body = match (e.kind, e.attribution.is_empty()) {
        (EntryKind::Quote, false) => format!("{} — {}", e.body, e.attribution),
        _ => e.body.clone(),
    };
    let mut posting = json!({
        "@type": "BlogPosting",
        "headline": e.headline(),
        "articleBody": body,
        "datePublished": e.created_at.to_string(),
        "url": format!("{url}#entry-{}", e.id),
    });
    if let Some(edited) = e.edited_at {
        posting["dateModified"] = edited.to_string().into();
    }
    if let Some(m) = e.media.as_ref().filter(|_| e.kind == EntryKind::Image) {
        let largest = m.widths.last().copied().unwrap_or(m.width);
        posting["image"] = format!("{origin}{}", m.url(largest)).into();
    }
    posting
}

/// Makes the article's schema.org object a `LiveBlogPosting` (a kind of
/// article: its NewsArticle fields stay) with its coverage times and updates.
pub fn json_ld(
    article: &mut Value,
    coverage: Coverage,
    entries: &[LiveEntry],
    url: &str,
    origin: &str,
) {
    article["@type"] = "LiveBlogPosting".into();
    article["coverageStartTime"] = coverage.started_at.to_string().into();
    if let Some(ended) = coverage.ended_at {
        article["coverageEndTime"] = ended.to_string().into();
    }
    article["liveBlogUpdate"] = entries
        .iter()
        .map(|e| blog_posting(e, url, origin))
        .collect();
}

impl ArticlePage<'_> {
    /// Adds the live coverage (a page of its entries) to an article's page, and
    /// to its schema.org object.
    pub fn show_live(
        &mut self,
        site: &SiteSettings,
        origin: &str,
        page: &EntryPage,
        before: Option<i64>,
    ) {
        let Some(coverage) = self.a.live else {
            return;
        };
        self.live = Some(LiveBlog::new(
            site,
            self.chrome.t.language(),
            coverage,
            page,
            &self.href,
            before,
            self.chrome.print,
        ));
        json_ld(
            &mut self.json,
            coverage,
            &page.entries,
            &self.absolute_url,
            origin,
        );
        self.chrome.json_ld = Some(crate::views::script_json(&self.json));
    }
}

/// The newest entries alone: what the page's script swaps in.
#[derive(Template)]
#[template(path = "live_fragment.html")]
struct Fragment {
    t: &'static Texts,
    live: LiveBlog,
}

/// `/ar/news/{id}/{slug}/live`: the fragment of a public live article; any
/// other slug answers 301 to the current one's.
pub async fn fragment(
    State(app): State<App>,
    Edition(language): Edition,
    path: Result<Path<(String, String)>, PathRejection>,
) -> PageResult {
    let Ok(Path((id, slug))) = path else {
        return Err(WebError::NotFound);
    };
    let article = match resolve(&app, language, &id, Some(&slug)).await? {
        nashir_app::ArticlePage::Show(article) => article,
        nashir_app::ArticlePage::Redirect(href) => {
            return moved_permanently(&format!("{href}/live"));
        }
        nashir_app::ArticlePage::NotFound => return Err(WebError::NotFound),
    };
    render_fragment(&app, language, &article).await
}

async fn render_fragment(app: &App, language: Language, a: &Article) -> PageResult {
    let Some(coverage) = a.live else {
        return Err(WebError::NotFound);
    };
    let page = app.live_entries(a, None).await?;
    let href = a.path();
    let live = LiveBlog::new(&app.site, language, coverage, &page, &href, None, false);
    let fragment = Fragment {
        t: language.texts(),
        live,
    };
    let mut response = with_last_modified(html(&fragment)?, Some(a.modified_at));
    response
        .extensions_mut()
        .insert(Shows(vec![Dep::Article(a.id)]));
    Ok(response)
}

/// The `before` a page of older entries names (`?before=12`), read as the
/// article page reads it (for the page cache's key).
pub fn before_param(pairs: &[(String, String)]) -> Option<i64> {
    pairs
        .iter()
        .find(|(k, _)| k == "before")
        .and_then(|(_, v)| v.parse().ok())
        .filter(|id: &i64| *id > 0)
}

/// Whether `path` is an article page (`/ar/news/{id}/{slug}`).
pub fn is_article_path(path: &str) -> bool {
    crate::edition::tail(path)
        .strip_prefix("/news/")
        .is_some_and(|rest| rest.split('/').count() == 2)
}
