//! Finding the records that live in their order's JSON: refunds and parcel requests. Each
//! is changed with its order, under its lock; its table is an index (id → order, status)
//! that every save of the order rewrites ([`index`]), so one is found by id and listed by
//! status without reading every order.

use super::orders::{parse_order, StoredOrder};
use super::{Result, Tx};
use cancel_policy::Order;

/// Which records' index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Records {
    Refunds,
    ParcelRequests,
}

impl Records {
    fn table(self) -> &'static str {
        match self {
            Records::Refunds => "refunds",
            Records::ParcelRequests => "parcel_requests",
        }
    }
}

/// Writes the index row of each refund and parcel request of `order` (called by every save
/// of the order).
pub(super) fn index(tx: &Tx<'_>, order: &Order) -> Result<()> {
    for refund in &order.refunds {
        tx.execute(
            "INSERT INTO refunds (id, order_id, status, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET status = excluded.status",
            &[
                &refund.id,
                &order.id,
                &refund.status.as_str(),
                &refund.created_at.unix(),
            ],
        )?;
    }
    for request in &order.parcel_requests {
        tx.execute(
            "INSERT INTO parcel_requests (id, order_id, kind, status, created_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET status = excluded.status",
            &[
                &request.id,
                &order.id,
                &request.kind.as_str(),
                &request.status.as_str(),
                &request.created_at.unix(),
            ],
        )?;
    }
    Ok(())
}

/// The id of the order holding record `id`, if there is one.
pub fn order_id_of(tx: &Tx<'_>, records: Records, id: &str) -> Result<Option<String>> {
    let sql = format!("SELECT order_id FROM {} WHERE id = $1", records.table());
    tx.query_opt(&sql, &[&id])?
        .map(|row| row.get(0))
        .transpose()
}

/// Up to `limit` orders with records in `status` (any status: `None`), with the ids of
/// those records, oldest record first.
pub fn orders_with(
    tx: &Tx<'_>,
    records: Records,
    status: Option<&str>,
    limit: u32,
) -> Result<Vec<(String, StoredOrder)>> {
    let sql = format!(
        "SELECT r.id, o.shopper_id, o.json FROM {} r JOIN orders o ON o.id = r.order_id
         WHERE CAST($1 AS TEXT) IS NULL OR r.status = $1
         ORDER BY r.created_at, r.id LIMIT $2",
        records.table()
    );
    tx.query(&sql, &[&status, &i64::from(limit)])?
        .iter()
        .map(|row| {
            Ok((
                row.get(0)?,
                StoredOrder {
                    shopper_id: row.get(1)?,
                    order: parse_order(&row.get::<String>(2)?)?,
                },
            ))
        })
        .collect()
}

/// Ids of the orders of up to `limit` refunds pending since `since` or before (the demo's
/// simulator settles them), oldest first. Not locked here: the caller loads each order
/// under its lock and settles only what is still pending then.
pub fn orders_with_refunds_pending_since(
    tx: &Tx<'_>,
    since: i64,
    limit: u32,
) -> Result<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    for row in tx.query(
        "SELECT order_id FROM refunds WHERE status = 'pending' AND created_at <= $1
         ORDER BY created_at, id LIMIT $2",
        &[&since, &limit],
    )? {
        let id: String = row.get(0)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}
