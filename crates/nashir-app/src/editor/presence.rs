//! Who else has a story open in the editor: a hint the editor page refreshes
//! while it is open, gone [`EDITING_HINT`] after the last refresh. Not a lock:
//! a save over a newer revision is refused anyway (`EditError::Conflict`).

use jiff::SignedDuration;
use nashir_core::ArticleId;

use super::EditError;
use crate::accounts::User;
use crate::app::App;
use crate::store::StoreError;

/// How long an editor counts as having a story open after the page last said so.
pub const EDITING_HINT: SignedDuration = SignedDuration::from_mins(2);

impl App {
    /// Records that `user` has the article open; the names of the others who do.
    pub async fn editing(&self, user: &User, id: ArticleId) -> Result<Vec<String>, EditError> {
        self.editable_article(user, id).await?;
        let now = self.clock.now();
        Ok(self
            .store
            .mark_editing(id, user.id, now - EDITING_HINT, now)
            .await?)
    }

    /// Who has these articles open now: (article, name), for the newsroom's list.
    pub async fn editors_at_work(
        &self,
        ids: &[ArticleId],
    ) -> Result<Vec<(ArticleId, String)>, StoreError> {
        self.store
            .editing(ids, self.clock.now() - EDITING_HINT)
            .await
    }
}
