//! What the newsroom's article pages read, each for a user it checks: the
//! dashboard, the trash, an article to edit and its old versions.

use jiff::Timestamp;
use nashir_core::permissions::Action;
use nashir_core::{Article, ArticleId, ArticleSummary, NewArticle, Status};

use super::EditError;
use crate::accounts::User;
use crate::app::App;

impl App {
    /// The newest articles the user works on: every article for those who may edit
    /// any, their own for the others.
    pub async fn newsroom_articles(
        &self,
        user: &User,
        limit: u32,
    ) -> Result<Vec<(ArticleSummary, Status)>, EditError> {
        user.require(Action::EnterNewsroom)?;
        let owner = (!user.may(Action::EditAny)).then_some(user.id);
        Ok(self.store.newsroom_articles(owner, limit).await?)
    }

    /// Articles in the trash, most recently deleted first, with when (editors).
    pub async fn trashed_articles(
        &self,
        user: &User,
        limit: u32,
    ) -> Result<Vec<(ArticleSummary, Timestamp)>, EditError> {
        user.require(Action::DeleteArticles)?;
        Ok(self.store.trashed_articles(limit).await?)
    }

    /// An article in any state, if the user may edit it.
    pub async fn editable_article(&self, user: &User, id: ArticleId) -> Result<Article, EditError> {
        let article = self.store.article(id).await?.ok_or(EditError::NotFound)?;
        if user.may_edit(user.owns(article.created_by)) {
            Ok(article)
        } else {
            Err(EditError::Forbidden)
        }
    }

    /// What revision `number` of an article held, for those who may edit it.
    pub async fn revision(
        &self,
        user: &User,
        id: ArticleId,
        number: i64,
    ) -> Result<NewArticle, EditError> {
        self.editable_article(user, id).await?;
        self.store
            .revision(id, number)
            .await?
            .ok_or(EditError::NotFound)
    }
}
