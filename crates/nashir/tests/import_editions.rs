//! `nashir import --edition en|fa`: the English and Persian editions' reference
//! format (testdata/editions), the articles' language, keys apart from the Arabic
//! edition's, and errors that name the file and line.

mod common;

use common::{REFERENCE, nashir, open_store, stderr, stdout};
use nashir_app::ArticleStore;
use nashir_core::{Article, ArticleId, Block};

const EDITIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/editions");

async fn articles(data: &std::path::Path) -> Vec<Article> {
    let store = open_store(data).await;
    let all = store.articles_after(ArticleId(0), 100).await.unwrap();
    store.close().await;
    all
}

fn ids(out: &str) -> Vec<i64> {
    out.lines()
        .map(|l| l.split('\t').next().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn english_and_persian_files_import_in_their_language() {
    let dir = tempfile::tempdir().unwrap();
    let en = format!("{EDITIONS}/en");
    let out = nashir(dir.path(), &["import", "--edition", "en", &en]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(ids(&stdout(&out)), [1, 2], "{}", stdout(&out));
    let fa = format!("{EDITIONS}/fa");
    let out = nashir(dir.path(), &["import", "--edition", "fa", &fa]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(ids(&stdout(&out)), [3, 4], "{}", stdout(&out));
    // The Arabic edition stays the default.
    let out = nashir(dir.path(), &["import", REFERENCE]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(ids(&stdout(&out)), [5]);

    let all = articles(dir.path()).await;
    let languages: Vec<&str> = all.iter().map(|a| a.language.code()).collect();
    assert_eq!(languages, ["en", "en", "fa", "fa", "ar"]);

    let cairo = &all[0];
    assert_eq!(
        cairo.title,
        "Cairo opens the last stations of its third metro line"
    );
    assert_eq!(cairo.body[0], Block::heading("What opens:"));
    assert!(
        matches!(&cairo.body[2], Block::List { .. }),
        "{:?}",
        cairo.body
    );
    assert_eq!(
        cairo.body.len(),
        4,
        "the furniture is dropped: {:?}",
        cairo.body
    );
    assert_eq!(
        cairo.source.as_ref().map(|s| s.name.as_str()),
        Some("Nile Business Report")
    );
    let day = |a: &Article| {
        jiff::tz::TimeZone::UTC
            .to_datetime(a.updated_at)
            .date()
            .to_string()
    };
    assert_eq!(day(cairo), "2025-01-08");
    assert_eq!(day(&all[1]), "2025-09-01");
    assert_eq!(
        all[1].source.as_ref().map(|s| s.name.as_str()),
        Some("Gulf Weather Service")
    );

    let herat = &all[2];
    assert_eq!(
        herat.title,
        "صادرات زعفران هرات به بازارهاي جهاني افزايش يافت"
    );
    assert_eq!(day(herat), "2025-07-29", "سه شنبه 7 مرداد 1404");
    assert_eq!(
        herat.source.as_ref().map(|s| s.name.as_str()),
        Some("طلوع‌نیوز")
    );
    assert_eq!(
        herat.body.len(),
        1,
        "the furniture is dropped: {:?}",
        herat.body
    );
    let tehran = &all[3];
    assert_eq!(day(tehran), "2025-01-08", "چهارشنبه ۱۹ دی ۱۴۰۳");
    assert_eq!(tehran.body[0], Block::heading("جزئیات طرح:"));

    // Importing again updates in place; the same file name in another edition is
    // another article.
    let out = nashir(dir.path(), &["import", "--edition", "en", &en]);
    assert_eq!(ids(&stdout(&out)), [1, 2]);
    let files = tempfile::tempdir().unwrap();
    let same_name = files.path().join("cairo-metro-line.txt");
    std::fs::copy(REFERENCE, &same_name).unwrap();
    let out = nashir(dir.path(), &["import", same_name.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(ids(&stdout(&out)), [6]);
    let all = articles(dir.path()).await;
    assert_eq!(all.len(), 6);
    assert_eq!(all[0].language.code(), "en");
}

#[test]
fn edition_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = files.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let english = [
        (
            write(
                "arabic.txt",
                "التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025\nع\nم\n",
            ),
            "arabic.txt:1: error: expected the date line «Last update|<weekday>, <month> <day>, <year>»",
        ),
        (
            write(
                "weekday.txt",
                "Last update|Thursday, January 8, 2025\nH\nL\n",
            ),
            "weekday.txt:1: error: bad date: Wednesday, January 8, 2025 is a Wednesday, not a Thursday",
        ),
        (
            write(
                "nooutlet.txt",
                "Last update|Wednesday, January 8, 2025\nH\nL\nSource / \n",
            ),
            "nooutlet.txt:4: error: the source line «Source / …» names no outlet",
        ),
    ];
    let args: Vec<&str> = ["import", "--edition", "en"]
        .into_iter()
        .chain(english.iter().map(|(f, _)| f.as_str()))
        .collect();
    let out = nashir(dir.path(), &args);
    assert!(!out.status.success());
    let err = stderr(&out);
    for (_, message) in &english {
        assert!(err.contains(message), "{message}\n{err}");
    }
    assert!(err.contains("3 of 3 files failed"), "{err}");

    let persian = [
        (
            write(
                "weekday-fa.txt",
                "آخرین بروزرسانی|پنجشنبه ۱۹ دی ۱۴۰۳\nع\nل\n",
            ),
            "weekday-fa.txt:1: error: bad date: چهارشنبه ۱۹ دی ۱۴۰۳ is a چهارشنبه, not a پنجشنبه",
        ),
        (
            write(
                "english.txt",
                "Last update|Wednesday, January 8, 2025\nH\nL\n",
            ),
            "english.txt:1: error: expected the date line «آخرین بروزرسانی|",
        ),
        (
            write(
                "text-after.txt",
                "آخرین بروزرسانی|چهارشنبه ۱۹ دی ۱۴۰۳\nع\nل\nمنبع / ایرنا\nمتن\n",
            ),
            "text-after.txt:5: error: unexpected text after the source line",
        ),
    ];
    let good = write(
        "good-fa.txt",
        "آخرین بروزرسانی|چهارشنبه ۱۹ دی ۱۴۰۳\nعنوان\nلید\n",
    );
    let args: Vec<&str> = ["import", "--edition", "fa", good.as_str()]
        .into_iter()
        .chain(persian.iter().map(|(f, _)| f.as_str()))
        .collect();
    let out = nashir(dir.path(), &args);
    assert!(!out.status.success());
    assert_eq!(ids(&stdout(&out)), [1], "the good file imports");
    let err = stderr(&out);
    for (_, message) in &persian {
        assert!(err.contains(message), "{message}\n{err}");
    }

    let out = nashir(dir.path(), &["import", "--edition", "fr", good.as_str()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("unknown edition «fr»"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn an_import_links_its_translation_and_sections_get_edition_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = nashir(dir.path(), &["import", REFERENCE]);
    assert!(out.status.success(), "{}", stderr(&out));
    let en = format!("{EDITIONS}/en/cairo-metro-line.txt");
    let out = nashir(
        dir.path(),
        &["import", "--edition", "en", "--translation-of", "1", &en],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("does not publish the en edition"),
        "{}",
        stderr(&out)
    );
    let all = articles(dir.path()).await;
    assert_eq!(all[0].translation_group, Some(1));
    assert_eq!(all[1].translation_group, Some(1));

    // A second English translation of the same story is refused, and said so.
    let other = format!("{EDITIONS}/en/gulf-desalination-solar.txt");
    let out = nashir(
        dir.path(),
        &["import", "--edition", "en", "--translation-of", "1", &other],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out)
            .contains("not linked to article 1: the original already has a translation in en"),
        "{}",
        stderr(&out)
    );
    let out = nashir(
        dir.path(),
        &["import", "--translation-of", "1", REFERENCE, &other],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--translation-of takes one file"));

    // Sections: a name per published edition; none for an edition not published.
    let out = nashir(
        dir.path(),
        &["section", "news", "Headlines", "--edition", "en"],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("does not publish the en edition"),
        "{}",
        stderr(&out)
    );
    std::fs::write(
        dir.path().join("nashir.toml"),
        "editions = [\"ar\", \"en\"]\n",
    )
    .unwrap();
    let out = nashir(
        dir.path(),
        &["section", "news", "Headlines", "--edition", "en"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("\tnews\tHeadlines"),
        "{}",
        stdout(&out)
    );
    let out = nashir(
        dir.path(),
        &["section", "sport", "Sport", "--edition", "en"],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no section «sport»"));
    std::fs::write(
        dir.path().join("nashir.toml"),
        "editions = [\"ar\", \"en\", \"en\"]\n",
    )
    .unwrap();
    let out = nashir(dir.path(), &["section", "news", "News", "--edition", "en"]);
    assert!(
        stderr(&out).contains("editions names en twice"),
        "{}",
        stderr(&out)
    );
}
