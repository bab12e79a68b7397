//! The fronts editors curate and the urgent strip, over the real store.

mod common;

use common::{Newsroom, newsroom, user};
use jiff::SignedDuration;
use nashir_app::accounts::User;
use nashir_app::editor::{Draft, EditError, SaveAction};
use nashir_app::front::{HOME_FRONT, UrgentForm};
use nashir_core::ArticleId;
use nashir_core::language::Language;
use nashir_core::permissions::Role;

async fn publish(n: &Newsroom, by: &User, title: &str, sticky: bool) -> ArticleId {
    let draft = Draft {
        title: title.into(),
        lead: "مقدمة".into(),
        body: "فقرة".into(),
        section: "news".into(),
        sticky,
        ..Draft::default()
    };
    let id = n
        .app
        .save_article(by, None, &draft, SaveAction::Publish)
        .await
        .unwrap();
    // Later stories are newer.
    n.clock.advance(SignedDuration::from_mins(1));
    id
}

fn titles(list: &[nashir_core::ArticleSummary]) -> Vec<&str> {
    list.iter().map(|s| s.title.as_str()).collect()
}

#[tokio::test]
async fn placed_stories_lead_the_front_then_sticky_then_newest() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let first = publish(&n, &editor, "الأول", false).await;
    let second = publish(&n, &editor, "الثاني", true).await;
    assert!(n.store.article(second).await.unwrap().unwrap().sticky);
    publish(&n, &editor, "الثالث", false).await;
    let front = n.app.front_page(Language::Arabic).await.unwrap();
    assert_eq!(
        front.lead.unwrap().title,
        "الثاني",
        "a sticky story leads when none is placed"
    );
    assert_eq!(titles(&front.latest), ["الثالث", "الأول"]);

    n.app
        .place_stories(&editor, HOME_FRONT, &[Some(first)])
        .await
        .unwrap();
    let front = n.app.front_page(Language::Arabic).await.unwrap();
    assert_eq!(
        front.lead.unwrap().title,
        "الأول",
        "the change shows at once"
    );
    assert_eq!(titles(&front.latest), ["الثاني", "الثالث"]);
    let section = n.app.section("news").await.unwrap().unwrap();
    n.app
        .place_stories(&editor, section.id, &[None, Some(first)])
        .await
        .unwrap();
    let list = n
        .app
        .section_list(section.id, Language::Arabic, nashir_app::Page::First, 20)
        .await
        .unwrap();
    assert_eq!(titles(&list.items), ["الثالث", "الأول", "الثاني"]);
}

#[tokio::test]
async fn only_public_stories_once_each_by_editors() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let author = user(&n, "au@x.com", Role::Author).await;
    let public = publish(&n, &editor, "منشور", false).await;
    let draft = n
        .app
        .save_article(
            &editor,
            None,
            &Draft {
                title: "مسودة".into(),
                section: "news".into(),
                ..Draft::default()
            },
            SaveAction::Draft,
        )
        .await
        .unwrap();
    let refused = n
        .app
        .place_stories(
            &editor,
            HOME_FRONT,
            &[Some(public), Some(draft), Some(public)],
        )
        .await;
    match refused {
        Err(EditError::Invalid(problems)) => assert_eq!(problems.len(), 2, "{problems:?}"),
        other => panic!("{other:?}"),
    }
    assert!(
        n.app.placed(HOME_FRONT).await.unwrap().is_empty(),
        "nothing placed"
    );
    assert!(matches!(
        n.app
            .place_stories(&author, HOME_FRONT, &[Some(public)])
            .await,
        Err(EditError::Forbidden)
    ));
    assert!(matches!(
        n.app.place_stories(&editor, 999, &[Some(public)]).await,
        Err(EditError::NotFound)
    ));
}

#[tokio::test]
async fn urgent_lines_run_until_they_expire_or_end() {
    let n = newsroom().await;
    let editor = user(&n, "ed@x.com", Role::Editor).await;
    let author = user(&n, "au@x.com", Role::Author).await;
    let story = publish(&n, &editor, "زلزال في المدينة", false).await;
    assert!(matches!(
        n.app
            .add_urgent(
                &author,
                &UrgentForm {
                    text: "خبر".into(),
                    ..UrgentForm::default()
                }
            )
            .await,
        Err(EditError::Forbidden)
    ));
    for bad in [
        UrgentForm::default(),
        UrgentForm {
            text: "خ".repeat(201),
            ..UrgentForm::default()
        },
        UrgentForm {
            text: "خبر".into(),
            minutes: Some(0),
            ..UrgentForm::default()
        },
        UrgentForm {
            article: Some(ArticleId(999)),
            ..UrgentForm::default()
        },
    ] {
        assert!(
            matches!(
                n.app.add_urgent(&editor, &bad).await,
                Err(EditError::Invalid(_))
            ),
            "{bad:?}"
        );
    }
    let linked = UrgentForm {
        article: Some(story),
        minutes: Some(30),
        ..UrgentForm::default()
    };
    n.app.add_urgent(&editor, &linked).await.unwrap();
    let bulletin = UrgentForm {
        text: " انقطاع الكهرباء\nفي العاصمة ".into(),
        ..UrgentForm::default()
    };
    let second = n.app.add_urgent(&editor, &bulletin).await.unwrap();
    let strip = n.app.urgent_strip(Language::Arabic).await.unwrap();
    assert_eq!(strip.len(), 2);
    assert_eq!(
        strip[0].text, "انقطاع الكهرباء في العاصمة",
        "one clean line"
    );
    assert_eq!(
        strip[1].text, "زلزال في المدينة",
        "a linked line takes the headline"
    );
    assert_eq!(strip[1].article.as_ref().map(|(id, _)| *id), Some(story));

    let before = n.app.freshness.now();
    n.clock.advance(SignedDuration::from_mins(31));
    n.app.expire_urgent();
    assert!(
        !n.app.freshness.is_current(before, &[]),
        "once a shown line ends, every cached page is stale"
    );
    let strip = n.app.urgent_strip(Language::Arabic).await.unwrap();
    assert_eq!(strip.len(), 1, "the 30-minute line is gone by itself");

    n.app.end_urgent(&editor, second).await.unwrap();
    assert!(
        n.app
            .urgent_strip(Language::Arabic)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        n.app.end_urgent(&editor, second).await,
        Err(EditError::NotFound)
    ));
    let log = n.app.audit_log(&editor, 10).await.unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.action.starts_with("urgent-"))
            .count(),
        3,
        "two lines added and one ended, each in the audit log"
    );
}
