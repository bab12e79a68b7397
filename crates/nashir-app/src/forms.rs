//! What guards the public forms (comments, send to a friend), and the refusals
//! readers see when a guard says no.
//!
//! A form page carries a signed ticket: when it was issued, for which form and
//! article, and a nonce that must match the reader's `nashir_form` cookie (a
//! double-submit token: another site can make a browser post, but cannot read or
//! set that cookie). The issue time lets us refuse forms filled in faster than a
//! person can; an empty field hidden from people (the honeypot) catches bots that
//! fill in everything. Refusals are messages of the catalogs (`nashir_i18n`),
//! said in the reader's language by the page that shows them.

use jiff::{SignedDuration, Timestamp};
use nashir_core::ArticleId;
use nashir_i18n::Speaks as _;
use nashir_i18n::{Language, Message};

use crate::App;
use crate::secrets;
use crate::store::StoreError;

/// A person needs at least this long between opening a form and sending it.
pub const MIN_FILL_TIME: SignedDuration = SignedDuration::from_secs(3);
/// A form older than this must be reloaded.
pub const MAX_FORM_AGE: SignedDuration = SignedDuration::from_hours(6);

/// Which HTTP answer a refusal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefusalKind {
    /// 400: something in the form is wrong; the reader can fix it.
    Invalid,
    /// 403: the form's ticket is missing, forged, stale, or the action is closed.
    Forbidden,
    /// 429: too many in too short a time.
    TooMany,
}

impl RefusalKind {
    pub fn status(self) -> u16 {
        match self {
            RefusalKind::Invalid => 400,
            RefusalKind::Forbidden => 403,
            RefusalKind::TooMany => 429,
        }
    }
}

/// A public form refused, with the sentence that says why: a catalog message,
/// which the page shows in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    pub kind: RefusalKind,
    /// Why, as a message of the catalogs (`nashir_i18n`).
    pub text: Message,
    /// The same in the default edition's language (Arabic), for logs.
    pub message: String,
}

impl Refusal {
    fn new(kind: RefusalKind, text: impl Into<Message>) -> Refusal {
        let text = text.into();
        Refusal {
            kind,
            message: Language::default().texts().message(&text).into_owned(),
            text,
        }
    }

    pub fn invalid(text: impl Into<Message>) -> Refusal {
        Refusal::new(RefusalKind::Invalid, text)
    }

    pub fn forbidden(text: impl Into<Message>) -> Refusal {
        Refusal::new(RefusalKind::Forbidden, text)
    }

    pub fn too_many(text: impl Into<Message>) -> Refusal {
        Refusal::new(RefusalKind::TooMany, text)
    }

    /// Why, in `language`.
    pub fn in_language(&self, language: Language) -> String {
        language.texts().message(&self.text).into_owned()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A ticket for one form page: the token for its hidden field and the nonce for
/// the reader's cookie.
#[derive(Clone, Debug)]
pub struct FormTicket {
    pub token: String,
    pub nonce: String,
}

/// What a public form sent besides its own fields.
#[derive(Clone, Copy, Debug, Default)]
pub struct FormGuard<'a> {
    pub token: &'a str,
    /// The `nashir_form` cookie.
    pub cookie_nonce: Option<&'a str>,
    /// The field people do not see; bots fill it in.
    pub honeypot: &'a str,
    /// The reader's address, for rate limits.
    pub address: &'a str,
    /// The language of the edition the form was sent in: what the mail it
    /// sends is written in.
    pub language: Language,
}

/// The refusal of a form whose ticket is missing, forged or too old.
const STALE_FORM: &str = "form-stale";

fn is_nonce(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

impl App {
    /// The key that signs form tickets, shared by every node through the store.
    async fn form_key(&self) -> Result<String, StoreError> {
        self.form_key
            .get_or_try_init(|| async {
                let fresh = secrets::random_token().map_err(StoreError::Backend)?;
                self.store.site_secret("forms", &fresh).await
            })
            .await
            .cloned()
    }

    fn ticket_mac(key: &str, form: &str, article: ArticleId, issued: i64, nonce: &str) -> String {
        secrets::sign(key, &format!("{form}|{article}|{issued}|{nonce}"))
    }

    /// A ticket for `form` (`comment`, `friend`) on `article`, keeping the reader's
    /// nonce when their cookie already has one.
    pub async fn issue_form(
        &self,
        form: &str,
        article: ArticleId,
        cookie_nonce: Option<&str>,
    ) -> Result<FormTicket, StoreError> {
        let nonce = match cookie_nonce.filter(|n| is_nonce(n)) {
            Some(n) => n.to_string(),
            None => secrets::random_token()
                .map_err(StoreError::Backend)?
                .chars()
                .take(32)
                .collect(),
        };
        let issued = self.clock.now().as_second();
        let mac = Self::ticket_mac(&self.form_key().await?, form, article, issued, &nonce);
        Ok(FormTicket {
            token: format!("{issued}.{nonce}.{mac}"),
            nonce,
        })
    }

    /// Checks a submitted form's ticket, cookie, honeypot and fill time.
    pub async fn check_form(
        &self,
        form: &str,
        article: ArticleId,
        guard: &FormGuard<'_>,
    ) -> Result<(), FormError> {
        let stale = || FormError::Refused(Refusal::forbidden(STALE_FORM));
        let mut parts = guard.token.splitn(3, '.');
        let (Some(issued), Some(nonce), Some(mac)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(stale());
        };
        let Ok(issued) = issued.parse::<i64>() else {
            return Err(stale());
        };
        let expected = Self::ticket_mac(&self.form_key().await?, form, article, issued, nonce);
        let cookie_matches = guard
            .cookie_nonce
            .is_some_and(|c| is_nonce(c) && secrets::same(c, nonce));
        if expected.is_empty() || !secrets::same(mac, &expected) || !cookie_matches {
            return Err(stale());
        }
        let age = self
            .clock
            .now()
            .duration_since(Timestamp::from_second(issued).map_err(|_| stale())?);
        if age > MAX_FORM_AGE {
            return Err(stale());
        }
        if !guard.honeypot.is_empty() {
            return Err(Refusal::invalid("form-trap-filled").into());
        }
        if age < MIN_FILL_TIME {
            return Err(Refusal::invalid("form-too-fast").into());
        }
        Ok(())
    }
}
