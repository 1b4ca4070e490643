//! Requests about a parcel the shopper can no longer cancel, offered beside a state's outcome:
//! "ask to stop the parcel" and "tell us you will refuse the delivery". Each is a request the
//! store follows to a refund once the parcel is back, never a cancellation done at once: the
//! statuses each kind goes through are here ([`ParcelRequestStatus`]), with where a request
//! stands for the shopper ([`parcel_stage`]); a request's record and its moves are in
//! `parcel_record.rs`.

use crate::{ItemState, Order, OutcomeKind, StateOutcomes};
use serde::{Deserialize, Serialize};

/// A request about a parcel on its way that a policy may offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParcelRequest {
    /// "Ask to stop the parcel": the store tries to intercept it and refunds once it is back.
    InterceptionRequest,
    /// "Tell us you will refuse the delivery": the store expects the parcel back and refunds
    /// once it is returned.
    RefusalNotice,
}

impl ParcelRequest {
    /// Both requests, in the order the policy lists them.
    pub const ALL: [ParcelRequest; 2] = [
        ParcelRequest::InterceptionRequest,
        ParcelRequest::RefusalNotice,
    ];

    /// The snake_case name used in policy files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ParcelRequest::InterceptionRequest => "interception_request",
            ParcelRequest::RefusalNotice => "refusal_notice",
        }
    }

    /// Whether a parcel can still be stopped or refused in `state`: paid and not yet
    /// delivered. Before payment there is nothing to refund; once delivered, a return.
    pub fn fits(state: ItemState) -> bool {
        matches!(
            state,
            ItemState::Paid | ItemState::Processing | ItemState::Packed | ItemState::Shipped
        )
    }
}

/// In which fulfilment states each parcel request is offered; empty lists offer none. Both
/// lists are required when the table is given (a policy without the table offers none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelRequests {
    /// States in which the shopper may ask to stop the parcel.
    pub interception_request: Vec<ItemState>,
    /// States in which the shopper may tell the store they will refuse the delivery.
    pub refusal_notice: Vec<ItemState>,
}

impl ParcelRequests {
    /// The states configured for `request`.
    pub fn states(&self, request: ParcelRequest) -> &[ItemState] {
        match request {
            ParcelRequest::InterceptionRequest => &self.interception_request,
            ParcelRequest::RefusalNotice => &self.refusal_notice,
        }
    }

    /// The requests offered in `state`, in [`ParcelRequest::ALL`]'s order.
    pub fn offered_in(&self, state: ItemState) -> Vec<ParcelRequest> {
        ParcelRequest::ALL
            .into_iter()
            .filter(|r| self.states(*r).contains(&state))
            .collect()
    }

    /// The first configured state in which a parcel cannot be stopped or refused, or whose
    /// outcome is `cancel_now` (the shopper would cancel instead), if any.
    pub fn misplaced(&self, outcomes: &StateOutcomes) -> Option<(ParcelRequest, ItemState)> {
        let fits = |state: ItemState| {
            ParcelRequest::fits(state) && outcomes.for_state(state) != Some(OutcomeKind::CancelNow)
        };
        ParcelRequest::ALL
            .into_iter()
            .find_map(|r| self.states(r).iter().find(|s| !fits(**s)).map(|s| (r, *s)))
    }
}

/// Where a parcel request stands. `returned`, `not_interceptable` and `delivered_anyway`
/// are final.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParcelRequestStatus {
    /// Interception asked for; the store is checking with the carrier.
    Requested,
    /// The carrier stopped the parcel; it is on its way back to the warehouse.
    Intercepted,
    /// The parcel could not be stopped: the shopper returns it once it has arrived.
    NotInterceptable,
    /// The store knows the shopper will refuse the parcel and expects it back.
    Noticed,
    /// The parcel is back at the warehouse: its units are cancelled and refunded.
    Returned,
    /// The parcel was delivered after all: the shopper returns it under the return policy.
    DeliveredAnyway,
}

impl ParcelRequestStatus {
    /// Every status, in the order of the request's life.
    pub const ALL: [ParcelRequestStatus; 6] = [
        ParcelRequestStatus::Requested,
        ParcelRequestStatus::Intercepted,
        ParcelRequestStatus::NotInterceptable,
        ParcelRequestStatus::Noticed,
        ParcelRequestStatus::Returned,
        ParcelRequestStatus::DeliveredAnyway,
    ];

    /// The snake_case name used in JSON, e.g. `"not_interceptable"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParcelRequestStatus::Requested => "requested",
            ParcelRequestStatus::Intercepted => "intercepted",
            ParcelRequestStatus::NotInterceptable => "not_interceptable",
            ParcelRequestStatus::Noticed => "noticed",
            ParcelRequestStatus::Returned => "returned",
            ParcelRequestStatus::DeliveredAnyway => "delivered_anyway",
        }
    }

    /// The status named `text`, if there is one.
    pub fn parse(text: &str) -> Option<ParcelRequestStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Nothing follows it.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ParcelRequestStatus::Returned
                | ParcelRequestStatus::NotInterceptable
                | ParcelRequestStatus::DeliveredAnyway
        )
    }
}

impl ParcelRequest {
    /// The status a new request of this kind starts in.
    pub fn first_status(self) -> ParcelRequestStatus {
        match self {
            ParcelRequest::InterceptionRequest => ParcelRequestStatus::Requested,
            ParcelRequest::RefusalNotice => ParcelRequestStatus::Noticed,
        }
    }

    /// The statuses a request of this kind may move to from `from` (forward only).
    pub fn next_statuses(self, from: ParcelRequestStatus) -> &'static [ParcelRequestStatus] {
        use ParcelRequestStatus::*;
        match (self, from) {
            (ParcelRequest::InterceptionRequest, Requested) => &[Intercepted, NotInterceptable],
            (ParcelRequest::InterceptionRequest, Intercepted) => &[Returned],
            (ParcelRequest::RefusalNotice, Noticed) => &[Returned, DeliveredAnyway],
            _ => &[],
        }
    }

    /// The statuses a request of this kind can ever have.
    pub fn statuses(self) -> &'static [ParcelRequestStatus] {
        use ParcelRequestStatus::*;
        match self {
            ParcelRequest::InterceptionRequest => {
                &[Requested, Intercepted, Returned, NotInterceptable]
            }
            ParcelRequest::RefusalNotice => &[Noticed, Returned, DeliveredAnyway],
        }
    }
}

/// Where a parcel request stands for the shopper: its status, joined once returned with the
/// refund it opened (what the list's card and the order's history say).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParcelStage {
    /// Asked: the store is trying to stop the parcel, or expects it back.
    Asked,
    /// Stopped by the carrier, on its way back.
    OnItsWayBack,
    /// Back at the warehouse; the refund is pending.
    RefundPending,
    /// Back, and the refund was paid out (or nothing was owed: an item never charged).
    Refunded,
    /// Back, but the refund failed or was called off: the store takes it up.
    RefundFailed,
    /// Not stopped, or delivered after all: return it after delivery.
    ReturnAfterDelivery,
}

/// The stage of `request` of `order`.
pub fn parcel_stage(order: &Order, request: &crate::ParcelRequestRecord) -> ParcelStage {
    use crate::RefundStatus;
    match request.status {
        ParcelRequestStatus::Requested | ParcelRequestStatus::Noticed => ParcelStage::Asked,
        ParcelRequestStatus::Intercepted => ParcelStage::OnItsWayBack,
        ParcelRequestStatus::NotInterceptable | ParcelRequestStatus::DeliveredAnyway => {
            ParcelStage::ReturnAfterDelivery
        }
        ParcelRequestStatus::Returned => {
            let refund = order
                .refunds
                .iter()
                .find(|r| Some(&r.cancellation_id) == request.cancellation_id.as_ref());
            match refund.map(|r| r.status) {
                Some(RefundStatus::Succeeded) => ParcelStage::Refunded,
                Some(RefundStatus::Failed | RefundStatus::Canceled) => ParcelStage::RefundFailed,
                Some(RefundStatus::Pending) => ParcelStage::RefundPending,
                // Nothing was charged (a zero refund opens none): nothing to wait for.
                None => ParcelStage::Refunded,
            }
        }
    }
}
