//! The admins' side of accounts: the list of users, roles, disabling; and the
//! audit log, for those who may read it.

use nashir_core::language::Language;
use nashir_core::permissions::{Action, Role};

use super::{AuditEntry, User};
use crate::app::App;
use crate::editor::EditError;
use crate::records::NewsroomWrite;

impl App {
    /// Every account (admins).
    pub async fn users(&self, by: &User) -> Result<Vec<User>, EditError> {
        by.require(Action::ManageUsers)?;
        Ok(self.store.users().await?)
    }

    /// Gives another user a role (admins), recorded in the audit log.
    pub async fn set_user_role(&self, by: &User, id: i64, role: Role) -> Result<(), EditError> {
        let user = self.other_user(by, id).await?;
        let target = format!("{}: {} → {}", user.email, user.role.as_str(), role.as_str());
        let write = NewsroomWrite::UserRole { user: id, role };
        self.write_audited(by, write, "role-change", target).await?;
        Ok(())
    }

    /// The language the newsroom speaks to user `id`: anyone's own, another's
    /// only an admin's to set. Recorded in the audit log.
    pub async fn set_user_language(
        &self,
        by: &User,
        id: i64,
        language: Language,
    ) -> Result<(), EditError> {
        let user = if id == by.id {
            by.require(Action::EnterNewsroom)?;
            by.clone()
        } else {
            self.other_user(by, id).await?
        };
        let target = format!("{}: {} → {}", user.email, user.language, language);
        let write = NewsroomWrite::UserLanguage { user: id, language };
        self.write_audited(by, write, "language-change", target)
            .await?;
        Ok(())
    }

    /// Disables another user, ending their sessions, or enables them again (admins).
    pub async fn set_user_disabled(
        &self,
        by: &User,
        id: i64,
        disabled: bool,
    ) -> Result<(), EditError> {
        let user = self.other_user(by, id).await?;
        let action = if disabled {
            "user-disable"
        } else {
            "user-enable"
        };
        let write = NewsroomWrite::UserDisabled { user: id, disabled };
        self.write_audited(by, write, action, user.email).await?;
        Ok(())
    }

    /// The newest audit entries first (editors and admins).
    pub async fn audit_log(&self, by: &User, limit: u32) -> Result<Vec<AuditEntry>, EditError> {
        by.require(Action::ViewAuditLog)?;
        Ok(self.store.audit_log(limit).await?)
    }

    /// The account an admin acts on: never their own, so no admin locks themselves out.
    async fn other_user(&self, by: &User, id: i64) -> Result<User, EditError> {
        by.require(Action::ManageUsers)?;
        let user = self.store.user(id).await?.ok_or(EditError::NotFound)?;
        if user.id == by.id {
            return Err(EditError::Forbidden);
        }
        Ok(user)
    }
}
