//! SQLite storage: orders (as the domain's JSON plus the columns SQL needs to filter and
//! page) and idempotency records. The webhook outbox has its own module
//! ([`crate::webhooks::outbox`]) over the same connection.
//!
//! One connection behind a mutex: every request is a short transaction, SQLite serialises
//! writers anyway, and a single writer makes "load, check, change, store" trivially atomic.

use cancel_policy::{CancellationStatus, Order, Tab};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, Transaction, TransactionBehavior};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug)]
pub enum DbError {
    Sqlite(rusqlite::Error),
    /// A stored order no longer parses: a bug or a hand-edited database.
    Corrupt(String),
    Io(std::io::Error),
    /// The blocking task running the query panicked.
    TaskFailed(String),
    /// An update of an order that is not stored (the caller relied on it existing).
    MissingOrder(String),
}

impl DbError {
    /// Another process holds the database: worth a 503 and a retry, not a 500.
    pub fn is_busy(&self) -> bool {
        matches!(self, DbError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
            if matches!(e.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Sqlite(e) => write!(f, "sqlite: {e}"),
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

pub type Result<T, E = DbError> = std::result::Result<T, E>;

/// Schema migrations, applied in order; `schema_version` records how many have run.
/// Never edit a shipped migration: append a new one.
const MIGRATIONS: &[&str] = &[
    // 1: the initial schema.
    "CREATE TABLE orders (
        id TEXT PRIMARY KEY,
        shopper_id TEXT NOT NULL,
        number TEXT NOT NULL,
        placed_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        -- '|to_ship|cancelled|': the tabs (cancel_policy::Tab::includes) the order shows under
        tabs TEXT NOT NULL,
        -- lowercased order number, product titles and SKUs, for ?q=
        search_text TEXT NOT NULL,
        -- earliest state change among items the fulfilment simulator may advance
        fulfilment_since INTEGER,
        -- cancellation requests waiting for the merchant
        pending_requests INTEGER NOT NULL,
        version INTEGER NOT NULL,
        json TEXT NOT NULL
    );
    CREATE INDEX orders_by_shopper ON orders (shopper_id, placed_at DESC, id DESC);
    CREATE INDEX orders_fulfilment ON orders (fulfilment_since) WHERE fulfilment_since IS NOT NULL;
    CREATE INDEX orders_pending ON orders (pending_requests) WHERE pending_requests > 0;
    CREATE TABLE tokens (
        token TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('shopper', 'merchant')),
        shopper_id TEXT,
        CHECK ((role = 'shopper') = (shopper_id IS NOT NULL))
    );
    CREATE TABLE idempotency (
        shopper_id TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status_code INTEGER NOT NULL,
        response_body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (shopper_id, key)
    );
    CREATE INDEX idempotency_by_age ON idempotency (created_at);",
    // 2: seller response deadlines and the webhook outbox. The tokens table is no longer
    // read (demo tokens live in memory with --seed; shoppers sign in with JWTs).
    "ALTER TABLE orders ADD COLUMN decision_due INTEGER;
    CREATE INDEX orders_decision_due ON orders (decision_due) WHERE decision_due IS NOT NULL;
    -- one row per event and endpoint; webhook-id is message_id, the same on every attempt
    CREATE TABLE webhook_deliveries (
        message_id TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        event_type TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at_ms INTEGER NOT NULL,
        -- a deliverer's claim: no other may send the row until lease_until_ms
        lease_owner TEXT,
        lease_until_ms INTEGER,
        delivered_at_ms INTEGER,
        PRIMARY KEY (message_id, endpoint)
    );
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at_ms) WHERE status = 'pending';
    CREATE TABLE webhook_attempts (
        message_id TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        at_ms INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        response_status INTEGER,
        error TEXT,
        PRIMARY KEY (message_id, endpoint, attempt)
    );",
];

/// The shared connection. Clone freely.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens (creating if needed) the database file and brings its schema up to date. A write
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
        migrate(&mut conn)?;
        Ok(Db { conn: Arc::new(Mutex::new(conn)) })
    }

    /// Runs `f` on the connection, on tokio's blocking pool so no async worker waits on SQLite.
    pub async fn run<R, E>(&self, f: impl FnOnce(&mut Connection) -> Result<R, E> + Send + 'static) -> Result<R, E>
    where
        R: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let db = self.clone();
        // The caller's span (a request's, with its id) follows the work to the blocking pool.
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(|| db.blocking(f)))
            .await
            .unwrap_or_else(|e| Err(DbError::TaskFailed(e.to_string()).into()))
    }

    /// Runs `f` on the connection in the calling thread (start-up, tests).
    pub fn blocking<R>(&self, f: impl FnOnce(&mut Connection) -> R) -> R {
        // A panic while holding the lock cannot leave a transaction open (rusqlite rolls
        // back on drop), so a poisoned mutex is still safe to use.
        let mut conn = self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut conn)
    }
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")?;
    let current: Option<i64> = tx.query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0))?;
    let current = current.unwrap_or(0) as usize;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        tx.execute_batch(sql)?;
        tx.execute("INSERT INTO schema_version (version) VALUES (?1)", [index as i64 + 1])?;
    }
    tx.commit()?;
    Ok(())
}

/// Runs `f` in a `BEGIN IMMEDIATE` transaction (the write lock is taken up front, so the
/// reads inside see the state the write is based on), committing if it returns `Ok`.
pub fn write<R, E: From<DbError>>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction<'_>) -> Result<R, E>,
) -> Result<R, E> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(DbError::from)?;
    let out = f(&tx)?;
    tx.commit().map_err(DbError::from)?;
    Ok(out)
}

// ---- orders ----

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
    let pending = || order.cancellations.iter().filter(|c| c.status == CancellationStatus::Requested);
    let mut tabs = String::from("|");
    for tab in Tab::ALL.into_iter().filter(|t| *t != Tab::All && t.includes(order)) {
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
        decision_due: pending().filter_map(|c| c.respond_by).map(|t| t.unix()).min(),
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

/// Stores `order` for `shopper_id` in one statement: inserted, or its row replaced. With
/// [`Save::Existing`] the `WHERE` refuses to insert, so an update never silently creates.
pub fn save_order(conn: &Connection, shopper_id: &str, order: &Order, mode: Save) -> Result<()> {
    let d = derive(order);
    let written = conn
        .prepare_cached(
            "INSERT INTO orders (id, shopper_id, number, placed_at, status, tabs, search_text,
                                 fulfilment_since, pending_requests, version, json, decision_due)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12
             WHERE ?13 OR EXISTS (SELECT 1 FROM orders WHERE id = ?1)
             ON CONFLICT (id) DO UPDATE SET
                 shopper_id = excluded.shopper_id, number = excluded.number,
                 placed_at = excluded.placed_at, status = excluded.status, tabs = excluded.tabs,
                 search_text = excluded.search_text, fulfilment_since = excluded.fulfilment_since,
                 pending_requests = excluded.pending_requests, version = excluded.version,
                 json = excluded.json, decision_due = excluded.decision_due",
        )?
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
        ])?;
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

pub fn find_order(conn: &Connection, id: &str) -> Result<Option<StoredOrder>> {
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT shopper_id, json FROM orders WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(shopper_id, json)| Ok(StoredOrder { shopper_id, order: parse_order(&json)? })).transpose()
}

/// The order if it belongs to `shopper_id`. Someone else's order is reported exactly like a
/// missing one, so ids cannot be probed.
pub fn find_shoppers_order(conn: &Connection, shopper_id: &str, id: &str) -> Result<Option<Order>> {
    Ok(find_order(conn, id)?.filter(|s| s.shopper_id == shopper_id).map(|s| s.order))
}

/// Loads, changes and stores an order in one transaction, bumping its version. `f` returns
/// whether it changed anything; nothing is written when it did not. Used by the simulator
/// and by tests that play the merchant's warehouse.
pub fn modify_order(conn: &mut Connection, id: &str, f: impl FnOnce(&mut Order) -> bool) -> Result<Option<Order>> {
    write(conn, |tx| modify_order_in(tx, id, f))
}

/// [`modify_order`] inside a transaction the caller holds.
pub fn modify_order_in(tx: &Connection, id: &str, f: impl FnOnce(&mut Order) -> bool) -> Result<Option<Order>> {
    let Some(StoredOrder { shopper_id, mut order }) = find_order(tx, id)? else { return Ok(None) };
    if f(&mut order) {
        order.version += 1;
        save_order(tx, &shopper_id, &order, Save::Existing)?;
    }
    Ok(Some(order))
}

pub fn count_orders(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM orders", [], |r| r.get(0))?)
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
        (!id.is_empty()).then(|| Cursor { placed_at, id: id.to_string() })
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
pub fn list_orders(conn: &Connection, query: &OrderQuery) -> Result<OrderPage> {
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

    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(0))?;
    let mut orders = Vec::new();
    for json in rows {
        orders.push(parse_order(&json?)?);
    }
    let next_cursor = if orders.len() > query.limit as usize {
        orders.truncate(query.limit as usize);
        orders.last().map(|o| Cursor { placed_at: o.placed_at.unix(), id: o.id.clone() })
    } else {
        None
    };
    Ok(OrderPage { orders, next_cursor })
}

/// Orders with at least one cancellation request waiting for the merchant, oldest first.
pub fn orders_with_pending_requests(conn: &Connection) -> Result<Vec<StoredOrder>> {
    let mut stmt =
        conn.prepare_cached("SELECT shopper_id, json FROM orders WHERE pending_requests > 0 ORDER BY placed_at, id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    rows.map(|row| {
        let (shopper_id, json) = row?;
        Ok(StoredOrder { shopper_id, order: parse_order(&json)? })
    })
    .collect()
}

/// Ids of up to `limit` orders holding an item that entered its state at or before
/// `since`, longest waiting first.
pub fn orders_due_for_fulfilment(conn: &Connection, since: i64, limit: u32) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM orders WHERE fulfilment_since <= ?1 ORDER BY fulfilment_since LIMIT ?2")?;
    let ids = stmt.query_map(params![since, limit], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(ids)
}

/// Ids of up to `limit` orders with a pending request whose seller deadline is at or
/// before `now`, most overdue first.
pub fn orders_with_overdue_requests(conn: &Connection, now: i64, limit: u32) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM orders WHERE decision_due <= ?1 ORDER BY decision_due LIMIT ?2")?;
    let ids = stmt.query_map(params![now, limit], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(ids)
}

/// Deletes every order, idempotency record and webhook delivery (the demo reset).
pub fn clear_all(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM orders; DELETE FROM idempotency; DELETE FROM webhook_deliveries; DELETE FROM webhook_attempts;",
    )?;
    Ok(())
}

// ---- idempotency ----

/// The first answer given under an idempotency key.
pub struct StoredResponse {
    pub request_hash: String,
    pub status_code: u16,
    pub body: String,
}

pub fn find_idempotent(conn: &Connection, shopper_id: &str, key: &str) -> Result<Option<StoredResponse>> {
    Ok(conn
        .prepare_cached(
            "SELECT request_hash, status_code, response_body FROM idempotency WHERE shopper_id = ?1 AND key = ?2",
        )?
        .query_row([shopper_id, key], |r| {
            Ok(StoredResponse { request_hash: r.get(0)?, status_code: r.get(1)?, body: r.get(2)? })
        })
        .optional()?)
}

pub fn store_idempotent(
    conn: &Connection,
    shopper_id: &str,
    key: &str,
    response: &StoredResponse,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO idempotency (shopper_id, key, request_hash, status_code, response_body, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![shopper_id, key, response.request_hash, response.status_code, response.body, now])?;
    Ok(())
}

/// Forgets idempotency records created before `before`. Returns how many went.
pub fn purge_idempotency(conn: &Connection, before: i64) -> Result<usize> {
    Ok(conn.execute("DELETE FROM idempotency WHERE created_at < ?1", [before])?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let c = Cursor { placed_at: 1_795_500_000, id: "ord_ab:c".into() };
        assert_eq!(Cursor::parse(&c.to_string()), Some(c));
        for bad in ["", "abc", "12", "12:", "x:ord_1", ":ord_1"] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_update_never_creates_and_an_upsert_does() {
        let path = std::env::temp_dir().join(format!("db-save-test-{}.sqlite", std::process::id()));
        let db = Db::open(&path, Duration::from_secs(1)).unwrap();
        let (_, mut order) = crate::seed::demo_orders(cancel_policy::Timestamp::from_unix(1_800_000_000)).remove(0);
        db.blocking(|conn| {
            assert!(matches!(save_order(conn, "alice", &order, Save::Existing), Err(DbError::MissingOrder(_))));
            assert_eq!(count_orders(conn).unwrap(), 0, "nothing written");
            save_order(conn, "alice", &order, Save::Upsert).unwrap();
            order.number = "PO-1".into();
            order.version += 1;
            save_order(conn, "alice", &order, Save::Existing).unwrap();
            let stored = find_order(conn, &order.id).unwrap().unwrap();
            assert_eq!((stored.shopper_id.as_str(), stored.order), ("alice", order.clone()));
            assert_eq!(count_orders(conn).unwrap(), 1);
        });
        drop(db);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_contains("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
