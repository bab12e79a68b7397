//! Demo content for `serve --demo`: the reference article and the Arabic search
//! collection, and the English and Persian collections in their editions (seen
//! once the `editions` setting names them), in sections named in each edition,
//! with the translations among them linked, a few tags and authors, pictures drawn
//! on the spot and some readers' views, so a fresh install looks like the news
//! site it will be. A crate of its own, so the server's library embeds no test data.

mod pictures;

use image::ImageFormat;
use nashir_app::limits::Cancel;
use nashir_app::media::{MediaError, Processed, process_picture};
use nashir_app::seed::{Seed, SeedArticle, SeedPictures};
use nashir_app::{App, DEFAULT_SECTION, ImportFileError, Imported};
use nashir_core::language::Language::{self, Arabic, English, Persian};

/// (slug, its name in each edition)
const SECTIONS: [(&str, &[(Language, &str)]); 7] = [
    (
        "politics",
        &[(Arabic, "سياسة"), (English, "Politics"), (Persian, "سیاست")],
    ),
    (
        "economy",
        &[
            (Arabic, "اقتصاد"),
            (English, "Economy"),
            (Persian, "اقتصاد"),
        ],
    ),
    (
        "sport",
        &[(Arabic, "رياضة"), (English, "Sport"), (Persian, "ورزش")],
    ),
    (
        "society",
        &[(Arabic, "مجتمع"), (English, "Society"), (Persian, "جامعه")],
    ),
    (
        "technology",
        &[
            (Arabic, "علوم وتقنية"),
            (English, "Science and Technology"),
            (Persian, "علم و فناوری"),
        ],
    ),
    (
        "environment",
        &[
            (Arabic, "بيئة وطاقة"),
            (English, "Environment and Energy"),
            (Persian, "محیط زیست و انرژی"),
        ],
    ),
    (
        "culture",
        &[(Arabic, "ثقافة"), (English, "Culture"), (Persian, "فرهنگ")],
    ),
];

/// A demo article: (key, section, text in its edition's reference format).
type Entry = (&'static str, &'static str, &'static [u8]);

/// The files `NAME` of `testdata/DIR` as entries keyed `PREFIX` + `NAME`.
macro_rules! collection {
    ($dir:literal, $prefix:literal: $($name:literal => $section:literal),* $(,)?) => {
        [$((
            concat!($prefix, $name),
            $section,
            include_bytes!(concat!("../../../testdata/", $dir, "/", $name, ".txt")) as &[u8],
        )),*]
    };
}

const REFERENCE: Entry = (
    "000_a879635638002103",
    DEFAULT_SECTION,
    include_bytes!("../../../demo/000_a879635638002103.txt"),
);

const ARABIC: [Entry; 26] = collection! {"search/articles", "":
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

const ENGLISH: [Entry; 36] = {
    let c = collection! {"search/en/articles", "en:":
        "01-egypt-central-bank-rates" => "economy",
        "02-opec-output-cuts" => "economy",
        "03-riyadh-air-boeing-order" => "economy",
        "04-iraq-heatwave-power-cuts" => "environment",
        "05-derna-floods" => "environment",
        "06-morocco-earthquake" => "society",
        "07-ahly-african-champions" => "sport",
        "08-world-cup-2030-bid" => "sport",
        "09-jordan-desalination-project" => "environment",
        "10-saudi-digital-payments" => "economy",
        "11-egypt-tourism-record" => "economy",
        "12-iraq-three-year-budget" => "economy",
        "13-lebanon-depositors" => "economy",
        "14-tunisia-migrant-boats" => "society",
        "15-qatar-lng-expansion" => "economy",
        "16-cop28-climate-deal" => "environment",
        "17-cairo-book-fair" => "culture",
        "18-red-sea-film-festival" => "culture",
        "19-dubai-record-rain" => "environment",
        "20-oman-duqm-port" => "economy",
        "21-sudan-displacement" => "politics",
        "22-yemen-coffee-exports" => "economy",
        "23-kuwait-parliament-dissolved" => "politics",
        "24-syria-earthquake-aid" => "society",
        "25-algeria-gas-europe" => "economy",
        "26-saudi-astronauts-iss" => "technology",
        "27-morocco-drought-wheat" => "environment",
        "28-egypt-high-speed-rail" => "economy",
        "29-arabic-ai-models" => "technology",
        "30-petra-tourism-slump" => "economy",
        "31-bahrain-grand-prix" => "sport",
        "32-iran-saudi-ties" => "politics",
        "33-universities-ai-courses" => "technology",
        "34-food-prices-report" => "economy",
    };
    let s = collection! {"editions/en", "en:":
        "cairo-metro-line" => "society",
        "gulf-desalination-solar" => "environment",
    };
    concat(c, s)
};

const PERSIAN: [Entry; 34] = {
    let c = collection! {"search/fa/articles", "fa:":
        "01-central-bank-inflation" => "economy",
        "02-presidential-election" => "politics",
        "03-herat-earthquake" => "society",
        "04-lake-urmia-drying" => "environment",
        "05-tehran-air-pollution" => "environment",
        "06-konkur-results" => "society",
        "07-dollar-free-market" => "economy",
        "08-mashhad-metro-line" => "society",
        "09-asian-cup-semifinal" => "sport",
        "10-paris-wrestling-gold" => "sport",
        "11-tehran-book-fair" => "culture",
        "12-fajr-film-festival" => "culture",
        "13-saffron-harvest" => "economy",
        "14-handmade-carpet-exports" => "economy",
        "15-afghan-returnees-pakistan" => "politics",
        "16-qosh-tepa-canal" => "environment",
        "17-salang-snow" => "environment",
        "18-nowruz-travel" => "society",
        "19-summer-blackouts" => "environment",
        "20-satellite-launch" => "technology",
        "21-medicine-shortage" => "society",
        "22-isfahan-tourism" => "culture",
        "23-car-prices" => "economy",
        "24-chabahar-india-deal" => "politics",
        "25-gold-coin-prices" => "economy",
        "26-universities-ai" => "technology",
        "27-volleyball-nations-league" => "sport",
        "28-wheat-guaranteed-purchase" => "economy",
        "29-copper-mine" => "economy",
        "30-afghan-women-athletes" => "sport",
        "31-khaf-herat-railway" => "economy",
        "32-winter-gas-shortage" => "environment",
    };
    let s = collection! {"editions/fa", "fa:":
        "herat-saffron-exports" => "economy",
        "tehran-metro-line" => "society",
    };
    concat(c, s)
};

/// `a` then `b`, in a constant.
const fn concat<const A: usize, const B: usize, const N: usize>(
    a: [Entry; A],
    b: [Entry; B],
) -> [Entry; N] {
    assert!(A + B == N);
    let mut out = [("", "", &[] as &[u8]); N];
    let mut i = 0;
    while i < N {
        out[i] = if i < A { a[i] } else { b[i - A] };
        i += 1;
    }
    out
}

/// The editions' articles in load order: the Arabic ones first, so they keep
/// the ids they have always had (the reference article is 1).
const EDITIONS: [(Language, &[Entry]); 4] = [
    (Arabic, &[REFERENCE]),
    (Arabic, &ARABIC),
    (English, &ENGLISH),
    (Persian, &PERSIAN),
];

/// (translation, original): the English reports of the same events as Arabic
/// ones, written within a day. The collections' other look-alikes are other
/// stories (another year's book fair or title, another report on food prices),
/// and no Persian article shares its event with another edition's.
const TRANSLATIONS: [(&str, &str); 5] = [
    (
        "en:01-egypt-central-bank-rates",
        "03-egypt-central-bank-rates",
    ),
    ("en:02-opec-output-cuts", "01-opec-output-cuts"),
    ("en:11-egypt-tourism-record", "23-egypt-tourism-record"),
    ("en:18-red-sea-film-festival", "20-red-sea-film-festival"),
    ("en:19-dubai-record-rain", "12-dubai-record-rain"),
];

/// Every demo article with its edition, in load order.
fn articles() -> Vec<(Language, Entry)> {
    EDITIONS
        .iter()
        .flat_map(|(language, entries)| entries.iter().map(move |e| (*language, *e)))
        .collect()
}

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
    // Only the editions the site publishes: a default site's demo is the
    // Arabic one alone, as it always was (and no hidden story weighs in its
    // search statistics or draws a picture for nothing).
    let articles: Vec<_> = articles()
        .into_iter()
        .filter(|(language, _)| app.site.publishes(*language))
        .collect();
    let (drawings, shown) = plan_pictures(&articles);
    let alts: Vec<String> = articles
        .iter()
        .map(|(language, (_, section, _))| pictures::alt(section, *language).to_string())
        .collect();
    // Without a media store (some tests) the demo simply has no pictures. With
    // one, they are drawn on other threads while the text is stored.
    let drawing = app
        .media
        .is_some()
        .then(|| tokio::task::spawn_blocking(move || draw_pictures(&drawings)));
    let pictures = async move {
        let Some(drawing) = drawing else {
            return Ok(None);
        };
        let (drawn, portraits) = drawing
            .await
            .map_err(|e| MediaError::Broken(format!("drawing the demo pictures: {e}")))??;
        let portraits = portraits
            .into_iter()
            .zip(AUTHORS)
            .map(|(p, (_, name, _, _))| (p, format!("صورة رمزية لـ{name}")))
            .collect();
        let articles = shown
            .iter()
            .zip(alts)
            .map(|(d, alt)| (drawn[*d].clone(), alt))
            .collect();
        Ok(Some(SeedPictures {
            articles,
            portraits,
        }))
    };
    let seeded: Vec<SeedArticle> = articles
        .iter()
        .enumerate()
        .map(|(i, &(language, (key, section, text)))| SeedArticle {
            key,
            language,
            section,
            text,
            views: 40 + (i as u32 * 37) % 300,
        })
        .collect();
    let seed = Seed {
        sections: &SECTIONS,
        articles: &seeded,
        translations: &TRANSLATIONS,
        tags: &TAGS,
        authors: &AUTHORS,
        pages: &PAGES,
    };
    app.seed(&seed, pictures).await
}

/// Which drawing illustrates each article: every Arabic one its own (as ever),
/// a translation its original's, and any other one of its section's drawings
/// that no article of its edition shows yet, drawn anew only when none is left.
/// A reader sees one edition, so sharing drawings across editions keeps the load
/// quick (drawing is most of it) without a repeat within an edition's section.
/// Returns the drawings, as (section, key), and each article's.
fn plan_pictures(
    articles: &[(Language, Entry)],
) -> (Vec<(&'static str, &'static str)>, Vec<usize>) {
    let mut drawings = Vec::new();
    let mut shown: Vec<Option<usize>> = vec![None; articles.len()];
    for (i, (language, (key, section, _))) in articles.iter().enumerate() {
        if *language == Arabic {
            shown[i] = Some(drawings.len());
            drawings.push((*section, *key));
        }
    }
    let index = |key: &str| articles.iter().position(|(_, (k, ..))| *k == key);
    for (translation, original) in TRANSLATIONS {
        if let (Some(t), Some(o)) = (index(translation), index(original)) {
            shown[t] = shown[o];
        }
    }
    for (i, &(language, (key, section, _))) in articles.iter().enumerate() {
        if shown[i].is_some() {
            continue;
        }
        let taken = |d| {
            articles
                .iter()
                .zip(&shown)
                .any(|((l, _), s)| *l == language && *s == Some(d))
        };
        let free = (0..drawings.len()).find(|&d| drawings[d].0 == section && !taken(d));
        shown[i] = Some(free.unwrap_or_else(|| {
            drawings.push((section, key));
            drawings.len() - 1
        }));
    }
    (drawings, shown.into_iter().flatten().collect())
}

type Drawn = (Vec<Processed>, Vec<Processed>);

/// Draws and encodes every demo picture (the illustrations, (section, key) each,
/// then the authors' portraits), on every core: about a second, against several
/// one after the other.
fn draw_pictures(illustrations: &[(&str, &str)]) -> Result<Drawn, MediaError> {
    let jobs: Vec<(&str, Option<&str>)> = illustrations
        .iter()
        .map(|(section, key)| (*key, Some(*section)))
        .chain(AUTHORS.iter().map(|(slug, ..)| (*slug, None)))
        .collect();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = jobs.len().div_ceil(threads);
    let draw = |(key, section): &(&str, Option<&str>)| {
        let picture = match section {
            Some(section) => pictures::illustration(section, key),
            None => pictures::portrait(key),
        };
        process_picture(&picture, ImageFormat::Jpeg, &Cancel::never())
    };
    let mut all: Vec<Processed> = std::thread::scope(|scope| {
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
    let portraits = all.split_off(illustrations.len());
    Ok((all, portraits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations_link_existing_articles_of_two_editions() {
        let articles = articles();
        let language = |key: &str| {
            articles
                .iter()
                .find(|(_, (k, ..))| *k == key)
                .map(|(l, _)| *l)
        };
        for (translation, original) in TRANSLATIONS {
            let (t, o) = (language(translation), language(original));
            assert!(t.is_some() && o.is_some(), "{translation} → {original}");
            assert_ne!(t, o, "{translation} → {original}");
        }
    }

    #[test]
    fn pictures_repeat_across_editions_never_within_an_edition_s_section() {
        let articles = articles();
        let (drawings, shown) = plan_pictures(&articles);
        assert_eq!(shown.len(), articles.len());
        // The Arabic articles keep the drawings they always had.
        for (i, (language, (key, section, _))) in articles.iter().enumerate() {
            assert_eq!(drawings[shown[i]].0, *section, "{key}: its section's motif");
            if *language == Arabic {
                assert_eq!(drawings[shown[i]], (*section, *key));
            }
        }
        for (i, a) in articles.iter().enumerate() {
            for (j, b) in articles.iter().enumerate().skip(i + 1) {
                if a.0 == b.0 {
                    assert_ne!(shown[i], shown[j], "{} and {} look alike", a.1.0, b.1.0);
                }
            }
        }
        let at = |key: &str| articles.iter().position(|(_, (k, ..))| *k == key).unwrap();
        for (translation, original) in TRANSLATIONS {
            assert_eq!(shown[at(translation)], shown[at(original)]);
        }
        // No more drawings than the fullest edition's sections need: drawing
        // is what a demo load waits for.
        let sections: std::collections::BTreeSet<&str> =
            articles.iter().map(|(_, (_, s, _))| *s).collect();
        let fullest = |section: &str| {
            Language::ALL
                .map(|l| {
                    let of = |(al, (_, s, _)): &&(Language, Entry)| *al == l && *s == section;
                    articles.iter().filter(of).count()
                })
                .into_iter()
                .max()
                .unwrap_or(0)
        };
        assert_eq!(
            drawings.len(),
            sections.iter().map(|s| fullest(s)).sum::<usize>()
        );
    }
}
