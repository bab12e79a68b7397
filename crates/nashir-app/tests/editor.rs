//! The newsroom's saves, the use-cases end to end over the SQL store: permissions,
//! states, dates, revisions, schedules, and saves that are one transaction.

mod common;

use common::{Newsroom, arabic, newsroom, user};
use jiff::Timestamp;
use nashir_app::ArticleSave;
use nashir_app::editor::{Draft, EditError, SaveAction};
use nashir_core::Status;
use nashir_core::permissions::Role;

fn draft(title: &str) -> Draft {
    Draft {
        title: title.into(),
        lead: "مقدمة".into(),
        body: "فقرة أولى\n\n## عنوان فرعي:\n- بند\n- بند آخر".into(),
        section: "news".into(),
        source_name: "الوقت".into(),
        source_url: String::new(),
        tags: "سياسة، اقتصاد".into(),
        ..Draft::default()
    }
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[tokio::test]
async fn draft_schedule_publish_update_correction_unpublish() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let id = n
        .app
        .save_article(&editor, None, &draft("خبر"), SaveAction::Draft)
        .await
        .unwrap();
    let a = n.store.article(id).await.unwrap().unwrap();
    assert_eq!((a.status, a.created_by), (Status::Draft, Some(editor.id)));
    assert_eq!(a.body.len(), 3);
    assert_eq!(a.tags.len(), 2);

    let at = ts("2026-03-01T12:00:00Z");
    n.app
        .save_article(&editor, Some(id), &draft("خبر"), SaveAction::Schedule(at))
        .await
        .unwrap();
    assert_eq!(n.app.publish_due().await.unwrap(), 0, "not yet");
    n.clock.set(ts("2026-03-01T12:00:01Z"));
    assert_eq!(n.app.publish_due().await.unwrap(), 1);
    let a = n.store.article(id).await.unwrap().unwrap();
    assert_eq!(
        (a.status, a.published_at, a.updated_at),
        (Status::Published, Some(at), at)
    );

    n.clock.set(ts("2026-03-02T08:00:00Z"));
    let refused = n
        .app
        .save_article(
            &editor,
            Some(id),
            &draft("خبر مصحح"),
            SaveAction::Correction,
        )
        .await;
    assert!(
        matches!(refused, Err(EditError::Invalid(ref p)) if arabic(p).iter().any(|m| m.contains("ملاحظة التصحيح"))),
        "a correction needs its note: {refused:?}"
    );
    assert_eq!(n.store.article(id).await.unwrap().unwrap().title, "خبر");
    let corrected = Draft {
        correction_note: "  صُحّح اسم الوزير.\r\n ".into(),
        ..draft("خبر مصحح")
    };
    n.app
        .save_article(&editor, Some(id), &corrected, SaveAction::Correction)
        .await
        .unwrap();
    let a = n.store.article(id).await.unwrap().unwrap();
    assert_eq!(
        (a.title.as_str(), a.updated_at),
        ("خبر مصحح", at),
        "a correction keeps the date"
    );
    assert_eq!(
        a.corrections,
        vec![nashir_core::Correction {
            note: "صُحّح اسم الوزير.".into(),
            at: ts("2026-03-02T08:00:00Z"),
        }],
        "and shows its note, dated"
    );
    assert_eq!(a.slug, "خبر-مصحح");

    n.app
        .save_article(&editor, Some(id), &draft("خبر محدث"), SaveAction::Update)
        .await
        .unwrap();
    let a = n.store.article(id).await.unwrap().unwrap();
    assert_eq!(
        a.updated_at,
        ts("2026-03-02T08:00:00Z"),
        "an update bumps the date"
    );
    assert_eq!(a.published_at, Some(at), "first publication stays");

    n.app
        .save_article(&editor, Some(id), &draft("خبر محدث"), SaveAction::Unpublish)
        .await
        .unwrap();
    assert_eq!(
        n.store.article(id).await.unwrap().unwrap().status,
        Status::Unpublished
    );

    let kinds: Vec<String> = n
        .app
        .revisions(id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(
        kinds,
        ["unpublish", "update", "correction", "schedule", "draft"]
    );
    let log = n.store.audit_log(20).await.unwrap();
    assert!(log.iter().any(|e| e.action == "scheduled-publish"));
    assert!(log.iter().any(|e| e.action == "unpublish"));
}

#[tokio::test]
async fn restore_brings_back_old_text_as_a_new_revision() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let id = n
        .app
        .save_article(&editor, None, &draft("الأول"), SaveAction::Publish)
        .await
        .unwrap();
    n.app
        .save_article(&editor, Some(id), &draft("الثاني"), SaveAction::Update)
        .await
        .unwrap();
    n.app.restore_revision(&editor, id, 1).await.unwrap();
    let a = n.store.article(id).await.unwrap().unwrap();
    assert_eq!(
        (a.title.as_str(), a.status, a.revision),
        ("الأول", Status::Published, 3)
    );
    assert!(matches!(
        n.app.restore_revision(&editor, id, 99).await,
        Err(EditError::NotFound)
    ));
}

#[tokio::test]
async fn roles_decide_who_may_write_and_publish() {
    let n = newsroom().await;
    let contributor = user(&n, "c@x.com", Role::Contributor).await;
    let author = user(&n, "a@x.com", Role::Author).await;
    let other_author = user(&n, "b@x.com", Role::Author).await;
    let editor = user(&n, "e@x.com", Role::Editor).await;

    let mine = n
        .app
        .save_article(&contributor, None, &draft("مسودة"), SaveAction::Draft)
        .await
        .unwrap();
    assert!(matches!(
        n.app
            .save_article(
                &contributor,
                Some(mine),
                &draft("مسودة"),
                SaveAction::Publish
            )
            .await,
        Err(EditError::Forbidden)
    ));
    assert!(matches!(
        n.app
            .save_article(&contributor, None, &draft("س"), SaveAction::Publish)
            .await,
        Err(EditError::Forbidden)
    ));
    assert!(
        matches!(
            n.app
                .save_article(&author, Some(mine), &draft("م"), SaveAction::Draft)
                .await,
            Err(EditError::Forbidden)
        ),
        "not theirs"
    );

    let authors = n
        .app
        .save_article(&author, None, &draft("خبري"), SaveAction::Publish)
        .await
        .unwrap();
    assert!(matches!(
        n.app
            .save_article(
                &other_author,
                Some(authors),
                &draft("x"),
                SaveAction::Update
            )
            .await,
        Err(EditError::Forbidden)
    ));
    assert!(
        n.app
            .save_article(&editor, Some(mine), &draft("مسودة"), SaveAction::Publish)
            .await
            .is_ok()
    );
    assert!(
        n.app
            .save_article(&editor, Some(authors), &draft("خبري"), SaveAction::Update)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn bad_forms_are_refused_and_store_nothing() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let before = n.store.article_count().await.unwrap();
    let mut bad = draft("");
    bad.source_url = "javascript:alert(1)".into();
    bad.section = "nope".into();
    match n
        .app
        .save_article(&editor, None, &bad, SaveAction::Draft)
        .await
    {
        Err(EditError::Invalid(problems)) => assert_eq!(problems.len(), 2, "{problems:?}"),
        other => panic!("{other:?}"),
    }
    let mut unknown_section = draft("خبر");
    unknown_section.section = "nope".into();
    assert!(matches!(
        n.app
            .save_article(&editor, None, &unknown_section, SaveAction::Draft)
            .await,
        Err(EditError::Invalid(_))
    ));
    let past = SaveAction::Schedule(ts("2020-01-01T00:00:00Z"));
    assert!(matches!(
        n.app.save_article(&editor, None, &draft("خبر"), past).await,
        Err(EditError::Invalid(_))
    ));
    let id = n
        .app
        .save_article(&editor, None, &draft("خبر"), SaveAction::Draft)
        .await
        .unwrap();
    assert!(
        matches!(
            n.app
                .save_article(&editor, Some(id), &draft("خبر"), SaveAction::Update)
                .await,
            Err(EditError::Invalid(_))
        ),
        "update needs a published article"
    );
    assert_eq!(n.store.article_count().await.unwrap(), before + 1);
}

/// A save whose last part fails (a featured image that is not there) after the
/// article, its revision and its tags were written.
fn failing_save(id: Option<nashir_core::ArticleId>, by: i64, title: &str) -> ArticleSave {
    let d = draft(title);
    ArticleSave {
        id,
        seen_revision: None,
        article: nashir_core::NewArticle {
            language: nashir_core::language::Language::Arabic,
            section_slug: d.section,
            title: d.title,
            lead: d.lead,
            body: nashir_core::markdown::parse(&d.body),
            source: None,
            status: Status::Draft,
            published_at: None,
            updated_at: ts("2026-03-01T09:00:00Z"),
            publishing: Default::default(),
        },
        kind: "draft".into(),
        by,
        clear_autosave: true,
        tags: Some(vec![("وسم-جديد".into(), "وسم جديد".into())]),
        authors: Some(vec![]),
        featured: Some(Some(424_242)),
        social_image: None,
        sticky: None,
        correction: None,
        review: None,
        event: None,
        audit: ("draft".into(), title.into()),
    }
}

#[tokio::test]
async fn a_save_that_fails_part_way_leaves_nothing_behind() {
    let n = newsroom().await;
    let store = &n.store;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let now = ts("2026-03-01T09:00:00Z");
    store
        .put_autosave(editor.id, 0, "{\"title\":\"مسودة\"}", now)
        .await
        .unwrap();
    let log = store.last_change().await.unwrap();
    let audit = store.audit_log(100).await.unwrap().len();

    // A new article: nothing of it exists afterwards.
    let save = failing_save(None, editor.id, "لن يُحفظ");
    assert!(store.save_article(&save, now).await.is_err());
    assert!(store.newsroom_articles(None, 10).await.unwrap().is_empty());
    assert!(
        store
            .tags()
            .await
            .unwrap()
            .iter()
            .all(|t| t.name != "وسم جديد")
    );
    assert_eq!(
        store.last_change().await.unwrap(),
        log,
        "readers saw nothing"
    );
    assert_eq!(store.audit_log(100).await.unwrap().len(), audit);
    assert!(store.autosave(editor.id, 0).await.unwrap().is_some());

    // An existing article: its text, revisions, tags and log stay as they were.
    let id = n
        .app
        .save_article(&editor, None, &draft("الأصل"), SaveAction::Draft)
        .await
        .unwrap();
    let before = store.article(id).await.unwrap().unwrap();
    let revisions = store.revisions(id).await.unwrap().len();
    let log = store.last_change().await.unwrap();
    let save = failing_save(Some(id), editor.id, "تعديل");
    assert!(store.save_article(&save, now).await.is_err());
    let after = store.article(id).await.unwrap().unwrap();
    assert_eq!(after.title, "الأصل");
    assert_eq!(after.tags, before.tags);
    assert_eq!(after.modified_at, before.modified_at);
    assert_eq!(store.revisions(id).await.unwrap().len(), revisions);
    assert_eq!(store.last_change().await.unwrap(), log);
}

#[tokio::test]
async fn one_save_writes_every_part() {
    let n = newsroom().await;
    let store = &n.store;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let now = ts("2026-03-01T09:00:00Z");
    let writer = store.upsert_author("sara", "سارة", "").await.unwrap();
    store.put_autosave(editor.id, 0, "{}", now).await.unwrap();
    let mut save = failing_save(None, editor.id, "كامل");
    save.featured = Some(None);
    // An author id with no profile is dropped, not an error.
    save.authors = Some(vec![writer.id, 9_999]);
    let id = store.save_article(&save, now).await.unwrap();
    let article = store.article(id).await.unwrap().unwrap();
    assert_eq!(article.title, "كامل");
    assert_eq!(
        article
            .tags
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        ["وسم جديد"]
    );
    assert_eq!(
        article.authors.iter().map(|a| a.id).collect::<Vec<_>>(),
        [writer.id]
    );
    assert_eq!(store.revisions(id).await.unwrap().len(), 1);
    let audit = store.audit_log(1).await.unwrap();
    assert_eq!(audit[0].target, format!("{id}: كامل"));
    assert!(store.autosave(editor.id, 0).await.unwrap().is_none());
}

/// An editor, and a draft of theirs.
async fn editor_with_draft(
    n: &Newsroom,
    title: &str,
) -> (nashir_app::accounts::User, nashir_core::ArticleId) {
    let editor = user(n, "ed@x.com", Role::Editor).await;
    let id = n
        .app
        .save_article(&editor, None, &draft(title), SaveAction::Draft)
        .await
        .unwrap();
    (editor, id)
}

#[tokio::test]
async fn a_save_made_on_an_old_revision_is_refused_whole() {
    let n = newsroom().await;
    let (editor, id) = editor_with_draft(&n, "الأصل").await;
    let seen = n.store.article(id).await.unwrap().unwrap().revision;
    // Someone saves first...
    n.app
        .save_article(&editor, Some(id), &draft("الأول"), SaveAction::Publish)
        .await
        .unwrap();
    // ...so a save whose checks saw the older revision must not undo the publication.
    let mut late = failing_save(Some(id), editor.id, "المتأخر");
    late.featured = None;
    late.seen_revision = Some(seen);
    let refused = n
        .store
        .save_article(&late, ts("2026-03-01T09:05:00Z"))
        .await;
    assert!(
        matches!(refused, Err(nashir_app::StoreError::Conflict(_))),
        "{refused:?}"
    );
    let article = n.store.article(id).await.unwrap().unwrap();
    assert_eq!(
        (article.title.as_str(), article.status),
        ("الأول", Status::Published)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_saves_of_one_article_never_overwrite_unseen_work() {
    let n = newsroom().await;
    let (editor, id) = editor_with_draft(&n, "الأصل").await;
    let first = n.store.article(id).await.unwrap().unwrap().revision;
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let (app, editor) = (n.app.clone(), editor.clone());
            tokio::spawn(async move {
                app.save_article(
                    &editor,
                    Some(id),
                    &draft(&format!("نسخة {i}")),
                    SaveAction::Draft,
                )
                .await
            })
        })
        .collect();
    let mut saved = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => saved += 1,
            Err(EditError::Conflict { base, current }) => assert!(current > base),
            Err(e) => panic!("{e}"),
        }
    }
    // Each save that went through was made on the revision before it: one each.
    let last = n.store.article(id).await.unwrap().unwrap().revision;
    assert!(saved >= 1);
    assert_eq!(last, first + saved);
    assert_eq!(n.store.revisions(id).await.unwrap().len() as i64, last);
}

#[tokio::test]
async fn bylines_and_body_images_are_bounded() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let mut many_authors = draft("كتّاب كثيرون");
    many_authors.authors = (1..=30_000).collect();
    let Err(EditError::Invalid(problems)) = n
        .app
        .save_article(&editor, None, &many_authors, SaveAction::Draft)
        .await
    else {
        panic!("30,000 bylines were accepted");
    };
    assert!(
        arabic(&problems).iter().any(|p| p.contains("الكتّاب")),
        "{problems:?}"
    );
    // One missing image named 500 times is one problem, looked up once.
    let mut repeated = draft("صورة مكررة");
    repeated.body = "![صورة](media:999)\n\n".repeat(500);
    let Err(EditError::Invalid(problems)) = n
        .app
        .save_article(&editor, None, &repeated, SaveAction::Draft)
        .await
    else {
        panic!("a missing image was accepted");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        n.store
            .newsroom_articles(None, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_save_over_a_newer_revision_is_refused_and_writes_nothing() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let id = n
        .app
        .save_article(&editor, None, &draft("الأصل"), SaveAction::Draft)
        .await
        .unwrap();
    let opened = Draft::of(&n.store.article(id).await.unwrap().unwrap());
    assert_eq!(opened.base_revision, Some(1));
    let first = Draft {
        title: "حفظ الأول".into(),
        ..opened.clone()
    };
    n.app
        .save_article(&editor, Some(id), &first, SaveAction::Draft)
        .await
        .unwrap();
    let second = Draft {
        title: "حفظ الثاني".into(),
        ..opened
    };
    let refused = n
        .app
        .save_article(&editor, Some(id), &second, SaveAction::Draft)
        .await;
    assert!(
        matches!(
            refused,
            Err(EditError::Conflict {
                base: 1,
                current: 2
            })
        ),
        "{refused:?}"
    );
    let a = n.store.article(id).await.unwrap().unwrap();
    assert_eq!((a.title.as_str(), a.revision), ("حفظ الأول", 2));
    let on_top = Draft {
        base_revision: Some(2),
        ..second
    };
    n.app
        .save_article(&editor, Some(id), &on_top, SaveAction::Draft)
        .await
        .unwrap();
    assert_eq!(
        n.store.article(id).await.unwrap().unwrap().title,
        "حفظ الثاني",
        "saved on top once it names the newer revision"
    );
}

#[tokio::test]
async fn drafts_go_to_review_and_come_back_with_a_note() {
    let n = newsroom().await;
    let writer = user(&n, "c@x.com", Role::Contributor).await;
    let editor = user(&n, "e@x.com", Role::Editor).await;
    let id = n
        .app
        .save_article(&writer, None, &draft("مسودة للمراجعة"), SaveAction::Submit)
        .await
        .unwrap();
    let queue = n.app.review_queue(&editor).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].0.id, id);
    assert!(matches!(
        n.app.review_queue(&writer).await,
        Err(EditError::Forbidden)
    ));
    assert!(matches!(
        n.app.return_for_review(&writer, id, "لا").await,
        Err(EditError::Forbidden)
    ));
    assert!(matches!(
        n.app.return_for_review(&editor, id, "  ").await,
        Err(EditError::Invalid(_))
    ));
    n.app
        .return_for_review(&editor, id, "أضف مصدراً للرقم.")
        .await
        .unwrap();
    let review = n.app.reviews(&writer, &[id]).await.unwrap().pop().unwrap();
    assert_eq!(
        (review.state, review.note.as_str()),
        (
            nashir_app::records::ReviewState::Returned,
            "أضف مصدراً للرقم."
        )
    );
    assert!(n.app.review_queue(&editor).await.unwrap().is_empty());
    assert!(
        matches!(
            n.app.return_for_review(&editor, id, "مرة أخرى").await,
            Err(EditError::NotFound)
        ),
        "only a waiting draft is sent back"
    );
    // Sent again, then published by an editor: the review is done.
    let opened = Draft::of(&n.store.article(id).await.unwrap().unwrap());
    n.app
        .save_article(&writer, Some(id), &opened, SaveAction::Submit)
        .await
        .unwrap();
    assert_eq!(n.app.review_queue(&editor).await.unwrap().len(), 1);
    let opened = Draft::of(&n.store.article(id).await.unwrap().unwrap());
    n.app
        .save_article(&editor, Some(id), &opened, SaveAction::Publish)
        .await
        .unwrap();
    assert!(n.app.reviews(&editor, &[id]).await.unwrap().is_empty());
    let log = n.app.audit_log(&editor, 20).await.unwrap();
    assert!(log.iter().any(|e| e.action == "review-return"));
}
