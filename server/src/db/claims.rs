//! Rows a background job takes for one batch.

use super::{Result, Tx};

/// Ids from a background job's query (`$1` a bound, `$2` the batch size), its rows locked
/// by a clause added at its end. On PostgreSQL the rows are locked for the caller's transaction and
/// rows another instance has locked are skipped (`SKIP LOCKED`): two instances sweeping at
/// once each take different orders, never the same one twice. SQLite's single writer
/// needs no lock.
pub(super) fn claim_ids(tx: &Tx<'_>, sql: &str, bound: i64, limit: u32) -> Result<Vec<String>> {
    let sql = format!("{sql}{}", tx.for_update(true));
    tx.query(&sql, &[&bound, &limit])?
        .iter()
        .map(|row| row.get(0))
        .collect()
}

/// Ids of up to `limit` orders holding an item that entered its state at or before
/// `since`, longest waiting first.
pub fn orders_due_for_fulfilment(tx: &Tx<'_>, since: i64, limit: u32) -> Result<Vec<String>> {
    claim_ids(
        tx,
        "SELECT id FROM orders WHERE fulfilment_since <= $1
         ORDER BY fulfilment_since LIMIT $2",
        since,
        limit,
    )
}
