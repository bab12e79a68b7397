//! What the machine's operator does from the shell (`nashir section`, `nashir user
//! list`): no session, full rights; writes are audited with no user.

use nashir_core::Section;
use nashir_core::language::Language;

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

    /// Names an existing section in an edition other than the default; an
    /// empty name takes it out of that edition's menu. None when there is no
    /// such section.
    pub async fn console_name_section(
        &self,
        slug: &str,
        language: Language,
        name: &str,
    ) -> Result<Option<Section>, StoreError> {
        if self.store.section_by_slug(slug).await?.is_none() {
            return Ok(None);
        }
        let name = (!name.is_empty()).then(|| name.to_string());
        let write = NewsroomWrite::SectionName {
            slug: slug.into(),
            language,
            name: name.clone(),
        };
        let audit = Audit {
            by: None,
            action: "taxonomy".into(),
            target: format!(
                "console: section {slug} in {language} = {}",
                name.as_deref().unwrap_or("-")
            ),
        };
        self.store
            .newsroom_write(&write, &audit, self.clock.now())
            .await?;
        self.changed().await;
        self.section_in(language, slug).await
    }

    /// Every account, for `nashir user list`.
    pub async fn console_users(&self) -> Result<Vec<User>, StoreError> {
        self.store.users().await
    }
}
