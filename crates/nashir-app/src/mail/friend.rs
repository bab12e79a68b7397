//! "Send the article to a friend": the form's rules, its limits, and the message.

use askama::Template;
use jiff::SignedDuration;
use nashir_core::plain_text::{clean_line, clean_multiline, mentions_address};
use nashir_core::{Article, email_address};
use nashir_i18n::Speaks as _;
use nashir_i18n::{Language, Message, Texts};

use super::compose::compose_in;
use super::first_chars;
use crate::App;
use crate::forms::{FormError, FormGuard, Refusal};
use crate::limits::{Limit, network};
use crate::store::StoreError;

pub const NOTE_MAX_CHARS: usize = 300;

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
        return Err(Refusal::invalid("friend-name-missing"));
    }
    if name.chars().count() > crate::comments::NAME_MAX_CHARS {
        return Err(Refusal::invalid(
            Message::new("name-too-long").with("max", crate::comments::NAME_MAX_CHARS),
        ));
    }
    let to = email_address::parse(&form.to).ok_or_else(|| Refusal::invalid("friend-to-invalid"))?;
    let note = clean_multiline(&form.note);
    if note.chars().count() > NOTE_MAX_CHARS {
        return Err(Refusal::invalid(
            Message::new("friend-note-long").with("max", NOTE_MAX_CHARS),
        ));
    }
    // The only link in the message is ours: a relay for others' links it is not.
    if mentions_address(&name) || mentions_address(&note) {
        return Err(Refusal::invalid("friend-links"));
    }
    Ok((name, to, note))
}

/// Sends per address in an hour, per recipient in a day, and for the whole site
/// in an hour (a botnet has many addresses, the site one reputation).
const FRIEND_PER_ADDRESS: u32 = 5;
const FRIEND_PER_RECIPIENT: u32 = 3;
const FRIEND_PER_SITE: u32 = 300;

/// What the send-to-a-friend message says, for its two templates.
struct Friend<'a> {
    t: &'static Texts,
    name: &'a str,
    site: &'a str,
    title: &'a str,
    lead: &'a str,
    url: &'a str,
    note: &'a str,
    footer: &'a str,
}

#[derive(Template)]
#[template(path = "mail/friend.txt")]
struct FriendText<'a> {
    mail: &'a Friend<'a>,
}

#[derive(Template)]
#[template(path = "mail/friend.html")]
struct FriendHtml<'a> {
    mail: &'a Friend<'a>,
}

impl App {
    /// Queues an article for a reader's friend, after every guard has passed.
    pub async fn send_to_friend(
        &self,
        article: &Article,
        form: &FriendForm,
        guard: &FormGuard<'_>,
    ) -> Result<(), FormError> {
        self.check_form("friend", article.id, guard).await?;
        if !self.mail_available() {
            return Err(Refusal::forbidden("friend-unavailable").into());
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
        let message = self.friend_message(article, &name, &to, &note, guard.language)?;
        let mail = self.outgoing("friend", &to, message)?;
        if self.queue_mails(&[mail], &limits).await? {
            Ok(())
        } else {
            Err(Refusal::too_many("friend-too-many").into())
        }
    }

    /// The mail a reader sends a friend, in the language of the edition they
    /// sent it from: the article's title, lead and link, the reader's name and
    /// note (plain text, escaped in the HTML part).
    fn friend_message(
        &self,
        article: &Article,
        name: &str,
        to: &str,
        note: &str,
        language: Language,
    ) -> Result<Vec<u8>, StoreError> {
        let (_, from, base) = self.sender()?;
        let t = language.texts();
        let site = &self.site.name;
        let url = format!("{base}{}", article.href());
        let subject = t.args(
            "mail-friend-subject",
            &[
                ("name", name.into()),
                ("title", first_chars(&article.title, 120).into()),
            ],
        );
        let footer = t.arg("mail-friend-footer", "site", site);
        let mail = Friend {
            t,
            name,
            site,
            title: &article.title,
            lead: &article.lead,
            url: &url,
            note,
            footer: &footer,
        };
        let (text, html) = (FriendText { mail: &mail }, FriendHtml { mail: &mail });
        compose_in(language, from, to, &subject, &text, &html).map_err(StoreError::Backend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
