//! Live coverage, the use-cases end to end over the SQL store: the coverage's
//! life (start, entries newest first, close, reopen, cancel), who may run it,
//! the checks and their Arabic messages, and writes that are one transaction
//! with their audit line and their place in the change log.

mod common;

use common::{Newsroom, arabic, newsroom, user};
use jiff::Timestamp;
use nashir_app::accounts::User;
use nashir_app::editor::{Draft, EditError, SaveAction};
use nashir_app::live::{CoverageAction, EntryForm, MAX_ENTRY_CHARS, PAGE_ENTRIES};
use nashir_app::records::{EntryText, LiveOutcome, LiveWrite};
use nashir_app::{Audit, Clock};
use nashir_core::ArticleId;
use nashir_core::live::EntryKind;
use nashir_core::permissions::Role;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn text(body: &str) -> EntryForm {
    EntryForm {
        kind: "text".into(),
        body: body.into(),
        ..EntryForm::default()
    }
}

/// An article saved by `by` (published unless `draft`).
async fn article(n: &Newsroom, by: &User, publish: bool) -> ArticleId {
    let draft = Draft {
        title: "انتخابات: التغطية المباشرة".into(),
        lead: "نتائج الفرز أولاً بأول".into(),
        body: "فقرة".into(),
        section: "news".into(),
        ..Draft::default()
    };
    let action = if publish {
        SaveAction::Publish
    } else {
        SaveAction::Draft
    };
    n.app.save_article(by, None, &draft, action).await.unwrap()
}

/// A newsroom with an editor and their published article, its coverage open.
async fn live_article() -> (Newsroom, User, ArticleId) {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let id = article(&n, &editor, true).await;
    n.app
        .set_coverage(&editor, id, CoverageAction::Start)
        .await
        .unwrap();
    (n, editor, id)
}

fn problems(result: Result<impl std::fmt::Debug, EditError>) -> Vec<String> {
    match result {
        Err(EditError::Invalid(p)) => arabic(&p),
        other => panic!("expected problems, got {other:?}"),
    }
}

async fn audit_actions(n: &Newsroom, count: u32) -> Vec<String> {
    let mut log: Vec<String> = n
        .store
        .audit_log(count)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    log.reverse();
    log
}

#[tokio::test]
async fn coverage_starts_takes_entries_newest_first_closes_and_reopens() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let id = article(&n, &editor, true).await;
    let published = n.store.article(id).await.unwrap().unwrap();
    assert_eq!(published.live, None);

    n.clock.set(ts("2026-03-01T10:00:00Z"));
    n.app
        .set_coverage(&editor, id, CoverageAction::Start)
        .await
        .unwrap();
    let a = n.store.article(id).await.unwrap().unwrap();
    let coverage = a.live.unwrap();
    assert_eq!(
        (coverage.started_at, coverage.ended_at),
        (ts("2026-03-01T10:00:00Z"), None)
    );
    assert_eq!(a.updated_at, published.updated_at, "starting is no update");

    n.clock.set(ts("2026-03-01T10:05:00Z"));
    let first = n
        .app
        .add_live_entry(&editor, id, &text("فُتحت مراكز الاقتراع."))
        .await
        .unwrap();
    n.clock.set(ts("2026-03-01T10:20:00Z"));
    let quote = EntryForm {
        kind: "quote".into(),
        body: "«الإقبال كبير»".into(),
        attribution: "رئيس اللجنة".into(),
        media: None,
    };
    let second = n.app.add_live_entry(&editor, id, &quote).await.unwrap();
    n.clock.set(ts("2026-03-01T10:30:00Z"));
    let now = n.clock.now();
    let photo = n
        .store
        .add_media("jpg", (800, 600), &[800], "طابور أمام مركز", None, now)
        .await
        .unwrap();
    let image = EntryForm {
        kind: "image".into(),
        body: String::new(),
        attribution: "ignored".into(),
        media: Some(photo.id),
    };
    let third = n.app.add_live_entry(&editor, id, &image).await.unwrap();

    let desk = n.app.live_desk(&editor, id, None).await.unwrap();
    let ids: Vec<i64> = desk.page.entries.iter().map(|e| e.id).collect();
    assert_eq!(ids, [third, second, first], "newest first");
    assert_eq!((desk.count, desk.page.older), (3, None));
    let [img, q, t] = &desk.page.entries[..] else {
        panic!()
    };
    assert_eq!(
        (t.kind, t.body.as_str()),
        (EntryKind::Text, "فُتحت مراكز الاقتراع.")
    );
    assert_eq!(
        (q.kind, q.attribution.as_str()),
        (EntryKind::Quote, "رئيس اللجنة")
    );
    assert_eq!(img.kind, EntryKind::Image);
    assert_eq!(img.attribution, "", "only quotes keep an attribution");
    assert_eq!(
        img.media.as_ref().map(|m| m.alt.as_str()),
        Some("طابور أمام مركز")
    );
    assert_eq!(
        (t.created_at, t.created_by),
        (ts("2026-03-01T10:05:00Z"), Some(editor.id))
    );

    let a = n.store.article(id).await.unwrap().unwrap();
    assert_eq!(a.updated_at, now, "a new entry is an update readers see");
    assert_eq!(a.modified_at, now);
    assert_eq!(
        a.revision, published.revision,
        "entries are no revision of the text"
    );

    n.clock.set(ts("2026-03-01T18:00:00Z"));
    n.app
        .set_coverage(&editor, id, CoverageAction::Close)
        .await
        .unwrap();
    let a = n.store.article(id).await.unwrap().unwrap();
    assert_eq!(a.live.unwrap().ended_at, Some(ts("2026-03-01T18:00:00Z")));
    assert_eq!(a.updated_at, now, "closing is no update");
    assert_eq!(
        problems(n.app.add_live_entry(&editor, id, &text("متأخر")).await),
        ["التغطية المباشرة غير مفتوحة: ابدأها أو أعد فتحها لإضافة تحديث."]
    );
    assert_eq!(
        problems(n.app.set_coverage(&editor, id, CoverageAction::Close).await),
        ["لا تغطية مباشرة مفتوحة على هذا الخبر."]
    );

    // A fix after the close: the entry keeps its time and place.
    n.clock.set(ts("2026-03-01T19:00:00Z"));
    n.app
        .edit_live_entry(&editor, id, first, &text("فُتحت مراكز الاقتراع في السابعة."))
        .await
        .unwrap();
    let fixed = n.app.live_entry(&editor, id, first).await.unwrap();
    assert_eq!(fixed.body, "فُتحت مراكز الاقتراع في السابعة.");
    assert_eq!(fixed.created_at, ts("2026-03-01T10:05:00Z"));
    assert_eq!(fixed.edited_at, Some(ts("2026-03-01T19:00:00Z")));
    let a = n.store.article(id).await.unwrap().unwrap();
    assert_eq!(
        (a.updated_at, a.modified_at),
        (now, ts("2026-03-01T19:00:00Z"))
    );

    n.app
        .set_coverage(&editor, id, CoverageAction::Start)
        .await
        .unwrap();
    let coverage = n.store.article(id).await.unwrap().unwrap().live.unwrap();
    assert_eq!(
        (coverage.started_at, coverage.ended_at),
        (ts("2026-03-01T10:00:00Z"), None),
        "reopening keeps the start"
    );
    n.app.delete_live_entry(&editor, id, second).await.unwrap();
    let desk = n.app.live_desk(&editor, id, None).await.unwrap();
    assert_eq!(desk.count, 2);
    assert!(matches!(
        n.app.delete_live_entry(&editor, id, second).await,
        Err(EditError::NotFound)
    ));

    assert_eq!(
        audit_actions(&n, 8).await,
        [
            "live.start",
            "live.add",
            "live.add",
            "live.add",
            "live.close",
            "live.edit",
            "live.reopen",
            "live.delete"
        ]
    );
    let log = n.store.audit_log(1).await.unwrap();
    assert_eq!(log[0].target, format!("{id}#entry-{second}: «الإقبال كبير»"));
    assert_eq!(log[0].user_id, Some(editor.id));
}

#[tokio::test]
async fn whoever_may_publish_the_article_runs_its_coverage() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let author = user(&n, "au@x.com", Role::Author).await;
    let other = user(&n, "other@x.com", Role::Author).await;
    let contributor = user(&n, "co@x.com", Role::Contributor).await;
    let admin = user(&n, "admin@x.com", Role::Admin).await;

    let theirs = article(&n, &author, true).await;
    let start = async |u: &User, id| n.app.set_coverage(u, id, CoverageAction::Start).await;
    assert!(matches!(
        start(&other, theirs).await,
        Err(EditError::Forbidden)
    ));
    assert!(matches!(
        n.app.live_desk(&other, theirs, None).await,
        Err(EditError::Forbidden)
    ));
    start(&author, theirs).await.unwrap();
    assert!(matches!(
        n.app.add_live_entry(&other, theirs, &text("x")).await,
        Err(EditError::Forbidden)
    ));
    let entry = n
        .app
        .add_live_entry(&author, theirs, &text("من الكاتب"))
        .await
        .unwrap();
    n.app
        .add_live_entry(&editor, theirs, &text("من المحرر"))
        .await
        .unwrap();
    assert!(matches!(
        n.app
            .edit_live_entry(&other, theirs, entry, &text("y"))
            .await,
        Err(EditError::Forbidden)
    ));
    assert!(matches!(
        n.app.delete_live_entry(&other, theirs, entry).await,
        Err(EditError::Forbidden)
    ));

    // A contributor writes drafts but publishes nothing, their own included.
    let draft = article(&n, &contributor, false).await;
    assert!(matches!(
        start(&contributor, draft).await,
        Err(EditError::Forbidden)
    ));
    start(&admin, draft).await.unwrap();

    // A disabled editor may do nothing.
    n.app
        .set_user_disabled(&admin, editor.id, true)
        .await
        .unwrap();
    let disabled = n.store.user(editor.id).await.unwrap().unwrap();
    assert!(matches!(
        n.app.add_live_entry(&disabled, theirs, &text("z")).await,
        Err(EditError::Forbidden)
    ));
    assert!(matches!(
        start(&editor, ArticleId(999_999)).await,
        Err(EditError::NotFound)
    ));
    assert_eq!(
        n.app.live_desk(&editor, theirs, None).await.unwrap().count,
        2
    );
}

#[tokio::test]
async fn bad_entries_are_refused_in_arabic_and_store_nothing() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let id = article(&n, &editor, true).await;
    assert_eq!(
        problems(n.app.add_live_entry(&editor, id, &text("قبل البدء")).await),
        ["التغطية المباشرة غير مفتوحة: ابدأها أو أعد فتحها لإضافة تحديث."]
    );
    n.app
        .set_coverage(&editor, id, CoverageAction::Start)
        .await
        .unwrap();
    assert_eq!(
        problems(n.app.set_coverage(&editor, id, CoverageAction::Start).await),
        ["التغطية المباشرة مفتوحة أصلاً."]
    );
    let before = n.store.last_change().await.unwrap();
    let now = n.clock.now();
    let no_alt = n
        .store
        .add_media("jpg", (800, 600), &[800], "  ", None, now)
        .await
        .unwrap();
    let cases = [
        (text("  \n "), "اكتب نص التحديث."),
        (
            text(&"ب".repeat(MAX_ENTRY_CHARS + 1)),
            "التحديث لا يزيد على 5000 حرف؛ قسّمه على تحديثين.",
        ),
        (
            EntryForm {
                kind: "quote".into(),
                ..EntryForm::default()
            },
            "اكتب نص الاقتباس.",
        ),
        (
            EntryForm {
                kind: "image".into(),
                ..EntryForm::default()
            },
            "اختر صورة التحديث من الوسائط.",
        ),
        (
            EntryForm {
                kind: "image".into(),
                media: Some(no_alt.id),
                ..EntryForm::default()
            },
            "أضف نصاً بديلاً للصورة قبل نشرها (في صفحة الوسائط).",
        ),
        (
            EntryForm {
                kind: "image".into(),
                media: Some(999_999),
                ..EntryForm::default()
            },
            "الصورة المختارة غير موجودة.",
        ),
        (
            EntryForm {
                kind: "video".into(),
                body: "x".into(),
                ..EntryForm::default()
            },
            "اختر نوع التحديث: نص أو صورة أو اقتباس.",
        ),
    ];
    for (form, message) in cases {
        assert_eq!(
            problems(n.app.add_live_entry(&editor, id, &form).await),
            [message],
            "{form:?}"
        );
    }
    assert_eq!(n.app.live_desk(&editor, id, None).await.unwrap().count, 0);
    let after = n.store.last_change().await.unwrap();
    let logged: Vec<_> = n.store.changes_since(before, 100).await.unwrap();
    assert!(
        logged.iter().all(|c| c.article_id.0 == 0),
        "only the images' uploads changed anything: {logged:?} ({before}..{after})"
    );

    // A fix is checked the same way.
    let entry = n
        .app
        .add_live_entry(&editor, id, &text("صحيح"))
        .await
        .unwrap();
    assert_eq!(
        problems(n.app.edit_live_entry(&editor, id, entry, &text("")).await),
        ["اكتب نص التحديث."]
    );
    assert_eq!(
        n.app.live_entry(&editor, id, entry).await.unwrap().body,
        "صحيح"
    );
    // An entry belongs to its article.
    let elsewhere = article(&n, &editor, true).await;
    assert!(matches!(
        n.app
            .edit_live_entry(&editor, elsewhere, entry, &text("x"))
            .await,
        Err(EditError::NotFound)
    ));
}

#[tokio::test]
async fn a_coverage_is_cancelled_only_without_entries() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let id = article(&n, &editor, true).await;
    assert_eq!(
        problems(
            n.app
                .set_coverage(&editor, id, CoverageAction::Cancel)
                .await
        ),
        ["هذا الخبر ليس تغطية مباشرة."]
    );
    n.app
        .set_coverage(&editor, id, CoverageAction::Start)
        .await
        .unwrap();
    let entry = n
        .app
        .add_live_entry(&editor, id, &text("أول"))
        .await
        .unwrap();
    assert_eq!(
        problems(
            n.app
                .set_coverage(&editor, id, CoverageAction::Cancel)
                .await
        ),
        ["في التغطية تحديثات: احذفها أولاً، أو أنهِ التغطية بدلاً من إلغائها."]
    );
    n.app.delete_live_entry(&editor, id, entry).await.unwrap();
    n.app
        .set_coverage(&editor, id, CoverageAction::Cancel)
        .await
        .unwrap();
    assert_eq!(n.store.article(id).await.unwrap().unwrap().live, None);
    assert_eq!(audit_actions(&n, 1).await, ["live.cancel"]);
}

#[tokio::test]
async fn an_entry_on_a_draft_moves_no_date_readers_see() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let id = article(&n, &editor, false).await;
    let before = n.store.article(id).await.unwrap().unwrap();
    n.clock.set(ts("2026-03-02T10:00:00Z"));
    n.app
        .set_coverage(&editor, id, CoverageAction::Start)
        .await
        .unwrap();
    n.app
        .add_live_entry(&editor, id, &text("تحضير"))
        .await
        .unwrap();
    let after = n.store.article(id).await.unwrap().unwrap();
    assert_eq!(after.updated_at, before.updated_at);
    assert_eq!(after.modified_at, ts("2026-03-02T10:00:00Z"));
}

fn entry(body: &str) -> EntryText {
    EntryText {
        kind: EntryKind::Text,
        body: body.into(),
        attribution: String::new(),
        media: None,
    }
}

fn audit(by: i64) -> Audit {
    Audit {
        by: Some(by),
        action: "live.add".into(),
        target: "test".into(),
    }
}

#[tokio::test]
async fn a_live_write_and_its_audit_line_land_together_in_the_change_log() {
    let (n, editor, id) = live_article().await;
    let seq = n.store.last_change().await.unwrap();
    let log = n.store.audit_log(100).await.unwrap();
    let now = n.clock.now();

    // The audit line's author does not exist: its insert, the last step, fails.
    for write in [
        LiveWrite::Add {
            entry: entry("لن يبقى"),
            by: editor.id,
            max: 10,
        },
        LiveWrite::Close,
    ] {
        assert!(
            n.store
                .live_write(id, &write, &audit(999_999), now)
                .await
                .is_err()
        );
    }
    assert_eq!(n.store.live_entry_count(id).await.unwrap(), 0);
    assert!(
        n.store
            .article(id)
            .await
            .unwrap()
            .unwrap()
            .live
            .unwrap()
            .is_open()
    );
    assert_eq!(n.store.audit_log(100).await.unwrap(), log);
    assert_eq!(n.store.last_change().await.unwrap(), seq, "nothing logged");

    // Done, it names the article in the change log.
    let add = LiveWrite::Add {
        entry: entry("يبقى"),
        by: editor.id,
        max: 10,
    };
    let outcome = n
        .store
        .live_write(id, &add, &audit(editor.id), now)
        .await
        .unwrap();
    let LiveOutcome::Done(entry_id) = outcome else {
        panic!("{outcome:?}")
    };
    let changes = n.store.changes_since(seq, 100).await.unwrap();
    assert!(!changes.is_empty());
    assert!(changes.iter().all(|c| c.article_id == id), "{changes:?}");
    let seq = n.store.last_change().await.unwrap();
    let delete = LiveWrite::Delete { id: entry_id };
    n.store
        .live_write(id, &delete, &audit(editor.id), now)
        .await
        .unwrap();
    assert!(
        n.store
            .changes_since(seq, 100)
            .await
            .unwrap()
            .iter()
            .any(|c| c.article_id == id)
    );
    // Writing to an entry of another article, or to a coverage in a state that
    // does not take it, writes nothing (and no audit line).
    let log = n.store.audit_log(100).await.unwrap();
    let other = article(&n, &editor, true).await;
    let seq = n.store.last_change().await.unwrap();
    for (article, write) in [
        (other, LiveWrite::Close),
        (other, add.clone()),
        (id, LiveWrite::Open),
        (id, LiveWrite::Delete { id: entry_id }),
    ] {
        let outcome = n
            .store
            .live_write(article, &write, &audit(editor.id), now)
            .await
            .unwrap();
        assert_eq!(outcome, LiveOutcome::Stale, "{write:?}");
    }
    assert_eq!(n.store.last_change().await.unwrap(), seq);
    assert_eq!(n.store.audit_log(100).await.unwrap().len(), log.len() + 1);
}

#[tokio::test]
async fn parallel_adds_never_pass_the_entry_limit() {
    let (n, editor, id) = live_article().await;
    let now = n.clock.now();
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let store = n.store.clone();
            let by = editor.id;
            tokio::spawn(async move {
                let add = LiveWrite::Add {
                    entry: entry(&format!("تحديث {i}")),
                    by,
                    max: 3,
                };
                store.live_write(id, &add, &audit(by), now).await.unwrap()
            })
        })
        .collect();
    let mut done = 0;
    for task in tasks {
        match task.await.unwrap() {
            LiveOutcome::Done(_) => done += 1,
            LiveOutcome::Full => {}
            LiveOutcome::Stale => panic!("the coverage is open"),
        }
    }
    assert_eq!(done, 3);
    assert_eq!(n.store.live_entry_count(id).await.unwrap(), 3);
}

#[tokio::test]
async fn entries_come_a_page_at_a_time() {
    let (n, editor, id) = live_article().await;
    let mut ids = Vec::new();
    let start = ts("2026-03-01T10:00:00Z");
    for i in 0..(PAGE_ENTRIES + 5) {
        // Two entries in the same second keep their order by id.
        n.clock
            .set(start + jiff::SignedDuration::from_secs(i64::from(i / 2)));
        let added = n
            .app
            .add_live_entry(&editor, id, &text(&format!("تحديث {i}")))
            .await
            .unwrap();
        ids.push(added);
    }
    ids.reverse();
    let a = n.store.article(id).await.unwrap().unwrap();
    let first = n.app.live_entries(&a, None).await.unwrap();
    let shown: Vec<i64> = first.entries.iter().map(|e| e.id).collect();
    assert_eq!(shown, ids[..PAGE_ENTRIES as usize]);
    assert_eq!(first.older, Some(ids[PAGE_ENTRIES as usize - 1]));
    let second = n.app.live_entries(&a, first.older).await.unwrap();
    let shown: Vec<i64> = second.entries.iter().map(|e| e.id).collect();
    assert_eq!(shown, ids[PAGE_ENTRIES as usize..]);
    assert_eq!(second.older, None);
    // An article that is no live blog has none to show.
    let plain = article(&n, &editor, true).await;
    let plain = n.store.article(plain).await.unwrap().unwrap();
    assert_eq!(n.app.live_entries(&plain, None).await.unwrap().entries, []);
}
