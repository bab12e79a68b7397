use async_trait::async_trait;
use jiff::Timestamp;
use nashir_core::permissions::Role;

use super::StoreError;
use crate::records::{ApiToken, Audit, AuditEntry, NewsroomWrite, Session, User};

/// Users, their sessions, the site's secrets, and the audit log with the newsroom writes it records.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Fails with [`StoreError::Conflict`] when the e-mail address is taken.
    async fn create_user(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<User, StoreError>;

    /// The user and their password hash.
    async fn user_by_email(&self, email: &str) -> Result<Option<(User, String)>, StoreError>;

    async fn user(&self, id: i64) -> Result<Option<User>, StoreError>;

    async fn users(&self) -> Result<Vec<User>, StoreError>;

    async fn create_session(
        &self,
        token_digest: &str,
        user_id: i64,
        csrf: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError>;

    /// The unexpired session with this token digest.
    async fn session(
        &self,
        token_digest: &str,
        now: Timestamp,
    ) -> Result<Option<Session>, StoreError>;

    async fn delete_session(&self, token_digest: &str) -> Result<(), StoreError>;

    /// The secret stored under `name`; `fresh` becomes it when there is none yet
    /// (every node then reads the one that won).
    async fn site_secret(&self, name: &str, fresh: &str) -> Result<String, StoreError>;

    async fn append_audit(
        &self,
        user_id: Option<i64>,
        action: &str,
        target: &str,
        now: Timestamp,
    ) -> Result<(), StoreError>;

    /// Applies `write` and appends `audit` in one write transaction: both land, or
    /// neither does. `false`: there was nothing to write it to (no such article in
    /// or out of the trash), and no audit line either.
    async fn newsroom_write(
        &self,
        write: &NewsroomWrite,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    /// The newest audit entries first.
    async fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError>;

    /// Stores a new API token's digest, with its audit entry, in one transaction.
    async fn add_token(
        &self,
        user: i64,
        name: &str,
        digest: &str,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<i64, StoreError>;

    /// The token that has this digest and is not revoked, with its user; notes
    /// its use (at most once a minute).
    async fn token_user(
        &self,
        digest: &str,
        now: Timestamp,
    ) -> Result<Option<(i64, User)>, StoreError>;

    /// Tokens, newest first (one user's, or everyone's).
    async fn tokens(&self, user: Option<i64>) -> Result<Vec<ApiToken>, StoreError>;

    /// Revokes a token, with its audit entry; false when there is no such live one.
    async fn revoke_token(
        &self,
        id: i64,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
}
