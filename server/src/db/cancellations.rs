//! Cancellation requests waiting for the seller: the merchant's list and the deadline
//! sweep's batches. (The cancellations themselves are part of their order.)

use super::claims::claim_ids;
use super::orders::{parse_order, StoredOrder};
use super::{Result, Tx};

/// Orders with at least one cancellation request waiting for the merchant, oldest first.
pub fn orders_with_pending_requests(tx: &Tx<'_>) -> Result<Vec<StoredOrder>> {
    tx.query(
        "SELECT shopper_id, json FROM orders WHERE pending_requests > 0 ORDER BY placed_at, id",
        &[],
    )?
    .iter()
    .map(|row| {
        Ok(StoredOrder {
            shopper_id: row.get(0)?,
            order: parse_order(&row.get::<String>(1)?)?,
        })
    })
    .collect()
}

/// Ids of up to `limit` orders with a pending request whose seller deadline is at or
/// before `now`, most overdue first.
pub fn orders_with_overdue_requests(tx: &Tx<'_>, now: i64, limit: u32) -> Result<Vec<String>> {
    claim_ids(
        tx,
        "SELECT id FROM orders WHERE decision_due <= $1 ORDER BY decision_due LIMIT $2",
        now,
        limit,
    )
}
