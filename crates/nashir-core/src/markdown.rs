//! The editor's text format: a small Markdown for article bodies.
//!
//! `## ` starts a subheading, `- ` (or `– `, `* `) a list item, `> ` a quotation,
//! `![caption](media:12)` an uploaded image;
//! anything else is a paragraph; blank lines separate blocks. Text is plain: markup
//! such as `<b>` stays visible text and is escaped on output, so nothing an editor
//! types becomes HTML.

use crate::article::Block;

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

/// `![caption](media:12)` → (12, caption).
fn image(line: &str) -> Option<(i64, String)> {
    let rest = line.strip_prefix("![")?;
    let (caption, target) = rest.split_once("](")?;
    let id = target
        .strip_suffix(')')?
        .strip_prefix("media:")?
        .trim()
        .parse()
        .ok()?;
    Some((id, caption.trim().to_string()))
}

/// Parses an article body.
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut quote: Vec<&str> = Vec::new();
    let flush = |blocks: &mut Vec<Block>,
                 paragraph: &mut Vec<&str>,
                 list: &mut Vec<String>,
                 quote: &mut Vec<&str>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph {
                text: paragraph.join(" "),
            });
            paragraph.clear();
        }
        if !list.is_empty() {
            blocks.push(Block::List {
                items: std::mem::take(list),
            });
        }
        if !quote.is_empty() {
            blocks.push(Block::Quote {
                text: quote.join(" "),
            });
            quote.clear();
        }
    };
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut blocks, &mut paragraph, &mut list, &mut quote);
        } else if let Some((media, caption)) = image(line) {
            flush(&mut blocks, &mut paragraph, &mut list, &mut quote);
            blocks.push(Block::Image { media, caption });
        } else if let Some(h) = line
            .strip_prefix("##")
            .map(|h| h.trim_start_matches('#').trim())
        {
            flush(&mut blocks, &mut paragraph, &mut list, &mut quote);
            if !h.is_empty() {
                blocks.push(Block::Heading {
                    text: h.to_string(),
                });
            }
        } else if let Some(item) = list_item(line) {
            if !paragraph.is_empty() || !quote.is_empty() {
                flush(&mut blocks, &mut paragraph, &mut list, &mut quote);
            }
            if !item.is_empty() {
                list.push(item.to_string());
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

/// Writes blocks back as editor text; `parse(&render(b)) == b` for any body.
pub fn render(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { text } => text.clone(),
            Block::Heading { text } => format!("## {text}"),
            Block::List { items } => items
                .iter()
                .map(|i| format!("- {i}"))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Quote { text } => format!("> {text}"),
            Block::Image { media, caption } => format!("![{caption}](media:{media})"),
        })
        .collect::<Vec<_>>()
        .join("\n\n")
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
                Block::Paragraph {
                    text: "مقدمة الفقرة تكملة السطر".into()
                },
                Block::Heading {
                    text: "عنوان فرعي:".into()
                },
                Block::List {
                    items: vec!["بند أول".into(), "بند ثان".into()]
                },
                Block::Quote {
                    text: "قول مأثور".into()
                },
                Block::Paragraph {
                    text: "فقرة <b>أخيرة</b>".into()
                },
            ]
        );
    }

    #[test]
    fn round_trips() {
        let blocks = parse("أ\n\n## ب\n\n- ج\n- د\n\n> هـ\n\n![صورة الساحة](media:7)\n\nو");
        assert_eq!(
            blocks[4],
            Block::Image {
                media: 7,
                caption: "صورة الساحة".into()
            }
        );
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
}
