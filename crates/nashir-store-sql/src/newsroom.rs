//! The newsroom's writes besides article saves: each with its audit entry, in
//! the caller's one write transaction.

use jiff::Timestamp;
use nashir_app::{Audit, NewsroomWrite, StoreError};
use sqlx::AnyConnection;

use crate::{accounts, taxonomy};

/// Applies `write` and appends `audit` on `conn` (a write transaction the caller
/// commits): an error at either step leaves the transaction to roll back whole.
pub async fn write(
    conn: &mut AnyConnection,
    write: &NewsroomWrite,
    audit: &Audit,
    now: Timestamp,
) -> Result<(), StoreError> {
    match write {
        NewsroomWrite::Section { slug, name } => {
            taxonomy::upsert_section(conn, slug, name).await?;
        }
        NewsroomWrite::Tag { slug, name } => {
            taxonomy::upsert_tag(conn, slug, name).await?;
        }
        NewsroomWrite::Author {
            slug,
            name,
            bio,
            photo,
        } => {
            let author = taxonomy::upsert_author(conn, slug, name, bio).await?;
            taxonomy::set_author_photo(conn, author.id, *photo).await?;
        }
        NewsroomWrite::UserRole { user, role } => accounts::set_role(conn, *user, *role).await?,
        NewsroomWrite::UserDisabled { user, disabled } => {
            accounts::set_disabled(conn, *user, *disabled).await?
        }
    }
    accounts::append_audit(conn, audit.by, &audit.action, &audit.target, now).await
}
