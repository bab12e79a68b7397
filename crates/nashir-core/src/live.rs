//! Live coverage: an article that is also a live blog, with timestamped entries
//! (text, an image, a quote) shown newest first under its body while the story
//! unfolds, and after.

use jiff::Timestamp;

use crate::Media;
use crate::text::collapse_spaces;

/// When an article's live coverage started and, once closed, ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coverage {
    pub started_at: Timestamp,
    /// None while the coverage is open.
    pub ended_at: Option<Timestamp>,
}

impl Coverage {
    /// Still taking entries ("مباشر").
    pub fn is_open(&self) -> bool {
        self.ended_at.is_none()
    }
}

/// What an entry holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// A short update in plain text.
    Text,
    /// A picture (with alt text) and its caption.
    Image,
    /// Someone's words, with who said them.
    Quote,
}

impl EntryKind {
    pub const ALL: [EntryKind; 3] = [EntryKind::Text, EntryKind::Image, EntryKind::Quote];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Text => "text",
            EntryKind::Image => "image",
            EntryKind::Quote => "quote",
        }
    }

    pub fn parse(s: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One entry of a live blog. `body` is plain text, cleaned; it is escaped when
/// shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveEntry {
    pub id: i64,
    pub kind: EntryKind,
    /// The update, an image's caption, or the quoted words.
    pub body: String,
    /// Who said it (quotes; empty otherwise).
    pub attribution: String,
    /// An image entry's picture (none if it was deleted since).
    pub media: Option<Media>,
    pub created_at: Timestamp,
    pub created_by: Option<i64>,
    /// Last edited (a fix; the entry keeps its place and time).
    pub edited_at: Option<Timestamp>,
}

/// Search engines show at most this many characters of a headline.
pub const HEADLINE_CHARS: usize = 110;

impl LiveEntry {
    /// A one-line headline for the entry (schema.org `BlogPosting`): its text on
    /// one line, cut at a word before [`HEADLINE_CHARS`] with an ellipsis; an
    /// image without a caption is named by its alt text.
    pub fn headline(&self) -> String {
        let text = match (self.kind, &self.media) {
            (EntryKind::Image, Some(m)) if self.body.trim().is_empty() => m.alt.as_str(),
            _ => self.body.as_str(),
        };
        headline(text)
    }
}

/// `text` on one line, at most [`HEADLINE_CHARS`] characters, cut between words.
pub fn headline(text: &str) -> String {
    let line = collapse_spaces(text.trim());
    if line.chars().count() <= HEADLINE_CHARS {
        return line;
    }
    let cut: String = line.chars().take(HEADLINE_CHARS - 1).collect();
    let kept = match cut.rfind(' ') {
        Some(at) if at > cut.len() / 2 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for kind in EntryKind::ALL {
            assert_eq!(EntryKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EntryKind::parse("video"), None);
    }

    #[test]
    fn headlines_are_one_line_and_cut_between_words() {
        assert_eq!(
            headline("  وصل الوفد\nإلى القاهرة  "),
            "وصل الوفد إلى القاهرة"
        );
        let long = "كلمة ".repeat(40);
        let h = headline(&long);
        assert!(h.chars().count() <= HEADLINE_CHARS, "{h}");
        assert!(h.ends_with("كلمة…"), "{h}");
        let one_word = "ا".repeat(300);
        assert_eq!(headline(&one_word).chars().count(), HEADLINE_CHARS);
    }

    #[test]
    fn an_image_without_caption_is_named_by_its_alt_text() {
        let entry = LiveEntry {
            id: 1,
            kind: EntryKind::Image,
            body: String::new(),
            attribution: String::new(),
            media: Some(Media {
                id: 3,
                ext: "jpg".into(),
                width: 800,
                height: 600,
                widths: vec![800],
                alt: "حشود في الميدان".into(),
                created_by: None,
            }),
            created_at: Timestamp::UNIX_EPOCH,
            created_by: None,
            edited_at: None,
        };
        assert_eq!(entry.headline(), "حشود في الميدان");
    }
}
