//! A real router over a real SQLite store in a temporary folder.

#![allow(dead_code)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use jiff::Timestamp;
use nashir_app::{App, FixedClock, SiteSettings};
use nashir_store_sql::SqlStore;
use tower::ServiceExt;

pub const REFERENCE: &[u8] = include_bytes!("../../../../demo/000_a879635638002103.txt");

pub struct Site {
    pub app: App,
    pub clock: Arc<FixedClock>,
    pub db: SqlStore,
    /// The store behind the app, for a test's setup and checks (the app keeps its own private).
    pub store: Arc<dyn nashir_app::Store>,
    /// One router for the site's life, as in a server: its page cache persists.
    router: axum::Router,
    _outbox_stop: Option<tokio::sync::watch::Sender<bool>>,
    _dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    pub raw: Vec<u8>,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// What a test site is built with besides its store and clock.
#[derive(Default)]
struct Build {
    settings: SiteSettings,
    search: bool,
    smtp_port: Option<u16>,
    media: Option<Arc<dyn nashir_app::media::MediaFiles>>,
    /// Pages kept on disk (in the site's folder) and almost no memory for them.
    page_store: bool,
}

pub async fn site_with(settings: SiteSettings) -> Site {
    build(Build {
        settings,
        ..Build::default()
    })
    .await
}

pub async fn site() -> Site {
    build(Build::default()).await
}

/// A site whose pages are kept on disk, with next to no memory for them: every
/// page read again comes from disk.
pub async fn site_with_page_store() -> Site {
    build(Build {
        page_store: true,
        ..Build::default()
    })
    .await
}

/// A site publishing the Arabic (default), English and Persian editions, with
/// a search index when `search`.
pub async fn site_with_editions(search: bool) -> Site {
    let editions = nashir_i18n::Language::ALL
        .map(nashir_app::EditionSettings::new)
        .to_vec();
    build(Build {
        settings: SiteSettings {
            editions,
            ..SiteSettings::default()
        },
        search,
        ..Build::default()
    })
    .await
}

/// A site with a real search index in its temporary folder, kept current by its task.
pub async fn site_with_search() -> Site {
    build(Build {
        search: true,
        ..Build::default()
    })
    .await
}

/// A site whose images live in `media` (an object store) instead of its folder.
pub async fn site_with_media(media: Arc<dyn nashir_app::media::MediaFiles>) -> Site {
    build(Build {
        media: Some(media),
        ..Build::default()
    })
    .await
}

/// The public URL of the sites that send mail.
pub const MAIL_SITE: &str = "https://news.example";

/// A site that sends mail through the SMTP server on `smtp_port`, its outbox
/// worker running; failed sends are retried 10 s (of the site's clock) later.
pub async fn site_with_mail(smtp_port: u16) -> Site {
    let settings = SiteSettings {
        base_url: Some(MAIL_SITE.into()),
        ..SiteSettings::default()
    };
    build(Build {
        settings,
        smtp_port: Some(smtp_port),
        ..Build::default()
    })
    .await
}

/// Mail settings for tests: quick retries.
pub fn test_mail_settings() -> nashir_app::mail::MailSettings {
    nashir_app::mail::MailSettings {
        retry_base: std::time::Duration::from_secs(10),
        ..nashir_app::mail::MailSettings::new("news@news.example")
    }
}

async fn build(options: Build) -> Site {
    let Build {
        settings,
        search: with_search,
        smtp_port,
        media,
        page_store,
    } = options;
    let dir = tempfile::tempdir().unwrap();
    let db = SqlStore::open_for_test(dir.path()).await.unwrap();
    let store: Arc<dyn nashir_app::Store> = Arc::new(db.clone());
    let clock = Arc::new(FixedClock::new("2026-01-01T00:00:00Z".parse().unwrap()));
    let media = media.unwrap_or_else(|| {
        Arc::new(nashir_app::media::LocalMedia {
            root: dir.path().join("media"),
        })
    });
    let mut app = App::new(store.clone(), clock.clone(), settings).with_media(media);
    if with_search {
        let (engine, opened) =
            nashir_search::SearchEngine::open(&dir.path().join("search")).unwrap();
        app = app.with_search(nashir_search::TantivySearch::start(
            engine,
            opened,
            store.clone(),
            clock.clone(),
        ));
    }
    let mut outbox_stop = None;
    if let Some(port) = smtp_port {
        app = app.with_mail(test_mail_settings());
        let smtp = nashir_app::mail::Smtp::from_url(&format!("smtp://127.0.0.1:{port}")).unwrap();
        let (stop, stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(nashir_app::mail::run_outbox(
            app.clone(),
            Arc::new(smtp),
            stopped,
        ));
        outbox_stop = Some(stop);
    }
    let mut limits = nashir_web::NodeLimits::default();
    if page_store {
        limits.page_cache_bytes = 1;
        limits.page_store = Some((dir.path().join("pages"), 64 * 1024 * 1024));
    }
    Site {
        router: nashir_web::router_with(app.clone(), &limits),
        app,
        clock,
        db,
        store,
        _outbox_stop: outbox_stop,
        _dir: dir,
    }
}

/// The articles of the search test collection, as (file stem, bytes).
pub fn collection() -> Vec<(String, Vec<u8>)> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/search/articles");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

impl Site {
    pub async fn import(&self, key: &str, text: &[u8]) -> nashir_app::Imported {
        self.app.import_reference(key, text, "news").await.unwrap()
    }

    /// Imports a file of the reference format as an edition writes it.
    pub async fn import_in(
        &self,
        language: nashir_i18n::Language,
        key: &str,
        text: &[u8],
    ) -> nashir_app::Imported {
        let prepared = self
            .app
            .prepare_import_in(&[(key.into(), text.to_vec())], "news", language);
        let mut done = self.app.store_import(prepared).await.unwrap();
        done.remove(0).unwrap()
    }

    pub fn set_now(&self, at: &str) {
        self.clock.set(at.parse::<Timestamp>().unwrap());
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.request(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    pub async fn request(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            raw: bytes.to_vec(),
        }
    }
}

/// The text a reader sees, in document order: head, scripts and styles dropped,
/// tags turned into spaces, the entities askama writes decoded, spaces collapsed.
pub fn visible_text(html: &str) -> String {
    let mut html = html.to_string();
    for (open, close) in [
        ("<head", "</head>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
    ] {
        while let Some(start) = html.find(open) {
            let Some(end) = html[start..].find(close) else {
                break;
            };
            html.replace_range(start..start + end + close.len(), " ");
        }
    }
    // Inline elements join their text to the neighbours'; every other tag separates.
    const INLINE: [&str; 8] = ["a", "time", "span", "strong", "em", "b", "i", "bdi"];
    let mut text = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !INLINE.contains(&name.to_ascii_lowercase().as_str()) {
            text.push(' ');
        }
        rest = &rest[lt + gt + 1..];
    }
    text.push_str(rest);
    let text = decode_entities(&text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the entities an HTML escaper writes: named `&lt; &gt; &quot; &amp;` and numeric.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// How the page cache found a page (its `x-cache` header).
pub fn how(reply: &Reply) -> &str {
    reply
        .headers
        .get(nashir_web::cache::X_CACHE)
        .map_or("none", |v| v.to_str().unwrap())
}

/// A short story in the reference format.
pub fn story(headline: &str, lead: &str) -> Vec<u8> {
    format!("التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025\n{headline}\n{lead}\nفقرة.\n").into_bytes()
}

/// A signed-in newsroom user: the session cookie and its CSRF token.
pub struct Editor {
    pub cookie: String,
    pub csrf: String,
}

/// Creates an account with `role` and signs it in.
pub async fn editor(site: &Site, role: nashir_core::permissions::Role) -> Editor {
    let email = format!("{}@news.example", role.as_str());
    site.app
        .add_user(&email, "محررة", role, Some("a-long-enough-password"))
        .await
        .unwrap();
    let (token, session) = site
        .app
        .sign_in(&email, "a-long-enough-password", "127.0.0.1")
        .await
        .unwrap();
    Editor {
        cookie: format!("nashir_session={token}"),
        csrf: session.csrf,
    }
}

/// `application/x-www-form-urlencoded` from pairs.
pub fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", nashir_core::slug::percent_encode_segment(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A form POST as `who`, with their CSRF token first.
pub async fn post_as(site: &Site, who: &Editor, path: &str, fields: &[(&str, &str)]) -> Reply {
    let mut all = vec![("csrf", who.csrf.as_str())];
    all.extend_from_slice(fields);
    site.request(
        Request::post(path)
            .header(header::COOKIE, &who.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&all)))
            .unwrap(),
    )
    .await
}

/// A GET as `who`.
pub async fn get_as(site: &Site, who: &Editor, path: &str) -> Reply {
    site.request(
        Request::get(path)
            .header(header::COOKIE, &who.cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// A reader's form page as the browser holds it: the ticket in the page and the
/// nonce cookie it set.
pub struct OpenForm {
    pub token: String,
    pub cookie: String,
}

impl Site {
    /// Opens a reader's form page (comment, send to a friend).
    pub async fn open_form(&self, uri: &str) -> OpenForm {
        let page = self.get(uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
        let token = page
            .body
            .split("name=\"token\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a token field")
            .to_string();
        let cookie = page
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("nashir_form="))
            .and_then(|v| v.split(';').next())
            .expect("a nashir_form cookie")
            .to_string();
        OpenForm { token, cookie }
    }

    /// Posts a reader's form from `peer` with its ticket and cookie, some seconds
    /// after it was opened (as a person would).
    pub async fn submit(
        &self,
        uri: &str,
        open: &OpenForm,
        fields: &[(&str, &str)],
        peer: &str,
    ) -> Reply {
        self.clock.advance(jiff::SignedDuration::from_secs(20));
        let mut all = vec![("token", open.token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(uri, Some(&open.cookie), form(&all).into_bytes(), peer)
            .await
    }

    /// A form POST with any body, cookie and peer address.
    pub async fn post_raw(
        &self,
        uri: &str,
        cookie: Option<&str>,
        body: Vec<u8>,
        peer: &str,
    ) -> Reply {
        let mut request =
            Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let mut request = request.body(Body::from(body)).unwrap();
        let addr: std::net::SocketAddr = format!("{peer}:40000").parse().unwrap();
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        self.request(request).await
    }
}

/// A real SMTP server (Python aiosmtpd, `tests/mail/smtp_sink.py`) on a loopback
/// port, writing what it receives to a folder.
pub struct SmtpSink {
    pub port: u16,
    pub dir: std::path::PathBuf,
    child: Option<std::process::Child>,
}

/// A message as the SMTP server received it, decoded as a mail client would.
#[derive(Debug, serde::Deserialize)]
pub struct Delivered {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    pub data: String,
    pub subject: String,
    pub headers: Vec<(String, String)>,
    pub text: Option<String>,
    pub html: Option<String>,
}

impl Delivered {
    pub fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl SmtpSink {
    pub fn start(port: u16, dir: &std::path::Path) -> SmtpSink {
        let mut sink = SmtpSink {
            port,
            dir: dir.to_path_buf(),
            child: None,
        };
        sink.restart();
        sink
    }

    /// Starts the server (again) on the same port and folder.
    pub fn restart(&mut self) {
        use std::io::BufRead;
        let script =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/mail/smtp_sink.py");
        // Debian's interpreter: the one python3-aiosmtpd is installed for.
        let python = ["/usr/bin/python3", "python3"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists() || !p.starts_with('/'))
            .unwrap();
        let mut child = std::process::Command::new(python)
            .arg(script)
            .arg(self.port.to_string())
            .arg(&self.dir)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (scripts/deps installs python3-aiosmtpd)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP server did not start");
        self.child = Some(child);
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn messages(&self) -> Vec<Delivered> {
        let mut files: Vec<_> = std::fs::read_dir(&self.dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "json"));
        files.sort_by_key(|p| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.parse::<u32>().ok())
        });
        files
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }

    /// Waits (up to 20 s) until `n` messages have arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Delivered> {
        for _ in 0..200 {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("{n} messages never arrived; got {}", self.messages().len());
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The id of the article an editor's save redirected to.
#[allow(dead_code)]
pub fn saved_id(reply: &Reply) -> i64 {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply
        .location()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}
