//! Redirects: the addresses of a site that moved to Nashir (a WordPress site's
//! `/2020/01/old-slug/`, `/?p=123`) answer 301 with the path that replaced them.
//! Readers' requests that would be 404 (and `/` with a query) are looked up; the
//! newsroom lists, adds and deletes them (editors: they run the site's
//! structure, as with sections and tags); an import writes them with its
//! articles (store-sql's `redirects::upsert`).
//!
//! An address is stored and looked up in one spelling ([`normalize_from`]):
//! percent-decoded (WordPress writes Arabic slugs percent-encoded, in either hex
//! case), no trailing slash, and a query's parameters sorted. A request finds the
//! redirect of its whole address, of its path with one of its parameters, or of
//! its path alone ([`redirect_keys`]): `/old-slug/?utm_source=x` finds
//! `/old-slug/`, `/?p=123&utm_source=x` finds `/?p=123`.

use nashir_core::ArticleId;
use nashir_core::permissions::Action;
use nashir_i18n::Message;

use crate::accounts::User;
use crate::app::App;
use crate::editor::EditError;
use crate::records::{Audit, Redirect, RedirectOrigin, redirect_keys};
use crate::store::StoreError;

/// Longest address accepted, in bytes (as typed, and once normalized).
pub const MAX_ADDRESS_BYTES: usize = 2000;
/// Most redirects one newsroom form adds.
pub const MAX_PER_FORM: usize = 50;
/// Redirects on a page of the newsroom's list.
pub const PAGE_SIZE: u32 = 50;
/// Longest audit line of an addition, in characters.
const MAX_AUDIT_CHARS: usize = 1000;

/// Paths Nashir answers itself, whatever the store holds: a redirect from one
/// would never be followed (it is looked up only where the site has no page).
/// Mirrors the router in `nashir-web`.
const SERVED: [&str; 11] = [
    "/ar/latest",
    "/ar/corrections",
    "/ar/most-read",
    "/feed.rss",
    "/feed.atom",
    "/sitemap.xml",
    "/robots.txt",
    "/favicon.ico",
    "/healthz",
    "/search",
    "/search/suggest",
];
/// Prefixes of the site's own machinery and pages (the newsroom, the API, its
/// assets and sitemaps, the archive).
const SERVED_UNDER: [&str; 5] = ["/admin/", "/api/", "/assets/", "/sitemaps/", "/ar/archive/"];

/// Why an address was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    /// Not a path that starts with one `/`.
    NotAPath,
    /// Percent-escapes that are not UTF-8.
    NotUtf8,
}

/// The value of a hex digit.
fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes `s` (either hex case; a `%` without two hex digits stays as
/// it is), `+` as a space in a query; `None` when the bytes are not UTF-8.
fn decode(s: &str, plus_is_space: bool) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// `s` with the characters that would change its meaning (`reserved`), and
/// spaces and control characters, percent-encoded again, so the one spelling
/// reads back the same.
fn escape(s: &str, reserved: &[char]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if reserved.contains(&c) || c.is_whitespace() || c.is_control() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

const IN_PATH: [char; 3] = ['%', '?', '#'];
const IN_QUERY: [char; 5] = ['%', '&', '=', '+', '#'];

/// The one spelling of a path with its query (see the module's text).
fn canonical(address: &str) -> Result<String, Problem> {
    let address = address.split('#').next().unwrap_or_default();
    let (path, query) = match address.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (address, None),
    };
    if !path.starts_with('/') || path.starts_with("//") {
        return Err(Problem::NotAPath);
    }
    let mut out = escape(&decode(path, false).ok_or(Problem::NotUtf8)?, &IN_PATH);
    while out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
    let mut pairs = Vec::new();
    for part in query.unwrap_or_default().split('&') {
        if part.is_empty() {
            continue;
        }
        let word = |s: &str| {
            decode(s, true)
                .map(|d| escape(&d, &IN_QUERY))
                .ok_or(Problem::NotUtf8)
        };
        pairs.push(match part.split_once('=') {
            Some((key, value)) => format!("{}={}", word(key)?, word(value)?),
            None => word(part)?,
        });
    }
    if !pairs.is_empty() {
        pairs.sort();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    Ok(out)
}

/// `https://old.example/a/?b#c` as `/a/?b#c`: the path and query of a full URL
/// (of any host: the old site's); anything else as it is.
fn without_origin(input: &str) -> Option<&str> {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &input[8..]
    } else if lower.starts_with("http://") {
        &input[7..]
    } else {
        return None;
    };
    Some(match rest.find(['/', '?', '#']) {
        Some(at) => &rest[at..],
        None => "",
    })
}

/// An old address as it is stored and looked up: a path starting with one `/`,
/// or a full URL of any host (its path and query are kept), percent-decoded to
/// UTF-8, without a trailing slash (but `/`), its query's parameters sorted.
/// The error is the newsroom's message.
pub fn normalize_from(input: &str) -> Result<String, Message> {
    let input = input.trim();
    let too_long = || Message::new("nr-redirect-from-long").with("max", MAX_ADDRESS_BYTES);
    if input.is_empty() {
        return Err("nr-redirect-from-required".into());
    }
    if input.len() > MAX_ADDRESS_BYTES {
        return Err(too_long());
    }
    let address = match without_origin(input) {
        Some(rest) if rest.starts_with('/') => rest.to_string(),
        Some(rest) => format!("/{rest}"),
        None => input.to_string(),
    };
    let key = canonical(&address).map_err(|p| {
        let key = match p {
            Problem::NotAPath => "nr-redirect-from-path",
            Problem::NotUtf8 => "nr-redirect-from-encoding",
        };
        Message::new(key).with("address", input.to_string())
    })?;
    if key.len() > MAX_ADDRESS_BYTES {
        return Err(too_long());
    }
    Ok(key)
}

/// A redirect's target as it is stored: a path on this site, spelled as
/// [`normalize_from`] spells addresses. A full URL is taken only when it is on
/// the site's own `base_url`: a redirect never sends readers elsewhere.
pub fn normalize_target(input: &str, base_url: Option<&str>) -> Result<String, Message> {
    let input = input.trim();
    let local = || Message::new("nr-redirect-to-local").with("address", input.to_string());
    let too_long = || Message::new("nr-redirect-to-long").with("max", MAX_ADDRESS_BYTES);
    if input.is_empty() {
        return Err("nr-redirect-to-required".into());
    }
    if input.len() > MAX_ADDRESS_BYTES {
        return Err(too_long());
    }
    let mut path = input;
    if let Some(rest) = without_origin(input) {
        let ours = base_url
            .and_then(host_of)
            .is_some_and(|ours| host_of(input).is_some_and(|h| h.eq_ignore_ascii_case(ours)));
        if !ours {
            return Err(local());
        }
        path = if rest.is_empty() { "/" } else { rest };
    }
    // Browsers read `\` as `/`: `/\evil.example` would leave the site.
    if !path.starts_with('/') || path.starts_with("//") || path.contains('\\') {
        return Err(local());
    }
    let to = canonical(path).map_err(|p| match p {
        Problem::NotAPath => local(),
        Problem::NotUtf8 => {
            Message::new("nr-redirect-to-encoding").with("address", input.to_string())
        }
    })?;
    if to.starts_with("//") || to.contains('\\') {
        return Err(local());
    }
    if to.len() > MAX_ADDRESS_BYTES {
        return Err(too_long());
    }
    Ok(to)
}

/// The host (and port) of a full URL such as `https://example.com/a`: either
/// scheme, as the same site may answer on both.
fn host_of(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then_some(host)
}

/// The `Location` of a stored target: ASCII, with everything a URI may not hold
/// percent-encoded. `None` for what is not a path on this site (a guard against
/// rows written around [`normalize_target`]).
pub fn location(to: &str) -> Option<String> {
    if !to.starts_with('/') || to.starts_with("//") || to.contains('\\') {
        return None;
    }
    let mut out = String::with_capacity(to.len() * 2);
    for &b in to.as_bytes() {
        if b <= b' ' || b >= 0x7f || b"\"<>^`{|}".contains(&b) {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(b as char);
        }
    }
    Some(out)
}

/// A page of the newsroom's list.
#[derive(Clone, Debug)]
pub struct RedirectPage {
    pub redirects: Vec<Redirect>,
    /// What the list is narrowed to (as stored: percent-decoded), or empty.
    pub search: String,
    /// Pages are numbered from 1.
    pub page: u32,
    pub has_more: bool,
}

impl App {
    /// Where a request for `path` (as it arrived, percent-encoded) with `query`
    /// has moved: the `Location` of its redirect, if it has one.
    pub async fn redirect_for(
        &self,
        path: &str,
        query: Option<&str>,
    ) -> Result<Option<String>, StoreError> {
        let query = query.filter(|q| !q.is_empty());
        if path.len() + query.map_or(0, |q| q.len() + 1) > MAX_ADDRESS_BYTES {
            return Ok(None);
        }
        let address = match query {
            Some(query) => format!("{path}?{query}"),
            None => path.to_string(),
        };
        let Ok(key) = canonical(&address) else {
            return Ok(None);
        };
        let Some(redirect) = self.store.find_redirect(&redirect_keys(&key)).await? else {
            return Ok(None);
        };
        let found = location(&redirect.to);
        if found.is_none() {
            tracing::warn!(from = %redirect.from, to = %redirect.to, "a redirect that leaves the site, not followed");
        }
        Ok(found)
    }

    /// Page `page` (from 1) of the redirects, newest first (editors).
    /// A page of the newsroom's list, narrowed to the redirects whose old or
    /// new address contains `search` (typed as readers see addresses: it is
    /// percent-decoded, as addresses are stored).
    pub async fn redirects_page(
        &self,
        by: &User,
        page: u32,
        search: &str,
    ) -> Result<RedirectPage, EditError> {
        by.require(Action::ManageSections)?;
        let page = page.max(1);
        let offset = u64::from(page - 1) * u64::from(PAGE_SIZE);
        let search: String = percent_encoding::percent_decode_str(search.trim())
            .decode_utf8_lossy()
            .chars()
            .take(MAX_ADDRESS_BYTES)
            .collect();
        let mut redirects = self.store.redirects(&search, offset, PAGE_SIZE + 1).await?;
        let has_more = redirects.len() > PAGE_SIZE as usize;
        redirects.truncate(PAGE_SIZE as usize);
        Ok(RedirectPage {
            redirects,
            search,
            page,
            has_more,
        })
    }

    /// Adds (or re-points) redirects, each (old address, new path), in one
    /// transaction with its audit entry (editors). Refused whole, with a message
    /// per problem: an address that is not a path on this site, one Nashir
    /// serves itself, a redirect to itself, or one that would make a chain.
    /// Empty rows are skipped. Returns how many were stored.
    pub async fn add_redirects(
        &self,
        by: &User,
        pairs: &[(String, String)],
    ) -> Result<usize, EditError> {
        by.require(Action::ManageSections)?;
        let pairs: Vec<&(String, String)> = pairs
            .iter()
            .filter(|(from, to)| !(from.trim().is_empty() && to.trim().is_empty()))
            .collect();
        if pairs.is_empty() {
            return Err(EditError::Invalid(vec!["nr-redirect-pair".into()]));
        }
        if pairs.len() > MAX_PER_FORM {
            return Err(EditError::Invalid(vec![
                Message::new("nr-redirect-many").with("max", MAX_PER_FORM),
            ]));
        }
        let many = pairs.len() > 1;
        let label = |n: usize, message: Message| {
            if many {
                Message::new("nr-redirect-numbered")
                    .with("n", n + 1)
                    .with("problem", message)
            } else {
                message
            }
        };
        let now = self.clock.now();
        let base_url = self.site.base_url.as_deref();
        let mut problems = Vec::new();
        let mut redirects: Vec<(usize, Redirect)> = Vec::new();
        for (n, (from, to)) in pairs.iter().enumerate() {
            let (from, to) = match (normalize_from(from), normalize_target(to, base_url)) {
                (Ok(from), Ok(to)) => (from, to),
                (from, to) => {
                    problems.extend(from.err().into_iter().map(|m| label(n, m)));
                    problems.extend(to.err().into_iter().map(|m| label(n, m)));
                    continue;
                }
            };
            if redirect_keys(&to).contains(&from) {
                problems.push(label(
                    n,
                    Message::new("nr-redirect-self").with("address", from),
                ));
                continue;
            }
            if let Some(why) = self.served(&from, now).await? {
                problems.push(label(n, why));
                continue;
            }
            if redirects.iter().any(|(_, r)| r.from == from) {
                problems.push(label(
                    n,
                    Message::new("nr-redirect-twice").with("address", from),
                ));
                continue;
            }
            redirects.push((
                n,
                Redirect {
                    from,
                    to,
                    origin: RedirectOrigin::Newsroom,
                    created_at: now,
                },
            ));
        }
        for (n, r) in &redirects {
            if let Some(why) = self.chain(r, &redirects).await? {
                problems.push(label(*n, why));
            }
        }
        if !problems.is_empty() {
            return Err(EditError::Invalid(problems));
        }
        let redirects: Vec<Redirect> = redirects.into_iter().map(|(_, r)| r).collect();
        let mut target: String = redirects
            .iter()
            .map(|r| format!("{} → {}", r.from, r.to))
            .collect::<Vec<_>>()
            .join("\u{60C} ");
        if target.chars().count() > MAX_AUDIT_CHARS {
            target = target.chars().take(MAX_AUDIT_CHARS).collect::<String>() + "…";
        }
        let audit = Audit {
            by: Some(by.id),
            action: "redirect-add".into(),
            target,
        };
        match self.store.put_redirects(&redirects, &audit, now).await {
            Ok(()) => Ok(redirects.len()),
            // Another editor's redirect made a chain of this one meanwhile.
            Err(StoreError::Conflict(detail)) => {
                tracing::info!(%detail, "redirects refused");
                Err(EditError::Invalid(vec!["nr-redirect-changed".into()]))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Deletes the redirect from `from` (as stored, or as typed) (editors).
    pub async fn delete_redirect(&self, by: &User, from: &str) -> Result<(), EditError> {
        by.require(Action::ManageSections)?;
        let from = normalize_from(from).map_err(|_| EditError::NotFound)?;
        let audit = Audit {
            by: Some(by.id),
            action: "redirect-delete".into(),
            target: from.clone(),
        };
        if !self
            .store
            .delete_redirect(&from, &audit, self.clock.now())
            .await?
        {
            return Err(EditError::NotFound);
        }
        Ok(())
    }

    /// Why Nashir answers the old address `from` itself (so a redirect from it
    /// would never be followed), if it does.
    async fn served(
        &self,
        from: &str,
        now: jiff::Timestamp,
    ) -> Result<Option<Message>, StoreError> {
        let (path, query) = match from.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (from, None),
        };
        if path == "/" {
            return Ok(query.is_none().then(|| Message::new("nr-redirect-home")));
        }
        let own = || Some(Message::new("nr-redirect-served").with("address", path.to_string()));
        let segments: Vec<&str> = path.split('/').skip(1).collect();
        let exists = match segments.as_slice() {
            ["ar", "news", id, ..] => match id.parse::<i64>() {
                Ok(id) => self
                    .store
                    .article(ArticleId(id))
                    .await?
                    .is_some_and(|a| a.is_public(now)),
                Err(_) => false,
            },
            ["ar", "section", slug, ..] => self.store.section_by_slug(slug).await?.is_some(),
            ["ar", "tag", slug, ..] => self.store.tag_by_slug(slug).await?.is_some(),
            ["ar", "author", slug, ..] => self.store.author_by_slug(slug).await?.is_some(),
            _ => {
                let fixed = SERVED.contains(&path)
                    || path == "/admin"
                    || SERVED_UNDER.iter().any(|p| path.starts_with(p));
                return Ok(fixed.then(own).flatten());
            }
        };
        Ok(exists.then(own).flatten())
    }

    /// Why `r` would make a chain, with the other redirects of its form: its
    /// target is answered by a redirect, or its address is the target of one.
    async fn chain(
        &self,
        r: &Redirect,
        form: &[(usize, Redirect)],
    ) -> Result<Option<Message>, StoreError> {
        let keys = redirect_keys(&r.to);
        let next = match form.iter().find(|(_, o)| keys.contains(&o.from)) {
            Some((_, o)) => Some(o.clone()),
            None => self.store.find_redirect(&keys).await?,
        };
        if let Some(next) = next {
            return Ok(Some(
                Message::new("nr-redirect-chain-to")
                    .with("address", r.to.clone())
                    .with("target", next.to),
            ));
        }
        let path = r.from.split('?').next().unwrap_or_default();
        for before in self.store.redirects_into(path, 50).await? {
            // The form may give that redirect a new target.
            let to = form
                .iter()
                .find(|(_, o)| o.from == before.from)
                .map_or(before.to.as_str(), |(_, o)| o.to.as_str());
            if redirect_keys(to).contains(&r.from) {
                return Ok(Some(
                    Message::new("nr-redirect-chain-from")
                        .with("address", r.from.clone())
                        .with("source", before.from),
                ));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(s: &str) -> String {
        normalize_from(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn arabic_slugs_read_the_same_in_either_hex_case_and_spelling() {
        let plain = "/2020/01/الاقتصاد-المصري";
        let upper = "/2020/01/%D8%A7%D9%84%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF-%D8%A7%D9%84%D9%85%D8%B5%D8%B1%D9%8A/";
        let lower = upper.to_lowercase();
        assert_eq!(from(upper), plain);
        assert_eq!(from(&lower), plain);
        assert_eq!(from(plain), plain);
        assert_eq!(from(&format!("{plain}/")), plain);
    }

    #[test]
    fn a_trailing_slash_is_ignored_but_the_root_stays() {
        assert_eq!(from("/old-slug/"), "/old-slug");
        assert_eq!(from("/old-slug//"), "/old-slug");
        assert_eq!(from("/"), "/");
        assert_eq!(from("/?p=123"), "/?p=123");
        assert_eq!(from("/index.php?p=123"), "/index.php?p=123");
    }

    #[test]
    fn a_query_is_kept_with_its_parameters_sorted_and_decoded() {
        assert_eq!(from("/?page_id=7&lang=ar"), "/?lang=ar&page_id=7");
        assert_eq!(from("/?lang=ar&page_id=7"), "/?lang=ar&page_id=7");
        assert_eq!(
            from("/?s=%D9%85%D8%B5%D8%B1+%D8%A7%D9%84%D9%8A%D9%88%D9%85"),
            "/?s=مصر%20اليوم"
        );
        assert_eq!(from("/?a=1%262"), "/?a=1%262", "an escaped & stays escaped");
        assert_eq!(from("/?&&p=1&"), "/?p=1");
        assert_eq!(from("/old/?"), "/old");
        assert_eq!(from("/old/#comments"), "/old");
    }

    #[test]
    fn a_full_url_of_any_host_gives_its_path_and_query() {
        assert_eq!(
            from("https://old.example.com/2020/01/x/?p=5#c"),
            "/2020/01/x?p=5"
        );
        assert_eq!(from("HTTP://old.example.com"), "/");
        assert_eq!(from("http://old.example.com?p=5"), "/?p=5");
    }

    #[test]
    fn what_is_not_a_path_is_refused_in_arabic() {
        fn arabic(m: Message) -> String {
            nashir_i18n::Texts::of(nashir_i18n::Language::Arabic)
                .message(&m)
                .into_owned()
        }
        for bad in [
            "",
            "  ",
            "old-slug",
            "//evil.example/x",
            "ftp://x/y",
            "/%FF%FE",
        ] {
            let e = arabic(normalize_from(bad).unwrap_err());
            assert!(e.contains("الرابط القديم"), "{bad}: {e}");
        }
        let long = format!("/{}", "a".repeat(MAX_ADDRESS_BYTES));
        assert!(arabic(normalize_from(&long).unwrap_err()).contains("أطول"));
    }

    #[test]
    fn the_spelling_reads_back_the_same() {
        for s in [
            "/a%25b/%3Fc%23d",
            "/?q=%26%3D%2B",
            "/ar/news/5/سلام عليكم",
            "/x%0Ay",
            "/100%",
            "/?k",
        ] {
            let once = from(s);
            assert_eq!(from(&once), once, "{s}");
        }
        assert_eq!(from("/100%"), "/100%25");
        assert_eq!(from("/a%2fb"), "/a/b");
    }

    #[test]
    fn targets_stay_on_the_site() {
        fn arabic(m: Message) -> String {
            nashir_i18n::Texts::of(nashir_i18n::Language::Arabic)
                .message(&m)
                .into_owned()
        }
        let t = |s: &str| normalize_target(s, Some("https://news.example"));
        assert_eq!(t("/ar/news/5/سلام").unwrap(), "/ar/news/5/سلام");
        assert_eq!(t("/ar/section/economy/").unwrap(), "/ar/section/economy");
        assert_eq!(t("https://NEWS.example/ar/latest").unwrap(), "/ar/latest");
        assert_eq!(t("https://news.example").unwrap(), "/");
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/%5Cevil.example",
            "/%2F/evil.example",
            "https://evil.example/ar",
            "https://news.example.evil.example/ar",
            "javascript:alert(1)",
            "ar/news/5",
            "",
        ] {
            let e = arabic(t(bad).unwrap_err());
            assert!(e.contains("الرابط الجديد"), "{bad}: {e}");
        }
        assert!(normalize_target("https://news.example/x", None).is_err());
    }

    #[test]
    fn locations_are_ascii() {
        assert_eq!(
            location("/ar/news/5/سلام?q=a%20b").unwrap(),
            "/ar/news/5/%D8%B3%D9%84%D8%A7%D9%85?q=a%20b"
        );
        assert_eq!(location("//evil.example"), None);
        assert_eq!(location("/\\evil.example"), None);
        assert_eq!(location("https://evil.example"), None);
    }

    #[test]
    fn keys_try_the_whole_query_each_parameter_then_the_path() {
        assert_eq!(redirect_keys("/old"), vec!["/old"]);
        assert_eq!(
            redirect_keys("/?p=12&utm_source=x"),
            vec!["/?p=12&utm_source=x", "/?p=12", "/?utm_source=x", "/"]
        );
        assert_eq!(redirect_keys("/?p=12"), vec!["/?p=12", "/"]);
    }
}
