//! The merchant's cancellation policy: which outcome each state has, and the rules around it.
//! The named presets that reproduce the seed platforms are in `preset.rs`.

use crate::label::{Label, LabelProblem};
use crate::{
    ExpectedTime, ItemState, ParcelRequest, ParcelRequests, RefundDestination, RefundTimes, Refusal,
};
use serde::{Deserialize, Serialize};

/// What a shopper can do about an item in a given state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// Cancel at once, refund to the chosen destination.
    CancelNow,
    /// Ask the seller, who approves or denies; shown as pending meanwhile.
    RequestCancellation,
    /// Already shipped: support may intercept the parcel in transit.
    InterceptViaSupport,
    /// In transit: refuse the parcel at the door (with the seeds' warning).
    RefuseDelivery,
    /// Too late to cancel: return the item once it arrives.
    ReturnAfterDelivery,
    /// No cancellation, and no other way to offer.
    NotAllowed,
}

impl OutcomeKind {
    /// How much the shopper can do by themselves: cancel > request > any guidance.
    pub fn rank(self) -> u8 {
        match self {
            OutcomeKind::CancelNow => 2,
            OutcomeKind::RequestCancellation => 1,
            _ => 0,
        }
    }
}

/// The outcome for each state of the fulfilment chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
///
/// [`Policy::validate`] requires the chain to be monotonic: no state may let the shopper do
/// more than an earlier one ([`Policy::rank_in`]).
pub struct StateOutcomes {
    /// Before payment (cancelling voids the payment).
    pub unpaid: OutcomeKind,
    /// Paid, not yet started on.
    pub paid: OutcomeKind,
    /// Being prepared.
    pub processing: OutcomeKind,
    /// Packed, awaiting carrier pickup.
    pub packed: OutcomeKind,
    /// In transit.
    pub shipped: OutcomeKind,
    /// Arrived.
    pub delivered: OutcomeKind,
}

impl StateOutcomes {
    /// The configured outcome; `None` for states off the chain (cancelled, requested, returned).
    pub fn for_state(&self, state: ItemState) -> Option<OutcomeKind> {
        Some(match state {
            ItemState::Unpaid => self.unpaid,
            ItemState::Paid => self.paid,
            ItemState::Processing => self.processing,
            ItemState::Packed => self.packed,
            ItemState::Shipped => self.shipped,
            ItemState::Delivered => self.delivered,
            _ => return None,
        })
    }
}

/// How items sold by marketplace sellers are cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThirdPartyRule {
    /// Same rules as the store's own items.
    LikeFirstParty,
    /// "Up to the seller to approve or deny the request" (Amazon).
    RequestFromSeller,
}

/// What becomes of a cancellation request the seller leaves unanswered past the deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SilenceOutcome {
    /// Cancelled and refunded as if the seller had approved (TikTok Shop, AliExpress).
    #[default]
    Approve,
    /// Refused as if the seller had denied; the item carries on to the shopper.
    Deny,
}

/// A cancellation reason the shopper can pick.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// Stable id stored with the cancellation, e.g. `changed_mind`; unique within a policy.
    pub code: String,
    /// Key into the catalogs' texts, e.g. `reason.changed_mind` (the presets' reasons); empty
    /// when the reason has its own [`Reason::label`].
    #[serde(default)]
    pub label_key: String,
    /// The merchant's own words, one text or a text per locale; shown instead of
    /// `label_key`'s text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
    /// The shopper must add their own words when picking it (typically "other").
    #[serde(default)]
    pub comment_required: bool,
}

impl Reason {
    /// The merchant's own label in `locale` (see [`Label::text_for`]); `None` for a reason
    /// whose text is the catalogs' `label_key`.
    pub fn own_label(&self, locale: &str, default_locale: Option<&str>) -> Option<&str> {
        let label = self.label.as_ref()?;
        Some(label.text_for(locale, default_locale))
    }

    fn label_problem(&self) -> Option<LabelProblem> {
        match &self.label {
            Some(label) => label.problem(),
            None if self.label_key.trim().is_empty() => Some(LabelProblem::Missing),
            None => None,
        }
    }
}

/// A merchant's cancellation rules, as `GET /v1/policy` serves them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Preset or merchant name, for display and logs.
    pub name: String,
    /// What each state of the chain allows, before the rules below adjust it.
    pub outcomes: StateOutcomes,
    /// Minutes after purchase during which `cancel_now` holds; `None` for no window.
    #[serde(default)]
    pub free_cancellation_minutes: Option<u32>,
    /// What `cancel_now` becomes once the window has closed.
    pub after_window: OutcomeKind,
    /// Whether marketplace sellers' items are cancelled like the store's own or by request.
    pub third_party_sellers: ThirdPartyRule,
    /// Cancelling one item of a bundle cancels the whole bundle.
    pub bundles_cancel_together: bool,
    /// A shopper may cancel 1 of 3 units of a line.
    pub partial_quantity: bool,
    /// Personalised (made-to-order) items may be cancelled like any other.
    pub personalised_cancellable: bool,
    /// A request without a reason code is refused ([`crate::Refusal::ReasonRequired`]).
    pub reason_required: bool,
    /// The reasons offered, in the order the dialog lists them.
    pub reasons: Vec<Reason>,
    /// Where refunds may go; the first is the default when a request names none.
    pub refund_destinations: Vec<RefundDestination>,
    /// Longest comment accepted, in characters (Unicode scalar values) after trimming.
    pub comment_max_chars: u32,
    /// Hours a seller has to approve or deny a cancellation request; `None`: no deadline,
    /// the request waits for an answer however long it takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller_response_hours: Option<u32>,
    /// What a request left unanswered for `seller_response_hours` becomes.
    #[serde(default)]
    pub on_seller_silence: SilenceOutcome,
    /// How long a refund takes per destination, as the shopper is told (the widget and the
    /// emails); absent: [`RefundTimes::default`].
    #[serde(default)]
    pub refund_times: RefundTimes,
    /// Requests about a parcel on its way offered beside a state's outcome ("ask to stop the
    /// parcel", "tell us you will refuse the delivery"); none unless set.
    #[serde(default)]
    pub parcel_requests: ParcelRequests,
}

/// The longest seller response deadline a policy may set: a year.
pub const MAX_RESPONSE_HOURS: u32 = 24 * 366;

/// Why a policy is not acceptable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyError {
    /// A later state would be more cancellable than an earlier one.
    NotMonotonic {
        /// The earlier state of the pair.
        earlier: ItemState,
        /// The state right after it, which allows more.
        later: ItemState,
    },
    /// `after_window` must be less than `cancel_now`.
    WindowLeadsToCancel,
    /// `refund_destinations` is empty: a refund would have nowhere to go.
    NoRefundDestination,
    /// `reason_required` is set but `reasons` is empty: no request could pass.
    NoReasons,
    /// Two reasons share this code, so a stored code would be ambiguous.
    DuplicateReason(String),
    /// A reason's label is missing, empty, or has a bad or no `en` tag.
    ReasonLabel {
        /// The reason's place in `reasons`, from 0.
        index: usize,
        /// Its code.
        code: String,
        /// What is wrong.
        problem: LabelProblem,
    },
    /// `seller_response_hours` must be at least 1 and at most a year.
    ResponseHoursOutOfRange(u32),
    /// A refund time whose `min_days` exceeds its `max_days`, or longer than
    /// [`ExpectedTime::MAX_DAYS`].
    RefundTimeOutOfRange(RefundDestination, ExpectedTime),
    /// A parcel request is offered in a state without a parcel to stop or refuse, or in one
    /// whose outcome is `cancel_now` (where cancelling is simpler).
    ParcelRequestState {
        /// The request.
        request: ParcelRequest,
        /// The state it cannot be offered in.
        state: ItemState,
    },
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PolicyError::NotMonotonic { earlier, later } => write!(
                f,
                "state {} would be more cancellable than the earlier state {} (its outcome, or a parcel request beside it)",
                later.as_str(),
                earlier.as_str()
            ),
            PolicyError::WindowLeadsToCancel => write!(f, "after_window cannot be cancel_now"),
            PolicyError::NoRefundDestination => write!(f, "offer at least one refund destination"),
            PolicyError::NoReasons => write!(f, "reason_required needs at least one reason"),
            PolicyError::DuplicateReason(code) => write!(f, "reason code {code:?} appears twice"),
            PolicyError::ReasonLabel { code, problem, .. } => {
                write!(f, "reason {code:?}: {problem}")
            }
            PolicyError::ResponseHoursOutOfRange(hours) => {
                write!(
                    f,
                    "seller_response_hours must be from 1 to {MAX_RESPONSE_HOURS}, not {hours}"
                )
            }
            PolicyError::RefundTimeOutOfRange(destination, time) => write!(
                f,
                "the {} refund time's min_days ({}) must be at most its max_days ({}), and max_days at most {}",
                destination.as_str(),
                time.min_days,
                time.max_days,
                ExpectedTime::MAX_DAYS
            ),
            PolicyError::ParcelRequestState { request, state } => write!(
                f,
                "{} cannot be offered for {} items: only paid, processing, packed or shipped items whose outcome is not cancel_now have a parcel to stop or refuse",
                request.as_str(),
                state.as_str()
            ),
        }
    }
}

impl Policy {
    /// What is wrong with taking `requested` of an item's `open` units, if anything (none, too
    /// many, a part the policy does not take): cancellations and parcel requests alike.
    pub(crate) fn quantity_refusal(
        &self,
        item_id: String,
        requested: u32,
        open: u32,
    ) -> Option<Refusal> {
        if requested == 0 {
            Some(Refusal::ZeroQuantity { item_id })
        } else if requested > open {
            Some(Refusal::QuantityExceedsOpen {
                item_id,
                requested,
                open,
            })
        } else if requested < open && !self.partial_quantity {
            Some(Refusal::PartialQuantityNotAllowed {
                item_id,
                requested,
                open,
            })
        } else {
            None
        }
    }

    /// Checks the invariants every policy must keep; the server refuses to start on a bad one.
    pub fn validate(&self) -> Result<(), PolicyError> {
        for pair in ItemState::CHAIN.windows(2) {
            if self.rank_in(pair[1]) > self.rank_in(pair[0]) {
                return Err(PolicyError::NotMonotonic {
                    earlier: pair[0],
                    later: pair[1],
                });
            }
        }
        if let Some((request, state)) = self.parcel_requests.misplaced(&self.outcomes) {
            return Err(PolicyError::ParcelRequestState { request, state });
        }
        if self.after_window == OutcomeKind::CancelNow {
            return Err(PolicyError::WindowLeadsToCancel);
        }
        if self.refund_destinations.is_empty() {
            return Err(PolicyError::NoRefundDestination);
        }
        if self.reason_required && self.reasons.is_empty() {
            return Err(PolicyError::NoReasons);
        }
        for (i, r) in self.reasons.iter().enumerate() {
            if self.reasons[..i].iter().any(|o| o.code == r.code) {
                return Err(PolicyError::DuplicateReason(r.code.clone()));
            }
            if let Some(problem) = r.label_problem() {
                return Err(PolicyError::ReasonLabel {
                    index: i,
                    code: r.code.clone(),
                    problem,
                });
            }
        }
        if let Some(hours) = self
            .seller_response_hours
            .filter(|h| !(1..=MAX_RESPONSE_HOURS).contains(h))
        {
            return Err(PolicyError::ResponseHoursOutOfRange(hours));
        }
        if let Some((destination, time)) = self.refund_times.invalid() {
            return Err(PolicyError::RefundTimeOutOfRange(destination, time));
        }
        Ok(())
    }

    /// How much the shopper can do in `state`: cancel now (3) > request (2) > a parcel request
    /// (1: the money comes back only once the parcel does) > guidance only (0). States off
    /// the chain rank 0.
    pub fn rank_in(&self, state: ItemState) -> u8 {
        match self.outcomes.for_state(state).map(OutcomeKind::rank) {
            Some(rank) if rank > 0 => rank + 1,
            Some(_) => u8::from(!self.parcel_requests.offered_in(state).is_empty()),
            None => 0,
        }
    }

    /// The reason with this code, if the policy offers it.
    pub fn reason(&self, code: &str) -> Option<&Reason> {
        self.reasons.iter().find(|r| r.code == code)
    }
}
