//! Related stories (اقرأ أيضاً): up to [`MAX_RELATED`] public articles under each
//! article. The search index chooses them when the article changes, never per
//! request, and stores its choice ([`crate::RelatedStore::set_computed_related`]);
//! readers' pages read the stored list; whoever may edit an article pins entries of
//! its list or removes them, and a removal holds whatever the index finds later.

use jiff::Timestamp;
use nashir_core::{Article, ArticleId, ArticleSummary};
use nashir_i18n::Message;

use crate::accounts::User;
use crate::app::App;
use crate::editor::EditError;
use crate::records::{
    Audit, ListFilter, Page, RelatedOrigin, RelatedOutcome, RelatedRow, RelatedWrite,
};
use crate::store::StoreError;

/// Related articles shown under an article (and the most that may be pinned).
pub const MAX_RELATED: usize = 5;
/// Entries the index stores per article: more than are shown, so that one that
/// stops being public, or that the newsroom removes, leaves the list full until
/// the index chooses again.
pub const COMPUTED: usize = 8;
/// The most entries removed from one article's list.
pub const MAX_REMOVED: u32 = 100;
/// Recent articles the newsroom's page offers to pin.
const PIN_CHOICES: u32 = 20;

/// What the index must not choose for an article: what the newsroom pinned (it
/// is shown anyway) or removed.
pub fn chosen_by_newsroom(rows: &[RelatedRow], article: ArticleId) -> Vec<ArticleId> {
    rows.iter()
        .filter(|r| r.article == article && r.origin != RelatedOrigin::Auto)
        .map(|r| r.related)
        .collect()
}

/// Related articles as readers see them under one article.
#[derive(Clone, Debug, Default)]
pub struct RelatedArticles {
    pub articles: Vec<ArticleSummary>,
    /// When the list last changed (none for an empty list): the page is as new as that.
    pub changed_at: Option<Timestamp>,
}

/// One entry of an article's list in the newsroom.
#[derive(Clone, Debug)]
pub struct DeskEntry {
    pub id: ArticleId,
    pub title: String,
    pub origin: RelatedOrigin,
    /// Its public page, when readers can see it.
    pub href: Option<String>,
    /// Readers see it under the article now.
    pub shown: bool,
}

/// The newsroom's view of an article's list.
#[derive(Clone, Debug)]
pub struct RelatedDesk {
    pub article: Article,
    /// Pinned entries, then the index's, then removed ones.
    pub entries: Vec<DeskEntry>,
    /// Recent public articles to pin, those already pinned left out.
    pub recent: Vec<ArticleSummary>,
}

/// What the newsroom does to one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelatedAction {
    Pin(ArticleId),
    Unpin(ArticleId),
    Remove(ArticleId),
    Restore(ArticleId),
}

impl App {
    /// The related articles readers see under `article`: pinned ones first, then
    /// the index's, public ones only, at most [`MAX_RELATED`]. One query.
    pub async fn related_articles(&self, article: &Article) -> Result<RelatedArticles, StoreError> {
        let read = self
            .store
            .related_for_readers(article.id, self.clock.now(), MAX_RELATED as u32)
            .await?;
        Ok(RelatedArticles {
            articles: read
                .entries
                .into_iter()
                .map(|(_, summary)| summary)
                .collect(),
            changed_at: read.changed_at,
        })
    }

    /// An article's list as the newsroom sees it, for those who may edit it.
    pub async fn related_desk(&self, user: &User, id: ArticleId) -> Result<RelatedDesk, EditError> {
        let article = self.editable_article(user, id).await?;
        let now = self.clock.now();
        let mut rows = self.store.related_rows(&[id]).await?;
        rows.sort_by_key(|r| (desk_order(r.origin), r.position));
        let ids: Vec<ArticleId> = rows.iter().map(|r| r.related).collect();
        let found = self.store.articles(&ids).await?;
        let shown: Vec<ArticleId> = self
            .related_articles(&article)
            .await?
            .articles
            .iter()
            .map(|s| s.id)
            .collect();
        let entries = rows
            .iter()
            .filter_map(|r| {
                let a = found.iter().find(|a| a.id == r.related)?;
                Some(DeskEntry {
                    id: a.id,
                    title: a.title.clone(),
                    origin: r.origin,
                    href: a.is_public(now).then(|| a.path()),
                    shown: shown.contains(&a.id),
                })
            })
            .collect();
        let pinned: Vec<ArticleId> = rows
            .iter()
            .filter(|r| r.origin == RelatedOrigin::Pinned)
            .map(|r| r.related)
            .collect();
        let recent = self
            .store
            .list_published(now, &ListFilter::default(), Page::First, PIN_CHOICES)
            .await?
            .into_iter()
            .filter(|s| s.id != id && !pinned.contains(&s.id))
            .collect();
        Ok(RelatedDesk {
            article,
            entries,
            recent,
        })
    }

    /// Pins, unpins, removes or restores one entry of an article's list, for
    /// those who may edit the article. The change log it leaves has the index
    /// choose again at once (a removed entry's place filled, a restored one
    /// considered) and the article's page rendered again.
    pub async fn edit_related(
        &self,
        user: &User,
        id: ArticleId,
        action: RelatedAction,
    ) -> Result<(), EditError> {
        let article = self.editable_article(user, id).await?;
        let max = MAX_RELATED as u32;
        let (write, name, other) = match action {
            RelatedAction::Pin(related) => {
                (RelatedWrite::Pin { related, max }, "related.pin", related)
            }
            RelatedAction::Unpin(related) => {
                (RelatedWrite::Unpin(related), "related.unpin", related)
            }
            RelatedAction::Remove(related) => (
                RelatedWrite::Remove {
                    related,
                    max: MAX_REMOVED,
                },
                "related.remove",
                related,
            ),
            RelatedAction::Restore(related) => {
                (RelatedWrite::Restore(related), "related.restore", related)
            }
        };
        if other == id {
            return Err(EditError::Invalid(vec!["nr-related-self".into()]));
        }
        let audit = Audit {
            by: Some(user.id),
            action: name.into(),
            target: format!("{id}: {} ← {other}", article.title),
        };
        match self
            .store
            .related_write(id, &write, &audit, self.clock.now())
            .await?
        {
            RelatedOutcome::Done => {
                self.changed().await;
                Ok(())
            }
            RelatedOutcome::Unchanged => Ok(()),
            RelatedOutcome::Full => Err(EditError::Invalid(vec![match write {
                RelatedWrite::Pin { .. } => {
                    Message::new("nr-related-pinned-full").with("max", MAX_RELATED)
                }
                _ => Message::new("nr-related-removed-full").with("max", MAX_REMOVED),
            }])),
            RelatedOutcome::Unknown => Err(EditError::Invalid(vec![
                Message::new("nr-related-unknown").with("id", other.0),
            ])),
        }
    }
}

/// Pinned, then computed, then removed.
fn desk_order(origin: RelatedOrigin) -> u8 {
    match origin {
        RelatedOrigin::Pinned => 0,
        RelatedOrigin::Auto => 1,
        RelatedOrigin::Removed => 2,
    }
}
