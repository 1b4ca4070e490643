//! The two writes of the API, each run inside one `BEGIN IMMEDIATE` transaction: a shopper's
//! cancellation (re-checked against the policy on the stored order) and the merchant's
//! answer to a request. Any `Err` rolls the transaction back, so a refused request changes
//! nothing.

use crate::db::{self, Conn, Save, StoredOrder, StoredResponse};
use crate::deadlines;
use crate::ids::{hex, random_id};
use crate::notify::{Notifier, Requester};
use crate::problem::{Code, Problem};
use crate::refunds;
use crate::respond::etag;
use crate::webhooks::DecidedBy;
use cancel_policy::apply::{self, DecisionError};
use cancel_policy::{
    eligibility, plan, Cancellation, CancellationRequest, CancelledLine, Order, Policy, Refusal,
    Timestamp,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// An `If-Match` header: the order versions the client's view was based on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Precondition {
    /// `If-Match: *`: any current version.
    Any,
    Versions(Vec<u64>),
}

impl Precondition {
    /// Parses `"3"`, `"3", "4"` or `*`. Weak tags (`W/"3"`) never match a strong
    /// comparison, so they are refused rather than silently failing. A tag of digits too
    /// large for a version is well formed and matches no order: stale (412), not invalid.
    pub fn parse(header: &str) -> Option<Precondition> {
        if header.trim() == "*" {
            return Some(Precondition::Any);
        }
        header
            .split(',')
            .map(|tag| {
                let digits = tag.trim().strip_prefix('"')?.strip_suffix('"')?;
                let well_formed = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
                well_formed.then(|| digits.parse::<u64>().ok())
            })
            .collect::<Option<Vec<Option<u64>>>>()
            .map(|tags| Precondition::Versions(tags.into_iter().flatten().collect()))
    }

    pub fn matches(&self, version: u64) -> bool {
        match self {
            Precondition::Any => true,
            Precondition::Versions(versions) => versions.contains(&version),
        }
    }
}

/// A shopper's `POST /v1/orders/{id}/cancellations`, headers already checked.
pub struct NewCancellation {
    pub shopper_id: String,
    pub order_id: String,
    pub idempotency_key: String,
    pub precondition: Precondition,
    /// `Expect-Outcome: cancel_now`: refuse rather than create a seller request.
    pub cancel_now_only: bool,
    pub request: CancellationRequest,
    pub now: Timestamp,
    /// The `email` claim of the shopper's JWT: where the emails go when the order has no
    /// address of its own. Not part of the request for idempotency.
    pub email: Option<String>,
    /// `Accept-Language`: the emails' language. Not part of the request for idempotency.
    pub accept_language: Option<String>,
}

impl NewCancellation {
    /// Identifies the request for idempotency: the target and the body re-serialised from
    /// its parsed form, so whitespace or key order do not make two identical requests differ.
    pub fn request_hash(&self) -> String {
        let canonical = serde_json::to_vec(&self.request).expect("requests serialise");
        let mut hasher = Sha256::new();
        hasher.update(self.order_id.as_bytes());
        hasher.update(b"\n");
        hasher.update(&canonical);
        // Part of the request: a retry without it must not replay a request it would refuse.
        // Hashed only when present, so the keys stored before it existed still match.
        if self.cancel_now_only {
            hasher.update(b"\nexpect-outcome: cancel_now");
        }
        hex(&hasher.finalize())
    }
}

/// What to answer.
pub enum Answer {
    Created {
        body: String,
        version: u64,
    },
    /// The stored first answer under this idempotency key.
    Replayed {
        status: u16,
        body: String,
    },
}

#[derive(Serialize)]
struct Created<'a> {
    cancellations: &'a [Cancellation],
    order: &'a Order,
}

/// Creates the cancellation; with `webhooks` (the endpoints) each new cancellation's event
/// goes into the outbox in the same transaction.
pub fn create(
    conn: &mut Conn<'_>,
    policy: &Policy,
    notifier: &Notifier,
    new: &NewCancellation,
) -> Result<Answer, Problem> {
    let hash = new.request_hash();
    db::write(conn, |tx| {
        // First the key's row: a concurrent request under the same key, on any instance,
        // waits for it, then replays what this one stores (or goes ahead if this one fails).
        let claimed = db::claim_idempotency(
            tx,
            &new.shopper_id,
            &new.idempotency_key,
            &hash,
            new.now.unix(),
        )?;
        if let Some(first) = claimed {
            return if first.request_hash == hash {
                Ok(Answer::Replayed {
                    status: first.status_code,
                    body: first.body,
                })
            } else {
                Err(Problem::new(
                    Code::IdempotencyKeyReused,
                    "This Idempotency-Key was used for a different request; use a new key for a new request.",
                ))
            };
        }
        let mut order = db::find_shoppers_order(tx, &new.shopper_id, &new.order_id)?
            .ok_or_else(|| Problem::not_found("Order"))?;
        if !new.precondition.matches(order.version) {
            return Err(Problem::new(
                Code::StaleVersion,
                format!(
                    "The order is at version {} now; review it and send If-Match: {}.",
                    order.version,
                    etag(order.version)
                ),
            )
            .with("order", &order));
        }
        // The authoritative check: the policy, on the stored order, at the server's time.
        let planned = plan(&order, policy, &new.request, new.now)
            .map_err(|refusals| refused(&order, refusals))?;
        if new.cancel_now_only && !planned.request.is_empty() {
            return Err(would_request(&order, policy, &planned.request, new.now));
        }
        let reason = new
            .request
            .reason_code
            .as_deref()
            .filter(|r| !r.is_empty())
            .unwrap_or("unspecified");
        let mut applied = apply::apply_plan(
            &mut order,
            &planned,
            reason,
            new.request.comment.as_deref(),
            new.now,
            || random_id("c_", 8),
        );
        deadlines::stamp(&mut order, &mut applied.cancellations, policy, new.now);
        let refunds = refunds::open(
            &mut order,
            &applied.cancellations,
            &policy.refund_times,
            new.now,
        );
        db::save_order(tx, &new.shopper_id, &order, Save::Existing)?;
        let requester = Requester {
            email: new.email.as_deref(),
            accept_language: new.accept_language.as_deref(),
        };
        notifier.cancelled(
            tx,
            &order,
            &new.shopper_id,
            &applied.cancellations,
            &refunds,
            &requester,
            policy,
            new.now,
        )?;
        let body = serde_json::to_string(&Created {
            cancellations: &applied.cancellations,
            order: &order,
        })
        .expect("responses serialise");
        // Stored in the same transaction as the change: a retry either finds both or neither.
        let stored = StoredResponse {
            request_hash: hash.clone(),
            status_code: 201,
            body,
        };
        db::store_idempotent(tx, &new.shopper_id, &new.idempotency_key, &stored)?;
        Ok(Answer::Created {
            body: stored.body,
            version: order.version,
        })
    })
}

/// Refusals as a problem: an item that is no longer cancellable means the order moved on
/// since the shopper looked (409 with the current order); anything else is a bad request.
fn refused(order: &Order, refusals: Vec<Refusal>) -> Problem {
    let moved_on = refusals
        .iter()
        .any(|r| matches!(r, Refusal::NotCancellable { .. }));
    let problem = if moved_on {
        Problem::new(
            Code::StateChanged,
            "Some selected items can no longer be cancelled this way; see refusals and the current order.",
        )
        .with("order", order)
    } else {
        Problem::invalid("The cancellation request does not satisfy the policy; see refusals.")
    };
    problem.with("refusals", &refusals)
}

/// Lines the shopper meant to cancel at once that would now be requests: a 409 like an item
/// that moved on, each line refused with its current eligibility (`request_cancellation`).
fn would_request(
    order: &Order,
    policy: &Policy,
    lines: &[CancelledLine],
    now: Timestamp,
) -> Problem {
    let refusals: Vec<Refusal> = lines
        .iter()
        .filter_map(|line| order.item(&line.item_id))
        .map(|item| Refusal::NotCancellable {
            item_id: item.id.clone(),
            eligibility: eligibility(order, item, policy, now),
        })
        .collect();
    Problem::new(
        Code::StateChanged,
        "Some selected items would now be requests to the seller; see refusals.",
    )
    .with("order", order)
    .with("refusals", &refusals)
}

#[derive(Serialize)]
struct Decided<'a> {
    cancellation: &'a Cancellation,
    order: &'a Order,
}

/// The merchant approves or denies a pending request. Returns the response body and the
/// order's new version.
pub fn decide(
    conn: &mut Conn<'_>,
    notifier: &Notifier,
    policy: &Policy,
    order_id: &str,
    cancellation_id: &str,
    approve: bool,
    now: Timestamp,
) -> Result<(String, u64), Problem> {
    db::write(conn, |tx| {
        let StoredOrder {
            shopper_id,
            mut order,
        } = db::find_order(tx, order_id)?.ok_or_else(|| Problem::not_found("Order"))?;
        let decided = match apply::decide(&mut order, cancellation_id, approve, now) {
            Ok(decided) => decided,
            Err(DecisionError::UnknownCancellation) => {
                return Err(Problem::not_found("Cancellation"))
            }
            Err(DecisionError::NotPending) => {
                let current = order.cancellations.iter().find(|c| c.id == cancellation_id);
                return Err(Problem::new(
                    Code::NotPending,
                    "This cancellation request was already decided.",
                )
                .with("cancellation", current)
                .with("order", &order));
            }
        };
        let refunds = refunds::open(
            &mut order,
            std::slice::from_ref(&decided),
            &policy.refund_times,
            now,
        );
        db::save_order(tx, &shopper_id, &order, Save::Existing)?;
        notifier.decided(
            tx,
            &order,
            &shopper_id,
            &decided,
            DecidedBy::Merchant,
            &refunds,
            now,
        )?;
        let body = serde_json::to_string(&Decided {
            cancellation: &decided,
            order: &order,
        })
        .expect("responses serialise");
        Ok((body, order.version))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_forms() {
        assert_eq!(
            Precondition::parse("\"3\""),
            Some(Precondition::Versions(vec![3]))
        );
        assert_eq!(
            Precondition::parse(" \"3\" , \"4\""),
            Some(Precondition::Versions(vec![3, 4]))
        );
        assert_eq!(Precondition::parse("*"), Some(Precondition::Any));
        for bad in [
            "3", "W/\"3\"", "\"x\"", "", "\"3", "\"-1\"", "\"+3\"", "\"\"", "\"3\",",
        ] {
            assert_eq!(Precondition::parse(bad), None, "{bad}");
        }
        // Well formed, but no version is that large: it matches nothing (412, not 400).
        let huge = Precondition::parse("\"99999999999999999999999\"").unwrap();
        assert!(!huge.matches(u64::MAX));
        assert_eq!(
            Precondition::parse("\"99999999999999999999999\", \"4\""),
            Some(Precondition::Versions(vec![4]))
        );
        assert!(Precondition::Versions(vec![3, 4]).matches(4));
        assert!(!Precondition::Versions(vec![3]).matches(4));
        assert!(Precondition::Any.matches(9));
    }
}
