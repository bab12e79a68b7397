//! `nashir import-wordpress FILE.xml [--media DIR] [--section-map FILE]`: a
//! WordPress export read twice, streamed (first what the site has: authors,
//! categories, attachments, its time zone; then its posts), posts imported in
//! batches, each atomically. Prints `<id>\t<new path>\t<old link>` per post,
//! `FILE:item N: error: …` per bad item, and a summary; exits 1 if any failed.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, bail};
use nashir_app::records::ImportItem;
use nashir_app::{App, SystemClock};
use nashir_wordpress::convert::{
    self, Catalog, Converted, Options, PageItem, Post, SectionPlan, is_section_slug,
};
use nashir_wordpress::html::{ImageRef, Piece};
use nashir_wordpress::wxr::{Entry, WxrReader};

use crate::config::Config;

/// Posts per transaction.
const BATCH: usize = 200;
/// The largest image file read from `--media`.
const MAX_IMAGE_BYTES: u64 = 40 * 1024 * 1024;

pub struct Args {
    pub file: PathBuf,
    pub media: Option<PathBuf>,
    pub section_map: Option<PathBuf>,
    pub default_section: String,
}

/// Counts for the summary.
#[derive(Default)]
struct Summary {
    /// (kind, outcome or status) → count.
    counts: BTreeMap<(String, String), u64>,
    comments: u64,
    shortcodes: usize,
    images: u64,
    failed: u64,
    warnings: Vec<String>,
}

impl Summary {
    fn count(&mut self, kind: &str, what: &str) {
        *self.counts.entry((kind.into(), what.into())).or_default() += 1;
    }
}

pub async fn run(config: Config, args: Args) -> anyhow::Result<ExitCode> {
    let name = args.file.display().to_string();
    let mut options = Options {
        default_section: args.default_section.clone(),
        section_map: HashMap::new(),
    };
    if let Some(map) = &args.section_map {
        options.section_map = read_section_map(map)?;
    }
    let mut catalog = Catalog::default();
    let mut site_url = String::new();
    for_each_entry(&args.file, |entry, channel_url| {
        if site_url.is_empty() {
            site_url = channel_url.to_string();
        }
        catalog.learn(&entry, channel_url);
    })
    .with_context(|| name.clone())?;
    let (plans, mut warnings) = convert::sections(&catalog, &options);
    warnings.extend(zone_warning(&catalog, &config.site.time_zone));

    config.prepare_data_dir()?;
    let store = config.open_store().await?;
    let media = config.media_files()?;
    let app =
        App::new(Arc::new(store.clone()), Arc::new(SystemClock), config.site).with_media(media);
    let mut summary = Summary::default();
    summary.warnings.append(&mut warnings);
    ensure_sections(&app, &plans, &options.default_section).await?;

    let mut batch: Vec<(usize, Post)> = Vec::new();
    let mut pending: Vec<(usize, Post)> = Vec::new();
    let mut problems: Vec<(usize, String)> = Vec::new();
    let mut pages: Vec<(usize, PageItem)> = Vec::new();
    let importer = Importer {
        app: &app,
        media: args.media.as_deref(),
        site: &catalog.site,
        name: &name,
    };
    // The entries are read on this thread (the file is streamed), posts sent
    // to the store a batch at a time.
    let mut reader = WxrReader::new(BufReader::new(
        File::open(&args.file).with_context(|| name.clone())?,
    ));
    loop {
        let entry = match reader.next_entry() {
            Ok(Some(entry)) => entry,
            Ok(None) => break,
            Err(e) => bail!("{name}: {e}"),
        };
        match entry {
            Entry::Item(item) => match convert::convert_item(&item, &catalog, &plans, &options) {
                Ok(Converted::Post(post)) => pending.push((item.index, *post)),
                Ok(Converted::Page(page)) => pages.push((item.index, *page)),
                Ok(Converted::Skipped { kind, status }) => {
                    summary.count(&kind, &format!("skipped ({status})"))
                }
                Err(e) => problems.push((item.index, e)),
            },
            Entry::BadItem { index, message } => problems.push((index, message)),
            _ => {}
        }
        for (index, message) in problems.drain(..) {
            eprintln!("{name}:item {index}: error: {message}");
            summary.failed += 1;
        }
        if pending.len() >= BATCH {
            batch.append(&mut pending);
            importer.import(&mut batch, &mut summary).await?;
        }
    }
    batch.append(&mut pending);
    importer.import(&mut batch, &mut summary).await?;
    importer.import_pages(pages, &mut summary).await?;

    // The old category, tag and author pages (tags only where posts made them).
    let tags: Vec<String> = app.tags().await?.into_iter().map(|t| t.slug).collect();
    let pairs: Vec<(String, String)> = convert::term_addresses(&catalog, &plans)
        .into_iter()
        .filter(|(_, to)| {
            to.strip_prefix("/ar/tag/")
                .is_none_or(|slug| tags.iter().any(|t| t == slug))
        })
        .collect();
    for problem in app.import_redirects(&pairs).await? {
        summary
            .warnings
            .push(format!("redirect not kept: {problem}"));
    }
    store.close().await;
    print_summary(&name, &summary);
    Ok(if summary.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads every entry of the file, with the channel's address as known then.
fn for_each_entry(file: &Path, mut each: impl FnMut(Entry, &str)) -> anyhow::Result<()> {
    let mut reader = WxrReader::new(BufReader::new(File::open(file)?));
    while let Some(entry) = reader.next_entry()? {
        let channel = reader.channel();
        let url = if channel.base_blog_url.is_empty() {
            channel.link.clone()
        } else {
            channel.base_blog_url.clone()
        };
        each(entry, &url);
    }
    Ok(())
}

/// `--section-map`: lines of `category section-slug` (the category by its slug,
/// as WordPress shows it, or percent-encoded); `#` starts a comment.
fn read_section_map(path: &Path) -> anyhow::Result<HashMap<String, String>> {
    let file = File::open(path).with_context(|| path.display().to_string())?;
    let mut map = HashMap::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| path.display().to_string())?;
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(category), Some(section), None) = (words.next(), words.next(), words.next())
        else {
            bail!(
                "{}:{}: expected «category section-slug»",
                path.display(),
                n + 1
            );
        };
        if !is_section_slug(section) {
            bail!(
                "{}:{}: section slug «{section}» must be lowercase Latin letters, digits or dashes",
                path.display(),
                n + 1
            );
        }
        map.insert(convert::decode(category), section.to_string());
    }
    Ok(map)
}

/// Creates the sections the categories become; an existing one keeps its name.
async fn ensure_sections(app: &App, plans: &[SectionPlan], default: &str) -> anyhow::Result<()> {
    let existing: Vec<String> = app.sections().await?.into_iter().map(|s| s.slug).collect();
    for plan in plans {
        if !existing.contains(&plan.slug) {
            app.console_save_section(&plan.slug, &plan.name).await?;
        }
    }
    if !existing.iter().any(|s| s == default) && !plans.iter().any(|p| p.slug == default) {
        bail!("the default section «{default}» does not exist (create it with `nashir section`)");
    }
    Ok(())
}

struct Importer<'a> {
    app: &'a App,
    media: Option<&'a Path>,
    site: &'a str,
    name: &'a str,
}

impl Importer<'_> {
    /// Finds the images of `batch`, imports it, prints a line per post.
    async fn import(
        &self,
        batch: &mut Vec<(usize, Post)>,
        summary: &mut Summary,
    ) -> anyhow::Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut items: Vec<ImportItem> = Vec::with_capacity(batch.len());
        for (_, post) in batch.iter_mut() {
            let images: Vec<ImageRef> = post
                .featured
                .iter()
                .chain(body_images(&post.pieces))
                .cloned()
                .collect();
            let title = &post.item.article.title;
            let found = self
                .place_images(&images, title, &mut post.warnings, summary)
                .await?;
            post.item.featured = post
                .featured
                .as_ref()
                .and_then(|f| found.get(&f.src).copied().flatten());
            post.item.article.body =
                convert::blocks(&post.pieces, |i| found.get(&i.src).copied().flatten());
            summary.shortcodes += post.shortcodes;
            items.push(post.item.clone());
        }
        let results = self.app.import_items(&items).await?;
        for ((index, post), result) in batch.drain(..).zip(results) {
            for warning in &post.warnings {
                summary
                    .warnings
                    .push(format!("{}:item {index}: {warning}", self.name));
            }
            match result {
                Ok(done) => {
                    let path = nashir_core::slug::article_path(
                        post.item.article.language,
                        done.id,
                        &post.item.article.slug(),
                    );
                    println!("{}\t{path}\t{}", done.id, post.link);
                    summary.count("post", done.outcome.as_str());
                    summary.count("post", post.item.article.status.as_str());
                    summary.comments += u64::from(done.new_comments);
                }
                Err(e) => {
                    eprintln!("{}:item {index}: error: {e}", self.name);
                    summary.failed += 1;
                }
            }
        }
        Ok(())
    }

    /// Imports the pages after the posts, a line per page. A slug another page
    /// has (WordPress nests pages of one name under different parents) is given
    /// a number by the store.
    async fn import_pages(
        &self,
        mut pages: Vec<(usize, PageItem)>,
        summary: &mut Summary,
    ) -> anyhow::Result<()> {
        let mut items = Vec::with_capacity(pages.len());
        for (_, page) in &mut pages {
            let images: Vec<ImageRef> = body_images(&page.pieces).cloned().collect();
            let title = &page.page.page.title;
            let found = self
                .place_images(&images, title, &mut page.warnings, summary)
                .await?;
            page.page.page.body =
                convert::blocks(&page.pieces, |i| found.get(&i.src).copied().flatten());
            items.push(page.page.clone());
        }
        let results = self.app.import_static_pages(&items).await?;
        for ((index, page), result) in pages.into_iter().zip(results) {
            for warning in &page.warnings {
                summary
                    .warnings
                    .push(format!("{}:item {index}: {warning}", self.name));
            }
            match result {
                Ok(done) => {
                    let path =
                        nashir_app::records::static_page_path(page.page.page.language, &done.slug);
                    println!("{}\t{path}\t{}", done.id, page.link);
                    summary.count("page", done.outcome.as_str());
                    if done.slug != page.page.page.slug {
                        summary.warnings.push(format!(
                            "{}:item {index}: another page has /ar/page/{}: this one is {path}",
                            self.name, page.page.page.slug
                        ));
                    }
                }
                Err(e) => {
                    eprintln!("{}:item {index}: error: {e}", self.name);
                    summary.failed += 1;
                }
            }
        }
        Ok(())
    }

    /// The media id each of `images` got (by its URL), each file stored once.
    async fn place_images(
        &self,
        images: &[ImageRef],
        title: &str,
        warnings: &mut Vec<String>,
        summary: &mut Summary,
    ) -> anyhow::Result<HashMap<String, Option<i64>>> {
        let mut found = HashMap::new();
        for image in images {
            if !found.contains_key(&image.src) {
                let id = self.image(image, title, warnings).await?;
                summary.images += u64::from(id.is_some());
                found.insert(image.src.clone(), id);
            }
        }
        Ok(found)
    }

    /// The media id of an image found under `--media`, stored once; `None` (with
    /// a warning naming it) when it is not there or cannot be read.
    async fn image(
        &self,
        image: &ImageRef,
        title: &str,
        warnings: &mut Vec<String>,
    ) -> anyhow::Result<Option<i64>> {
        let Some(root) = self.media else {
            warnings.push(format!("image dropped (no --media): {}", image.src));
            return Ok(None);
        };
        let Some((relative, path)) = find_upload(root, &image.src) else {
            warnings.push(format!("image dropped (not under --media): {}", image.src));
            return Ok(None);
        };
        let bytes = match read_image(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                warnings.push(format!("image dropped ({e}): {}", path.display()));
                return Ok(None);
            }
        };
        // WordPress images often have no alternative text: the caption, else the
        // headline, says what readers would otherwise miss.
        let alt = [image.alt.as_str(), image.caption.as_str(), title]
            .into_iter()
            .find(|a| !a.trim().is_empty())
            .unwrap_or(title);
        let key = format!("wordpress:{}:media:{relative}", self.site);
        match self.app.import_image(&key, bytes, alt).await {
            Ok(id) => Ok(Some(id)),
            Err(nashir_app::media::MediaError::Store(e)) => Err(e.into()),
            Err(e) => {
                warnings.push(format!("image dropped ({e}): {}", path.display()));
                Ok(None)
            }
        }
    }
}

/// A word when the WordPress site wrote its dates in another offset than this
/// site shows them in: the same moments, but a day apart near midnight.
fn zone_warning(catalog: &Catalog, zone: &jiff::tz::TimeZone) -> Option<String> {
    let theirs = catalog.offset?;
    let ours = zone.to_offset(jiff::Timestamp::now());
    (theirs.as_secs() != i64::from(ours.seconds())).then(|| {
        let hours = |secs: i64| secs as f64 / 3600.0;
        format!(
            "the WordPress site's dates were at UTC{:+}; this site shows them in {} (UTC{:+}): \
             set time_zone in nashir.toml (e.g. \"Asia/Riyadh\") to show the same days",
            hours(theirs.as_secs()),
            zone.iana_name().unwrap_or("UTC"),
            hours(i64::from(ours.seconds())),
        )
    })
}

/// The images a post's or page's body shows.
fn body_images(pieces: &[Piece]) -> impl Iterator<Item = &ImageRef> {
    pieces.iter().filter_map(|p| match p {
        Piece::Image(i) => Some(i),
        _ => None,
    })
}

fn read_image(path: &Path) -> std::io::Result<Vec<u8>> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_IMAGE_BYTES {
        return Err(std::io::Error::other(format!("{size} bytes")));
    }
    std::fs::read(path)
}

/// Where an uploaded file's URL is under `root` (a copy of `wp-content/uploads`):
/// the part of its path after `/uploads/` (or the whole path), percent-decoded;
/// the original when the URL names a resized copy (`photo-300x200.jpg`) and the
/// original is there. Never outside `root`.
fn find_upload(root: &Path, url: &str) -> Option<(String, PathBuf)> {
    let path = convert::local_address(url).unwrap_or_else(|| url.to_string());
    let path = path.split(['?', '#']).next().unwrap_or("");
    let relative = match path.find("/uploads/") {
        Some(at) => &path[at + "/uploads/".len()..],
        None => path.trim_start_matches('/'),
    };
    let relative = percent_encoding::percent_decode_str(relative)
        .decode_utf8()
        .ok()?
        .into_owned();
    let safe = Path::new(&relative)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if relative.is_empty() || !safe {
        return None;
    }
    let original = original_size(&relative);
    [original.as_deref(), Some(relative.as_str())]
        .into_iter()
        .flatten()
        .map(|r| (r.to_string(), root.join(r)))
        .find(|(_, p)| p.is_file())
}

/// `2025/01/photo-300x200.jpg` → `2025/01/photo.jpg`.
fn original_size(relative: &str) -> Option<String> {
    let (stem, ext) = relative.rsplit_once('.')?;
    let (base, size) = stem.rsplit_once('-')?;
    let (w, h) = size.split_once('x')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(w) && digits(h)).then(|| format!("{base}.{ext}"))
}

fn print_summary(name: &str, s: &Summary) {
    eprintln!("{name}: summary");
    for ((kind, what), n) in &s.counts {
        eprintln!("  {kind}\t{what}\t{n}");
    }
    eprintln!("  comments added\t{}", s.comments);
    eprintln!("  images placed\t{}", s.images);
    eprintln!("  shortcodes stripped\t{}", s.shortcodes);
    eprintln!("  items failed\t{}", s.failed);
    if !s.warnings.is_empty() {
        eprintln!("  warnings\t{}", s.warnings.len());
        for w in &s.warnings {
            eprintln!("  warning: {w}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_found_by_their_url_and_never_outside() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("2025/01")).unwrap();
        std::fs::write(dir.path().join("2025/01/صورة.jpg"), b"x").unwrap();
        std::fs::write(dir.path().join("2025/01/b-300x200.png"), b"x").unwrap();
        let found = |url: &str| find_upload(dir.path(), url).map(|(r, _)| r);
        assert_eq!(
            found(
                "https://example.org/wp-content/uploads/2025/01/%D8%B5%D9%88%D8%B1%D8%A9-1024x768.jpg"
            ),
            Some("2025/01/صورة.jpg".into())
        );
        assert_eq!(
            found("/wp-content/uploads/2025/01/b-300x200.png"),
            Some("2025/01/b-300x200.png".into())
        );
        assert_eq!(
            found("https://example.org/wp-content/uploads/../../etc/passwd"),
            None
        );
        assert_eq!(
            found("https://example.org/wp-content/uploads/2025/01/none.jpg"),
            None
        );
    }
}
