//! The email outbox: one row per email, written in the transaction of the change it tells
//! of, and a log of every attempt. A sender claims due rows with a lease (as the webhook
//! outbox does), so two instances never send one at once and a dead one's claim runs out.
//! The Message-ID is the row's key, made from the order, the event and the recipient: the
//! same email queued twice is one row, and every attempt carries the same id.

use super::MailEvent;
use crate::db::{history, Result, Tx};
use crate::ids::hex;
use crate::webhooks::outbox::now_ms;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The Message-ID of the email about `event_key` (a cancellation's or refund's id and what
/// happened to it) of order `order_id` to `recipient`, at `domain`.
pub fn message_id(order_id: &str, event_key: &str, recipient: &str, domain: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [order_id, event_key, &recipient.to_ascii_lowercase()] {
        hasher.update(part.as_bytes());
        hasher.update(b"\n");
    }
    format!("<oc.{}@{domain}>", &hex(&hasher.finalize())[..32])
}

/// Queues `event` for `recipient` (`None`: the order has no address, so it is recorded as
/// not sent, with the reason, and never tried). Returns false when this very email was
/// already queued.
pub fn enqueue(
    tx: &Tx<'_>,
    message_id: &str,
    event: &MailEvent,
    recipient: Option<&str>,
) -> Result<bool> {
    let now = now_ms();
    let (status, error) = match recipient {
        Some(_) => ("pending", None),
        None => (
            "skipped",
            Some(
                "no address: the order has no shopper_email and the shopper's token no email claim",
            ),
        ),
    };
    let event_json = serde_json::to_string(event).expect("mail events serialise");
    let inserted = tx.execute(
        "INSERT INTO email_outbox (message_id, order_id, kind, recipient, locale, event,
             created_at_ms, status, next_attempt_at_ms, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9) ON CONFLICT (message_id) DO NOTHING",
        &[
            &message_id,
            &event.order.id,
            &event.kind.as_str(),
            &recipient,
            &event.locale,
            &event_json,
            &now,
            &status,
            &error,
        ],
    )?;
    if inserted == 1 && recipient.is_none() {
        history::append(
            tx,
            &event.order.id,
            now,
            "email.skipped",
            &serde_json::json!({"kind": event.kind.as_str(), "message_id": message_id, "error": error}),
        )?;
    }
    Ok(inserted == 1)
}

/// An email claimed for one attempt.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub message_id: String,
    pub recipient: String,
    pub event: MailEvent,
    pub created_at_ms: i64,
    /// Attempts made before this one.
    pub attempts: u32,
}

/// Claims up to `limit` due emails for `owner` until `now + lease_ms`, oldest first.
pub fn claim(
    tx: &Tx<'_>,
    owner: &str,
    now: i64,
    lease_ms: i64,
    limit: u32,
) -> Result<Vec<Claimed>> {
    let sql = format!(
        "UPDATE email_outbox SET lease_owner = $1, lease_until_ms = $2 + $3
         WHERE message_id IN (
             SELECT message_id FROM email_outbox
             WHERE status = 'pending' AND next_attempt_at_ms <= $2
               AND (lease_until_ms IS NULL OR lease_until_ms <= $2)
             ORDER BY next_attempt_at_ms LIMIT $4{})
         RETURNING message_id, recipient, event, created_at_ms, attempts",
        tx.for_update(true)
    );
    tx.query(&sql, &[&owner, &now, &lease_ms, &limit])?
        .iter()
        .map(|r| {
            let event: String = r.get(2)?;
            Ok(Claimed {
                message_id: r.get(0)?,
                recipient: r.get(1)?,
                event: serde_json::from_str(&event).map_err(|e| {
                    crate::db::DbError::Corrupt(format!(
                        "email event {}: {e}",
                        r.get::<String>(0).unwrap_or_default()
                    ))
                })?,
                created_at_ms: r.get(3)?,
                attempts: r.get(4)?,
            })
        })
        .collect()
}

/// How one attempt went: `None` when the server took the email.
pub struct Attempt {
    pub at_ms: i64,
    pub duration_ms: i64,
    pub error: Option<String>,
}

/// What becomes of the email after an attempt.
pub enum Next {
    Sent,
    RetryAt(i64),
    GiveUp,
}

/// Records an attempt of an email `owner` holds, releases the claim and, once the email is
/// sent or given up, writes it into the order's history. Returns false (and records
/// nothing) when the lease was lost to another sender meanwhile.
pub fn record(
    tx: &Tx<'_>,
    owner: &str,
    claimed: &Claimed,
    attempt: &Attempt,
    next: &Next,
) -> Result<bool> {
    let (status, next_at, sent_at) = match next {
        Next::Sent => (
            "sent",
            attempt.at_ms,
            Some(attempt.at_ms + attempt.duration_ms),
        ),
        Next::RetryAt(at) => ("pending", *at, None),
        Next::GiveUp => ("failed", attempt.at_ms, None),
    };
    let final_error = matches!(next, Next::GiveUp)
        .then(|| attempt.error.clone())
        .flatten();
    let updated = tx.execute(
        "UPDATE email_outbox
         SET status = $3, attempts = attempts + 1, next_attempt_at_ms = $4, sent_at_ms = $5,
             error = $6, lease_owner = NULL, lease_until_ms = NULL
         WHERE message_id = $1 AND lease_owner = $2 AND status = 'pending'",
        &[
            &claimed.message_id,
            &owner,
            &status,
            &next_at,
            &sent_at,
            &final_error,
        ],
    )?;
    if updated == 0 {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO email_attempts (message_id, attempt, at_ms, duration_ms, error)
         VALUES ($1, $2, $3, $4, $5)",
        &[
            &claimed.message_id,
            &(claimed.attempts + 1),
            &attempt.at_ms,
            &attempt.duration_ms,
            &attempt.error,
        ],
    )?;
    let entry = match next {
        Next::Sent => Some("email.sent"),
        Next::GiveUp => Some("email.failed"),
        Next::RetryAt(_) => None,
    };
    if let Some(entry) = entry {
        history::append(
            tx,
            &claimed.event.order.id,
            attempt.at_ms,
            entry,
            &serde_json::json!({
                "kind": claimed.event.kind.as_str(),
                "message_id": claimed.message_id,
                "recipient": claimed.recipient,
                "attempts": claimed.attempts + 1,
                "error": attempt.error,
            }),
        )?;
    }
    Ok(true)
}

#[derive(Serialize)]
pub struct AttemptView {
    pub attempt: u32,
    pub at_ms: i64,
    pub duration_ms: i64,
    pub error: Option<String>,
}

/// An email as the merchant sees it.
#[derive(Serialize)]
pub struct EmailView {
    pub message_id: String,
    pub order_id: String,
    pub kind: String,
    pub recipient: Option<String>,
    pub locale: String,
    pub status: String,
    pub error: Option<String>,
    pub attempts: Vec<AttemptView>,
    pub created_at_ms: i64,
    pub next_attempt_at_ms: Option<i64>,
    pub sent_at_ms: Option<i64>,
}

/// Emails newest first, optionally only those in `status` or of one order, with their
/// attempts.
pub fn list(
    tx: &Tx<'_>,
    status: Option<&str>,
    order_id: Option<&str>,
    limit: u32,
) -> Result<Vec<EmailView>> {
    let rows = tx.query(
        "SELECT message_id, order_id, kind, recipient, locale, status, error, created_at_ms,
                next_attempt_at_ms, sent_at_ms
         FROM email_outbox
         WHERE (CAST($1 AS TEXT) IS NULL OR status = $1)
           AND (CAST($2 AS TEXT) IS NULL OR order_id = $2)
         ORDER BY created_at_ms DESC, message_id DESC LIMIT $3",
        &[&status, &order_id, &limit],
    )?;
    let mut emails = Vec::with_capacity(rows.len());
    for r in rows {
        let message_id: String = r.get(0)?;
        let status: String = r.get(5)?;
        let attempts = tx
            .query(
                "SELECT attempt, at_ms, duration_ms, error FROM email_attempts
                 WHERE message_id = $1 ORDER BY attempt",
                &[&message_id],
            )?
            .iter()
            .map(|a| {
                Ok(AttemptView {
                    attempt: a.get(0)?,
                    at_ms: a.get(1)?,
                    duration_ms: a.get(2)?,
                    error: a.get(3)?,
                })
            })
            .collect::<Result<_>>()?;
        let next_attempt_at_ms: i64 = r.get(8)?;
        emails.push(EmailView {
            order_id: r.get(1)?,
            kind: r.get(2)?,
            recipient: r.get(3)?,
            locale: r.get(4)?,
            error: r.get(6)?,
            created_at_ms: r.get(7)?,
            next_attempt_at_ms: (status == "pending").then_some(next_attempt_at_ms),
            sent_at_ms: r.get(9)?,
            message_id,
            status,
            attempts,
        });
    }
    Ok(emails)
}

/// The earliest time a pending email is due, if any (so the sender can sleep until then).
pub fn next_due(tx: &Tx<'_>) -> Result<Option<i64>> {
    tx.query_one(
        "SELECT min(CASE WHEN lease_until_ms > next_attempt_at_ms THEN lease_until_ms
                         ELSE next_attempt_at_ms END)
         FROM email_outbox WHERE status = 'pending'",
        &[],
    )?
    .get(0)
}
