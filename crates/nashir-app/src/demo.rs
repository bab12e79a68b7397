//! Demo content for `serve --demo`: the reference article and the Arabic search
//! collection, in sections, with a few tags and authors, so a fresh install looks
//! like the news site it will be.

use crate::app::{App, DEFAULT_SECTION, ImportFileError, Imported};

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
const AUTHORS: [(&str, &str, &str, &[&str]); 3] = [
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
];

impl App {
    /// Loads the demo content into an empty site; a site with content is left alone.
    pub async fn load_demo(&self) -> Result<Vec<Imported>, ImportFileError> {
        if self.store.article_count().await? > 0 {
            return Ok(Vec::new());
        }
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
        for (slug, name, bio, keys) in AUTHORS {
            let author = self.store.upsert_author(slug, name, bio).await?;
            for id in keys.iter().filter_map(|k| id_of(k)) {
                self.store
                    .set_article_authors(id, &[author.id], self.clock.now())
                    .await?;
            }
        }
        self.changed().await;
        Ok(done.into_iter().map(|(_, imported)| imported).collect())
    }
}
