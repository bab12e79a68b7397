//! Settings: defaults, then `<data>/nashir.toml`, then `NASHIR_*` variables, then flags.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use jiff::tz::TimeZone;
use std::collections::BTreeMap;

use nashir_app::mail::MailSettings;
use nashir_app::media::{LocalMedia, MediaFiles, ObjectMedia};
pub use nashir_app::secrets::without_password;
use nashir_app::{EditionSettings, SiteSettings};
use nashir_core::arabic_date::{Digits, MonthNames};
use nashir_core::language::Language;
use nashir_core::persian_date::PersianCalendar;
use nashir_store_sql::SqlStore;
use nashir_web::NodeLimits;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: String,
    site_name: String,
    /// The editions published, the default (served at `/`) first: `ar`, `en`, `fa`.
    editions: Vec<Language>,
    /// Another edition's site name and description: `[edition.en]`.
    edition: BTreeMap<String, EditionFile>,
    /// IANA zone in which dates are shown and schedules are read, e.g. `Asia/Baghdad`.
    time_zone: String,
    /// `egyptian`, `levantine`, `maghreb` or `moroccan`.
    month_names: MonthNames,
    /// `western` (2025) or `arabic-indic` (٢٠٢٥) digits in dates.
    digits: Digits,
    /// Show the Umm al-Qura Hijri date beside the Gregorian one.
    hijri: bool,
    /// The Persian edition's dates: `solar-hijri` (۱۹ دی ۱۴۰۳) or `gregorian`
    /// (۸ ژانویه ۲۰۲۵).
    persian_calendar: PersianCalendar,
    base_url: Option<String>,
    /// Largest image upload, in megabytes.
    media_max_mb: u32,
    /// Trust the last `X-Forwarded-For` address (set only behind your own proxy).
    behind_proxy: bool,
    /// The mail server, e.g. `smtp://127.0.0.1:25` or `smtps://user:pass@mail.example.com`.
    /// Without it, mail (send to a friend, comment notices) is off.
    smtp_url: Option<String>,
    /// The address mail comes from; `noreply@` the base URL's host when unset.
    mail_from: Option<String>,
    /// PostgreSQL instead of the SQLite file in the data folder:
    /// `postgres://user:password@host:5432/nashir`.
    database_url: Option<String>,
    /// Connections each process keeps to PostgreSQL.
    database_pool: u32,
    /// Where uploaded images go: none for `<data>/media`, or `s3://bucket[/prefix]`
    /// (endpoint and keys from the `AWS_*` variables).
    media_store: Option<String>,
    /// What the site is: the front page's meta description.
    site_description: String,
    /// The publisher's logo: an absolute URL or a path on the site.
    logo: Option<String>,
    /// The image shared with articles that have no featured image.
    social_image: Option<String>,
    /// The page that says how the site corrects its mistakes.
    corrections_policy: Option<String>,
    /// Webhooks may go to loopback and private addresses.
    webhooks_allow_private: bool,
    /// Connections open at once; more are closed as they arrive.
    max_connections: usize,
    /// Seconds a client has to send a request's head, and an idle keep-alive
    /// connection stays open.
    header_read_timeout_secs: u64,
    /// Megabytes of rendered pages kept in memory.
    page_cache_mb: u64,
    /// Megabytes of rendered pages kept on disk (`<data>/pages`) behind
    /// memory; 0: none.
    page_store_mb: u64,
}

/// `[edition.en]`: what an edition other than the default calls the site.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct EditionFile {
    site_name: Option<String>,
    site_description: Option<String>,
}

impl Default for FileConfig {
    fn default() -> Self {
        FileConfig {
            listen: "127.0.0.1:8080".into(),
            editions: vec![Language::Arabic],
            edition: BTreeMap::new(),
            site_name: SiteSettings::default().name,
            time_zone: "UTC".into(),
            month_names: MonthNames::Egyptian,
            digits: Digits::Western,
            hijri: false,
            persian_calendar: PersianCalendar::SolarHijri,
            base_url: None,
            media_max_mb: 20,
            behind_proxy: false,
            smtp_url: None,
            mail_from: None,
            database_url: None,
            database_pool: 16,
            media_store: None,
            site_description: SiteSettings::default().description,
            logo: None,
            social_image: None,
            corrections_policy: None,
            webhooks_allow_private: false,
            max_connections: NodeLimits::default().max_connections,
            header_read_timeout_secs: NodeLimits::default().header_read_timeout.as_secs(),
            page_cache_mb: NodeLimits::default().page_cache_bytes / (1024 * 1024),
            page_store_mb: 1024,
        }
    }
}

/// Everything a command needs to start, validated.
pub struct Config {
    pub data_dir: PathBuf,
    pub listen: SocketAddr,
    pub site: SiteSettings,
    /// The SMTP server's URL and how to send, when mail is on.
    pub mail: Option<(String, MailSettings)>,
    /// PostgreSQL's URL and pool size, or none for SQLite in the data folder.
    pub database: Option<(String, u32)>,
    /// An object store for media (`s3://…`), or none for the data folder.
    pub media_store: Option<String>,
    pub limits: NodeLimits,
    /// Webhooks may go to loopback and private addresses (tests, an intranet).
    pub webhooks_allow_private: bool,
}

/// Variables that name the data folder and logging, read elsewhere, not settings keys.
const NOT_SETTINGS: [&str; 2] = ["DATA", "LOG"];

/// Mail needs a public URL (links in mail must name this site, never a Host
/// header a stranger sent) and a from-address.
fn mail_settings(raw: &FileConfig) -> anyhow::Result<MailSettings> {
    let Some(base) = raw.base_url.as_deref() else {
        bail!("smtp_url is set but base_url is not: mail links need the site's public URL");
    };
    let from = match &raw.mail_from {
        Some(from) => from.clone(),
        None => {
            let host = base
                .split("://")
                .nth(1)
                .and_then(|rest| rest.split(['/', ':']).next())
                .unwrap_or("");
            format!("noreply@{host}")
        }
    };
    if nashir_core::email_address::parse(&from).is_none() {
        bail!("mail_from «{from}» is not an e-mail address (set mail_from)");
    }
    Ok(MailSettings::new(&from))
}

/// The editions setting, checked: one or more, none twice, a table only for
/// an edition other than the default one.
fn editions(raw: &FileConfig) -> anyhow::Result<Vec<EditionSettings>> {
    let Some(default) = raw.editions.first() else {
        bail!("editions must name at least one edition (ar, en or fa)");
    };
    let mut editions: Vec<EditionSettings> = Vec::new();
    for &language in &raw.editions {
        if editions.iter().any(|e| e.language == language) {
            bail!("editions names {language} twice");
        }
        let mut edition = EditionSettings::new(language);
        if language == *default {
            edition.name = raw.site_name.clone();
            edition.description = raw.site_description.clone();
        } else if let Some(named) = raw.edition.get(language.code()) {
            edition.name = named.site_name.clone().unwrap_or(edition.name);
            edition.description = named
                .site_description
                .clone()
                .unwrap_or(edition.description);
        }
        editions.push(edition);
    }
    for code in raw.edition.keys() {
        match Language::from_code(code) {
            Some(l) if l != *default && raw.editions.contains(&l) => {}
            _ => bail!(
                "[edition.{code}] names no other edition the site publishes \
                 (the default edition's name is site_name)"
            ),
        }
    }
    Ok(editions)
}

impl Config {
    pub fn load(data_dir: &Path, listen_flag: Option<&str>) -> anyhow::Result<Config> {
        let file = data_dir.join("nashir.toml");
        let mut figment = Figment::from(Serialized::defaults(FileConfig::default()));
        if file.exists() {
            figment = figment.merge(Toml::file_exact(&file));
        }
        figment = figment.merge(
            Env::prefixed("NASHIR_")
                .filter(|k| !NOT_SETTINGS.contains(&k.as_str().to_uppercase().as_str())),
        );
        if let Some(listen) = listen_flag {
            figment = figment.merge(Serialized::default("listen", listen));
        }
        let raw: FileConfig = figment
            .extract()
            .with_context(|| format!("reading settings ({})", file.display()))?;
        let listen: SocketAddr = raw
            .listen
            .parse()
            .with_context(|| format!("listen address «{}» is not host:port", raw.listen))?;
        let time_zone = TimeZone::get(&raw.time_zone)
            .with_context(|| format!("unknown time zone «{}»", raw.time_zone))?;
        if let Some(base) = &raw.base_url
            && !(base.starts_with("http://") || base.starts_with("https://"))
        {
            bail!("base_url «{base}» must start with http:// or https://");
        }
        for (key, value) in [
            ("logo", &raw.logo),
            ("social_image", &raw.social_image),
            ("corrections_policy", &raw.corrections_policy),
        ] {
            if let Some(url) = value
                && !(url.starts_with('/')
                    || url.starts_with("https://")
                    || url.starts_with("http://"))
            {
                bail!("{key} «{url}» must be a path on the site (/…) or an http(s):// URL");
            }
        }
        if let Some(url) = &raw.database_url
            && !(url.starts_with("postgres://") || url.starts_with("postgresql://"))
        {
            bail!(
                "database_url must start with postgres:// (without it, SQLite in the data folder)"
            );
        }
        let database = raw
            .database_url
            .clone()
            .map(|url| (url, raw.database_pool.clamp(1, 1000)));
        if let Some(store) = &raw.media_store
            && !store.starts_with("s3://")
        {
            bail!("media_store «{store}» must be s3://bucket[/prefix] (without it, <data>/media)");
        }
        let editions = editions(&raw)?;
        let mail = match &raw.smtp_url {
            None => None,
            Some(url) => Some((url.clone(), mail_settings(&raw)?)),
        };
        Ok(Config {
            data_dir: data_dir.to_path_buf(),
            listen,
            mail,
            database,
            media_store: raw.media_store.clone(),
            webhooks_allow_private: raw.webhooks_allow_private,
            limits: NodeLimits {
                header_read_timeout: std::time::Duration::from_secs(
                    raw.header_read_timeout_secs.clamp(1, 300),
                ),
                max_connections: raw.max_connections.clamp(1, 1_000_000),
                page_cache_bytes: raw.page_cache_mb.clamp(1, 64 * 1024) * 1024 * 1024,
                page_store: (raw.page_store_mb > 0).then(|| {
                    let bytes = raw.page_store_mb.min(1024 * 1024) * 1024 * 1024;
                    (data_dir.join("pages"), bytes)
                }),
            },
            site: SiteSettings {
                name: raw.site_name,
                time_zone,
                month_names: raw.month_names,
                digits: raw.digits,
                hijri: raw.hijri,
                persian_calendar: raw.persian_calendar,
                base_url: raw.base_url,
                media_max_bytes: raw.media_max_mb.clamp(1, 512) as usize * 1024 * 1024,
                behind_proxy: raw.behind_proxy,
                description: raw.site_description,
                logo: raw.logo,
                social_image: raw.social_image,
                corrections_policy: raw.corrections_policy,
                editions,
            },
        })
    }

    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("nashir.db")
    }

    /// Opens the site's database: PostgreSQL when `database_url` is set, else the
    /// SQLite file in the data folder (created if missing).
    pub async fn open_store(&self) -> anyhow::Result<SqlStore> {
        match &self.database {
            Some((url, pool)) => SqlStore::connect(url, *pool)
                .await
                .with_context(|| format!("connecting to {}", without_password(url))),
            None => SqlStore::open(&self.database_path())
                .await
                .with_context(|| format!("opening {}", self.database_path().display())),
        }
    }

    /// Whether the site has a database yet (PostgreSQL: assumed).
    pub fn has_database(&self) -> bool {
        self.database.is_some() || self.database_path().exists()
    }

    /// Where uploaded images live: the object store if one is set, else
    /// `<data>/media`.
    pub fn media_files(&self) -> anyhow::Result<std::sync::Arc<dyn MediaFiles>> {
        Ok(match &self.media_store {
            Some(url) => {
                std::sync::Arc::new(ObjectMedia::from_url(url).map_err(anyhow::Error::msg)?)
            }
            None => std::sync::Arc::new(LocalMedia {
                root: self.media_dir(),
            }),
        })
    }

    pub fn media_dir(&self) -> PathBuf {
        self.data_dir.join("media")
    }

    pub fn search_dir(&self) -> PathBuf {
        self.data_dir.join("search")
    }

    /// Creates the data folder and its parts if missing.
    pub fn prepare_data_dir(&self) -> anyhow::Result<()> {
        for dir in [
            self.data_dir.clone(),
            self.data_dir.join("search"),
            self.data_dir.join("media"),
        ] {
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        Ok(())
    }
}
