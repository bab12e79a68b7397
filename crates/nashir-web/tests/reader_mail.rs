//! Sending an article to a friend, and the outbox behind it, against a real SMTP
//! server on loopback (aiosmtpd, started by the tests).

mod common;

use std::sync::Arc;

use axum::http::StatusCode;
use common::*;
use nashir_core::permissions::Role;

const READER: &str = "192.0.2.10";
const FRIEND: &str = "friend@example.org";

async fn outbox_rows(site: &Site) -> Vec<(i64, i64, Option<i64>, Option<String>)> {
    sqlx::query_as("SELECT id, attempts, sent_at, last_error FROM outbox ORDER BY id")
        .fetch_all(site.db.pool())
        .await
        .unwrap()
}

async fn send(site: &Site, path: &str, fields: &[(&str, &str)], peer: &str) -> Reply {
    let uri = format!("{path}/send");
    let open = site.open_form(&uri).await;
    site.submit(&uri, &open, fields, peer).await
}

#[tokio::test]
async fn the_friend_gets_an_arabic_multipart_mail_with_our_link_only() {
    let folder = tempfile::tempdir().unwrap();
    let smtp = SmtpSink::start(free_port(), folder.path());
    let site = site_with_mail(smtp.port).await;
    let path = site.import("ref", REFERENCE).await.path;
    let fields = [
        ("name", "<b>منى</b>"),
        ("to", FRIEND),
        ("note", "اقرأ هذا التحليل\nسطر ثان <i>مائل</i>"),
    ];
    let sent = send(&site, &path, &fields, READER).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert!(sent.body.contains("سيصل الخبر إلى بريد صديقك"));

    let mail = smtp.wait_for(1).await.remove(0);
    assert_eq!(mail.rcpt_tos, [FRIEND]);
    assert_eq!(mail.mail_from, "news@news.example");
    assert_eq!(mail.header("To"), [FRIEND]);
    assert_eq!(mail.header("From"), ["ناشر <news@news.example>"]);
    let article = site
        .app
        .public_article(nashir_core::ArticleId(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        mail.subject,
        format!("<b>منى</b> يرسل إليك خبراً: {}", article.title)
    );
    assert!(
        mail.data.contains("Subject: =?utf-8?b?"),
        "RFC 2047 subject"
    );
    assert!(mail.data.contains("multipart/alternative"));
    // Percent-encoded, so mail clients make all of it one link.
    let link = format!(
        "{MAIL_SITE}{}",
        nashir_core::slug::article_href(
            nashir_core::language::Language::Arabic,
            article.id,
            &article.slug
        )
    );
    let text = mail.text.as_deref().unwrap();
    assert!(text.contains(&article.title), "{text}");
    assert!(text.contains(&article.lead), "{text}");
    assert!(text.contains(&link), "{text}");
    assert!(text.contains("اقرأ هذا التحليل\nسطر ثان <i>مائل</i>"));
    let html = mail.html.as_deref().unwrap();
    assert!(html.contains("<html dir=\"rtl\" lang=\"ar\">"));
    // Escaped (askama writes `<` as `&#60;`), never markup.
    assert!(html.contains("&#60;b&#62;منى&#60;/b&#62;") && !html.contains("<b>منى"));
    assert!(html.contains("&#60;i&#62;مائل&#60;/i&#62;") && !html.contains("<i>"));
    // The only links are to the article, on our site.
    let hrefs: Vec<&str> = html
        .split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(hrefs, [link.as_str()]);
    let rows = outbox_rows(&site).await;
    assert_eq!(rows.len(), 1);
    assert!(rows[0].2.is_some(), "marked sent");
}

#[tokio::test]
async fn an_injected_header_never_arrives() {
    let folder = tempfile::tempdir().unwrap();
    let smtp = SmtpSink::start(free_port(), folder.path());
    let site = site_with_mail(smtp.port).await;
    let path = site.import("ref", REFERENCE).await.path;
    // In the address: refused, nothing queued.
    for to in [
        "friend@example.org\r\nBcc: victim@evil.example",
        "friend@example.org\nBcc:victim@evil.example",
        "friend@example.org, victim@evil.example",
        "Friend <friend@example.org>",
    ] {
        let refused = send(&site, &path, &[("name", "منى"), ("to", to)], READER).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{to:?}");
    }
    assert!(outbox_rows(&site).await.is_empty());
    // In the name and note: line breaks are flattened or kept as text; no header.
    let fields = [
        ("name", "منى\r\nBcc: victim@localhost\r\nX-Injected: yes"),
        ("to", FRIEND),
        ("note", "سطر\r\nBcc: victim@localhost"),
    ];
    assert_eq!(
        send(&site, &path, &fields, READER).await.status,
        StatusCode::OK
    );
    let mail = smtp.wait_for(1).await.remove(0);
    assert_eq!(mail.rcpt_tos, [FRIEND]);
    assert!(mail.header("Bcc").is_empty() && mail.header("X-Injected").is_empty());
    assert!(!mail.data.contains("\nBcc:") && !mail.data.contains("\nX-Injected"));
    assert!(
        mail.subject
            .starts_with("منى Bcc: victim@localhost X-Injected: yes يرسل إليك")
    );
}

#[tokio::test]
async fn smtp_down_then_up_delivers_exactly_once() {
    let folder = tempfile::tempdir().unwrap();
    let mut smtp = SmtpSink::start(free_port(), folder.path());
    smtp.stop();
    let site = site_with_mail(smtp.port).await;
    let path = site.import("ref", REFERENCE).await.path;
    let sent = send(&site, &path, &[("name", "منى"), ("to", FRIEND)], READER).await;
    assert_eq!(
        sent.status,
        StatusCode::OK,
        "stored, so the reader is told it goes"
    );
    // The worker tries, fails, and schedules a retry.
    let mut rows = Vec::new();
    for _ in 0..100 {
        rows = outbox_rows(&site).await;
        if rows.first().is_some_and(|r| r.3.is_some()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].1, 1, "one attempt");
    assert!(rows[0].2.is_none() && rows[0].3.is_some(), "{rows:?}");

    smtp.restart();
    // The retry is due 10 s later (of the site's clock), found by the worker's poll.
    site.clock.advance(jiff::SignedDuration::from_secs(11));
    let got = smtp.wait_for(1).await;
    assert_eq!(got[0].rcpt_tos, [FRIEND]);
    // Nothing else arrives, however long we wait.
    site.clock.advance(jiff::SignedDuration::from_hours(24));
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(smtp.messages().len(), 1);
    let rows = outbox_rows(&site).await;
    assert_eq!(rows[0].1, 2, "two attempts");
    assert!(rows[0].2.is_some() && rows[0].3.is_none());
}

#[tokio::test]
async fn queued_mail_survives_a_restart_of_the_site() {
    let folder = tempfile::tempdir().unwrap();
    let smtp = SmtpSink::start(free_port(), folder.path());
    // The first process has an SMTP server that is not there.
    let site = site_with_mail(free_port()).await;
    let path = site.import("ref", REFERENCE).await.path;
    assert_eq!(
        send(&site, &path, &[("name", "منى"), ("to", FRIEND)], READER)
            .await
            .status,
        StatusCode::OK
    );
    // A second process on the same database, with the server up, delivers it.
    let store = site.db.reopen().await.unwrap();
    let clock = Arc::new(nashir_app::FixedClock::new(
        "2026-01-02T00:00:00Z".parse().unwrap(),
    ));
    let restarted = nashir_app::App::new(
        Arc::new(store),
        clock,
        nashir_app::SiteSettings {
            base_url: Some(MAIL_SITE.into()),
            ..Default::default()
        },
    )
    .with_mail(test_mail_settings());
    let transport =
        nashir_app::mail::Smtp::from_url(&format!("smtp://127.0.0.1:{}", smtp.port)).unwrap();
    assert_eq!(restarted.deliver_due_mail(&transport).await.unwrap(), 1);
    assert_eq!(
        restarted.deliver_due_mail(&transport).await.unwrap(),
        0,
        "sent once"
    );
    assert_eq!(smtp.wait_for(1).await.len(), 1);
}

#[tokio::test]
async fn sending_is_limited_per_recipient_and_per_address() {
    let folder = tempfile::tempdir().unwrap();
    let smtp = SmtpSink::start(free_port(), folder.path());
    let site = site_with_mail(smtp.port).await;
    let path = site.import("ref", REFERENCE).await.path;
    for i in 0..3 {
        let peer = format!("192.0.2.{}", 30 + i);
        assert_eq!(
            send(&site, &path, &[("name", "منى"), ("to", FRIEND)], &peer)
                .await
                .status,
            StatusCode::OK
        );
    }
    // A fourth to the same mailbox, from anywhere, in the same day: refused.
    let fourth = send(
        &site,
        &path,
        &[("name", "منى"), ("to", "FRIEND@example.org")],
        "192.0.2.40",
    )
    .await;
    assert_eq!(fourth.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(fourth.body.contains("حاول مجدداً بعد ساعة"));
    // Five an hour from one address.
    for i in 0..2 {
        let to = format!("reader{i}@example.org");
        assert_eq!(
            send(&site, &path, &[("name", "منى"), ("to", &to)], "192.0.2.30")
                .await
                .status,
            StatusCode::OK
        );
    }
    for to in ["x@example.org", "z@example.org"] {
        assert_eq!(
            send(&site, &path, &[("name", "منى"), ("to", to)], "192.0.2.30")
                .await
                .status,
            StatusCode::OK
        );
    }
    let sixth = send(
        &site,
        &path,
        &[("name", "منى"), ("to", "y@example.org")],
        "192.0.2.30",
    )
    .await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(outbox_rows(&site).await.len(), 7);
    assert_eq!(smtp.wait_for(7).await.len(), 7);
}

#[tokio::test]
async fn without_smtp_the_action_says_it_is_unavailable() {
    let site = site().await;
    let path = site.import("ref", REFERENCE).await.path;
    let page = site.get(&format!("{path}/send")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("غير متاحة"));
    assert!(!page.body.contains("<form method=\"post\""));
    let open = page
        .body
        .split("name=\"token\" value=\"")
        .nth(1)
        .map(str::to_string);
    assert!(open.is_none(), "no form to fill in");
}

#[tokio::test]
async fn editors_are_told_of_new_comments_once_per_article_and_quarter_hour() {
    let folder = tempfile::tempdir().unwrap();
    let smtp = SmtpSink::start(free_port(), folder.path());
    let site = site_with_mail(smtp.port).await;
    let path = site.import("ref", REFERENCE).await.path;
    editor(&site, Role::Editor).await;
    editor(&site, Role::Author).await; // authors do not moderate
    let form = format!("{path}/comment");
    for (text, peer) in [("تعليق أول", "192.0.2.1"), ("تعليق ثان", "192.0.2.2")] {
        let open = site.open_form(&form).await;
        let sent = site
            .submit(&form, &open, &[("name", "سارة"), ("text", text)], peer)
            .await;
        assert_eq!(sent.status, StatusCode::OK);
    }
    let got = smtp.wait_for(1).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let got_after = smtp.messages();
    assert_eq!(got_after.len(), 1, "one notice for both comments");
    assert_eq!(got[0].rcpt_tos, ["editor@news.example"]);
    assert!(got[0].subject.starts_with("تعليق جديد بانتظار المراجعة"));
    let text = got[0].text.as_deref().unwrap();
    assert!(text.contains("تعليق أول") && text.contains(&format!("{MAIL_SITE}/admin/comments")));
}

#[tokio::test]
async fn an_editor_is_told_in_the_newsroom_language_they_chose() {
    let folder = tempfile::tempdir().unwrap();
    let smtp = SmtpSink::start(free_port(), folder.path());
    let site = site_with_mail(smtp.port).await;
    let path = site.import("ref", REFERENCE).await.path;
    let me = editor(&site, Role::Editor).await;
    let chosen = common::post_as(&site, &me, "/admin/language", &[("language", "en")]).await;
    assert!(chosen.status.is_redirection(), "{}", chosen.body);
    let form = format!("{path}/comment");
    let open = site.open_form(&form).await;
    let sent = site
        .submit(
            &form,
            &open,
            &[("name", "سارة"), ("text", "تعليق")],
            "192.0.2.1",
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    let got = smtp.wait_for(1).await;
    assert!(
        got[0].subject.starts_with("New comment awaiting review: "),
        "{}",
        got[0].subject
    );
    let language = got[0]
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-language"))
        .map(|(_, value)| value.as_str());
    assert_eq!(language, Some("en"));
}
