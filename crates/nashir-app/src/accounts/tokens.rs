//! API tokens: each acts as its user under the newsroom's permission table (no
//! rules of its own). Shown once when made, stored as a SHA-256 digest.

use jiff::SignedDuration;
use nashir_core::permissions::Action;

use super::{AccountError, User};
use crate::app::App;
use crate::editor::EditError;
use crate::records::{ApiToken, Audit, Limit};
use crate::secrets::{random_token, token_digest};
use crate::store::StoreError;

/// What a token starts with, so it is recognized in logs and secret scanners.
pub const TOKEN_PREFIX: &str = "nsh_";
pub const MAX_TOKEN_NAME_CHARS: usize = 100;
/// Requests one token may make a minute (every node counts alike).
pub const TOKEN_REQUESTS_PER_MINUTE: u32 = 300;

impl App {
    /// Makes a token for the account with this e-mail (the operator's `nashir token
    /// add`); returns it, the one time it is shown.
    pub async fn add_token(
        &self,
        email: &str,
        name: &str,
    ) -> Result<(ApiToken, String), AccountError> {
        let email = super::normalize_email(email)?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_TOKEN_NAME_CHARS {
            return Err(AccountError::BadName);
        }
        let Some((user, _)) = self.store.user_by_email(&email).await? else {
            return Err(AccountError::InvalidCredentials);
        };
        let secret = format!(
            "{TOKEN_PREFIX}{}",
            random_token().map_err(AccountError::Internal)?
        );
        let audit = Audit {
            by: None,
            action: "token-add".into(),
            target: format!("{}: {name}", user.email),
        };
        let now = self.clock.now();
        let id = self
            .store
            .add_token(user.id, name, &token_digest(&secret), &audit, now)
            .await?;
        let token = ApiToken {
            id,
            user_id: user.id,
            user_name: user.name,
            name: name.to_string(),
            created_at: now,
            last_used_at: None,
            revoked_at: None,
        };
        Ok((token, secret))
    }

    /// The token's id and user, when it is live and the user not disabled.
    pub async fn token_user(&self, secret: &str) -> Result<Option<(i64, User)>, StoreError> {
        if !secret.starts_with(TOKEN_PREFIX) || secret.len() > 200 {
            return Ok(None);
        }
        let found = self
            .store
            .token_user(&token_digest(secret), self.clock.now())
            .await?;
        Ok(found.filter(|(_, user)| !user.disabled))
    }

    /// Takes one of the token's requests for this minute; false when they are used up.
    pub async fn take_token_quota(&self, token: i64) -> Result<bool, StoreError> {
        let limit = Limit {
            key: format!("api:{token}"),
            max: TOKEN_REQUESTS_PER_MINUTE,
            window: SignedDuration::from_mins(1),
        };
        Ok(self.reserve(&[limit]).await?.is_some())
    }

    /// The tokens one may see: everyone's for admins, one's own for the others.
    pub async fn tokens(&self, by: &User) -> Result<Vec<ApiToken>, EditError> {
        by.require(Action::EnterNewsroom)?;
        let whose = (!by.may(Action::ManageUsers)).then_some(by.id);
        Ok(self.store.tokens(whose).await?)
    }

    /// Revokes a token: one's own, or anyone's for admins.
    pub async fn revoke_token(&self, by: &User, id: i64) -> Result<(), EditError> {
        let token = self
            .tokens(by)
            .await?
            .into_iter()
            .find(|t| t.id == id && t.revoked_at.is_none())
            .ok_or(EditError::NotFound)?;
        let audit = Audit {
            by: Some(by.id),
            action: "token-revoke".into(),
            target: format!("{}: {}", token.user_name, token.name),
        };
        if !self
            .store
            .revoke_token(id, &audit, self.clock.now())
            .await?
        {
            return Err(EditError::NotFound);
        }
        Ok(())
    }
}
