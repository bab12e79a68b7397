//! The SMTP adapter of the [`MailTransport`] port.

use std::time::Duration;

use async_trait::async_trait;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::{MailTransport, SendError};
use crate::secrets;

/// SMTP through lettre: `smtp://host:port` (STARTTLS when offered is not assumed:
/// add `?tls=required`), `smtps://host:port`, credentials as `smtp://user:pass@host`.
pub struct Smtp(AsyncSmtpTransport<Tokio1Executor>);

impl Smtp {
    pub fn from_url(url: &str) -> Result<Smtp, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("smtp_url «{}»: {e}", secrets::without_password(url)))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Ok(Smtp(transport))
    }
}

#[async_trait]
impl MailTransport for Smtp {
    async fn send(&self, sender: &str, recipient: &str, message: &[u8]) -> Result<(), SendError> {
        let bad = |e: String| SendError {
            message: e,
            permanent: true,
        };
        let envelope = lettre::address::Envelope::new(
            Some(sender.parse().map_err(|e| bad(format!("sender: {e}")))?),
            vec![
                recipient
                    .parse()
                    .map_err(|e| bad(format!("recipient: {e}")))?,
            ],
        )
        .map_err(|e| bad(e.to_string()))?;
        self.0
            .send_raw(&envelope, message)
            .await
            .map(|_| ())
            .map_err(|e| SendError {
                permanent: e.is_permanent(),
                message: e.to_string(),
            })
    }
}
