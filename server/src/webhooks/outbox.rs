//! The webhook outbox ([`crate::outbox`]): one row per event and endpoint, written in the
//! transaction that records the event, and a log of every delivery attempt.

use crate::db::{Result, Row, Tx};
use crate::ids::random_id;
use crate::outbox::{self, now_ms, AttemptView, Message, Outbox};
use serde::Serialize;

/// A webhook's body for one endpoint, as the deliverer claims it.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub endpoint: String,
    pub payload: String,
}

impl Message for Delivery {
    const OUTBOX: Outbox = Outbox {
        table: "webhook_deliveries",
        attempts_table: "webhook_attempts",
        key: &["message_id", "endpoint"],
        carries: "endpoint, payload",
        done: "delivered",
        done_at: "delivered_at_ms",
        keeps_error: false,
        logs_response_status: true,
    };
    fn read(row: &Row) -> Result<Self> {
        Ok(Delivery {
            endpoint: row.get(3)?,
            payload: row.get(4)?,
        })
    }
    fn key(&self) -> Vec<&str> {
        vec![&self.endpoint]
    }
}

/// A delivery claimed for one attempt.
pub type Claimed = crate::outbox::Claimed<Delivery>;

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
        let attempts = outbox::attempts::<Delivery>(tx, &[&webhook_id, &endpoint])?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;
    use crate::outbox::{claim, record, Attempt, Next};
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
                let first = claim::<Delivery>(conn, "one", now, 1_000, 10).unwrap();
                assert_eq!(first.len(), 1);
                assert!(
                    claim::<Delivery>(conn, "two", now, 1_000, 10)
                        .unwrap()
                        .is_empty(),
                    "held by one"
                );
                // One's lease ran out (it died): two takes over, and one's late result is dropped.
                let taken = claim::<Delivery>(conn, "two", now + 1_000, 1_000, 10).unwrap();
                assert_eq!(taken.len(), 1);
                let attempt = Attempt {
                    at_ms: now,
                    duration_ms: 5,
                    response_status: Some(204),
                    error: None,
                };
                assert!(!record(conn, "one", &first[0], &attempt, &Next::Done).unwrap());
                assert!(record(conn, "two", &taken[0], &attempt, &Next::Done).unwrap());
                let listed = list(conn, None, 10).unwrap();
                assert_eq!(
                    (listed[0].status.as_str(), listed[0].attempts.len()),
                    ("delivered", 1)
                );
                assert!(
                    claim::<Delivery>(conn, "three", now + 5_000, 1_000, 10)
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
