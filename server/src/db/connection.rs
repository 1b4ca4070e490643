//! Opening a database (SQLite file or PostgreSQL pool) and running work on it in
//! transactions.

use super::health::{self, note, Health};
use super::migrations;
use super::{Database, DbError, Result, Tx};
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::runtime::Handle;

/// Connections per instance to PostgreSQL.
const POOL_SIZE: usize = 16;

/// How long making a PostgreSQL connection may take (unless the URL's `connect_timeout`
/// says otherwise). On a private network a connection is made in milliseconds or refused
/// at once; this bounds the case where packets go nowhere (a host gone), so that a request
/// needing a new connection answers 503 after at most this long. Waiting for a *free*
/// pooled connection is bounded apart, by the busy timeout (5 s).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// How long PostgreSQL keeps a transaction of ours that sends nothing before it ends the
/// session (rolling back, releasing its row locks). Our transactions never wait between
/// statements, so one this idle belongs to an instance that is gone without closing its
/// connection (power loss, a cut network): without this its locks would be held until TCP
/// keepalive gives up, hours later, and that order answer 503 on every other instance.
const IDLE_IN_TRANSACTION: Duration = Duration::from_secs(30);

/// A database host that vanishes without closing its connections (power loss, a cut
/// network) would leave a statement waiting for TCP's own timeouts, a quarter of an hour
/// or more. Unless the URL sets them: data unacknowledged for 10 s, or a silent connection
/// unanswered to 3 keepalive probes 2 s apart after 10 s, ends the connection, and the
/// request answers 503.
fn silent_peer_limits(config: &mut tokio_postgres::Config) {
    if config.get_tcp_user_timeout().is_none() {
        config.tcp_user_timeout(Duration::from_secs(10));
    }
    if config.get_keepalives_interval().is_none() && config.get_keepalives_retries().is_none() {
        config
            .keepalives_idle(Duration::from_secs(10))
            .keepalives_interval(Duration::from_secs(2))
            .keepalives_retries(3);
    }
}

/// The shared database handle. Clone freely.
#[derive(Clone)]
pub struct Db {
    store: Store,
    health: Arc<Health>,
}

#[derive(Clone)]
enum Store {
    /// One connection writes; reads have their own, so they answer while a write waits
    /// for a lock another process holds (WAL lets them read meanwhile).
    Sqlite {
        writer: Arc<Mutex<Connection>>,
        reader: Arc<Mutex<Connection>>,
        busy_timeout: Duration,
    },
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

impl Db {
    /// Opens (creating if needed) the SQLite file and brings its schema up to date. A write
    /// waits up to `busy_timeout` for another connection's lock, then fails as busy (503).
    pub fn open(path: &Path, busy_timeout: Duration) -> Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut conn = Connection::open(path)?;
        // WAL lets readers (and a second process, e.g. a test) work while one writes.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(busy_timeout)?;
        migrations::migrate_sqlite(&mut conn)?;
        let reader = Connection::open(path)?;
        reader.pragma_update(None, "query_only", "ON")?;
        reader.busy_timeout(busy_timeout)?;
        Ok(Db::new(Store::Sqlite {
            writer: Arc::new(Mutex::new(conn)),
            reader: Arc::new(Mutex::new(reader)),
            busy_timeout,
        }))
    }

    fn new(store: Store) -> Db {
        Db {
            store,
            health: Arc::new(Health::default()),
        }
    }

    /// Whether this instance reaches its database, and how many requests it turned away.
    pub fn health(&self) -> &Health {
        &self.health
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
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        silent_peer_limits(&mut config);
        migrations::migrate_postgres(&config).await?;
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
            .create_timeout(Some(CONNECT_TIMEOUT))
            .build()
            .map_err(|e| DbError::Pool(e.to_string()))?;
        Ok(Db::new(Store::Postgres(Arc::new(Pg {
            pool,
            rt: Handle::current(),
        }))))
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
        matches!(self.store, Store::Postgres(_))
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
        self.run_on(false, f).await
    }

    async fn run_on<R, E>(
        &self,
        reading: bool,
        f: impl FnOnce(&mut Conn<'_>) -> Result<R, E> + Send + 'static,
    ) -> Result<R, E>
    where
        R: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let db = self.clone();
        // The caller's span (a request's, with its id) follows the work to the blocking pool.
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(|| db.with_conn(reading, f)))
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
        self.run_on(true, move |conn| read(conn, f)).await
    }

    /// Runs `f` on a connection in the calling thread (start-up, tests), which must not be
    /// one of the runtime's async workers.
    pub fn blocking<R>(&self, f: impl FnOnce(&mut Conn<'_>) -> R) -> R {
        self.with_conn(false, |conn| Ok::<_, DbError>(f(conn)))
            .expect("a database connection")
    }

    /// One unit of work, on this thread from start to end: what it found out about the
    /// database's reachability goes to [`Health`].
    fn with_conn<R, E: From<DbError>>(
        &self,
        reading: bool,
        f: impl FnOnce(&mut Conn<'_>) -> Result<R, E>,
    ) -> Result<R, E> {
        health::begin_unit();
        let result = match &self.store {
            Store::Sqlite {
                writer,
                reader,
                busy_timeout,
            } => {
                let queued = Instant::now();
                let conn = if reading { reader } else { writer };
                // A panic while holding the lock cannot leave a transaction open (rusqlite
                // rolls back on drop), so a poisoned mutex is still safe to use.
                let mut conn = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                // The busy timeout counts from the request's arrival, its wait for this
                // connection included: while another process holds the file's write lock,
                // requests queued here fail together after one timeout, not one after another.
                let left = busy_timeout.saturating_sub(queued.elapsed());
                match conn.busy_timeout(left) {
                    Ok(()) => f(&mut Conn::Sqlite(&mut conn)),
                    Err(e) => Err(DbError::from(e).into()),
                }
            }
            Store::Postgres(pg) => match pg.rt.block_on(pg.pool.get()) {
                Ok(mut client) => f(&mut Conn::Postgres(&mut client, &pg.rt)),
                Err(e) => Err(note(DbError::from(e)).into()),
            },
        };
        self.health.after(result.is_ok());
        result
    }
}

impl Conn<'_> {
    /// Runs SQL text (several statements) outside any transaction `write` opens. Tests use
    /// it to play another process holding locks.
    pub fn execute_batch(&mut self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(conn) => conn.execute_batch(sql).map_err(|e| note(e.into())),
            Conn::Postgres(client, rt) => rt
                .block_on(client.batch_execute(sql))
                .map_err(|e| note(e.into())),
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
                .map_err(|e| note(e.into()))?;
            let out = f(&Tx::Sqlite(&tx))?;
            tx.commit().map_err(|e| note(e.into()))?;
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
                .map_err(|e| note(e.into()))?;
            let out = f(&Tx::Postgres { tx: &tx, rt, write })?;
            // Dropping an uncommitted transaction (on `Err` above) rolls it back.
            rt.block_on(tx.commit()).map_err(|e| note(e.into()))?;
            Ok(out)
        }
    }
}

/// Makes seeding one instance's job: a second instance starting with `--seed` at the same
/// moment waits, then sees the orders (SQLite's `BEGIN IMMEDIATE` does the same already).
/// Waiting is start-up, not a request: up to a minute, not the requests' `lock_timeout`.
pub fn lock_for_seeding(tx: &Tx<'_>) -> Result<()> {
    if tx.is_postgres() {
        tx.batch(&format!(
            "SET LOCAL lock_timeout = '60s'; {}",
            migrations::advisory_lock("pg_advisory_xact_lock", migrations::LOCK_SEED)
        ))?;
    }
    Ok(())
}
