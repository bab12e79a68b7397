//! The search port and the reader's search use-case.

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_core::highlight::{Fragment, Highlighter};
use nashir_core::language::Language;
use nashir_core::search_query::SearchQuery;
use nashir_core::{Article, ArticleId};

/// Words of context in a result's snippet.
const SNIPPET_WORDS: usize = 32;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    #[default]
    Relevance,
    Newest,
}

#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    pub query: SearchQuery,
    /// Section slug to search in.
    pub section: Option<String>,
    /// Published at or after.
    pub from: Option<Timestamp>,
    /// Published before.
    pub until: Option<Timestamp>,
    pub sort: SortOrder,
    pub offset: usize,
    pub limit: usize,
    /// The edition searched (Arabic unless said): only its articles are found,
    /// and the query is read the way its language is.
    pub edition: Language,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchHits {
    /// All matches, not just this page.
    pub total: usize,
    pub ids: Vec<ArticleId>,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(String),
    #[error(transparent)]
    Store(#[from] crate::StoreError),
}

/// A query that finds something, in normalized words, and one article it finds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Correction {
    pub query: String,
    pub found: ArticleId,
}

/// Most articles suggested for one query being typed.
pub const MAX_SUGGESTIONS: usize = 8;

/// One article suggested as the reader types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub id: ArticleId,
    pub title: String,
    pub slug: String,
}

/// The full-text index. The database is the source of truth: an index can always
/// be rebuilt from it and catches up from its change log.
#[async_trait]
pub trait SearchIndex: Send + Sync + 'static {
    async fn search(&self, request: &SearchRequest) -> Result<SearchHits, SearchError>;

    /// For a query that found nothing in the Arabic edition: the query with its
    /// unknown words replaced by the nearest words the index knows, if that finds
    /// something.
    async fn did_you_mean(&self, query: &SearchQuery) -> Result<Option<Correction>, SearchError> {
        self.did_you_mean_in(query, Language::Arabic).await
    }

    /// [`SearchIndex::did_you_mean`] in an edition, from its articles' words only.
    async fn did_you_mean_in(
        &self,
        query: &SearchQuery,
        edition: Language,
    ) -> Result<Option<Correction>, SearchError>;

    /// Arabic articles for a query still being typed (the last word unfinished).
    async fn suggest(&self, typed: &str, limit: usize) -> Result<Vec<Suggestion>, SearchError> {
        self.suggest_in(typed, Language::Arabic, limit).await
    }

    /// [`SearchIndex::suggest`] in an edition: its articles only.
    async fn suggest_in(
        &self,
        typed: &str,
        edition: Language,
        limit: usize,
    ) -> Result<Vec<Suggestion>, SearchError>;

    /// The store changed: catch up now rather than at the next poll.
    fn changed(&self);
}

impl crate::App {
    /// Published articles of an edition for a query still being typed
    /// ([`crate::App::suggest`] is the Arabic edition's).
    pub async fn suggest_in(
        &self,
        typed: &str,
        edition: Language,
    ) -> Result<Vec<Suggestion>, SearchError> {
        let Some(index) = &self.search else {
            return Ok(Vec::new());
        };
        index.suggest_in(typed, edition, MAX_SUGGESTIONS).await
    }
}

/// One result as the reader sees it.
#[derive(Clone, Debug)]
pub struct SearchResult {
    pub article: Article,
    pub title: Vec<Fragment>,
    pub snippet: Vec<Fragment>,
}

#[derive(Clone, Debug, Default)]
pub struct SearchResults {
    pub total: usize,
    pub results: Vec<SearchResult>,
    /// "Did you mean" (هل تقصد), when nothing was found.
    pub did_you_mean: Option<String>,
}

/// `corrected` (normalized words, as the index has them) in the spelling the
/// article `example` uses: الحكومه becomes الحكومة again.
pub fn spelt_as_in(corrected: &str, example: &Article) -> String {
    let text = std::iter::once(example.title.clone())
        .chain(std::iter::once(example.lead.clone()))
        .chain(example.body.iter().map(|b| b.plain_text()))
        .collect::<Vec<_>>()
        .join("\n");
    let tokens = nashir_core::analysis::tokenize(&text);
    corrected
        .split(' ')
        .map(|word| {
            let bare = word.trim_matches('"');
            match tokens.iter().find(|t| t.normalized == bare) {
                Some(t) => word.replace(bare, &text[t.start..t.end]),
                None => word.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl SearchResult {
    /// One result, its reader's words marked by `highlighter` (made once per search:
    /// it works out the stems and bases of the query's words).
    pub fn new(article: Article, highlighter: &Highlighter) -> SearchResult {
        let text = std::iter::once(article.lead.clone())
            .chain(article.body.iter().map(|b| b.plain_text()))
            .collect::<Vec<_>>()
            .join("\n");
        SearchResult {
            title: highlighter.mark(&article.title),
            snippet: highlighter.snippet(&text, SNIPPET_WORDS),
            article,
        }
    }
}
