//! The editor's text format: a small Markdown for article bodies, and the exchange
//! format of the API and the importers.
//!
//! Blocks: `## ` starts a subheading, `- ` (or `– `, `* `, `• `) a list item, `> `
//! a quotation, `![caption](media:12)` is an uploaded image, `<https://…>` alone on
//! its line something embedded from another site; anything else is a paragraph;
//! blank lines separate blocks.
//!
//! Inline ([`inline`]): `**strong**`, `*emphasis*` or `_emphasis_`, `[text](https://…)` or
//! `[text](/ar/news/12/…)`; a backslash ending a line breaks the line there; a
//! backslash before punctuation keeps it literal. Nothing else is markup: `<b>`
//! stays visible text and is escaped on output, so nothing an editor types becomes
//! HTML. [`render`] writes what [`parse`] reads back to the same blocks.

use crate::article::Block;
use crate::inline::{self, Mark, MarkKind, Piece};

fn list_item(line: &str) -> Option<&str> {
    // A marker alone (its space trimmed away) is an empty item.
    if matches!(line, "-" | "–" | "*" | "•") {
        return Some("");
    }
    ["- ", "– ", "* ", "• "]
        .iter()
        .find_map(|p| line.strip_prefix(p))
        .map(str::trim)
}

/// `<https://…>` alone on a line → the embedded thing's address.
fn embed(line: &str) -> Option<String> {
    let url = line.strip_prefix('<')?.strip_suffix('>')?;
    if url.chars().any(char::is_whitespace) {
        return None;
    }
    inline::clean_embed_url(url)
}

/// `![caption](media:12)` → (12, caption source).
fn image(line: &str) -> Option<(i64, &str)> {
    let rest = line.strip_prefix("![")?.strip_suffix(')')?;
    let (caption, id) = rest.rsplit_once("](media:")?;
    Some((id.trim().parse().ok()?, caption.trim()))
}

/// Parses an article body.
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<(String, Vec<Mark>)> = Vec::new();
    let mut quote: Vec<&str> = Vec::new();
    let flush = |blocks: &mut Vec<Block>,
                 paragraph: &mut Vec<&str>,
                 list: &mut Vec<(String, Vec<Mark>)>,
                 quote: &mut Vec<&str>| {
        if !paragraph.is_empty() {
            let (text, marks) = inline_lines(paragraph);
            if !text.is_empty() {
                blocks.push(Block::Paragraph { text, marks });
            }
            paragraph.clear();
        }
        if !list.is_empty() {
            let (items, marks) = std::mem::take(list).into_iter().unzip();
            blocks.push(Block::List { items, marks }.normalized());
        }
        if !quote.is_empty() {
            let (text, marks) = inline_lines(quote);
            if !text.is_empty() {
                blocks.push(Block::Quote { text, marks });
            }
            quote.clear();
        }
    };
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut blocks, &mut paragraph, &mut list, &mut quote);
        } else if let Some(url) = embed(line) {
            flush(&mut blocks, &mut paragraph, &mut list, &mut quote);
            blocks.push(Block::Embed { url });
        } else if let Some((media, caption)) = image(line) {
            flush(&mut blocks, &mut paragraph, &mut list, &mut quote);
            let (caption, marks) = parse_inline(caption);
            blocks.push(Block::Image {
                media,
                caption,
                marks,
            });
        } else if let Some(h) = line
            .strip_prefix("##")
            .map(|h| h.trim_start_matches('#').trim())
        {
            flush(&mut blocks, &mut paragraph, &mut list, &mut quote);
            // Subheadings are plain: their escapes count, their marks do not.
            let (h, _) = parse_inline(h);
            if !h.is_empty() {
                blocks.push(Block::heading(h));
            }
        } else if let Some(item) = list_item(line) {
            if !paragraph.is_empty() || !quote.is_empty() {
                flush(&mut blocks, &mut paragraph, &mut list, &mut quote);
            }
            let (item, marks) = parse_inline(item);
            if !item.is_empty() {
                list.push((item, marks));
            }
        } else if let Some(q) = line.strip_prefix('>') {
            if !paragraph.is_empty() || !list.is_empty() {
                flush(&mut blocks, &mut paragraph, &mut list, &mut quote);
            }
            quote.push(q.trim());
        } else {
            if !list.is_empty() || !quote.is_empty() {
                flush(&mut blocks, &mut paragraph, &mut list, &mut quote);
            }
            paragraph.push(line);
        }
    }
    flush(&mut blocks, &mut paragraph, &mut list, &mut quote);
    blocks
}

/// A paragraph's or quote's lines as one text: lines join with a space, or with a
/// line break where a line ends in an unescaped backslash.
fn inline_lines(lines: &[&str]) -> (String, Vec<Mark>) {
    let mut source = String::new();
    for (i, line) in lines.iter().enumerate() {
        let trailing = line.len() - line.trim_end_matches('\\').len();
        if trailing % 2 == 1 {
            source.push_str(&line[..line.len() - 1]);
            source.push('\n');
        } else {
            source.push_str(line);
            if i + 1 < lines.len() {
                source.push(' ');
            }
        }
    }
    parse_inline(&source)
}

fn escapable(c: char) -> bool {
    c.is_ascii_punctuation() || c == '–' || c == '•'
}

/// What the inline parser has read so far: text, or a delimiter waiting to learn
/// whether it is markup.
enum Item {
    Text(String),
    /// A run of `*` or `_`: how many, whether it could both open and close, and
    /// how many were used closing and opening marks.
    Stars {
        ch: char,
        run: usize,
        both: bool,
        closed: usize,
        opened: usize,
    },
    /// `[`, markup once its `](href)` is found; dead (text) once a link closes
    /// after it, as links do not nest.
    LinkOpen {
        used: bool,
        dead: bool,
    },
    /// A link's end; always markup.
    LinkEnd,
}

/// How far down the open delimiters a closer looks for its opener. Markup nests a
/// few deep; the bound keeps a page of stray stars linear.
const LOOK_BACK: usize = 64;

/// One inline span of Markdown → its plain text and canonical marks.
pub fn parse_inline(source: &str) -> (String, Vec<Mark>) {
    let chars: Vec<char> = source.chars().collect();
    let mut items: Vec<Item> = Vec::new();
    // Open delimiters, as indices into `items`; and where the live `[`s are in it.
    let mut stack: Vec<usize> = Vec::new();
    let mut links: Vec<usize> = Vec::new();
    // (opening item, closing item, kind)
    let mut found: Vec<(usize, usize, MarkKind)> = Vec::new();
    let mut text = String::new();
    let flush_text = |items: &mut Vec<Item>, text: &mut String| {
        if !text.is_empty() {
            items.push(Item::Text(std::mem::take(text)));
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1).is_some_and(|&n| escapable(n)) {
            text.push(chars[i + 1]);
            i += 2;
        } else if c == '*' || c == '_' {
            let start = i;
            while chars.get(i) == Some(&c) {
                i += 1;
            }
            let run = i - start;
            let before = start.checked_sub(1).map(|p| chars[p]);
            let after = chars.get(i).copied();
            // CommonMark's flanking, simplified: a run opens before text and closes
            // after it; `_` inside a Latin word is text (`file_name_here`).
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            let in_word = c == '_' && latin(before) && latin(after);
            let can_open = after.is_some_and(|c| !c.is_whitespace()) && !in_word;
            let can_close = before.is_some_and(|c| !c.is_whitespace()) && !in_word;
            flush_text(&mut items, &mut text);
            let me = items.len();
            let both = can_open && can_close;
            items.push(Item::Stars {
                ch: c,
                run,
                both,
                closed: 0,
                opened: 0,
            });
            let mut left = run;
            if can_close {
                while left > 0 {
                    // The nearest opener not behind a link's `[`, whose pairing the
                    // rule of three allows (CommonMark's: `*a**b**c*` nests).
                    let floor = stack.len().saturating_sub(LOOK_BACK);
                    let Some(pos) = stack[floor..].iter().rposition(|&o| match items[o] {
                        Item::Stars {
                            ch,
                            run: orun,
                            both: obtoo,
                            opened,
                            closed: oclosed,
                        } => {
                            let three = (both || obtoo)
                                && (orun + run) % 3 == 0
                                && !(orun % 3 == 0 && run % 3 == 0);
                            ch == c && orun > opened + oclosed && !three
                        }
                        Item::LinkOpen { dead, .. } => !dead,
                        _ => false,
                    }) else {
                        break;
                    };
                    let pos = pos + floor;
                    let o = stack[pos];
                    let Item::Stars {
                        run: orun,
                        opened,
                        closed: oclosed,
                        ..
                    } = items[o]
                    else {
                        break; // a `[`: emphasis does not cross into a link
                    };
                    // What the run has not used closing marks before it, nor opening.
                    let have = orun - opened - oclosed;
                    let used = if have >= 2 && left >= 2 { 2 } else { 1 };
                    let kind = if used == 2 {
                        MarkKind::Strong
                    } else {
                        MarkKind::Emphasis
                    };
                    found.push((o, me, kind));
                    if let Item::Stars { opened, .. } = &mut items[o] {
                        *opened += used;
                    }
                    if let Item::Stars { closed, .. } = &mut items[me] {
                        *closed += used;
                    }
                    left -= used;
                    // Delimiters between the pair stay text.
                    stack.truncate(pos + 1);
                    if have == used {
                        stack.pop();
                    }
                }
            }
            if can_open && left > 0 {
                stack.push(me);
            }
        } else if c == '[' {
            flush_text(&mut items, &mut text);
            links.push(stack.len());
            stack.push(items.len());
            items.push(Item::LinkOpen {
                used: false,
                dead: false,
            });
            i += 1;
        } else if c == ']'
            && let Some(&pos) = links.last()
            && let Some((href, len)) = link_target(&chars[i + 1..])
        {
            flush_text(&mut items, &mut text);
            let o = stack[pos];
            items[o] = Item::LinkOpen {
                used: true,
                dead: false,
            };
            found.push((o, items.len(), MarkKind::Link { href }));
            items.push(Item::LinkEnd);
            // What opened inside stays text, and no link opens around this one.
            stack.truncate(pos);
            links.pop();
            for &outer in &links {
                items[stack[outer]] = Item::LinkOpen {
                    used: false,
                    dead: true,
                };
            }
            links.clear();
            i += 1 + len;
        } else {
            text.push(c);
            i += 1;
        }
    }
    flush_text(&mut items, &mut text);
    // Lay the items out: unused delimiters are text; a mark starts after its opening
    // run's leftover stars and ends before its closing run's.
    let mut out = String::new();
    let mut count = 0;
    let mut starts = vec![0; items.len()];
    let mut ends = vec![0; items.len()];
    for (k, item) in items.iter().enumerate() {
        ends[k] = count;
        let literal = match item {
            Item::Text(t) => t.clone(),
            Item::Stars {
                ch,
                run,
                closed,
                opened,
                ..
            } => ch.to_string().repeat(run - closed - opened),
            Item::LinkOpen { used: false, .. } => "[".into(),
            Item::LinkOpen { used: true, .. } | Item::LinkEnd => String::new(),
        };
        count += literal.chars().count();
        out.push_str(&literal);
        starts[k] = count;
    }
    let marks: Vec<Mark> = found
        .into_iter()
        .map(|(o, c, kind)| Mark::new(starts[o], ends[c], kind))
        .collect();
    tidy(&out, &marks)
}

/// The text without the whitespace markup left at its ends or beside a line break
/// (which lines, being trimmed, could not keep), its marks moved with it.
fn tidy(text: &str, marks: &[Mark]) -> (String, Vec<Mark>) {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let spacing = |c: char| c != '\n' && c.is_whitespace();
    let first = chars.iter().position(|c| !c.is_whitespace()).unwrap_or(n);
    let end = chars
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map_or(0, |p| p + 1);
    // The nearest character that is not spacing, before and after each place
    // (in one pass each way: a paragraph may be long).
    let mut before = vec![None; n];
    let mut seen = None;
    for (i, &c) in chars.iter().enumerate() {
        before[i] = seen;
        if !spacing(c) {
            seen = Some(c);
        }
    }
    let mut after = vec![None; n];
    seen = None;
    for (i, &c) in chars.iter().enumerate().rev() {
        after[i] = seen;
        if !spacing(c) {
            seen = Some(c);
        }
    }
    let spare = |i: usize| {
        let c = chars[i];
        c.is_whitespace()
            && (i < first
                || i >= end
                || (c != '\n' && (before[i] == Some('\n') || after[i] == Some('\n'))))
    };
    // `at[i]`: where old position `i` lands.
    let mut at = Vec::with_capacity(chars.len() + 1);
    let mut out = String::with_capacity(text.len());
    let mut kept = 0;
    for (i, &c) in chars.iter().enumerate() {
        at.push(kept);
        if !spare(i) {
            out.push(c);
            kept += 1;
        }
    }
    at.push(kept);
    let marks: Vec<Mark> = marks
        .iter()
        .map(|m| {
            Mark::new(
                at[m.start.min(chars.len())],
                at[m.end.min(chars.len())],
                m.kind.clone(),
            )
        })
        .collect();
    let marks = inline::normalize(&out, &marks);
    (out, marks)
}

/// After a `]`: `(href)` with an address links may go to → (clean href, chars read).
/// Parentheses inside the address count if balanced (`…/Foo_(bar)`), as in CommonMark.
fn link_target(rest: &[char]) -> Option<(String, usize)> {
    if rest.first() != Some(&'(') {
        return None;
    }
    let mut depth = 0usize;
    let mut close = None;
    // An address is at most MAX_HREF long (before encoding): look no further.
    for (k, &c) in rest.iter().enumerate().skip(1).take(inline::MAX_HREF + 1) {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => {
                close = Some(k);
                break;
            }
            ')' => depth -= 1,
            c if c.is_whitespace() => return None,
            _ => {}
        }
    }
    let close = close?;
    let href: String = rest[1..close].iter().collect();
    Some((inline::clean_href(&href)?, close + 1))
}

/// Writes blocks back as editor text; `parse(&render(b)) == b` for any body
/// `parse` can produce.
pub fn render(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { text, marks } => render_inline(text, marks, ""),
            Block::Heading { text } => format!("## {}", escape_line(&text.replace('\n', " "))),
            Block::List { items, marks } => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let item = item.replace('\n', " ");
                    format!(
                        "- {}",
                        render_inline(&item, Block::item_marks(marks, i), "")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Quote { text, marks } => format!("> {}", render_inline(text, marks, "> ")),
            Block::Image {
                media,
                caption,
                marks,
            } => {
                let caption = caption.replace('\n', " ");
                format!("![{}](media:{media})", render_inline(&caption, marks, ""))
            }
            Block::Embed { url } => match inline::clean_embed_url(url) {
                Some(url) => format!("<{url}>"),
                None => String::new(),
            },
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Marked text as Markdown; each line after a break starts with `prefix`.
pub fn render_inline(text: &str, marks: &[Mark], prefix: &str) -> String {
    let marks = inline::normalize(text, marks);
    let mut lines = vec![String::new()];
    for piece in inline::pieces(text, &marks) {
        let line = lines.last_mut().expect("one line at least");
        match piece {
            Piece::Text(t) => line.push_str(&escape_text(t)),
            Piece::Break => {
                line.push('\\');
                lines.push(String::new());
            }
            Piece::Open(m) | Piece::Close(m) if m.kind == MarkKind::Strong => line.push_str("**"),
            // `_`, not `*`: the two never pair with each other, so no run of stars
            // is read as both ends of different marks. (A mark never ends inside a
            // Latin word, where `_` would be text: see `inline::normalize`.)
            Piece::Open(m) | Piece::Close(m) if m.kind == MarkKind::Emphasis => line.push('_'),
            Piece::Open(_) => line.push('['),
            Piece::Close(m) => {
                if let MarkKind::Link { href } = &m.kind {
                    line.push_str("](");
                    line.push_str(href);
                    line.push(')');
                }
            }
        }
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let l = if prefix.is_empty() {
                guard_line(l)
            } else {
                l.clone()
            };
            if i == 0 { l } else { format!("{prefix}{l}") }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text with the characters inline markup uses escaped.
fn escape_text(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A subheading's text: escaped, but no marks.
fn escape_line(t: &str) -> String {
    guard_line(&escape_text(t))
}

/// A line that would start a block of another kind gets a backslash in front.
fn guard_line(line: &str) -> String {
    match line.chars().next() {
        Some('#' | '-' | '–' | '•' | '>' | '!' | '<') => format!("\\{line}"),
        _ => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_block_kind() {
        let text = "مقدمة الفقرة\nتكملة السطر\n\n## عنوان فرعي:\n- بند أول\n– بند ثان\n\n> قول مأثور\n\nفقرة <b>أخيرة</b>";
        assert_eq!(
            parse(text),
            vec![
                Block::paragraph("مقدمة الفقرة تكملة السطر"),
                Block::heading("عنوان فرعي:"),
                Block::list(vec!["بند أول".into(), "بند ثان".into()]),
                Block::quote("قول مأثور"),
                Block::paragraph("فقرة <b>أخيرة</b>"),
            ]
        );
    }

    #[test]
    fn round_trips() {
        let blocks = parse("أ\n\n## ب\n\n- ج\n- د\n\n> هـ\n\n![صورة الساحة](media:7)\n\nو");
        assert_eq!(blocks[4], Block::image(7, "صورة الساحة"));
        assert_eq!(parse(&render(&blocks)), blocks);
        let reference = crate::import::parse_reference_text(include_bytes!(
            "../../../demo/000_a879635638002103.txt"
        ))
        .unwrap();
        assert_eq!(parse(&render(&reference.body)), reference.body);
    }

    #[test]
    fn odd_input() {
        assert!(parse("").is_empty());
        assert!(parse("\n\n  \n##\n- \n").is_empty());
        assert_eq!(parse("### عميق").len(), 1);
    }

    fn marks_of(b: &Block) -> &[Mark] {
        match b {
            Block::Paragraph { marks, .. } | Block::Quote { marks, .. } => marks,
            Block::Image { marks, .. } => marks,
            _ => &[],
        }
    }

    #[test]
    fn inline_marks() {
        let (text, marks) =
            parse_inline("قال **الوزير** إن *النمو* بلغ [٣٪ حسب IMF](https://imf.example/r) اليوم");
        assert_eq!(text, "قال الوزير إن النمو بلغ ٣٪ حسب IMF اليوم");
        assert_eq!(
            marks,
            vec![
                Mark::new(4, 10, MarkKind::Strong),
                Mark::new(14, 19, MarkKind::Emphasis),
                Mark::new(
                    24,
                    34,
                    MarkKind::Link {
                        href: "https://imf.example/r".into()
                    }
                ),
            ]
        );
        // Balanced parentheses belong to the address.
        let (_, marks) = parse_inline("[ويكي](https://w.example/Foo_(bar))");
        assert_eq!(
            marks[0].kind,
            MarkKind::Link {
                href: "https://w.example/Foo_%28bar%29".into()
            }
        );
        // Nesting, CommonMark's way.
        let (text, marks) = parse_inline("*أ**ب**ج* ***د*** [**و**](/ar/x)");
        assert_eq!(text, "أبج د و");
        assert_eq!(
            marks,
            vec![
                Mark::new(0, 3, MarkKind::Emphasis),
                Mark::new(1, 2, MarkKind::Strong),
                Mark::new(4, 5, MarkKind::Strong),
                Mark::new(4, 5, MarkKind::Emphasis),
                Mark::new(
                    6,
                    7,
                    MarkKind::Link {
                        href: "/ar/x".into()
                    }
                ),
                Mark::new(6, 7, MarkKind::Strong),
            ]
        );
    }

    #[test]
    fn what_is_not_markup_stays_text() {
        for (source, text) in [
            ("2 * 3 * 4", "2 * 3 * 4"),
            ("**غير مغلق", "**غير مغلق"),
            ("[رابط](javascript:alert(1))", "[رابط](javascript:alert(1))"),
            ("[رابط]( https://x.example )", "[رابط]( https://x.example )"),
            (
                "[غير متوازن](https://x.example/a(b)",
                "[غير متوازن](https://x.example/a(b)",
            ),
            ("[نص] فقط", "[نص] فقط"),
            ("\\*حرفياً\\* و\\\\", "*حرفياً* و\\"),
            ("C:\\dir", "C:\\dir"),
            ("file_name_here و a_b", "file_name_here و a_b"),
            ("<b>x</b>", "<b>x</b>"),
        ] {
            let (t, marks) = parse_inline(source);
            assert_eq!(t, text, "{source}");
            assert!(marks.is_empty(), "{source}: {marks:?}");
        }
    }

    #[test]
    fn line_breaks_and_escaped_markers() {
        let blocks = parse("سطر أول\\\n\\- ليس بنداً\\\nثالث\n\n> قول\\\n> يتبع\n\n\\## ليس عنواناً");
        assert_eq!(blocks[0].plain_text(), "سطر أول\n- ليس بنداً\nثالث");
        assert_eq!(blocks[1], Block::quote("قول\nيتبع"));
        assert_eq!(blocks[2], Block::paragraph("## ليس عنواناً"));
        assert_eq!(parse(&render(&blocks)), blocks);
        // An even run of backslashes is an escaped backslash, not a break.
        assert_eq!(parse("أ\\\\\nب"), vec![Block::paragraph("أ\\ ب")]);
    }

    #[test]
    fn embeds_are_addresses_alone_on_their_line() {
        let blocks = parse(
            "<https://video.example/v?a=1&b=(2)>\n\n<b>نص</b>\n\n<https://x y>\n\n<javascript:alert(1)>\n\n\\<https://y.example>",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Embed {
                    url: "https://video.example/v?a=1&b=%282%29".into()
                },
                Block::paragraph("<b>نص</b>"),
                Block::paragraph("<https://x y>"),
                Block::paragraph("<javascript:alert(1)>"),
                Block::paragraph("<https://y.example>"),
            ]
        );
        assert_eq!(parse(&render(&blocks)), blocks);
        assert_eq!(blocks[0].plain_text(), "");
    }

    #[test]
    fn captions_and_items_carry_marks() {
        let blocks = parse(
            "- بند **مهم**\n- [آخر](https://x.example)\n\n![صورة *الميناء* [المصدر](https://y.example)](media:3)",
        );
        assert_eq!(
            blocks[0],
            Block::List {
                items: vec!["بند مهم".into(), "آخر".into()],
                marks: vec![
                    vec![Mark::new(4, 7, MarkKind::Strong)],
                    vec![Mark::new(
                        0,
                        3,
                        MarkKind::Link {
                            href: "https://x.example".into()
                        }
                    )],
                ],
            }
        );
        assert_eq!(blocks[1].plain_text(), "صورة الميناء المصدر");
        assert_eq!(marks_of(&blocks[1]).len(), 2);
        assert_eq!(parse(&render(&blocks)), blocks);
    }

    /// A small deterministic generator (xorshift), so the property test needs no
    /// dependency and fails the same way every run.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// Text as an editor can leave it: no whitespace at the ends or beside a
    /// break, every markup character and block marker likely.
    fn text(rng: &mut Rng, breaks: bool) -> String {
        const WORDS: &[&str] = &[
            "الحكومة",
            "IMF",
            "ب",
            "*",
            "**",
            "[",
            "]",
            "\\",
            "(",
            ")",
            "](x)",
            "#",
            "##",
            "-",
            "–",
            "•",
            ">",
            "!",
            "![",
            "٣٪",
            "a*b",
            "_",
            "`",
            "<b>",
            "&",
            "\"",
            "'",
            "كتب\\",
        ];
        let n = 1 + rng.below(6);
        let mut out = String::new();
        for k in 0..n {
            if k > 0 {
                out.push_str(match rng.below(8) {
                    0 if breaks => "\n",
                    1 => "",
                    2 => "  ",
                    _ => " ",
                });
            }
            out.push_str(WORDS[rng.below(WORDS.len())]);
        }
        out
    }

    fn marks(rng: &mut Rng, text: &str) -> Vec<Mark> {
        let len = text.chars().count();
        (0..rng.below(5))
            .map(|_| {
                let a = rng.below(len + 1);
                let b = rng.below(len + 1);
                let kind = match rng.below(4) {
                    0 => MarkKind::Strong,
                    1 => MarkKind::Emphasis,
                    2 => MarkKind::Link {
                        href: "https://x.example/a_(b)".into(),
                    },
                    _ => MarkKind::Link {
                        href: "/ar/news/1/خبر".into(),
                    },
                };
                Mark::new(a.min(b), a.max(b), kind)
            })
            .collect()
    }

    fn block(rng: &mut Rng) -> Block {
        let t = text(rng, true);
        let m = marks(rng, &t);
        match rng.below(6) {
            5 => Block::Embed {
                url: inline::clean_embed_url(
                    [
                        "https://video.example/watch?v=a_(b)",
                        "http://x.example/<p>",
                    ][rng.below(2)],
                )
                .unwrap(),
            },
            0 => Block::Paragraph { text: t, marks: m },
            1 => Block::Quote { text: t, marks: m },
            2 => Block::heading(text(rng, false)),
            3 => {
                let items: Vec<String> = (0..1 + rng.below(3)).map(|_| text(rng, false)).collect();
                let marks = items.iter().map(|i| marks(rng, i)).collect();
                Block::List { items, marks }
            }
            _ => {
                let caption = text(rng, false);
                let marks = marks(rng, &caption);
                Block::Image {
                    media: rng.below(100) as i64,
                    caption,
                    marks,
                }
            }
        }
        .normalized()
    }

    /// Whatever is typed (delimiter soup included) parses without panicking, and
    /// what it parses to writes back to itself.
    #[test]
    fn typed_text_parses_and_its_blocks_round_trip() {
        let (text, _) = parse_inline("*_***a***");
        assert!(text.contains('a'));
        // Found by the fuzzer: other spacing than spaces beside a line break.
        let typed = "قال ##ال\x0b\x0b+\x0b\x0b\\\nسطر ث\x0b\x0b\n\x0b\x0b";
        let blocks = parse(typed);
        assert_eq!(parse(&render(&blocks)), blocks);
        const SOUP: &[&str] = &[
            "*",
            "**",
            "_",
            "__",
            "[",
            "]",
            "(",
            ")",
            "](/ar/x)",
            "](https://x.example)",
            "\\",
            "\\*",
            " ",
            "a",
            "ب",
            "IMF",
            "\n",
            "- ",
            "> ",
            "## ",
        ];
        let mut rng = Rng(0x0dd5_eed0_0000_0002);
        for round in 0..20_000 {
            let typed: String = (0..rng.below(14))
                .map(|_| SOUP[rng.below(SOUP.len())])
                .collect();
            let blocks = parse(&typed);
            assert_eq!(parse(&render(&blocks)), blocks, "round {round}: {typed:?}");
        }
    }

    /// Pages of stray delimiters parse in one pass (each closer looks a bounded way
    /// back; an unclosed `](` is read at most one address long).
    #[test]
    fn stray_delimiters_stay_linear() {
        for typed in [
            format!("{}{}", "_ب ".repeat(40_000), "ب* ".repeat(40_000)),
            format!("{}{}", "_ب ".repeat(40_000), "[[ب](/x) ".repeat(20_000)),
            "](x".repeat(50_000),
            "[".repeat(100_000),
        ] {
            let (text, _) = parse_inline(&typed);
            assert!(!text.is_empty());
        }
    }

    #[test]
    fn blocks_to_markdown_and_back_lose_nothing() {
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        for round in 0..20_000 {
            let blocks: Vec<Block> = (0..1 + rng.below(4)).map(|_| block(&mut rng)).collect();
            let text = render(&blocks);
            assert_eq!(parse(&text), blocks, "round {round}:\n{text}");
        }
    }
}
