//! Mail: messages are composed whole (askama templates for the text and HTML
//! parts), stored in the outbox in the same request, and delivered by a worker
//! (on any node) over SMTP with retries and backoff. An SMTP server that is down
//! delays mail; it loses none.
//!
//! `compose` builds a message, `friend` and `notices` are the two kinds the site
//! sends, `outbox` delivers them, `smtp` is the adapter to a mail server.

mod compose;
mod friend;
mod notices;
mod outbox;
mod smtp;

use std::time::Duration;

use async_trait::async_trait;
use lettre::message::Mailbox;

use crate::App;
use crate::limits::Limit;
use crate::records::Guarded;
use crate::store::StoreError;

pub use crate::records::{MailRecord, OutgoingMail, QueuedMail};

pub use friend::{FriendForm, NOTE_MAX_CHARS};
pub use outbox::run_outbox;
pub use smtp::Smtp;

/// How the site sends mail.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// The address mail comes from (`From:` and the envelope).
    pub from: String,
    /// The wait after the first failed attempt; it doubles with each failure.
    pub retry_base: Duration,
    /// After this many failed attempts a message is given up.
    pub max_attempts: u32,
}

impl MailSettings {
    pub fn new(from: &str) -> MailSettings {
        MailSettings {
            from: from.into(),
            retry_base: Duration::from_secs(30),
            max_attempts: 10,
        }
    }

    /// When to try again after `attempts` failures (see [`crate::limits::backoff`]).
    pub fn backoff(&self, attempts: u32) -> Duration {
        crate::limits::backoff(self.retry_base, attempts)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    pub message: String,
    /// The server refused for good (an unknown mailbox): trying again will not help.
    pub permanent: bool,
}

/// The port to a mail server.
#[async_trait]
pub trait MailTransport: Send + Sync + 'static {
    async fn send(&self, sender: &str, recipient: &str, message: &[u8]) -> Result<(), SendError>;
}

impl App {
    /// Mail is on: a transport is configured and links can name the site.
    pub fn mail_available(&self) -> bool {
        self.mail.is_some() && self.site.base_url.is_some()
    }

    pub(super) fn sender(&self) -> Result<(MailSettings, Mailbox, String), StoreError> {
        let (Some(mail), Some(base)) = (self.mail.as_deref(), self.site.base_url.as_deref()) else {
            return Err(StoreError::Backend("mail is not configured".into()));
        };
        let address = mail
            .from
            .parse()
            .map_err(|e| StoreError::Backend(format!("mail_from «{}»: {e}", mail.from)))?;
        let from = Mailbox::new(Some(self.site.name.clone()), address);
        Ok((mail.clone(), from, base.trim_end_matches('/').to_string()))
    }

    /// A composed message, ready for the outbox.
    pub(super) fn outgoing(
        &self,
        kind: &str,
        to: &str,
        message: Vec<u8>,
    ) -> Result<OutgoingMail, StoreError> {
        let (settings, ..) = self.sender()?;
        Ok(OutgoingMail {
            kind: kind.into(),
            recipient: to.into(),
            sender: settings.from,
            message,
        })
    }

    /// Queues messages under a slot of each limit, in one transaction; false when a
    /// limit is full (then nothing is queued).
    pub(crate) async fn queue_mails(
        &self,
        mails: &[OutgoingMail],
        limits: &[Limit],
    ) -> Result<bool, StoreError> {
        let queued = self
            .store
            .enqueue_mails(mails, limits, self.clock.now())
            .await?;
        if queued == Guarded::OverLimit {
            return Ok(false);
        }
        self.mail_queued.notify_one();
        Ok(true)
    }
}

/// The first `n` characters of `s`, with an ellipsis when it is longer.
fn first_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_six_hours() {
        let s = MailSettings::new("news@example.com");
        assert_eq!(s.backoff(1), Duration::from_secs(30));
        assert_eq!(s.backoff(2), Duration::from_secs(60));
        assert_eq!(s.backoff(4), Duration::from_secs(240));
        assert_eq!(s.backoff(40), Duration::from_secs(6 * 3600));
    }
}
