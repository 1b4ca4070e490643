//! `eligibility()`: what a shopper may do with one item right now, and why.

use crate::{
    CancelledLine, ItemState, Order, OrderItem, OutcomeKind, ParcelRequest, Policy, SellerKind,
    ThirdPartyRule, Timestamp,
};
use serde::{Deserialize, Serialize};

/// The answer for one item: the outcome kinds of the policy plus the two end states.
///
/// A separate type from [`OutcomeKind`] because a merchant cannot configure the end states:
/// they follow from the item's quantities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The open units can be cancelled and refunded at once.
    CancelNow,
    /// The open units can be put to the seller, who approves or denies.
    RequestCancellation,
    /// No button: support may intercept the parcel in transit.
    InterceptViaSupport,
    /// No button: the shopper can refuse the parcel at the door.
    RefuseDelivery,
    /// No button: the shopper can return the item once it has arrived.
    ReturnAfterDelivery,
    /// Nothing to offer; [`Because::rule`] says why.
    NotAllowed,
    /// Nothing is left open: every unit is cancelled.
    AlreadyCancelled,
    /// The units not cancelled all wait on an answer: the seller's to a cancellation
    /// request, or the store's to a parcel request.
    RequestPending,
}

impl From<OutcomeKind> for Outcome {
    fn from(kind: OutcomeKind) -> Self {
        match kind {
            OutcomeKind::CancelNow => Outcome::CancelNow,
            OutcomeKind::RequestCancellation => Outcome::RequestCancellation,
            OutcomeKind::InterceptViaSupport => Outcome::InterceptViaSupport,
            OutcomeKind::RefuseDelivery => Outcome::RefuseDelivery,
            OutcomeKind::ReturnAfterDelivery => Outcome::ReturnAfterDelivery,
            OutcomeKind::NotAllowed => Outcome::NotAllowed,
        }
    }
}

impl Outcome {
    /// The shopper can select this item and submit (now or as a request).
    pub fn is_actionable(self) -> bool {
        matches!(self, Outcome::CancelNow | Outcome::RequestCancellation)
    }
}

/// Which rule decided, so the widget can say it in the shopper's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The policy's outcome for the item's state.
    StateOutcome,
    /// Inside the free-cancellation window.
    WindowOpen,
    /// The free-cancellation window has closed.
    WindowClosed,
    /// A marketplace seller's item, and the policy leaves those to the seller
    /// ([`ThirdPartyRule::RequestFromSeller`]); [`Because::seller`] names the seller.
    ThirdPartySeller,
    /// A personalised (made-to-order) item, and the policy does not cancel those.
    Personalised,
    /// The merchant flagged the item as never cancellable ([`OrderItem::not_cancellable`]).
    MarkedNotCancellable,
    /// Every unit is already cancelled.
    AlreadyCancelled,
    /// Every unit not cancelled is already in a request (to the seller, or about the parcel).
    RequestPending,
    /// The item was returned.
    Returned,
}

/// Why: a rule id and the parameters a translator needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Because {
    /// The rule that decided.
    pub rule: Rule,
    /// The item's fulfilment state ([`OrderItem::fulfilment_state`]): for an item in a
    /// request, the state it was in before, so a sentence never speaks of the wrong state.
    pub state: ItemState,
    /// The free-cancellation window's length in minutes, for the window rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// The marketplace seller's name, for [`Rule::ThirdPartySeller`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller: Option<String>,
}

/// What a shopper may do with one item now ([`eligibility()`]), why, and with how many units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligibility {
    /// What the shopper can do.
    pub outcome: Outcome,
    /// The rule behind it and the values a message about it needs.
    pub because: Because,
    /// The outcome holds until then (the free window's end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Timestamp>,
    /// Units the shopper may select (0 unless actionable).
    pub max_quantity: u32,
    /// Fewer than `max_quantity` units may be chosen.
    pub partial_allowed: bool,
    /// Requests about the parcel the shopper may send for the item's open units, beside the
    /// outcome ([`crate::ParcelRequests`]); empty when none is offered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parcel_requests: Vec<ParcelRequest>,
}

/// What the shopper may do with `item` of `order` under `policy` at `now`.
pub fn eligibility(
    order: &Order,
    item: &OrderItem,
    policy: &Policy,
    now: Timestamp,
) -> Eligibility {
    let state = item.fulfilment_state();
    let because = |rule| Because {
        rule,
        state,
        minutes: None,
        seller: None,
    };
    let answer = |outcome: Outcome, because: Because, until: Option<Timestamp>| {
        let max_quantity = if outcome.is_actionable() {
            item.open_quantity()
        } else {
            0
        };
        Eligibility {
            outcome,
            because,
            until,
            max_quantity,
            partial_allowed: policy.partial_quantity && max_quantity > 1,
            parcel_requests: Vec::new(),
        }
    };

    let waiting = item.requested_quantity + item.parcel_requested_quantity;
    if item.state == ItemState::Cancelled || (item.open_quantity() == 0 && waiting == 0) {
        return answer(
            Outcome::AlreadyCancelled,
            because(Rule::AlreadyCancelled),
            None,
        );
    }
    if item.open_quantity() == 0 {
        return answer(Outcome::RequestPending, because(Rule::RequestPending), None);
    }
    if state == ItemState::Returned {
        return answer(Outcome::NotAllowed, because(Rule::Returned), None);
    }
    let Some(base) = policy.outcomes.for_state(state) else {
        return answer(Outcome::NotAllowed, because(Rule::StateOutcome), None);
    };

    // Flags only take away the shopper's own action (a parcel request too: it ends in a
    // refund); guidance for later states still applies.
    let flagged = item.not_cancellable || (item.personalised && !policy.personalised_cancellable);
    if base.rank() > 0 && flagged {
        let rule = if item.not_cancellable {
            Rule::MarkedNotCancellable
        } else {
            Rule::Personalised
        };
        return answer(Outcome::NotAllowed, because(rule), None);
    }
    if base != OutcomeKind::CancelNow {
        return Eligibility {
            parcel_requests: if flagged {
                Vec::new()
            } else {
                crate::parcel_record::still_offered(
                    order,
                    item,
                    policy.parcel_requests.offered_in(state),
                )
            },
            ..answer(base.into(), because(Rule::StateOutcome), None)
        };
    }
    if item.seller.kind == SellerKind::ThirdParty
        && policy.third_party_sellers == ThirdPartyRule::RequestFromSeller
    {
        let why = Because {
            seller: Some(item.seller.name.clone()),
            ..because(Rule::ThirdPartySeller)
        };
        return answer(Outcome::RequestCancellation, why, None);
    }
    // Unpaid orders are voided, never refunded: no window applies to them.
    match policy.free_cancellation_minutes {
        Some(minutes) if state != ItemState::Unpaid => {
            let closes = order.placed_at.plus_minutes(minutes);
            let with_minutes = |rule| Because {
                minutes: Some(minutes),
                ..because(rule)
            };
            if now < closes {
                answer(
                    Outcome::CancelNow,
                    with_minutes(Rule::WindowOpen),
                    Some(closes),
                )
            } else {
                answer(
                    policy.after_window.into(),
                    with_minutes(Rule::WindowClosed),
                    None,
                )
            }
        }
        _ => answer(Outcome::CancelNow, because(Rule::StateOutcome), None),
    }
}

/// Eligibility of every item, in order.
///
/// The lists here are built by loops: each `collect()` of another iterator type is its own
/// copy of std's collecting code in the widget's wasm.
pub fn order_eligibility(order: &Order, policy: &Policy, now: Timestamp) -> Vec<Eligibility> {
    let mut verdicts = Vec::new();
    for item in &order.items {
        verdicts.push(eligibility(order, item, policy, now));
    }
    verdicts
}

/// Every item that can be cancelled or requested now, each at its most, given the order's
/// `verdicts` from [`order_eligibility`] (in item order).
pub fn actionable_lines(order: &Order, verdicts: &[Eligibility]) -> Vec<CancelledLine> {
    let mut lines = Vec::new();
    for (item, e) in order.items.iter().zip(verdicts) {
        if e.outcome.is_actionable() {
            lines.push(CancelledLine {
                item_id: item.id.clone(),
                quantity: e.max_quantity,
            });
        }
    }
    lines
}

/// Whether every item still open is actionable, so that "cancel the entire order" means all
/// of what is left of it.
pub fn whole_order_actionable(order: &Order, verdicts: &[Eligibility]) -> bool {
    let actionable = actionable_lines(order, verdicts).len();
    actionable > 0 && order.items.iter().filter(|i| i.open_quantity() > 0).count() == actionable
}

/// Whether anything in the order can be cancelled or requested now.
pub fn any_actionable(order: &Order, policy: &Policy, now: Timestamp) -> bool {
    crate::list_action(order, policy, now).is_some()
}
