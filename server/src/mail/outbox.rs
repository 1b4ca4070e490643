//! The email outbox ([`crate::outbox`]): one row per email, written in the transaction of
//! the change it tells of, and a log of every attempt. A sender claims due rows with a
//! lease, so two instances never send one at once and a dead one's claim runs out.
//! The Message-ID is the row's key, made from the order, the event and the recipient: the
//! same email queued twice is one row, and every attempt carries the same id.

use super::MailEvent;
use crate::db::{history, DbError, Result, Row, Tx};
use crate::ids::hex;
use crate::outbox::{self, now_ms, Attempt, AttemptView, Claimed, Message, Next, Outbox};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// An email as the sender claims it.
#[derive(Clone, Debug)]
pub struct Email {
    pub recipient: String,
    pub event: MailEvent,
}

impl Message for Email {
    const OUTBOX: Outbox = Outbox {
        table: "email_outbox",
        attempts_table: "email_attempts",
        key: &["message_id"],
        carries: "recipient, event",
        done: "sent",
        done_at: "sent_at_ms",
        keeps_error: true,
        logs_response_status: false,
    };
    fn read(row: &Row) -> Result<Self> {
        let event: String = row.get(4)?;
        Ok(Email {
            recipient: row.get(3)?,
            event: serde_json::from_str(&event).map_err(|e| {
                let id = row.get::<String>(0).unwrap_or_default();
                DbError::Corrupt(format!("email event {id}: {e}"))
            })?,
        })
    }
    /// Once the email is sent or given up, writes it into the order's history.
    fn recorded(
        tx: &Tx<'_>,
        claimed: &Claimed<Self>,
        attempt: &Attempt,
        next: &Next,
    ) -> Result<()> {
        let entry = match next {
            Next::Done => "email.sent",
            Next::GiveUp => "email.failed",
            Next::RetryAt(_) => return Ok(()),
        };
        let email = &claimed.message;
        history::append(
            tx,
            &email.event.order.id,
            attempt.at_ms,
            entry,
            &serde_json::json!({
                "kind": email.event.kind.as_str(),
                "message_id": claimed.message_id,
                "recipient": email.recipient,
                "attempts": claimed.attempts + 1,
                "error": attempt.error,
            }),
        )
    }
}

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
        let attempts = outbox::attempts::<Email>(tx, &[&message_id])?;
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
