//! Users, sessions, sign-in failures and the audit log.

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::StoreError;
use nashir_app::records::{ApiToken, AuditEntry, Session, User};
use nashir_app::{AccountStore, Audit, NewsroomWrite};
use nashir_core::language::Language;
use nashir_core::permissions::Role;
use sqlx::{AnyConnection, AnyPool};

use crate::backend;
use crate::rows::{secs, timestamp};
use crate::sql::{Arg, execute};
use crate::{SqlStore, newsroom};

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    disabled: i64,
    created_at: i64,
    language: String,
}

impl UserRow {
    fn into_user(self) -> Result<User, StoreError> {
        Ok(User {
            role: Role::parse(&self.role)
                .ok_or_else(|| StoreError::Corrupt(format!("user {} role", self.id)))?,
            id: self.id,
            email: self.email,
            name: self.name,
            disabled: self.disabled != 0,
            created_at: timestamp(self.created_at)?,
            language: Language::from_code(&self.language)
                .ok_or_else(|| StoreError::Corrupt(format!("user {} language", self.id)))?,
        })
    }
}

const USER_COLUMNS: &str = "id, email, name, role, disabled, created_at, language";

pub async fn create_user(
    pool: &AnyPool,
    email: &str,
    name: &str,
    role: Role,
    hash: &str,
    now: Timestamp,
) -> Result<User, StoreError> {
    let row = sqlx::query_as::<_, UserRow>(
        "INSERT INTO users (email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, email, name, role, disabled, created_at, language",
    )
    .bind(email)
    .bind(name)
    .bind(role.as_str())
    .bind(hash)
    .bind(secs(now))
    .fetch_one(pool)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            StoreError::Conflict(email.to_string())
        }
        e => backend(e),
    })?;
    row.into_user()
}

pub async fn user_by_email(
    pool: &AnyPool,
    email: &str,
) -> Result<Option<(User, String)>, StoreError> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(pool)
            .await
            .map_err(backend)?;
    let Some((id, hash)) = row else {
        return Ok(None);
    };
    Ok(user(pool, id).await?.map(|u| (u, hash)))
}

pub async fn user(pool: &AnyPool, id: i64) -> Result<Option<User>, StoreError> {
    sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(backend)?
    .map(UserRow::into_user)
    .transpose()
}

pub async fn users(pool: &AnyPool) -> Result<Vec<User>, StoreError> {
    sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users ORDER BY id"
    )))
    .fetch_all(pool)
    .await
    .map_err(backend)?
    .into_iter()
    .map(UserRow::into_user)
    .collect()
}

pub async fn session(
    pool: &AnyPool,
    digest: &str,
    now: Timestamp,
) -> Result<Option<Session>, StoreError> {
    let row: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT user_id, csrf, expires_at FROM sessions WHERE token_digest = $1 AND expires_at > $2",
    )
    .bind(digest)
    .bind(secs(now))
    .fetch_optional(pool)
    .await
    .map_err(backend)?;
    let Some((user_id, csrf, expires)) = row else {
        return Ok(None);
    };
    let Some(user) = user(pool, user_id).await? else {
        return Ok(None);
    };
    Ok(Some(Session {
        user,
        csrf,
        expires_at: timestamp(expires)?,
    }))
}

pub async fn set_role(conn: &mut AnyConnection, id: i64, role: Role) -> Result<(), StoreError> {
    let sql = "UPDATE users SET role = $1 WHERE id = $2";
    execute(conn, sql, &[Arg::Text(role.as_str()), Arg::Int(id)]).await?;
    Ok(())
}

pub async fn set_language(
    conn: &mut AnyConnection,
    id: i64,
    language: Language,
) -> Result<(), StoreError> {
    let sql = "UPDATE users SET language = $1 WHERE id = $2";
    execute(conn, sql, &[Arg::Text(language.code()), Arg::Int(id)]).await?;
    Ok(())
}

/// Disabling also ends the user's sessions.
pub async fn set_disabled(
    conn: &mut AnyConnection,
    id: i64,
    disabled: bool,
) -> Result<(), StoreError> {
    let sql = "UPDATE users SET disabled = $1 WHERE id = $2";
    execute(
        &mut *conn,
        sql,
        &[Arg::Int(i64::from(disabled)), Arg::Int(id)],
    )
    .await?;
    if disabled {
        let sql = "DELETE FROM sessions WHERE user_id = $1";
        execute(conn, sql, &[Arg::Int(id)]).await?;
    }
    Ok(())
}

pub async fn append_audit<'c, E>(
    conn: E,
    user_id: Option<i64>,
    action: &str,
    target: &str,
    now: Timestamp,
) -> Result<(), StoreError>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query("INSERT INTO audit_log (at, user_id, action, target) VALUES ($1, $2, $3, $4)")
        .bind(secs(now))
        .bind(user_id)
        .bind(action)
        .bind(target)
        .execute(conn)
        .await
        .map_err(backend)?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    at: i64,
    user_id: Option<i64>,
    user_name: Option<String>,
    action: String,
    target: String,
}

pub async fn audit_log(pool: &AnyPool, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
    sqlx::query_as::<_, AuditRow>(
        "SELECT l.at, l.user_id, u.name AS user_name, l.action, l.target FROM audit_log l
         LEFT JOIN users u ON u.id = l.user_id ORDER BY l.id DESC LIMIT $1",
    )
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(backend)?
    .into_iter()
    .map(|r| {
        Ok(AuditEntry {
            at: timestamp(r.at)?,
            user_id: r.user_id,
            user_name: r.user_name,
            action: r.action,
            target: r.target,
        })
    })
    .collect()
}

#[async_trait]
impl AccountStore for SqlStore {
    async fn create_user(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<User, StoreError> {
        create_user(&self.pool, email, name, role, password_hash, now).await
    }

    async fn user_by_email(&self, email: &str) -> Result<Option<(User, String)>, StoreError> {
        user_by_email(&self.pool, email).await
    }

    async fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        user(&self.pool, id).await
    }

    async fn users(&self) -> Result<Vec<User>, StoreError> {
        users(&self.pool).await
    }

    async fn create_session(
        &self,
        token_digest: &str,
        user_id: i64,
        csrf: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        let sql = "INSERT INTO sessions (token_digest, user_id, csrf, created_at, expires_at)
                   VALUES ($1, $2, $3, $4, $5)";
        let args = [
            Arg::Text(token_digest),
            Arg::Int(user_id),
            Arg::Text(csrf),
            Arg::Int(secs(now)),
            Arg::Int(secs(expires_at)),
        ];
        execute(&self.pool, sql, &args).await?;
        // Expired sessions are swept as new ones open.
        let sweep = "DELETE FROM sessions WHERE expires_at <= $1";
        execute(&self.pool, sweep, &[Arg::Int(secs(now))]).await?;
        Ok(())
    }

    async fn session(
        &self,
        token_digest: &str,
        now: Timestamp,
    ) -> Result<Option<Session>, StoreError> {
        session(&self.pool, token_digest, now).await
    }

    async fn delete_session(&self, token_digest: &str) -> Result<(), StoreError> {
        let sql = "DELETE FROM sessions WHERE token_digest = $1";
        execute(&self.pool, sql, &[Arg::Text(token_digest)]).await?;
        Ok(())
    }

    async fn site_secret(&self, name: &str, fresh: &str) -> Result<String, StoreError> {
        let sql =
            "INSERT INTO site_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
        execute(&self.pool, sql, &[Arg::Text(name), Arg::Text(fresh)]).await?;
        sqlx::query_scalar("SELECT value FROM site_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn append_audit(
        &self,
        user_id: Option<i64>,
        action: &str,
        target: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        append_audit(&self.pool, user_id, action, target, now).await
    }

    async fn newsroom_write(
        &self,
        write: &NewsroomWrite,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        self.writing(async |c| newsroom::write(c, write, audit, now).await)
            .await
    }

    async fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        audit_log(&self.pool, limit).await
    }

    async fn add_token(
        &self,
        user: i64,
        name: &str,
        digest: &str,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        self.writing(async |c| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO api_tokens (user_id, name, digest, created_at)
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(user)
            .bind(name)
            .bind(digest)
            .bind(secs(now))
            .fetch_one(&mut *c)
            .await
            .map_err(backend)?;
            append_audit(&mut *c, audit.by, &audit.action, &audit.target, now).await?;
            Ok(id)
        })
        .await
    }

    async fn token_user(
        &self,
        digest: &str,
        now: Timestamp,
    ) -> Result<Option<(i64, User)>, StoreError> {
        let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT id, user_id, last_used_at FROM api_tokens
             WHERE digest = $1 AND revoked_at IS NULL",
        )
        .bind(digest)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some((id, user_id, last_used)) = row else {
            return Ok(None);
        };
        // A write a minute at most, not one per request.
        if last_used.is_none_or(|at| at + 60 <= secs(now)) {
            let sql = "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2";
            execute(&self.pool, sql, &[Arg::Int(secs(now)), Arg::Int(id)]).await?;
        }
        Ok(user(&self.pool, user_id).await?.map(|u| (id, u)))
    }

    async fn tokens(&self, user: Option<i64>) -> Result<Vec<ApiToken>, StoreError> {
        type Row = (i64, i64, String, String, i64, Option<i64>, Option<i64>);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT t.id, t.user_id, u.name, t.name, t.created_at, t.last_used_at, t.revoked_at
             FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE $1 = 0 OR t.user_id = $2 ORDER BY t.id DESC",
        )
        .bind(i64::from(user.is_some()))
        .bind(user.unwrap_or(0))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|(id, user_id, user_name, name, created, used, revoked)| {
                Ok(ApiToken {
                    id,
                    user_id,
                    user_name,
                    name,
                    created_at: timestamp(created)?,
                    last_used_at: used.map(timestamp).transpose()?,
                    revoked_at: revoked.map(timestamp).transpose()?,
                })
            })
            .collect()
    }

    async fn revoke_token(
        &self,
        id: i64,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        self.writing(async |c| {
            let sql = "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";
            let done = execute(&mut *c, sql, &[Arg::Int(secs(now)), Arg::Int(id)]).await? > 0;
            if done {
                append_audit(&mut *c, audit.by, &audit.action, &audit.target, now).await?;
            }
            Ok(done)
        })
        .await
    }
}
