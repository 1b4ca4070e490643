//! The background deliverer: claims due deliveries from the outbox, sends them, records
//! the outcome and schedules retries with capped exponential backoff until the event is
//! `give_up_after` old. Woken at once after a new event is committed, and otherwise every
//! `poll`, so deliveries carry on after a restart without any trigger.

use super::outbox::{Claimed, Delivery};
use super::Secret;
use crate::config::WebhookTiming;
use crate::db::{self, Db};
use crate::ids::random_id;
use crate::outbox::{self, now_ms, sleep_until, Attempt, Next};
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Notify;

/// Deliveries claimed per round.
const BATCH: u32 = 32;

pub struct Deliverer {
    db: Db,
    secret: Secret,
    timing: WebhookTiming,
    client: reqwest::Client,
    /// This process's claim name: unique per run, so a restarted server never mistakes a
    /// dead run's lease for its own.
    owner: String,
    wake: Arc<Notify>,
}

impl Deliverer {
    pub fn new(db: Db, secret: Secret, timing: WebhookTiming, wake: Arc<Notify>) -> Deliverer {
        let client = reqwest::Client::builder()
            .timeout(timing.timeout)
            .user_agent(concat!("order-cancel-server/", env!("CARGO_PKG_VERSION")))
            // A webhook endpoint answers; it does not send the event elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("the HTTP client builds");
        Deliverer {
            db,
            secret,
            timing,
            client,
            owner: random_id("deliverer_", 8),
            wake,
        }
    }

    /// Runs forever; the server aborts the task on shutdown (an attempt cut short is sent
    /// again after its lease runs out: at least once).
    pub async fn run(self) {
        let lease_ms = (self.timing.timeout.as_millis() as i64) * 2 + 5_000;
        let mut health = db::JobHealth::new("webhook deliverer");
        loop {
            let claimed = outbox::claim_due::<Delivery>(&self.db, &self.owner, lease_ms, BATCH);
            let claimed = claimed.await;
            health.after(&claimed);
            match claimed {
                Ok(batch) if !batch.is_empty() => {
                    let sends = batch.into_iter().map(|c| self.attempt(c));
                    futures_util::future::join_all(sends).await;
                    continue; // more may be due
                }
                _ => {}
            }
            let due = self
                .db
                .read(outbox::next_due::<Delivery>)
                .await
                .ok()
                .flatten();
            let sleep = sleep_until(due, self.timing.poll);
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(sleep) => {}
            }
        }
    }

    async fn attempt(&self, claimed: Claimed) {
        let at_ms = now_ms();
        let timestamp = at_ms / 1000;
        let signature = self
            .secret
            .sign(&claimed.message_id, timestamp, &claimed.message.payload);
        let started = Instant::now();
        let sent = self
            .client
            .post(&claimed.message.endpoint)
            .header("content-type", "application/json")
            .header("webhook-id", &claimed.message_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(claimed.message.payload.clone())
            .send()
            .await;
        let duration_ms = started.elapsed().as_millis() as i64;
        let (response_status, error) = match &sent {
            Ok(response) if response.status().is_success() => {
                (Some(response.status().as_u16()), None)
            }
            Ok(response) => (
                Some(response.status().as_u16()),
                Some(format!("HTTP {}", response.status())),
            ),
            Err(e) if e.is_timeout() => (
                None,
                Some(format!("no answer within {:?}", self.timing.timeout)),
            ),
            Err(e) => (None, Some(error_chain(e))),
        };
        let attempts = claimed.attempts + 1;
        let next = if error.is_none() {
            Next::Done
        } else {
            Next::after_failure(&self.timing, claimed.created_at_ms, attempts)
        };
        match (&next, &error) {
            (Next::Done, _) => {
                tracing::info!(webhook_id = %claimed.message_id, endpoint = %claimed.message.endpoint, attempts, "webhook delivered")
            }
            (Next::GiveUp, Some(e)) => {
                tracing::error!(webhook_id = %claimed.message_id, endpoint = %claimed.message.endpoint, attempts, error = %e, "webhook given up")
            }
            (_, e) => {
                tracing::warn!(webhook_id = %claimed.message_id, endpoint = %claimed.message.endpoint, attempts,
                error = e.as_deref().unwrap_or(""), "webhook attempt failed; will retry")
            }
        }
        let attempt = Attempt {
            at_ms,
            duration_ms,
            response_status,
            error,
        };
        let recorded = outbox::record_attempt(&self.db, &self.owner, claimed, attempt, next).await;
        match recorded {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                "webhook lease lost before the attempt was recorded; another deliverer owns it"
            ),
            // Sent again once its lease runs out (at least once); an outage is logged by the
            // loop's health, not per attempt.
            Err(e) if e.is_unavailable() => {}
            Err(e) => tracing::error!(error = %e, "webhook outbox: cannot record an attempt"),
        }
    }
}

/// The error and its causes on one line (reqwest's own message hides "connection refused").
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
