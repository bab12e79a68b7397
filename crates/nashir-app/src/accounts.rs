//! Newsroom accounts: users, sign-in with throttling, sessions, audit.

mod manage;
mod tokens;

pub use tokens::{TOKEN_PREFIX, TOKEN_REQUESTS_PER_MINUTE};

use jiff::ToSpan;
use nashir_core::permissions::{Action, Role};

use crate::app::App;
use crate::editor::EditError;
use crate::limits::{BoundedError, Busy, Limit, network};
use crate::records::{Audit, NewsroomWrite};
use crate::secrets::{self, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
use crate::store::StoreError;

pub use crate::records::{AuditEntry, Session, User};

/// How long a session lasts without signing in again.
pub const SESSION_DAYS: i64 = 14;
/// Failed sign-ins counted over this many minutes...
pub const THROTTLE_MINUTES: i64 = 15;
/// ...stop one address (IPv6: one /64) trying one account after this many, so a
/// stranger can lock out only themselves...
pub const MAX_FAILURES_PER_ACCOUNT: u32 = 5;
/// ...stop an address trying any account after this many (an office shares one)...
pub const MAX_FAILURES_PER_ADDRESS: u32 = 20;
/// ...and slow a guess spread over many addresses: after this many failures from
/// anywhere, addresses that signed in to the account before try as usual, and new
/// ones share one attempt a minute (a backoff, not a lock: the owner on a new network
/// still gets in, and a guesser gets 60 tries an hour however many addresses it has).
pub const MAX_FAILURES_ACCOUNT_WIDE: u32 = 50;
pub const BACKOFF_SECONDS: i64 = 60;
/// How long a successful sign-in keeps its address known to the account.
pub const KNOWN_ADDRESS_DAYS: i64 = 30;

impl User {
    /// A newsroom use-case's first step: refused unless they may do `action`.
    pub(crate) fn require(&self, action: Action) -> Result<(), EditError> {
        if self.may(action) {
            Ok(())
        } else {
            Err(EditError::Forbidden)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("«{0}» is not an e-mail address")]
    BadEmail(String),
    #[error("the password must have {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters")]
    WeakPassword,
    #[error("the name must have 1 to 80 characters")]
    BadName,
    #[error("an account with that e-mail address exists")]
    Taken,
    #[error("wrong e-mail address or password")]
    InvalidCredentials,
    #[error("too many failed attempts; try again in {minutes} minutes")]
    Throttled { minutes: i64 },
    #[error(transparent)]
    Busy(#[from] Busy),
    #[error("{0}")]
    Internal(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Normalizes and checks an e-mail address: one `@`, a dotted domain, no spaces or
/// control characters, at most 254 characters.
pub fn normalize_email(email: &str) -> Result<String, AccountError> {
    let email = email.trim().to_lowercase();
    let bad = || AccountError::BadEmail(email.chars().take(80).collect());
    let (local, domain) = email.rsplit_once('@').ok_or_else(bad)?;
    let ok = !local.is_empty()
        && email.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == ',')
        && !local.contains('@');
    if ok { Ok(email) } else { Err(bad()) }
}

impl From<BoundedError> for AccountError {
    fn from(e: BoundedError) -> Self {
        match e {
            BoundedError::Busy(busy) => AccountError::Busy(busy),
            BoundedError::Failed(e) => AccountError::Internal(e),
        }
    }
}

fn check_password(password: &str) -> Result<(), AccountError> {
    let n = password.chars().count();
    if (MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&n) {
        Ok(())
    } else {
        Err(AccountError::WeakPassword)
    }
}

impl App {
    /// Creates an account. Without a password one is generated and returned, to be
    /// shown once.
    pub async fn add_user(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password: Option<&str>,
    ) -> Result<(User, Option<String>), AccountError> {
        let email = normalize_email(email)?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(AccountError::BadName);
        }
        let generated = match password {
            Some(p) => {
                check_password(p)?;
                None
            }
            None => Some(secrets::generate_password().map_err(AccountError::Internal)?),
        };
        let password = password
            .or(generated.as_deref())
            .unwrap_or_default()
            .to_string();
        let hash = self
            .hashing
            .run(move || secrets::hash_password(&password))
            .await?
            .map_err(AccountError::Internal)?;
        let user = match self
            .store
            .create_user(&email, name, role, &hash, self.clock.now())
            .await
        {
            Ok(user) => user,
            Err(StoreError::Conflict(_)) => return Err(AccountError::Taken),
            Err(e) => return Err(e.into()),
        };
        Ok((user, generated))
    }

    /// Signs in: takes a slot under the sign-in limits (atomically, so parallel
    /// guesses cannot all pass), checks the password (argon2id, in the bounded
    /// hashing pool), and opens a session. Returns the session token for the cookie.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        address: &str,
    ) -> Result<(String, Session), AccountError> {
        let now = self.clock.now();
        // No address is longer (RFC 5321); the rest would only lengthen limit keys.
        let email: String = email.trim().to_lowercase().chars().take(254).collect();
        let net = network(address);
        let window = jiff::SignedDuration::from_mins(THROTTLE_MINUTES);
        let pair_key = format!("login:pair:{email}|{net}");
        let known_key = format!("login:known:{email}|{net}");
        let since_known = now
            .checked_sub((KNOWN_ADDRESS_DAYS * 24).hours())
            .unwrap_or(now);
        let known = self.store.rate_events(&known_key, since_known).await? > 0;
        let mut limits = vec![
            Limit {
                key: pair_key.clone(),
                max: MAX_FAILURES_PER_ACCOUNT,
                window,
            },
            Limit {
                key: format!("login:address:{net}"),
                max: MAX_FAILURES_PER_ADDRESS,
                window,
            },
        ];
        if !known {
            limits.push(Limit {
                key: format!("login:account:{email}"),
                max: MAX_FAILURES_ACCOUNT_WIDE,
                window,
            });
        }
        // Every attempt counts as a failure until its password proves right.
        let mut attempt = self.reserve(&limits).await?;
        if attempt.is_none() && !known {
            // Past the account-wide budget (or another limit, which still holds):
            // new addresses share the backoff's one attempt a minute.
            limits.pop();
            limits.push(Limit {
                key: format!("login:backoff:{email}"),
                max: 1,
                window: jiff::SignedDuration::from_secs(BACKOFF_SECONDS),
            });
            attempt = self.reserve(&limits).await?;
        }
        let Some(attempt) = attempt else {
            return Err(AccountError::Throttled {
                minutes: THROTTLE_MINUTES,
            });
        };
        let user = match self.check_password_of(&email, password).await {
            Ok(Some(user)) => user,
            Ok(None) => return Err(AccountError::InvalidCredentials),
            Err(e) => {
                // Not a failed guess: the server could not check it.
                self.release(attempt).await;
                return Err(e);
            }
        };
        self.release(attempt).await;
        self.store.clear_rate_events(&pair_key).await?;
        if !known {
            let remember = Limit {
                key: known_key,
                max: u32::MAX,
                window,
            };
            let _ = self.reserve(&[remember]).await?;
        }
        let token = secrets::random_token().map_err(AccountError::Internal)?;
        let csrf = secrets::random_token().map_err(AccountError::Internal)?;
        let expires_at = now.checked_add((SESSION_DAYS * 24).hours()).unwrap_or(now);
        self.store
            .create_session(
                &secrets::token_digest(&token),
                user.id,
                &csrf,
                now,
                expires_at,
            )
            .await?;
        self.audit(Some(&user), "sign-in", &user.email).await;
        Ok((
            token,
            Session {
                user,
                csrf,
                expires_at,
            },
        ))
    }

    /// The enabled account whose password this is, or none.
    async fn check_password_of(
        &self,
        email: &str,
        password: &str,
    ) -> Result<Option<User>, AccountError> {
        let found = self.store.user_by_email(email).await?;
        let password = password
            .chars()
            .take(MAX_PASSWORD_CHARS + 1)
            .collect::<String>();
        // A missing account costs the same hashing time as a wrong password.
        static DUMMY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            secrets::hash_password("no such account, never matches").unwrap_or_default()
        });
        let stored = found
            .as_ref()
            .map(|(_, hash)| hash.clone())
            .unwrap_or_else(|| DUMMY.clone());
        let ok = self
            .hashing
            .run(move || secrets::verify_password(&password, &stored))
            .await?;
        Ok(found
            .map(|(user, _)| user)
            .filter(|user| ok && !user.disabled))
    }

    /// The live session a cookie's token opens, if any.
    pub async fn session(&self, token: &str) -> Result<Option<Session>, StoreError> {
        if token.len() != 64 {
            return Ok(None);
        }
        let found = self
            .store
            .session(&secrets::token_digest(token), self.clock.now())
            .await?;
        Ok(found.filter(|s| !s.user.disabled))
    }

    pub async fn sign_out(&self, token: &str) -> Result<(), StoreError> {
        self.store
            .delete_session(&secrets::token_digest(token))
            .await
    }

    /// Changes a password after checking the current one; other sessions end.
    pub async fn change_password(
        &self,
        user: &User,
        current: &str,
        new: &str,
    ) -> Result<(), AccountError> {
        check_password(new)?;
        let Some((_, stored)) = self.store.user_by_email(&user.email).await? else {
            return Err(AccountError::InvalidCredentials);
        };
        let (current, new) = (current.to_string(), new.to_string());
        let hash = self
            .hashing
            .run(move || {
                if secrets::verify_password(&current, &stored) {
                    secrets::hash_password(&new).map(Some)
                } else {
                    Ok(None)
                }
            })
            .await?
            .map_err(AccountError::Internal)?
            .ok_or(AccountError::InvalidCredentials)?;
        // The hash, the end of every session and the audit line: one transaction,
        // so no old session outlives a changed password.
        let write = NewsroomWrite::Password {
            user: user.id,
            hash,
        };
        self.write_audited(user, write, "password-change", user.email.clone())
            .await?;
        Ok(())
    }

    /// Applies a newsroom write with its audit line: one store transaction, so
    /// neither lands without the other. `false`: nothing to write it to.
    pub(crate) async fn write_audited(
        &self,
        by: &User,
        write: NewsroomWrite,
        action: &str,
        target: String,
    ) -> Result<bool, StoreError> {
        let audit = Audit {
            by: Some(by.id),
            action: action.into(),
            target,
        };
        self.store
            .newsroom_write(&write, &audit, self.clock.now())
            .await
    }

    /// Records an editorial action. A failure to record is logged, never fatal.
    pub async fn audit(&self, actor: Option<&User>, action: &str, target: &str) {
        if let Err(e) = self
            .store
            .append_audit(actor.map(|u| u.id), action, target, self.clock.now())
            .await
        {
            tracing::error!("audit log: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            normalize_email(" Sara@Example.COM ").unwrap(),
            "sara@example.com"
        );
        for bad in [
            "",
            "sara",
            "@x.com",
            "sara@",
            "sara@com",
            "a b@x.com",
            "a@x.com\r\nBcc: b@y.com",
            "<a@x.com>",
            "a@@x.com",
            "a@.com",
            "a@x.com.",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad:?}");
        }
    }
}
