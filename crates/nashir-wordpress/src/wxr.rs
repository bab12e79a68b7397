//! A streaming reader of WordPress eXtended RSS (WXR 1.1 and 1.2), the file that
//! Tools → Export and `wp export` write. The file is read one entry at a time
//! (an author, a category, a tag, an item with its comments), never whole: each
//! entry is gathered into a small tree, bounded by [`MAX_ENTRY_BYTES`], and mapped.
//!
//! Elements are matched by their qualified names (`wp:post_id`): WordPress always
//! writes the same prefixes, while the namespace URIs differ between versions
//! and hosts (`http://wordpress.org/export/1.2/`, `https://…`).

use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// The most text one entry (an item with its comments) may hold.
pub const MAX_ENTRY_BYTES: usize = 32 * 1024 * 1024;
/// The deepest nesting inside one entry.
const MAX_DEPTH: usize = 16;

#[derive(Debug, thiserror::Error)]
pub enum WxrError {
    #[error("not a WordPress export: {0}")]
    NotWxr(String),
    #[error("malformed XML at byte {position}: {message}")]
    Xml { position: u64, message: String },
}

/// What the channel says about the site the file comes from.
#[derive(Clone, Debug, Default)]
pub struct Channel {
    pub title: String,
    pub link: String,
    pub language: String,
    pub wxr_version: String,
    pub base_site_url: String,
    pub base_blog_url: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WxrAuthor {
    pub login: String,
    pub email: String,
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
}

/// A category, tag or other term declared at the top of the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WxrTerm {
    pub term_id: i64,
    /// The URL slug, percent-encoded as WordPress stores non-Latin slugs.
    pub nicename: String,
    pub name: String,
    /// The parent's nicename (categories), empty at the top.
    pub parent: String,
    pub description: String,
}

/// A term an item is filed under: `<category domain="post_tag" nicename="…">name</category>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemTerm {
    pub domain: String,
    pub nicename: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WxrComment {
    pub id: i64,
    pub author: String,
    pub author_email: String,
    pub author_url: String,
    pub date: String,
    pub date_gmt: String,
    pub content: String,
    /// `1`, `0` (pending), `spam`, `trash`.
    pub approved: String,
    /// Empty for a comment; `pingback`, `trackback`, … otherwise.
    pub kind: String,
    pub parent: i64,
}

/// A post, page, attachment or any other post type, with its comments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WxrItem {
    /// 1-based position among the file's items, for messages.
    pub index: usize,
    pub title: String,
    pub link: String,
    pub creator: String,
    pub guid: String,
    pub content: String,
    pub excerpt: String,
    pub post_id: Option<i64>,
    pub post_date: String,
    pub post_date_gmt: String,
    pub post_modified_gmt: String,
    pub post_name: String,
    pub status: String,
    pub post_type: String,
    pub post_parent: i64,
    pub menu_order: i64,
    pub is_sticky: bool,
    /// `open` or `closed`.
    pub comment_status: String,
    /// Readers needed this to see the post.
    pub password: String,
    pub attachment_url: String,
    pub terms: Vec<ItemTerm>,
    pub meta: Vec<(String, String)>,
    pub comments: Vec<WxrComment>,
}

impl WxrItem {
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// One entry of the file, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Author(WxrAuthor),
    Category(WxrTerm),
    Tag(WxrTerm),
    Item(Box<WxrItem>),
    /// An item that could not be read (too large, too deep): reported and skipped.
    BadItem {
        index: usize,
        message: String,
    },
}

/// An element of one entry: its name, attributes, text and children.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn text_of(&self, name: &str) -> String {
        self.child(name)
            .map(|c| c.text.trim().to_string())
            .unwrap_or_default()
    }

    /// Text kept as written (post content: its line breaks are paragraphs).
    fn raw_text_of(&self, name: &str) -> String {
        self.child(name).map(|c| c.text.clone()).unwrap_or_default()
    }

    fn int_of(&self, name: &str) -> Option<i64> {
        self.text_of(name).parse().ok()
    }

    fn attr(&self, name: &str) -> &str {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

pub struct WxrReader<R: BufRead> {
    xml: Reader<R>,
    buf: Vec<u8>,
    channel: Channel,
    items: usize,
    seen_rss: bool,
}

impl<R: BufRead> WxrReader<R> {
    pub fn new(input: R) -> Self {
        let mut xml = Reader::from_reader(input);
        xml.config_mut().expand_empty_elements = true;
        WxrReader {
            xml,
            buf: Vec::new(),
            channel: Channel::default(),
            items: 0,
            seen_rss: false,
        }
    }

    /// What the channel has said so far (its fields come before its entries).
    pub fn channel(&self) -> &Channel {
        &self.channel
    }

    fn error(&self, message: impl ToString) -> WxrError {
        WxrError::Xml {
            position: self.xml.buffer_position(),
            message: message.to_string(),
        }
    }

    /// The next entry, or `None` at the end of the file.
    pub fn next_entry(&mut self) -> Result<Option<Entry>, WxrError> {
        loop {
            self.buf.clear();
            let event = self
                .xml
                .read_event_into(&mut self.buf)
                .map_err(|e| WxrError::Xml {
                    position: 0,
                    message: e.to_string(),
                });
            let start = match event {
                Err(WxrError::Xml { message, .. }) => return Err(self.error(message)),
                Err(e) => return Err(e),
                Ok(Event::Eof) => {
                    if !self.seen_rss {
                        return Err(WxrError::NotWxr("no <rss> element".into()));
                    }
                    return Ok(None);
                }
                Ok(Event::Start(e)) => Name::of(&e),
                Ok(_) => continue,
            };
            match start.qname.as_str() {
                "rss" => self.seen_rss = true,
                "channel" => {}
                _ if !self.seen_rss => {
                    return Err(WxrError::NotWxr(format!(
                        "the file starts with <{}>, not <rss>",
                        start.qname
                    )));
                }
                "item" => {
                    self.items += 1;
                    let index = self.items;
                    return Ok(Some(match self.read_node(start)? {
                        Ok(node) => Entry::Item(Box::new(item(&node, index))),
                        Err(message) => Entry::BadItem { index, message },
                    }));
                }
                "wp:author" | "wp:category" | "wp:tag" => {
                    let kind = start.qname.clone();
                    let Ok(node) = self.read_node(start)? else {
                        continue;
                    };
                    return Ok(Some(match kind.as_str() {
                        "wp:author" => Entry::Author(author(&node)),
                        "wp:category" => Entry::Category(category(&node)),
                        _ => Entry::Tag(tag(&node)),
                    }));
                }
                "title" | "link" | "language" | "wp:wxr_version" | "wp:base_site_url"
                | "wp:base_blog_url" => {
                    let name = start.qname.clone();
                    let Ok(node) = self.read_node(start)? else {
                        continue;
                    };
                    let value = node.text.trim().to_string();
                    let c = &mut self.channel;
                    match name.as_str() {
                        "title" => c.title = value,
                        "link" => c.link = value,
                        "language" => c.language = value,
                        "wp:wxr_version" => c.wxr_version = value,
                        "wp:base_site_url" => c.base_site_url = value,
                        _ => c.base_blog_url = value,
                    }
                }
                // Anything else at channel level (generator, terms of other
                // taxonomies, …) is read past.
                _ => {
                    self.read_node(start)?.ok();
                }
            }
        }
    }

    /// Reads the element just started, to its end, into a tree. The outer error
    /// is the file's (fatal); the inner one the entry's (it is read past).
    fn read_node(&mut self, start: Name) -> Result<Result<Node, String>, WxrError> {
        let mut stack = vec![start.into_node()];
        let mut size = 0usize;
        let mut problem: Option<String> = None;
        loop {
            self.buf.clear();
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(e) => e,
                Err(e) => return Err(self.error(e)),
            };
            let text: Option<std::borrow::Cow<str>> = match event {
                Event::Start(e) => {
                    if stack.len() >= MAX_DEPTH {
                        problem.get_or_insert_with(|| "nested too deeply".into());
                    }
                    stack.push(Name::of(&e).into_node());
                    None
                }
                Event::End(_) => {
                    let Some(done) = stack.pop() else {
                        return Err(self.error("unbalanced end tag"));
                    };
                    match stack.last_mut() {
                        Some(parent) => {
                            if problem.is_none() {
                                parent.children.push(done);
                            }
                            None
                        }
                        None => {
                            return Ok(match problem {
                                Some(p) => Err(p),
                                None => Ok(done),
                            });
                        }
                    }
                }
                Event::Text(t) => Some(t.xml10_content()),
                Event::CData(t) => Some(t.xml10_content()),
                Event::GeneralRef(r) => Some(match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string().into(),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&r)
                        .map_or_else(|| format!("&{};", &*r).into(), Into::into),
                    Err(e) => return Err(self.error(e)),
                }),
                Event::Eof => return Err(self.error("the file ends inside an element")),
                _ => None,
            };
            if let Some(text) = text {
                size += text.len();
                if size > MAX_ENTRY_BYTES {
                    problem.get_or_insert_with(|| {
                        format!("larger than {} MiB", MAX_ENTRY_BYTES >> 20)
                    });
                }
                if problem.is_none()
                    && let Some(node) = stack.last_mut()
                {
                    node.text.push_str(&text);
                }
            }
        }
    }
}

/// A start tag's name and attributes, decoded.
struct Name {
    qname: String,
    attrs: Vec<(String, String)>,
}

impl Name {
    fn of(e: &BytesStart) -> Name {
        let qname = e.name().as_ref().to_string();
        let attrs = e
            .attributes()
            .flatten()
            .map(|a| {
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_or_else(|_| a.value.to_string(), |v| v.into_owned());
                (a.key.as_ref().to_string(), value)
            })
            .collect();
        Name { qname, attrs }
    }

    fn into_node(self) -> Node {
        Node {
            name: self.qname,
            attrs: self.attrs,
            ..Node::default()
        }
    }
}

fn author(n: &Node) -> WxrAuthor {
    WxrAuthor {
        login: n.text_of("wp:author_login"),
        email: n.text_of("wp:author_email"),
        display_name: n.text_of("wp:author_display_name"),
        first_name: n.text_of("wp:author_first_name"),
        last_name: n.text_of("wp:author_last_name"),
    }
}

fn category(n: &Node) -> WxrTerm {
    WxrTerm {
        term_id: n.int_of("wp:term_id").unwrap_or(0),
        nicename: n.text_of("wp:category_nicename"),
        name: n.text_of("wp:cat_name"),
        parent: n.text_of("wp:category_parent"),
        description: n.text_of("wp:category_description"),
    }
}

fn tag(n: &Node) -> WxrTerm {
    WxrTerm {
        term_id: n.int_of("wp:term_id").unwrap_or(0),
        nicename: n.text_of("wp:tag_slug"),
        name: n.text_of("wp:tag_name"),
        parent: String::new(),
        description: n.text_of("wp:tag_description"),
    }
}

fn item(n: &Node, index: usize) -> WxrItem {
    let terms = n
        .children
        .iter()
        .filter(|c| c.name == "category")
        .map(|c| ItemTerm {
            domain: c.attr("domain").to_string(),
            nicename: c.attr("nicename").to_string(),
            name: c.text.trim().to_string(),
        })
        .collect();
    let meta = n
        .children
        .iter()
        .filter(|c| c.name == "wp:postmeta")
        .map(|c| (c.text_of("wp:meta_key"), c.raw_text_of("wp:meta_value")))
        .collect();
    let comments = n
        .children
        .iter()
        .filter(|c| c.name == "wp:comment")
        .map(|c| WxrComment {
            id: c.int_of("wp:comment_id").unwrap_or(0),
            author: c.text_of("wp:comment_author"),
            author_email: c.text_of("wp:comment_author_email"),
            author_url: c.text_of("wp:comment_author_url"),
            date: c.text_of("wp:comment_date"),
            date_gmt: c.text_of("wp:comment_date_gmt"),
            content: c.raw_text_of("wp:comment_content"),
            approved: c.text_of("wp:comment_approved"),
            kind: c.text_of("wp:comment_type"),
            parent: c.int_of("wp:comment_parent").unwrap_or(0),
        })
        .collect();
    WxrItem {
        index,
        title: n.text_of("title"),
        link: n.text_of("link"),
        creator: n.text_of("dc:creator"),
        guid: n.text_of("guid"),
        content: n.raw_text_of("content:encoded"),
        excerpt: n.raw_text_of("excerpt:encoded"),
        post_id: n.int_of("wp:post_id"),
        post_date: n.text_of("wp:post_date"),
        post_date_gmt: n.text_of("wp:post_date_gmt"),
        post_modified_gmt: n.text_of("wp:post_modified_gmt"),
        post_name: n.text_of("wp:post_name"),
        status: n.text_of("wp:status"),
        post_type: n.text_of("wp:post_type"),
        post_parent: n.int_of("wp:post_parent").unwrap_or(0),
        menu_order: n.int_of("wp:menu_order").unwrap_or(0),
        is_sticky: n.text_of("wp:is_sticky") == "1",
        password: n.text_of("wp:post_password"),
        comment_status: n.text_of("wp:comment_status"),
        attachment_url: n.text_of("wp:attachment_url"),
        terms,
        meta,
        comments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>موقع تجريبي</title>
  <link>https://example.org</link>
  <language>ar</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_blog_url>https://example.org</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[salma]]></wp:author_login>
    <wp:author_email><![CDATA[salma@example.org]]></wp:author_email>
    <wp:author_display_name><![CDATA[سلمى]]></wp:author_display_name></wp:author>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[%d8%a7%d9%82%d8%aa%d8%b5%d8%a7%d8%af]]></wp:category_nicename>
    <wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[اقتصاد]]></wp:cat_name></wp:category>
  <wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug><![CDATA[oil]]></wp:tag_slug><wp:tag_name><![CDATA[نفط]]></wp:tag_name></wp:tag>
  <item>
    <title><![CDATA[النفط &amp; الغاز]]></title>
    <link>https://example.org/2025/01/08/oil/</link>
    <dc:creator><![CDATA[salma]]></dc:creator>
    <content:encoded><![CDATA[<p>فقرة &amp; أخرى</p>

سطر]]></content:encoded>
    <wp:post_id>12</wp:post_id>
    <wp:post_date_gmt><![CDATA[2025-01-08 09:30:00]]></wp:post_date_gmt>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
    <wp:is_sticky>1</wp:is_sticky>
    <category domain="category" nicename="%d8%a7%d9%82%d8%aa%d8%b5%d8%a7%d8%af"><![CDATA[اقتصاد]]></category>
    <category domain="post_tag" nicename="oil"><![CDATA[نفط]]></category>
    <wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[40]]></wp:meta_value></wp:postmeta>
    <wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author><![CDATA[قارئ]]></wp:comment_author>
      <wp:comment_date_gmt><![CDATA[2025-01-08 10:00:00]]></wp:comment_date_gmt>
      <wp:comment_content><![CDATA[شكراً]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved>
      <wp:comment_parent>0</wp:comment_parent></wp:comment>
  </item>
</channel>
</rss>"#;

    fn entries(text: &str) -> Result<Vec<Entry>, WxrError> {
        let mut r = WxrReader::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some(e) = r.next_entry()? {
            out.push(e);
        }
        Ok(out)
    }

    #[test]
    fn reads_authors_terms_items_and_comments_in_order() {
        let mut r = WxrReader::new(SAMPLE.as_bytes());
        let Some(Entry::Author(a)) = r.next_entry().unwrap() else {
            panic!("author first")
        };
        assert_eq!(
            (a.login.as_str(), a.display_name.as_str()),
            ("salma", "سلمى")
        );
        assert_eq!(r.channel().title, "موقع تجريبي");
        assert_eq!(r.channel().wxr_version, "1.2");
        let Some(Entry::Category(c)) = r.next_entry().unwrap() else {
            panic!("category")
        };
        assert_eq!(c.name, "اقتصاد");
        assert_eq!(c.nicename, "%d8%a7%d9%82%d8%aa%d8%b5%d8%a7%d8%af");
        let Some(Entry::Tag(t)) = r.next_entry().unwrap() else {
            panic!("tag")
        };
        assert_eq!((t.nicename.as_str(), t.name.as_str()), ("oil", "نفط"));
        let Some(Entry::Item(item)) = r.next_entry().unwrap() else {
            panic!("item")
        };
        // CDATA is taken as written: an entity in it is text.
        assert_eq!(item.title, "النفط &amp; الغاز");
        assert_eq!(item.content, "<p>فقرة &amp; أخرى</p>\n\nسطر");
        assert_eq!(item.post_id, Some(12));
        assert!(item.is_sticky);
        assert_eq!(item.meta("_thumbnail_id"), Some("40"));
        assert_eq!(item.terms.len(), 2);
        assert_eq!(item.terms[1].domain, "post_tag");
        assert_eq!(item.comments.len(), 1);
        assert_eq!(item.comments[0].content, "شكراً");
        assert_eq!(item.comments[0].approved, "1");
        assert_eq!(item.index, 1);
        assert!(r.next_entry().unwrap().is_none());
    }

    #[test]
    fn wxr_1_1_reads_the_same() {
        // WordPress 3.x wrote version 1.1 under its own namespace URIs.
        let old = SAMPLE
            .replace("export/1.2/", "export/1.1/")
            .replace("<wp:wxr_version>1.2", "<wp:wxr_version>1.1");
        let found = entries(&old).unwrap();
        assert_eq!(found.len(), 4);
        assert!(
            matches!(&found[3], Entry::Item(i) if i.post_id == Some(12) && i.comments.len() == 1)
        );
        let mut r = WxrReader::new(old.as_bytes());
        while r.next_entry().unwrap().is_some() {}
        assert_eq!(r.channel().wxr_version, "1.1");
    }

    #[test]
    fn entities_outside_cdata_are_resolved() {
        let text = SAMPLE.replace(
            "<title><![CDATA[النفط &amp; الغاز]]></title>",
            "<title>النفط &amp; الغاز &#8217;&#x41;</title>",
        );
        let item = entries(&text)
            .unwrap()
            .into_iter()
            .find_map(|e| match e {
                Entry::Item(i) => Some(i),
                _ => None,
            })
            .unwrap();
        assert_eq!(item.title, "النفط & الغاز \u{2019}A");
    }

    #[test]
    fn refuses_what_is_not_an_export() {
        assert!(matches!(
            entries("<html><body>no</body></html>"),
            Err(WxrError::NotWxr(_))
        ));
        assert!(matches!(entries(""), Err(WxrError::NotWxr(_))));
        let cut = &SAMPLE[..SAMPLE.find("<wp:post_id>").unwrap()];
        assert!(matches!(entries(cut), Err(WxrError::Xml { .. })));
        let bad = SAMPLE.replace("</wp:post_id>", "</wp:post_idx>");
        assert!(matches!(entries(&bad), Err(WxrError::Xml { .. })));
    }

    #[test]
    fn a_too_deep_item_is_skipped_and_the_next_read() {
        let deep = format!(
            "<item>{}x{}</item>",
            "<a>".repeat(MAX_DEPTH + 2),
            "</a>".repeat(MAX_DEPTH + 2)
        );
        let text = SAMPLE.replace("<item>", &format!("{deep}<item>"));
        let found = entries(&text).unwrap();
        assert!(matches!(found[3], Entry::BadItem { index: 1, .. }));
        assert!(matches!(&found[4], Entry::Item(i) if i.index == 2 && i.post_id == Some(12)));
    }
}
