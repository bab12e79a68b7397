//! Translations: an article and its versions in the other editions, linked so
//! each page points readers (and search engines, with `hreflang`) to the others.

use nashir_core::language::Language;
use nashir_core::{Article, ArticleId, ArticleSummary};
use nashir_i18n::Message;

use crate::app::App;
use crate::records::{ListFilter, Page};
use crate::store::StoreError;

/// Why two articles could not be linked as translations.
#[derive(Debug, thiserror::Error)]
pub enum TranslationError {
    #[error("article {0} does not exist")]
    NotFound(ArticleId),
    #[error("a translation is in another edition's language than its original ({0})")]
    SameLanguage(Language),
    #[error("the original already has a translation in {0}")]
    Taken(Language),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl App {
    /// Links `article` as a translation of `of` (and so of every translation
    /// `of` already has).
    pub async fn link_translation(
        &self,
        article: ArticleId,
        of: ArticleId,
    ) -> Result<(), TranslationError> {
        let found = self.store.articles(&[article, of]).await?;
        let get = |id| found.iter().find(|a: &&Article| a.id == id);
        let translation = get(article).ok_or(TranslationError::NotFound(article))?;
        let original = get(of).ok_or(TranslationError::NotFound(of))?;
        if translation.language == original.language {
            return Err(TranslationError::SameLanguage(original.language));
        }
        if !self
            .store
            .link_translation(article, of, self.clock.now())
            .await?
        {
            return Err(TranslationError::Taken(translation.language));
        }
        self.changed().await;
        Ok(())
    }

    /// Why an article in `language` could not be linked as a translation of
    /// `of`, said for the newsroom's form; none when it can.
    pub(crate) async fn translation_problem(
        &self,
        of: ArticleId,
        language: Language,
    ) -> Result<Option<Message>, StoreError> {
        let Some(original) = self.store.article(of).await? else {
            return Ok(Some(
                Message::new("nr-editor-translation-missing").with("id", of.0),
            ));
        };
        if original.language == language {
            return Ok(Some(Message::new("nr-editor-translation-same")));
        }
        let taken = match original.translation_group {
            None => None,
            Some(group) => self.store.translation_in(group, language).await?,
        };
        Ok(taken.map(|id| Message::new("nr-editor-translation-taken").with("id", id.0)))
    }

    /// An article's public translations in the editions the site publishes,
    /// in the order of its `editions` setting.
    pub async fn translations(&self, a: &Article) -> Result<Vec<ArticleSummary>, StoreError> {
        let Some(group) = a.translation_group else {
            return Ok(Vec::new());
        };
        let filter = ListFilter {
            translation_group: Some(group),
            ..ListFilter::default()
        };
        let mut found = self
            .store
            .list_published(self.clock.now(), &filter, Page::First, 3)
            .await?;
        found.retain(|s| s.id != a.id && self.site.publishes(s.language));
        found.sort_by_key(|s| {
            self.site
                .editions
                .iter()
                .position(|e| e.language == s.language)
        });
        Ok(found)
    }
}
