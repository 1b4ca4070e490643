//! Requests about a parcel the shopper can no longer cancel, offered beside a state's outcome:
//! "ask to stop the parcel" and "tell us you will refuse the delivery". Each is a request the
//! store follows to a refund once the parcel is back, never a cancellation done at once.

use crate::{ItemState, OutcomeKind, StateOutcomes};
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
