//! The email sender: claims due emails from the outbox, writes each with the templates,
//! sends it over SMTP and records the attempt. A temporary failure (4xx, no connection) is
//! tried again with the webhooks' backoff until the email is `give_up_after` old; a
//! permanent one (5xx, a refused address, a template that cannot write it) is given up at
//! once with the reason. Woken after a commit that queued emails, otherwise every `poll`,
//! so what was queued before a crash goes out after the restart.

use super::outbox::Email;
use super::smtp::{Outgoing, SendError, Smtp};
use super::templates::Templates;
use super::Store;
use crate::config::WebhookTiming;
use crate::db::Db;
use crate::ids::random_id;
use crate::outbox::{self, now_ms, sleep_until, Attempt, Claimed, Next};
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Notify;

/// Emails claimed per round.
const BATCH: u32 = 16;

pub struct Sender {
    pub db: Db,
    pub smtp: Smtp,
    pub templates: Arc<Templates>,
    pub store: Store,
    pub timing: WebhookTiming,
    pub wake: Arc<Notify>,
}

impl Sender {
    /// Runs forever; the server aborts the task on shutdown (an attempt cut short is made
    /// again once its lease runs out: at least once, with the same Message-ID).
    pub async fn run(self) {
        let owner = random_id("mailer_", 8);
        let lease_ms = self.timing.timeout.as_millis() as i64 * 3 + 5_000;
        loop {
            let claimed = outbox::claim_due::<Email>(&self.db, &owner, lease_ms, BATCH).await;
            match claimed {
                Ok(batch) if !batch.is_empty() => {
                    for email in batch {
                        self.attempt(&owner, email).await;
                    }
                    continue; // more may be due
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "email outbox: cannot claim emails"),
            }
            let due = self.db.read(outbox::next_due::<Email>).await.ok().flatten();
            let sleep = sleep_until(due, self.timing.poll);
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(sleep) => {}
            }
        }
    }

    async fn attempt(&self, owner: &str, claimed: Claimed<Email>) {
        let at_ms = now_ms();
        let started = Instant::now();
        let sent = match self.templates.render(&claimed.message.event, &self.store) {
            Err(why) => Err(SendError::Permanent(why)),
            Ok(mail) => {
                let outgoing = Outgoing {
                    to: &claimed.message.recipient,
                    message_id: &claimed.message_id,
                    mail: &mail,
                };
                self.smtp.send(&outgoing).await
            }
        };
        let duration_ms = started.elapsed().as_millis() as i64;
        let attempts = claimed.attempts + 1;
        let (next, error) = match sent {
            Ok(()) => (Next::Done, None),
            Err(SendError::Permanent(why)) => (Next::GiveUp, Some(why)),
            Err(SendError::Temporary(why)) => (
                Next::after_failure(&self.timing, claimed.created_at_ms, attempts),
                Some(why),
            ),
        };
        let (id, kind) = (&claimed.message_id, claimed.message.event.kind.as_str());
        match (&next, &error) {
            (Next::Done, _) => tracing::info!(message_id = %id, kind, attempts, "email sent"),
            (Next::GiveUp, Some(e)) => {
                tracing::error!(message_id = %id, kind, attempts, error = %e, "email given up")
            }
            (_, e) => tracing::warn!(message_id = %id, kind, attempts,
                error = e.as_deref().unwrap_or(""), "email attempt failed; will retry"),
        }
        let attempt = Attempt {
            at_ms,
            duration_ms,
            response_status: None,
            error,
        };
        let recorded = outbox::record_attempt(&self.db, owner, claimed, attempt, next).await;
        match recorded {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                "email lease lost before the attempt was recorded; another sender owns it"
            ),
            Err(e) => tracing::error!(error = %e, "email outbox: cannot record an attempt"),
        }
    }
}
