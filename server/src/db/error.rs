//! What can go wrong in storage, and which of it is worth a retry.

use rusqlite::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgres: {}", describe_postgres(.0))]
    Postgres(tokio_postgres::Error),
    /// No PostgreSQL connection could be made for the pool.
    #[error("postgres pool: {0}")]
    Pool(String),
    /// Every pooled connection stayed in use for as long as a request may wait.
    #[error("postgres pool: no free connection in time")]
    PoolExhausted,
    /// A stored order no longer parses: a bug or a hand-edited database.
    #[error("corrupt stored order: {0}")]
    Corrupt(String),
    /// A column holds another type than the code reads, or a statement's parameters do not
    /// match its placeholders: a bug.
    #[error("column or parameter mismatch: {0}")]
    Mismatch(String),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// The blocking task running the query panicked.
    #[error("database task failed: {0}")]
    TaskFailed(String),
    /// An update of an order that is not stored (the caller relied on it existing).
    #[error("order {0} is not stored")]
    MissingOrder(String),
    #[error("migration: {0}")]
    Migration(#[from] refinery::Error),
}

/// tokio-postgres keeps the cause ("Connection refused", a bad URL) in the source: without
/// it an operator reads only "error connecting to server".
fn describe_postgres(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => match std::error::Error::source(e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        },
    }
}

impl From<tokio_postgres::Error> for DbError {
    fn from(e: tokio_postgres::Error) -> Self {
        DbError::Postgres(e)
    }
}

impl From<deadpool_postgres::PoolError> for DbError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        match e {
            deadpool_postgres::PoolError::Backend(e) => DbError::Postgres(e),
            deadpool_postgres::PoolError::Timeout(deadpool_postgres::TimeoutType::Wait) => {
                DbError::PoolExhausted
            }
            other => DbError::Pool(other.to_string()),
        }
    }
}

/// PostgreSQL error codes that mean "try again": lock_not_available (`lock_timeout`),
/// deadlock_detected, serialization_failure, query_canceled (`statement_timeout`).
const PG_RETRYABLE: [&str; 4] = ["55P03", "40P01", "40001", "57014"];

/// PostgreSQL error codes that mean the server is away or refusing sessions: admin
/// shutdown, crash shutdown, starting up or in crash recovery, too many connections.
const PG_UNREACHABLE: [&str; 4] = ["57P01", "57P02", "57P03", "53300"];

impl DbError {
    /// Worth a 503 `unavailable` and a retry, not a 500: the database is busy or away.
    pub fn is_unavailable(&self) -> bool {
        self.is_busy() || self.is_unreachable()
    }

    /// The database cannot be reached, is restarting or cannot be written at all (not a
    /// lock held for a while: that is [`DbError::is_busy`]).
    pub fn is_unreachable(&self) -> bool {
        match self {
            DbError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                ErrorCode::ReadOnly
                    | ErrorCode::DiskFull
                    | ErrorCode::CannotOpen
                    | ErrorCode::SystemIoFailure
            ),
            DbError::Postgres(e) => match e.code() {
                // Class 08: connection exceptions.
                Some(c) => PG_UNREACHABLE.contains(&c.code()) || c.code().starts_with("08"),
                // No SQLSTATE: the connection failed, broke or timed out.
                None => {
                    e.is_closed()
                        || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>())
                        || e.to_string().contains("timeout")
                }
            },
            DbError::Pool(_) => true,
            _ => false,
        }
    }

    /// Another process holds the database: worth a 503 and a retry, not a 500.
    pub fn is_busy(&self) -> bool {
        match self {
            DbError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
                matches!(e.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
            }
            DbError::Postgres(e) => e.code().is_some_and(|c| PG_RETRYABLE.contains(&c.code())),
            DbError::PoolExhausted => true,
            _ => false,
        }
    }
}
