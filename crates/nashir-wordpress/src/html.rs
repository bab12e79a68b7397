//! A post's HTML (classic editor or Gutenberg) turned into Nashir's blocks:
//! paragraphs, subheadings, lists, quotations and images, with bold, italics and
//! links as marks over their text ([`crate::marks`]). Nothing is kept as HTML:
//! what a block cannot represent (tables, embeds, colours) becomes its text, and
//! scripts, styles and embeds are dropped.
//!
//! The classic editor stores paragraphs as blank lines (WordPress adds the `<p>`
//! when it shows the post), so text outside any block element is split there.
//! Shortcodes (`[gallery]`, `[caption]…[/caption]`) are stripped, their inner
//! text kept; a captioned image keeps its caption.

use html5gum::{Token, Tokenizer};

pub use crate::marks::Rich;
use crate::marks::{self, Links, Tag};

/// A piece of a converted post, images not yet matched to media.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Paragraph(Rich),
    Heading(String),
    List(Vec<Rich>),
    Quote(Rich),
    Image(ImageRef),
    /// A block editor's embed (`wp:embed`): the address it shows.
    Embed(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageRef {
    pub src: String,
    pub alt: String,
    pub caption: String,
    /// The attachment's post id, from `class="wp-image-N"` or the caption's `id="attachment_N"`.
    pub attachment: Option<i64>,
}

/// A converted post.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Converted {
    pub pieces: Vec<Piece>,
    /// Shortcodes stripped.
    pub shortcodes: usize,
    /// Embedded things dropped (video, audio, iframes, forms…), by tag.
    pub dropped: Vec<String>,
}

/// Elements whose content is not text a reader should see.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "video", "audio",
    "svg", "canvas", "form", "select", "button", "textarea", "math",
];
/// What starts a line that is an item of a list, in text typed without one.
const DASHES: &[&str] = &["– ", "- ", "— ", "• "];
/// Elements that end the text before them and start a new block.
const BREAKING: &[&str] = &[
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "figure", "pre",
    "table", "tr", "dl", "dt", "dd", "hr", "address", "details", "summary",
];

#[derive(Default)]
struct Walker {
    out: Converted,
    /// Inline text of the block being read.
    text: String,
    /// Inside an explicit block (`<p>`, `<h2>`, `<li>`…): newlines are spaces.
    in_block: usize,
    heading: bool,
    /// Paragraphs of the quotation being read.
    quote: Option<Vec<String>>,
    /// Items of the (outermost) list being read, and whether each open list
    /// is numbered (`<ol>`) with its count so far, innermost last.
    list: Option<Vec<Rich>>,
    lists: Vec<(bool, usize)>,
    /// The number the item being read shows (in a numbered list).
    number: Option<usize>,
    /// Inside a quotation's `<cite>`.
    in_cite: bool,
    /// Cells of the table row being read.
    row: Option<Vec<String>>,
    /// An image inside `<figure>`, waiting for its caption.
    figure: Option<ImageRef>,
    in_caption: bool,
    skipping: Option<String>,
    /// Block-editor content: WordPress adds no line breaks to it, so a newline
    /// in its text is a space (only `<br>` breaks a line).
    gutenberg: bool,
    links: Links,
    /// Inside a block editor's embed figure: its address (the text of its
    /// wrapper) and its caption, once read.
    in_embed: bool,
    embed: Option<String>,
    embed_caption: String,
}

/// Converts a post's content.
pub fn convert(html: &str) -> Converted {
    let (html, shortcodes) = strip_shortcodes(html);
    let mut w = Walker {
        gutenberg: html.contains("<!-- wp:"),
        ..Walker::default()
    };
    w.out.shortcodes = shortcodes;
    for token in Tokenizer::new(html.as_str()).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                let attr = |key: &str| {
                    tag.attributes
                        .get(key.as_bytes())
                        .map(|v| String::from_utf8_lossy(&v.value).into_owned())
                        .unwrap_or_default()
                };
                if w.skipping.is_some() {
                    continue;
                }
                if SKIPPED.contains(&name.as_str()) {
                    w.out.dropped.push(name.clone());
                    if !tag.self_closing {
                        w.skipping = Some(name);
                    }
                    continue;
                }
                if name == "img" {
                    let image = ImageRef {
                        src: attr("src"),
                        alt: collapse(&attr("alt")),
                        caption: String::new(),
                        attachment: wp_image_id(&attr("class")),
                    };
                    w.image(image);
                } else {
                    w.start(&name, &attr);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                if let Some(skipped) = &w.skipping {
                    if *skipped == name {
                        w.skipping = None;
                    }
                    continue;
                }
                w.end(&name);
            }
            Token::String(s) if w.skipping.is_none() => {
                w.push_text(&String::from_utf8_lossy(&s));
            }
            // Comments (Gutenberg's block delimiters among them), doctypes and
            // the tokenizer's recoverable errors carry no text.
            _ => {}
        }
    }
    w.flush();
    if let Some(image) = w.figure.take() {
        w.out.pieces.push(Piece::Image(image));
    }
    w.close_list();
    w.close_quote();
    w.resolve_marks();
    w.out
}

impl Walker {
    fn push_text(&mut self, s: &str) {
        let s = &marks::strip(s);
        if self.gutenberg {
            self.text.push_str(&s.replace('\n', " "));
            return;
        }
        if self.in_block > 0 || self.list.is_some() || self.in_caption {
            self.text.push_str(s);
            return;
        }
        // Loose text: a blank line ends a paragraph, as WordPress's autop has it.
        let mut parts = s.split("\n\n").peekable();
        while let Some(part) = parts.next() {
            self.text.push_str(part);
            if parts.peek().is_some() {
                self.flush();
            }
        }
    }

    fn start(&mut self, name: &str, attr: &dyn Fn(&str) -> String) {
        if let Some(tag) = Tag::of(name) {
            self.text.extend(self.links.open(tag, &attr("href")));
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.heading = true;
                self.in_block += 1;
            }
            "blockquote" => {
                self.flush();
                self.quote.get_or_insert_with(Vec::new);
            }
            "ul" | "ol" => {
                self.flush();
                self.lists.push((name == "ol", 0));
                self.list.get_or_insert_with(Vec::new);
            }
            "li" => {
                self.flush();
                self.in_block += 1;
                self.number = match self.lists.last_mut() {
                    Some((true, count)) => {
                        *count += 1;
                        Some(*count)
                    }
                    _ => None,
                };
            }
            "cite" if self.quote.is_some() => {
                self.flush();
                self.in_cite = true;
            }
            "figcaption" => {
                self.flush();
                self.in_caption = true;
            }
            "td" | "th" => {
                self.flush_cell();
                self.row.get_or_insert_with(Vec::new);
            }
            // A line of its own, as WordPress shows it.
            "br" => self.text.push('\n'),
            "figure"
                if attr("class")
                    .split_whitespace()
                    .any(|c| c == "wp-block-embed") =>
            {
                self.flush();
                self.in_embed = true;
            }
            "figure" => {
                self.flush();
                // A classic caption's id names its attachment.
                if let Some(id) = attr("id").strip_prefix("attachment_") {
                    self.figure = Some(ImageRef {
                        attachment: id.parse().ok(),
                        ..ImageRef::default()
                    });
                }
            }
            _ if BREAKING.contains(&name) => {
                self.flush();
                if name == "p" || name == "pre" || name == "dt" || name == "dd" {
                    self.in_block += 1;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if let Some(tag) = Tag::of(name) {
            self.text.extend(self.links.close(tag));
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.heading = false;
                self.in_block = self.in_block.saturating_sub(1);
            }
            "blockquote" => {
                self.flush();
                self.close_quote();
            }
            "ul" | "ol" => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.close_list();
                }
            }
            "cite" if self.in_cite => {
                let who = collapse(&std::mem::take(&mut self.text));
                self.in_cite = false;
                if let Some(parts) = &mut self.quote
                    && !who.is_empty()
                {
                    parts.push(format!("— {who}"));
                }
            }
            "li" => {
                self.flush();
                self.in_block = self.in_block.saturating_sub(1);
            }
            "figcaption" if self.in_embed => {
                self.embed_caption = collapse(&std::mem::take(&mut self.text));
                self.in_caption = false;
            }
            "figcaption" => {
                let caption = collapse(&std::mem::take(&mut self.text));
                self.in_caption = false;
                if let Some(figure) = &mut self.figure {
                    figure.caption = caption;
                } else if !caption.is_empty() {
                    self.out.pieces.push(Piece::Paragraph(caption.into()));
                }
            }
            "figure" if self.in_embed => {
                self.flush();
                self.in_embed = false;
                let text = self.embed.take().unwrap_or_default();
                match nashir_core::inline::clean_embed_url(&text) {
                    Some(url) if !text.contains(' ') => self.out.pieces.push(Piece::Embed(url)),
                    _ if !text.is_empty() => self.out.pieces.push(Piece::Paragraph(text.into())),
                    _ => {}
                }
                let caption = std::mem::take(&mut self.embed_caption);
                if !caption.is_empty() {
                    self.out.pieces.push(Piece::Paragraph(caption.into()));
                }
            }
            "figure" => {
                self.flush();
                if let Some(image) = self.figure.take()
                    && !image.src.is_empty()
                {
                    self.out.pieces.push(Piece::Image(image));
                }
            }
            "td" | "th" => self.flush_cell(),
            "tr" => {
                self.flush_cell();
                if let Some(row) = self.row.take() {
                    let row: Vec<String> = row.into_iter().filter(|c| !c.is_empty()).collect();
                    if !row.is_empty() {
                        self.out
                            .pieces
                            .push(Piece::Paragraph(row.join(" | ").into()));
                    }
                }
            }
            _ if BREAKING.contains(&name) => {
                self.flush();
                if name == "p" || name == "pre" || name == "dt" || name == "dd" {
                    self.in_block = self.in_block.saturating_sub(1);
                }
            }
            _ => {}
        }
    }

    fn image(&mut self, image: ImageRef) {
        if self.in_caption {
            return;
        }
        if let Some(figure) = &mut self.figure {
            if figure.src.is_empty() {
                let attachment = image.attachment.or(figure.attachment);
                *figure = ImageRef {
                    attachment,
                    ..image
                };
                return;
            }
        } else if marks::is_blank(&self.text) && self.list.is_none() {
            // Alone (or first) in its block: it may get a caption from the
            // figure around it.
            self.flush();
            self.figure = Some(image);
            return;
        }
        // Inside text: the text before it is a paragraph of its own.
        self.flush();
        if let Some(waiting) = self.figure.take() {
            self.out.pieces.push(Piece::Image(waiting));
        }
        self.out.pieces.push(Piece::Image(image));
    }

    fn flush_cell(&mut self) {
        if let Some(row) = &mut self.row {
            row.push(collapse(&std::mem::take(&mut self.text)));
        }
    }

    /// Ends the text read so far as the block it is in.
    fn flush(&mut self) {
        if self.row.is_some() {
            return self.flush_cell();
        }
        if self.in_embed {
            // The first text of an embed figure is its address.
            let text = collapse(&marks::strip(&std::mem::take(&mut self.text)));
            if self.embed.is_none() && !text.is_empty() {
                self.embed = Some(text);
            }
            return;
        }
        let raw = std::mem::take(&mut self.text);
        let text = collapse(&raw);
        if marks::is_blank(&text) {
            return;
        }
        // An image waiting for a caption that did not come stands before the text.
        if !self.in_caption
            && let Some(image) = self.figure.take_if(|f| !f.src.is_empty())
        {
            self.out.pieces.push(Piece::Image(image));
        }
        if let Some(items) = &mut self.list {
            items.push(
                match self.number.take() {
                    Some(n) => format!("{n}. {text}"),
                    None => text,
                }
                .into(),
            );
        } else if self.heading {
            self.out.pieces.push(Piece::Heading(text));
        } else if let Some(parts) = &mut self.quote {
            parts.push(text);
        } else {
            self.push_lines(&raw);
        }
    }

    /// A paragraph's text, a paragraph per line (WordPress shows each line on
    /// its own), a run of dash lines (`– بند`) a list, as in the reference text.
    fn push_lines(&mut self, raw: &str) {
        let mut items: Vec<Rich> = Vec::new();
        for line in raw.split('\n').map(collapse).filter(|l| !l.is_empty()) {
            match DASHES.iter().find_map(|d| line.strip_prefix(d)) {
                Some(item) => items.push(item.trim().into()),
                None => {
                    if !items.is_empty() {
                        self.out
                            .pieces
                            .push(Piece::List(std::mem::take(&mut items)));
                    }
                    self.out.pieces.push(Piece::Paragraph(line.into()));
                }
            }
        }
        if !items.is_empty() {
            self.out.pieces.push(Piece::List(items));
        }
    }

    fn close_list(&mut self) {
        if let Some(items) = self.list.take()
            && !items.is_empty()
        {
            self.out.pieces.push(Piece::List(items));
        }
    }

    fn close_quote(&mut self) {
        if let Some(parts) = self.quote.take()
            && !parts.is_empty()
        {
            self.out.pieces.push(Piece::Quote(parts.join(" ").into()));
        }
    }

    /// Turns the mark sentinels left in the pieces' text into marks; what was only
    /// sentinels goes.
    fn resolve_marks(&mut self) {
        let links = &self.links;
        let rich = |r: &Rich| Rich::resolve(&r.text, links);
        self.out.pieces = std::mem::take(&mut self.out.pieces)
            .into_iter()
            .filter_map(|piece| {
                let piece = match piece {
                    Piece::Paragraph(r) => Piece::Paragraph(rich(&r)),
                    Piece::Quote(r) => Piece::Quote(rich(&r)),
                    Piece::Heading(h) => Piece::Heading(collapse(&marks::strip(&h))),
                    Piece::List(items) => Piece::List(
                        items
                            .iter()
                            .map(rich)
                            .filter(|r| !r.text.is_empty())
                            .collect(),
                    ),
                    Piece::Embed(url) => Piece::Embed(url),
                    Piece::Image(image) => Piece::Image(ImageRef {
                        caption: collapse(&marks::strip(&image.caption)),
                        alt: collapse(&marks::strip(&image.alt)),
                        ..image
                    }),
                };
                let empty = match &piece {
                    Piece::Paragraph(r) | Piece::Quote(r) => r.text.is_empty(),
                    Piece::Heading(h) => h.is_empty(),
                    Piece::List(items) => items.is_empty(),
                    Piece::Image(_) | Piece::Embed(_) => false,
                };
                (!empty).then_some(piece)
            })
            .collect();
    }
}

/// Whitespace runs (no-break spaces included) as one space, trimmed.
pub fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text of an HTML fragment (titles, excerpts, comments), tags dropped.
pub fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut skipping: Option<Vec<u8>> = None;
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::String(s) if skipping.is_none() => text.push_str(&String::from_utf8_lossy(&s)),
            Token::StartTag(t)
                if !t.self_closing && SKIPPED.contains(&&*String::from_utf8_lossy(&t.name)) =>
            {
                skipping.get_or_insert_with(|| t.name.0.clone());
            }
            Token::StartTag(t) if matches!(t.name.as_slice(), b"br" | b"p") => text.push(' '),
            Token::EndTag(t) if skipping.as_deref() == Some(t.name.as_slice()) => skipping = None,
            _ => {}
        }
    }
    collapse(&text)
}

fn wp_image_id(class: &str) -> Option<i64> {
    class
        .split_whitespace()
        .find_map(|c| c.strip_prefix("wp-image-"))
        .and_then(|n| n.parse().ok())
}

/// Removes shortcodes (`[name …]`, `[/name]`), keeping what is between them, and
/// counts them. `[caption id="attachment_5" …]<img …> text[/caption]` becomes a
/// figure with that caption.
fn strip_shortcodes(html: &str) -> (String, usize) {
    let mut out = String::with_capacity(html.len());
    let mut count = 0;
    let mut rest = html;
    let mut in_caption = false;
    while let Some(at) = rest.find('[') {
        out.push_str(&rest[..at]);
        let candidate = &rest[at..];
        match shortcode(candidate) {
            Some((len, closing, name, id)) => {
                count += usize::from(!closing);
                if name == "caption" || name == "wp_caption" {
                    if closing {
                        if in_caption {
                            out.push_str("</figcaption></figure>");
                            in_caption = false;
                        }
                    } else {
                        out.push_str(&format!("<figure id=\"{id}\">"));
                        in_caption = true;
                        // The caption is the text after the image (or the link around it).
                        let inner = &candidate[len..];
                        let lead = inner.len() - inner.trim_start().len();
                        let body = &inner[lead..];
                        let image_end = if body.starts_with("<a") {
                            body.find("</a>").map(|e| e + 4)
                        } else if body.starts_with("<img") {
                            body.find('>').map(|e| e + 1)
                        } else {
                            None
                        };
                        if let Some(e) = image_end {
                            out.push_str(&body[..e]);
                            out.push_str("<figcaption>");
                            rest = &body[e..];
                            continue;
                        }
                        out.push_str("<figcaption>");
                    }
                }
                rest = &candidate[len..];
            }
            None => {
                out.push('[');
                rest = &candidate[1..];
            }
        }
    }
    out.push_str(rest);
    if in_caption {
        out.push_str("</figcaption></figure>");
    }
    (out, count)
}

/// A shortcode at the start of `s`: its length, whether it closes, its name, and
/// the value of its `id` attribute (escaped for an attribute).
fn shortcode(s: &str) -> Option<(usize, bool, String, String)> {
    let end = s.find(']')?;
    let inner = &s[1..end];
    if inner.contains('[') || inner.contains('\n') && inner.len() > 200 {
        return None;
    }
    let (closing, body) = match inner.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, inner),
    };
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    let valid_start = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    let after = &body[name.len()..];
    if !valid_start || !(after.is_empty() || after.starts_with([' ', '/', '\t'])) {
        return None;
    }
    let id = after
        .split_whitespace()
        .find_map(|a| a.strip_prefix("id="))
        .map(|v| v.trim_matches(|c| c == '"' || c == '\''))
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    Some((end + 1, closing, name.to_ascii_lowercase(), id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nashir_core::inline::{Mark, MarkKind};

    fn paragraphs(p: &[&str]) -> Vec<Piece> {
        p.iter().map(|t| Piece::Paragraph((*t).into())).collect()
    }

    #[test]
    fn classic_text_splits_at_blank_lines() {
        let c = convert(
            "أول سطر\nسطر ثانٍ\n\nفقرة <strong>ثانية</strong> مع <a href=\"https://x\">رابط</a>&nbsp;و&amp;\n\n\n",
        );
        let mut expected = paragraphs(&["أول سطر", "سطر ثانٍ", "فقرة ثانية مع رابط و&"]);
        expected[2] = Piece::Paragraph(Rich {
            text: "فقرة ثانية مع رابط و&".into(),
            marks: vec![
                Mark::new(5, 10, MarkKind::Strong),
                Mark::new(
                    14,
                    18,
                    MarkKind::Link {
                        href: "https://x".into(),
                    },
                ),
            ],
        });
        assert_eq!(c.pieces, expected);
        // Lines as the reference text writes them: a dash run is a list.
        let c = convert("زيارة الوفد:\nأفادت المصادر.\n– أولاً\n– ثانياً\nختام<br />سطر");
        assert_eq!(
            c.pieces,
            vec![
                Piece::Paragraph("زيارة الوفد:".into()),
                Piece::Paragraph("أفادت المصادر.".into()),
                Piece::List(vec!["أولاً".into(), "ثانياً".into()]),
                Piece::Paragraph("ختام".into()),
                Piece::Paragraph("سطر".into()),
            ]
        );
    }

    #[test]
    fn gutenberg_blocks_become_blocks() {
        let html = r#"<!-- wp:paragraph -->
<p>مقدمة <em>مهمة</em>.</p>
<!-- /wp:paragraph -->
<!-- wp:heading {"level":3} -->
<h3 class="wp-block-heading">الأسباب:</h3>
<!-- /wp:heading -->
<!-- wp:list -->
<ul><li>أولاً</li><li>ثانياً<ul><li>فرعي</li></ul></li></ul>
<!-- /wp:list -->
<!-- wp:quote -->
<blockquote class="wp-block-quote"><p>قال الوزير</p><cite>وكالة</cite></blockquote>
<!-- /wp:quote -->
<!-- wp:image {"id":616} -->
<figure class="wp-block-image"><img src="https://x/wp-content/uploads/2025/01/a.jpg" alt="صورة  الميناء" class="wp-image-616"/><figcaption class="wp-element-caption">ميناء <b>جدة</b></figcaption></figure>
<!-- /wp:image -->
<!-- wp:html --><script>alert(1)</script><iframe src="https://v"></iframe><!-- /wp:html -->"#;
        let c = convert(html);
        assert_eq!(
            c.pieces,
            vec![
                Piece::Paragraph(Rich {
                    text: "مقدمة مهمة.".into(),
                    marks: vec![Mark::new(6, 10, MarkKind::Emphasis)],
                }),
                Piece::Heading("الأسباب:".into()),
                Piece::List(vec!["أولاً".into(), "ثانياً".into(), "فرعي".into()]),
                Piece::Quote("قال الوزير — وكالة".into()),
                Piece::Image(ImageRef {
                    src: "https://x/wp-content/uploads/2025/01/a.jpg".into(),
                    alt: "صورة الميناء".into(),
                    caption: "ميناء جدة".into(),
                    attachment: Some(616),
                }),
            ]
        );
        assert_eq!(c.dropped, vec!["script", "iframe"]);
        // A newline in a block's text is a space; a <br> is a line.
        let c = convert("<!-- wp:paragraph -->\n<p>سطر\nيكمل<br>جديد</p>\n<!-- /wp:paragraph -->");
        assert_eq!(c.pieces, paragraphs(&["سطر يكمل", "جديد"]));
    }

    #[test]
    fn classic_captions_and_other_shortcodes() {
        let html = "قبل\n\n[caption id=\"attachment_40\" align=\"alignnone\" width=\"300\"]<img src=\"/wp-content/uploads/b.png\" alt=\"\" /> تعليق الصورة[/caption]\n\n[gallery ids=\"1,2\"]\n\n[quote]نص مقتبس[/quote] و[1] يبقى";
        let c = convert(html);
        assert_eq!(
            c.pieces,
            vec![
                Piece::Paragraph("قبل".into()),
                Piece::Image(ImageRef {
                    src: "/wp-content/uploads/b.png".into(),
                    alt: String::new(),
                    caption: "تعليق الصورة".into(),
                    attachment: Some(40),
                }),
                Piece::Paragraph("نص مقتبس و[1] يبقى".into()),
            ]
        );
        assert_eq!(c.shortcodes, 3);
    }

    #[test]
    fn numbered_lists_keep_their_numbers() {
        let c = convert("<ol><li>أول</li><li>ثانٍ<ul><li>فرع</li></ul></li><li>ثالث</li></ol>");
        assert_eq!(
            c.pieces,
            vec![Piece::List(vec![
                "1. أول".into(),
                "2. ثانٍ".into(),
                "فرع".into(),
                "3. ثالث".into()
            ])]
        );
    }

    #[test]
    fn tables_and_inline_images_become_text_and_images() {
        let c = convert(
            "<table><tr><th>البلد</th><th>النمو</th></tr><tr><td>مصر</td><td>3%</td></tr></table><p>نص <img src=\"/a.jpg\"> بعد</p>",
        );
        assert_eq!(
            c.pieces,
            vec![
                Piece::Paragraph("البلد | النمو".into()),
                Piece::Paragraph("مصر | 3%".into()),
                Piece::Paragraph("نص".into()),
                Piece::Image(ImageRef {
                    src: "/a.jpg".into(),
                    ..ImageRef::default()
                }),
                Piece::Paragraph("بعد".into()),
            ]
        );
    }

    #[test]
    fn nothing_comes_through_as_markup() {
        let c = convert(
            "<p onclick=x>&lt;script&gt;alert(1)&lt;/script&gt; <span style=\"color:red\">أحمر</span></p><style>p{}</style>",
        );
        assert_eq!(c.pieces, paragraphs(&["<script>alert(1)</script> أحمر"]));
        assert_eq!(text_of("عنوان &amp; <b>عريض</b>&#8230;"), "عنوان & عريض…");
    }

    #[test]
    fn linked_images_keep_their_captions_and_bad_links_their_text() {
        let c = convert(
            "<figure><a href=\"https://x/big.jpg\"><img src=\"https://x/a.jpg\" alt=\"\"></a><figcaption>تعليق</figcaption></figure><p><a href=\"javascript:alert(1)\">نص</a> <i>مائل</i></p>",
        );
        assert_eq!(
            c.pieces,
            vec![
                Piece::Image(ImageRef {
                    src: "https://x/a.jpg".into(),
                    caption: "تعليق".into(),
                    ..ImageRef::default()
                }),
                Piece::Paragraph(Rich {
                    text: "نص مائل".into(),
                    marks: vec![Mark::new(3, 7, MarkKind::Emphasis)],
                }),
            ]
        );
    }

    #[test]
    fn block_editor_embeds_keep_their_address() {
        let c = convert(
            r#"<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc","type":"video"} -->
<figure class="wp-block-embed is-type-video wp-block-embed-youtube"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=abc
</div><figcaption>مقطع</figcaption></figure>
<!-- /wp:embed -->
<!-- wp:paragraph --><p>بعد</p><!-- /wp:paragraph -->"#,
        );
        assert_eq!(
            c.pieces,
            vec![
                Piece::Embed("https://www.youtube.com/watch?v=abc".into()),
                Piece::Paragraph("مقطع".into()),
                Piece::Paragraph("بعد".into()),
            ]
        );
    }

    #[test]
    fn broken_html_still_converts() {
        let c = convert("<p>غير مغلق<p>ثانٍ</div></li><ul><li>عنصر");
        assert_eq!(
            c.pieces,
            vec![
                Piece::Paragraph("غير مغلق".into()),
                Piece::Paragraph("ثانٍ".into()),
                Piece::List(vec!["عنصر".into()]),
            ]
        );
    }
}
