//! SQL built at run time (filters, lists of ids), for either dialect: placeholders
//! are `$1, $2, …`, which PostgreSQL and SQLite both read.

use nashir_app::StoreError;
use sqlx::any::AnyArguments;
use sqlx::query::{Query, QueryAs};
use sqlx::{Any, Arguments, AssertSqlSafe, Encode, FromRow, Type};

use crate::backend;

pub struct Sql {
    text: String,
    args: AnyArguments,
    /// A value that could not be encoded (reported when the query is built).
    error: Option<String>,
}

impl Sql {
    pub fn new(start: &str) -> Sql {
        Sql {
            text: start.to_string(),
            args: AnyArguments::default(),
            error: None,
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn bind<T>(&mut self, value: T) -> &mut Sql
    where
        T: for<'q> Encode<'q, Any> + Type<Any> + Send + 'static,
    {
        if let Err(e) = self.args.add(value) {
            self.error.get_or_insert(e.to_string());
        }
        self.text.push_str(&format!("${}", self.args.len()));
        self
    }

    /// Placeholders for each value, comma-separated.
    pub fn bind_list(&mut self, values: &[i64]) -> &mut Sql {
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(*v);
        }
        self
    }

    /// SQLite's plan of the query, a step a line (tests of plans).
    #[cfg(test)]
    pub async fn plan(mut self, pool: &sqlx::AnyPool) -> Vec<String> {
        #[derive(sqlx::FromRow)]
        struct Step {
            detail: String,
        }
        self.text.insert_str(0, "EXPLAIN QUERY PLAN ");
        let steps: Vec<Step> = self.query_as().unwrap().fetch_all(pool).await.unwrap();
        steps.into_iter().map(|s| s.detail).collect()
    }

    fn parts(self) -> Result<(String, AnyArguments), StoreError> {
        match self.error {
            Some(e) => Err(StoreError::Backend(format!("encoding a value: {e}"))),
            None => Ok((self.text, self.args)),
        }
    }

    pub fn query(self) -> Result<Query<'static, Any, AnyArguments>, StoreError> {
        let (text, args) = self.parts()?;
        Ok(sqlx::query_with(AssertSqlSafe(text), args))
    }

    pub fn query_as<T>(self) -> Result<QueryAs<'static, Any, T, AnyArguments>, StoreError>
    where
        T: for<'r> FromRow<'r, sqlx::any::AnyRow>,
    {
        let (text, args) = self.parts()?;
        Ok(sqlx::query_as_with(AssertSqlSafe(text), args))
    }
}

/// Runs one statement that changes rows, with bound arguments in order.
pub async fn execute<'c, E>(conn: E, sql: &'static str, args: &[Arg<'_>]) -> Result<u64, StoreError>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let mut q = sqlx::query(sql);
    for arg in args {
        q = match arg {
            Arg::Int(i) => q.bind(*i),
            Arg::Text(t) => q.bind(*t),
        };
    }
    Ok(q.execute(conn).await.map_err(backend)?.rows_affected())
}

/// An argument of [`execute`].
pub enum Arg<'a> {
    Int(i64),
    Text(&'a str),
}
