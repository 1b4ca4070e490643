//! Finding refunds: the order that holds one, and refunds by status. The refunds themselves
//! are part of their order (its JSON), changed under its lock; the `refunds` table is an
//! index that every save of the order rewrites ([`index`]).

use super::orders::{parse_order, StoredOrder};
use super::{Result, Tx};
use cancel_policy::Order;

/// Writes the index row of each refund of `order` (called by every save of the order).
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
    Ok(())
}

/// The id of the order holding refund `refund_id`, if there is one.
pub fn refund_order_id(tx: &Tx<'_>, refund_id: &str) -> Result<Option<String>> {
    tx.query_opt("SELECT order_id FROM refunds WHERE id = $1", &[&refund_id])?
        .map(|row| row.get(0))
        .transpose()
}

/// Up to `limit` orders with refunds in `status` (any status: `None`), with the ids of those
/// refunds, oldest refund first.
pub fn orders_with_refunds(
    tx: &Tx<'_>,
    status: Option<&str>,
    limit: u32,
) -> Result<Vec<(String, StoredOrder)>> {
    tx.query(
        "SELECT r.id, o.shopper_id, o.json FROM refunds r JOIN orders o ON o.id = r.order_id
         WHERE CAST($1 AS TEXT) IS NULL OR r.status = $1
         ORDER BY r.created_at, r.id LIMIT $2",
        &[&status, &i64::from(limit)],
    )?
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
