//! Inline marks: strong, emphasis and links laid over a block's plain text.
//!
//! The text stays plain (search, snippets, feeds' summaries and e-mail read it as it
//! is) and the marks are ranges over it, so nothing stored is HTML. Offsets count
//! Unicode scalar values, as Python and Rust's `chars()` do. A hard line break is a
//! `\n` in the text itself.
//!
//! Marks are kept in one canonical form ([`normalize`]): inside the text, never
//! starting or ending on whitespace or inside a Latin word (widened to its edges,
//! as Markdown's `_` cannot stand there), properly nested (no two cross), no mark
//! inside another of its kind, touching marks of one kind merged, sorted outermost
//! first.
//! So one body has one spelling, and its Markdown round trip is exact.

use serde::{Deserialize, Serialize};

/// One mark over `text[start..end]` (in characters).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    #[serde(flatten)]
    pub kind: MarkKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MarkKind {
    Strong,
    Emphasis,
    /// An `http(s)`/`mailto` address or a path on this site (`/ar/news/12/…`).
    Link {
        href: String,
    },
}

impl MarkKind {
    /// Outermost first when two marks cover the same range.
    fn rank(&self) -> u8 {
        match self {
            MarkKind::Link { .. } => 0,
            MarkKind::Strong => 1,
            MarkKind::Emphasis => 2,
        }
    }

    fn same_family(&self, other: &MarkKind) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

impl Mark {
    pub fn new(start: usize, end: usize, kind: MarkKind) -> Mark {
        Mark { start, end, kind }
    }

    /// Sort key: by start, longer first, then outer kinds first.
    fn order(&self) -> (usize, std::cmp::Reverse<usize>, u8) {
        (self.start, std::cmp::Reverse(self.end), self.kind.rank())
    }
}

/// The longest link address kept.
pub const MAX_HREF: usize = 2000;

/// A link address as stored, or `None` if links may not go there: `http(s)://host…`,
/// `mailto:…` or a site path (`/…` but not `//…`). Characters that would end a
/// Markdown link or break an attribute are percent-encoded; controls are dropped.
pub fn clean_href(href: &str) -> Option<String> {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    let allowed = ["http://", "https://"]
        .iter()
        .any(|s| lower.starts_with(s) && href.len() > s.len())
        || (lower.starts_with("mailto:") && href.len() > "mailto:".len())
        || (href.starts_with('/') && !href.starts_with("//") && !href.starts_with("/\\"));
    if !allowed || href.len() > MAX_HREF {
        return None;
    }
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// An embedded thing's address as stored: `http(s)://…` only, cleaned as links are.
pub fn clean_embed_url(url: &str) -> Option<String> {
    let url = clean_href(url)?;
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url)
}

/// Whether a link leaves the site (and gets `rel="external noopener"`).
pub fn is_external(href: &str) -> bool {
    !href.starts_with('/')
}

/// The canonical form of `marks` over `text` (see the module's notes).
pub fn normalize(text: &str, marks: &[Mark]) -> Vec<Mark> {
    if marks.is_empty() {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    // Inside the text, trimmed of whitespace, links to allowed places only.
    let mut kept: Vec<Mark> = marks
        .iter()
        .filter_map(|m| {
            let (mut start, mut end) = (m.start, m.end.min(chars.len()));
            let latin = |i: usize| chars[i].is_ascii_alphanumeric();
            while start > 0 && start < end && latin(start - 1) && latin(start) {
                start -= 1;
            }
            while end < chars.len() && start < end && latin(end - 1) && latin(end) {
                end += 1;
            }
            while start < end && chars[start].is_whitespace() {
                start += 1;
            }
            while end > start && chars[end - 1].is_whitespace() {
                end -= 1;
            }
            let kind = match &m.kind {
                MarkKind::Link { href } => MarkKind::Link {
                    href: clean_href(href)?,
                },
                k => k.clone(),
            };
            (start < end).then_some(Mark { start, end, kind })
        })
        .collect();
    // Marks of one kind that overlap or touch become one.
    kept.sort_by(|a, b| {
        a.kind
            .rank()
            .cmp(&b.kind.rank())
            .then_with(|| href_of(a).cmp(href_of(b)))
            .then_with(|| a.start.cmp(&b.start))
    });
    let mut merged: Vec<Mark> = Vec::with_capacity(kept.len());
    for m in kept {
        match merged.last_mut() {
            Some(last) if last.kind == m.kind && m.start <= last.end => {
                last.end = last.end.max(m.end);
            }
            _ => merged.push(m),
        }
    }
    // Outermost first; a mark crossing one already kept, or inside one of its own
    // family (a link in a link), is dropped.
    merged.sort_by_key(Mark::order);
    let mut out: Vec<Mark> = Vec::with_capacity(merged.len());
    let mut open: Vec<usize> = Vec::new();
    for m in merged {
        while open.last().is_some_and(|&i| out[i].end <= m.start) {
            open.pop();
        }
        let crosses = open.last().is_some_and(|&i| out[i].end < m.end);
        let nested_in_kin = open.iter().any(|&i| out[i].kind.same_family(&m.kind));
        if !crosses && !nested_in_kin {
            open.push(out.len());
            out.push(m);
        }
    }
    out
}

fn href_of(m: &Mark) -> &str {
    match &m.kind {
        MarkKind::Link { href } => href,
        _ => "",
    }
}

/// A piece of marked text, in reading order.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// A hard line break (a `\n` in the text).
    Break,
    Open(&'a Mark),
    Close(&'a Mark),
}

/// Walks `text` with its marks (already in canonical form) as opening and closing
/// pieces around runs of text, for the HTML and Markdown writers.
pub fn pieces<'a>(text: &'a str, marks: &'a [Mark]) -> Vec<Piece<'a>> {
    // Byte offset of every character boundary.
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let at = |c: usize| bounds[c.min(bounds.len() - 1)];
    let mut out = Vec::new();
    let mut open: Vec<&Mark> = Vec::new();
    let mut next = marks.iter().peekable();
    let mut pos = 0;
    let emit_text = |out: &mut Vec<Piece<'a>>, from: usize, to: usize| {
        let run = &text[at(from)..at(to)];
        for (i, line) in run.split('\n').enumerate() {
            if i > 0 {
                out.push(Piece::Break);
            }
            if !line.is_empty() {
                out.push(Piece::Text(line));
            }
        }
    };
    loop {
        let close_at = open.last().map(|m| m.end);
        let open_at = next.peek().map(|m| m.start);
        let step = match (close_at, open_at) {
            (None, None) => break,
            (Some(c), Some(o)) => c.min(o),
            (Some(c), None) => c,
            (None, Some(o)) => o,
        };
        emit_text(&mut out, pos, step);
        pos = step;
        while let Some(m) = open.last().filter(|m| m.end == pos) {
            out.push(Piece::Close(m));
            open.pop();
        }
        while let Some(m) = next.next_if(|m| m.start == pos) {
            out.push(Piece::Open(m));
            open.push(m);
        }
    }
    emit_text(&mut out, pos, bounds.len() - 1);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strong(s: usize, e: usize) -> Mark {
        Mark::new(s, e, MarkKind::Strong)
    }
    fn em(s: usize, e: usize) -> Mark {
        Mark::new(s, e, MarkKind::Emphasis)
    }
    fn link(s: usize, e: usize, href: &str) -> Mark {
        Mark::new(s, e, MarkKind::Link { href: href.into() })
    }

    #[test]
    fn hrefs_go_to_the_web_or_the_site_only() {
        assert_eq!(
            clean_href(" https://a.example/x "),
            Some("https://a.example/x".into())
        );
        assert_eq!(clean_href("/ar/news/1/س"), Some("/ar/news/1/س".into()));
        assert_eq!(
            clean_href("https://w.example/Foo_(bar) baz"),
            Some("https://w.example/Foo_%28bar%29%20baz".into())
        );
        for bad in [
            "javascript:alert(1)",
            "//evil.example",
            "/\\evil",
            "data:x",
            "https://",
            "ftp://x",
            "",
        ] {
            assert_eq!(clean_href(bad), None, "{bad}");
        }
    }

    #[test]
    fn marks_are_trimmed_merged_and_nested() {
        let text = "كلمة أولى ثم ثانية";
        // Whitespace at the ends falls off; out-of-range ends are cut.
        assert_eq!(normalize(text, &[strong(4, 9)]), vec![strong(5, 9)]);
        assert_eq!(normalize(text, &[em(10, 99)]), vec![em(10, 18)]);
        // Empty, whitespace-only and bad links go.
        assert!(normalize(text, &[strong(4, 5), em(3, 3), link(0, 4, "javascript:x")]).is_empty());
        // Touching or overlapping marks of one kind merge.
        assert_eq!(
            normalize(text, &[strong(0, 2), strong(2, 9)]),
            vec![strong(0, 9)]
        );
        assert_eq!(normalize(text, &[em(0, 6), em(2, 9)]), vec![em(0, 9)]);
        // Inside a Latin word, a mark takes the whole word.
        assert_eq!(normalize("unbelievable خبر", &[em(2, 8)]), vec![em(0, 12)]);
        assert_eq!(normalize("خبرIMF", &[em(0, 4)]), vec![em(0, 6)]);
        // Crossing marks: the one that opens first stays.
        assert_eq!(
            normalize(text, &[strong(0, 6), em(2, 9)]),
            vec![strong(0, 6)]
        );
        // Nested marks stay, outermost first; a link inside a link goes.
        assert_eq!(
            normalize(
                text,
                &[em(0, 4), strong(0, 9), link(0, 4, "/a"), link(5, 9, "/b")]
            ),
            vec![strong(0, 9), link(0, 4, "/a"), em(0, 4), link(5, 9, "/b")]
        );
        assert_eq!(
            normalize(text, &[link(0, 9, "/a"), link(5, 9, "/b")]),
            vec![link(0, 9, "/a")]
        );
    }

    #[test]
    fn pieces_open_and_close_in_order() {
        let text = "أب\nجد";
        let marks = normalize(text, &[strong(0, 5), em(1, 4)]);
        let (s, e) = (strong(0, 5), em(1, 4));
        assert_eq!(
            pieces(text, &marks),
            vec![
                Piece::Open(&s),
                Piece::Text("أ"),
                Piece::Open(&e),
                Piece::Text("ب"),
                Piece::Break,
                Piece::Text("ج"),
                Piece::Close(&e),
                Piece::Text("د"),
                Piece::Close(&s),
            ]
        );
        assert_eq!(pieces("نص", &[]), vec![Piece::Text("نص")]);
        assert!(pieces("", &[]).is_empty());
    }

    #[test]
    fn marks_read_and_write_as_json() {
        let json = serde_json::to_string(&[strong(0, 2), link(3, 5, "/x")]).unwrap();
        assert_eq!(
            json,
            r#"[{"start":0,"end":2,"kind":"strong"},{"start":3,"end":5,"kind":"link","href":"/x"}]"#
        );
        let back: Vec<Mark> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, vec![strong(0, 2), link(3, 5, "/x")]);
    }
}
