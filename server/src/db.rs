//! Storage: orders (as the domain's JSON plus the columns SQL needs to filter and page)
//! and idempotency records, in SQLite (the default: one embedded file) or PostgreSQL (for
//! several server instances on one database). The webhook outbox has its own module
//! ([`crate::webhooks::outbox`]) over the same connections.
//!
//! Every operation is a function of a [`Tx`], which is either dialect: the handlers and
//! background jobs are written once. [`write`] runs a closure in a transaction that sees
//! the state its change is based on:
//! - SQLite: one connection behind a mutex, `BEGIN IMMEDIATE` (the write lock up front);
//!   a single writer makes "load, check, change, store" trivially atomic.
//! - PostgreSQL: a pooled connection, `READ COMMITTED`, and every order a write reads is
//!   locked (`SELECT … FOR UPDATE`), so two instances changing one order run one after the
//!   other and the second sees the first's version. Background jobs pick their rows with
//!   `FOR UPDATE SKIP LOCKED`: only one instance acts on a given row.
//!
//! PostgreSQL's driver is async; the closures are not. They run on tokio's blocking pool
//! (as SQLite's do) and each statement is driven there with the runtime's `Handle`.

use cancel_policy::{CancellationStatus, Order, Tab};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::runtime::Handle;
use tokio_postgres::types::ToSql;

#[derive(Debug)]
pub enum DbError {
    Sqlite(rusqlite::Error),
    Postgres(tokio_postgres::Error),
    /// No pooled PostgreSQL connection could be had (in time).
    Pool(String),
    /// A stored order no longer parses: a bug or a hand-edited database.
    Corrupt(String),
    Io(std::io::Error),
    /// The blocking task running the query panicked.
    TaskFailed(String),
    /// An update of an order that is not stored (the caller relied on it existing).
    MissingOrder(String),
}

/// PostgreSQL error codes that mean "try again": lock_not_available (`lock_timeout`),
/// deadlock_detected, serialization_failure, query_canceled (`statement_timeout`).
const PG_RETRYABLE: [&str; 4] = ["55P03", "40P01", "40001", "57014"];

impl DbError {
    /// Another process holds the database: worth a 503 and a retry, not a 500.
    pub fn is_busy(&self) -> bool {
        match self {
            DbError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
                matches!(e.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
            }
            DbError::Postgres(e) => e.code().is_some_and(|c| PG_RETRYABLE.contains(&c.code())),
            DbError::Pool(_) => true,
            _ => false,
        }
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Sqlite(e) => write!(f, "sqlite: {e}"),
            DbError::Postgres(e) => match e.as_db_error() {
                Some(db) => write!(f, "postgres: {} ({})", db.message(), db.code().code()),
                // tokio-postgres keeps the cause ("Connection refused", a bad URL) in the
                // source: without it an operator reads only "error connecting to server".
                None => match std::error::Error::source(e) {
                    Some(cause) => write!(f, "postgres: {e}: {cause}"),
                    None => write!(f, "postgres: {e}"),
                },
            },
            DbError::Pool(e) => write!(f, "postgres pool: {e}"),
            DbError::Corrupt(e) => write!(f, "corrupt stored order: {e}"),
            DbError::Io(e) => write!(f, "io: {e}"),
            DbError::TaskFailed(e) => write!(f, "database task failed: {e}"),
            DbError::MissingOrder(id) => write!(f, "order {id} is not stored"),
        }
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError::Sqlite(e)
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
            other => DbError::Pool(other.to_string()),
        }
    }
}

pub type Result<T, E = DbError> = std::result::Result<T, E>;

/// Where the data lives: `--db` is a file path or a `postgres://` URL.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    Sqlite(PathBuf),
    /// A libpq-style URL (`postgres://user:password@host:port/dbname?options=…`).
    Postgres(String),
}

impl Database {
    pub fn parse(text: &str) -> Database {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Database::Postgres(text.to_string())
        } else {
            Database::Sqlite(PathBuf::from(text))
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Database::Postgres(_))
    }
}

/// Shown in the banner and logs: a URL's password is masked.
impl fmt::Display for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "{}", path.display()),
            Database::Postgres(url) => {
                let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
                match rest.split_once('@') {
                    Some((user, host)) if user.contains(':') => {
                        let name = user.split(':').next().unwrap_or("");
                        write!(f, "{scheme}://{name}:***@{host}")
                    }
                    _ => write!(f, "{url}"),
                }
            }
        }
    }
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Database({self})")
    }
}

/// Schema migrations per dialect, applied in order; `schema_version` records how many
/// have run. Never edit a shipped migration: append a new one to both lists.
const SQLITE_MIGRATIONS: &[&str] = &[
    include_str!("../migrations/sqlite/001_initial.sql"),
    include_str!("../migrations/sqlite/002_deadlines_and_outbox.sql"),
];
const POSTGRES_MIGRATIONS: &[&str] = &[
    include_str!("../migrations/postgres/001_initial.sql"),
    include_str!("../migrations/postgres/002_deadlines_and_outbox.sql"),
];

/// Advisory locks (PostgreSQL), per schema (instances sharing one schema share the data):
/// one instance at a time migrates, one seeds. Waiting for them is start-up, not a
/// request: up to a minute, not the requests' `lock_timeout`.
const LOCK_MIGRATE: i32 = 1;
const LOCK_SEED: i32 = 2;
const ADVISORY_LOCK: &str =
    "SET LOCAL lock_timeout = '60s'; SELECT pg_advisory_xact_lock(hashtext(current_schema()), {key})";

/// Connections per instance to PostgreSQL.
const POOL_SIZE: usize = 16;

/// How long PostgreSQL keeps a transaction of ours that sends nothing before it ends the
/// session (rolling back, releasing its row locks). Our transactions never wait between
/// statements, so one this idle belongs to an instance that is gone without closing its
/// connection (power loss, a cut network): without this its locks would be held until TCP
/// keepalive gives up, hours later, and that order answer 503 on every other instance.
const IDLE_IN_TRANSACTION: Duration = Duration::from_secs(30);

/// The shared database handle. Clone freely.
#[derive(Clone)]
pub enum Db {
    Sqlite(Arc<Mutex<Connection>>),
    Postgres(Arc<Pg>),
}

pub struct Pg {
    pool: deadpool_postgres::Pool,
    rt: Handle,
}

/// A connection for one unit of work (see [`Db::run`]).
pub enum Conn<'a> {
    Sqlite(&'a mut Connection),
    Postgres(&'a mut deadpool_postgres::Object, &'a Handle),
}

/// A connection inside a transaction ([`write`], [`read`]), or SQLite's connection itself
/// for reads. Every storage function takes one.
pub enum Tx<'a> {
    Sqlite(&'a Connection),
    Postgres {
        tx: &'a deadpool_postgres::Transaction<'a>,
        rt: &'a Handle,
        /// Orders read are locked until the commit (`FOR UPDATE`).
        write: bool,
    },
}

impl Db {
    /// Opens (creating if needed) the SQLite file and brings its schema up to date. A write
    /// waits up to `busy_timeout` for another connection's lock, then fails as busy (503).
    pub fn open(path: &Path, busy_timeout: Duration) -> Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(DbError::Io)?;
        }
        let mut conn = Connection::open(path)?;
        // WAL lets readers (and a second process, e.g. a test) work while one writes.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(busy_timeout)?;
        migrate_sqlite(&mut conn)?;
        Ok(Db::Sqlite(Arc::new(Mutex::new(conn))))
    }

    /// Connects a pool to PostgreSQL and brings the schema up to date (one instance at a
    /// time). A statement waits up to `busy_timeout` for a row or table lock
    /// (`lock_timeout`) and a request as long for a free connection, then fails as busy.
    pub async fn connect(url: &str, busy_timeout: Duration) -> Result<Db> {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e: tokio_postgres::Error| DbError::Pool(format!("bad URL: {e}")))?;
        let ours = format!(
            "-c lock_timeout={} -c idle_in_transaction_session_timeout={}",
            busy_timeout.as_millis().max(1),
            IDLE_IN_TRANSACTION.as_millis()
        );
        let options = match config.get_options() {
            Some(given) => format!("{given} {ours}"),
            None => ours,
        };
        config.options(&options);
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        let manager = deadpool_postgres::Manager::from_config(
            config,
            tokio_postgres::NoTls,
            deadpool_postgres::ManagerConfig {
                recycling_method: deadpool_postgres::RecyclingMethod::Fast,
            },
        );
        let pool = deadpool_postgres::Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(busy_timeout))
            .create_timeout(Some(Duration::from_secs(10)))
            .build()
            .map_err(|e| DbError::Pool(e.to_string()))?;
        let db = Db::Postgres(Arc::new(Pg {
            pool,
            rt: Handle::current(),
        }));
        db.run(migrate_postgres).await?;
        Ok(db)
    }

    /// Opens whichever database `location` names.
    pub async fn open_any(location: &Database, busy_timeout: Duration) -> Result<Db> {
        match location {
            Database::Sqlite(path) => {
                let path = path.clone();
                tokio::task::spawn_blocking(move || Db::open(&path, busy_timeout))
                    .await
                    .map_err(|e| DbError::TaskFailed(e.to_string()))?
            }
            Database::Postgres(url) => Db::connect(url, busy_timeout).await,
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Db::Postgres(_))
    }

    /// Runs `f` on a connection, on tokio's blocking pool so no async worker waits on the
    /// database.
    pub async fn run<R, E>(
        &self,
        f: impl FnOnce(&mut Conn<'_>) -> Result<R, E> + Send + 'static,
    ) -> Result<R, E>
    where
        R: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let db = self.clone();
        // The caller's span (a request's, with its id) follows the work to the blocking pool.
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(|| db.with_conn(f)))
            .await
            .unwrap_or_else(|e| Err(DbError::TaskFailed(e.to_string()).into()))
    }

    /// [`Db::run`] of a read: `f` sees one consistent state and changes nothing.
    pub async fn read<R, E>(
        &self,
        f: impl FnOnce(&Tx<'_>) -> Result<R, E> + Send + 'static,
    ) -> Result<R, E>
    where
        R: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.run(move |conn| read(conn, f)).await
    }

    /// Runs `f` on a connection in the calling thread (start-up, tests), which must not be
    /// one of the runtime's async workers.
    pub fn blocking<R>(&self, f: impl FnOnce(&mut Conn<'_>) -> R) -> R {
        self.with_conn(|conn| Ok::<_, DbError>(f(conn)))
            .expect("a database connection")
    }

    fn with_conn<R, E: From<DbError>>(
        &self,
        f: impl FnOnce(&mut Conn<'_>) -> Result<R, E>,
    ) -> Result<R, E> {
        match self {
            Db::Sqlite(conn) => {
                // A panic while holding the lock cannot leave a transaction open (rusqlite
                // rolls back on drop), so a poisoned mutex is still safe to use.
                let mut conn = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                f(&mut Conn::Sqlite(&mut conn))
            }
            Db::Postgres(pg) => {
                let mut client = pg.rt.block_on(pg.pool.get()).map_err(DbError::from)?;
                f(&mut Conn::Postgres(&mut client, &pg.rt))
            }
        }
    }
}

impl Conn<'_> {
    /// Runs SQL text (several statements) outside any transaction `write` opens. Tests use
    /// it to play another process holding locks.
    pub fn execute_batch(&mut self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Conn::Postgres(client, rt) => Ok(rt.block_on(client.batch_execute(sql))?),
        }
    }
}

fn migrate_sqlite(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")?;
    let current: Option<i64> =
        tx.query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0))?;
    let current = current.unwrap_or(0) as usize;
    for (index, sql) in SQLITE_MIGRATIONS.iter().enumerate().skip(current) {
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            [index as i64 + 1],
        )?;
    }
    tx.commit()?;
    Ok(())
}

fn migrate_postgres(conn: &mut Conn<'_>) -> Result<()> {
    write(conn, |tx| {
        let Tx::Postgres { tx, rt, .. } = tx else {
            unreachable!("a PostgreSQL connection")
        };
        // Instances starting together: the second waits here, then finds nothing to do.
        rt.block_on(tx.batch_execute(&ADVISORY_LOCK.replace("{key}", &LOCK_MIGRATE.to_string())))?;
        rt.block_on(tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
        ))?;
        let row = rt.block_on(tx.query_one("SELECT max(version) FROM schema_version", &[]))?;
        let current = row.try_get::<_, Option<i32>>(0)?.unwrap_or(0) as usize;
        for (index, sql) in POSTGRES_MIGRATIONS.iter().enumerate().skip(current) {
            rt.block_on(tx.batch_execute(sql))?;
            rt.block_on(tx.execute(
                "INSERT INTO schema_version (version) VALUES ($1)",
                &[&(index as i32 + 1)],
            ))?;
        }
        Ok(())
    })
}

/// The number of migrations applied (readiness check).
pub fn schema_version(tx: &Tx<'_>) -> Result<i64> {
    match tx {
        Tx::Sqlite(conn) => {
            Ok(conn.query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0))?)
        }
        Tx::Postgres { .. } => {
            let row = tx.pg_one("SELECT max(version) FROM schema_version", &[])?;
            Ok(i64::from(row.try_get::<_, Option<i32>>(0)?.unwrap_or(0)))
        }
    }
}

/// Runs `f` in a write transaction, committing if it returns `Ok` (rolled back otherwise).
/// SQLite: `BEGIN IMMEDIATE` (the write lock is taken up front, so the reads inside see the
/// state the write is based on). PostgreSQL: orders read inside are locked `FOR UPDATE`.
pub fn write<R, E: From<DbError>>(
    conn: &mut Conn<'_>,
    f: impl FnOnce(&Tx<'_>) -> Result<R, E>,
) -> Result<R, E> {
    transaction(conn, true, f)
}

/// Runs `f` as a read: SQLite on the connection as it is (autocommit), PostgreSQL in a
/// transaction that locks nothing.
pub fn read<R, E: From<DbError>>(
    conn: &mut Conn<'_>,
    f: impl FnOnce(&Tx<'_>) -> Result<R, E>,
) -> Result<R, E> {
    match conn {
        Conn::Sqlite(conn) => f(&Tx::Sqlite(conn)),
        Conn::Postgres(..) => transaction(conn, false, f),
    }
}

fn transaction<R, E: From<DbError>>(
    conn: &mut Conn<'_>,
    write: bool,
    f: impl FnOnce(&Tx<'_>) -> Result<R, E>,
) -> Result<R, E> {
    match conn {
        Conn::Sqlite(conn) => {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(DbError::from)?;
            let out = f(&Tx::Sqlite(&tx))?;
            tx.commit().map_err(DbError::from)?;
            Ok(out)
        }
        Conn::Postgres(client, rt) => {
            // A read of several statements (a page of deliveries and their attempts) sees
            // one snapshot; a write sees each statement's latest commits and locks its rows.
            let isolation = if write {
                tokio_postgres::IsolationLevel::ReadCommitted
            } else {
                tokio_postgres::IsolationLevel::RepeatableRead
            };
            let tx = rt
                .block_on(
                    client
                        .build_transaction()
                        .isolation_level(isolation)
                        .start(),
                )
                .map_err(DbError::from)?;
            let out = f(&Tx::Postgres { tx: &tx, rt, write })?;
            // Dropping an uncommitted transaction (on `Err` above) rolls it back.
            rt.block_on(tx.commit()).map_err(DbError::from)?;
            Ok(out)
        }
    }
}

type PgParams<'p> = [&'p (dyn ToSql + Sync)];

/// PostgreSQL statements, prepared once per connection and cached.
impl Tx<'_> {
    fn pg(&self) -> (&deadpool_postgres::Transaction<'_>, &Handle) {
        match self {
            Tx::Postgres { tx, rt, .. } => (tx, rt),
            Tx::Sqlite(_) => unreachable!("a PostgreSQL statement on SQLite"),
        }
    }

    pub(crate) fn pg_query(
        &self,
        sql: &str,
        params: &PgParams<'_>,
    ) -> Result<Vec<tokio_postgres::Row>> {
        let (tx, rt) = self.pg();
        rt.block_on(async {
            let statement = tx.prepare_cached(sql).await?;
            tx.query(&statement, params).await
        })
        .map_err(DbError::from)
    }

    pub(crate) fn pg_opt(
        &self,
        sql: &str,
        params: &PgParams<'_>,
    ) -> Result<Option<tokio_postgres::Row>> {
        Ok(self.pg_query(sql, params)?.into_iter().next())
    }

    pub(crate) fn pg_one(&self, sql: &str, params: &PgParams<'_>) -> Result<tokio_postgres::Row> {
        let (tx, rt) = self.pg();
        rt.block_on(async {
            let statement = tx.prepare_cached(sql).await?;
            tx.query_one(&statement, params).await
        })
        .map_err(DbError::from)
    }

    pub(crate) fn pg_execute(&self, sql: &str, params: &PgParams<'_>) -> Result<u64> {
        let (tx, rt) = self.pg();
        rt.block_on(async {
            let statement = tx.prepare_cached(sql).await?;
            tx.execute(&statement, params).await
        })
        .map_err(DbError::from)
    }

    /// Whether orders read here are to be locked until the commit.
    fn locks(&self) -> bool {
        matches!(self, Tx::Postgres { write: true, .. })
    }
}

/// Makes seeding one instance's job: a second instance starting with `--seed` at the same
/// moment waits, then sees the orders (SQLite's `BEGIN IMMEDIATE` does the same already).
pub fn lock_for_seeding(tx: &Tx<'_>) -> Result<()> {
    if let Tx::Postgres { tx, rt, .. } = tx {
        rt.block_on(tx.batch_execute(&ADVISORY_LOCK.replace("{key}", &LOCK_SEED.to_string())))?;
    }
    Ok(())
}

// ---- orders ----

/// Serialises the writes that may *create* an order with this id. A missing row cannot be
/// locked (`FOR UPDATE` finds nothing to lock), so on PostgreSQL two instances, or two
/// connections of one, creating the same order would both see it missing and both insert
/// it at version 1. A transaction-level advisory lock on the id, taken before the order is
/// read, makes the second wait and then find (and lock) the first's row. SQLite's single
/// writer does this already.
pub fn lock_order_id(tx: &Tx<'_>, id: &str) -> Result<()> {
    if let Tx::Postgres { .. } = tx {
        tx.pg_execute(
            "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '/orders'), hashtext($1))",
            &[&id],
        )?;
    }
    Ok(())
}

/// The columns derived from an order on every write, so SQL can filter and page.
struct Derived {
    status: &'static str,
    tabs: String,
    search_text: String,
    fulfilment_since: Option<i64>,
    pending_requests: i64,
    /// Earliest seller response deadline among the pending requests.
    decision_due: Option<i64>,
}

fn derive(order: &Order) -> Derived {
    let pending = || {
        order
            .cancellations
            .iter()
            .filter(|c| c.status == CancellationStatus::Requested)
    };
    let mut tabs = String::from("|");
    for tab in Tab::ALL
        .into_iter()
        .filter(|t| *t != Tab::All && t.includes(order))
    {
        tabs.push_str(tab.as_str());
        tabs.push('|');
    }
    let mut search_text = order.number.to_lowercase();
    for item in &order.items {
        search_text.push('\n');
        search_text.push_str(&item.title.to_lowercase());
        search_text.push('\n');
        search_text.push_str(&item.sku.to_lowercase());
    }
    Derived {
        status: order.status().as_str(),
        tabs,
        search_text,
        fulfilment_since: crate::fulfilment::fulfilment_since(order).map(|t| t.unix()),
        pending_requests: pending().count() as i64,
        decision_due: pending()
            .filter_map(|c| c.respond_by)
            .map(|t| t.unix())
            .min(),
    }
}

fn to_json(order: &Order) -> String {
    // Serialising plain data structs cannot fail.
    serde_json::to_string(order).expect("orders serialise")
}

fn parse_order(json: &str) -> Result<Order> {
    serde_json::from_str(json).map_err(|e| DbError::Corrupt(e.to_string()))
}

/// Whether [`save_order`] may create the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Save {
    /// Create it, or replace the stored one.
    Upsert,
    /// Replace the stored one only; a missing order is [`DbError::MissingOrder`].
    Existing,
}

/// The columns `save_order` writes, in its parameters' order (both dialects).
macro_rules! order_columns {
    () => {
        "(id, shopper_id, number, placed_at, status, tabs, search_text,
          fulfilment_since, pending_requests, version, json, decision_due)"
    };
}

/// What an insert of an existing id replaces (both dialects).
macro_rules! order_upsert {
    () => {
        "ON CONFLICT (id) DO UPDATE SET
             shopper_id = excluded.shopper_id, number = excluded.number,
             placed_at = excluded.placed_at, status = excluded.status, tabs = excluded.tabs,
             search_text = excluded.search_text, fulfilment_since = excluded.fulfilment_since,
             pending_requests = excluded.pending_requests, version = excluded.version,
             json = excluded.json, decision_due = excluded.decision_due"
    };
}

/// Stores `order` for `shopper_id` in one statement: inserted, or its row replaced. With
/// [`Save::Existing`] nothing is inserted, so an update never silently creates.
pub fn save_order(tx: &Tx<'_>, shopper_id: &str, order: &Order, mode: Save) -> Result<()> {
    let d = derive(order);
    let written = match tx {
        Tx::Sqlite(conn) => conn
            .prepare_cached(concat!(
                "INSERT INTO orders ",
                order_columns!(),
                " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12
                     WHERE ?13 OR EXISTS (SELECT 1 FROM orders WHERE id = ?1) ",
                order_upsert!()
            ))?
            .execute(params![
                order.id,
                shopper_id,
                order.number,
                order.placed_at.unix(),
                d.status,
                d.tabs,
                d.search_text,
                d.fulfilment_since,
                d.pending_requests,
                order.version as i64,
                to_json(order),
                d.decision_due,
                mode == Save::Upsert,
            ])? as u64,
        Tx::Postgres { .. } => {
            let values: [&(dyn ToSql + Sync); 12] = [
                &order.id,
                &shopper_id,
                &order.number,
                &order.placed_at.unix(),
                &d.status,
                &d.tabs,
                &d.search_text,
                &d.fulfilment_since,
                &d.pending_requests,
                &(order.version as i64),
                &to_json(order),
                &d.decision_due,
            ];
            match mode {
                Save::Upsert => tx.pg_execute(
                    concat!(
                        "INSERT INTO orders ",
                        order_columns!(),
                        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ",
                        order_upsert!()
                    ),
                    &values,
                )?,
                // The row was read and locked (`FOR UPDATE`) in this transaction: no other
                // change of it can have come in between.
                Save::Existing => tx.pg_execute(
                    "UPDATE orders SET shopper_id = $2, number = $3, placed_at = $4, status = $5,
                         tabs = $6, search_text = $7, fulfilment_since = $8, pending_requests = $9,
                         version = $10, json = $11, decision_due = $12
                     WHERE id = $1",
                    &values,
                )?,
            }
        }
    };
    if written == 0 {
        return Err(DbError::MissingOrder(order.id.clone()));
    }
    Ok(())
}

/// An order and whose it is.
pub struct StoredOrder {
    pub shopper_id: String,
    pub order: Order,
}

/// The order with this id. In a PostgreSQL write transaction the row stays locked until
/// the commit: a concurrent change of the same order on any instance waits for it.
pub fn find_order(tx: &Tx<'_>, id: &str) -> Result<Option<StoredOrder>> {
    let row: Option<(String, String)> = match tx {
        Tx::Sqlite(conn) => conn
            .prepare_cached("SELECT shopper_id, json FROM orders WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
        Tx::Postgres { .. } => {
            let sql = if tx.locks() {
                "SELECT shopper_id, json FROM orders WHERE id = $1 FOR UPDATE"
            } else {
                "SELECT shopper_id, json FROM orders WHERE id = $1"
            };
            tx.pg_opt(sql, &[&id])?
                .map(|r| Ok::<_, DbError>((r.try_get(0)?, r.try_get(1)?)))
                .transpose()?
        }
    };
    row.map(|(shopper_id, json)| {
        Ok(StoredOrder {
            shopper_id,
            order: parse_order(&json)?,
        })
    })
    .transpose()
}

/// The order if it belongs to `shopper_id`. Someone else's order is reported exactly like a
/// missing one, so ids cannot be probed.
pub fn find_shoppers_order(tx: &Tx<'_>, shopper_id: &str, id: &str) -> Result<Option<Order>> {
    Ok(find_order(tx, id)?
        .filter(|s| s.shopper_id == shopper_id)
        .map(|s| s.order))
}

/// Loads, changes and stores an order in one transaction, bumping its version. `f` returns
/// whether it changed anything; nothing is written when it did not. Used by the simulator
/// and by tests that play the merchant's warehouse.
pub fn modify_order(
    conn: &mut Conn<'_>,
    id: &str,
    f: impl FnOnce(&mut Order) -> bool,
) -> Result<Option<Order>> {
    write(conn, |tx| modify_order_in(tx, id, f))
}

/// [`modify_order`] inside a transaction the caller holds.
pub fn modify_order_in(
    tx: &Tx<'_>,
    id: &str,
    f: impl FnOnce(&mut Order) -> bool,
) -> Result<Option<Order>> {
    let Some(StoredOrder {
        shopper_id,
        mut order,
    }) = find_order(tx, id)?
    else {
        return Ok(None);
    };
    if f(&mut order) {
        order.version += 1;
        save_order(tx, &shopper_id, &order, Save::Existing)?;
    }
    Ok(Some(order))
}

pub fn count_orders(tx: &Tx<'_>) -> Result<i64> {
    match tx {
        Tx::Sqlite(conn) => Ok(conn.query_row("SELECT count(*) FROM orders", [], |r| r.get(0))?),
        Tx::Postgres { .. } => Ok(tx.pg_one("SELECT count(*) FROM orders", &[])?.try_get(0)?),
    }
}
/// Position in the newest-first order list: the last order of the previous page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub placed_at: i64,
    pub id: String,
}

impl Cursor {
    /// The wire form is `"<placed_at>:<id>"`; clients treat it as opaque.
    pub fn parse(text: &str) -> Option<Cursor> {
        let (placed_at, id) = text.split_once(':')?;
        let placed_at = placed_at.parse().ok()?;
        (!id.is_empty()).then(|| Cursor {
            placed_at,
            id: id.to_string(),
        })
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.placed_at, self.id)
    }
}

pub struct OrderQuery {
    pub shopper_id: String,
    pub tab: Tab,
    /// Matched case-insensitively against the number, titles and SKUs.
    pub search: Option<String>,
    pub after: Option<Cursor>,
    pub limit: u32,
}

pub struct OrderPage {
    pub orders: Vec<Order>,
    pub next_cursor: Option<Cursor>,
}

/// Escapes `%`, `_` and the escape character itself for `LIKE … ESCAPE '\'`.
fn like_contains(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}
/// One page of a shopper's orders, newest first. Walks the `(shopper_id, placed_at, id)`
/// index from the cursor, so every page costs the same however deep it is.
pub fn list_orders(tx: &Tx<'_>, query: &OrderQuery) -> Result<OrderPage> {
    // `?` placeholders, numbered for PostgreSQL below.
    let mut sql = String::from("SELECT json FROM orders WHERE shopper_id = ?");
    let mut args: Vec<SqlValue> = vec![query.shopper_id.clone().into()];
    if query.tab != Tab::All {
        sql.push_str(" AND tabs LIKE ?");
        args.push(format!("%|{}|%", query.tab.as_str()).into());
    }
    if let Some(search) = query.search.as_deref() {
        sql.push_str(" AND search_text LIKE ? ESCAPE '\\'");
        args.push(like_contains(&search.to_lowercase()).into());
    }
    if let Some(after) = &query.after {
        sql.push_str(" AND (placed_at, id) < (?, ?)");
        args.push(after.placed_at.into());
        args.push(after.id.clone().into());
    }
    // One extra row tells whether there is a next page.
    sql.push_str(" ORDER BY placed_at DESC, id DESC LIMIT ?");
    args.push((query.limit as i64 + 1).into());

    let mut orders = Vec::new();
    match tx {
        Tx::Sqlite(conn) => {
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows =
                stmt.query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(0))?;
            for json in rows {
                orders.push(parse_order(&json?)?);
            }
        }
        Tx::Postgres { .. } => {
            let mut numbered = String::with_capacity(sql.len() + 8);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    numbered.push_str(&format!("${n}"));
                } else {
                    numbered.push(c);
                }
            }
            let values: Vec<Box<dyn ToSql + Sync>> = args
                .into_iter()
                .map(|v| -> Box<dyn ToSql + Sync> {
                    match v {
                        SqlValue::Integer(i) => Box::new(i),
                        SqlValue::Text(s) => Box::new(s),
                        other => unreachable!("list_orders binds text and integers, not {other:?}"),
                    }
                })
                .collect();
            let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v.as_ref()).collect();
            for row in tx.pg_query(&numbered, &refs)? {
                orders.push(parse_order(&row.try_get::<_, String>(0)?)?);
            }
        }
    }
    let next_cursor = if orders.len() > query.limit as usize {
        orders.truncate(query.limit as usize);
        orders.last().map(|o| Cursor {
            placed_at: o.placed_at.unix(),
            id: o.id.clone(),
        })
    } else {
        None
    };
    Ok(OrderPage {
        orders,
        next_cursor,
    })
}

/// Orders with at least one cancellation request waiting for the merchant, oldest first.
pub fn orders_with_pending_requests(tx: &Tx<'_>) -> Result<Vec<StoredOrder>> {
    let sql =
        "SELECT shopper_id, json FROM orders WHERE pending_requests > 0 ORDER BY placed_at, id";
    let rows: Vec<(String, String)> = match tx {
        Tx::Sqlite(conn) => {
            let mut stmt = conn.prepare_cached(sql)?;
            let rows =
                stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            rows.collect::<Result<_, _>>()?
        }
        Tx::Postgres { .. } => tx
            .pg_query(sql, &[])?
            .into_iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, DbError>>()?,
    };
    rows.into_iter()
        .map(|(shopper_id, json)| {
            Ok(StoredOrder {
                shopper_id,
                order: parse_order(&json)?,
            })
        })
        .collect()
}

/// Ids from a background job's query. On PostgreSQL the rows are locked for the caller's
/// transaction and rows another instance has locked are skipped (`SKIP LOCKED`): two
/// instances sweeping at once each take different orders, never the same one twice.
fn claim_ids(
    tx: &Tx<'_>,
    sqlite: &str,
    postgres: &str,
    bound: i64,
    limit: u32,
) -> Result<Vec<String>> {
    match tx {
        Tx::Sqlite(conn) => {
            let mut stmt = conn.prepare_cached(sqlite)?;
            let ids = stmt
                .query_map(params![bound, limit], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            Ok(ids)
        }
        Tx::Postgres { .. } => tx
            .pg_query(postgres, &[&bound, &i64::from(limit)])?
            .into_iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect(),
    }
}

/// Ids of up to `limit` orders holding an item that entered its state at or before
/// `since`, longest waiting first.
pub fn orders_due_for_fulfilment(tx: &Tx<'_>, since: i64, limit: u32) -> Result<Vec<String>> {
    claim_ids(
        tx,
        "SELECT id FROM orders WHERE fulfilment_since <= ?1 ORDER BY fulfilment_since LIMIT ?2",
        "SELECT id FROM orders WHERE fulfilment_since <= $1 ORDER BY fulfilment_since LIMIT $2
         FOR UPDATE SKIP LOCKED",
        since,
        limit,
    )
}

/// Ids of up to `limit` orders with a pending request whose seller deadline is at or
/// before `now`, most overdue first.
pub fn orders_with_overdue_requests(tx: &Tx<'_>, now: i64, limit: u32) -> Result<Vec<String>> {
    claim_ids(
        tx,
        "SELECT id FROM orders WHERE decision_due <= ?1 ORDER BY decision_due LIMIT ?2",
        "SELECT id FROM orders WHERE decision_due <= $1 ORDER BY decision_due LIMIT $2
         FOR UPDATE SKIP LOCKED",
        now,
        limit,
    )
}

/// Deletes every order, idempotency record and webhook delivery (the demo reset).
pub fn clear_all(tx: &Tx<'_>) -> Result<()> {
    let sql =
        "DELETE FROM orders; DELETE FROM idempotency; DELETE FROM webhook_deliveries; DELETE FROM webhook_attempts;";
    match tx {
        Tx::Sqlite(conn) => conn.execute_batch(sql)?,
        Tx::Postgres { tx, rt, .. } => rt.block_on(tx.batch_execute(sql))?,
    }
    Ok(())
}

// ---- idempotency ----

/// The first answer given under an idempotency key.
pub struct StoredResponse {
    pub request_hash: String,
    pub status_code: u16,
    pub body: String,
}

/// Takes `key` for this request, first thing in its transaction: inserts the key's row
/// (answer still empty) unless there is one, and returns the stored answer if there is.
///
/// The row is how "in flight" holds across instances. A second request under the same key
/// on another instance, while the first's transaction is open, waits on that row's unique
/// key; when the first commits, it finds the stored answer (a replay), and when the first
/// rolls back (an error answer is not stored), it goes ahead as if it were first. An
/// instance that dies mid-request leaves nothing: its transaction never committed.
pub fn claim_idempotency(
    tx: &Tx<'_>,
    shopper_id: &str,
    key: &str,
    request_hash: &str,
    now: i64,
) -> Result<Option<StoredResponse>> {
    let inserted = match tx {
        Tx::Sqlite(conn) => conn
            .prepare_cached(
                "INSERT INTO idempotency (shopper_id, key, request_hash, status_code, response_body, created_at)
                 VALUES (?1, ?2, ?3, 0, '', ?4) ON CONFLICT DO NOTHING",
            )?
            .execute(params![shopper_id, key, request_hash, now])? as u64,
        Tx::Postgres { .. } => tx.pg_execute(
            "INSERT INTO idempotency (shopper_id, key, request_hash, status_code, response_body, created_at)
             VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT DO NOTHING",
            &[&shopper_id, &key, &request_hash, &now],
        )?,
    };
    if inserted == 1 {
        return Ok(None);
    }
    find_idempotent(tx, shopper_id, key)
}

pub fn find_idempotent(tx: &Tx<'_>, shopper_id: &str, key: &str) -> Result<Option<StoredResponse>> {
    match tx {
        Tx::Sqlite(conn) => Ok(conn
            .prepare_cached(
                "SELECT request_hash, status_code, response_body FROM idempotency WHERE shopper_id = ?1 AND key = ?2",
            )?
            .query_row([shopper_id, key], |r| {
                Ok(StoredResponse { request_hash: r.get(0)?, status_code: r.get(1)?, body: r.get(2)? })
            })
            .optional()?),
        Tx::Postgres { .. } => tx
            .pg_opt(
                "SELECT request_hash, status_code, response_body FROM idempotency WHERE shopper_id = $1 AND key = $2",
                &[&shopper_id, &key],
            )?
            .map(|r| {
                Ok(StoredResponse {
                    request_hash: r.try_get(0)?,
                    status_code: r.try_get::<_, i32>(1)? as u16,
                    body: r.try_get(2)?,
                })
            })
            .transpose(),
    }
}

/// Stores the answer under the key [`claim_idempotency`] took in this transaction.
pub fn store_idempotent(
    tx: &Tx<'_>,
    shopper_id: &str,
    key: &str,
    response: &StoredResponse,
) -> Result<()> {
    let updated = match tx {
        Tx::Sqlite(conn) => conn
            .prepare_cached(
                "UPDATE idempotency SET request_hash = ?3, status_code = ?4, response_body = ?5
                 WHERE shopper_id = ?1 AND key = ?2",
            )?
            .execute(params![
                shopper_id,
                key,
                response.request_hash,
                response.status_code,
                response.body
            ])? as u64,
        Tx::Postgres { .. } => tx.pg_execute(
            "UPDATE idempotency SET request_hash = $3, status_code = $4, response_body = $5
             WHERE shopper_id = $1 AND key = $2",
            &[
                &shopper_id,
                &key,
                &response.request_hash,
                &i32::from(response.status_code),
                &response.body,
            ],
        )?,
    };
    debug_assert_eq!(updated, 1, "the key was claimed first");
    Ok(())
}

/// Forgets idempotency records created before `before`. Returns how many went.
pub fn purge_idempotency(tx: &Tx<'_>, before: i64) -> Result<usize> {
    match tx {
        Tx::Sqlite(conn) => {
            Ok(conn.execute("DELETE FROM idempotency WHERE created_at < ?1", [before])?)
        }
        Tx::Postgres { .. } => Ok(tx
            .pg_execute("DELETE FROM idempotency WHERE created_at < $1", &[&before])?
            as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let c = Cursor {
            placed_at: 1_795_500_000,
            id: "ord_ab:c".into(),
        };
        assert_eq!(Cursor::parse(&c.to_string()), Some(c));
        for bad in ["", "abc", "12", "12:", "x:ord_1", ":ord_1"] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_update_never_creates_and_an_upsert_does() {
        let path = std::env::temp_dir().join(format!("db-save-test-{}.sqlite", std::process::id()));
        let db = Db::open(&path, Duration::from_secs(1)).unwrap();
        let (_, mut order) =
            crate::seed::demo_orders(cancel_policy::Timestamp::from_unix(1_800_000_000)).remove(0);
        db.blocking(|conn| {
            read(conn, |conn| -> Result<()> {
                assert!(matches!(
                    save_order(conn, "alice", &order, Save::Existing),
                    Err(DbError::MissingOrder(_))
                ));
                assert_eq!(count_orders(conn).unwrap(), 0, "nothing written");
                save_order(conn, "alice", &order, Save::Upsert).unwrap();
                order.number = "PO-1".into();
                order.version += 1;
                save_order(conn, "alice", &order, Save::Existing).unwrap();
                let stored = find_order(conn, &order.id).unwrap().unwrap();
                assert_eq!(
                    (stored.shopper_id.as_str(), stored.order),
                    ("alice", order.clone())
                );
                assert_eq!(count_orders(conn).unwrap(), 1);
                Ok(())
            })
        })
        .unwrap();
        drop(db);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }

    #[test]
    fn db_is_a_path_or_a_postgres_url_whose_password_is_never_shown() {
        assert_eq!(
            Database::parse("data/x.sqlite"),
            Database::Sqlite(PathBuf::from("data/x.sqlite"))
        );
        let url = "postgres://shop:s3cret@db.internal:5432/orders";
        assert_eq!(Database::parse(url), Database::Postgres(url.to_string()));
        assert!(Database::parse("postgresql://db/orders").is_postgres());
        assert_eq!(
            Database::parse(url).to_string(),
            "postgres://shop:***@db.internal:5432/orders"
        );
        assert!(!format!("{:?}", Database::parse(url)).contains("s3cret"));
        assert_eq!(
            Database::parse("postgres://db/orders").to_string(),
            "postgres://db/orders"
        );
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_contains("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
