//! Keeping related lists (اقرأ أيضاً) current. The index computes them, since it
//! is what knows which articles are alike, and it knows when: right after it has
//! applied a change. The lists are stored through the store, so that readers' pages
//! read them with no index at hand, every node shows the same, and the newsroom's
//! pins and removals sit beside them.
//!
//! When an article changes (not by our own list writes), its list is computed
//! again, the newsroom's pinned and removed entries left out of the index's choice.
//! When its document changed (new, published, edited), the articles now on its
//! list are computed again too, since it may belong on theirs: at most
//! [`NEIGHBOURS_PER_BATCH`] per batch of changes, so a bulk import costs its own
//! lists and a bounded extra. Other lists learn of it when they change themselves
//! or at the next rebuild.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use nashir_app::related::{COMPUTED, MAX_RELATED, chosen_by_newsroom};
use nashir_app::search::SearchError;
use nashir_app::{Clock, Store};
use nashir_core::{Article, ArticleId};

use crate::engine::{EngineError, SearchEngine};
use crate::indexer::{PublicBatches, blocking};

/// Lists of other articles computed again after one batch of changes.
pub const NEIGHBOURS_PER_BATCH: usize = 100;
/// Articles read and computed at a time when every list is filled.
const FILL_BATCH: u32 = 500;
/// Below this many articles, computing on one thread beats starting others.
const PARALLEL_FROM: usize = 16;

/// What the indexer remembers between catch-ups.
#[derive(Default)]
pub(crate) struct Bookkeeping {
    /// Change-log positions of the lists this engine wrote: they change no
    /// document and ask for no new list, so catching up passes over them.
    own_changes: Mutex<BTreeSet<i64>>,
    /// Articles whose list could not be stored: tried again at the next catch-up.
    pending: Mutex<BTreeSet<ArticleId>>,
}

fn locked<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Bookkeeping {
    /// Whether position `seq` is one of our own list writes (forgotten once asked).
    pub(crate) fn is_own(&self, seq: i64) -> bool {
        locked(&self.own_changes).remove(&seq)
    }

    /// Forgets own positions up to `seq`, which the index has passed.
    pub(crate) fn passed(&self, seq: i64) {
        locked(&self.own_changes).retain(|s| *s > seq);
    }

    pub(crate) fn take_pending(&self) -> Vec<ArticleId> {
        std::mem::take(&mut *locked(&self.pending))
            .into_iter()
            .collect()
    }
}

/// Each article's list as the index would choose it, leaving out the article,
/// `exclude[i]` for `articles[i]`, on every core when there are many.
fn compute(
    engine: &SearchEngine,
    articles: &[Article],
    exclude: &[Vec<ArticleId>],
) -> Result<Vec<(ArticleId, Vec<ArticleId>)>, EngineError> {
    let one = |(a, ex): (&Article, &Vec<ArticleId>)| {
        engine.related(a, ex, COMPUTED).map(|list| (a.id, list))
    };
    if articles.len() < PARALLEL_FROM {
        return articles.iter().zip(exclude).map(one).collect();
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = articles.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = articles
            .chunks(chunk)
            .zip(exclude.chunks(chunk))
            .map(|(part, ex)| {
                scope.spawn(move || part.iter().zip(ex).map(one).collect::<Result<Vec<_>, _>>())
            })
            .collect();
        let mut out = Vec::with_capacity(articles.len());
        for h in handles {
            let part = h.join().map_err(|_| {
                EngineError::Io(std::io::Error::other("a related-articles thread failed"))
            })??;
            out.extend(part);
        }
        Ok(out)
    })
}

/// Articles' lists as computed, and how many of them changed.
type Computed = (Vec<(ArticleId, Vec<ArticleId>)>, usize);

/// Computes and stores the lists of `articles`.
async fn compute_and_store(
    engine: &Arc<SearchEngine>,
    store: &dyn Store,
    clock: &dyn Clock,
    articles: Vec<Article>,
) -> Result<Computed, SearchError> {
    if articles.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let ids: Vec<ArticleId> = articles.iter().map(|a| a.id).collect();
    let rows = store.related_rows(&ids).await?;
    let exclude: Vec<Vec<ArticleId>> = ids
        .iter()
        .map(|id| chosen_by_newsroom(&rows, *id))
        .collect();
    let e = engine.clone();
    let lists = blocking(move || compute(&e, &articles, &exclude)).await?;
    let seqs = store.set_computed_related(&lists, clock.now()).await?;
    let changed = seqs.len();
    locked(&engine.related.own_changes).extend(seqs);
    Ok((lists, changed))
}

/// After a batch of changes: the lists of the public `articles` changed, then of
/// the articles on the lists of those whose document changed (`new_documents`).
/// A list that cannot be stored is tried again at the next catch-up.
pub(crate) async fn refresh(
    engine: &Arc<SearchEngine>,
    store: &dyn Store,
    clock: &dyn Clock,
    articles: Vec<Article>,
    new_documents: &[ArticleId],
) {
    let ids: Vec<ArticleId> = articles.iter().map(|a| a.id).collect();
    if let Err(e) = refresh_lists(engine, store, clock, articles, new_documents).await {
        tracing::error!("computing related articles: {e}");
        locked(&engine.related.pending).extend(ids);
    }
}

async fn refresh_lists(
    engine: &Arc<SearchEngine>,
    store: &dyn Store,
    clock: &dyn Clock,
    articles: Vec<Article>,
    new_documents: &[ArticleId],
) -> Result<(), SearchError> {
    let done: BTreeSet<ArticleId> = articles.iter().map(|a| a.id).collect();
    let (lists, _) = compute_and_store(engine, store, clock, articles).await?;
    let mut neighbours: Vec<ArticleId> = Vec::new();
    for (_, list) in lists.iter().filter(|(id, _)| new_documents.contains(id)) {
        for id in list.iter().take(MAX_RELATED) {
            if neighbours.len() < NEIGHBOURS_PER_BATCH
                && !done.contains(id)
                && !neighbours.contains(id)
            {
                neighbours.push(*id);
            }
        }
    }
    if neighbours.is_empty() {
        return Ok(());
    }
    let now = clock.now();
    let public = store
        .articles(&neighbours)
        .await?
        .into_iter()
        .filter(|a| a.is_public(now))
        .collect();
    compute_and_store(engine, store, clock, public).await?;
    Ok(())
}

/// Computes every public article's list from the index, in batches: what a
/// rebuilt index does once it is committed (searches work meanwhile).
/// `progress(done, total)` is called after each batch. Returns how many lists
/// changed.
pub async fn fill_related(
    engine: &Arc<SearchEngine>,
    store: &dyn Store,
    clock: &dyn Clock,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<u64, SearchError> {
    let mut changed = 0;
    let mut batches = PublicBatches::new(store, clock, FILL_BATCH).await?;
    while let Some(public) = batches.next().await? {
        changed += compute_and_store(engine, store, clock, public).await?.1 as u64;
        progress(batches.done, batches.total);
    }
    Ok(changed)
}
