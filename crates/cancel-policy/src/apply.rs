//! Applying a validated [`Plan`] and the seller's answers to an order. The server calls
//! these inside the transaction that stores the order; tests call them to check invariants.

use crate::refund::{quote, released_shipping};
use crate::{Cancellation, CancellationStatus, CancelledLine, ItemState, Order, Plan, Timestamp};

/// What changed: the cancellations to record (a completed one and/or a request).
pub struct Applied {
    /// As appended to [`Order::cancellations`]: the completed one first, then the request.
    pub cancellations: Vec<Cancellation>,
}

/// Applies `plan` to `order`: cancels the `cancel_now` lines (adding their refund, shipping
/// included, to [`Order::refunded`]), puts the `request` lines in a pending request, records
/// both in the order's history and bumps [`Order::version`].
///
/// `plan` must come from [`crate::plan`] on this same order version: it is not checked again.
/// `reason_code` and `comment` are recorded as given (the comment trimmed, dropped if
/// empty); `new_id` names each new cancellation.
pub fn apply_plan(
    order: &mut Order,
    plan: &Plan,
    reason_code: &str,
    comment: Option<&str>,
    now: Timestamp,
    mut new_id: impl FnMut() -> String,
) -> Applied {
    let mut cancellations = Vec::new();
    let comment = comment
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    if !plan.cancel_now.is_empty() {
        let refund = plan.refund_now.total.clone();
        cancel_lines(order, &plan.cancel_now, refund.amount, now);
        cancellations.push(Cancellation {
            id: new_id(),
            status: CancellationStatus::Completed,
            items: plan.cancel_now.clone(),
            reason_code: reason_code.to_string(),
            comment: comment.clone(),
            refund,
            refund_destination: plan.refund_now.destination,
            created_at: now,
            decided_at: Some(now),
            respond_by: None,
            if_unanswered: None,
        });
    }
    if !plan.request.is_empty() {
        for line in &plan.request {
            if let Some(item) = order.item_mut(&line.item_id) {
                item.requested_quantity += line.quantity;
                if item.open_quantity() == 0 {
                    item.state_before_request = Some(item.state);
                    item.state = ItemState::CancellationRequested;
                    item.state_changed_at = now;
                }
            }
        }
        cancellations.push(Cancellation {
            id: new_id(),
            status: CancellationStatus::Requested,
            items: plan.request.clone(),
            reason_code: reason_code.to_string(),
            comment,
            refund: plan.refund_if_approved.total.clone(),
            refund_destination: plan.refund_if_approved.destination,
            created_at: now,
            decided_at: None,
            respond_by: None,
            if_unanswered: None,
        });
    }
    order.cancellations.extend(cancellations.iter().cloned());
    order.version += 1;
    Applied { cancellations }
}

/// Cancels `lines` at `now`: their units, the shipping they release, and `refund` on the
/// books. An item whose last unit goes is stamped `now`, so "cancelled since" is when it was.
pub(crate) fn cancel_lines(
    order: &mut Order,
    lines: &[CancelledLine],
    refund: i64,
    now: Timestamp,
) {
    let released: Vec<String> = released_shipping(order, lines)
        .into_iter()
        .map(|c| c.seller_id.clone())
        .collect();
    for charge in order
        .shipping
        .iter_mut()
        .filter(|c| released.contains(&c.seller_id))
    {
        charge.refunded = true;
    }
    for line in lines {
        if let Some(item) = order.item_mut(&line.item_id) {
            item.cancelled_quantity += line.quantity;
            if item.cancelled_quantity >= item.quantity {
                item.state = ItemState::Cancelled;
                item.state_before_request = None;
                item.state_changed_at = now;
            }
        }
    }
    order.refunded += refund;
}

/// Why the seller's answer cannot be applied.
#[derive(Debug, PartialEq, Eq)]
pub enum DecisionError {
    /// The order has no cancellation with that id.
    UnknownCancellation,
    /// The cancellation is not a pending request (completed, or already decided).
    NotPending,
}

/// The seller approves (`true`) or denies a pending request. On approval the refund is
/// quoted afresh, since other cancellations may have changed the shipping share.
pub fn decide(
    order: &mut Order,
    cancellation_id: &str,
    approve: bool,
    now: Timestamp,
) -> Result<Cancellation, DecisionError> {
    let index = order
        .cancellations
        .iter()
        .position(|c| c.id == cancellation_id)
        .ok_or(DecisionError::UnknownCancellation)?;
    if order.cancellations[index].status != CancellationStatus::Requested {
        return Err(DecisionError::NotPending);
    }
    let request = order.cancellations[index].clone();
    // Give the units back to "open" first; approval then cancels them like a cancel-now.
    for line in &request.items {
        if let Some(item) = order.item_mut(&line.item_id) {
            item.requested_quantity = item.requested_quantity.saturating_sub(line.quantity);
            if item.state == ItemState::CancellationRequested {
                item.state = item.state_before_request.take().unwrap_or(ItemState::Paid);
                item.state_changed_at = now;
            }
        }
    }
    let mut decided = request;
    decided.decided_at = Some(now);
    if approve {
        let refund = quote(order, &decided.items, decided.refund_destination).total;
        cancel_lines(order, &decided.items, refund.amount, now);
        decided.refund = refund;
        decided.status = CancellationStatus::Approved;
    } else {
        decided.status = CancellationStatus::Denied;
        decided.refund.amount = 0;
    }
    order.cancellations[index] = decided.clone();
    order.version += 1;
    Ok(decided)
}
