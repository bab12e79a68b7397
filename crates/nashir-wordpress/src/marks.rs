//! Bold, italics and links from a post's HTML, kept as marks over its text.
//!
//! While the walker reads a post, each `<strong>`, `<em>` and `<a href>` leaves a
//! private-use character where it opens and closes, so the text can be collapsed,
//! split into lines and joined like any other; [`Rich::resolve`] then takes them out
//! and turns them into marks at the places they ended up.

use nashir_core::inline::{self, Mark, MarkKind};

const STRONG_OPEN: char = '\u{E000}';
const STRONG_CLOSE: char = '\u{E001}';
const EM_OPEN: char = '\u{E002}';
const EM_CLOSE: char = '\u{E003}';
const LINK_CLOSE: char = '\u{E004}';
/// Link `i` opens with `LINK_BASE + i` (plane 15, private use).
const LINK_BASE: u32 = 0xF0000;
const MAX_LINKS: usize = 0xFFFD;

/// Text with its marks, as a block carries it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rich {
    pub text: String,
    pub marks: Vec<Mark>,
}

impl From<&str> for Rich {
    fn from(text: &str) -> Rich {
        Rich {
            text: text.into(),
            marks: Vec::new(),
        }
    }
}

impl From<String> for Rich {
    fn from(text: String) -> Rich {
        Rich {
            text,
            marks: Vec::new(),
        }
    }
}

/// An inline element a mark comes from.
#[derive(Clone, Copy)]
pub enum Tag {
    Strong,
    Emphasis,
    Link,
}

impl Tag {
    pub fn of(name: &str) -> Option<Tag> {
        match name {
            "strong" | "b" => Some(Tag::Strong),
            "em" | "i" => Some(Tag::Emphasis),
            "a" => Some(Tag::Link),
            _ => None,
        }
    }
}

/// The links of one post, so a sentinel needs only its number.
#[derive(Default)]
pub struct Links {
    hrefs: Vec<String>,
    /// For each `<a>` open, whether it left a sentinel (a link to nowhere allowed does not).
    open: Vec<bool>,
}

impl Links {
    /// The sentinel an opening tag leaves, if any.
    pub fn open(&mut self, tag: Tag, href: &str) -> Option<char> {
        match tag {
            Tag::Strong => Some(STRONG_OPEN),
            Tag::Emphasis => Some(EM_OPEN),
            Tag::Link => {
                let kept = inline::clean_href(href).filter(|_| self.hrefs.len() < MAX_LINKS);
                self.open.push(kept.is_some());
                let href = kept?;
                self.hrefs.push(href);
                char::from_u32(LINK_BASE + self.hrefs.len() as u32 - 1)
            }
        }
    }

    /// The sentinel a closing tag leaves, if any.
    pub fn close(&mut self, tag: Tag) -> Option<char> {
        match tag {
            Tag::Strong => Some(STRONG_CLOSE),
            Tag::Emphasis => Some(EM_CLOSE),
            Tag::Link => self.open.pop().unwrap_or(false).then_some(LINK_CLOSE),
        }
    }
}

fn is_sentinel(c: char) -> bool {
    ('\u{E000}'..='\u{E004}').contains(&c) || (c as u32) >= LINK_BASE
}

/// Text as it came, less anything that could pass for a sentinel.
pub fn strip(text: &str) -> String {
    text.chars().filter(|&c| !is_sentinel(c)).collect()
}

/// Whether the text is only whitespace and sentinels (an image alone in a link).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_sentinel(c))
}

impl Rich {
    /// Takes the sentinels out of `raw` (collapsed text) and makes them marks. A
    /// space left doubled or at an end by a removed sentinel goes too.
    pub fn resolve(raw: &str, links: &Links) -> Rich {
        let mut text = String::with_capacity(raw.len());
        let mut len = 0;
        let mut open: Vec<(usize, MarkKind)> = Vec::new();
        let mut marks = Vec::new();
        let mut close =
            |open: &mut Vec<(usize, MarkKind)>, len: usize, family: fn(&MarkKind) -> bool| {
                if let Some(at) = open.iter().rposition(|(_, k)| family(k)) {
                    let (start, kind) = open.remove(at);
                    marks.push(Mark::new(start, len, kind));
                }
            };
        for c in raw.chars() {
            match c {
                STRONG_OPEN => open.push((len, MarkKind::Strong)),
                EM_OPEN => open.push((len, MarkKind::Emphasis)),
                STRONG_CLOSE => close(&mut open, len, |k| *k == MarkKind::Strong),
                EM_CLOSE => close(&mut open, len, |k| *k == MarkKind::Emphasis),
                LINK_CLOSE => close(&mut open, len, |k| matches!(k, MarkKind::Link { .. })),
                c if (c as u32) >= LINK_BASE => {
                    if let Some(href) = links.hrefs.get((c as u32 - LINK_BASE) as usize) {
                        open.push((len, MarkKind::Link { href: href.clone() }));
                    }
                }
                ' ' if len == 0 || text.ends_with(' ') => {}
                c => {
                    text.push(c);
                    len += 1;
                }
            }
        }
        for (start, kind) in open {
            marks.push(Mark::new(start, len, kind));
        }
        if text.ends_with(' ') {
            text.pop();
        }
        let marks = inline::normalize(&text, &marks);
        Rich { text, marks }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentinels_become_marks() {
        let mut links = Links::default();
        let a = links.open(Tag::Link, "https://x.example/a b").unwrap();
        let none = links.open(Tag::Link, "javascript:x");
        assert_eq!(none, None);
        assert_eq!(links.close(Tag::Link), None);
        let raw = format!(
            "قال {STRONG_OPEN}الوزير{STRONG_CLOSE} إن {a}{EM_OPEN}النمو{EM_CLOSE}{LINK_CLOSE} {STRONG_OPEN} {STRONG_CLOSE} بلغ"
        );
        let r = Rich::resolve(&raw, &links);
        assert_eq!(r.text, "قال الوزير إن النمو بلغ");
        assert_eq!(
            r.marks,
            vec![
                Mark::new(4, 10, MarkKind::Strong),
                Mark::new(
                    14,
                    19,
                    MarkKind::Link {
                        href: "https://x.example/a%20b".into()
                    }
                ),
                Mark::new(14, 19, MarkKind::Emphasis),
            ]
        );
        // An unclosed mark runs to the end; a stray close is nothing.
        let r = Rich::resolve(&format!("{EM_CLOSE}أ {EM_OPEN}ب"), &links);
        assert_eq!(
            (r.text.as_str(), r.marks),
            ("أ ب", vec![Mark::new(2, 3, MarkKind::Emphasis)])
        );
        assert_eq!(strip(&format!("{a}ن{LINK_CLOSE}")), "ن");
    }
}
