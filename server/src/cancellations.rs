//! The two writes of the API, each run inside one `BEGIN IMMEDIATE` transaction: a shopper's
//! cancellation (re-checked against the policy on the stored order) and the merchant's
//! answer to a request. Any `Err` rolls the transaction back, so a refused request changes
//! nothing.

use crate::db::{self, Conn, Save, StoredOrder};
use crate::deadlines;
use crate::ids::random_id;
use crate::notify::Notifier;
use crate::problem::{Code, Problem};
use crate::refunds;
use crate::shopper_write::{self, request_hash, Answer, ShopperWrite};
use crate::webhooks::DecidedBy;
use cancel_policy::apply::{self, DecisionError};
use cancel_policy::{
    eligibility, plan, Cancellation, CancellationRequest, CancelledLine, Order, Policy, Refusal,
    Timestamp,
};
use serde::Serialize;

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

/// The body of a shopper's `POST /v1/orders/{id}/cancellations` and what its headers add
/// to it (the rest of the headers are the [`ShopperWrite`]).
pub struct NewCancellation {
    /// `Expect-Outcome: cancel_now`: refuse rather than create a seller request.
    pub cancel_now_only: bool,
    pub request: CancellationRequest,
}

impl NewCancellation {
    /// Identifies the request for idempotency: the target and the body re-serialised from
    /// its parsed form, so whitespace or key order do not make two identical requests differ.
    pub fn request_hash(&self, order_id: &str) -> String {
        let canonical = serde_json::to_vec(&self.request).expect("requests serialise");
        // Part of the request: a retry without it must not replay a request it would refuse.
        // Hashed only when present, so the keys stored before it existed still match.
        let expect: &[u8] = b"expect-outcome: cancel_now";
        let parts: &[&[u8]] = if self.cancel_now_only {
            &[&canonical, expect]
        } else {
            &[&canonical]
        };
        request_hash(order_id, parts)
    }
}

#[derive(Serialize)]
struct Created<'a> {
    cancellations: &'a [Cancellation],
    order: &'a Order,
}

/// Creates the cancellation; its events go into the outboxes in the same transaction.
pub fn create(
    conn: &mut Conn<'_>,
    policy: &Policy,
    notifier: &Notifier,
    w: &ShopperWrite,
    new: &NewCancellation,
) -> Result<Answer, Problem> {
    shopper_write::write(conn, w, &new.request_hash(&w.order_id), |tx, order| {
        // The authoritative check: the policy, on the stored order, at the server's time.
        let planned = plan(order, policy, &new.request, w.now)
            .map_err(|refusals| {
                refused(
                    order,
                    refusals,
                    "Some selected items can no longer be cancelled this way; see refusals and the current order.",
                    "The cancellation request does not satisfy the policy; see refusals.",
                )
            })?;
        if new.cancel_now_only && !planned.request.is_empty() {
            return Err(would_request(order, policy, &planned.request, w.now));
        }
        let reason = reason_or_unspecified(new.request.reason_code.as_deref());
        let mut applied = apply::apply_plan(
            order,
            &planned,
            reason,
            new.request.comment.as_deref(),
            w.now,
            || random_id("c_", 8),
        );
        deadlines::stamp(order, &mut applied.cancellations, policy, w.now);
        let refunds = refunds::open(order, &applied.cancellations, &policy.refund_times, w.now);
        db::save_order(tx, &w.shopper_id, order, Save::Existing)?;
        notifier.cancelled(
            tx,
            order,
            &w.shopper_id,
            &applied.cancellations,
            &refunds,
            &w.requester(),
            policy,
            w.now,
        )?;
        Ok(serde_json::to_string(&Created {
            cancellations: &applied.cancellations,
            order,
        })
        .expect("responses serialise"))
    })
}

/// The reason code to record: the shopper's, or `unspecified` when the policy let them
/// give none.
pub fn reason_or_unspecified(code: Option<&str>) -> &str {
    code.filter(|r| !r.is_empty()).unwrap_or("unspecified")
}

/// Refusals as a problem: an item that can no longer be cancelled (or asked about) this way
/// means the order moved on since the shopper looked (409 with the current order, and
/// `moved_on` as the detail); anything else is a bad request (`invalid`).
pub fn refused(order: &Order, refusals: Vec<Refusal>, moved_on: &str, invalid: &str) -> Problem {
    let state_changed = refusals.iter().any(|r| {
        matches!(
            r,
            Refusal::NotCancellable { .. } | Refusal::ParcelRequestNotOffered { .. }
        )
    });
    let problem = if state_changed {
        Problem::new(Code::StateChanged, moved_on).with("order", order)
    } else {
        Problem::invalid(invalid)
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
