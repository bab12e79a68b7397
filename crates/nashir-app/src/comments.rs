//! Readers' comments: submitted as pending, moderated in the newsroom, shown
//! oldest first with one level of replies.

use jiff::SignedDuration;
use nashir_core::permissions::Action;
use nashir_core::plain_text::{clean_line, clean_multiline, links};
use nashir_core::{Article, ArticleId, email_address};
use nashir_i18n::Message;
use sha2::{Digest, Sha256};

use crate::App;
use crate::accounts::User;
use crate::editor::EditError;
use crate::forms::{FormError, FormGuard, Refusal};
use crate::limits::{Limit, network};
use crate::records::{Audit, Guarded, NewsroomWrite};
use crate::store::StoreError;

pub use crate::records::{Comment, CommentStatus, NewComment, QueuedComment};

/// The most comments one moderation action takes (the queue shows fewer).
pub const MAX_BULK: usize = 1000;
pub const NAME_MAX_CHARS: usize = 80;
pub const TEXT_MAX_CHARS: usize = 5000;
/// More links than this in one comment is how spam looks.
pub const MAX_LINKS: usize = 2;
/// Comments one address may send in [`COMMENT_WINDOW`].
pub const COMMENTS_PER_ADDRESS: u32 = 5;
pub const COMMENT_WINDOW: SignedDuration = SignedDuration::from_mins(10);
/// The same text on the same article within this long is a duplicate.
const DUPLICATE_WINDOW: SignedDuration = SignedDuration::from_hours(24 * 30);
/// Editors get at most one mail per article in this long about new comments.
const NOTICE_WINDOW: SignedDuration = SignedDuration::from_mins(15);

/// The moderators' view of one state: how many comments each state holds, and
/// this state's comments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModerationList {
    pub counts: Vec<(CommentStatus, u64)>,
    pub comments: Vec<QueuedComment>,
}

/// An approved top-level comment and its approved replies, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thread {
    pub comment: Comment,
    pub replies: Vec<Comment>,
}

/// What a reader typed into the comment form.
#[derive(Clone, Debug, Default)]
pub struct CommentForm {
    pub name: String,
    pub email: String,
    pub text: String,
    /// The comment this one answers.
    pub reply_to: Option<i64>,
}

/// What moderators do to comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moderation {
    Approve,
    Reject,
    Spam,
    Delete,
}

impl Moderation {
    pub fn parse(s: &str) -> Option<Moderation> {
        Some(match s {
            "approve" => Moderation::Approve,
            "reject" => Moderation::Reject,
            "spam" => Moderation::Spam,
            "delete" => Moderation::Delete,
            _ => return None,
        })
    }

    fn status(self) -> Option<CommentStatus> {
        match self {
            Moderation::Approve => Some(CommentStatus::Approved),
            Moderation::Reject => Some(CommentStatus::Rejected),
            Moderation::Spam => Some(CommentStatus::Spam),
            Moderation::Delete => None,
        }
    }

    fn audit_name(self) -> &'static str {
        match self {
            Moderation::Approve => "comment.approve",
            Moderation::Reject => "comment.reject",
            Moderation::Spam => "comment.spam",
            Moderation::Delete => "comment.delete",
        }
    }
}

/// The same words, however spaced, marked or capitalised, give the same digest.
pub fn fingerprint(text: &str) -> String {
    let folded: String = nashir_core::text::fold_arabic(&text.to_lowercase())
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    Sha256::digest(folded.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The form's fields as they will be stored, or why not.
fn validate(form: &CommentForm) -> Result<(String, Option<String>, String), Refusal> {
    let name = clean_line(&form.name);
    if name.is_empty() {
        return Err(Refusal::invalid("comment-name-missing"));
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(Refusal::invalid(
            Message::new("name-too-long").with("max", NAME_MAX_CHARS),
        ));
    }
    if !links(&name).is_empty() {
        return Err(Refusal::invalid("comment-name-link"));
    }
    let email = match form.email.trim() {
        "" => None,
        typed => Some(
            email_address::parse(typed).ok_or_else(|| Refusal::invalid("comment-email-invalid"))?,
        ),
    };
    let text = clean_multiline(&form.text);
    if text.is_empty() {
        return Err(Refusal::invalid("comment-text-missing"));
    }
    if text.chars().count() > TEXT_MAX_CHARS {
        return Err(Refusal::invalid(
            Message::new("comment-text-long").with("max", TEXT_MAX_CHARS),
        ));
    }
    if links(&text).len() > MAX_LINKS {
        return Err(Refusal::invalid(
            Message::new("comment-text-links").with("max", MAX_LINKS),
        ));
    }
    Ok((name, email, text))
}

impl App {
    /// Stores a reader's comment as pending, after every guard has passed.
    pub async fn submit_comment(
        &self,
        article: &Article,
        form: &CommentForm,
        guard: &FormGuard<'_>,
    ) -> Result<i64, FormError> {
        self.check_form("comment", article.id, guard).await?;
        if !article.comments_open {
            return Err(Refusal::forbidden("comments-closed").into());
        }
        let (name, email, text) = validate(form)?;
        let parent_id = match form.reply_to {
            None => None,
            Some(id) => Some(self.reply_parent(article.id, id).await?),
        };
        let limits = [Limit {
            key: format!("comment:{}", network(guard.address)),
            max: COMMENTS_PER_ADDRESS,
            window: COMMENT_WINDOW,
        }];
        let now = self.clock.now();
        let since = now.checked_sub(DUPLICATE_WINDOW).unwrap_or(now);
        let comment = NewComment {
            article_id: article.id,
            parent_id,
            author_name: name,
            author_email: email,
            fingerprint: fingerprint(&text),
            body: text,
            address: guard.address.to_string(),
        };
        let id = match self
            .store
            .add_comment(&comment, &limits, since, now)
            .await?
        {
            Guarded::Done(id) => id,
            Guarded::OverLimit => {
                return Err(Refusal::too_many("comment-too-many").into());
            }
            Guarded::Duplicate => {
                return Err(Refusal::invalid("comment-duplicate").into());
            }
        };
        if let Err(e) = self.notify_editors(article, &comment).await {
            // The comment is stored; a missed notice must not lose it.
            tracing::warn!(error = %e, "could not queue the new-comment notice");
        }
        Ok(id)
    }

    /// The comment a reader may answer: approved, and on this article.
    pub async fn reply_target(
        &self,
        article: ArticleId,
        id: i64,
    ) -> Result<Option<Comment>, StoreError> {
        Ok(self
            .store
            .comment(id)
            .await?
            .filter(|c| c.article_id == article && c.status == CommentStatus::Approved))
    }

    /// The top-level comment a reply hangs under: replies are one level deep, so
    /// a reply to a reply joins its parent's thread.
    async fn reply_parent(&self, article: ArticleId, id: i64) -> Result<i64, FormError> {
        let parent = self
            .reply_target(article, id)
            .await?
            .ok_or_else(|| Refusal::invalid("comment-reply-missing"))?;
        Ok(parent.parent_id.unwrap_or(parent.id))
    }

    /// Mails the editors about a new pending comment, at most once per article in
    /// [`NOTICE_WINDOW`].
    async fn notify_editors(
        &self,
        article: &Article,
        comment: &NewComment,
    ) -> Result<(), FormError> {
        if !self.mail_available() {
            return Ok(());
        }
        let limit = [Limit {
            key: format!("comment-notice:{}", article.id),
            max: 1,
            window: NOTICE_WINDOW,
        }];
        let editors: Vec<User> = self
            .store
            .users()
            .await?
            .into_iter()
            .filter(|u| !u.disabled && u.may(Action::ModerateComments))
            .collect();
        let notices = editors
            .iter()
            .map(|editor| self.comment_notice(editor, article, comment))
            .collect::<Result<Vec<_>, _>>()?;
        // Over the limit: the editors were told about this article lately.
        self.queue_mails(&notices, &limit).await?;
        Ok(())
    }

    /// An article's approved comments as threads, oldest first.
    pub async fn comment_threads(&self, article: ArticleId) -> Result<Vec<Thread>, StoreError> {
        let approved = self
            .store
            .article_comments(article, CommentStatus::Approved)
            .await?;
        let (top, replies): (Vec<_>, Vec<_>) =
            approved.into_iter().partition(|c| c.parent_id.is_none());
        Ok(top
            .into_iter()
            .map(|comment| Thread {
                replies: replies
                    .iter()
                    .filter(|r| r.parent_id == Some(comment.id))
                    .cloned()
                    .collect(),
                comment,
            })
            .collect())
    }

    /// Comments in one state across the site (moderators): pending ones oldest
    /// first, the others newest first.
    pub async fn moderation_list(
        &self,
        by: &User,
        status: CommentStatus,
        limit: u32,
    ) -> Result<ModerationList, EditError> {
        by.require(Action::ModerateComments)?;
        Ok(ModerationList {
            counts: self.store.comment_counts().await?,
            comments: self.store.comments_by_status(status, limit).await?,
        })
    }

    /// Applies a moderator's decision to comments; returns how many changed.
    pub async fn moderate_comments(
        &self,
        by: &User,
        ids: &[i64],
        action: Moderation,
    ) -> Result<u64, EditError> {
        by.require(Action::ModerateComments)?;
        // The newsroom's form refuses more; no caller makes one statement of more.
        let ids = &ids[..ids.len().min(MAX_BULK)];
        let audit = Audit {
            by: Some(by.id),
            action: action.audit_name().into(),
            target: ids
                .iter()
                .map(|id| id.to_string())
                .collect::<Vec<_>>()
                .join(","),
        };
        let changed = self
            .store
            .moderate_comments(ids, action.status(), &audit, self.clock.now())
            .await?;
        if changed > 0 {
            self.changed().await;
        }
        Ok(changed)
    }

    /// Opens or closes comments on an article.
    pub async fn set_comments_open(
        &self,
        by: &User,
        article: ArticleId,
        open: bool,
    ) -> Result<bool, EditError> {
        by.require(Action::ModerateComments)?;
        let action = if open {
            "comments.open"
        } else {
            "comments.close"
        };
        let write = NewsroomWrite::CommentsOpen { article, open };
        let found = self
            .write_audited(by, write, action, article.to_string())
            .await?;
        if found {
            self.changed().await;
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, email: &str, text: &str) -> CommentForm {
        CommentForm {
            name: name.into(),
            email: email.into(),
            text: text.into(),
            reply_to: None,
        }
    }

    #[test]
    fn validation_cleans_and_limits() {
        let (name, email, text) =
            validate(&form(" سارة\u{202E} ", "S@Example.org", "نص\r\nسطر")).unwrap();
        assert_eq!((name.as_str(), text.as_str()), ("سارة", "نص\nسطر"));
        assert_eq!(email.as_deref(), Some("S@example.org"));
        for (f, why) in [
            (form("", "", "نص"), "اكتب اسمك."),
            (form("\u{202E}\u{200B}", "", "نص"), "اكتب اسمك."),
            (form(&"ا".repeat(81), "", "نص"), "الاسم أطول من 80 حرفاً."),
            (form("www.spam.com", "", "نص"), "لا يُقبل رابط في الاسم."),
            (form("علي", "", "  \n "), "اكتب نص التعليق."),
            (
                form("علي", "", &"ب".repeat(5001)),
                "التعليق أطول من 5000 حرف. اختصره ثم أرسله.",
            ),
            (
                form("علي", "", "http://a.com http://b.com http://c.com"),
                "في التعليق روابط كثيرة؛ الحد رابطان.",
            ),
        ] {
            assert_eq!(validate(&f).unwrap_err().message, why);
        }
        assert!(validate(&form("علي", "a@b.com\r\nBcc: x@y.com", "نص")).is_err());
        assert!(validate(&form("علي", "", &"ب".repeat(5000))).is_ok());
    }

    #[test]
    fn fingerprints_ignore_spacing_marks_and_case() {
        assert_eq!(fingerprint("رأيٌ  جميل!"), fingerprint("رأي جميل"));
        assert_eq!(fingerprint("Great POST"), fingerprint("great post"));
        assert_ne!(fingerprint("رأي جميل"), fingerprint("رأي قبيح"));
    }
}
