//! Mail: messages are composed whole, stored in the outbox in the same request,
//! and delivered by a worker (on any node) over SMTP with retries and backoff.
//! An SMTP server that is down delays mail; it loses none.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use lettre::message::{Mailbox, MultiPart, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use nashir_core::plain_text::{clean_line, clean_multiline, escape_html, mentions_address};
use nashir_core::slug::article_href;
use nashir_core::{Article, email_address};

use crate::App;
use crate::accounts::User;
use crate::comments::NewComment;
use crate::forms::{FormError, FormGuard, Refusal};
use crate::limits::{Limit, network};
use crate::secrets;
use crate::store::{Guarded, StoreError};

pub const NOTE_MAX_CHARS: usize = 300;

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

    /// When to try again after `attempts` failures: base × 2^(attempts−1), at most 6 h.
    pub fn backoff(&self, attempts: u32) -> Duration {
        let factor = 1u32 << attempts.saturating_sub(1).min(16);
        self.retry_base
            .saturating_mul(factor)
            .min(Duration::from_secs(6 * 3600))
    }
}

/// A message to store in the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    pub kind: String,
    pub recipient: String,
    pub sender: String,
    /// The whole RFC 5322 message.
    pub message: Vec<u8>,
}

/// A message a worker holds for one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i64,
    pub recipient: String,
    pub sender: String,
    pub message: Vec<u8>,
    /// Attempts so far, this one included.
    pub attempts: u32,
}

/// A message as the newsroom lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailRecord {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub created_at: Timestamp,
    pub attempts: u32,
    pub sent_at: Option<Timestamp>,
    pub failed_at: Option<Timestamp>,
    pub last_error: Option<String>,
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

/// A multipart (text + HTML) message, UTF-8, subject encoded per RFC 2047.
fn compose(
    from: Mailbox,
    to: &str,
    subject: &str,
    text: String,
    html_body: &str,
) -> Result<Vec<u8>, String> {
    let to: Mailbox = to.parse().map_err(|e| format!("recipient: {e}"))?;
    let html = format!(
        "<!doctype html>\n<html dir=\"rtl\" lang=\"ar\">\n<head><meta charset=\"utf-8\"></head>\n\
         <body dir=\"rtl\" style=\"direction:rtl;text-align:right;font-family:Tahoma,Arial,sans-serif;line-height:1.7\">\n\
         {html_body}\n</body>\n</html>\n"
    );
    let message = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .raw_header(lettre::message::header::HeaderValue::new(
            lettre::message::header::HeaderName::new_from_ascii_str("Content-Language"),
            "ar".into(),
        ))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    lettre::message::SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(text),
                )
                .singlepart(
                    lettre::message::SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(html),
                ),
        )
        .map_err(|e| format!("composing mail: {e}"))?;
    Ok(message.formatted())
}

/// What a reader typed into the send-to-a-friend form.
#[derive(Clone, Debug, Default)]
pub struct FriendForm {
    pub name: String,
    pub to: String,
    pub note: String,
}

fn validate_friend(form: &FriendForm) -> Result<(String, String, String), Refusal> {
    let name = clean_line(&form.name);
    if name.is_empty() {
        return Err(Refusal::invalid("اكتب اسمك ليعرف صديقك من أرسل الخبر."));
    }
    if name.chars().count() > crate::comments::NAME_MAX_CHARS {
        return Err(Refusal::invalid("الاسم أطول من 80 حرفاً."));
    }
    let to = email_address::parse(&form.to).ok_or_else(|| {
        Refusal::invalid("عنوان بريد صديقك غير صحيح. اكتب عنواناً واحداً مثل name@example.com.")
    })?;
    let note = clean_multiline(&form.note);
    if note.chars().count() > NOTE_MAX_CHARS {
        return Err(Refusal::invalid("الملاحظة أطول من 300 حرف."));
    }
    // The only link in the message is ours: a relay for others' links it is not.
    if mentions_address(&name) || mentions_address(&note) {
        return Err(Refusal::invalid(
            "لا تُقبل الروابط في الاسم أو الملاحظة؛ رابط الخبر يُضاف وحده.",
        ));
    }
    Ok((name, to, note))
}

/// Sends per address in an hour, per recipient in a day, and for the whole site
/// in an hour (a botnet has many addresses, the site one reputation).
const FRIEND_PER_ADDRESS: u32 = 5;
const FRIEND_PER_RECIPIENT: u32 = 3;
const FRIEND_PER_SITE: u32 = 300;

fn first_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

impl App {
    /// Mail is on: a transport is configured and links can name the site.
    pub fn mail_available(&self) -> bool {
        self.mail.is_some() && self.site.base_url.is_some()
    }

    fn sender(&self) -> Result<(MailSettings, Mailbox, String), StoreError> {
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
    fn outgoing(&self, kind: &str, to: &str, message: Vec<u8>) -> Result<OutgoingMail, StoreError> {
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

    /// Queues an article for a reader's friend, after every guard has passed.
    pub async fn send_to_friend(
        &self,
        article: &Article,
        form: &FriendForm,
        guard: &FormGuard<'_>,
    ) -> Result<(), FormError> {
        self.check_form("friend", article.id, guard).await?;
        if !self.mail_available() {
            return Err(Refusal::forbidden("خدمة إرسال الأخبار بالبريد غير متاحة حالياً.").into());
        }
        let (name, to, note) = validate_friend(form)?;
        let hour = SignedDuration::from_hours(1);
        let limits = [
            Limit {
                key: format!("friend:{}", network(guard.address)),
                max: FRIEND_PER_ADDRESS,
                window: hour,
            },
            Limit {
                key: format!("friend-to:{}", to.to_lowercase()),
                max: FRIEND_PER_RECIPIENT,
                window: SignedDuration::from_hours(24),
            },
            Limit {
                key: "friend-site".into(),
                max: FRIEND_PER_SITE,
                window: hour,
            },
        ];
        let message = self.friend_message(article, &name, &to, &note)?;
        let mail = self.outgoing("friend", &to, message)?;
        if self.queue_mails(&[mail], &limits).await? {
            Ok(())
        } else {
            Err(Refusal::too_many(
                "أُرسلت رسائل كثيرة من عنوانك أو إلى هذا العنوان. حاول مجدداً بعد ساعة.",
            )
            .into())
        }
    }

    /// The mail a reader sends a friend: the article's title, lead and link, the
    /// reader's name and note (plain text, escaped in the HTML part).
    fn friend_message(
        &self,
        article: &Article,
        name: &str,
        to: &str,
        note: &str,
    ) -> Result<Vec<u8>, StoreError> {
        let (_, from, base) = self.sender()?;
        let site = &self.site.name;
        let url = format!("{base}{}", article_href(article.id, &article.slug));
        let subject = format!(
            "{name} يرسل إليك خبراً: {}",
            first_chars(&article.title, 120)
        );
        let mut text = format!(
            "{name} أرسل إليك هذا الخبر من {site}:\n\n{}\n\n{}\n\nاقرأ الخبر كاملاً:\n{url}\n",
            article.title, article.lead
        );
        let mut html = format!(
            "<p>{} أرسل إليك هذا الخبر من {}:</p>\n<h1 style=\"font-size:1.4em\">{}</h1>\n<p>{}</p>\n\
             <p><a href=\"{}\">اقرأ الخبر كاملاً</a><br>{}</p>\n",
            escape_html(name),
            escape_html(site),
            escape_html(&article.title),
            escape_html(&article.lead),
            escape_html(&url),
            escape_html(&url),
        );
        if !note.is_empty() {
            text.push_str(&format!("\nملاحظة من {name}:\n{note}\n"));
            html.push_str(&format!(
                "<p>ملاحظة من {}:</p>\n<blockquote dir=\"auto\" style=\"white-space:pre-line\">{}</blockquote>\n",
                escape_html(name),
                escape_html(note)
            ));
        }
        let footer = format!(
            "وصلتك هذه الرسالة لأن أحد قراء {site} كتب عنوانك في نموذج «ارسال الخبر الى صديق». لم نحفظ عنوانك لغير إرسالها."
        );
        text.push_str(&format!("\n-- \n{footer}\n"));
        html.push_str(&format!(
            "<hr>\n<p style=\"color:#666;font-size:.85em\">{}</p>",
            escape_html(&footer)
        ));
        compose(from, to, &subject, text, &html).map_err(StoreError::Backend)
    }

    /// Tells an editor a comment awaits review.
    pub(crate) fn comment_notice(
        &self,
        editor: &User,
        article: &Article,
        comment: &NewComment,
    ) -> Result<OutgoingMail, StoreError> {
        let (_, from, base) = self.sender()?;
        let queue = format!("{base}/admin/comments");
        let subject = format!(
            "تعليق جديد بانتظار المراجعة: {}",
            first_chars(&article.title, 120)
        );
        let excerpt = first_chars(&comment.body, 600);
        let text = format!(
            "كتب {} تعليقاً على «{}»:\n\n{excerpt}\n\nراجعه في غرفة الأخبار:\n{queue}\n",
            comment.author_name, article.title
        );
        let html = format!(
            "<p>كتب {} تعليقاً على «{}»:</p>\n<blockquote dir=\"auto\" style=\"white-space:pre-line\">{}</blockquote>\n\
             <p><a href=\"{}\">راجعه في غرفة الأخبار</a></p>",
            escape_html(&comment.author_name),
            escape_html(&article.title),
            escape_html(&excerpt),
            escape_html(&queue)
        );
        let message =
            compose(from, &editor.email, &subject, text, &html).map_err(StoreError::Backend)?;
        self.outgoing("comment-notice", &editor.email, message)
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

    #[test]
    fn friend_form_refuses_links_bad_addresses_and_long_notes() {
        let ok = FriendForm {
            name: "منى".into(),
            to: "friend@example.com".into(),
            note: "اقرأ هذا".into(),
        };
        assert!(validate_friend(&ok).is_ok());
        for bad in [
            FriendForm {
                to: "a@b.com\r\nBcc: x@evil.com".into(),
                ..ok.clone()
            },
            FriendForm {
                to: "a@b.com, c@d.com".into(),
                ..ok.clone()
            },
            FriendForm {
                name: String::new(),
                ..ok.clone()
            },
            FriendForm {
                note: "زر https://evil.example".into(),
                ..ok.clone()
            },
            FriendForm {
                name: "www.evil.example".into(),
                ..ok.clone()
            },
            FriendForm {
                note: "م".repeat(301),
                ..ok.clone()
            },
        ] {
            assert!(validate_friend(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn composed_mail_is_multipart_utf8_with_an_encoded_subject() {
        let from = Mailbox::new(Some("ناشر".into()), "news@example.com".parse().unwrap());
        let bytes = compose(
            from,
            "friend@example.com",
            "خبر: عنوان",
            "نص".into(),
            "<p>نص</p>",
        )
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("Subject: =?utf-8?b?"), "{text}");
        assert!(text.contains("multipart/alternative"));
        assert!(text.contains("text/plain; charset=utf-8"));
        assert!(text.contains("text/html; charset=utf-8"));
        assert!(!text.lines().any(|l| l.len() > 998));
    }
}
