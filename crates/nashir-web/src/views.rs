//! Template structs: what each page shows, already formatted.

use askama::Template;
use axum::http::StatusCode;
use nashir_app::SiteSettings;
use nashir_core::arabic_date::LAST_UPDATED_LABEL;
use nashir_core::slug::article_href;
use nashir_core::{Article, ArticleSummary, Block};

/// What every page's frame needs.
pub struct Chrome {
    pub site_name: String,
    pub title: String,
    pub description: Option<String>,
    pub canonical: Option<String>,
    pub print: bool,
}

impl Chrome {
    pub fn new(site: &SiteSettings, title: Option<&str>) -> Chrome {
        Chrome {
            site_name: site.name.clone(),
            title: match title {
                Some(t) => format!("{t} — {}", site.name),
                None => site.name.clone(),
            },
            description: None,
            canonical: None,
            print: false,
        }
    }
}

pub struct Teaser {
    pub href: String,
    pub title: String,
    pub lead: String,
    pub section: String,
    pub date: String,
    pub date_iso: String,
}

impl Teaser {
    pub fn new(site: &SiteSettings, s: &ArticleSummary) -> Teaser {
        let shown = s.published_at.unwrap_or(s.updated_at);
        Teaser {
            href: article_href(s.id, &s.slug),
            title: s.title.clone(),
            lead: s.lead.clone(),
            section: s.section.name.clone(),
            date: site.date(shown),
            date_iso: shown.to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    pub articles: Vec<Teaser>,
}

#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage<'a> {
    pub chrome: Chrome,
    pub a: &'a Article,
    pub href: String,
    pub updated_label: &'static str,
    pub updated_iso: String,
    pub updated_date: String,
    pub absolute_url: String,
}

impl<'a> ArticlePage<'a> {
    /// `origin` is the site's public origin (`https://example.com`).
    pub fn new(site: &SiteSettings, a: &'a Article, origin: &str, print: bool) -> Self {
        let href = article_href(a.id, &a.slug);
        let absolute_url = format!("{origin}{href}");
        let mut chrome = Chrome::new(site, Some(&a.title));
        chrome.description = Some(a.lead.clone());
        chrome.canonical = Some(absolute_url.clone());
        chrome.print = print;
        ArticlePage {
            chrome,
            a,
            href,
            updated_label: LAST_UPDATED_LABEL,
            updated_iso: a.updated_at.to_string(),
            updated_date: site.date(a.updated_at),
            absolute_url,
        }
    }
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
    pub fn new(site: &SiteSettings, heading: &str, text: &str) -> MessagePage {
        MessagePage {
            chrome: Chrome::new(site, Some(heading)),
            heading: heading.into(),
            text: text.into(),
            back_href: "/".into(),
            back_label: "العودة إلى الصفحة الرئيسية".into(),
        }
    }

    pub fn for_status(site: &SiteSettings, status: StatusCode) -> MessagePage {
        let (heading, text) = match status {
            StatusCode::NOT_FOUND => (
                "الصفحة غير موجودة",
                "لم نعثر على الصفحة التي طلبتها. ربما حُذفت أو تغيّر عنوانها.",
            ),
            StatusCode::METHOD_NOT_ALLOWED => {
                ("طلب غير مسموح", "لا تقبل هذه الصفحة هذا النوع من الطلبات.")
            }
            StatusCode::PAYLOAD_TOO_LARGE => {
                ("الطلب كبير جداً", "حجم ما أرسلته يتجاوز الحد المسموح به.")
            }
            StatusCode::REQUEST_TIMEOUT => (
                "انتهت مهلة الطلب",
                "استغرق الطلب وقتاً أطول من المسموح. حاول مرة أخرى.",
            ),
            s if s.is_client_error() => (
                "طلب غير صالح",
                "تعذّر فهم الطلب. تحقق من العنوان وحاول مجدداً.",
            ),
            _ => (
                "حدث خطأ في الخادم",
                "نعتذر، حدث خطأ غير متوقع. حاول مرة أخرى بعد قليل.",
            ),
        };
        MessagePage::new(site, heading, text)
    }
}
