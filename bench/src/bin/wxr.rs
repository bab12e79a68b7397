//! Writes a deterministic WordPress export (WXR 1.2) of Arabic posts for
//! `nashir import-wordpress` to load: the corpus's articles as classic-editor
//! HTML (paragraphs by blank lines, subheadings, lists, some Gutenberg blocks),
//! spread over nested categories and tags by three authors, each post with
//! COMMENTS comments, a fifth of them replies.
//!
//! `wxr POSTS COMMENTS OUT.xml [SEED]`

use std::fmt::Write as _;
use std::io::{BufWriter, Write};

use nashir_bench::corpus::{Corpus, Rng, SECTIONS};
use nashir_core::Block;
use nashir_core::import::parse_reference_text;

const AUTHORS: [(&str, &str); 3] = [
    ("salma", "سلمى حداد"),
    ("omar", "عمر النجار"),
    ("huda", "هدى سالم"),
];
const TAGS: [&str; 8] = [
    "النفط",
    "الانتخابات",
    "الاقتصاد العالمي",
    "الطاقة",
    "التعليم",
    "الصحة",
    "المناخ",
    "التقنية",
];

fn cdata(text: &str) -> String {
    format!("<![CDATA[{}]]>", text.replace("]]>", "]]]]><![CDATA[>"))
}

fn encoded(slug: &str) -> String {
    nashir_core::slug::percent_encode_segment(slug).to_lowercase()
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: wxr POSTS COMMENTS OUT.xml [SEED]";
    let posts: u64 = args.next().ok_or_else(|| anyhow::anyhow!(usage))?.parse()?;
    let comments: u64 = args.next().ok_or_else(|| anyhow::anyhow!(usage))?.parse()?;
    let out = args.next().ok_or_else(|| anyhow::anyhow!(usage))?;
    let seed: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(2025);
    let corpus = Corpus::load()?;
    let mut w = BufWriter::new(std::fs::File::create(&out)?);
    writeln!(
        w,
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>موقع الأخبار</title>
<link>https://news.example</link>
<language>ar</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://news.example</wp:base_site_url>
<wp:base_blog_url>https://news.example</wp:base_blog_url>"#
    )?;
    for (i, (login, name)) in AUTHORS.iter().enumerate() {
        writeln!(
            w,
            "<wp:author><wp:author_id>{}</wp:author_id><wp:author_login>{}</wp:author_login><wp:author_email>{login}@news.example</wp:author_email><wp:author_display_name>{}</wp:author_display_name></wp:author>",
            i + 1,
            cdata(login),
            cdata(name)
        )?;
    }
    // Each section a top-level category, with a child category under it.
    for (i, (slug, name)) in SECTIONS.iter().enumerate() {
        writeln!(
            w,
            "<wp:category><wp:term_id>{}</wp:term_id><wp:category_nicename>{slug}</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>{}</wp:cat_name></wp:category>",
            i + 10,
            cdata(name)
        )?;
        writeln!(
            w,
            "<wp:category><wp:term_id>{}</wp:term_id><wp:category_nicename>{}</wp:category_nicename><wp:category_parent>{slug}</wp:category_parent><wp:cat_name>{}</wp:cat_name></wp:category>",
            i + 30,
            encoded(&format!("محلي-{name}")),
            cdata(&format!("محلي {name}"))
        )?;
    }
    for (i, tag) in TAGS.iter().enumerate() {
        writeln!(
            w,
            "<wp:tag><wp:term_id>{}</wp:term_id><wp:tag_slug>{}</wp:tag_slug><wp:tag_name>{}</wp:tag_name></wp:tag>",
            i + 50,
            encoded(&tag.replace(' ', "-")),
            cdata(tag)
        )?;
    }
    let mut rng = Rng::new(seed);
    let mut comment_id = 1;
    for i in 0..posts {
        let text = corpus.article(seed, i);
        let article = parse_reference_text(text.as_bytes())?;
        let id = i + 1000;
        let (section, section_name) = SECTIONS[(i % SECTIONS.len() as u64) as usize];
        let gutenberg = i % 4 == 0;
        let mut html = String::new();
        for block in std::iter::once(Block::paragraph(article.lead.clone()))
            .chain(article.body.iter().cloned())
        {
            let (open, close) = if gutenberg {
                ("<!-- wp:paragraph -->\n", "\n<!-- /wp:paragraph -->")
            } else {
                ("", "")
            };
            match block {
                Block::Paragraph { text, .. } if gutenberg => {
                    let _ = write!(html, "{open}<p>{text}</p>{close}\n\n");
                }
                Block::Paragraph { text, .. } => {
                    // Classic text: a bold phrase and a link now and then.
                    let text = match text.split_once(' ') {
                        Some((first, rest)) if rng.below(4) == 0 => {
                            format!(
                                "<strong>{first}</strong> <a href=\"https://news.example/?p={}\">{rest}</a>",
                                id - 1
                            )
                        }
                        _ => text,
                    };
                    let _ = write!(html, "{text}\n\n");
                }
                Block::Heading { text } => {
                    let _ = write!(html, "<h2>{text}</h2>\n\n");
                }
                Block::List { items, .. } => {
                    let _ = write!(
                        html,
                        "<ul>\n<li>{}</li>\n</ul>\n\n",
                        items.join("</li>\n<li>")
                    );
                }
                Block::Quote { text, .. } => {
                    let _ = write!(html, "<blockquote>{text}</blockquote>\n\n");
                }
                Block::Image { .. } | Block::Embed { .. } => {}
            }
        }
        let day = article.updated_on;
        // Riyadh time, three hours ahead of the GMT date WordPress writes beside it.
        let (hour, minute) = (6 + rng.below(14), rng.below(60));
        let date = format!("{day} {hour:02}:{minute:02}:00");
        let gmt = format!("{day} {:02}:{minute:02}:00", hour - 3);
        let slug = encoded(&nashir_core::slug::slugify_title(&article.title));
        let (login, _) = AUTHORS[rng.below(AUTHORS.len())];
        let tag = TAGS[rng.below(TAGS.len())];
        let status = if i % 50 == 49 { "draft" } else { "publish" };
        writeln!(
            w,
            "<item><title>{}</title><link>https://news.example/{}/{slug}/</link><dc:creator>{}</dc:creator><guid isPermaLink=\"false\">https://news.example/?p={id}</guid><description></description><content:encoded>{}</content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{id}</wp:post_id><wp:post_date>{}</wp:post_date><wp:post_date_gmt>{}</wp:post_date_gmt><wp:post_modified_gmt>{}</wp:post_modified_gmt><wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_type>post</wp:post_type><wp:post_password></wp:post_password><wp:is_sticky>{}</wp:is_sticky>",
            cdata(&article.title),
            day.strftime("%Y/%m/%d"),
            cdata(login),
            cdata(&html),
            cdata(&date),
            cdata(&gmt),
            cdata(&gmt),
            u8::from(i % 500 == 0),
        )?;
        writeln!(
            w,
            "<category domain=\"category\" nicename=\"{section}\">{}</category><category domain=\"category\" nicename=\"{}\">{}</category><category domain=\"post_tag\" nicename=\"{}\">{}</category>",
            cdata(section_name),
            encoded(&format!("محلي-{section_name}")),
            cdata(&format!("محلي {section_name}")),
            encoded(&tag.replace(' ', "-")),
            cdata(tag)
        )?;
        let first = comment_id;
        for c in 0..comments {
            let parent = if c % 5 == 4 { first } else { 0 };
            let approved = if c % 10 == 9 { "0" } else { "1" };
            let words: Vec<&str> = article
                .lead
                .split_whitespace()
                .take(8 + rng.below(12))
                .collect();
            writeln!(
                w,
                "<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>{}</wp:comment_author><wp:comment_author_email>reader{c}@example.org</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url><wp:comment_author_IP>127.0.0.1</wp:comment_author_IP><wp:comment_date>{}</wp:comment_date><wp:comment_date_gmt>{}</wp:comment_date_gmt><wp:comment_content>{}</wp:comment_content><wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type></wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>",
                cdata(&format!("قارئ {c}")),
                cdata(&date),
                cdata(&gmt),
                cdata(&format!("{} ({c})", words.join(" "))),
            )?;
            comment_id += 1;
        }
        writeln!(w, "</item>")?;
    }
    writeln!(w, "</channel>\n</rss>")?;
    w.flush()?;
    eprintln!("wxr: {posts} posts, {} comments, in {out}", comment_id - 1);
    Ok(())
}
