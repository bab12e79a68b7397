//! Demo content for `serve --demo`: the reference article and the Arabic search
//! collection, in sections, with a few tags and authors, so a fresh install looks
//! like the news site it will be.

mod pictures;

use image::ImageFormat;

use crate::app::{App, DEFAULT_SECTION, ImportFileError, Imported};
use crate::limits::Cancel;
use crate::media::{MediaError, Processed, process_picture};
use crate::store::Views;

const SECTIONS: [(&str, &str); 7] = [
    ("politics", "سياسة"),
    ("economy", "اقتصاد"),
    ("sport", "رياضة"),
    ("society", "مجتمع"),
    ("technology", "علوم وتقنية"),
    ("environment", "بيئة وطاقة"),
    ("culture", "ثقافة"),
];

macro_rules! collection {
    ($($name:literal => $section:literal),* $(,)?) => {
        [$((
            $name,
            $section,
            include_bytes!(concat!("../../../testdata/search/articles/", $name, ".txt")) as &[u8],
        )),*]
    };
}

/// (key, section, text)
const ARTICLES: [(&str, &str, &[u8]); 27] = {
    let reference: (&str, &str, &[u8]) = (
        "000_a879635638002103",
        DEFAULT_SECTION,
        include_bytes!("../../../demo/000_a879635638002103.txt"),
    );
    let c = collection! {
        "01-opec-output-cuts" => "economy",
        "02-gulf-budgets-oil" => "economy",
        "03-egypt-central-bank-rates" => "economy",
        "04-food-prices-report" => "economy",
        "05-ahly-african-champions" => "sport",
        "06-world-cup-2030-morocco" => "sport",
        "07-paris-2024-arab-medals" => "sport",
        "08-assiut-children-hospital" => "society",
        "09-gulf-diabetes-study" => "society",
        "10-uae-earth-satellite" => "technology",
        "11-regional-heatwave" => "environment",
        "12-dubai-record-rain" => "environment",
        "13-secondary-exams" => "society",
        "14-universities-ai-courses" => "technology",
        "15-chatgpt-arabic-dialects" => "technology",
        "16-saudi-digital-payments" => "economy",
        "17-noor-ouarzazate-solar" => "environment",
        "18-suez-green-hydrogen" => "environment",
        "19-cairo-book-fair" => "culture",
        "20-red-sea-film-festival" => "culture",
        "21-algeria-presidential-election" => "politics",
        "22-manama-arab-summit" => "politics",
        "23-egypt-tourism-record" => "economy",
        "24-nile-irrigation-water" => "environment",
        "25-egypt-high-speed-rail" => "economy",
        "26-saudi-league-transfers" => "sport",
    };
    [
        reference, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12],
        c[13], c[14], c[15], c[16], c[17], c[18], c[19], c[20], c[21], c[22], c[23], c[24], c[25],
    ]
};

/// (slug, name, article keys)
const TAGS: [(&str, &str, &[&str]); 4] = [
    (
        "oil",
        "النفط",
        &["01-opec-output-cuts", "02-gulf-budgets-oil"],
    ),
    (
        "football",
        "كرة القدم",
        &[
            "05-ahly-african-champions",
            "06-world-cup-2030-morocco",
            "26-saudi-league-transfers",
        ],
    ),
    (
        "ai",
        "الذكاء الاصطناعي",
        &[
            "14-universities-ai-courses",
            "15-chatgpt-arabic-dialects",
            "16-saudi-digital-payments",
        ],
    ),
    (
        "renewables",
        "الطاقة المتجددة",
        &["17-noor-ouarzazate-solar", "18-suez-green-hydrogen"],
    ),
];

/// (slug, name, bio, article keys)
const AUTHORS: [(&str, &str, &str, &[&str]); 5] = [
    (
        "sara-mansouri",
        "سارة المنصوري",
        "محررة الشؤون الاقتصادية، تغطي أسواق الطاقة والمال في الخليج ومصر منذ عشر سنوات.",
        &[
            "01-opec-output-cuts",
            "02-gulf-budgets-oil",
            "03-egypt-central-bank-rates",
            "16-saudi-digital-payments",
        ],
    ),
    (
        "karim-haddad",
        "كريم حداد",
        "صحفي رياضي يتابع كرة القدم العربية والأفريقية.",
        &[
            "05-ahly-african-champions",
            "06-world-cup-2030-morocco",
            "26-saudi-league-transfers",
        ],
    ),
    (
        "layla-abdelrahman",
        "ليلى عبد الرحمن",
        "تكتب عن العلوم والتقنية والذكاء الاصطناعي في العالم العربي.",
        &[
            "10-uae-earth-satellite",
            "14-universities-ai-courses",
            "15-chatgpt-arabic-dialects",
        ],
    ),
    (
        "youssef-alomari",
        "يوسف العمري",
        "مراسل سياسي يغطي القمم العربية والانتخابات، ويكتب عن البيئة والمياه في شمال أفريقيا.",
        &[
            "21-algeria-presidential-election",
            "22-manama-arab-summit",
            "11-regional-heatwave",
            "12-dubai-record-rain",
            "17-noor-ouarzazate-solar",
            "18-suez-green-hydrogen",
            "24-nile-irrigation-water",
        ],
    ),
    (
        "nadia-alkhatib",
        "نادية الخطيب",
        "تكتب عن التعليم والصحة والثقافة، وعن المدن العربية وأهلها.",
        &[
            "07-paris-2024-arab-medals",
            "08-assiut-children-hospital",
            "09-gulf-diabetes-study",
            "13-secondary-exams",
            "19-cairo-book-fair",
            "20-red-sea-film-festival",
        ],
    ),
];

impl App {
    /// Loads the demo content into an empty site; a site with content is left alone.
    pub async fn load_demo(&self) -> Result<Vec<Imported>, ImportFileError> {
        if self.store.article_count().await? > 0 {
            return Ok(Vec::new());
        }
        // Without a media store (some tests) the demo simply has no pictures.
        // With one, they are drawn on other threads while the text is stored.
        let drawing = self
            .media
            .is_some()
            .then(|| tokio::task::spawn_blocking(draw_pictures));
        for (slug, name) in SECTIONS {
            self.store.upsert_section(slug, name).await?;
        }
        let mut done = Vec::new();
        for (key, section, bytes) in ARTICLES {
            done.push((
                key,
                self.import_reference(&format!("demo:{key}"), bytes, section)
                    .await?,
            ));
        }
        let id_of = |key: &str| done.iter().find(|(k, _)| *k == key).map(|(_, i)| i.id);
        for (slug, name, keys) in TAGS {
            let tag = self.store.upsert_tag(slug, name).await?;
            for id in keys.iter().filter_map(|k| id_of(k)) {
                let mut tags: Vec<i64> = self
                    .store
                    .article(id)
                    .await?
                    .map(|a| a.tags.iter().map(|t| t.id).collect())
                    .unwrap_or_default();
                tags.push(tag.id);
                self.store
                    .set_article_tags(id, &tags, self.clock.now())
                    .await?;
            }
        }
        let mut authors = Vec::new();
        for (slug, name, bio, keys) in AUTHORS {
            let author = self.store.upsert_author(slug, name, bio).await?;
            for id in keys.iter().filter_map(|k| id_of(k)) {
                self.store
                    .set_article_authors(id, &[author.id], self.clock.now())
                    .await?;
            }
            authors.push(author.id);
        }
        // Some readers already, so "most read" has something to rank.
        let today = self.day_number(self.clock.now());
        let views: Vec<Views> = done
            .iter()
            .enumerate()
            .map(|(i, (_, imported))| Views {
                article_id: imported.id,
                day: today,
                count: 40 + (i as u32 * 37) % 300,
            })
            .collect();
        self.store.record_views(&views).await?;
        if let Some(drawing) = drawing {
            let drawn = drawing
                .await
                .map_err(|e| MediaError::Broken(format!("drawing the demo pictures: {e}")))?;
            let (articles, portraits) = drawn?;
            for ((key, _, _), (processed, alt)) in ARTICLES.iter().zip(articles) {
                let media = self.keep_image(processed, alt, None).await?;
                if let Some(id) = id_of(key) {
                    self.store
                        .set_article_featured(id, Some(media.id), self.clock.now())
                        .await?;
                }
            }
            for ((author, (_, name, _, _)), processed) in authors.iter().zip(AUTHORS).zip(portraits)
            {
                let alt = format!("صورة رمزية لـ{name}");
                let media = self.keep_image(processed, &alt, None).await?;
                self.store.set_author_photo(*author, Some(media.id)).await?;
            }
        }
        self.changed().await;
        Ok(done.into_iter().map(|(_, imported)| imported).collect())
    }
}

type Drawn = (Vec<(Processed, &'static str)>, Vec<Processed>);

/// Draws and encodes every demo picture (articles', then authors'), on every
/// core: about a second, against several one after the other.
fn draw_pictures() -> Result<Drawn, MediaError> {
    let jobs: Vec<(&str, Option<&str>)> = ARTICLES
        .iter()
        .map(|(key, section, _)| (*key, Some(*section)))
        .chain(AUTHORS.iter().map(|(slug, ..)| (*slug, None)))
        .collect();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = jobs.len().div_ceil(threads);
    let draw = |(key, section): &(&str, Option<&str>)| {
        let (picture, alt) = match section {
            Some(section) => pictures::illustration(section, key),
            None => (pictures::portrait(key), ""),
        };
        Ok((
            process_picture(&picture, ImageFormat::Jpeg, &Cancel::never())?,
            alt,
        ))
    };
    let mut all: Vec<(Processed, &'static str)> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(draw).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![Err(MediaError::Broken("a drawing thread failed".into()))]
                })
            })
            .collect::<Result<Vec<_>, MediaError>>()
    })?;
    let portraits = all
        .split_off(ARTICLES.len())
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    Ok((all, portraits))
}
