//! The email sender: claims due emails from the outbox, writes each with the templates,
//! sends it over SMTP and records the attempt. A temporary failure (4xx, no connection) is
//! tried again with the webhooks' backoff until the email is `give_up_after` old; a
//! permanent one (5xx, a refused address, a template that cannot write it) is given up at
//! once with the reason. Woken after a commit that queued emails, otherwise every `poll`,
//! so what was queued before a crash goes out after the restart.

use super::outbox::{self, Attempt, Claimed, Next};
use super::smtp::{Outgoing, SendError, Smtp};
use super::templates::Templates;
use super::Store;
use crate::config::WebhookTiming;
use crate::db::{self, Db};
use crate::ids::random_id;
use crate::webhooks::deliver::backoff;
use crate::webhooks::outbox::now_ms;
use std::sync::Arc;
use std::time::{Duration, Instant};
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
            let (claim_owner, now) = (owner.clone(), now_ms());
            let claimed = self
                .db
                .run(move |conn| {
                    db::write(conn, |tx| {
                        outbox::claim(tx, &claim_owner, now, lease_ms, BATCH)
                    })
                })
                .await;
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
            let due = self.db.read(outbox::next_due).await.ok().flatten();
            let sleep = match due {
                Some(at) => {
                    Duration::from_millis((at - now_ms()).max(0) as u64).min(self.timing.poll)
                }
                None => self.timing.poll,
            };
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(sleep) => {}
            }
        }
    }

    async fn attempt(&self, owner: &str, claimed: Claimed) {
        let at_ms = now_ms();
        let started = Instant::now();
        let sent = match self.templates.render(&claimed.event, &self.store) {
            Err(why) => Err(SendError::Permanent(why)),
            Ok(mail) => {
                let outgoing = Outgoing {
                    to: &claimed.recipient,
                    message_id: &claimed.message_id,
                    mail: &mail,
                };
                self.smtp.send(&outgoing).await
            }
        };
        let duration_ms = started.elapsed().as_millis() as i64;
        let attempts = claimed.attempts + 1;
        let (next, error) = match sent {
            Ok(()) => (Next::Sent, None),
            Err(SendError::Permanent(why)) => (Next::GiveUp, Some(why)),
            Err(SendError::Temporary(why)) => {
                let retry_at = now_ms() + backoff(&self.timing, attempts).as_millis() as i64;
                let too_old =
                    retry_at - claimed.created_at_ms > self.timing.give_up_after.as_millis() as i64;
                (
                    if too_old {
                        Next::GiveUp
                    } else {
                        Next::RetryAt(retry_at)
                    },
                    Some(why),
                )
            }
        };
        let (id, kind) = (&claimed.message_id, claimed.event.kind.as_str());
        match (&next, &error) {
            (Next::Sent, _) => tracing::info!(message_id = %id, kind, attempts, "email sent"),
            (Next::GiveUp, Some(e)) => {
                tracing::error!(message_id = %id, kind, attempts, error = %e, "email given up")
            }
            (_, e) => tracing::warn!(message_id = %id, kind, attempts,
                error = e.as_deref().unwrap_or(""), "email attempt failed; will retry"),
        }
        let attempt = Attempt {
            at_ms,
            duration_ms,
            error,
        };
        let owner = owner.to_string();
        let recorded = self
            .db
            .run(move |conn| {
                db::write(conn, |tx| {
                    outbox::record(tx, &owner, &claimed, &attempt, &next)
                })
            })
            .await;
        match recorded {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                "email lease lost before the attempt was recorded; another sender owns it"
            ),
            Err(e) => tracing::error!(error = %e, "email outbox: cannot record an attempt"),
        }
    }
}
