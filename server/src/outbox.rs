//! What the webhook and the email outboxes share: a table of messages, one row per message
//! (per message and endpoint for webhooks), written in the transaction of the change it
//! tells of, a log of every attempt, and the way rows are sent.
//!
//! A sender *claims* due rows by setting `lease_owner`/`lease_until_ms` in one statement
//! before sending, and records the outcome only while it still holds the lease. So two
//! senders on one shared database never send the same row at once, and a sender that dies
//! (kill -9) loses its claim when the lease runs out: the row is sent again after a
//! restart. On PostgreSQL the claim's sub-select also takes the rows `FOR UPDATE SKIP
//! LOCKED`, so two instances claiming at the same moment never pick the same row. A failed
//! attempt is tried again after a capped exponential [`backoff`] until the message is
//! `give_up_after` old.
//!
//! Each statement is written once here, for both tables and both databases; an [`Outbox`]
//! names what differs: tables, key, columns.

use crate::config::WebhookTiming;
use crate::db::{self, Db, Param, Result, Row, Tx};
use serde::Serialize;
use std::time::Duration;

/// Milliseconds since the Unix epoch, by the system clock: attempts are paced and stamped
/// in real time (webhook receivers check `webhook-timestamp` against their own clock).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The wait before attempt number `attempts + 1`: `first`, doubled per attempt, at most `max`.
pub fn backoff(timing: &WebhookTiming, attempts: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempts.saturating_sub(1).min(30));
    timing
        .first_retry
        .saturating_mul(factor)
        .min(timing.max_retry)
}

/// How long a sender sleeps when nothing is claimable: until the next row is `due`, at
/// most `poll`.
pub fn sleep_until(due: Option<i64>, poll: Duration) -> Duration {
    match due {
        Some(at) => Duration::from_millis((at - now_ms()).max(0) as u64).min(poll),
        None => poll,
    }
}

/// One outbox's table, as the shared statements need it.
pub struct Outbox {
    /// The messages' table.
    pub table: &'static str,
    /// The attempts' log.
    pub attempts_table: &'static str,
    /// The columns naming a row (and an attempt's row, with its number): `message_id`
    /// first, then [`Message::key`]'s.
    pub key: &'static [&'static str],
    /// What a claim reads of a row besides `message_id, created_at_ms, attempts`:
    /// [`Message::read`] reads them from column 3 on.
    pub carries: &'static str,
    /// The status of a row sent, and the column of when.
    pub done: &'static str,
    pub done_at: &'static str,
    /// Whether the row keeps the error it was given up with (column `error`).
    pub keeps_error: bool,
    /// Whether an attempt logs the receiver's HTTP status (column `response_status`).
    pub logs_response_status: bool,
}

/// What one outbox sends.
pub trait Message: Sized + Send + 'static {
    const OUTBOX: Outbox;
    /// The message from a claimed row's [`Outbox::carries`] (column 3 on).
    fn read(row: &Row) -> Result<Self>;
    /// Its row's key after the message id, in [`Outbox::key`]'s order.
    fn key(&self) -> Vec<&str> {
        Vec::new()
    }
    /// What else an attempt's outcome writes, in its transaction (after the row's update).
    fn recorded(_: &Tx<'_>, _: &Claimed<Self>, _: &Attempt, _: &Next) -> Result<()> {
        Ok(())
    }
}

/// A message claimed for one attempt.
#[derive(Clone, Debug)]
pub struct Claimed<M> {
    pub message_id: String,
    pub created_at_ms: i64,
    /// Attempts made before this one.
    pub attempts: u32,
    pub message: M,
}

/// How one attempt went.
pub struct Attempt {
    pub at_ms: i64,
    pub duration_ms: i64,
    /// The receiver's HTTP status, where it answers in HTTP.
    pub response_status: Option<u16>,
    /// Why it failed; `None` when it was taken.
    pub error: Option<String>,
}

/// What becomes of a row after an attempt.
pub enum Next {
    Done,
    RetryAt(i64),
    GiveUp,
}

impl Next {
    /// After failed attempt number `attempts` of a message made at `created_at_ms`: again
    /// after the backoff, or given up once that is later than `give_up_after`.
    pub fn after_failure(timing: &WebhookTiming, created_at_ms: i64, attempts: u32) -> Next {
        let retry_at = now_ms() + backoff(timing, attempts).as_millis() as i64;
        if retry_at - created_at_ms > timing.give_up_after.as_millis() as i64 {
            Next::GiveUp
        } else {
            Next::RetryAt(retry_at)
        }
    }
}

/// Claims up to `limit` due messages for `owner` until `now + lease_ms`, oldest first.
pub fn claim<M: Message>(
    tx: &Tx<'_>,
    owner: &str,
    now: i64,
    lease_ms: i64,
    limit: u32,
) -> Result<Vec<Claimed<M>>> {
    let outbox = &M::OUTBOX;
    let (table, key) = (outbox.table, outbox.key.join(", "));
    let sql = format!(
        "UPDATE {table} SET lease_owner = $1, lease_until_ms = $2 + $3
         WHERE ({key}) IN (
             SELECT {key} FROM {table}
             WHERE status = 'pending' AND next_attempt_at_ms <= $2
               AND (lease_until_ms IS NULL OR lease_until_ms <= $2)
             ORDER BY next_attempt_at_ms LIMIT $4{})
         RETURNING message_id, created_at_ms, attempts, {}",
        tx.for_update(true),
        outbox.carries
    );
    tx.query(&sql, &[&owner, &now, &lease_ms, &limit])?
        .iter()
        .map(|r| {
            Ok(Claimed {
                message_id: r.get(0)?,
                created_at_ms: r.get(1)?,
                attempts: r.get(2)?,
                message: M::read(r)?,
            })
        })
        .collect()
}

/// [`claim`] as of now, in a transaction of its own, from a sender's task.
pub async fn claim_due<M: Message>(
    db: &Db,
    owner: &str,
    lease_ms: i64,
    limit: u32,
) -> Result<Vec<Claimed<M>>> {
    let (owner, now) = (owner.to_string(), now_ms());
    db.run(move |conn| db::write(conn, |tx| claim(tx, &owner, now, lease_ms, limit)))
        .await
}

/// Records an attempt of a message `owner` holds and releases the claim. Returns false (and
/// records nothing) when the lease was lost to another sender meanwhile.
pub fn record<M: Message>(
    tx: &Tx<'_>,
    owner: &str,
    claimed: &Claimed<M>,
    attempt: &Attempt,
    next: &Next,
) -> Result<bool> {
    let outbox = &M::OUTBOX;
    let (status, next_at, done_at) = match next {
        Next::Done => (
            outbox.done,
            attempt.at_ms,
            Some(attempt.at_ms + attempt.duration_ms),
        ),
        Next::RetryAt(at) => ("pending", *at, None),
        Next::GiveUp => ("failed", attempt.at_ms, None),
    };
    let final_error = matches!(next, Next::GiveUp)
        .then(|| attempt.error.clone())
        .flatten();
    let mut key = vec![claimed.message_id.as_str()];
    key.extend(claimed.message.key());
    let mut params: Vec<&dyn Param> = vec![&owner, &status, &next_at, &done_at];
    let mut set = format!(
        "status = $2, attempts = attempts + 1, next_attempt_at_ms = $3, {} = $4,
         lease_owner = NULL, lease_until_ms = NULL",
        outbox.done_at
    );
    if outbox.keeps_error {
        params.push(&final_error);
        set.push_str(&format!(", error = ${}", params.len()));
    }
    let which = key_is(outbox, params.len() + 1);
    params.extend(key.iter().map(|k| k as &dyn Param));
    let sql = format!(
        "UPDATE {} SET {set} WHERE lease_owner = $1 AND status = 'pending' AND {which}",
        outbox.table
    );
    if tx.execute(&sql, &params)? == 0 {
        return Ok(false);
    }
    let number = claimed.attempts + 1;
    let mut columns = outbox.key.to_vec();
    let mut params: Vec<&dyn Param> = key.iter().map(|k| k as &dyn Param).collect();
    columns.extend(["attempt", "at_ms", "duration_ms", "error"]);
    params.extend([
        &number as &dyn Param,
        &attempt.at_ms,
        &attempt.duration_ms,
        &attempt.error,
    ]);
    if outbox.logs_response_status {
        columns.push("response_status");
        params.push(&attempt.response_status);
    }
    let placeholders: Vec<String> = (1..=params.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        outbox.attempts_table,
        columns.join(", "),
        placeholders.join(", ")
    );
    tx.execute(&sql, &params)?;
    M::recorded(tx, claimed, attempt, next)?;
    Ok(true)
}

/// [`record`] in a transaction of its own, from a sender's task.
pub async fn record_attempt<M: Message>(
    db: &Db,
    owner: &str,
    claimed: Claimed<M>,
    attempt: Attempt,
    next: Next,
) -> Result<bool> {
    let owner = owner.to_string();
    db.run(move |conn| db::write(conn, |tx| record(tx, &owner, &claimed, &attempt, &next)))
        .await
}

/// `key_1 = $first AND key_2 = $first+1 …`: the row named by its key's values.
fn key_is(outbox: &Outbox, first: usize) -> String {
    let columns = outbox.key.iter().enumerate();
    let terms: Vec<String> = columns
        .map(|(i, c)| format!("{c} = ${}", first + i))
        .collect();
    terms.join(" AND ")
}

/// An attempt as the merchant sees it.
#[derive(Serialize)]
pub struct AttemptView {
    pub attempt: u32,
    pub at_ms: i64,
    pub duration_ms: i64,
    /// Only where the outbox logs it (webhooks), and there `null` when no answer came.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_status: Option<Option<u16>>,
    pub error: Option<String>,
}

/// The attempts made at row `key` (values in [`Outbox::key`]'s order), first first.
pub fn attempts<M: Message>(tx: &Tx<'_>, key: &[&str]) -> Result<Vec<AttemptView>> {
    let outbox = &M::OUTBOX;
    let status = if outbox.logs_response_status {
        ", response_status"
    } else {
        ""
    };
    let sql = format!(
        "SELECT attempt, at_ms, duration_ms, error{status} FROM {} WHERE {} ORDER BY attempt",
        outbox.attempts_table,
        key_is(outbox, 1)
    );
    let params: Vec<&dyn Param> = key.iter().map(|k| k as &dyn Param).collect();
    tx.query(&sql, &params)?
        .iter()
        .map(|a| {
            Ok(AttemptView {
                attempt: a.get(0)?,
                at_ms: a.get(1)?,
                duration_ms: a.get(2)?,
                error: a.get(3)?,
                response_status: match outbox.logs_response_status {
                    true => Some(a.get(4)?),
                    false => None,
                },
            })
        })
        .collect()
}

/// The earliest time a pending message is due, if any (so the sender can sleep until then).
pub fn next_due<M: Message>(tx: &Tx<'_>) -> Result<Option<i64>> {
    let sql = format!(
        "SELECT min(CASE WHEN next_attempt_at_ms > coalesce(lease_until_ms, 0)
                    THEN next_attempt_at_ms ELSE coalesce(lease_until_ms, 0) END)
         FROM {} WHERE status = 'pending'",
        M::OUTBOX.table
    );
    tx.query_one(&sql, &[])?.get(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let timing = WebhookTiming {
            first_retry: Duration::from_secs(5),
            max_retry: Duration::from_secs(60),
            ..WebhookTiming::default()
        };
        let waits: Vec<u64> = (1..=6).map(|n| backoff(&timing, n).as_secs()).collect();
        assert_eq!(waits, [5, 10, 20, 40, 60, 60]);
        assert_eq!(backoff(&timing, 1000), Duration::from_secs(60));
    }
}
