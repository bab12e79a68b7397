//! The SQL store: the `Store` port for SQLite (embedded, the default: WAL, bundled)
//! and PostgreSQL, through sqlx's `Any` driver; each dialect's migrations applied
//! at open. `connection` opens the database and its write transactions; each
//! aggregate's port is implemented in its own module (`articles`, `lists`,
//! `taxonomy`, `accounts`, `limits`, `comments`, `outbox`, `media`).

mod accounts;
mod article_writes;
mod articles;
mod comments;
mod connection;
pub mod copy;
mod editor;
mod limits;
mod lists;
mod media;
mod newsroom;
mod outbox;
mod relations;
mod rows;
mod sql;
mod taxonomy;
#[cfg(feature = "test-support")]
mod test_support;

pub(crate) use connection::backend;
pub use connection::{Dialect, SqlStore};
#[cfg(feature = "test-support")]
pub use test_support::test_database_url;
