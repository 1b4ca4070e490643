//! The webhook outbox: one row per event and endpoint, written in the transaction
//! that records the event, and a log of every delivery attempt.
//!
//! A deliverer *claims* due rows by setting `lease_owner`/`lease_until_ms` in one statement
//! before sending, and records the outcome only while it still holds the lease. So two
//! deliverers on one shared database never send the same row at once, and a deliverer that
//! dies (kill -9) loses its claim when the lease runs out: the row is sent again after a
//! restart. On PostgreSQL the claim's sub-select also takes the rows `FOR UPDATE SKIP
//! LOCKED`, so two instances claiming at the same moment never pick the same row.

use crate::db::{Result, Tx};
use crate::ids::random_id;
use serde::Serialize;

/// Milliseconds since the Unix epoch, by the system clock: attempts are paced and stamped
/// in real time (receivers check `webhook-timestamp` against their own clock).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Adds an event for every endpoint. Returns its message id (the `webhook-id`).
pub fn enqueue(
    tx: &Tx<'_>,
    endpoints: &[String],
    event_type: &str,
    payload: &str,
) -> Result<String> {
    let id = random_id("msg_", 12);
    let now = now_ms();
    for endpoint in endpoints {
        tx.execute(
            "INSERT INTO webhook_deliveries (message_id, endpoint, event_type, payload,
                 created_at_ms, status, next_attempt_at_ms)
             VALUES ($1, $2, $3, $4, $5, 'pending', $5)",
            &[&id, endpoint, &event_type, &payload, &now],
        )?;
    }
    Ok(id)
}

/// A delivery claimed for one attempt.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub message_id: String,
    pub endpoint: String,
    pub payload: String,
    pub created_at_ms: i64,
    /// Attempts made before this one.
    pub attempts: u32,
}

/// Claims up to `limit` due deliveries for `owner` until `now + lease_ms`, oldest first.
pub fn claim(
    tx: &Tx<'_>,
    owner: &str,
    now: i64,
    lease_ms: i64,
    limit: u32,
) -> Result<Vec<Claimed>> {
    let sql = format!(
        "UPDATE webhook_deliveries SET lease_owner = $1, lease_until_ms = $2 + $3
         WHERE (message_id, endpoint) IN (
             SELECT message_id, endpoint FROM webhook_deliveries
             WHERE status = 'pending' AND next_attempt_at_ms <= $2
               AND (lease_until_ms IS NULL OR lease_until_ms <= $2)
             ORDER BY next_attempt_at_ms LIMIT $4{})
         RETURNING message_id, endpoint, payload, created_at_ms, attempts",
        tx.for_update(true)
    );
    tx.query(&sql, &[&owner, &now, &lease_ms, &limit])?
        .iter()
        .map(|r| {
            Ok(Claimed {
                message_id: r.get(0)?,
                endpoint: r.get(1)?,
                payload: r.get(2)?,
                created_at_ms: r.get(3)?,
                attempts: r.get(4)?,
            })
        })
        .collect()
}

/// How one attempt went.
pub struct Attempt {
    pub at_ms: i64,
    pub duration_ms: i64,
    pub response_status: Option<u16>,
    pub error: Option<String>,
}

/// What to do with the delivery after an attempt.
pub enum Next {
    Delivered,
    RetryAt(i64),
    GiveUp,
}

/// Records an attempt of a delivery `owner` holds and releases the claim. Returns false
/// (and records nothing) when the lease was lost to another deliverer meanwhile.
pub fn record(
    tx: &Tx<'_>,
    owner: &str,
    claimed: &Claimed,
    attempt: &Attempt,
    next: &Next,
) -> Result<bool> {
    let (status, next_at, delivered_at) = match next {
        Next::Delivered => (
            "delivered",
            attempt.at_ms,
            Some(attempt.at_ms + attempt.duration_ms),
        ),
        Next::RetryAt(at) => ("pending", *at, None),
        Next::GiveUp => ("failed", attempt.at_ms, None),
    };
    let number = claimed.attempts + 1;
    let updated = tx.execute(
        "UPDATE webhook_deliveries
         SET status = $4, attempts = attempts + 1, next_attempt_at_ms = $5,
             delivered_at_ms = $6, lease_owner = NULL, lease_until_ms = NULL
         WHERE message_id = $1 AND endpoint = $2 AND lease_owner = $3 AND status = 'pending'",
        &[
            &claimed.message_id,
            &claimed.endpoint,
            &owner,
            &status,
            &next_at,
            &delivered_at,
        ],
    )?;
    if updated == 0 {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO webhook_attempts
             (message_id, endpoint, attempt, at_ms, duration_ms, response_status, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &claimed.message_id,
            &claimed.endpoint,
            &number,
            &attempt.at_ms,
            &attempt.duration_ms,
            &attempt.response_status,
            &attempt.error,
        ],
    )?;
    Ok(true)
}

#[derive(Serialize)]
pub struct AttemptView {
    pub attempt: u32,
    pub at_ms: i64,
    pub duration_ms: i64,
    pub response_status: Option<u16>,
    pub error: Option<String>,
}

#[derive(Serialize)]
pub struct DeliveryView {
    pub webhook_id: String,
    pub endpoint: String,
    pub event_type: String,
    pub status: String,
    pub attempts: Vec<AttemptView>,
    pub created_at_ms: i64,
    pub next_attempt_at_ms: Option<i64>,
    pub delivered_at_ms: Option<i64>,
    pub payload: serde_json::Value,
}

/// Deliveries newest first, optionally only those in `status`, with their attempts.
pub fn list(tx: &Tx<'_>, status: Option<&str>, limit: u32) -> Result<Vec<DeliveryView>> {
    // `CAST(… AS TEXT)`: PostgreSQL must know the type of a placeholder seen only in
    // `IS NULL`.
    let rows = tx.query(
        "SELECT message_id, endpoint, event_type, status, created_at_ms, next_attempt_at_ms,
                delivered_at_ms, payload
         FROM webhook_deliveries WHERE CAST($1 AS TEXT) IS NULL OR status = $1
         ORDER BY created_at_ms DESC, message_id DESC, endpoint LIMIT $2",
        &[&status, &limit],
    )?;
    let mut deliveries = Vec::with_capacity(rows.len());
    for r in rows {
        let status: String = r.get(3)?;
        let webhook_id: String = r.get(0)?;
        let endpoint: String = r.get(1)?;
        let attempts = tx
            .query(
                "SELECT attempt, at_ms, duration_ms, response_status, error FROM webhook_attempts
                 WHERE message_id = $1 AND endpoint = $2 ORDER BY attempt",
                &[&webhook_id, &endpoint],
            )?
            .iter()
            .map(|a| {
                Ok(AttemptView {
                    attempt: a.get(0)?,
                    at_ms: a.get(1)?,
                    duration_ms: a.get(2)?,
                    response_status: a.get(3)?,
                    error: a.get(4)?,
                })
            })
            .collect::<Result<_>>()?;
        deliveries.push(DeliveryView {
            webhook_id,
            endpoint,
            event_type: r.get(2)?,
            next_attempt_at_ms: (status == "pending").then_some(r.get(5)?),
            status,
            attempts,
            created_at_ms: r.get(4)?,
            delivered_at_ms: r.get(6)?,
            payload: serde_json::from_str(&r.get::<String>(7)?).unwrap_or(serde_json::Value::Null),
        });
    }
    Ok(deliveries)
}

/// The earliest time a pending delivery is due, if any (so the deliverer can sleep until then).
pub fn next_due(tx: &Tx<'_>) -> Result<Option<i64>> {
    tx.query_one(
        "SELECT min(CASE WHEN next_attempt_at_ms > coalesce(lease_until_ms, 0)
                    THEN next_attempt_at_ms ELSE coalesce(lease_until_ms, 0) END)
         FROM webhook_deliveries WHERE status = 'pending'",
        &[],
    )?
    .get(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;
    use std::time::Duration;

    #[test]
    fn a_claimed_delivery_is_no_one_elses_until_its_lease_runs_out() {
        let path =
            std::env::temp_dir().join(format!("outbox-claim-test-{}.sqlite", std::process::id()));
        let db = Db::open(&path, Duration::from_secs(1)).unwrap();
        db.blocking(|conn| {
            crate::db::read(conn, |conn| -> Result<()> {
                enqueue(
                    conn,
                    &["http://a.test/h".to_string()],
                    "cancellation.completed",
                    "{}",
                )
                .unwrap();
                let now = now_ms() + 10;
                let first = claim(conn, "one", now, 1_000, 10).unwrap();
                assert_eq!(first.len(), 1);
                assert!(
                    claim(conn, "two", now, 1_000, 10).unwrap().is_empty(),
                    "held by one"
                );
                // One's lease ran out (it died): two takes over, and one's late result is dropped.
                let taken = claim(conn, "two", now + 1_000, 1_000, 10).unwrap();
                assert_eq!(taken.len(), 1);
                let attempt = Attempt {
                    at_ms: now,
                    duration_ms: 5,
                    response_status: Some(204),
                    error: None,
                };
                assert!(!record(conn, "one", &first[0], &attempt, &Next::Delivered).unwrap());
                assert!(record(conn, "two", &taken[0], &attempt, &Next::Delivered).unwrap());
                let listed = list(conn, None, 10).unwrap();
                assert_eq!(
                    (listed[0].status.as_str(), listed[0].attempts.len()),
                    ("delivered", 1)
                );
                assert!(
                    claim(conn, "three", now + 5_000, 1_000, 10)
                        .unwrap()
                        .is_empty(),
                    "delivered is done"
                );
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
