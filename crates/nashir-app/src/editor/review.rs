//! Review: a writer sends a draft to the editors (a save with
//! `SaveAction::Submit`); editors work through the queue and publish it, or send
//! it back with a note the writer reads in the editor.

use nashir_core::permissions::Action;
use nashir_core::plain_text::clean_multiline;
use nashir_core::{ArticleId, ArticleSummary};
use nashir_i18n::Message;

use super::EditError;
use crate::accounts::User;
use crate::app::App;
use crate::records::{NewsroomWrite, Review};

/// Drafts the review queue lists at most.
pub const QUEUE_LIMIT: u32 = 200;
pub const MAX_REVIEW_NOTE_CHARS: usize = 2_000;

impl App {
    /// Drafts waiting for an editor, the longest waiting first (editors).
    pub async fn review_queue(
        &self,
        by: &User,
    ) -> Result<Vec<(ArticleSummary, Review)>, EditError> {
        by.require(Action::EditAny)?;
        Ok(self.store.review_queue(QUEUE_LIMIT).await?)
    }

    /// The reviews of these articles (for the newsroom's lists and the editor).
    pub async fn reviews(&self, by: &User, ids: &[ArticleId]) -> Result<Vec<Review>, EditError> {
        by.require(Action::EnterNewsroom)?;
        Ok(self.store.reviews(ids).await?)
    }

    /// Sends a draft waiting for review back to its writer with a note (editors).
    pub async fn return_for_review(
        &self,
        by: &User,
        id: ArticleId,
        note: &str,
    ) -> Result<(), EditError> {
        by.require(Action::EditAny)?;
        let note = clean_multiline(note.trim());
        if note.is_empty() || note.chars().count() > MAX_REVIEW_NOTE_CHARS {
            return Err(EditError::Invalid(vec![
                Message::new("nr-review-note").with("max", MAX_REVIEW_NOTE_CHARS),
            ]));
        }
        let write = NewsroomWrite::ReturnReview {
            article: id,
            note: note.clone(),
            by: by.id,
        };
        if !self
            .write_audited(by, write, "review-return", format!("{id}: {note}"))
            .await?
        {
            return Err(EditError::NotFound);
        }
        Ok(())
    }
}
