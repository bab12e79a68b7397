//! The newsroom's writes besides article saves: each with its audit entry, in
//! the caller's one write transaction.

use jiff::Timestamp;
use nashir_app::{Audit, NewsroomWrite, StoreError};
use sqlx::AnyConnection;

use crate::rows::secs;
use crate::sql::{Arg, execute};
use crate::{accounts, reviews, taxonomy, webhooks};

/// Applies `write` and appends `audit` on `conn` (a write transaction the caller
/// commits): an error at either step leaves the transaction to roll back whole.
/// `false`: nothing to write to, and no audit line.
pub async fn write(
    conn: &mut AnyConnection,
    write: &NewsroomWrite,
    audit: &Audit,
    now: Timestamp,
) -> Result<bool, StoreError> {
    match write {
        NewsroomWrite::Section { slug, name } => {
            taxonomy::upsert_section(conn, slug, name).await?;
        }
        NewsroomWrite::SectionName {
            slug,
            language,
            name,
        } => {
            taxonomy::name_section(conn, slug, *language, name.as_deref()).await?;
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
        NewsroomWrite::UserLanguage { user, language } => {
            accounts::set_language(conn, *user, *language).await?
        }
        NewsroomWrite::UserDisabled { user, disabled } => {
            accounts::set_disabled(conn, *user, *disabled).await?
        }
        NewsroomWrite::Password { user, hash } => {
            let sql = "UPDATE users SET password_hash = $1 WHERE id = $2";
            execute(&mut *conn, sql, &[Arg::Text(hash), Arg::Int(*user)]).await?;
            let sql = "DELETE FROM sessions WHERE user_id = $1";
            execute(&mut *conn, sql, &[Arg::Int(*user)]).await?;
        }
        NewsroomWrite::Trash { article } => {
            let sql = "UPDATE articles SET deleted_at = $1, modified_at = $2 WHERE id = $3 AND deleted_at IS NULL";
            let args = [
                Arg::Int(secs(now)),
                Arg::Int(secs(now)),
                Arg::Int(article.0),
            ];
            if execute(&mut *conn, sql, &args).await? == 0 {
                return Ok(false);
            }
            let data = serde_json::json!({ "id": article.0 });
            webhooks::enqueue(&mut *conn, nashir_app::webhooks::DELETED, data, now).await?;
        }
        NewsroomWrite::Untrash { article } => {
            let sql = "UPDATE articles SET deleted_at = NULL, modified_at = $1 WHERE id = $2 AND deleted_at IS NOT NULL";
            let args = [Arg::Int(secs(now)), Arg::Int(article.0)];
            if execute(&mut *conn, sql, &args).await? == 0 {
                return Ok(false);
            }
        }
        NewsroomWrite::CommentsOpen { article, open } => {
            let sql = "UPDATE articles SET comments_open = $1 WHERE id = $2 AND deleted_at IS NULL";
            let args = [Arg::Int(i64::from(*open)), Arg::Int(article.0)];
            if execute(&mut *conn, sql, &args).await? == 0 {
                return Ok(false);
            }
        }
        NewsroomWrite::ReturnReview { article, note, by } => {
            if !reviews::send_back(&mut *conn, *article, note, *by, now).await? {
                return Ok(false);
            }
        }
        NewsroomWrite::MediaAlt { media, alt } => {
            let sql = "UPDATE media SET alt = $1 WHERE id = $2";
            if execute(&mut *conn, sql, &[Arg::Text(alt), Arg::Int(*media)]).await? == 0 {
                return Ok(false);
            }
        }
    }
    accounts::append_audit(conn, audit.by, &audit.action, &audit.target, now).await?;
    Ok(true)
}
