//! Validating a cancellation request against an order and a policy, and splitting it into
//! what is cancelled now and what becomes a request to the seller.

use crate::refund::{destination_of, quote, RefundQuote};
use crate::{
    eligibility, CancelledLine, Eligibility, Order, Outcome, ParcelRequest, Policy,
    RefundDestination, Timestamp,
};
use serde::{Deserialize, Serialize};

/// The body of `POST /v1/orders/{id}/cancellations`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancellationRequest {
    /// The lines and how many units of each; every open unit of a line unless the policy
    /// allows part of a quantity.
    pub items: Vec<CancelledLine>,
    /// One of the policy's [`crate::Reason::code`]s; `None` or `""` for no reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// The shopper's own words; checked after trimming.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Where the refund goes; `None` for the policy's first destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_destination: Option<RefundDestination>,
}

/// Why a request cannot go through; each names what to fix.
///
/// In JSON the variant is the `code` member and its fields sit beside it:
/// `{"code": "quantity_exceeds_open", "item_id": "a", "requested": 2, "open": 1}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Refusal {
    /// The request names no line.
    EmptySelection,
    /// No line of the order has this id.
    UnknownItem {
        /// The id the request gave.
        item_id: String,
    },
    /// The line appears more than once in the request; only its first entry is checked.
    DuplicateItem {
        /// The repeated line.
        item_id: String,
    },
    /// The request asks for 0 units of a line.
    ZeroQuantity {
        /// The line at fault.
        item_id: String,
    },
    /// The request asks for more units than are open.
    QuantityExceedsOpen {
        /// The line at fault.
        item_id: String,
        /// Units the request asks for.
        requested: u32,
        /// Units neither cancelled nor in a request.
        open: u32,
    },
    /// The request asks for part of a line's open units, and the policy cancels whole lines only.
    PartialQuantityNotAllowed {
        /// The line at fault.
        item_id: String,
        /// Units the request asks for.
        requested: u32,
        /// Units neither cancelled nor in a request: what the request must ask for.
        open: u32,
    },
    /// The policy cancels bundles together, and the request leaves part of a bundle out.
    BundleIncomplete {
        /// The [`crate::OrderItem::bundle_id`] of the bundle.
        bundle_id: String,
        /// Its open items that are missing from the request, or not with all their open units.
        missing_item_ids: Vec<String>,
    },
    /// The item can be neither cancelled nor requested now.
    NotCancellable {
        /// The line at fault.
        item_id: String,
        /// What the shopper can do instead, and why.
        eligibility: Eligibility,
    },
    /// The policy does not offer this parcel request for the item now (its state moved on,
    /// or its units are already cancelled or in a request).
    ParcelRequestNotOffered {
        /// The line at fault.
        item_id: String,
        /// The parcel request asked for.
        kind: ParcelRequest,
        /// What the shopper can do instead (its `parcel_requests` are those offered), and why.
        eligibility: Eligibility,
    },
    /// The policy requires a reason and the request gives none.
    ReasonRequired,
    /// The policy offers no reason with this code.
    UnknownReason {
        /// The code the request gave.
        reason_code: String,
    },
    /// The chosen reason needs the shopper's own words and the comment is empty.
    CommentRequired {
        /// The chosen reason.
        reason_code: String,
    },
    /// The trimmed comment is too long.
    CommentTooLong {
        /// The policy's [`crate::Policy::comment_max_chars`].
        max_chars: u32,
    },
    /// The policy does not refund to the destination the request names.
    DestinationNotOffered {
        /// The destination the request named.
        destination: RefundDestination,
    },
}

impl Refusal {
    /// The stable code, as in the JSON (`"code": "reason_required"`).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::EmptySelection => "empty_selection",
            Refusal::UnknownItem { .. } => "unknown_item",
            Refusal::DuplicateItem { .. } => "duplicate_item",
            Refusal::ZeroQuantity { .. } => "zero_quantity",
            Refusal::QuantityExceedsOpen { .. } => "quantity_exceeds_open",
            Refusal::PartialQuantityNotAllowed { .. } => "partial_quantity_not_allowed",
            Refusal::BundleIncomplete { .. } => "bundle_incomplete",
            Refusal::NotCancellable { .. } => "not_cancellable",
            Refusal::ParcelRequestNotOffered { .. } => "parcel_request_not_offered",
            Refusal::ReasonRequired => "reason_required",
            Refusal::UnknownReason { .. } => "unknown_reason",
            Refusal::CommentRequired { .. } => "comment_required",
            Refusal::CommentTooLong { .. } => "comment_too_long",
            Refusal::DestinationNotOffered { .. } => "destination_not_offered",
        }
    }
}

/// A valid request, split by outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Lines cancelled and refunded at once.
    pub cancel_now: Vec<CancelledLine>,
    /// Lines that become one request to the seller(s).
    pub request: Vec<CancelledLine>,
    /// What the `cancel_now` part refunds.
    pub refund_now: RefundQuote,
    /// What comes back if the seller approves the request part.
    pub refund_if_approved: RefundQuote,
}

/// Adds the rest of every bundle touched by `selection` (open units of each bundle item),
/// when the policy cancels bundles together. The widget calls it when the dialog opens.
pub fn expand_bundles(
    order: &Order,
    policy: &Policy,
    selection: &[CancelledLine],
) -> Vec<CancelledLine> {
    let mut out: Vec<CancelledLine> = selection.to_vec();
    if !policy.bundles_cancel_together {
        return out;
    }
    for line in selection {
        let Some(bundle) = order.item(&line.item_id).and_then(|i| i.bundle_id.as_ref()) else {
            continue;
        };
        for item in order
            .items
            .iter()
            .filter(|i| i.bundle_id.as_ref() == Some(bundle))
        {
            if item.open_quantity() > 0 && !out.iter().any(|l| l.item_id == item.id) {
                out.push(CancelledLine {
                    item_id: item.id.clone(),
                    quantity: item.open_quantity(),
                });
            }
        }
    }
    out
}

/// The shopper's selection after ticking or unticking one item; other selected items stay.
///
/// Ticking selects `quantity` units of the item (the most its eligibility allows). When the
/// policy cancels bundles together, ticking a bundle item also ticks every other open item
/// of its bundle (all their open units), and unticking any of them unticks the whole bundle.
pub fn toggle_item(
    order: &Order,
    policy: &Policy,
    selection: &[CancelledLine],
    item_id: &str,
    quantity: u32,
) -> Vec<CancelledLine> {
    let bundle = order
        .item(item_id)
        .and_then(|i| i.bundle_id.as_ref())
        .filter(|_| policy.bundles_cancel_together);
    let in_set = |id: &str| {
        id == item_id
            || bundle.is_some_and(|b| order.item(id).and_then(|i| i.bundle_id.as_ref()) == Some(b))
    };
    if selection.iter().any(|l| l.item_id == item_id) {
        let mut rest = Vec::new();
        for line in selection {
            if !in_set(&line.item_id) {
                rest.push(line.clone());
            }
        }
        return rest;
    }
    let mut out = selection.to_vec();
    out.push(CancelledLine {
        item_id: item_id.to_string(),
        quantity,
    });
    expand_bundles(order, policy, &out)
}

/// The selection with the item's selected quantity changed to `quantity` (nothing else).
pub fn set_selected_quantity(
    selection: &[CancelledLine],
    item_id: &str,
    quantity: u32,
) -> Vec<CancelledLine> {
    let mut lines = selection.to_vec();
    for line in &mut lines {
        if line.item_id == item_id {
            line.quantity = quantity;
        }
    }
    lines
}

/// Checks `request` and splits it. Returns every refusal found, not just the first.
pub fn plan(
    order: &Order,
    policy: &Policy,
    request: &CancellationRequest,
    now: Timestamp,
) -> Result<Plan, Vec<Refusal>> {
    let reason = reason_refusals(policy, request);
    with_reason_refusals(plan_items(order, policy, request, now), reason)
}

/// The selection part of [`plan`]: items, quantities, bundles and destination, not the reason.
/// The reason dialog quotes with it before the shopper has picked a reason.
pub fn plan_items(
    order: &Order,
    policy: &Policy,
    request: &CancellationRequest,
    now: Timestamp,
) -> Result<Plan, Vec<Refusal>> {
    let mut refusals = Vec::new();
    let (mut cancel_now, mut requested) = (Vec::new(), Vec::new());
    if request.items.is_empty() {
        refusals.push(Refusal::EmptySelection);
    }
    for (i, line) in request.items.iter().enumerate() {
        let item_id = line.item_id.clone();
        if request.items[..i].iter().any(|l| l.item_id == line.item_id) {
            refusals.push(Refusal::DuplicateItem { item_id });
            continue;
        }
        let Some(item) = order.item(&line.item_id) else {
            refusals.push(Refusal::UnknownItem { item_id });
            continue;
        };
        let verdict = eligibility(order, item, policy, now);
        let open = item.open_quantity();
        if !verdict.outcome.is_actionable() {
            refusals.push(Refusal::NotCancellable {
                item_id,
                eligibility: verdict,
            });
        } else if let Some(refusal) = policy.quantity_refusal(item_id, line.quantity, open) {
            refusals.push(refusal);
        } else if verdict.outcome == Outcome::CancelNow {
            cancel_now.push(line.clone());
        } else {
            requested.push(line.clone());
        }
    }
    if policy.bundles_cancel_together {
        check_bundles(order, request, &mut refusals);
    }
    let destination = destination_of(policy, request.refund_destination);
    let destination = match destination {
        Ok(destination) if refusals.is_empty() => destination,
        Ok(_) => return Err(refusals),
        Err(refusal) => {
            refusals.push(refusal);
            return Err(refusals);
        }
    };
    let refund_now = quote(order, &cancel_now, destination);
    let refund_if_approved = quote(order, &requested, destination);
    Ok(Plan {
        cancel_now,
        request: requested,
        refund_now,
        refund_if_approved,
    })
}

fn check_bundles(order: &Order, request: &CancellationRequest, refusals: &mut Vec<Refusal>) {
    let mut seen: Vec<&String> = Vec::new();
    for line in &request.items {
        let Some(bundle) = order.item(&line.item_id).and_then(|i| i.bundle_id.as_ref()) else {
            continue;
        };
        if seen.contains(&bundle) {
            continue;
        }
        seen.push(bundle);
        let mut missing = Vec::new();
        for i in &order.items {
            let open = i.open_quantity();
            let asked = |l: &CancelledLine| l.item_id == i.id && l.quantity >= open;
            if i.bundle_id.as_ref() == Some(bundle) && open > 0 && !request.items.iter().any(asked)
            {
                missing.push(i.id.clone());
            }
        }
        if !missing.is_empty() {
            refusals.push(Refusal::BundleIncomplete {
                bundle_id: bundle.clone(),
                missing_item_ids: missing,
            });
        }
    }
}

/// `checked` (a check of everything but the reason), refused too when `reason` holds refusals
/// of the reason or the comment: every refusal found, the reason's last.
pub(crate) fn with_reason_refusals<T>(
    checked: Result<T, Vec<Refusal>>,
    reason: Vec<Refusal>,
) -> Result<T, Vec<Refusal>> {
    match checked {
        Ok(checked) if reason.is_empty() => Ok(checked),
        Ok(_) => Err(reason),
        Err(mut refusals) => {
            refusals.extend(reason);
            Err(refusals)
        }
    }
}

/// What is wrong with the reason and comment of `request`, if anything.
pub fn reason_refusals(policy: &Policy, request: &CancellationRequest) -> Vec<Refusal> {
    let mut refusals = Vec::new();
    let comment = request.comment.as_deref().map(str::trim).unwrap_or("");
    if comment.chars().count() > policy.comment_max_chars as usize {
        refusals.push(Refusal::CommentTooLong {
            max_chars: policy.comment_max_chars,
        });
    }
    match request.reason_code.as_deref() {
        None | Some("") if policy.reason_required => refusals.push(Refusal::ReasonRequired),
        None | Some("") => {}
        Some(code) => match policy.reason(code) {
            None => refusals.push(Refusal::UnknownReason {
                reason_code: code.to_string(),
            }),
            Some(r) if r.comment_required && comment.is_empty() => {
                refusals.push(Refusal::CommentRequired {
                    reason_code: code.to_string(),
                })
            }
            Some(_) => {}
        },
    }
    refusals
}
