//! A parcel request's life once the shopper sent it: recorded on the order with the units it
//! covers (held out of every other cancellation), then moved forward by the store:
//! - interception: `requested` → `intercepted` → `returned`, or `requested` →
//!   `not_interceptable` (the shopper returns it after delivery);
//! - refusal notice: `noticed` → `returned`, or `noticed` → `delivered_anyway`.
//!
//! `returned` cancels the units like an approved request: quoted afresh, recorded as a
//! completed [`Cancellation`], so the refund machinery ([`crate::open_refund`]) owes it.
//! What the policy offers per state, and the statuses each kind goes through, are
//! `parcel.rs`; this is what happens to a request.

use crate::apply::cancel_lines;
use crate::refund::destination_of;
use crate::refund::quote;
use crate::selection::{reason_refusals, with_reason_refusals};
use crate::{
    eligibility, Cancellation, CancellationRequest, CancellationStatus, CancelledLine, Money,
    Order, OrderItem, ParcelRequest, ParcelRequestStatus, Policy, RefundDestination, RefundQuote,
    Refusal, Timestamp,
};
use serde::{Deserialize, Serialize};

/// `offered` without the kinds the store already answered for `item` with "cannot be
/// done": asking again to stop a parcel the carrier could not stop changes nothing.
pub(crate) fn still_offered(
    order: &Order,
    item: &OrderItem,
    offered: Vec<ParcelRequest>,
) -> Vec<ParcelRequest> {
    offered
        .into_iter()
        .filter(|kind| {
            !order.parcel_requests.iter().any(|r| {
                r.item_id == item.id
                    && r.kind == *kind
                    && matches!(
                        r.status,
                        ParcelRequestStatus::NotInterceptable
                            | ParcelRequestStatus::DeliveredAnyway
                    )
            })
        })
        .collect()
}

/// One status a request reached, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelStep {
    /// The status reached.
    pub status: ParcelRequestStatus,
    /// When.
    pub at: Timestamp,
}

/// A parcel request as recorded on its order ([`Order::parcel_requests`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelRequestRecord {
    /// Unique id; the store names it to move the request.
    pub id: String,
    /// Interception request or refusal notice.
    pub kind: ParcelRequest,
    /// Where it stands.
    pub status: ParcelRequestStatus,
    /// The [`crate::OrderItem::id`] of the line in the parcel.
    pub item_id: String,
    /// How many of its units.
    pub quantity: u32,
    /// The [`crate::Reason::code`] the shopper picked, or `"unspecified"`.
    pub reason_code: String,
    /// The shopper's own words, trimmed; `None` when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Where the refund goes once the parcel is back.
    pub refund_destination: RefundDestination,
    /// What comes back once the parcel is back: quoted when asked, what was refunded once
    /// `returned`, zero when it ended otherwise.
    pub refund: Money,
    /// When the shopper asked.
    pub created_at: Timestamp,
    /// When its status last changed.
    pub updated_at: Timestamp,
    /// Every status it reached, oldest first (the first is where it started).
    pub steps: Vec<ParcelStep>,
    /// Once `returned`: the completed cancellation that cancelled the units (its refund
    /// names it as `cancellation_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_id: Option<String>,
}

impl ParcelRequestRecord {
    /// The units it covers, as a line.
    pub fn line(&self) -> CancelledLine {
        CancelledLine {
            item_id: self.item_id.clone(),
            quantity: self.quantity,
        }
    }
}

impl NewParcelRequest {
    /// The units it asks about, as a line.
    pub fn line(&self) -> CancelledLine {
        CancelledLine {
            item_id: self.item_id.clone(),
            quantity: self.quantity,
        }
    }
}

/// The body of `POST /v1/orders/{id}/parcel-requests`: which request, for which units of
/// which line, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewParcelRequest {
    /// Interception request or refusal notice.
    pub kind: ParcelRequest,
    /// The line in the parcel.
    pub item_id: String,
    /// How many of its open units; all of them unless the policy allows part of a quantity.
    pub quantity: u32,
    /// One of the policy's reason codes; `None` or `""` for no reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// The shopper's own words; checked after trimming.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Where the refund goes; `None` for the policy's first destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_destination: Option<RefundDestination>,
}

/// Checks `new` against the order and the policy as the widget does: the item's
/// [`crate::Eligibility::parcel_requests`] must offer its kind, with the quantity, reason
/// and destination rules of a cancellation. Returns what it would refund once the parcel
/// is back, or every refusal found.
pub fn check_parcel_request(
    order: &Order,
    policy: &Policy,
    new: &NewParcelRequest,
    now: Timestamp,
) -> Result<RefundQuote, Vec<Refusal>> {
    let as_request = CancellationRequest {
        items: Vec::new(),
        reason_code: new.reason_code.clone(),
        comment: new.comment.clone(),
        refund_destination: new.refund_destination,
    };
    let reasons = reason_refusals(policy, &as_request);
    with_reason_refusals(quote_parcel_request(order, policy, new, now), reasons)
}

/// [`check_parcel_request`] but for the reason and the comment (they change nothing of the
/// refund).
pub fn quote_parcel_request(
    order: &Order,
    policy: &Policy,
    new: &NewParcelRequest,
    now: Timestamp,
) -> Result<RefundQuote, Vec<Refusal>> {
    let mut refusals = Vec::new();
    let item_id = new.item_id.clone();
    match order.item(&new.item_id) {
        None => refusals.push(Refusal::UnknownItem { item_id }),
        Some(item) => {
            let verdict = eligibility(order, item, policy, now);
            let open = item.open_quantity();
            if !verdict.parcel_requests.contains(&new.kind) {
                refusals.push(Refusal::ParcelRequestNotOffered {
                    item_id,
                    kind: new.kind,
                    eligibility: verdict,
                });
            } else if let Some(refusal) = policy.quantity_refusal(item_id, new.quantity, open) {
                refusals.push(refusal);
            }
        }
    }
    match parcel_refund(order, policy, &[new.line()], new.refund_destination) {
        Ok(quote) if refusals.is_empty() => Ok(quote),
        Ok(_) => Err(refusals),
        Err(refusal) => {
            refusals.push(refusal);
            Err(refusals)
        }
    }
}

/// What `lines` refund once their parcel is back, to `destination` (the policy's first when
/// none is chosen) if the policy offers it: what the reason dialog quotes for a parcel
/// request. The item's offer and quantity are [`quote_parcel_request`]'s (the dialog only
/// opens for an offered request about all the item's open units).
pub fn parcel_refund(
    order: &Order,
    policy: &Policy,
    lines: &[CancelledLine],
    destination: Option<RefundDestination>,
) -> Result<RefundQuote, Refusal> {
    destination_of(policy, destination).map(|d| quote(order, lines, d))
}

/// Records `new` (checked by [`check_parcel_request`], which gave `quote`) on `order`: its
/// units are held out of every other cancellation until the store settles it, and the
/// order's version is bumped. `reason_code` is recorded as given (`"unspecified"` for none).
pub fn open_parcel_request(
    order: &mut Order,
    new: &NewParcelRequest,
    quote: &RefundQuote,
    reason_code: &str,
    now: Timestamp,
    id: String,
) -> ParcelRequestRecord {
    if let Some(item) = order.item_mut(&new.item_id) {
        item.parcel_requested_quantity += new.quantity;
    }
    let status = new.kind.first_status();
    let record = ParcelRequestRecord {
        id,
        kind: new.kind,
        status,
        item_id: new.item_id.clone(),
        quantity: new.quantity,
        reason_code: reason_code.to_string(),
        comment: new
            .comment
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string),
        refund_destination: quote.destination,
        refund: quote.total.clone(),
        created_at: now,
        updated_at: now,
        steps: vec![ParcelStep { status, at: now }],
        cancellation_id: None,
    };
    order.parcel_requests.push(record.clone());
    order.version += 1;
    record
}

/// The store's move (`PATCH /v1/merchant/parcel-requests/{id}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParcelRequestUpdate {
    /// The status to move to.
    pub status: ParcelRequestStatus,
}

/// Why a move is not applied; the request is left as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParcelMoveError {
    /// The order has no parcel request with that id.
    Unknown,
    /// The status is not one a request of this kind ever has (400).
    Invalid(String),
    /// The move contradicts where the request already is: backwards, or from a final
    /// status (409).
    Conflict(String),
}

/// What a move did: whether anything changed (a replay changes nothing), the request after
/// it, and for `returned` the completed cancellation that cancelled its units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParcelMove {
    /// Whether the request changed; `false` for the status it already has.
    pub changed: bool,
    /// The request after the move.
    pub request: ParcelRequestRecord,
    /// For `returned`: the new completed cancellation (refund quoted afresh).
    pub cancellation: Option<Cancellation>,
}

/// Moves parcel request `id` of `order` to `status` at `now`, bumping the order's version
/// when it changes; `new_cancellation_id` names the cancellation a return records.
pub fn move_parcel_request(
    order: &mut Order,
    id: &str,
    status: ParcelRequestStatus,
    now: Timestamp,
    new_cancellation_id: impl FnOnce() -> String,
) -> Result<ParcelMove, ParcelMoveError> {
    let index = order
        .parcel_requests
        .iter()
        .position(|r| r.id == id)
        .ok_or(ParcelMoveError::Unknown)?;
    let mut request = order.parcel_requests[index].clone();
    if request.status == status {
        return Ok(ParcelMove {
            changed: false,
            request,
            cancellation: None,
        });
    }
    let kind_name = request.kind.as_str().replace('_', " ");
    if !request.kind.statuses().contains(&status) {
        let names: Vec<&str> = request.kind.statuses().iter().map(|s| s.as_str()).collect();
        return Err(ParcelMoveError::Invalid(format!(
            "a {kind_name} is never {}; its statuses are {}",
            status.as_str(),
            names.join(", ")
        )));
    }
    if !request.kind.next_statuses(request.status).contains(&status) {
        return Err(ParcelMoveError::Conflict(format!(
            "parcel request {} is already {}; it cannot become {}",
            request.id,
            request.status.as_str(),
            status.as_str()
        )));
    }
    let mut cancellation = None;
    if status.is_final() {
        let line = request.line();
        if let Some(item) = order.item_mut(&line.item_id) {
            item.parcel_requested_quantity =
                item.parcel_requested_quantity.saturating_sub(line.quantity);
        }
        if status == ParcelRequestStatus::Returned {
            // Quoted afresh, as an approval is: other cancellations may have moved the
            // shipping share since the shopper asked.
            let refund = quote(
                order,
                std::slice::from_ref(&line),
                request.refund_destination,
            );
            cancel_lines(order, std::slice::from_ref(&line), refund.total.amount, now);
            let done = Cancellation {
                id: new_cancellation_id(),
                status: CancellationStatus::Completed,
                items: vec![line],
                reason_code: request.reason_code.clone(),
                comment: request.comment.clone(),
                refund: refund.total.clone(),
                refund_destination: request.refund_destination,
                created_at: now,
                decided_at: Some(now),
                respond_by: None,
                if_unanswered: None,
            };
            order.cancellations.push(done.clone());
            request.refund = refund.total;
            request.cancellation_id = Some(done.id.clone());
            cancellation = Some(done);
        } else {
            request.refund.amount = 0;
        }
    }
    request.status = status;
    request.updated_at = now;
    request.steps.push(ParcelStep { status, at: now });
    order.parcel_requests[index] = request.clone();
    order.version += 1;
    Ok(ParcelMove {
        changed: true,
        request,
        cancellation,
    })
}
