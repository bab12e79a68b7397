//! Template structs: what each page shows, already formatted.

use askama::Template;
use axum::http::StatusCode;
use nashir_app::records::static_page_href;
use nashir_app::{App, SiteSettings, StoreError};
use nashir_core::inline::{self, Mark, MarkKind, Piece};
use nashir_core::slug::{article_href, percent_encode_segment};
use nashir_core::{Article, ArticleSummary, Block, Section};
use nashir_i18n::Speaks as _;
use nashir_i18n::{Language, Texts};

use crate::assets::{self, AssetUrls};
use crate::edition;

/// A feed a page advertises with `<link rel="alternate">`.
pub struct FeedLink {
    pub kind: &'static str,
    pub title: String,
    pub href: String,
}

/// What every page's frame needs.
pub struct Chrome {
    /// The interface text of the page's language (`chrome.t.get("…")`), which
    /// also gives `<html lang dir>`.
    pub t: &'static Texts,
    /// The edition's prefix (`/ar`), which its pages' links start with.
    pub prefix: String,
    /// The edition's front page (`/`, `/en/`) and search page.
    pub home: String,
    pub search: String,
    pub site_name: String,
    pub title: String,
    pub description: Option<String>,
    pub canonical: Option<String>,
    pub print: bool,
    /// The page in the other editions: (`hreflang`, absolute URL), with itself
    /// and `x-default` among them; empty for a page with no translation.
    pub alternates: Vec<(String, String)>,
    /// `<meta>` (OpenGraph `og:`/`article:` by property, the rest by name).
    pub meta: Vec<(String, String)>,
    pub feeds: Vec<FeedLink>,
    /// schema.org JSON-LD, already escaped for a `<script>` element.
    pub json_ld: Option<String>,
    /// Sections in the header: (name, href).
    pub nav: Vec<(String, String)>,
    /// The urgent strip under the header.
    pub urgent: Vec<UrgentLine>,
    /// Static pages in the footer: (title, href).
    pub footer: Vec<(String, String)>,
    pub assets: AssetUrls,
}

/// A line of the urgent strip as pages show it.
pub struct UrgentLine {
    pub text: String,
    pub href: Option<String>,
}

impl Chrome {
    pub fn new(site: &SiteSettings, language: Language, title: Option<&str>) -> Chrome {
        let name = site.name_in(language);
        let home = site.front_path(language);
        Chrome {
            t: language.texts(),
            prefix: edition::at(language, ""),
            search: format!("{home}search"),
            site_name: name.to_string(),
            title: match title {
                Some(t) => format!("{t} — {name}"),
                None => name.to_string(),
            },
            description: None,
            canonical: None,
            alternates: Vec::new(),
            print: false,
            meta: Vec::new(),
            feeds: vec![
                FeedLink {
                    kind: "application/rss+xml",
                    title: format!("{name} — RSS"),
                    href: format!("{home}feed.rss"),
                },
                FeedLink {
                    kind: "application/atom+xml",
                    title: format!("{name} — Atom"),
                    href: format!("{home}feed.atom"),
                },
            ],
            home,
            json_ld: None,
            nav: Vec::new(),
            urgent: Vec::new(),
            footer: Vec::new(),
            assets: assets::urls_in(language),
        }
    }

    /// With what every reader page shows from the store: the section menu and
    /// the urgent strip.
    pub async fn with_site(mut self, app: &App) -> Result<Chrome, StoreError> {
        self.add_site(app).await?;
        Ok(self)
    }

    pub async fn add_site(&mut self, app: &App) -> Result<(), StoreError> {
        let language = self.t.language();
        self.set_nav(language, &app.sections_in(language).await?);
        self.urgent = app
            .urgent_strip(language)
            .await?
            .into_iter()
            .map(|u| UrgentLine {
                href: u
                    .article
                    .map(|(id, slug)| article_href(language, id, &slug)),
                text: u.text,
            })
            .collect();
        self.footer = app
            .footer_pages(language)
            .await?
            .into_iter()
            .map(|(title, slug)| (title, static_page_href(language, &slug)))
            .collect();
        Ok(())
    }

    /// The section menu in the header.
    pub fn set_nav(&mut self, language: Language, sections: &[Section]) {
        self.nav = sections
            .iter()
            .map(|s| (s.name.clone(), section_href(language, &s.slug)))
            .collect();
    }
}

/// A section's page in an edition: `/ar/section/economy`.
pub fn section_href(language: Language, slug: &str) -> String {
    edition::at(
        language,
        &format!("/section/{}", percent_encode_segment(slug)),
    )
}

/// An author's page in an edition: `/ar/author/hala-ali`.
pub fn author_href(language: Language, slug: &str) -> String {
    edition::at(
        language,
        &format!("/author/{}", percent_encode_segment(slug)),
    )
}

pub struct Teaser {
    pub href: String,
    pub title: String,
    pub lead: String,
    pub section: String,
    pub section_href: String,
    pub date: String,
    pub date_iso: String,
    /// The featured image, shown as a thumbnail where the page has room.
    pub image: Option<nashir_core::Media>,
}

impl Teaser {
    pub fn new(site: &SiteSettings, s: &ArticleSummary) -> Teaser {
        let shown = s.published_at.unwrap_or(s.updated_at);
        Teaser {
            href: s.href(),
            title: s.title.clone(),
            lead: s.lead.clone(),
            section: s.section.name.clone(),
            section_href: section_href(s.language, &s.section.slug),
            date: site.date_in(s.language, shown),
            date_iso: shown.to_string(),
            image: s.image.clone(),
        }
    }

    pub fn list(site: &SiteSettings, items: &[ArticleSummary]) -> Vec<Teaser> {
        items.iter().map(|s| Teaser::new(site, s)).collect()
    }
}

pub struct SectionBlock {
    pub slug: String,
    pub name: String,
    pub items: Vec<Teaser>,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    pub lead: Option<Teaser>,
    pub latest: Vec<Teaser>,
    pub most_read: Vec<Teaser>,
    pub sections: Vec<SectionBlock>,
    pub more_href: Option<String>,
}

#[derive(Template)]
#[template(path = "list.html")]
pub struct ListPageView {
    pub chrome: Chrome,
    pub heading: String,
    pub about: Option<String>,
    /// An author's photo.
    pub photo: Option<nashir_core::Media>,
    /// (label, href, current)
    pub tabs: Vec<(String, String, bool)>,
    pub feed_href: Option<String>,
    pub items: Vec<Teaser>,
    pub newer_href: Option<String>,
    pub older_href: Option<String>,
}

#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage<'a> {
    pub chrome: Chrome,
    pub a: &'a Article,
    pub blocks: &'a [Block],
    pub images: &'a [nashir_core::Media],
    pub href: String,
    pub updated_iso: String,
    pub updated_date: String,
    pub absolute_url: String,
    pub share_links: Vec<ShareLink>,
    /// Corrections, oldest first: (ISO time, date as readers read it, note).
    pub corrections: Vec<(String, String, &'a str)>,
    /// Approved comments, oldest first, each with its replies.
    pub threads: Vec<CommentView>,
    pub comment_count: usize,
    /// Its live coverage, when it is (or was) a live blog: a page of entries.
    pub live: Option<crate::live::LiveBlog>,
    /// Related stories (اقرأ أيضاً), under the article and before its comments.
    pub related: Vec<Teaser>,
    /// The article in the other editions, for the switcher.
    pub translations: Vec<TranslationLink>,
    /// The schema.org object `chrome.json_ld` holds, for what is added to it
    /// once the page is made (the live coverage's updates).
    pub json: serde_json::Value,
}

/// The article in another edition: its language's code, the language named in
/// itself (English, فارسی), and the address.
pub struct TranslationLink {
    pub code: &'static str,
    pub name: String,
    pub href: String,
}

/// A share button: a plain link (no third-party script or request until it is
/// followed), named for screen readers, drawn with an inline icon.
pub struct ShareLink {
    /// "Share on WhatsApp": the accessible name.
    pub label: String,
    pub href: String,
    pub icon: &'static icons::Icon,
}

impl ShareLink {
    /// `key` is the catalog's label for the service (`share-whatsapp`).
    fn new(t: &'static Texts, key: &str, href: String, icon: &'static icons::Icon) -> ShareLink {
        ShareLink {
            label: t.get(key).into_owned(),
            href,
            icon,
        }
    }
}

/// Share icons, drawn for this site on a 24-unit grid (no icon font, no request).
pub mod icons {
    pub struct Icon {
        /// SVG path data.
        pub path: &'static str,
        /// Filled shapes, else 2-unit strokes.
        pub filled: bool,
    }

    pub const WHATSAPP: Icon = Icon {
        path: "M12 3a9 9 0 0 0-7.7 13.6L3 21l4.5-1.2A9 9 0 1 0 12 3zM9 8c.5 2.8 2.6 5.4 6 7l1.5-1.6-2-1-.9.8a6 6 0 0 1-2.4-2.4l.8-.9-1-2z",
        filled: false,
    };
    pub const TELEGRAM: Icon = Icon {
        path: "M21.5 3.5 2.5 11l6.2 2.2L19 6.5l-8.3 8.1v5.1l3.3-3.4 4.6 3.4z",
        filled: true,
    };
    pub const X: Icon = Icon {
        path: "M4 4h4.5L20 20h-4.5zM20 4l-6.5 7M4 20l6.5-7",
        filled: false,
    };
    pub const FACEBOOK: Icon = Icon {
        path: "M13.5 22v-8h2.8l.4-3.3h-3.2V8.7c0-.9.3-1.6 1.7-1.6h1.7V4.2A22 22 0 0 0 14.4 4c-2.5 0-4.2 1.5-4.2 4.3v2.4H7.4V14h2.8v8z",
        filled: true,
    };
    pub const MAIL: Icon = Icon {
        path: "M3 5h18v14H3zM3 6l9 7 9-7",
        filled: false,
    };
}

/// One approved comment as readers see it.
pub struct CommentView {
    pub id: i64,
    pub name: String,
    pub date: String,
    pub date_iso: String,
    /// Escaped plain text with line breaks and nofollow links.
    pub body_html: String,
    pub replies: Vec<CommentView>,
}

impl CommentView {
    pub fn new(
        site: &SiteSettings,
        language: Language,
        c: &nashir_app::comments::Comment,
    ) -> CommentView {
        CommentView {
            id: c.id,
            name: c.author_name.clone(),
            date: site.date_in(language, c.created_at),
            date_iso: c.created_at.to_string(),
            body_html: nashir_core::plain_text::to_html(&c.body),
            replies: Vec::new(),
        }
    }

    pub fn threads(
        site: &SiteSettings,
        language: Language,
        threads: &[nashir_app::comments::Thread],
    ) -> Vec<CommentView> {
        threads
            .iter()
            .map(|t| CommentView {
                replies: t
                    .replies
                    .iter()
                    .map(|r| CommentView::new(site, language, r))
                    .collect(),
                ..CommentView::new(site, language, &t.comment)
            })
            .collect()
    }
}

/// An absolute URL for a setting that may be a path on the site.
pub fn absolute(origin: &str, url: &str) -> String {
    if url.starts_with('/') {
        format!("{origin}{url}")
    } else {
        url.to_string()
    }
}

/// The site as schema.org's publisher: name, home, and logo (the `logo` setting,
/// else the site's icon).
pub fn publisher(site: &SiteSettings, language: Language, origin: &str) -> serde_json::Value {
    let logo = match &site.logo {
        Some(logo) => absolute(origin, logo),
        None => format!("{origin}{}", assets::url("favicon.svg")),
    };
    let mut organization = serde_json::json!({
        "@type": "Organization",
        "name": site.name_in(language),
        "url": format!("{origin}{}", site.front_path(language)),
        "logo": { "@type": "ImageObject", "url": logo },
    });
    if let Some(policy) = &site.corrections_policy {
        organization["correctionsPolicy"] = absolute(origin, policy).into();
    }
    organization
}

/// JSON inside `<script>`: `<` escaped so no text can close the element.
pub fn script_json(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

impl<'a> ArticlePage<'a> {
    /// `origin` is the site's public origin (`https://example.com`).
    pub fn new(
        site: &SiteSettings,
        language: Language,
        a: &'a Article,
        origin: &str,
        print: bool,
    ) -> Self {
        let href = a.href();
        let absolute_url = format!("{origin}{href}");
        let published = a.published_at.unwrap_or(a.updated_at).to_string();
        let mut chrome = Chrome::new(site, language, Some(&a.title));
        // What the newsroom wrote for search engines and shares, else the lead
        // and the headline.
        let description = Some(&a.publishing.meta_description)
            .filter(|d| !d.is_empty())
            .unwrap_or(&a.lead);
        let social_title = Some(&a.publishing.social_title)
            .filter(|t| !t.is_empty())
            .unwrap_or(&a.title);
        chrome.description = Some(description.clone());
        chrome.canonical = Some(absolute_url.clone());
        chrome.print = print;
        chrome.meta = vec![
            ("og:type".into(), "article".into()),
            ("og:title".into(), social_title.clone()),
            ("og:description".into(), description.clone()),
            ("og:url".into(), absolute_url.clone()),
            ("og:site_name".into(), site.name_in(language).into()),
            ("og:locale".into(), language.og_locale().into()),
            ("article:published_time".into(), published.clone()),
            ("article:modified_time".into(), a.updated_at.to_string()),
            ("article:section".into(), a.section.name.clone()),
            (
                "twitter:card".into(),
                if a.featured.is_some() || a.social_image.is_some() {
                    "summary_large_image"
                } else {
                    "summary"
                }
                .into(),
            ),
            ("twitter:title".into(), social_title.clone()),
            ("twitter:description".into(), description.clone()),
        ];
        let authors: Vec<serde_json::Value> = a
            .authors
            .iter()
            .map(|w| {
                serde_json::json!({
                    "@type": "Person",
                    "name": w.name,
                    "url": format!("{origin}{}", author_href(a.language, &w.slug)),
                })
            })
            .collect();
        let publisher = publisher(site, language, origin);
        // Shares show the image chosen for them, else the featured image, at its
        // largest stored width, else the site's social image; never the icon.
        // With none, no image is claimed. The page's own data names the featured
        // image.
        let largest = |m: &nashir_core::Media| {
            format!(
                "{origin}{}",
                m.url(m.widths.last().copied().unwrap_or(m.width))
            )
        };
        let site_image = || site.social_image.as_deref().map(|u| absolute(origin, u));
        let image = a.featured.as_ref().map(largest).or_else(site_image);
        let shared = a.social_image.as_ref().or(a.featured.as_ref());
        if let Some(m) = shared {
            chrome.meta.push(("og:image:alt".into(), m.alt.clone()));
        }
        if let Some(url) = shared.map(largest).or_else(site_image) {
            chrome.meta.push(("og:image".into(), url.clone()));
            chrome.meta.push(("twitter:image".into(), url));
        }
        chrome
            .meta
            .push(("robots".into(), "max-image-preview:large".into()));
        let mut json = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "description": description,
            "inLanguage": a.language,
            "mainEntityOfPage": absolute_url,
            "datePublished": published,
            "dateModified": a.updated_at.to_string(),
            "articleSection": a.section.name,
            "author": if authors.is_empty() { vec![publisher.clone()] } else { authors },
            "publisher": publisher,
        });
        if let Some(url) = image {
            json["image"] = serde_json::json!([url]);
        }
        if !a.corrections.is_empty() {
            json["correction"] = a
                .corrections
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "@type": "CorrectionComment",
                        "text": c.note,
                        "datePublished": c.at.to_string(),
                    })
                })
                .collect();
        }
        if !a.tags.is_empty() {
            json["keywords"] =
                serde_json::json!(a.tags.iter().map(|t| &t.name).collect::<Vec<_>>());
        }
        chrome.json_ld = Some(script_json(&json));
        let url = percent_encode_segment(&absolute_url);
        let text = percent_encode_segment(&a.title);
        let t = chrome.t;
        let share_links = vec![
            ShareLink::new(
                t,
                "share-whatsapp",
                format!("https://wa.me/?text={text}%20{url}"),
                &icons::WHATSAPP,
            ),
            ShareLink::new(
                t,
                "share-telegram",
                format!("https://t.me/share/url?url={url}&text={text}"),
                &icons::TELEGRAM,
            ),
            ShareLink::new(
                t,
                "share-x",
                format!("https://x.com/intent/post?url={url}&text={text}"),
                &icons::X,
            ),
            ShareLink::new(
                t,
                "share-facebook",
                format!("https://www.facebook.com/sharer/sharer.php?u={url}"),
                &icons::FACEBOOK,
            ),
            ShareLink::new(
                t,
                "share-mail",
                format!("mailto:?subject={text}&body={url}"),
                &icons::MAIL,
            ),
        ];
        ArticlePage {
            chrome,
            a,
            blocks: &a.body,
            images: &a.images,
            href,
            updated_iso: a.updated_at.to_string(),
            updated_date: site.date_in(language, a.updated_at),
            absolute_url,
            share_links,
            corrections: corrections(site, a),
            threads: Vec::new(),
            comment_count: 0,
            live: None,
            related: Vec::new(),
            translations: Vec::new(),
            json,
        }
    }

    /// Links the page to its translations (`translations`, not itself): the
    /// switcher, `hreflang` alternates (the same set on every page of the
    /// group, with `x-default` the version in the earliest edition), and the
    /// JSON-LD's `translationOfWork` / `workTranslation`.
    pub fn link_translations(
        &mut self,
        site: &SiteSettings,
        origin: &str,
        translations: &[ArticleSummary],
    ) {
        if translations.is_empty() {
            return;
        }
        let a = self.a;
        let mut group: Vec<(Language, i64, String)> = translations
            .iter()
            .map(|s| (s.language, s.id.0, format!("{origin}{}", s.href())))
            .collect();
        group.push((a.language, a.id.0, self.absolute_url.clone()));
        let rank = |l: Language| site.editions.iter().position(|e| e.language == l);
        group.sort_by_key(|(language, _, _)| rank(*language));
        self.chrome.alternates = group
            .iter()
            .map(|(language, _, url)| (language.code().to_string(), url.clone()))
            .collect();
        self.chrome
            .alternates
            .push(("x-default".into(), group[0].2.clone()));
        self.translations = translations
            .iter()
            .map(|s| TranslationLink {
                code: s.language.code(),
                name: s.language.texts().get("language-name").into_owned(),
                href: s.href(),
            })
            .collect();
        let work = |(language, _, url): &(Language, i64, String)| serde_json::json!({ "@type": "NewsArticle", "@id": url, "url": url, "inLanguage": language });
        // The original is the article the group is named for.
        let original = a.translation_group;
        match group.iter().find(|(_, id, _)| Some(*id) == original) {
            Some(first) if first.1 != a.id.0 => self.json["translationOfWork"] = work(first),
            _ => {
                self.json["workTranslation"] = group
                    .iter()
                    .filter(|(_, id, _)| *id != a.id.0)
                    .map(work)
                    .collect();
            }
        }
        self.chrome.json_ld = Some(script_json(&self.json));
    }
}

/// An article body and its corrections, as HTML (feeds).
#[derive(Template)]
#[template(path = "feed_body.html")]
pub struct BodyHtml<'a> {
    /// The interface text its corrections are headed in.
    pub t: &'static Texts,
    pub blocks: &'a [Block],
    pub images: &'a [nashir_core::Media],
    pub corrections: Vec<(String, String, &'a str)>,
}

/// Corrections as the templates show them: (ISO time, date as readers read it, note).
pub fn corrections<'a>(site: &SiteSettings, a: &'a Article) -> Vec<(String, String, &'a str)> {
    a.corrections
        .iter()
        .map(|c| {
            (
                c.at.to_string(),
                site.date_in(a.language, c.at),
                c.note.as_str(),
            )
        })
        .collect()
}

/// Marked text as HTML: escaped as templates escape, marks as `<strong>`, `<em>` and
/// `<a>` (links off the site with `rel="external noopener"`), breaks as `<br>`. Text
/// without marks comes out exactly as `{{ text }}` would.
pub fn marked(text: &str, marks: &[Mark]) -> String {
    use askama::filters::{Escaper, Html};
    use std::fmt::Write;
    let marks = inline::normalize(text, marks);
    let mut out = String::with_capacity(text.len() + 16);
    for piece in inline::pieces(text, &marks) {
        // Writing to a String cannot fail.
        let _ = match piece {
            Piece::Text(t) => Html.write_escaped_str(&mut out, t),
            Piece::Break => out.write_str("<br>"),
            Piece::Open(m) => match &m.kind {
                MarkKind::Strong => out.write_str("<strong>"),
                MarkKind::Emphasis => out.write_str("<em>"),
                MarkKind::Link { href } => {
                    let _ = out.write_str("<a href=\"");
                    let _ = Html.write_escaped_str(&mut out, href);
                    out.write_str(if inline::is_external(href) {
                        "\" rel=\"external noopener\">"
                    } else {
                        "\">"
                    })
                }
            },
            Piece::Close(m) => out.write_str(match m.kind {
                MarkKind::Strong => "</strong>",
                MarkKind::Emphasis => "</em>",
                MarkKind::Link { .. } => "</a>",
            }),
        };
    }
    out
}

/// The image a body block shows, looked up among the article's images.
pub fn image<'a>(images: &'a [nashir_core::Media], id: &i64) -> Option<&'a nashir_core::Media> {
    images.iter().find(|m| m.id == *id)
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub chrome: Chrome,
    pub heading: String,
    pub text: String,
    pub back_href: String,
    pub back_label: String,
}

impl MessagePage {
    /// A heading and a sentence of the catalog of `language`, by their keys.
    pub fn new(site: &SiteSettings, language: Language, heading: &str, text: &str) -> MessagePage {
        let t = language.texts();
        let heading = t.get(heading);
        MessagePage {
            chrome: Chrome::new(site, language, Some(&heading)),
            heading: heading.into_owned(),
            text: t.get(text).into_owned(),
            back_href: site.front_path(language),
            back_label: t.get("back-home").into_owned(),
        }
    }

    pub fn for_status(site: &SiteSettings, language: Language, status: StatusCode) -> MessagePage {
        let (heading, text) = match status {
            StatusCode::NOT_FOUND => ("error-not-found", "error-not-found-text"),
            StatusCode::FORBIDDEN => ("error-forbidden", "error-forbidden-text"),
            StatusCode::CONFLICT => ("error-conflict", "error-conflict-text"),
            StatusCode::TOO_MANY_REQUESTS => ("error-too-many", "error-too-many-text"),
            StatusCode::METHOD_NOT_ALLOWED => ("error-method", "error-method-text"),
            StatusCode::PAYLOAD_TOO_LARGE => ("error-too-large", "error-too-large-text"),
            StatusCode::REQUEST_TIMEOUT => ("error-timeout", "error-timeout-text"),
            s if s.is_client_error() => ("error-bad-request", "error-bad-request-text"),
            _ => ("error-server", "error-server-text"),
        };
        MessagePage::new(site, language, heading, text)
    }
}
