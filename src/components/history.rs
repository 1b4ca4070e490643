//! The order's past cancellations, requests and parcel requests, newest first, each with its
//! refund's progress.

use super::parcels::parcel_entry;
use super::refunds::refund_for;
use super::shared::reason_text;
use crate::describe;
use crate::dom::{br, h3, li, section, span, strong, ul, El};
use crate::env::Env;
use crate::format;
use cancel_policy::{Cancellation, CancellationStatus, Order, Policy, Timestamp};
use web_sys::Node;

/// The order's history section, if it has any cancellations or parcel requests.
pub fn history(env: Env, order: &Order) -> Option<El> {
    let policy = env.policy.get_untracked();
    let reason = |code: &str| reason_label(env, policy.as_ref(), code);
    let by_parcel = |c: &Cancellation| {
        (order.parcel_requests.iter()).any(|r| r.cancellation_id.as_ref() == Some(&c.id))
    };
    let (cancellations, requests) = (&order.cancellations, &order.parcel_requests);
    // Both lists are in the order they were recorded: merged oldest first (of two asked at
    // the same time, the later recorded last), then turned newest first. No sort: its
    // generic code weighs more than this loop.
    let (mut c, mut r) = (0, 0);
    let mut entries: Vec<Node> = Vec::new();
    while c < cancellations.len() || r < requests.len() {
        let parcel_next = match (cancellations.get(c), requests.get(r)) {
            (Some(cancelled), Some(asked)) => asked.created_at < cancelled.created_at,
            (cancelled, _) => cancelled.is_none(),
        };
        if parcel_next {
            let asked = &requests[r];
            r += 1;
            entries.push(parcel_entry(env, order, asked, reason(&asked.reason_code)).into());
        } else {
            let cancelled = &cancellations[c];
            c += 1;
            // A returned parcel's units are cancelled by a cancellation of its own: its
            // parcel request's entry tells that story, refund included.
            if !by_parcel(cancelled) {
                // A decided request is dated when it was decided: when its items changed.
                let when = cancelled.decided_at.unwrap_or(cancelled.created_at);
                let reason = reason(&cancelled.reason_code);
                entries.push(cancellation_entry(env, order, cancelled, when, reason));
            }
        }
    }
    if entries.is_empty() {
        return None;
    }
    entries.reverse();
    Some(
        section("oc-history")
            .child(h3("").text(&env.t("history.title")))
            .child(ul("").children(entries)),
    )
}

/// A reason as the dialog showed it (the merchant's own label, or the catalogs'); no reason
/// given (e.g. Amazon asks but does not require one), or one the policy no longer offers and
/// no catalog knows: `None`, and the history says nothing.
fn reason_label(env: Env, policy: Option<&Policy>, code: &str) -> Option<String> {
    match policy.and_then(|p| p.reason(code)) {
        Some(r) => Some(reason_text(env, r)),
        None => env.locale.label(&format!("reason.{code}")),
    }
}

/// One cancellation or request, dated `when`.
fn cancellation_entry(
    env: Env,
    order: &Order,
    c: &Cancellation,
    when: Timestamp,
    reason: Option<String>,
) -> Node {
    let lines: Vec<String> = c.items.iter().map(|l| describe::line(order, l)).collect();
    let what = crate::text::join(&lines, ", ");
    let status = env.t(match c.status {
        CancellationStatus::Completed => "history.completed",
        CancellationStatus::Requested => "history.requested",
        CancellationStatus::Approved => "history.approved",
        CancellationStatus::Denied => "history.denied",
    });
    // A refund on its way says where it stands; else the amount, if any. A request's refund
    // comes only if the seller approves: it says so.
    let progress = refund_for(env, order, &c.id);
    let refund = (progress.is_none()
        && c.refund.amount > 0
        && c.status != CancellationStatus::Denied)
        .then(|| {
            let amount = format::money(env.locale, &c.refund);
            span("").text(&match c.status {
                CancellationStatus::Requested => {
                    env.tf("history.if_approved", &[("amount", &amount)])
                }
                _ => amount,
            })
        });
    entry(env, &status, Some(when), &what, reason)
        .text(if refund.is_some() { " · " } else { "" })
        .maybe(refund)
        .maybe(progress)
        .into()
}

/// An entry: what happened (`status`) and when (`None` where `status` names its day), then
/// on a line of its own what it was about and why; the caller adds what followed.
pub(super) fn entry(
    env: Env,
    status: &str,
    when: Option<Timestamp>,
    what: &str,
    reason: Option<String>,
) -> El {
    let when = when.map(|w| format!(" · {}", format::date_and_time(env.locale, w)));
    li("oc-history__entry")
        .child(strong("").text(status))
        .text(&when.unwrap_or_default())
        .child(br(""))
        .text(what)
        .text(&reason.map(|r| format!(" · {r}")).unwrap_or_default())
}
