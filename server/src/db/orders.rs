//! Orders: stored as the domain's JSON plus the columns SQL needs to filter and page,
//! derived from the order on every write.

use super::{write, Conn, DbError, Result, Tx};
use cancel_policy::{CancellationStatus, Order, Tab};

/// An order and whose it is.
pub struct StoredOrder {
    pub shopper_id: String,
    pub order: Order,
}

/// Whether [`save_order`] may create the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Save {
    /// Create it, or replace the stored one.
    Upsert,
    /// Replace the stored one only; a missing order is [`DbError::MissingOrder`].
    Existing,
}

/// Serialises the writes that may *create* an order with this id. A missing row cannot be
/// locked (`FOR UPDATE` finds nothing to lock), so on PostgreSQL two instances, or two
/// connections of one, creating the same order would both see it missing and both insert
/// it at version 1. A transaction-level advisory lock on the id, taken before the order is
/// read, makes the second wait and then find (and lock) the first's row. SQLite's single
/// writer does this already.
pub fn lock_order_id(tx: &Tx<'_>, id: &str) -> Result<()> {
    if tx.is_postgres() {
        tx.execute(
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

pub(super) fn parse_order(json: &str) -> Result<Order> {
    serde_json::from_str(json).map_err(|e| DbError::Corrupt(e.to_string()))
}

const INSERT_OR_REPLACE: &str = "INSERT INTO orders
        (id, shopper_id, number, placed_at, status, tabs, search_text,
         fulfilment_since, pending_requests, version, json, decision_due)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
    ON CONFLICT (id) DO UPDATE SET
        shopper_id = excluded.shopper_id, number = excluded.number,
        placed_at = excluded.placed_at, status = excluded.status, tabs = excluded.tabs,
        search_text = excluded.search_text, fulfilment_since = excluded.fulfilment_since,
        pending_requests = excluded.pending_requests, version = excluded.version,
        json = excluded.json, decision_due = excluded.decision_due";

const REPLACE: &str = "UPDATE orders SET shopper_id = $2, number = $3, placed_at = $4,
        status = $5, tabs = $6, search_text = $7, fulfilment_since = $8,
        pending_requests = $9, version = $10, json = $11, decision_due = $12
    WHERE id = $1";

/// Stores `order` for `shopper_id` in one statement: inserted, or its row replaced. With
/// [`Save::Existing`] nothing is inserted, so an update never silently creates.
pub fn save_order(tx: &Tx<'_>, shopper_id: &str, order: &Order, mode: Save) -> Result<()> {
    let d = derive(order);
    let sql = match mode {
        Save::Upsert => INSERT_OR_REPLACE,
        Save::Existing => REPLACE,
    };
    let written = tx.execute(
        sql,
        &[
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
        ],
    )?;
    if written == 0 {
        return Err(DbError::MissingOrder(order.id.clone()));
    }
    super::records::index(tx, order)
}

/// The order with this id. In a PostgreSQL write transaction the row stays locked until
/// the commit: a concurrent change of the same order on any instance waits for it.
pub fn find_order(tx: &Tx<'_>, id: &str) -> Result<Option<StoredOrder>> {
    let lock = if tx.locks() { tx.for_update(false) } else { "" };
    let sql = format!("SELECT shopper_id, json FROM orders WHERE id = $1{lock}");
    tx.query_opt(&sql, &[&id])?
        .map(|row| {
            Ok(StoredOrder {
                shopper_id: row.get(0)?,
                order: parse_order(&row.get::<String>(1)?)?,
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
    tx.query_one("SELECT count(*) FROM orders", &[])?.get(0)
}

/// Deletes every order with everything about it, idempotency records, webhook deliveries
/// and emails (the demo reset).
pub fn clear_all(tx: &Tx<'_>) -> Result<()> {
    tx.batch(
        "DELETE FROM orders; DELETE FROM idempotency;
         DELETE FROM webhook_deliveries; DELETE FROM webhook_attempts;
         DELETE FROM refunds; DELETE FROM parcel_requests; DELETE FROM order_contacts; DELETE FROM order_history;
         DELETE FROM email_outbox; DELETE FROM email_attempts;",
    )
}

#[cfg(test)]
mod tests {
    use super::super::{read, Db};
    use super::*;
    use std::time::Duration;

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
}
