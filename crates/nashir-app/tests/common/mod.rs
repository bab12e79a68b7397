//! A newsroom over a fresh SQL store (PostgreSQL when `TEST_DATABASE_URL` is set).

use std::sync::Arc;

use nashir_app::accounts::User;
use nashir_app::{App, FixedClock, SiteSettings, Store};
use nashir_core::permissions::Role;
use nashir_store_sql::SqlStore;

pub struct Newsroom {
    pub app: App,
    /// The app's store, for setting up and checking what the use-cases wrote.
    pub store: Arc<dyn Store>,
    pub clock: Arc<FixedClock>,
    _dir: tempfile::TempDir,
}

pub async fn newsroom() -> Newsroom {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqlStore::open_for_test(dir.path()).await.unwrap());
    let clock = Arc::new(FixedClock::new("2026-03-01T09:00:00Z".parse().unwrap()));
    let app = App::new(store.clone(), clock.clone(), SiteSettings::default());
    Newsroom {
        app,
        store,
        clock,
        _dir: dir,
    }
}

/// A user with `email` as their name too.
pub async fn user(n: &Newsroom, email: &str, role: Role) -> User {
    n.app
        .add_user(email, email, role, Some("a-long-enough-password"))
        .await
        .unwrap()
        .0
}

/// A use-case's refusals as the Arabic newsroom says them.
#[allow(dead_code)]
pub fn arabic(problems: &[nashir_i18n::Message]) -> Vec<String> {
    let t = nashir_i18n::Texts::of(nashir_i18n::Language::Arabic);
    problems.iter().map(|m| t.message(m).into_owned()).collect()
}
