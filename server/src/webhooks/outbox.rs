//! The webhook outbox in SQLite: one row per event and endpoint, written in the transaction
//! that records the event, and a log of every delivery attempt.
//!
//! A deliverer *claims* due rows by setting `lease_owner`/`lease_until_ms` in one statement
//! before sending, and records the outcome only while it still holds the lease. So two
//! deliverers on one shared database never send the same row at once, and a deliverer that
//! dies (kill -9) loses its claim when the lease runs out: the row is sent again after a
//! restart. On PostgreSQL the claim's sub-select also takes the rows `FOR UPDATE SKIP
//! LOCKED`, so two instances claiming at the same moment never pick the same row.

use crate::db::{DbError, Result, Tx};
use crate::ids::random_id;
use rusqlite::{params, OptionalExtension};
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
    match tx {
        Tx::Sqlite(conn) => {
            let mut insert = conn.prepare_cached(
                "INSERT INTO webhook_deliveries (message_id, endpoint, event_type, payload, created_at_ms, status, next_attempt_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?5)",
            )?;
            for endpoint in endpoints {
                insert.execute(params![id, endpoint, event_type, payload, now])?;
            }
        }
        Tx::Postgres { .. } => {
            for endpoint in endpoints {
                tx.pg_execute(
                    "INSERT INTO webhook_deliveries (message_id, endpoint, event_type, payload, created_at_ms, status, next_attempt_at_ms)
                     VALUES ($1, $2, $3, $4, $5, 'pending', $5)",
                    &[&id, endpoint, &event_type, &payload, &now],
                )?;
            }
        }
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
    match tx {
        Tx::Sqlite(conn) => {
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
        Tx::Postgres { .. } => tx
            .pg_query(
                "UPDATE webhook_deliveries SET lease_owner = $1, lease_until_ms = $2 + $3
                 WHERE (message_id, endpoint) IN (
                     SELECT message_id, endpoint FROM webhook_deliveries
                     WHERE status = 'pending' AND next_attempt_at_ms <= $2
                       AND (lease_until_ms IS NULL OR lease_until_ms <= $2)
                     ORDER BY next_attempt_at_ms LIMIT $4
                     FOR UPDATE SKIP LOCKED)
                 RETURNING message_id, endpoint, payload, created_at_ms, attempts",
                &[&owner, &now, &lease_ms, &i64::from(limit)],
            )?
            .into_iter()
            .map(|r| {
                Ok(Claimed {
                    message_id: r.try_get(0)?,
                    endpoint: r.try_get(1)?,
                    payload: r.try_get(2)?,
                    created_at_ms: r.try_get(3)?,
                    attempts: r.try_get::<_, i32>(4)? as u32,
                })
            })
            .collect(),
    }
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
    match tx {
        Tx::Sqlite(conn) => {
            let updated = conn
                .prepare_cached(
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
                number,
                attempt.at_ms,
                attempt.duration_ms,
                attempt.response_status,
                attempt.error
            ])?;
        }
        Tx::Postgres { .. } => {
            let updated = tx.pg_execute(
                "UPDATE webhook_deliveries
                 SET status = $4, attempts = attempts + 1, next_attempt_at_ms = $5, delivered_at_ms = $6,
                     lease_owner = NULL, lease_until_ms = NULL
                 WHERE message_id = $1 AND endpoint = $2 AND lease_owner = $3 AND status = 'pending'",
                &[&claimed.message_id, &claimed.endpoint, &owner, &status, &next_at, &delivered_at],
            )?;
            if updated == 0 {
                return Ok(false);
            }
            tx.pg_execute(
                "INSERT INTO webhook_attempts (message_id, endpoint, attempt, at_ms, duration_ms, response_status, error)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &claimed.message_id,
                    &claimed.endpoint,
                    &(number as i32),
                    &attempt.at_ms,
                    &attempt.duration_ms,
                    &attempt.response_status.map(i32::from),
                    &attempt.error,
                ],
            )?;
        }
    }
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
    let view = |status: String, rest: (String, String, String, i64, i64, Option<i64>, String)| {
        let (
            webhook_id,
            endpoint,
            event_type,
            created_at_ms,
            next_attempt_at_ms,
            delivered_at_ms,
            payload,
        ) = rest;
        DeliveryView {
            webhook_id,
            endpoint,
            event_type,
            next_attempt_at_ms: (status == "pending").then_some(next_attempt_at_ms),
            status,
            attempts: Vec::new(),
            created_at_ms,
            delivered_at_ms,
            payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
        }
    };
    match tx {
        Tx::Sqlite(conn) => {
            let mut stmt = conn.prepare_cached(
                "SELECT message_id, endpoint, event_type, status, created_at_ms, next_attempt_at_ms, delivered_at_ms, payload
                 FROM webhook_deliveries WHERE ?1 IS NULL OR status = ?1
                 ORDER BY created_at_ms DESC, message_id DESC, endpoint LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![status, limit], |r| {
                Ok(view(
                    r.get(3)?,
                    (
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                    ),
                ))
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
        Tx::Postgres { .. } => {
            let rows = tx.pg_query(
                "SELECT message_id, endpoint, event_type, status, created_at_ms, next_attempt_at_ms, delivered_at_ms, payload
                 FROM webhook_deliveries WHERE $1::text IS NULL OR status = $1
                 ORDER BY created_at_ms DESC, message_id DESC, endpoint LIMIT $2",
                &[&status, &i64::from(limit)],
            )?;
            let mut deliveries = Vec::with_capacity(rows.len());
            for r in rows {
                let rest = (
                    r.try_get(0)?,
                    r.try_get(1)?,
                    r.try_get(2)?,
                    r.try_get(4)?,
                    r.try_get(5)?,
                    r.try_get(6)?,
                    r.try_get(7)?,
                );
                deliveries.push(view(r.try_get(3)?, rest));
            }
            for delivery in &mut deliveries {
                delivery.attempts = tx
                    .pg_query(
                        "SELECT attempt, at_ms, duration_ms, response_status, error FROM webhook_attempts
                         WHERE message_id = $1 AND endpoint = $2 ORDER BY attempt",
                        &[&delivery.webhook_id, &delivery.endpoint],
                    )?
                    .into_iter()
                    .map(|r| {
                        Ok(AttemptView {
                            attempt: r.try_get::<_, i32>(0)? as u32,
                            at_ms: r.try_get(1)?,
                            duration_ms: r.try_get(2)?,
                            response_status: r.try_get::<_, Option<i32>>(3)?.map(|s| s as u16),
                            error: r.try_get(4)?,
                        })
                    })
                    .collect::<Result<_, DbError>>()?;
            }
            Ok(deliveries)
        }
    }
}

/// The earliest time a pending delivery is due, if any (so the deliverer can sleep until then).
pub fn next_due(tx: &Tx<'_>) -> Result<Option<i64>> {
    match tx {
        Tx::Sqlite(conn) => Ok(conn
            .query_row(
                "SELECT min(max(next_attempt_at_ms, coalesce(lease_until_ms, 0))) FROM webhook_deliveries WHERE status = 'pending'",
                [],
                |r| r.get::<_, Option<i64>>(0),
            )
            .optional()?
            .flatten()),
        Tx::Postgres { .. } => Ok(tx
            .pg_one(
                "SELECT min(greatest(next_attempt_at_ms, coalesce(lease_until_ms, 0))) FROM webhook_deliveries WHERE status = 'pending'",
                &[],
            )?
            .try_get(0)?),
    }
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
