//! Bulk imports of whole articles from other systems (the WordPress importer):
//! the articles with their authors, tags, featured images, comments and old
//! addresses, each under a key of its origin so that importing the same source
//! again updates in place.

use crate::app::App;
use crate::limits::Cancel;
use crate::media::{MediaError, process_image};
use crate::records::{
    Audit, ImportItem, ImportOutcome, ImportPage, ItemImported, PageImported, Redirect,
    RedirectOrigin,
};
use crate::redirects::{normalize_from, normalize_target};
use crate::store::StoreError;

impl App {
    /// Imports `items` in one transaction, each atomically; caches, feeds and
    /// the search index follow what changed. Results are in input order.
    pub async fn import_items(
        &self,
        items: &[ImportItem],
    ) -> Result<Vec<Result<ItemImported, StoreError>>, StoreError> {
        let results = self.store.import_items(items, self.clock.now()).await?;
        let changed = results.iter().any(|r| {
            r.as_ref()
                .is_ok_and(|i| i.outcome != ImportOutcome::Unchanged || i.new_comments > 0)
        });
        if changed {
            self.changed().await;
        }
        Ok(results)
    }

    /// Stores an image file of an import under `key`, once: importing it again
    /// returns the same media id. Its alternative text is `alt`.
    pub async fn import_image(
        &self,
        key: &str,
        bytes: Vec<u8>,
        alt: &str,
    ) -> Result<i64, MediaError> {
        if let Some(id) = self.store.imported(key).await?
            && self.store.media(id).await?.is_some()
        {
            return Ok(id);
        }
        if bytes.len() > self.site.media_max_bytes {
            return Err(MediaError::TooLarge {
                size: bytes.len(),
                limit: self.site.media_max_bytes,
            });
        }
        let processed =
            tokio::task::spawn_blocking(move || process_image(&bytes, &Cancel::never()))
                .await
                .map_err(|e| MediaError::Broken(e.to_string()))??;
        let media = self.keep_image(processed, alt, None).await?;
        self.store.remember_imported(key, media.id).await?;
        Ok(media.id)
    }
}

impl App {
    /// Stores redirects an import brings (old category, tag and author pages),
    /// each (old address, new path), normalized; pairs that do not normalize are
    /// returned with the reason, the others stored in one transaction.
    pub async fn import_redirects(
        &self,
        pairs: &[(String, String)],
    ) -> Result<Vec<String>, StoreError> {
        let now = self.clock.now();
        let mut problems = Vec::new();
        let mut redirects = Vec::new();
        for (from, to) in pairs {
            match (normalize_from(from), normalize_target(to, None)) {
                (Ok(from), Ok(to)) if from != to => redirects.push(Redirect {
                    from,
                    to,
                    origin: RedirectOrigin::Import,
                    created_at: now,
                }),
                (Ok(_), Ok(_)) => {}
                (Err(e), _) | (_, Err(e)) => problems.push(format!("{from} → {to}: {e}")),
            }
        }
        if !redirects.is_empty() {
            let audit = Audit {
                by: None,
                action: "redirects.import".into(),
                target: format!("{} redirects", redirects.len()),
            };
            self.store.put_redirects(&redirects, &audit, now).await?;
        }
        Ok(problems)
    }
}

impl App {
    /// Imports static pages by key in one transaction, each atomically; every
    /// page's footer follows.
    pub async fn import_static_pages(
        &self,
        pages: &[ImportPage],
    ) -> Result<Vec<Result<PageImported, StoreError>>, StoreError> {
        let results = self
            .store
            .import_static_pages(pages, self.clock.now())
            .await?;
        if results.iter().any(|r| {
            r.as_ref()
                .is_ok_and(|p| p.outcome != ImportOutcome::Unchanged)
        }) {
            self.changed().await;
        }
        Ok(results)
    }
}
