//! Accounts, the use-cases end to end over the SQL store: users, sign-in, throttling,
//! sessions, audit.

use std::sync::Arc;

use nashir_app::accounts::{AccountError, MAX_FAILURES_ACCOUNT_WIDE, MAX_FAILURES_PER_ACCOUNT};
use nashir_app::{App, FixedClock, SiteSettings};
use nashir_core::permissions::{Action, Role};
use nashir_store_sql::SqlStore;

async fn app() -> (tempfile::TempDir, App, Arc<FixedClock>) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqlStore::open_for_test(dir.path()).await.unwrap();
    let clock = Arc::new(FixedClock::new("2026-01-01T00:00:00Z".parse().unwrap()));
    let app = App::new(Arc::new(store), clock.clone(), SiteSettings::default());
    (dir, app, clock)
}

const PASSWORD: &str = "كلمة-سر-طويلة-2026";

#[tokio::test]
async fn users_sign_in_and_out() {
    let (_dir, app, _) = app().await;
    let (user, generated) = app
        .add_user(" Sara@Example.com ", "سارة", Role::Editor, Some(PASSWORD))
        .await
        .unwrap();
    assert!(generated.is_none());
    assert_eq!(user.email, "sara@example.com");
    assert!(user.may(Action::PublishAny) && !user.may(Action::ManageUsers));

    let (token, session) = app
        .sign_in("SARA@example.com", PASSWORD, "10.0.0.1")
        .await
        .unwrap();
    assert_eq!(session.user.id, user.id);
    assert_eq!(session.csrf.len(), 64);
    let found = app.session(&token).await.unwrap().expect("a live session");
    assert_eq!(found.csrf, session.csrf);
    assert!(app.session("not-a-token").await.unwrap().is_none());
    assert!(app.session(&"0".repeat(64)).await.unwrap().is_none());
    app.sign_out(&token).await.unwrap();
    assert!(app.session(&token).await.unwrap().is_none());

    let log = app.audit_log(&user, 10).await.unwrap();
    assert_eq!(log[0].action, "sign-in");
    assert_eq!(log[0].user_name.as_deref(), Some("سارة"));
}

#[tokio::test]
async fn bad_accounts_are_refused() {
    let (_dir, app, _) = app().await;
    assert!(matches!(
        app.add_user("not-an-email", "س", Role::Author, Some(PASSWORD))
            .await,
        Err(AccountError::BadEmail(_))
    ));
    assert!(matches!(
        app.add_user("a@x.com", "س", Role::Author, Some("short"))
            .await,
        Err(AccountError::WeakPassword)
    ));
    assert!(matches!(
        app.add_user("a@x.com", "  ", Role::Author, Some(PASSWORD))
            .await,
        Err(AccountError::BadName)
    ));
    app.add_user("a@x.com", "س", Role::Author, Some(PASSWORD))
        .await
        .unwrap();
    assert!(matches!(
        app.add_user("A@X.com", "ص", Role::Author, Some(PASSWORD))
            .await,
        Err(AccountError::Taken)
    ));
    let (_, generated) = app
        .add_user("b@x.com", "ب", Role::Admin, None)
        .await
        .unwrap();
    let generated = generated.expect("a generated password");
    assert!(app.sign_in("b@x.com", &generated, "1.1.1.1").await.is_ok());
}

#[tokio::test]
async fn sign_in_is_throttled_per_account_and_address_and_per_address() {
    let (_dir, app, clock) = app().await;
    app.add_user("a@x.com", "أ", Role::Author, Some(PASSWORD))
        .await
        .unwrap();
    for _ in 0..MAX_FAILURES_PER_ACCOUNT {
        assert!(matches!(
            app.sign_in("a@x.com", "wrong password", "1.1.1.1").await,
            Err(AccountError::InvalidCredentials)
        ));
    }
    // The guesser's address waits, even with the right password...
    assert!(matches!(
        app.sign_in("a@x.com", PASSWORD, "1.1.1.1").await,
        Err(AccountError::Throttled { .. })
    ));
    // ...but they have not locked the account's owner out.
    assert!(app.sign_in("a@x.com", PASSWORD, "2.2.2.2").await.is_ok());
    clock.set("2026-01-01T00:16:00Z".parse().unwrap());
    assert!(app.sign_in("a@x.com", PASSWORD, "1.1.1.1").await.is_ok());

    // One address trying many accounts.
    for i in 0..20 {
        let _ = app
            .sign_in(&format!("nobody{i}@x.com"), "guess-guess", "6.6.6.6")
            .await;
    }
    assert!(matches!(
        app.sign_in("a@x.com", PASSWORD, "6.6.6.6").await,
        Err(AccountError::Throttled { .. })
    ));
    assert!(app.sign_in("a@x.com", PASSWORD, "7.7.7.7").await.is_ok());
    // An IPv6 /64 is one address: rotating within it changes nothing.
    for i in 0..20 {
        let _ = app
            .sign_in(
                &format!("nobody{i}@x.com"),
                "guess-guess",
                &format!("2001:db8::{i:x}"),
            )
            .await;
    }
    assert!(matches!(
        app.sign_in("a@x.com", PASSWORD, "2001:db8::ffff").await,
        Err(AccountError::Throttled { .. })
    ));
}

#[tokio::test]
async fn a_guess_spread_over_many_addresses_slows_new_addresses_to_one_a_minute() {
    let (_dir, app, clock) = app().await;
    app.add_user("a@x.com", "أ", Role::Author, Some(PASSWORD))
        .await
        .unwrap();
    // The owner signed in from home before the attack.
    assert!(app.sign_in("a@x.com", PASSWORD, "9.9.9.9").await.is_ok());
    clock.set("2026-01-01T01:00:00Z".parse().unwrap());
    spend_the_account_budget(&app).await;
    // New addresses share one attempt a minute: the guesser's takes it...
    assert!(matches!(
        app.sign_in("a@x.com", "wrong password", "10.2.0.1").await,
        Err(AccountError::InvalidCredentials)
    ));
    assert!(matches!(
        app.sign_in("a@x.com", PASSWORD, "10.1.0.1").await,
        Err(AccountError::Throttled { .. })
    ));
    // ...the owner's known address is not slowed at all...
    assert!(app.sign_in("a@x.com", PASSWORD, "9.9.9.9").await.is_ok());
    // ...and on a new network the owner gets in a minute later (no lock-out).
    clock.set("2026-01-01T01:01:01Z".parse().unwrap());
    assert!(app.sign_in("a@x.com", PASSWORD, "10.1.0.1").await.is_ok());
}

/// A guess spread over many addresses uses up the account-wide budget, each one checked.
async fn spend_the_account_budget(app: &App) {
    for i in 0..MAX_FAILURES_ACCOUNT_WIDE {
        let address = format!("10.0.{}.{}", i / 200, i % 200);
        assert!(matches!(
            app.sign_in("a@x.com", "wrong password", &address).await,
            Err(AccountError::InvalidCredentials)
        ));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_past_the_budget_get_one_backoff_attempt() {
    let (_dir, app, clock) = app().await;
    app.add_user("a@x.com", "أ", Role::Author, Some(PASSWORD))
        .await
        .unwrap();
    clock.set("2026-01-01T01:00:00Z".parse().unwrap());
    spend_the_account_budget(&app).await;
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let app = app.clone();
            let address = format!("10.3.0.{i}");
            tokio::spawn(async move { app.sign_in("a@x.com", "wrong password", &address).await })
        })
        .collect();
    let mut checked = 0;
    for task in tasks {
        match task.await.unwrap() {
            Err(AccountError::InvalidCredentials) => checked += 1,
            Err(AccountError::Throttled { .. } | AccountError::Busy(_)) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(checked, 1, "one attempt a minute, however many addresses");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_wrong_passwords_are_checked_no_more_than_the_limit() {
    let (_dir, app, _clock) = app().await;
    app.add_user("a@x.com", "أ", Role::Author, Some(PASSWORD))
        .await
        .unwrap();
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { app.sign_in("a@x.com", "wrong password", "1.1.1.1").await })
        })
        .collect();
    let mut checked = 0;
    for task in tasks {
        match task.await.unwrap() {
            Err(AccountError::InvalidCredentials) => checked += 1,
            Err(AccountError::Throttled { .. } | AccountError::Busy(_)) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(checked, MAX_FAILURES_PER_ACCOUNT);
}

#[tokio::test]
async fn sessions_end_on_expiry_disable_and_password_change() {
    let (_dir, app, clock) = app().await;
    let (user, _) = app
        .add_user("a@x.com", "أ", Role::Author, Some(PASSWORD))
        .await
        .unwrap();
    let (token, _) = app.sign_in("a@x.com", PASSWORD, "1.1.1.1").await.unwrap();
    clock.set("2026-01-16T00:00:00Z".parse().unwrap());
    assert!(
        app.session(&token).await.unwrap().is_none(),
        "expired after 14 days"
    );

    let (admin, _) = app
        .add_user("admin@x.com", "مدير", Role::Admin, Some(PASSWORD))
        .await
        .unwrap();
    let (token, _) = app.sign_in("a@x.com", PASSWORD, "1.1.1.1").await.unwrap();
    app.set_user_disabled(&admin, user.id, true).await.unwrap();
    assert!(app.session(&token).await.unwrap().is_none());
    assert!(matches!(
        app.sign_in("a@x.com", PASSWORD, "1.1.1.1").await,
        Err(AccountError::InvalidCredentials)
    ));
    app.set_user_disabled(&admin, user.id, false).await.unwrap();

    let (token, session) = app.sign_in("a@x.com", PASSWORD, "1.1.1.1").await.unwrap();
    assert!(matches!(
        app.change_password(&session.user, "wrong", "another-long-password")
            .await,
        Err(AccountError::InvalidCredentials)
    ));
    app.change_password(&session.user, PASSWORD, "another-long-password")
        .await
        .unwrap();
    assert!(
        app.session(&token).await.unwrap().is_none(),
        "other sessions end"
    );
    assert!(
        app.sign_in("a@x.com", "another-long-password", "1.1.1.1")
            .await
            .is_ok()
    );
}
