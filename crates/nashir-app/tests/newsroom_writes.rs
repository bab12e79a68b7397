//! The newsroom's writes besides article saves (sections, tags, author profiles,
//! roles, disabling, passwords, the trash, alt text), over the SQL store: each
//! lands with its audit entry in one transaction, or not at all; and each checks
//! who may do it.

mod common;

use common::{Newsroom, newsroom, user};
use nashir_app::editor::EditError;
use nashir_app::{Audit, Clock, NewsroomWrite};
use nashir_core::permissions::Role;

/// An audit line whose author does not exist: its insert, the write's last
/// step, fails on the foreign key, after the change itself was made.
fn failing_audit() -> Audit {
    Audit {
        by: Some(999_999),
        action: "test".into(),
        target: "fails last".into(),
    }
}

/// Applies `write` with an audit entry that fails, and checks the store refused
/// it whole: the audit log is as it was.
async fn write_failing_last(n: &Newsroom, write: NewsroomWrite) {
    let before = n.store.audit_log(100).await.unwrap();
    let now = n.clock.now();
    assert!(
        n.store
            .newsroom_write(&write, &failing_audit(), now)
            .await
            .is_err()
    );
    assert_eq!(n.store.audit_log(100).await.unwrap(), before);
}

#[tokio::test]
async fn a_role_change_and_its_audit_entry_land_together() {
    let n = newsroom().await;
    let admin = user(&n, "admin@x.com", Role::Admin).await;
    let sara = user(&n, "sara@x.com", Role::Author).await;

    let write = NewsroomWrite::UserRole {
        user: sara.id,
        role: Role::Editor,
    };
    write_failing_last(&n, write).await;
    let stored = n.store.user(sara.id).await.unwrap().unwrap();
    assert_eq!(stored.role, Role::Author, "no role without its audit entry");

    n.app
        .set_user_role(&admin, sara.id, Role::Editor)
        .await
        .unwrap();
    let stored = n.store.user(sara.id).await.unwrap().unwrap();
    assert_eq!(stored.role, Role::Editor);
    let log = n.store.audit_log(1).await.unwrap();
    assert_eq!(
        (log[0].action.as_str(), log[0].target.as_str()),
        ("role-change", "sara@x.com: author → editor")
    );
    assert_eq!(log[0].user_id, Some(admin.id));
}

#[tokio::test]
async fn a_language_change_is_ones_own_or_an_admins_and_lands_with_its_audit_entry() {
    use nashir_core::language::Language;
    let n = newsroom().await;
    let admin = user(&n, "admin@x.com", Role::Admin).await;
    let sara = user(&n, "sara@x.com", Role::Editor).await;
    assert_eq!(sara.language, Language::Arabic, "the default");

    let write = NewsroomWrite::UserLanguage {
        user: sara.id,
        language: Language::English,
    };
    write_failing_last(&n, write).await;
    let stored = n.store.user(sara.id).await.unwrap().unwrap();
    assert_eq!(
        stored.language,
        Language::Arabic,
        "none without its audit entry"
    );

    n.app
        .set_user_language(&sara, sara.id, Language::Persian)
        .await
        .unwrap();
    assert_eq!(
        n.store.user(sara.id).await.unwrap().unwrap().language,
        Language::Persian
    );
    let log = n.store.audit_log(1).await.unwrap();
    assert_eq!(
        (log[0].action.as_str(), log[0].target.as_str()),
        ("language-change", "sara@x.com: ar → fa")
    );
    // An editor does not choose an admin's language; an admin chooses anyone's.
    assert!(matches!(
        n.app
            .set_user_language(&sara, admin.id, Language::English)
            .await,
        Err(EditError::Forbidden)
    ));
    n.app
        .set_user_language(&admin, sara.id, Language::English)
        .await
        .unwrap();
    let users = n.store.users().await.unwrap();
    let language = |id| users.iter().find(|u| u.id == id).unwrap().language;
    assert_eq!(
        (language(admin.id), language(sara.id)),
        (Language::Arabic, Language::English)
    );
}

#[tokio::test]
async fn disabling_a_user_and_its_audit_entry_land_together() {
    let n = newsroom().await;
    let admin = user(&n, "admin@x.com", Role::Admin).await;
    let sara = user(&n, "sara@x.com", Role::Author).await;
    let (token, _) = n
        .app
        .sign_in("sara@x.com", "a-long-enough-password", "10.0.0.1")
        .await
        .unwrap();

    let write = NewsroomWrite::UserDisabled {
        user: sara.id,
        disabled: true,
    };
    write_failing_last(&n, write).await;
    assert!(!n.store.user(sara.id).await.unwrap().unwrap().disabled);
    assert!(
        n.app.session(&token).await.unwrap().is_some(),
        "the sessions stay when the write is refused"
    );

    n.app
        .set_user_disabled(&admin, sara.id, true)
        .await
        .unwrap();
    assert!(n.store.user(sara.id).await.unwrap().unwrap().disabled);
    assert!(n.app.session(&token).await.unwrap().is_none());
    let log = n.store.audit_log(1).await.unwrap();
    assert_eq!(
        (log[0].action.as_str(), log[0].target.as_str()),
        ("user-disable", "sara@x.com")
    );

    n.app
        .set_user_disabled(&admin, sara.id, false)
        .await
        .unwrap();
    assert!(!n.store.user(sara.id).await.unwrap().unwrap().disabled);
    assert_eq!(n.store.audit_log(1).await.unwrap()[0].action, "user-enable");
}

#[tokio::test]
async fn sections_and_tags_land_with_their_audit_entries() {
    let n = newsroom().await;
    let editor = user(&n, "editor@x.com", Role::Editor).await;

    let section = NewsroomWrite::Section {
        slug: "sport".into(),
        name: "رياضة".into(),
    };
    write_failing_last(&n, section).await;
    assert!(n.store.section_by_slug("sport").await.unwrap().is_none());
    let tag = NewsroomWrite::Tag {
        slug: "iraq".into(),
        name: "العراق".into(),
    };
    write_failing_last(&n, tag).await;
    assert!(n.store.tag_by_slug("iraq").await.unwrap().is_none());

    n.app.save_section(&editor, "sport", "رياضة").await.unwrap();
    n.app.save_tag(&editor, "iraq", "العراق").await.unwrap();
    assert_eq!(n.app.section("sport").await.unwrap().unwrap().name, "رياضة");
    assert_eq!(n.app.tag("iraq").await.unwrap().unwrap().name, "العراق");
    let targets: Vec<String> = n
        .store
        .audit_log(2)
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.action, e.target))
        .collect();
    assert_eq!(
        targets,
        [
            "taxonomy /admin/tags: iraq = العراق",
            "taxonomy /admin/sections: sport = رياضة"
        ]
    );
}

#[tokio::test]
async fn an_author_and_their_photo_land_together_or_not_at_all() {
    let n = newsroom().await;
    let editor = user(&n, "editor@x.com", Role::Editor).await;
    let before = n.store.audit_log(100).await.unwrap();

    // The photo is the write's second step: a missing image fails it, and the
    // profile made by the first step goes too.
    let author = NewsroomWrite::Author {
        slug: "sara".into(),
        name: "سارة".into(),
        bio: "صحفية".into(),
        photo: Some(999_999),
    };
    let audit = Audit {
        by: Some(editor.id),
        action: "taxonomy".into(),
        target: "sara".into(),
    };
    let now = n.clock.now();
    assert!(n.store.newsroom_write(&author, &audit, now).await.is_err());
    assert!(n.store.author_by_slug("sara").await.unwrap().is_none());
    assert_eq!(n.store.audit_log(100).await.unwrap(), before);

    // The use-case refuses a missing photo before writing anything.
    assert!(matches!(
        n.app
            .save_author(&editor, "sara", "سارة", "صحفية", Some(999_999))
            .await,
        Err(EditError::Invalid(_))
    ));
    assert!(n.store.author_by_slug("sara").await.unwrap().is_none());

    let photo = n
        .store
        .add_media("jpg", (800, 600), &[400, 800], "سارة", None, now)
        .await
        .unwrap();
    n.app
        .save_author(&editor, "sara", "سارة", "صحفية", Some(photo.id))
        .await
        .unwrap();
    let profile = n.app.author_profile("sara").await.unwrap().unwrap();
    assert_eq!(profile.author.bio, "صحفية");
    assert_eq!(profile.photo.map(|m| m.id), Some(photo.id));
    let log = n.store.audit_log(1).await.unwrap();
    assert_eq!(log[0].target, "/admin/authors: sara = سارة");

    n.app
        .save_author(&editor, "sara", "سارة", "", None)
        .await
        .unwrap();
    let profile = n.app.author_profile("sara").await.unwrap().unwrap();
    assert!(profile.photo.is_none(), "the photo is cleared");
}

#[tokio::test]
async fn each_write_checks_who_may_do_it() {
    let n = newsroom().await;
    let admin = user(&n, "admin@x.com", Role::Admin).await;
    let editor = user(&n, "editor@x.com", Role::Editor).await;
    let author = user(&n, "author@x.com", Role::Author).await;
    let forbidden = |r: Result<(), EditError>| matches!(r, Err(EditError::Forbidden));

    assert!(forbidden(
        n.app.set_user_role(&editor, author.id, Role::Admin).await
    ));
    assert!(forbidden(
        n.app.set_user_disabled(&editor, author.id, true).await
    ));
    assert!(
        forbidden(n.app.set_user_role(&admin, admin.id, Role::Author).await),
        "an admin cannot lock themselves out"
    );
    assert!(forbidden(
        n.app.set_user_disabled(&admin, admin.id, true).await
    ));
    assert!(matches!(
        n.app.set_user_role(&admin, 999_999, Role::Author).await,
        Err(EditError::NotFound)
    ));
    assert!(forbidden(n.app.save_section(&author, "x", "س").await));
    assert!(forbidden(n.app.save_tag(&author, "x", "س").await));
    assert!(forbidden(
        n.app.save_author(&author, "x", "س", "", None).await
    ));
    assert!(matches!(
        n.app.users(&editor).await,
        Err(EditError::Forbidden)
    ));
    assert!(matches!(
        n.app.audit_log(&author, 10).await,
        Err(EditError::Forbidden)
    ));
    let stored = n.store.user(author.id).await.unwrap().unwrap();
    assert_eq!((stored.role, stored.disabled), (Role::Author, false));
    assert!(n.store.section_by_slug("x").await.unwrap().is_none());
}

#[tokio::test]
async fn a_password_change_ends_every_session_with_it_or_not_at_all() {
    let n = newsroom().await;
    let sara = user(&n, "sara@x.com", Role::Author).await;
    let (token, _) = n
        .app
        .sign_in("sara@x.com", "a-long-enough-password", "1.1.1.1")
        .await
        .unwrap();
    let write = NewsroomWrite::Password {
        user: sara.id,
        hash: "not a real hash".into(),
    };
    write_failing_last(&n, write).await;
    assert!(
        n.app.session(&token).await.unwrap().is_some(),
        "session kept"
    );
    assert!(
        n.app
            .sign_in("sara@x.com", "a-long-enough-password", "1.1.1.1")
            .await
            .is_ok(),
        "old password kept"
    );

    n.app
        .change_password(&sara, "a-long-enough-password", "another-long-password")
        .await
        .unwrap();
    assert!(
        n.app.session(&token).await.unwrap().is_none(),
        "session ended"
    );
    let log = n.store.audit_log(1).await.unwrap();
    assert_eq!(log[0].action, "password-change");
}

#[tokio::test]
async fn trash_and_restore_land_with_their_audit_entries() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let imported = n
        .app
        .import_reference(
            "x",
            "التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025\nعنوان\nمقدمة\n".as_bytes(),
            "news",
        )
        .await
        .unwrap();
    let id = imported.id;
    write_failing_last(&n, NewsroomWrite::Trash { article: id }).await;
    assert!(
        n.store.article(id).await.unwrap().is_some(),
        "still on the site"
    );

    n.app.delete_article(&editor, id).await.unwrap();
    assert!(n.store.article(id).await.unwrap().is_none());
    assert_eq!(n.store.audit_log(1).await.unwrap()[0].action, "delete");
    // A second delete, or a restore of what is not in the trash, finds nothing.
    assert!(matches!(
        n.app.delete_article(&editor, id).await,
        Err(EditError::NotFound)
    ));
    n.app.restore_article(&editor, id).await.unwrap();
    assert!(matches!(
        n.app.restore_article(&editor, id).await,
        Err(EditError::NotFound)
    ));
    assert_eq!(n.store.audit_log(1).await.unwrap()[0].action, "undelete");
}
