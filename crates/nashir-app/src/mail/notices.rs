//! Notices to the newsroom: a new comment awaits review.

use askama::Template;
use nashir_core::Article;
use nashir_i18n::Texts;

use super::compose::compose_in;
use super::{OutgoingMail, first_chars};
use crate::App;
use crate::accounts::User;
use crate::comments::NewComment;
use crate::store::StoreError;

/// What a new-comment notice says, for its two templates.
struct Notice<'a> {
    t: &'static Texts,
    name: &'a str,
    title: &'a str,
    excerpt: &'a str,
    queue: &'a str,
}

#[derive(Template)]
#[template(path = "mail/comment_notice.txt")]
struct NoticeText<'a> {
    mail: &'a Notice<'a>,
}

#[derive(Template)]
#[template(path = "mail/comment_notice.html")]
struct NoticeHtml<'a> {
    mail: &'a Notice<'a>,
}

impl App {
    /// Tells an editor a comment awaits review, in the editor's own newsroom
    /// language.
    pub(crate) fn comment_notice(
        &self,
        editor: &User,
        article: &Article,
        comment: &NewComment,
    ) -> Result<OutgoingMail, StoreError> {
        let (_, from, base) = self.sender()?;
        let queue = format!("{base}/admin/comments");
        let t = Texts::of(editor.language);
        let subject = t.arg(
            "mail-comment-subject",
            "title",
            first_chars(&article.title, 120),
        );
        let excerpt = first_chars(&comment.body, 600);
        let mail = Notice {
            t,
            name: &comment.author_name,
            title: &article.title,
            excerpt: &excerpt,
            queue: &queue,
        };
        let (text, html) = (NoticeText { mail: &mail }, NoticeHtml { mail: &mail });
        let message = compose_in(editor.language, from, &editor.email, &subject, &text, &html)
            .map_err(StoreError::Backend)?;
        self.outgoing("comment-notice", &editor.email, message)
    }
}
