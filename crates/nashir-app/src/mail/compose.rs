//! Building a message: multipart (text + HTML), UTF-8, the subject encoded per
//! RFC 2047, the HTML part from a template that escapes what it is given.

use lettre::message::{Mailbox, MultiPart, SinglePart, header::ContentType};
use nashir_i18n::Language;

/// A message from its two parts, rendered by askama templates, written in
/// `language` (its `Content-Language`).
pub(super) fn compose_in(
    language: Language,
    from: Mailbox,
    to: &str,
    subject: &str,
    text: &impl askama::Template,
    html: &impl askama::Template,
) -> Result<Vec<u8>, String> {
    let to: Mailbox = to.parse().map_err(|e| format!("recipient: {e}"))?;
    let text = text.render().map_err(|e| format!("mail text: {e}"))?;
    let html = html.render().map_err(|e| format!("mail HTML: {e}"))?;
    let message = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .raw_header(lettre::message::header::HeaderValue::new(
            lettre::message::header::HeaderName::new_from_ascii_str("Content-Language"),
            language.code().into(),
        ))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(text + "\n"),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(html + "\n"),
                ),
        )
        .map_err(|e| format!("composing mail: {e}"))?;
    Ok(message.formatted())
}

#[cfg(test)]
mod tests {
    use askama::Template;

    use super::*;

    #[derive(Template)]
    #[template(source = "{{ text }}", ext = "txt")]
    struct Text<'a> {
        text: &'a str,
    }

    #[derive(Template)]
    #[template(source = "<p>{{ text }}</p>", ext = "html")]
    struct Html<'a> {
        text: &'a str,
    }

    #[test]
    fn composed_mail_is_multipart_utf8_with_an_encoded_subject_and_escaped_html() {
        let from = Mailbox::new(Some("ناشر".into()), "news@example.com".parse().unwrap());
        let hostile = "نص <script>x</script>";
        let bytes = compose_in(
            Language::Arabic,
            from,
            "friend@example.com",
            "خبر: عنوان",
            &Text { text: hostile },
            &Html { text: hostile },
        )
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("Subject: =?utf-8?b?"), "{text}");
        assert!(text.contains("Content-Language: ar"), "{text}");
        assert!(text.contains("multipart/alternative"));
        assert!(text.contains("text/plain; charset=utf-8"));
        assert!(text.contains("text/html; charset=utf-8"));
        assert!(!text.lines().any(|l| l.len() > 998));
    }
}
