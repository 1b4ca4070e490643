//! The webhook outbox in SQLite: one row per event and endpoint, written in the transaction
//! that records the event, and a log of every delivery attempt.
//!
//! A deliverer *claims* due rows by setting `lease_owner`/`lease_until_ms` in one statement
//! before sending, and records the outcome only while it still holds the lease. So two
//! deliverers on one shared database never send the same row at once, and a deliverer that
//! dies (kill -9) loses its claim when the lease runs out: the row is sent again after a
//! restart. (PostgreSQL would add `FOR UPDATE SKIP LOCKED` to the claim's sub-select.)

use crate::db::Result;
use crate::ids::random_id;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// Milliseconds since the Unix epoch, by the system clock: attempts are paced and stamped
/// in real time (receivers check `webhook-timestamp` against their own clock).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Adds an event for every endpoint. Returns its message id (the `webhook-id`).
pub fn enqueue(conn: &Connection, endpoints: &[String], event_type: &str, payload: &str) -> Result<String> {
    let id = random_id("msg_", 12);
    let now = now_ms();
    let mut insert = conn.prepare_cached(
        "INSERT INTO webhook_deliveries (message_id, endpoint, event_type, payload, created_at_ms, status, next_attempt_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?5)",
    )?;
    for endpoint in endpoints {
        insert.execute(params![id, endpoint, event_type, payload, now])?;
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
pub fn claim(conn: &Connection, owner: &str, now: i64, lease_ms: i64, limit: u32) -> Result<Vec<Claimed>> {
    let mut stmt = conn.prepare_cached(
        "UPDATE webhook_deliveries SET lease_owner = ?1, lease_until_ms = ?2 + ?3
         WHERE rowid IN (
             SELECT rowid FROM webhook_deliveries
             WHERE status = 'pending' AND next_attempt_at_ms <= ?2
               AND (lease_until_ms IS NULL OR lease_until_ms <= ?2)
             ORDER BY next_attempt_at_ms LIMIT ?4)
         RETURNING message_id, endpoint, payload, created_at_ms, attempts",
    )?;
    let rows = stmt.query_map(params![owner, now, lease_ms, limit], |r| {
        Ok(Claimed {
            message_id: r.get(0)?,
            endpoint: r.get(1)?,
            payload: r.get(2)?,
            created_at_ms: r.get(3)?,
            attempts: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
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
pub fn record(conn: &Connection, owner: &str, claimed: &Claimed, attempt: &Attempt, next: &Next) -> Result<bool> {
    let (status, next_at, delivered_at) = match next {
        Next::Delivered => ("delivered", attempt.at_ms, Some(attempt.at_ms + attempt.duration_ms)),
        Next::RetryAt(at) => ("pending", *at, None),
        Next::GiveUp => ("failed", attempt.at_ms, None),
    };
    let updated = conn.prepare_cached(
        "UPDATE webhook_deliveries
         SET status = ?4, attempts = attempts + 1, next_attempt_at_ms = ?5, delivered_at_ms = ?6,
             lease_owner = NULL, lease_until_ms = NULL
         WHERE message_id = ?1 AND endpoint = ?2 AND lease_owner = ?3 AND status = 'pending'",
    )?
    .execute(params![claimed.message_id, claimed.endpoint, owner, status, next_at, delivered_at])?;
    if updated == 0 {
        return Ok(false);
    }
    conn.prepare_cached(
        "INSERT INTO webhook_attempts (message_id, endpoint, attempt, at_ms, duration_ms, response_status, error)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        claimed.message_id,
        claimed.endpoint,
        claimed.attempts + 1,
        attempt.at_ms,
        attempt.duration_ms,
        attempt.response_status,
        attempt.error
    ])?;
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
pub fn list(conn: &Connection, status: Option<&str>, limit: u32) -> Result<Vec<DeliveryView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT message_id, endpoint, event_type, status, created_at_ms, next_attempt_at_ms, delivered_at_ms, payload
         FROM webhook_deliveries WHERE ?1 IS NULL OR status = ?1
         ORDER BY created_at_ms DESC, message_id DESC, endpoint LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![status, limit], |r| {
        let status: String = r.get(3)?;
        let payload: String = r.get(7)?;
        Ok(DeliveryView {
            webhook_id: r.get(0)?,
            endpoint: r.get(1)?,
            event_type: r.get(2)?,
            next_attempt_at_ms: if status == "pending" { Some(r.get(5)?) } else { None },
            status,
            attempts: Vec::new(),
            created_at_ms: r.get(4)?,
            delivered_at_ms: r.get(6)?,
            payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
        })
    })?;
    let mut deliveries: Vec<DeliveryView> = rows.collect::<Result<_, _>>()?;
    let mut attempts = conn.prepare_cached(
        "SELECT attempt, at_ms, duration_ms, response_status, error FROM webhook_attempts
         WHERE message_id = ?1 AND endpoint = ?2 ORDER BY attempt",
    )?;
    for delivery in &mut deliveries {
        delivery.attempts = attempts
            .query_map(params![delivery.webhook_id, delivery.endpoint], |r| {
                Ok(AttemptView {
                    attempt: r.get(0)?,
                    at_ms: r.get(1)?,
                    duration_ms: r.get(2)?,
                    response_status: r.get(3)?,
                    error: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
    }
    Ok(deliveries)
}

/// The earliest time a pending delivery is due, if any (so the deliverer can sleep until then).
pub fn next_due(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT min(max(next_attempt_at_ms, coalesce(lease_until_ms, 0))) FROM webhook_deliveries WHERE status = 'pending'",
            [],
            |r| r.get::<_, Option<i64>>(0),
        )
        .optional()?
        .flatten())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;
    use std::time::Duration;

    #[test]
    fn a_claimed_delivery_is_no_one_elses_until_its_lease_runs_out() {
        let path = std::env::temp_dir().join(format!("outbox-claim-test-{}.sqlite", std::process::id()));
        let db = Db::open(&path, Duration::from_secs(1)).unwrap();
        db.blocking(|conn| {
            enqueue(conn, &["http://a.test/h".to_string()], "cancellation.completed", "{}").unwrap();
            let now = now_ms() + 10;
            let first = claim(conn, "one", now, 1_000, 10).unwrap();
            assert_eq!(first.len(), 1);
            assert!(claim(conn, "two", now, 1_000, 10).unwrap().is_empty(), "held by one");
            // One's lease ran out (it died): two takes over, and one's late result is dropped.
            let taken = claim(conn, "two", now + 1_000, 1_000, 10).unwrap();
            assert_eq!(taken.len(), 1);
            let attempt = Attempt { at_ms: now, duration_ms: 5, response_status: Some(204), error: None };
            assert!(!record(conn, "one", &first[0], &attempt, &Next::Delivered).unwrap());
            assert!(record(conn, "two", &taken[0], &attempt, &Next::Delivered).unwrap());
            let listed = list(conn, None, 10).unwrap();
            assert_eq!((listed[0].status.as_str(), listed[0].attempts.len()), ("delivered", 1));
            assert!(claim(conn, "three", now + 5_000, 1_000, 10).unwrap().is_empty(), "delivered is done");
        });
        drop(db);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
