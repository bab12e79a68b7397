//! `nashir import`: output, idempotency, and errors that name the file and line.

mod common;

use common::{REFERENCE, nashir, open_store, stderr, stdout};

const DATE_LINE: &str = "التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025";

async fn article_count(data: &std::path::Path) -> u64 {
    use nashir_app::ArticleStore;
    let store = open_store(data).await;
    let n = store.article_count().await.unwrap();
    store.close().await;
    n
}

#[tokio::test]
async fn prints_id_and_path_and_updates_on_reimport() {
    let dir = tempfile::tempdir().unwrap();
    let out = nashir(dir.path(), &["import", REFERENCE]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "1\t/ar/news/1/العراق-والتعاون-العسكري-مع-روسيا\n"
    );

    let again = nashir(dir.path(), &["import", REFERENCE]);
    assert!(again.status.success());
    assert_eq!(stdout(&again), stdout(&out), "same file, same article");

    // An edited copy under the same name updates the article in place.
    let edited_dir = tempfile::tempdir().unwrap();
    let edited = edited_dir.path().join("000_a879635638002103.txt");
    let text = std::fs::read_to_string(REFERENCE)
        .unwrap()
        .replace("العراق والتعاون العسكري مع روسيا:", "العراق وروسيا:");
    std::fs::write(&edited, text).unwrap();
    let updated = nashir(dir.path(), &["import", edited.to_str().unwrap()]);
    assert!(updated.status.success(), "{}", stderr(&updated));
    assert_eq!(stdout(&updated), "1\t/ar/news/1/العراق-وروسيا\n");
    assert_eq!(article_count(dir.path()).await, 1);
}

#[tokio::test]
async fn bad_files_are_reported_with_file_and_line_and_import_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = files.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    };
    let good = write(
        "good.txt",
        format!("{DATE_LINE}\nعنوان\nمقدمة\n").as_bytes(),
    );
    let cases = [
        (
            write(
                "weekday.txt",
                "التحديث الاخير بتاريخ|الخميس, يناير 8, 2025\nع\nم\n".as_bytes(),
            ),
            ":1: error: bad date",
        ),
        (
            write("nodate.txt", "عنوان\nمقدمة\n".as_bytes()),
            ":1: error: expected the date line",
        ),
        (
            write(
                "baddate.txt",
                "التحديث الاخير بتاريخ|الأربعاء, يناير 99, 2025\nع\nم\n".as_bytes(),
            ),
            ":1: error: bad date",
        ),
        (
            write("nohead.txt", format!("{DATE_LINE}\n\n").as_bytes()),
            ":2: error: the article has no headline",
        ),
        (
            write(
                "utf8.txt",
                &[DATE_LINE.as_bytes(), b"\n\xff\xfe\n"].concat(),
            ),
            ":2: error: not valid UTF-8",
        ),
    ];
    // A 50 MB file, sparse so the test stays fast.
    let huge = files.path().join("huge.txt");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let missing = files.path().join("missing.txt");

    let mut args = vec!["import".to_string(), good.clone()];
    args.extend(cases.iter().map(|(f, _)| f.clone()));
    args.push(huge.to_str().unwrap().into());
    args.push(missing.to_str().unwrap().into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = nashir(dir.path(), &args);

    assert!(!out.status.success(), "a failed file fails the command");
    assert_eq!(
        stdout(&out).lines().count(),
        1,
        "only the good file imported"
    );
    let err = stderr(&out);
    for (file, expected) in &cases {
        assert!(err.contains(&format!("{file}{expected}")), "{file}: {err}");
    }
    assert!(
        err.contains(&format!(
            "{}: error: file is 52428800 bytes",
            huge.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: error:", missing.display())),
        "{err}"
    );
    assert!(err.contains("7 of 8 files failed"), "{err}");
    assert_eq!(article_count(dir.path()).await, 1);
}

#[tokio::test]
async fn a_broken_new_version_leaves_the_stored_article_alone() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("story.txt");
    std::fs::write(&path, format!("{DATE_LINE}\nعنوان أول\nمقدمة\n")).unwrap();
    assert!(
        nashir(dir.path(), &["import", path.to_str().unwrap()])
            .status
            .success()
    );
    std::fs::write(
        &path,
        "التحديث الاخير بتاريخ|الخميس, يناير 8, 2025\nعنوان ثان\nمقدمة\n",
    )
    .unwrap();
    let out = nashir(dir.path(), &["import", path.to_str().unwrap()]);
    assert!(!out.status.success());

    use nashir_app::ArticleStore;
    let store = open_store(dir.path()).await;
    let article = store
        .article(nashir_core::ArticleId(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(article.title, "عنوان أول");
    assert_eq!(store.revision_count(article.id).await.unwrap(), 1);
}

#[test]
fn unknown_section_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = nashir(dir.path(), &["import", "--section", "sport", REFERENCE]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("unknown section «sport»"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn a_folder_imports_its_text_files_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    for (name, title) in [
        ("b.txt", "الثاني"),
        ("a.txt", "الأول"),
        ("notes.md", "ليس خبراً"),
    ] {
        std::fs::write(
            folder.path().join(name),
            format!("{DATE_LINE}\n{title}\nمقدمة\n"),
        )
        .unwrap();
    }
    let out = nashir(dir.path(), &["import", folder.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "1\t/ar/news/1/الأول\n2\t/ar/news/2/الثاني\n");
    assert_eq!(article_count(dir.path()).await, 2);
}

#[test]
fn sections_are_created_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = nashir(dir.path(), &["section", "economy", "اقتصاد"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).ends_with("\teconomy\tاقتصاد\n"));
    let imported = nashir(dir.path(), &["import", "--section", "economy", REFERENCE]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    for (slug, name) in [("Bad Slug", "س"), ("ok", "   ")] {
        let out = nashir(dir.path(), &["section", slug, name]);
        assert!(!out.status.success());
    }
}
