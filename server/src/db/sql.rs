//! One statement text for both databases.
//!
//! Statements are written once, with PostgreSQL's numbered placeholders `$1`, `$2`, …, in
//! SQL both databases accept. PostgreSQL binds them by position as usual. SQLite reads
//! `$1` as a *named* parameter called "$1" (its `$AAAA` form), so [`Tx`] binds each value
//! by that name (`raw_bind_parameter("$1", …)`): nothing rewrites the text, a placeholder
//! may appear twice or out of order, and a value without its placeholder (or a placeholder
//! without a value) is an error on both databases, not a silent shift.
//!
//! Values and rows pass through [`Value`], a dialect-neutral scalar: integers bind to
//! whichever integer width PostgreSQL inferred for the placeholder (it is strict about
//! `int4` vs `int8`; SQLite is not), and columns read back as [`FromValue`] types.
//!
//! What differs between the dialects stays explicit and small: row locks
//! ([`Tx::for_update`]), which SQLite neither needs (one writer) nor accepts.

use super::health::note;
use super::{DbError, Result};
use bytes::BytesMut;
use rusqlite::types::{ToSqlOutput, ValueRef};
use std::error::Error as StdError;
use tokio::runtime::Handle;
use tokio_postgres::types::{IsNull, ToSql, Type};

/// A connection inside a transaction ([`super::write`], [`super::read`]), or SQLite's
/// connection itself for reads. Every storage function takes one.
pub enum Tx<'a> {
    Sqlite(&'a rusqlite::Connection),
    Postgres {
        tx: &'a deadpool_postgres::Transaction<'a>,
        rt: &'a Handle,
        /// Orders read are locked until the commit (`FOR UPDATE`).
        write: bool,
    },
}

/// A scalar going in or coming out.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

/// What a statement's parameters may be.
pub trait Param {
    fn value(&self) -> Value;
}

macro_rules! int_params {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn value(&self) -> Value {
                Value::Int(i64::from(*self))
            }
        }
    )*};
}
int_params!(i64, i32, u32, u16, bool);

impl Param for str {
    fn value(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl Param for String {
    fn value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl<T: Param + ?Sized> Param for &T {
    fn value(&self) -> Value {
        (**self).value()
    }
}

impl<T: Param> Param for Option<T> {
    fn value(&self) -> Value {
        self.as_ref().map_or(Value::Null, Param::value)
    }
}

/// What a column may be read as.
pub trait FromValue: Sized {
    fn from_value(value: Value) -> Result<Self>;
}

fn mismatch(value: &Value, wanted: &str) -> DbError {
    DbError::Mismatch(format!("{value:?} read as {wanted}"))
}

macro_rules! int_columns {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(value: Value) -> Result<Self> {
                match value {
                    Value::Int(i) => <$t>::try_from(i).map_err(|_| mismatch(&value, stringify!($t))),
                    other => Err(mismatch(&other, stringify!($t))),
                }
            }
        }
    )*};
}
int_columns!(i64, i32, u32, u16);

impl FromValue for String {
    fn from_value(value: Value) -> Result<Self> {
        match value {
            Value::Text(s) => Ok(s),
            other => Err(mismatch(&other, "text")),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: Value) -> Result<Self> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// One row of a result.
#[derive(Debug)]
pub struct Row(Vec<Value>);

impl Row {
    /// Column `index` (from 0) as a `T`.
    pub fn get<T: FromValue>(&self, index: usize) -> Result<T> {
        let value = self.0.get(index).cloned().ok_or_else(|| {
            DbError::Mismatch(format!("no column {index} in a row of {}", self.0.len()))
        })?;
        T::from_value(value)
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

type BoxError = Box<dyn StdError + Sync + Send>;

/// Binds to the type PostgreSQL inferred for the placeholder.
impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Value::Text(s) => s.as_str().to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        <i64 as ToSql>::accepts(ty)
            || <i32 as ToSql>::accepts(ty)
            || <i16 as ToSql>::accepts(ty)
            || <bool as ToSql>::accepts(ty)
            || <&str as ToSql>::accepts(ty)
    }

    tokio_postgres::types::to_sql_checked!();
}

fn sqlite_row(row: &rusqlite::Row<'_>, columns: usize) -> Result<Row> {
    (0..columns)
        .map(|i| {
            Ok(match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                other => {
                    return Err(DbError::Mismatch(format!(
                        "column {i} is {:?}",
                        other.data_type()
                    )))
                }
            })
        })
        .collect::<Result<_>>()
        .map(Row)
}

fn postgres_row(row: &tokio_postgres::Row) -> Result<Row> {
    let int = |v: Option<i64>| v.map_or(Value::Null, Value::Int);
    (0..row.len())
        .map(|i| {
            let ty = row.columns()[i].type_();
            Ok(match *ty {
                Type::INT2 => int(row.try_get::<_, Option<i16>>(i)?.map(i64::from)),
                Type::INT4 => int(row.try_get::<_, Option<i32>>(i)?.map(i64::from)),
                Type::INT8 => int(row.try_get::<_, Option<i64>>(i)?),
                Type::BOOL => int(row.try_get::<_, Option<bool>>(i)?.map(i64::from)),
                _ => row
                    .try_get::<_, Option<String>>(i)?
                    .map_or(Value::Null, Value::Text),
            })
        })
        .collect::<Result<_>>()
        .map(Row)
}

/// SQLite: each value bound to its `$n` by name (see the module doc).
fn bind(stmt: &mut rusqlite::Statement<'_>, params: &[&dyn Param]) -> Result<()> {
    if stmt.parameter_count() != params.len() {
        return Err(DbError::Mismatch(format!(
            "{} placeholders, {} values",
            stmt.parameter_count(),
            params.len()
        )));
    }
    for (i, param) in params.iter().enumerate() {
        stmt.raw_bind_parameter(format!("${}", i + 1).as_str(), param.value())?;
    }
    Ok(())
}

impl Tx<'_> {
    pub fn is_postgres(&self) -> bool {
        matches!(self, Tx::Postgres { .. })
    }

    /// Whether orders read here are to be locked until the commit.
    pub(super) fn locks(&self) -> bool {
        matches!(self, Tx::Postgres { write: true, .. })
    }

    /// `" FOR UPDATE"` (with `skip_locked`: `" FOR UPDATE SKIP LOCKED"`) where rows are
    /// locked (PostgreSQL writes), else nothing: SQLite's single writer holds them all.
    pub fn for_update(&self, skip_locked: bool) -> &'static str {
        match (self.is_postgres(), skip_locked) {
            (false, _) => "",
            (true, false) => " FOR UPDATE",
            (true, true) => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// Every row of a query.
    pub fn query(&self, sql: &str, params: &[&dyn Param]) -> Result<Vec<Row>> {
        self.rows(sql, params).map_err(note)
    }

    fn rows(&self, sql: &str, params: &[&dyn Param]) -> Result<Vec<Row>> {
        match self {
            Tx::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(sql)?;
                bind(&mut stmt, params)?;
                let columns = stmt.column_count();
                let mut rows = stmt.raw_query();
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(sqlite_row(row, columns)?);
                }
                Ok(out)
            }
            Tx::Postgres { tx, rt, .. } => {
                let values: Vec<Value> = params.iter().map(|p| p.value()).collect();
                let refs: Vec<&(dyn ToSql + Sync)> =
                    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
                let rows = rt.block_on(async {
                    let statement = tx.prepare_cached(sql).await?;
                    tx.query(&statement, &refs).await
                })?;
                rows.iter().map(postgres_row).collect()
            }
        }
    }

    /// The first row of a query, if any.
    pub fn query_opt(&self, sql: &str, params: &[&dyn Param]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The one row of a query that always has one (an aggregate).
    pub fn query_one(&self, sql: &str, params: &[&dyn Param]) -> Result<Row> {
        self.query_opt(sql, params)?
            .ok_or_else(|| DbError::Mismatch(format!("no row from {sql}")))
    }

    /// Runs a statement; returns how many rows it changed.
    pub fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<u64> {
        self.changes(sql, params).map_err(note)
    }

    fn changes(&self, sql: &str, params: &[&dyn Param]) -> Result<u64> {
        match self {
            Tx::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(sql)?;
                bind(&mut stmt, params)?;
                Ok(stmt.raw_execute()? as u64)
            }
            Tx::Postgres { tx, rt, .. } => {
                let values: Vec<Value> = params.iter().map(|p| p.value()).collect();
                let refs: Vec<&(dyn ToSql + Sync)> =
                    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
                Ok(rt.block_on(async {
                    let statement = tx.prepare_cached(sql).await?;
                    tx.execute(&statement, &refs).await
                })?)
            }
        }
    }

    /// Runs several statements without parameters.
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Tx::Sqlite(conn) => conn.execute_batch(sql).map_err(DbError::from),
            Tx::Postgres { tx, rt, .. } => {
                rt.block_on(tx.batch_execute(sql)).map_err(DbError::from)
            }
        }
        .map_err(note)
    }
}
