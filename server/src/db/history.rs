//! An order's history for the merchant, one row per thing that happened to it, oldest
//! first: cancellations and decisions, refunds created and moved, emails sent, failed or
//! not sent. Written in the transaction of what it records.

use super::{Result, Tx};
use serde::Serialize;

/// One entry: `entry` names what happened (`refund.updated`, `email.sent`, …), `detail`
/// holds its particulars.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub at_ms: i64,
    pub entry: String,
    pub detail: serde_json::Value,
}

pub fn append(
    tx: &Tx<'_>,
    order_id: &str,
    at_ms: i64,
    entry: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    tx.execute(
        "INSERT INTO order_history (order_id, at_ms, entry, detail) VALUES ($1, $2, $3, $4)",
        &[&order_id, &at_ms, &entry, &detail.to_string()],
    )?;
    Ok(())
}

/// The order's entries, oldest first.
pub fn history(tx: &Tx<'_>, order_id: &str) -> Result<Vec<HistoryEntry>> {
    tx.query(
        "SELECT at_ms, entry, detail FROM order_history WHERE order_id = $1 ORDER BY seq",
        &[&order_id],
    )?
    .iter()
    .map(|row| {
        Ok(HistoryEntry {
            at_ms: row.get(0)?,
            entry: row.get(1)?,
            detail: serde_json::from_str(&row.get::<String>(2)?).unwrap_or(serde_json::Value::Null),
        })
    })
    .collect()
}
