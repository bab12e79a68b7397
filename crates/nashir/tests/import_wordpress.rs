//! `nashir import-wordpress` on a real export written by WordPress (the Theme
//! Unit Test data, testdata/wordpress): what becomes of posts, statuses, images,
//! comments and old addresses, a second run that changes nothing, and bad files.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::{Server, nashir, open_store, stderr, stdout};
use nashir_app::records::{Audit, CommentStatus, PageWrite};
use nashir_app::{AccountStore, ArticleStore, CommentStore, PageStore};
use nashir_core::{ArticleId, Block, Status};

const EXPORT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/wordpress/themeunittestdata.wordpress.xml"
);

/// Stand-ins for the site's uploads: a small picture at the path of every
/// attachment the file names (its uploads are not part of it).
fn uploads(dir: &Path) {
    let text = std::fs::read_to_string(EXPORT).unwrap();
    for url in text.split("<wp:attachment_url>").skip(1) {
        let url = url.split('<').next().unwrap();
        let path = url.split(".com/").nth(1).unwrap();
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let picture =
            image::RgbImage::from_fn(48, 32, |x, y| image::Rgb([x as u8 * 5, y as u8 * 7, 90]));
        let format = if path.ends_with(".png") {
            image::ImageFormat::Png
        } else {
            image::ImageFormat::Jpeg
        };
        picture.save_with_format(&file, format).unwrap();
    }
}

/// The printed lines of articles (`kind` "news") or pages ("page"): old link →
/// (id, new path).
fn printed(out: &str, kind: &str) -> HashMap<String, (i64, String)> {
    let prefix = format!("\t/ar/{kind}/");
    out.lines()
        .filter(|line| line.contains(&prefix))
        .map(|line| {
            let mut cols = line.split('\t');
            let id: i64 = cols.next().unwrap().parse().unwrap();
            let path = cols.next().unwrap().to_string();
            let link = cols.next().unwrap().to_string();
            assert!(cols.next().is_none(), "{line}");
            if kind == "news" {
                let id_in_path = path.split('/').nth(3);
                assert_eq!(id_in_path, Some(id.to_string().as_str()), "{line}");
            }
            (link, (id, path))
        })
        .collect()
}

fn location(head: &str) -> Option<String> {
    head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("location")
            .then(|| value.trim().to_string())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_export_imports_whole_and_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let media = tempfile::tempdir().unwrap();
    uploads(media.path());
    let data = dir.path().join("site");
    let media_arg = media.path().to_str().unwrap();
    // The site already has a page at /ar/page/about, as the demo does.
    assert!(nashir(&data, &["user", "list"]).status.success());
    let store = open_store(&data).await;
    let ours = PageWrite {
        id: None,
        language: nashir_core::language::Language::Arabic,
        slug: "about".into(),
        title: "من نحن".into(),
        body: Vec::new(),
        published: true,
        footer_position: Some(1),
    };
    let audit = Audit {
        by: None,
        action: "page.save".into(),
        target: "test".into(),
    };
    let now = jiff::Timestamp::now();
    store.save_static_page(&ours, &audit, now).await.unwrap();
    store.close().await;
    let out = nashir(&data, &["import-wordpress", EXPORT, "--media", media_arg]);
    assert!(out.status.success(), "{}", stderr(&out));
    let log = stderr(&out);
    let posts = printed(&stdout(&out), "news");
    let pages = printed(&stdout(&out), "page");
    // Every post and page, none of the 37 attachments and 70 menu items.
    assert_eq!(posts.len(), 58, "{log}");
    assert_eq!(pages.len(), 21, "{log}");
    assert_eq!(stdout(&out).lines().count(), 79);
    for expected in [
        "page\tcreated\t21",
        "attachment\tskipped (inherit)\t37",
        "post\tcreated\t58",
        "post\tscheduled\t1",
        "items failed\t0",
    ] {
        assert!(log.contains(expected), "{expected}: {log}");
    }
    assert!(
        log.contains("password-protected: imported as a draft"),
        "{log}"
    );
    assert!(
        log.contains("another page has /ar/page/about: this one is /ar/page/about-2"),
        "{log}"
    );

    let id = |link: &str| ArticleId(posts[link].0);
    let store = open_store(&data).await;
    let base = "https://wpthemetestdata.wordpress.com";
    let sticky = store
        .article(id(&format!("{base}/2012/01/07/template-sticky/")))
        .await
        .unwrap()
        .unwrap();
    assert!(sticky.sticky);
    assert_eq!(sticky.status, Status::Published);
    assert_eq!(
        sticky.published_at.unwrap().to_string(),
        "2012-01-07T14:07:21Z"
    );
    let protected = store
        .article(id(&format!(
            "{base}/2012/01/04/template-password-protected/"
        )))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(protected.status, Status::Draft);
    let draft = store
        .article(id(&format!("{base}/?p=1164")))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(draft.status, Status::Draft);

    // Captioned images in the body (the classic editor's [caption] shortcode),
    // with their captions, and a featured image.
    let alignment = store
        .article(id(&format!("{base}/2013/01/10/markup-image-alignment/")))
        .await
        .unwrap()
        .unwrap();
    let captions: Vec<&str> = alignment
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Image { caption, .. } => Some(caption.as_str()),
            _ => None,
        })
        .collect();
    assert!(captions.len() >= 4, "{:?}", alignment.body);
    // A caption's link keeps its text.
    for caption in [
        "Bigger caption than the image usually is.",
        "Look at 580x300 getting some caption love.",
    ] {
        assert!(captions.contains(&caption), "{captions:?}");
    }
    let text: String = alignment.body.iter().map(|b| b.plain_text()).collect();
    assert!(!text.contains("[caption") && !text.contains('<'), "{text}");
    let horizontal = store
        .article(id(&format!(
            "{base}/2012/03/15/template-featured-image-horizontal/"
        )))
        .await
        .unwrap()
        .unwrap();
    let featured = horizontal.featured.expect("a featured image");
    assert!(!featured.alt.is_empty());

    // Comments: approved ones shown, threads one level deep.
    let comments_post = id(&format!("{base}/2012/01/03/template-comments/"));
    let approved = store
        .article_comments(comments_post, CommentStatus::Approved)
        .await
        .unwrap();
    assert!(approved.len() >= 10, "{}", approved.len());
    let replies: Vec<_> = approved.iter().filter(|c| c.parent_id.is_some()).collect();
    assert!(!replies.is_empty());
    for reply in replies {
        let parent = approved
            .iter()
            .find(|c| Some(c.id) == reply.parent_id)
            .expect("a reply's thread is shown");
        assert_eq!(parent.parent_id, None, "one level deep");
    }
    let comment_count: usize = approved.len();
    store.close().await;

    // Again: the same ids, nothing new, nothing changed.
    let again = nashir(&data, &["import-wordpress", EXPORT, "--media", media_arg]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(printed(&stdout(&again), "news"), posts);
    assert_eq!(printed(&stdout(&again), "page"), pages);
    let log = stderr(&again);
    assert!(log.contains("post\tunchanged\t58"), "{log}");
    assert!(log.contains("page\tunchanged\t21"), "{log}");
    assert!(log.contains("comments added\t0"), "{log}");
    let store = open_store(&data).await;
    assert_eq!(store.article_count().await.unwrap(), 58);
    assert_eq!(
        store
            .article_comments(comments_post, CommentStatus::Approved)
            .await
            .unwrap()
            .len(),
        comment_count
    );
    assert_eq!(
        store
            .revision_count(id(&format!("{base}/2012/01/07/template-sticky/")))
            .await
            .unwrap(),
        1
    );
    // Authors are profiles, not accounts: nobody can sign in as one.
    assert!(store.users().await.unwrap().is_empty());
    store.close().await;

    // The old addresses answer 301 with the new ones.
    let server = Server::start(&data, &[], &[]);
    let (new_id, new_path) = &posts[&format!("{base}/2012/01/07/template-sticky/")];
    let href = nashir_core::slug::article_href(
        nashir_core::language::Language::Arabic,
        ArticleId(*new_id),
        new_path.rsplit('/').next().unwrap(),
    );
    for old in [
        "/2012/01/07/template-sticky/".to_string(),
        "/2012/01/07/template-sticky".to_string(),
        "/?p=1241".to_string(),
    ] {
        let (status, head, _) = server.get(&old);
        assert_eq!(status, 301, "{old}: {head}");
        assert_eq!(location(&head).as_deref(), Some(href.as_str()), "{old}");
    }
    let (status, head, _) = server.get("/category/cat-a/");
    assert_eq!(status, 301, "{head}");
    assert_eq!(location(&head).as_deref(), Some("/ar/section/cat-a"));
    let (status, _, page) = server.get(&href);
    assert_eq!(status, 200);
    assert!(page.contains("Template: Sticky"));
    // Pages: at their new address, their old ones redirected; nested pages
    // (WordPress's /level-1/level-2/) keep their last slug.
    // WordPress's "about" page took the next free slug: the site's own stays.
    let (status, _, about) = server.get("/ar/page/about-2");
    assert_eq!(status, 200);
    assert!(
        about.contains("<h1 class=\"headline\">About The Tests</h1>"),
        "{about}"
    );
    let (_, _, ours) = server.get("/ar/page/about");
    assert!(ours.contains("<h1 class=\"headline\">من نحن</h1>"));
    for old in ["/?page_id=2", "/about/", "/level-1/level-2/level-3/"] {
        let (status, head, _) = server.get(old);
        assert_eq!(status, 301, "{old}: {head}");
        assert!(
            location(&head).is_some_and(|l| l.starts_with("/ar/page/")),
            "{old}: {head}"
        );
    }
    let (status, _, _) = server.get("/2012/01/07/no-such-post/");
    assert_eq!(status, 404);

    // A post changed in WordPress and imported again: the same article, with a
    // revision for the change, and nothing else written twice.
    let edited = dir.path().join("edited.xml");
    let text = std::fs::read_to_string(EXPORT).unwrap();
    std::fs::write(
        &edited,
        text.replacen(
            "<title>Template: Sticky</title>",
            "<title>Template: Sticky (edited)</title>",
            1,
        ),
    )
    .unwrap();
    let edited_arg = edited.to_str().unwrap();
    let third = nashir(
        &data,
        &["import-wordpress", edited_arg, "--media", media_arg],
    );
    assert!(third.status.success(), "{}", stderr(&third));
    let log = stderr(&third);
    assert!(
        log.contains("post\tupdated\t1") && log.contains("post\tunchanged\t57"),
        "{log}"
    );
    let sticky_id = id(&format!("{base}/2012/01/07/template-sticky/"));
    let store = open_store(&data).await;
    let sticky = store.article(sticky_id).await.unwrap().unwrap();
    assert_eq!(sticky.title, "Template: Sticky (edited)");
    assert_eq!(store.revision_count(sticky_id).await.unwrap(), 2);
    assert_eq!(store.article_count().await.unwrap(), 58);
    store.close().await;
}

#[test]
fn bad_items_are_named_and_skipped_and_bad_files_refused() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(EXPORT).unwrap();
    // Item 2 gets an unknown status; the others import.
    let mut items = text.splitn(3, "<item>");
    let (head, first, rest) = (
        items.next().unwrap(),
        items.next().unwrap(),
        items.next().unwrap(),
    );
    let rest = rest.replacen(
        "<wp:status><![CDATA[publish]]></wp:status>",
        "<wp:status><![CDATA[weird]]></wp:status>",
        1,
    );
    let bad_item = files.path().join("bad-item.xml");
    std::fs::write(&bad_item, format!("{head}<item>{first}<item>{rest}")).unwrap();
    let out = nashir(
        dir.path(),
        &["import-wordpress", bad_item.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let log = stderr(&out);
    assert!(
        log.contains(&format!(
            "{}:item 2: error: unknown status «weird»",
            bad_item.display()
        )),
        "{log}"
    );
    assert_eq!(stdout(&out).lines().count(), 78);

    for (name, content, says) in [
        ("not-xml.xml", "<html><body>", "not a WordPress export"),
        (
            "cut.xml",
            &text[..text.find("<wp:post_id>").unwrap()],
            "malformed XML",
        ),
        ("empty.xml", "", "not a WordPress export"),
    ] {
        let path = files.path().join(name);
        std::fs::write(&path, content).unwrap();
        let site = tempfile::tempdir().unwrap();
        let out = nashir(site.path(), &["import-wordpress", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(stderr(&out).contains(says), "{name}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{name}: nothing imported");
    }
    let missing = nashir(dir.path(), &["import-wordpress", "/no/such/export.xml"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("/no/such/export.xml"));
}
