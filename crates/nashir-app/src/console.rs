//! What the machine's operator does from the shell (`nashir section`, `nashir user
//! list`): no session, full rights; writes are audited with no user.

use nashir_core::Section;

use crate::accounts::User;
use crate::app::App;
use crate::records::{Audit, NewsroomWrite};
use crate::store::StoreError;

impl App {
    /// Creates or renames a section.
    pub async fn console_save_section(
        &self,
        slug: &str,
        name: &str,
    ) -> Result<Section, StoreError> {
        let write = NewsroomWrite::Section {
            slug: slug.into(),
            name: name.into(),
        };
        let audit = Audit {
            by: None,
            action: "taxonomy".into(),
            target: format!("console: section {slug} = {name}"),
        };
        self.store
            .newsroom_write(&write, &audit, self.clock.now())
            .await?;
        self.store
            .section_by_slug(slug)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("section {slug} missing after its write")))
    }

    /// Every account, for `nashir user list`.
    pub async fn console_users(&self) -> Result<Vec<User>, StoreError> {
        self.store.users().await
    }
}
