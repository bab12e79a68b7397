//! The SQL store: the `Store` port for SQLite (embedded, the default: WAL, bundled)
//! and PostgreSQL, through sqlx's `Any` driver; each dialect's migrations applied
//! at open. `connection` opens the database and its write transactions; each
//! aggregate's port is implemented in its own module (`articles`, `lists`,
//! `taxonomy`, `accounts`, `limits`, `comments`, `front`, `outbox`, `media`, `live`,
//! `related`).

mod accounts;
mod article_writes;
mod articles;
mod comments;
mod connection;
pub mod copy;
pub mod dump;
mod editor;
mod front;
mod imports;
mod limits;
mod lists;
mod live;
mod media;
mod newsroom;
mod outbox;
mod pages;
mod redirects;
mod related;
mod relations;
mod reviews;
mod rows;
mod sql;
mod taxonomy;
#[cfg(feature = "test-support")]
mod test_support;
mod webhooks;

pub(crate) use connection::backend;
pub use connection::{Dialect, SqlStore};
#[cfg(feature = "test-support")]
pub use test_support::test_database_url;
