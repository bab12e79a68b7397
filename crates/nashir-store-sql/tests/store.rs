//! The SQLite store through the Store port.

use jiff::Timestamp;
use nashir_app::{AccountStore, ArticleStore, ListingStore, MediaStore, TaxonomyStore};
use nashir_app::{ImportOutcome, ListFilter, Page, StoreError, Views};
use nashir_core::{ArticleId, Block, NewArticle, Source, Status};
use nashir_store_sql::SqlStore;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn article(title: &str, published: &str) -> NewArticle {
    NewArticle {
        language: nashir_core::language::Language::Arabic,
        section_slug: "news".into(),
        title: title.into(),
        lead: "مقدمة الخبر".into(),
        body: vec![
            Block::heading("عنوان فرعي:"),
            Block::list(vec!["أ".into(), "ب".into()]),
        ],
        source: Some(Source {
            name: "الوقت".into(),
            url: None,
        }),
        status: Status::Published,
        published_at: Some(ts(published)),
        updated_at: ts(published),
        publishing: Default::default(),
    }
}

async fn open() -> (tempfile::TempDir, SqlStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqlStore::open_for_test(dir.path()).await.unwrap();
    (dir, store)
}

const NOW: &str = "2025-06-01T00:00:00Z";

#[tokio::test]
async fn import_creates_then_updates_then_does_nothing() {
    let (_dir, store) = open().await;
    let a = article("خبر أول", "2025-01-08T09:00:00Z");
    let (id, outcome) = store.import_article("k1", &a, ts(NOW)).await.unwrap();
    assert_eq!(outcome, ImportOutcome::Created);

    let (same, outcome) = store.import_article("k1", &a, ts(NOW)).await.unwrap();
    assert_eq!((same, outcome), (id, ImportOutcome::Unchanged));
    assert_eq!(store.revision_count(id).await.unwrap(), 1);

    let edited = article("خبر أول معدل", "2025-01-09T09:00:00Z");
    let (same, outcome) = store.import_article("k1", &edited, ts(NOW)).await.unwrap();
    assert_eq!((same, outcome), (id, ImportOutcome::Updated));
    assert_eq!(store.revision_count(id).await.unwrap(), 2);
    assert_eq!(store.article_count().await.unwrap(), 1);

    let stored = store.article(id).await.unwrap().unwrap();
    assert_eq!(stored.title, "خبر أول معدل");
    assert_eq!(stored.slug, "خبر-أول-معدل");
    assert_eq!(stored.body, edited.body);
    assert_eq!(stored.source, edited.source);
    assert_eq!(stored.section.slug, "news");
    assert_eq!(stored.revision, 2);
    assert_eq!(stored.updated_at, ts("2025-01-09T09:00:00Z"));
    // The first publication time survives later updates.
    assert_eq!(stored.published_at, Some(ts("2025-01-08T09:00:00Z")));
}

#[tokio::test]
async fn unknown_section_writes_nothing() {
    let (_dir, store) = open().await;
    let mut a = article("خبر", "2025-01-08T09:00:00Z");
    a.section_slug = "no-such-section".into();
    let err = store.import_article("k", &a, ts(NOW)).await.unwrap_err();
    assert!(matches!(err, StoreError::UnknownSection(_)), "{err}");
    assert_eq!(store.article_count().await.unwrap(), 0);
}

#[tokio::test]
async fn latest_published_is_newest_first_and_hides_the_future() {
    let (_dir, store) = open().await;
    for (key, when) in [
        ("old", "2025-01-01T00:00:00Z"),
        ("new", "2025-03-01T00:00:00Z"),
        ("future", "2030-01-01T00:00:00Z"),
    ] {
        store
            .import_article(key, &article(key, when), ts(NOW))
            .await
            .unwrap();
    }
    let all = ListFilter::default();
    let list = store
        .list_published(ts(NOW), &all, Page::First, 10)
        .await
        .unwrap();
    let titles: Vec<_> = list.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["new", "old"]);
    let page2 = store
        .list_published(ts(NOW), &all, Page::Before(list[0].cursor()), 1)
        .await
        .unwrap();
    assert_eq!(page2[0].title, "old");
    let back = store
        .list_published(ts(NOW), &all, Page::After(page2[0].cursor()), 5)
        .await
        .unwrap();
    assert_eq!(back[0].title, "new");
    assert_eq!(store.published_count(ts(NOW)).await.unwrap(), 2);
    assert!(store.article(ArticleId(999)).await.unwrap().is_none());
}

#[tokio::test]
async fn database_is_wal_with_foreign_keys() {
    // SQLite's settings; PostgreSQL has its own durability and always checks keys.
    let dir = tempfile::tempdir().unwrap();
    let store = SqlStore::open(&dir.path().join("nashir.db")).await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(fk, 1);
    let bad = sqlx::query(
        "INSERT INTO revisions (article_id, number, kind, title, lead, body, section_id,
             status, updated_at, created_at) VALUES (12345, 1, 'x', 't', 'l', '[]', 1, 'draft', 0, 0)",
    )
    .execute(store.pool())
    .await;
    assert!(
        bad.is_err(),
        "a revision of a missing article must be refused"
    );
}

#[tokio::test]
async fn data_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nashir.db");
    let store = SqlStore::open(&path).await.unwrap();
    let (id, _) = store
        .import_article("k", &article("باق", "2025-01-08T09:00:00Z"), ts(NOW))
        .await
        .unwrap();
    store.close().await;
    let store = SqlStore::open(&path).await.unwrap();
    assert_eq!(store.article(id).await.unwrap().unwrap().title, "باق");
}

#[tokio::test]
async fn every_write_lands_in_the_change_log() {
    let (_dir, store) = open().await;
    assert_eq!(store.last_change().await.unwrap(), 0);
    let (a, _) = store
        .import_article("a", &article("أ", "2025-01-08T09:00:00Z"), ts(NOW))
        .await
        .unwrap();
    let (b, _) = store
        .import_article("b", &article("ب", "2025-01-08T09:00:00Z"), ts(NOW))
        .await
        .unwrap();
    // Unchanged: no write, no entry.
    store
        .import_article("a", &article("أ", "2025-01-08T09:00:00Z"), ts(NOW))
        .await
        .unwrap();
    store
        .import_article("a", &article("أ معدل", "2025-01-08T09:00:00Z"), ts(NOW))
        .await
        .unwrap();
    let changes = store.changes_since(0, 100).await.unwrap();
    let ids: Vec<_> = changes.iter().map(|c| c.article_id).collect();
    assert_eq!(ids, [a, b, a]);
    assert_eq!(store.last_change().await.unwrap(), changes[2].seq);
    let later = store.changes_since(changes[0].seq, 1).await.unwrap();
    assert_eq!(later, [changes[1]]);
}

#[tokio::test]
async fn articles_after_pages_through_everything() {
    let (_dir, store) = open().await;
    for key in ["a", "b", "c"] {
        store
            .import_article(key, &article(key, "2030-01-08T09:00:00Z"), ts(NOW))
            .await
            .unwrap();
    }
    let first = store.articles_after(ArticleId(0), 2).await.unwrap();
    assert_eq!(first.len(), 2);
    let rest = store.articles_after(first[1].id, 2).await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].title, "c");
    let sections = store.sections().await.unwrap();
    assert_eq!(sections[0].slug, "news");
    assert_eq!(sections[0].name, "أخبار");
}

#[tokio::test]
async fn keyset_pages_stay_stable_when_new_articles_arrive() {
    let (_dir, store) = open().await;
    // Ten articles, two per day, so equal timestamps are ordered by id.
    for i in 0..10 {
        let day = 1 + i / 2;
        store
            .import_article(
                &format!("k{i}"),
                &article(&format!("a{i}"), &format!("2025-01-{day:02}T09:00:00Z")),
                ts(NOW),
            )
            .await
            .unwrap();
    }
    let all = ListFilter::default();
    let first = store
        .list_published(ts(NOW), &all, Page::First, 4)
        .await
        .unwrap();
    let next = Page::Before(first.last().unwrap().cursor());
    let before = store.list_published(ts(NOW), &all, next, 4).await.unwrap();
    // Publishing something new does not shift the second page.
    store
        .import_article("fresh", &article("fresh", "2025-02-01T09:00:00Z"), ts(NOW))
        .await
        .unwrap();
    let after = store.list_published(ts(NOW), &all, next, 4).await.unwrap();
    assert_eq!(before, after);
    let titles: Vec<_> = first
        .iter()
        .chain(&before)
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(titles, ["a9", "a8", "a7", "a6", "a5", "a4", "a3", "a2"]);
}

#[tokio::test]
async fn sections_tags_and_authors_filter_lists() {
    let (_dir, store) = open().await;
    let sport = store.upsert_section("sport", "رياضة").await.unwrap();
    assert_eq!(
        store.upsert_section("sport", "الرياضة").await.unwrap().id,
        sport.id
    );
    let mut a = article("مباراة", "2025-01-08T09:00:00Z");
    a.section_slug = "sport".into();
    let (match_id, _) = store.import_article("m", &a, ts(NOW)).await.unwrap();
    let (other, _) = store
        .import_article("o", &article("اقتصاد", "2025-01-08T09:00:00Z"), ts(NOW))
        .await
        .unwrap();

    let tag = store.upsert_tag("football", "كرة القدم").await.unwrap();
    let writer = store
        .upsert_author("sara", "سارة أحمد", "صحفية رياضية")
        .await
        .unwrap();
    let before = store.last_change().await.unwrap();
    store
        .set_article_tags(match_id, &[tag.id], ts(NOW))
        .await
        .unwrap();
    store
        .set_article_authors(match_id, &[writer.id], ts(NOW))
        .await
        .unwrap();
    assert!(
        store.last_change().await.unwrap() > before,
        "readers see tags: a change"
    );

    let stored = store.article(match_id).await.unwrap().unwrap();
    assert_eq!(stored.tags, std::slice::from_ref(&tag));
    assert_eq!(stored.authors[0].bio, "صحفية رياضية");
    assert_eq!(
        store.section_by_slug("sport").await.unwrap().unwrap().name,
        "الرياضة"
    );
    assert_eq!(
        store.tag_by_slug("football").await.unwrap(),
        Some(tag.clone())
    );
    assert_eq!(
        store.author_by_slug("sara").await.unwrap(),
        Some(writer.clone())
    );
    assert_eq!(store.author_by_slug("nobody").await.unwrap(), None);

    let ids =
        |list: Vec<nashir_core::ArticleSummary>| list.into_iter().map(|s| s.id).collect::<Vec<_>>();
    for filter in [
        ListFilter {
            section: Some(sport.id),
            ..ListFilter::default()
        },
        ListFilter {
            tag: Some(tag.id),
            ..ListFilter::default()
        },
        ListFilter {
            author: Some(writer.id),
            ..ListFilter::default()
        },
    ] {
        let list = store
            .list_published(ts(NOW), &filter, Page::First, 10)
            .await
            .unwrap();
        assert_eq!(ids(list), [match_id], "{filter:?}");
    }
    let archive = ListFilter {
        from: Some(ts("2025-01-08T00:00:00Z")),
        until: Some(ts("2025-01-09T00:00:00Z")),
        ..ListFilter::default()
    };
    assert_eq!(
        store
            .list_published(ts(NOW), &archive, Page::First, 10)
            .await
            .unwrap()
            .len(),
        2
    );
    let later = ListFilter {
        from: Some(ts("2025-01-09T00:00:00Z")),
        ..ListFilter::default()
    };
    assert!(
        store
            .list_published(ts(NOW), &later, Page::First, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .set_article_tags(ArticleId(999), &[tag.id], ts(NOW))
            .await
            .is_err()
    );
    let _ = other;
}

#[tokio::test]
async fn views_add_up_into_most_read() {
    let (_dir, store) = open().await;
    let (a, _) = store
        .import_article("a", &article("أ", "2025-01-08T09:00:00Z"), ts(NOW))
        .await
        .unwrap();
    let (b, _) = store
        .import_article("b", &article("ب", "2025-01-08T09:00:00Z"), ts(NOW))
        .await
        .unwrap();
    let v = |id, day, count| Views {
        article_id: id,
        day,
        count,
    };
    store
        .record_views(&[v(a, 100, 3), v(b, 100, 5)])
        .await
        .unwrap();
    store
        .record_views(&[v(a, 101, 4), v(ArticleId(999), 101, 50)])
        .await
        .unwrap();
    let ranked = store
        .most_read(
            nashir_core::language::Language::Arabic,
            ts(NOW),
            100,
            101,
            10,
        )
        .await
        .unwrap();
    let ranked: Vec<_> = ranked.iter().map(|(s, n)| (s.id, *n)).collect();
    assert_eq!(ranked, [(a, 7), (b, 5)], "deleted articles drop out");
    let day = store
        .most_read(
            nashir_core::language::Language::Arabic,
            ts(NOW),
            100,
            100,
            10,
        )
        .await
        .unwrap();
    assert_eq!(day[0].0.id, b);
    let urls = store.published_urls(ts(NOW), 0, 10).await.unwrap();
    assert_eq!(urls.len(), 2);
    assert_eq!(urls[0].id, a);
    assert!(urls[0].href().starts_with(&format!("/ar/news/{}/", a.0)));
}

#[tokio::test]
async fn a_batch_commits_good_items_and_drops_bad_ones_whole() {
    let (_dir, store) = open().await;
    let mut bad = article("سيء", "2025-01-08T09:00:00Z");
    bad.section_slug = "missing".into();
    let items = vec![
        ("a".to_string(), article("أ", "2025-01-08T09:00:00Z")),
        ("bad".to_string(), bad),
        ("b".to_string(), article("ب", "2025-01-08T09:00:00Z")),
    ];
    let results = store.import_batch(&items, ts(NOW)).await.unwrap();
    assert!(matches!(results[0], Ok((_, ImportOutcome::Created))));
    assert!(matches!(results[1], Err(StoreError::UnknownSection(_))));
    assert!(matches!(results[2], Ok((_, ImportOutcome::Created))));
    assert_eq!(store.article_count().await.unwrap(), 2);
    let revisions: i64 = sqlx::query_scalar("SELECT count(*) FROM revisions")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(revisions, 2, "the bad item left no revision behind");
}

#[tokio::test]
async fn sections_tags_authors_and_images_enter_the_change_log() {
    let (_dir, store) = open().await;
    let mut seen = store.last_change().await.unwrap();
    let mut moved = |now: i64, what: &str| {
        assert!(now > seen, "{what} is in the change log");
        seen = now;
    };
    store.upsert_section("economy", "اقتصاد").await.unwrap();
    moved(store.last_change().await.unwrap(), "a new section");
    store.upsert_section("economy", "الاقتصاد").await.unwrap();
    moved(store.last_change().await.unwrap(), "a renamed section");
    store.upsert_tag("iraq", "العراق").await.unwrap();
    moved(store.last_change().await.unwrap(), "a tag");
    store.upsert_author("ali", "علي", "").await.unwrap();
    moved(store.last_change().await.unwrap(), "an author");
    let user = store
        .create_user(
            "u@example.com",
            "u",
            nashir_core::permissions::Role::Editor,
            "h",
            ts(NOW),
        )
        .await
        .unwrap();
    let image = store
        .add_media("jpg", (800, 600), &[400, 800], "", Some(user.id), ts(NOW))
        .await
        .unwrap();
    moved(store.last_change().await.unwrap(), "an image");
    let alt = nashir_app::NewsroomWrite::MediaAlt {
        media: image.id,
        alt: "جسر".into(),
    };
    let audit = nashir_app::Audit {
        by: Some(user.id),
        action: "media-alt".into(),
        target: "جسر".into(),
    };
    assert!(store.newsroom_write(&alt, &audit, ts(NOW)).await.unwrap());
    moved(store.last_change().await.unwrap(), "an image's alt text");
    let changes = store.changes_since(0, 100).await.unwrap();
    assert_eq!(
        changes.last().unwrap().article_id,
        ArticleId(0),
        "article 0: the whole site"
    );
}

#[tokio::test]
async fn many_articles_are_read_whole_in_the_order_asked() {
    let (_dir, store) = open().await;
    let mut ids = Vec::new();
    for key in ["a", "b", "c"] {
        let (id, _) = store
            .import_article(key, &article(key, "2025-01-08T09:00:00Z"), ts(NOW))
            .await
            .unwrap();
        ids.push(id);
    }
    let (a, b, c) = (ids[0], ids[1], ids[2]);
    let t1 = store.upsert_tag("t1", "وسم أول").await.unwrap();
    let t2 = store.upsert_tag("t2", "وسم ثان").await.unwrap();
    let w1 = store.upsert_author("w1", "كاتب أول", "نبذة").await.unwrap();
    let w2 = store.upsert_author("w2", "كاتب ثان", "").await.unwrap();
    // Orders that are neither by id nor by name: the stored order must win.
    store
        .set_article_tags(a, &[t2.id, t1.id], ts(NOW))
        .await
        .unwrap();
    store.set_article_tags(b, &[t2.id], ts(NOW)).await.unwrap();
    store
        .set_article_authors(a, &[w2.id, w1.id], ts(NOW))
        .await
        .unwrap();
    store
        .set_article_authors(c, &[w1.id], ts(NOW))
        .await
        .unwrap();

    let many = store.articles(&[c, ArticleId(999), a, b]).await.unwrap();
    assert_eq!(many.iter().map(|x| x.id).collect::<Vec<_>>(), [c, a, b]);
    // Each is exactly what reading it alone gives.
    for got in &many {
        assert_eq!(Some(got), store.article(got.id).await.unwrap().as_ref());
    }
    fn names(a: &nashir_core::Article) -> (Vec<&str>, Vec<&str>) {
        (
            a.tags.iter().map(|t| t.slug.as_str()).collect(),
            a.authors.iter().map(|w| w.slug.as_str()).collect(),
        )
    }
    assert_eq!(names(&many[1]), (vec!["t2", "t1"], vec!["w2", "w1"]));
    assert_eq!(names(&many[2]), (vec!["t2"], Vec::<&str>::new()));
    assert_eq!(names(&many[0]), (Vec::<&str>::new(), vec!["w1"]));
    assert_eq!(many[1].authors[1].bio, "نبذة");
    assert!(store.articles(&[]).await.unwrap().is_empty());
}
