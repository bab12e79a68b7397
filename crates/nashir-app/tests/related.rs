//! Related stories, the use-cases over the SQL store: what readers see (pinned
//! first, then the index's choice, public articles only, five at most), the
//! newsroom's pins and removals and who may make them, and each write's place in
//! the change log.

mod common;

use common::{Newsroom, arabic, newsroom, user};
use nashir_app::Clock;
use nashir_app::accounts::User;
use nashir_app::editor::{Draft, EditError, SaveAction};
use nashir_app::records::RelatedOrigin;
use nashir_app::related::{MAX_RELATED, RelatedAction};
use nashir_core::ArticleId;
use nashir_core::permissions::Role;

async fn article(n: &Newsroom, by: &User, title: &str, action: SaveAction) -> ArticleId {
    let draft = Draft {
        title: title.into(),
        lead: "مقدمة".into(),
        body: "فقرة".into(),
        section: "news".into(),
        ..Draft::default()
    };
    n.app.save_article(by, None, &draft, action).await.unwrap()
}

async fn shown(n: &Newsroom, id: ArticleId) -> Vec<ArticleId> {
    let a = n.store.article(id).await.unwrap().unwrap();
    let related = n.app.related_articles(&a).await.unwrap();
    related.articles.iter().map(|s| s.id).collect()
}

fn invalid(result: Result<(), EditError>) -> String {
    match result {
        Err(EditError::Invalid(problems)) => arabic(&problems).join(" "),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn readers_see_pins_first_then_the_index_and_the_newsroom_is_checked() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let author = user(&n, "au@x.com", Role::Author).await;
    let a = article(&n, &editor, "الخبر", SaveAction::Publish).await;
    let mut others = Vec::new();
    for i in 0..9 {
        others.push(article(&n, &editor, &format!("خبر {i}"), SaveAction::Publish).await);
    }
    let draft = article(&n, &editor, "مسودة", SaveAction::Draft).await;
    let now = n.clock.now();

    // The index's choice: stored in order, logged once, and not again when the same.
    let last = n.store.last_change().await.unwrap();
    let mut choice: Vec<ArticleId> = others[..7].to_vec();
    choice.insert(2, draft);
    choice.push(ArticleId(999_999));
    choice.push(a);
    let written = n
        .store
        .set_computed_related(&[(a, choice.clone())], now)
        .await
        .unwrap();
    assert_eq!(written.len(), 1);
    let logged = n.store.changes_since(last, 10).await.unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!((logged[0].seq, logged[0].article_id), (written[0], a));
    assert!(
        n.store
            .set_computed_related(&[(a, choice)], now)
            .await
            .unwrap()
            .is_empty()
    );
    // Not the draft, the unknown nor itself; five.
    assert_eq!(shown(&n, a).await, others[..5]);
    let read = n
        .app
        .related_articles(&n.store.article(a).await.unwrap().unwrap())
        .await
        .unwrap();
    assert_eq!(read.changed_at, Some(now));

    // Pinned: first, in the order pinned; five at most.
    for id in [others[8], others[4]] {
        n.app
            .edit_related(&editor, a, RelatedAction::Pin(id))
            .await
            .unwrap();
    }
    assert_eq!(
        shown(&n, a).await,
        [others[8], others[4], others[0], others[1], others[2]]
    );
    for id in [others[0], others[1], others[2]] {
        n.app
            .edit_related(&editor, a, RelatedAction::Pin(id))
            .await
            .unwrap();
    }
    let full = invalid(
        n.app
            .edit_related(&editor, a, RelatedAction::Pin(others[3]))
            .await,
    );
    assert!(full.contains(&MAX_RELATED.to_string()), "{full}");
    // Pinning again changes nothing and logs nothing.
    let last = n.store.last_change().await.unwrap();
    n.app
        .edit_related(&editor, a, RelatedAction::Pin(others[8]))
        .await
        .unwrap();
    assert_eq!(n.store.last_change().await.unwrap(), last);
    for id in [others[0], others[1], others[2], others[4]] {
        n.app
            .edit_related(&editor, a, RelatedAction::Unpin(id))
            .await
            .unwrap();
    }

    // Removed: never shown, whatever the index chooses later.
    n.app
        .edit_related(&editor, a, RelatedAction::Remove(others[0]))
        .await
        .unwrap();
    assert!(!shown(&n, a).await.contains(&others[0]));
    n.store
        .set_computed_related(&[(a, others[..6].to_vec())], now)
        .await
        .unwrap();
    assert!(!shown(&n, a).await.contains(&others[0]));
    let desk = n.app.related_desk(&editor, a).await.unwrap();
    let origins: Vec<(ArticleId, RelatedOrigin, bool)> = desk
        .entries
        .iter()
        .map(|e| (e.id, e.origin, e.shown))
        .collect();
    assert_eq!(origins[0], (others[8], RelatedOrigin::Pinned, true));
    assert_eq!(
        origins.last(),
        Some(&(others[0], RelatedOrigin::Removed, false))
    );
    assert!(!desk.recent.iter().any(|s| s.id == a || s.id == others[8]));
    n.app
        .edit_related(&editor, a, RelatedAction::Restore(others[0]))
        .await
        .unwrap();

    // Unpublished: out of what readers see at once.
    n.app
        .save_article(
            &editor,
            Some(others[1]),
            &Draft {
                title: "خبر 1".into(),
                lead: "مقدمة".into(),
                body: "فقرة".into(),
                section: "news".into(),
                base_revision: Some(1),
                ..Draft::default()
            },
            SaveAction::Unpublish,
        )
        .await
        .unwrap();
    assert!(!shown(&n, a).await.contains(&others[1]));

    // Who may: those who may edit the article; never itself, nor what is not there.
    assert!(matches!(
        n.app
            .edit_related(&author, a, RelatedAction::Remove(others[2]))
            .await,
        Err(EditError::Forbidden)
    ));
    assert!(matches!(
        n.app.related_desk(&author, a).await,
        Err(EditError::Forbidden)
    ));
    let own = article(&n, &author, "خبري", SaveAction::Draft).await;
    n.app
        .edit_related(&author, own, RelatedAction::Pin(a))
        .await
        .unwrap();
    assert_eq!(
        n.app.related_desk(&author, own).await.unwrap().entries[0].id,
        a
    );
    assert!(invalid(n.app.edit_related(&editor, a, RelatedAction::Pin(a)).await).contains("نفسه"));
    let unknown = invalid(
        n.app
            .edit_related(&editor, a, RelatedAction::Pin(ArticleId(424_242)))
            .await,
    );
    assert!(unknown.contains("424242"), "{unknown}");
    n.app.delete_article(&editor, others[5]).await.unwrap();
    invalid(
        n.app
            .edit_related(&editor, a, RelatedAction::Pin(others[5]))
            .await,
    );
    let audit = n.store.audit_log(50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "related.pin" && e.user_id == Some(author.id))
    );
}
