//! The outbox, comments, rate events and site secrets through the Store port.

use std::sync::Arc;

use jiff::Timestamp;
use nashir_app::records::{CommentStatus, Limit, NewComment, OutgoingMail};
use nashir_app::{
    AccountStore, ArticleStore, CommentStore, Guarded, LimitStore, ListingStore, OutboxStore,
};
use nashir_store_sql::SqlStore;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

async fn open() -> (tempfile::TempDir, SqlStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqlStore::open_for_test(dir.path()).await.unwrap();
    (dir, store)
}

fn mail(to: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "friend".into(),
        recipient: to.into(),
        sender: "news@example.com".into(),
        message: format!("To: {to}\r\n\r\nنص").into_bytes(),
    }
}

#[tokio::test]
async fn concurrent_workers_never_claim_the_same_message() {
    let (_dir, store) = open().await;
    let store = Arc::new(store);
    let now = ts("2026-01-01T00:00:00Z");
    for i in 0..20 {
        store
            .enqueue_mails(&[mail(&format!("r{i}@example.com"))], &[], now)
            .await
            .unwrap()
            .done()
            .unwrap();
    }
    let hold = ts("2026-01-01T00:05:00Z");
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut got = Vec::new();
                while let Some(m) = store.claim_mail(now, hold).await.unwrap() {
                    got.push(m.id);
                }
                got
            })
        })
        .collect();
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.unwrap());
    }
    all.sort();
    assert_eq!(
        all,
        (1..=20).collect::<Vec<i64>>(),
        "each message claimed exactly once"
    );
}

#[tokio::test]
async fn a_message_is_retried_when_due_released_when_its_holder_dies_and_never_after_sent() {
    let (_dir, store) = open().await;
    let t0 = ts("2026-01-01T00:00:00Z");
    let at = |m: &str| ts(&format!("2026-01-01T00:{m}:00Z"));
    let id = store
        .enqueue_mails(&[mail("a@example.com")], &[], t0)
        .await
        .unwrap()
        .done()
        .unwrap()[0];
    let claimed = store.claim_mail(t0, at("05")).await.unwrap().unwrap();
    assert_eq!((claimed.id, claimed.attempts), (id, 1));
    assert_eq!(claimed.message, mail("a@example.com").message);
    // Held: nobody else gets it until the hold runs out (a worker that died).
    assert!(
        store
            .claim_mail(at("04"), at("09"))
            .await
            .unwrap()
            .is_none()
    );
    let again = store.claim_mail(at("05"), at("10")).await.unwrap().unwrap();
    assert_eq!(again.attempts, 2);
    store
        .mail_failed(id, "connection refused", Some(at("20")), at("06"))
        .await
        .unwrap();
    assert!(
        store
            .claim_mail(at("19"), at("25"))
            .await
            .unwrap()
            .is_none()
    );
    let third = store.claim_mail(at("20"), at("25")).await.unwrap().unwrap();
    assert_eq!(third.attempts, 3);
    store.mail_sent(id, at("21")).await.unwrap();
    assert!(
        store
            .claim_mail(ts("2026-02-01T00:00:00Z"), ts("2026-02-01T00:05:00Z"))
            .await
            .unwrap()
            .is_none()
    );
    let listed = store.outbox(10).await.unwrap();
    assert_eq!(listed[0].sent_at, Some(at("21")));
    assert_eq!(listed[0].last_error, None);
    // Given up: failed, never claimed again.
    let id2 = store
        .enqueue_mails(&[mail("b@example.com")], &[], at("30"))
        .await
        .unwrap()
        .done()
        .unwrap()[0];
    store.claim_mail(at("30"), at("35")).await.unwrap().unwrap();
    store
        .mail_failed(id2, "550 no such user", None, at("31"))
        .await
        .unwrap();
    assert!(
        store
            .claim_mail(ts("2026-03-01T00:00:00Z"), ts("2026-03-01T00:05:00Z"))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.outbox(10).await.unwrap()[0].last_error.as_deref(),
        Some("550 no such user")
    );
}

fn limit(key: &str, max: u32, minutes: i64) -> Limit {
    Limit {
        key: key.into(),
        max,
        window: jiff::SignedDuration::from_mins(minutes),
    }
}

#[tokio::test]
async fn reservations_count_within_their_window_and_take_all_or_nothing() {
    let (_dir, store) = open().await;
    let t = ts("2026-01-01T12:00:00Z");
    let both = [limit("comment:1.2.3.4", 2, 10), limit("friend-site", 5, 60)];
    let first = store.reserve(&both, t).await.unwrap().unwrap();
    assert_eq!(first.len(), 2);
    store
        .reserve(&both[..1], ts("2026-01-01T12:05:00Z"))
        .await
        .unwrap()
        .unwrap();
    // The comment limit is full: neither slot is taken.
    assert!(
        store
            .reserve(&both, ts("2026-01-01T12:06:00Z"))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.rate_events("friend-site", t).await.unwrap(), 1);
    // Ten minutes after the first, its slot has left the window.
    assert!(
        store
            .reserve(&both, ts("2026-01-01T12:10:30Z"))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        store
            .rate_events("comment:1.2.3.4", ts("2026-01-01T11:00:00Z"))
            .await
            .unwrap(),
        3
    );
    // A released slot no longer counts; the others stay.
    store.release(&first).await.unwrap();
    assert_eq!(store.rate_events("comment:1.2.3.4", t).await.unwrap(), 2);
    assert_eq!(store.rate_events("friend-site", t).await.unwrap(), 1);
    store.clear_rate_events("comment:1.2.3.4").await.unwrap();
    assert_eq!(store.rate_events("comment:1.2.3.4", t).await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_reservations_never_pass_the_limit() {
    let (_dir, store) = open().await;
    let store = Arc::new(store);
    let t = ts("2026-01-01T12:00:00Z");
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .reserve(&[limit("login:pair:a@x.org|1.2.3.4", 5, 15)], t)
                    .await
                    .unwrap()
                    .is_some()
            })
        })
        .collect();
    let mut taken = 0;
    for task in tasks {
        taken += usize::from(task.await.unwrap());
    }
    assert_eq!(taken, 5);
}

#[tokio::test]
async fn a_batch_of_mail_is_queued_whole_under_its_limit_or_not_at_all() {
    let (_dir, store) = open().await;
    let t = ts("2026-01-01T12:00:00Z");
    let notice = [limit("comment-notice:7", 1, 15)];
    let batch = [mail("a@example.com"), mail("b@example.com")];
    let first = store.enqueue_mails(&batch, &notice, t).await.unwrap();
    assert_eq!(first.done().map(|ids| ids.len()), Some(2));
    let second = store.enqueue_mails(&batch, &notice, t).await.unwrap();
    assert_eq!(second, Guarded::OverLimit);
    assert_eq!(store.outbox(10).await.unwrap().len(), 2);
}

#[tokio::test]
async fn the_first_secret_stored_wins() {
    let (_dir, store) = open().await;
    assert_eq!(store.site_secret("forms", "first").await.unwrap(), "first");
    assert_eq!(store.site_secret("forms", "second").await.unwrap(), "first");
    assert_eq!(store.site_secret("other", "x").await.unwrap(), "x");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_comments_pass_neither_the_duplicate_rule_nor_the_limit() {
    let (_dir, store) = open().await;
    let store = Arc::new(store);
    let id = published_article(&store).await;
    let t = ts("2026-01-01T01:00:00Z");
    let since = ts("2026-01-01T00:00:00Z");
    // Ten copies of one text and twenty different ones, all at once; at most
    // five comments from the address in the window.
    let tasks: Vec<_> = (0..30)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut c = pending_comment(id);
                if i >= 10 {
                    c.fingerprint = format!("different {i}");
                }
                let limit = limit("comment:1.2.3.4", 5, 10);
                store.add_comment(&c, &[limit], since, t).await.unwrap()
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap());
    }
    let stored = outcomes
        .iter()
        .filter(|o| matches!(o, Guarded::Done(_)))
        .count();
    assert_eq!(stored, 5, "{outcomes:?}");
    // Of the ten copies, at most the first to run is stored; then the other nine
    // are duplicates. When the five different ones filled the limit before any
    // copy ran, every copy is over the limit instead (the duplicate rule is
    // checked first, and there is nothing to be a duplicate of).
    let copies = &outcomes[..10];
    let stored_copies = copies
        .iter()
        .filter(|o| matches!(o, Guarded::Done(_)))
        .count();
    let duplicates = copies.iter().filter(|o| **o == Guarded::Duplicate).count();
    let over = copies.iter().filter(|o| **o == Guarded::OverLimit).count();
    match stored_copies {
        1 => assert_eq!(duplicates, 9, "{outcomes:?}"),
        0 => assert_eq!(over, 10, "{outcomes:?}"),
        n => panic!("{n} copies of one text stored: {outcomes:?}"),
    }
    // What was refused left nothing behind: five comments, five slots.
    let counts = store.comment_counts().await.unwrap();
    assert!(counts.contains(&(CommentStatus::Pending, 5)), "{counts:?}");
    assert_eq!(
        store.rate_events("comment:1.2.3.4", since).await.unwrap(),
        5
    );
    // Once the earlier one is older than the window, the same text is stored.
    let c = pending_comment(id);
    let later = ts("2026-01-01T01:30:00Z");
    let after_window = store.add_comment(&c, &[], ts("2026-01-01T01:10:00Z"), later);
    assert!(matches!(after_window.await.unwrap(), Guarded::Done(_)));
}

/// An article published on 2026-01-01, for comments.
async fn published_article(store: &SqlStore) -> nashir_core::ArticleId {
    let a = nashir_core::NewArticle {
        language: nashir_core::language::Language::Arabic,
        section_slug: "news".into(),
        title: "خبر".into(),
        lead: "مقدمة".into(),
        body: vec![],
        source: None,
        status: nashir_core::Status::Published,
        published_at: Some(ts("2026-01-01T00:00:00Z")),
        updated_at: ts("2026-01-01T00:00:00Z"),
        publishing: Default::default(),
    };
    store
        .import_article("k", &a, ts("2026-01-01T00:00:00Z"))
        .await
        .unwrap()
        .0
}

fn pending_comment(article_id: nashir_core::ArticleId) -> NewComment {
    NewComment {
        article_id,
        parent_id: None,
        author_name: "سارة".into(),
        author_email: None,
        body: "نص".into(),
        fingerprint: "f".into(),
        address: "1.2.3.4".into(),
    }
}

#[tokio::test]
async fn approving_a_comment_enters_the_change_log_and_pending_ones_do_not() {
    let (_dir, store) = open().await;
    let id = published_article(&store).await;
    let before = store.last_change().await.unwrap();
    let c = pending_comment(id);
    let cid = store
        .add_comment(
            &c,
            &[],
            ts("2026-01-01T00:00:00Z"),
            ts("2026-01-01T01:00:00Z"),
        )
        .await
        .unwrap()
        .done()
        .unwrap();
    assert_eq!(
        store.last_change().await.unwrap(),
        before,
        "pending: readers see nothing new"
    );
    let editor = store
        .create_user(
            "e@example.com",
            "محرر",
            nashir_core::permissions::Role::Editor,
            "x",
            ts("2026-01-01T00:00:00Z"),
        )
        .await
        .unwrap();
    // An audit line that cannot be written (no such moderator) takes the decision with it.
    let failing = store
        .moderate_comments(
            &[cid],
            Some(CommentStatus::Approved),
            &moderation(999_999),
            ts("2026-01-01T01:30:00Z"),
        )
        .await;
    assert!(failing.is_err());
    assert_eq!(store.last_change().await.unwrap(), before, "still pending");
    let approve = |at: &'static str| {
        let store = &store;
        async move {
            store
                .moderate_comments(
                    &[cid, 999],
                    Some(CommentStatus::Approved),
                    &moderation(editor.id),
                    ts(at),
                )
                .await
                .unwrap()
        }
    };
    assert_eq!(approve("2026-01-01T02:00:00Z").await, 1);
    let after_approval = store.last_change().await.unwrap();
    assert!(after_approval > before, "approval changes the article page");
    assert_eq!(
        approve("2026-01-01T03:00:00Z").await,
        0,
        "already approved: no change"
    );
    assert_eq!(store.last_change().await.unwrap(), after_approval);
    let shown = store
        .article_comments(id, CommentStatus::Approved)
        .await
        .unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].moderated_at, Some(ts("2026-01-01T02:00:00Z")));
    let counts = store.comment_counts().await.unwrap();
    assert!(
        counts.contains(&(CommentStatus::Approved, 1))
            && counts.contains(&(CommentStatus::Pending, 0))
    );
    assert_eq!(
        store
            .moderate_comments(
                &[cid],
                None,
                &moderation(editor.id),
                ts("2026-01-01T04:00:00Z"),
            )
            .await
            .unwrap(),
        1
    );
    assert!(
        store.last_change().await.unwrap() > after_approval,
        "deleting an approved one too"
    );
    assert!(store.comment(cid).await.unwrap().is_none());
}

/// The audit line a moderation by `editor` writes with it.
fn moderation(editor: i64) -> nashir_app::Audit {
    nashir_app::Audit {
        by: Some(editor),
        action: "comment.approve".into(),
        target: "test".into(),
    }
}
