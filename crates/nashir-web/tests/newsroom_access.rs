//! The newsroom's doors: every admin route with every role and with no session,
//! from the route table the router is built from, against the one permission
//! table; sign-in, CSRF and cookies.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Site, site};
use nashir_core::permissions::{Action, Role, allowed};

const PASSWORD: &str = "a-long-enough-password";

async fn signed_in(site: &Site, email: &str, role: Role) -> (String, String) {
    site.app
        .add_user(email, email, role, Some(PASSWORD))
        .await
        .unwrap();
    let (token, session) = site
        .app
        .sign_in(email, PASSWORD, "127.0.0.1")
        .await
        .unwrap();
    (token, session.csrf)
}

async fn call(
    site: &Site,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: &str,
) -> common::Reply {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    if method == "POST" {
        request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    site.request(request.body(Body::from(form.to_string())).unwrap())
        .await
}

#[tokio::test]
async fn every_route_with_every_role() {
    let site = site().await;
    // User 1 is the target of user-management routes.
    site.app
        .add_user("target@x.com", "هدف", Role::Author, Some(PASSWORD))
        .await
        .unwrap();
    let mut sessions = Vec::new();
    for role in Role::ALL {
        let (token, csrf) = signed_in(&site, &format!("{}@x.com", role.as_str()), role).await;
        sessions.push((role, token, csrf));
    }
    let routes = nashir_web::admin_routes();
    assert!(
        routes
            .iter()
            .any(|r| r.0 == "POST" && r.1 == "/admin/media"),
        "the upload is in the table too"
    );
    // The most sensitive doors are named here as well, so a slip in the table
    // cannot open them.
    for (prefix, action) in [
        ("/admin/users", Action::ManageUsers),
        ("/admin/audit", Action::ViewAuditLog),
        ("/admin/mail", Action::ManageSettings),
    ] {
        let doors: Vec<_> = routes.iter().filter(|r| r.1.starts_with(prefix)).collect();
        assert!(!doors.is_empty(), "{prefix}");
        assert!(doors.iter().all(|r| r.2 == action), "{prefix}: {doors:?}");
    }
    let (mut let_in, mut refused) = (0, 0);
    for (method, path, action) in routes {
        let path = path.as_str();
        let anonymous = call(&site, method, path, None, "").await;
        if method == "GET" {
            assert_eq!(
                anonymous.status,
                StatusCode::SEE_OTHER,
                "{method} {path} anonymous"
            );
            assert_eq!(anonymous.location(), "/admin/login");
        } else {
            assert_eq!(
                anonymous.status,
                StatusCode::FORBIDDEN,
                "{method} {path} anonymous"
            );
        }
        for (role, token, csrf) in &sessions {
            let cookie = format!("nashir_session={token}");
            let reply = call(&site, method, path, Some(&cookie), &format!("csrf={csrf}")).await;
            if allowed(*role, action) {
                let_in += 1;
                assert_ne!(
                    reply.status,
                    StatusCode::FORBIDDEN,
                    "{method} {path} as {role:?}"
                );
                assert!(
                    reply.status.as_u16() < 500,
                    "{method} {path} as {role:?}: {}",
                    reply.status
                );
                assert_ne!(reply.location(), "/admin/login");
            } else {
                refused += 1;
                assert_eq!(
                    reply.status,
                    StatusCode::FORBIDDEN,
                    "{method} {path} as {role:?}"
                );
                assert!(reply.body.contains("غير مسموح"), "{method} {path}");
            }
            assert_eq!(
                reply.headers[header::CACHE_CONTROL],
                "private, no-store",
                "{method} {path}"
            );
        }
    }
    // Both answers were seen, so neither loop branch went untested.
    assert!(
        let_in > 0 && refused > 0,
        "{let_in} let in, {refused} refused"
    );
}

#[tokio::test]
async fn state_changes_need_the_sessions_csrf_token() {
    let site = site().await;
    site.app
        .add_user("target@x.com", "هدف", Role::Author, Some(PASSWORD))
        .await
        .unwrap();
    let (token, csrf) = signed_in(&site, "chief@x.com", Role::Admin).await;
    let cookie = format!("nashir_session={token}");
    // The upload's token travels in its multipart body; newsroom_media forges it.
    let posts = nashir_web::admin_routes()
        .into_iter()
        .filter(|r| r.0 == "POST" && r.1 != "/admin/media");
    for (method, path, _) in posts {
        let path = path.as_str();
        for form in ["", "csrf=", "csrf=0000", &format!("csrf={}x", &csrf[..63])] {
            let reply = call(&site, method, path, Some(&cookie), form).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path} with «{form}»");
        }
    }
    // The user was not touched by any of it.
    let users = site.store.users().await.unwrap();
    assert!(!users[0].disabled && users[0].role == Role::Author);
    let reply = call(
        &site,
        "POST",
        "/admin/users/1/disable",
        Some(&cookie),
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(site.store.users().await.unwrap()[0].disabled);
    let log = site.store.audit_log(5).await.unwrap();
    assert_eq!(log[0].action, "user-disable");
}

/// The `name=value` of a Set-Cookie header for `name`.
fn set_cookie<'a>(reply: &'a common::Reply, name: &str) -> Option<&'a str> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
}

#[tokio::test]
async fn signing_in_and_out_through_the_forms() {
    let site = site().await;
    site.app
        .add_user("sara@x.com", "سارة", Role::Editor, Some(PASSWORD))
        .await
        .unwrap();
    site.import("ref", common::REFERENCE).await;
    let form = site.get("/admin/login").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("<html lang=\"ar\" dir=\"rtl\">"));
    let login_cookie = set_cookie(&form, "nashir_login").unwrap();
    assert!(login_cookie.contains("HttpOnly") && login_cookie.contains("SameSite=Lax"));
    let csrf = login_cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("nashir_login=")
        .to_string();
    let cookie = format!("nashir_login={csrf}");

    let wrong = call(
        &site,
        "POST",
        "/admin/login",
        Some(&cookie),
        &format!("csrf={csrf}&email=sara%40x.com&password=nope-nope-nope"),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("غير صحيحة"));
    let forged = call(
        &site,
        "POST",
        "/admin/login",
        None,
        &format!("csrf={csrf}&email=sara%40x.com&password={PASSWORD}"),
    )
    .await;
    assert_eq!(
        forged.status,
        StatusCode::FORBIDDEN,
        "no login cookie, no sign-in"
    );
    let garbage = call(&site, "POST", "/admin/login", Some(&cookie), "%%%").await;
    assert!(garbage.status.is_client_error());

    let ok = call(
        &site,
        "POST",
        "/admin/login",
        Some(&cookie),
        &format!("csrf={csrf}&email=sara%40x.com&password={PASSWORD}"),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.location(), "/admin");
    let session = set_cookie(&ok, "nashir_session").unwrap();
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Lax")
            && !session.contains("Secure")
    );
    let token = session.split(';').next().unwrap().to_string();

    let dashboard = call(&site, "GET", "/admin", Some(&token), "").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(
        dashboard.body.contains("العراق والتعاون العسكري"),
        "editors see all articles"
    );
    assert!(dashboard.body.contains("سارة"));

    let csrf = site
        .app
        .session(token.trim_start_matches("nashir_session="))
        .await
        .unwrap()
        .unwrap()
        .csrf;
    let out = call(
        &site,
        "POST",
        "/admin/logout",
        Some(&token),
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(
        set_cookie(&out, "nashir_session")
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        call(&site, "GET", "/admin", Some(&token), "").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn repeated_failures_answer_429() {
    let site = site().await;
    site.app
        .add_user("sara@x.com", "سارة", Role::Editor, Some(PASSWORD))
        .await
        .unwrap();
    let form = site.get("/admin/login").await;
    let csrf = set_cookie(&form, "nashir_login")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("nashir_login=")
        .to_string();
    let cookie = format!("nashir_login={csrf}");
    let attempt = format!("csrf={csrf}&email=sara%40x.com&password=wrong-wrong-wrong");
    for _ in 0..5 {
        assert_eq!(
            call(&site, "POST", "/admin/login", Some(&cookie), &attempt)
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    let blocked = call(
        &site,
        "POST",
        "/admin/login",
        Some(&cookie),
        &format!("csrf={csrf}&email=sara%40x.com&password={PASSWORD}"),
    )
    .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.body.contains("محاولات فاشلة كثيرة"));
}

#[tokio::test]
async fn cookies_are_secure_behind_https() {
    let site = common::site_with(nashir_app::SiteSettings {
        base_url: Some("https://news.example".into()),
        ..nashir_app::SiteSettings::default()
    })
    .await;
    let form = site.get("/admin/login").await;
    assert!(
        set_cookie(&form, "nashir_login")
            .unwrap()
            .contains("; Secure")
    );
}

#[tokio::test]
async fn behind_a_proxy_each_reader_address_is_throttled_on_its_own() {
    let site = common::site_with(nashir_app::SiteSettings {
        behind_proxy: true,
        ..nashir_app::SiteSettings::default()
    })
    .await;
    let form = site.get("/admin/login").await;
    let csrf = set_cookie(&form, "nashir_login")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("nashir_login=")
        .to_string();
    let attempt = |address: &str, email: &str| {
        let body = format!("csrf={csrf}&email={email}&password=wrong-wrong-wrong");
        site.request(
            Request::post("/admin/login")
                .header(header::COOKIE, format!("nashir_login={csrf}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                // The first entry is the client's to write; the last is the proxy's.
                .header("x-forwarded-for", format!("6.6.6.6, {address}"))
                .body(Body::from(body))
                .unwrap(),
        )
    };
    for i in 0..20 {
        assert_eq!(
            attempt("10.1.1.1", &format!("n{i}%40x.com")).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        attempt("10.1.1.1", "other%40x.com").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        attempt("10.2.2.2", "other%40x.com").await.status,
        StatusCode::UNAUTHORIZED,
        "another reader is not locked out"
    );
}
