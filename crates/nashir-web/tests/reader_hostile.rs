//! Hostile input against both readers' forms: each gets its status, an Arabic
//! page, and leaves nothing stored.

mod common;

use axum::http::StatusCode;
use common::*;

const PEER: &str = "198.51.100.7";

async fn stored(site: &Site) -> (i64, i64) {
    let count = |table: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
            .fetch_one(site.db.pool())
            .await
            .unwrap()
    };
    (count("comments").await, count("outbox").await)
}

/// What to send: fields (a token and cookie are added unless the case drops
/// them), or a raw body.
enum Body {
    Fields(Vec<(&'static str, String)>),
    NoToken(Vec<(&'static str, String)>),
    NoCookie(Vec<(&'static str, String)>),
    ForgedToken(Vec<(&'static str, String)>),
    Raw(Vec<u8>),
}

fn f(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

async fn run(site: &Site, uri: &str, body: Body) -> Reply {
    let open = site.open_form(uri).await;
    let with = |token: &str, fields: &[(&'static str, String)]| {
        let mut all = vec![("token", token.to_string())];
        all.extend(fields.iter().cloned());
        let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
        form(&pairs).into_bytes()
    };
    site.clock.advance(jiff::SignedDuration::from_secs(10));
    let (cookie, bytes) = match body {
        Body::Fields(fields) => (Some(open.cookie.as_str()), with(&open.token, &fields)),
        Body::NoToken(fields) => (Some(open.cookie.as_str()), with("", &fields)),
        Body::NoCookie(fields) => (None, with(&open.token, &fields)),
        Body::ForgedToken(fields) => {
            // Change the last character to a different one (a fixed "0" equals the real
            // token whenever the real one already ends in "0").
            let (head, last) = open.token.split_at(open.token.len() - 1);
            let forged = format!("{head}{}", if last == "0" { "1" } else { "0" });
            (Some(open.cookie.as_str()), with(&forged, &fields))
        }
        Body::Raw(bytes) => (Some(open.cookie.as_str()), bytes),
    };
    site.post_raw(uri, cookie, bytes, PEER).await
}

#[tokio::test]
async fn hostile_inputs_are_refused_with_their_status_and_store_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let smtp = SmtpSink::start(free_port(), folder.path());
    let site = site_with_mail(smtp.port).await;
    let path = site.import("ref", REFERENCE).await.path;
    let comment = format!("{path}/comment");
    let send = format!("{path}/send");
    let megabyte = "ب".repeat(512 * 1024);
    let ok_comment = f(&[("name", "سارة"), ("text", "نص")]);
    let ok_send = f(&[("name", "منى"), ("to", "friend@example.org")]);
    let mut invalid_utf8 = b"name=%D8%B3&text=%FF%FE".to_vec();
    invalid_utf8.extend_from_slice(b"&website=");

    let cases: Vec<(&str, &String, Body, StatusCode, &str)> = vec![
        (
            "comment: missing CSRF token",
            &comment,
            Body::NoToken(ok_comment.clone()),
            StatusCode::FORBIDDEN,
            "انتهت صلاحية النموذج",
        ),
        (
            "comment: no form cookie",
            &comment,
            Body::NoCookie(ok_comment.clone()),
            StatusCode::FORBIDDEN,
            "انتهت صلاحية النموذج",
        ),
        (
            "comment: forged token",
            &comment,
            Body::ForgedToken(ok_comment.clone()),
            StatusCode::FORBIDDEN,
            "انتهت صلاحية النموذج",
        ),
        (
            "comment: honeypot filled",
            &comment,
            Body::Fields(f(&[
                ("name", "بوت"),
                ("text", "نص"),
                ("website", "http://spam.example"),
            ])),
            StatusCode::BAD_REQUEST,
            "حقل يجب أن يبقى فارغاً",
        ),
        (
            "comment: name only bidi overrides",
            &comment,
            Body::Fields(f(&[("name", "\u{202E}\u{2066}\u{200F}"), ("text", "نص")])),
            StatusCode::BAD_REQUEST,
            "اكتب اسمك",
        ),
        (
            "comment: name of 81",
            &comment,
            Body::Fields(f(&[("name", &"س".repeat(81)), ("text", "نص")])),
            StatusCode::BAD_REQUEST,
            "الاسم أطول",
        ),
        (
            "comment: text of 5001",
            &comment,
            Body::Fields(f(&[("name", "سارة"), ("text", &"ن".repeat(5001))])),
            StatusCode::BAD_REQUEST,
            "أطول من 5000",
        ),
        (
            "comment: three links",
            &comment,
            Body::Fields(f(&[
                ("name", "سارة"),
                ("text", "https://a.example www.b.example http://c.example"),
            ])),
            StatusCode::BAD_REQUEST,
            "روابط كثيرة",
        ),
        (
            "comment: CRLF in e-mail",
            &comment,
            Body::Fields(f(&[
                ("name", "سارة"),
                ("email", "a@b.example\r\nBcc: x@y.example"),
                ("text", "نص"),
            ])),
            StatusCode::BAD_REQUEST,
            "البريد الإلكتروني غير صحيح",
        ),
        (
            "comment: script as the whole name, link in it",
            &comment,
            Body::Fields(f(&[
                ("name", "<a href=javascript:alert(1)>http://x.example</a>"),
                ("text", "نص"),
            ])),
            StatusCode::BAD_REQUEST,
            "لا يُقبل رابط في الاسم",
        ),
        (
            "comment: invalid UTF-8",
            &comment,
            Body::Raw(invalid_utf8.clone()),
            StatusCode::BAD_REQUEST,
            "طلب غير صالح",
        ),
        (
            "comment: 1 MB body",
            &comment,
            Body::Raw(form(&[("name", "س"), ("text", &megabyte)]).into_bytes()),
            StatusCode::PAYLOAD_TOO_LARGE,
            "الطلب كبير جداً",
        ),
        (
            "send: missing CSRF token",
            &send,
            Body::NoToken(ok_send.clone()),
            StatusCode::FORBIDDEN,
            "انتهت صلاحية النموذج",
        ),
        (
            "send: no form cookie",
            &send,
            Body::NoCookie(ok_send.clone()),
            StatusCode::FORBIDDEN,
            "انتهت صلاحية النموذج",
        ),
        (
            "send: CRLF in the address",
            &send,
            Body::Fields(f(&[
                ("name", "منى"),
                ("to", "friend@example.org\r\nBcc: x@evil.example"),
            ])),
            StatusCode::BAD_REQUEST,
            "غير صحيح",
        ),
        (
            "send: two recipients",
            &send,
            Body::Fields(f(&[("name", "منى"), ("to", "a@example.org;b@example.org")])),
            StatusCode::BAD_REQUEST,
            "غير صحيح",
        ),
        (
            "send: javascript: link in the note",
            &send,
            Body::Fields(f(&[
                ("name", "منى"),
                ("to", "friend@example.org"),
                ("note", "<script>x</script> https://evil.example"),
            ])),
            StatusCode::BAD_REQUEST,
            "لا تُقبل الروابط",
        ),
        (
            "send: note of 301",
            &send,
            Body::Fields(f(&[
                ("name", "منى"),
                ("to", "friend@example.org"),
                ("note", &"م".repeat(301)),
            ])),
            StatusCode::BAD_REQUEST,
            "أطول من 300",
        ),
        (
            "send: honeypot filled",
            &send,
            Body::Fields(f(&[
                ("name", "منى"),
                ("to", "friend@example.org"),
                ("website", "x"),
            ])),
            StatusCode::BAD_REQUEST,
            "يجب أن يبقى فارغاً",
        ),
        (
            "send: invalid UTF-8",
            &send,
            Body::Raw(b"name=%C3%28&to=friend%40example.org".to_vec()),
            StatusCode::BAD_REQUEST,
            "طلب غير صالح",
        ),
        (
            "send: 1 MB body",
            &send,
            Body::Raw(
                form(&[("name", "م"), ("to", "a@b.example"), ("note", &megabyte)]).into_bytes(),
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
            "الطلب كبير جداً",
        ),
    ];
    for (name, uri, body, status, says) in cases {
        let reply = run(&site, uri, body).await;
        assert_eq!(reply.status, status, "{name}: {}", reply.body);
        assert!(reply.body.contains("dir=\"rtl\""), "{name}: an Arabic page");
        assert!(
            reply.body.contains(says),
            "{name}: says «{says}»: {}",
            visible_text(&reply.body)
        );
        assert_eq!(stored(&site).await, (0, 0), "{name}: nothing stored");
    }
    // Neither form takes JSON or multipart.
    for uri in [&comment, &send] {
        let request = axum::http::Request::post(uri.as_str())
            .header(axum::http::header::CONTENT_TYPE, "application/json")
            .body(axum::body::Body::from("{\"name\":\"x\"}"))
            .unwrap();
        assert_eq!(site.request(request).await.status, StatusCode::BAD_REQUEST);
    }
    // Script tags in otherwise fine text are stored as text and never run.
    let fine = Body::Fields(f(&[
        ("name", "سارة"),
        ("text", "<script>alert(1)</script>"),
    ]));
    assert_eq!(run(&site, &comment, fine).await.status, StatusCode::OK);
    assert_eq!(stored(&site).await, (1, 0));
    assert!(smtp.messages().is_empty());
}
