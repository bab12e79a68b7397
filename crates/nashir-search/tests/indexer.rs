//! The index follows the database's change log: creates, edits, unpublishes, deletes.

use std::sync::Arc;

use nashir_app::search::{SearchRequest, SortOrder};
use nashir_app::{App, FixedClock, SiteSettings, Store};
use nashir_core::search_query::parse_query;
use nashir_search::{SearchEngine, catch_up};
use nashir_store_sql::SqlStore;

fn request(q: &str) -> SearchRequest {
    SearchRequest {
        query: parse_query(q),
        sort: SortOrder::Relevance,
        limit: 10,
        ..SearchRequest::default()
    }
}

#[tokio::test]
async fn catch_up_applies_every_kind_of_change() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqlStore::open_for_test(dir.path()).await.unwrap();
    let store: Arc<dyn Store> = Arc::new(sqlite.clone());
    let clock = Arc::new(FixedClock::new("2026-01-01T00:00:00Z".parse().unwrap()));
    let app = App::new(store.clone(), clock.clone(), SiteSettings::default());
    let (engine, _) = SearchEngine::open(&dir.path().join("search")).unwrap();
    let engine = Arc::new(engine);
    let text = |title: &str| {
        format!("التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025\n{title}\nمقدمة الخبر\n")
    };

    let a = app
        .import_reference("a", text("معرض الكتاب في الرياض").as_bytes(), "news")
        .await
        .unwrap();
    app.import_reference("b", text("معرض السيارات في الدوحة").as_bytes(), "news")
        .await
        .unwrap();
    assert_eq!(
        catch_up(&engine, store.as_ref(), clock.as_ref())
            .await
            .unwrap(),
        2
    );
    assert_eq!(engine.search(&request("معرض")).unwrap().total, 2);
    assert_eq!(
        engine.applied_seq().unwrap(),
        store.last_change().await.unwrap()
    );

    // Edited: the new words are found, the old ones are not.
    app.import_reference("a", text("معرض الكتاب في جدة").as_bytes(), "news")
        .await
        .unwrap();
    catch_up(&engine, store.as_ref(), clock.as_ref())
        .await
        .unwrap();
    assert_eq!(engine.search(&request("جدة")).unwrap().ids, [a.id]);
    assert_eq!(engine.search(&request("الرياض")).unwrap().total, 0);

    // Unpublished (a write the newsroom makes): gone from search.
    sqlx::query("UPDATE articles SET status = 'unpublished' WHERE id = $1")
        .bind(a.id.0)
        .execute(sqlite.pool())
        .await
        .unwrap();
    catch_up(&engine, store.as_ref(), clock.as_ref())
        .await
        .unwrap();
    assert_eq!(engine.search(&request("معرض")).unwrap().total, 1);

    // Deleted outright: gone too, and nothing is left to apply.
    sqlx::query("DELETE FROM articles")
        .execute(sqlite.pool())
        .await
        .unwrap();
    catch_up(&engine, store.as_ref(), clock.as_ref())
        .await
        .unwrap();
    assert_eq!(engine.search(&request("معرض")).unwrap().total, 0);
    assert_eq!(
        catch_up(&engine, store.as_ref(), clock.as_ref())
            .await
            .unwrap(),
        0
    );
}
