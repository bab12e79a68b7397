//! Demo content for `serve --demo`: the reference article and the Arabic search
//! collection, in sections, with a few tags and authors, pictures drawn on the
//! spot and some readers' views, so a fresh install looks like the news site it
//! will be. A crate of its own, so the server's library embeds no test data.

mod pictures;

use image::ImageFormat;
use nashir_app::limits::Cancel;
use nashir_app::media::{MediaError, Processed, process_picture};
use nashir_app::seed::{Seed, SeedArticle, SeedPictures};
use nashir_app::{App, DEFAULT_SECTION, ImportFileError, Imported};

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

/// Static pages: (slug, title, body, place in the footer menu).
const PAGES: [(&str, &str, &str, Option<i64>); 3] = [
    (
        "about",
        "من نحن",
        "موقع إخباري عربي مستقل يقدّم الأخبار والتحليلات في السياسة والاقتصاد والرياضة والعلوم والثقافة.\n\n## ما نلتزم به:\n\n- نذكر مصدر كل خبر\n- نصحّح أخطاءنا علناً في صفحة التصحيحات\n- نفصل الخبر عن الرأي",
        Some(1),
    ),
    (
        "contact",
        "اتصل بنا",
        "لإرسال خبر أو تصحيح أو ملاحظة، اترك تعليقاً تحت الخبر المعني: تقرؤه هيئة التحرير قبل نشره، ويبقى بريدك عندها وحدها.",
        Some(2),
    ),
    (
        "privacy",
        "سياسة الخصوصية",
        "لا نضع ملفات تتبّع ولا إعلانات. البريد الإلكتروني الذي تكتبه مع تعليقك يبقى عند هيئة التحرير ولا يُنشر، ويُحذف مع التعليق.",
        Some(3),
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

/// Loads the demo content into an empty site; a site with content is left alone.
pub async fn load(app: &App) -> Result<Vec<Imported>, ImportFileError> {
    if !app.is_empty().await? {
        return Ok(Vec::new());
    }
    // Without a media store (some tests) the demo simply has no pictures. With
    // one, they are drawn on other threads while the text is stored.
    let drawing = app
        .media
        .is_some()
        .then(|| tokio::task::spawn_blocking(draw_pictures));
    let pictures = async move {
        let Some(drawing) = drawing else {
            return Ok(None);
        };
        let (articles, portraits) = drawing
            .await
            .map_err(|e| MediaError::Broken(format!("drawing the demo pictures: {e}")))??;
        let portraits = portraits
            .into_iter()
            .zip(AUTHORS)
            .map(|(p, (_, name, _, _))| (p, format!("صورة رمزية لـ{name}")))
            .collect();
        let articles = articles
            .into_iter()
            .map(|(p, alt)| (p, alt.to_string()))
            .collect();
        Ok(Some(SeedPictures {
            articles,
            portraits,
        }))
    };
    let articles: Vec<SeedArticle> = ARTICLES
        .iter()
        .enumerate()
        .map(|(i, (key, section, text))| SeedArticle {
            key,
            section,
            text,
            views: 40 + (i as u32 * 37) % 300,
        })
        .collect();
    let seed = Seed {
        sections: &SECTIONS,
        articles: &articles,
        tags: &TAGS,
        authors: &AUTHORS,
        pages: &PAGES,
    };
    app.seed(&seed, pictures).await
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
