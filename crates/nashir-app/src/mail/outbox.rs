//! Delivering the outbox: claim a due message, send it, mark it sent or schedule
//! the retry. And the outbox as admins see it.

use std::sync::Arc;
use std::time::Duration;

use jiff::SignedDuration;
use nashir_core::permissions::Action;

use super::{MailRecord, MailTransport};
use crate::App;
use crate::accounts::User;
use crate::editor::EditError;
use crate::store::StoreError;

impl App {
    /// The newest messages first: sent, waiting and failed (admins).
    pub async fn outbox(&self, user: &User, limit: u32) -> Result<Vec<MailRecord>, EditError> {
        user.require(Action::ManageSettings)?;
        Ok(self.store.outbox(limit).await?)
    }

    /// Sends what is due; returns how many messages were attempted.
    pub async fn deliver_due_mail(
        &self,
        transport: &dyn MailTransport,
    ) -> Result<usize, StoreError> {
        let Some(settings) = self.mail.as_deref() else {
            return Ok(0);
        };
        let mut attempted = 0;
        loop {
            let now = self.clock.now();
            // Held long enough for the slowest send; a worker that dies lets go after.
            let hold = now.checked_add(SignedDuration::from_mins(5)).unwrap_or(now);
            let Some(mail) = self.store.claim_mail(now, hold).await? else {
                return Ok(attempted);
            };
            attempted += 1;
            match transport
                .send(&mail.sender, &mail.recipient, &mail.message)
                .await
            {
                Ok(()) => {
                    self.store.mail_sent(mail.id, self.clock.now()).await?;
                    tracing::info!(id = mail.id, "mail sent");
                }
                Err(e) => {
                    let give_up = e.permanent || mail.attempts >= settings.max_attempts;
                    let now = self.clock.now();
                    let retry_at = (!give_up).then(|| {
                        let wait = SignedDuration::try_from(settings.backoff(mail.attempts))
                            .unwrap_or(SignedDuration::from_hours(6));
                        now.checked_add(wait).unwrap_or(now)
                    });
                    tracing::warn!(id = mail.id, attempts = mail.attempts, give_up, error = %e, "mail not sent");
                    self.store
                        .mail_failed(mail.id, &e.message, retry_at, now)
                        .await?;
                }
            }
        }
    }
}

/// Delivers the outbox until `shutdown`: at once when a message is queued on this
/// node, and every second for retries and messages queued elsewhere.
pub async fn run_outbox(
    app: App,
    transport: Arc<dyn MailTransport>,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let queued = app.mail_queued.clone();
    loop {
        if let Err(e) = app.deliver_due_mail(transport.as_ref()).await {
            tracing::error!(error = %e, "outbox");
        }
        tokio::select! {
            _ = queued.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = shutdown.changed() => return,
        }
    }
}
