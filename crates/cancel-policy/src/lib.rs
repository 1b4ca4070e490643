//! The cancellation domain shared by the widget (wasm) and the reference server (native):
//! orders, the merchant's policy, [`eligibility()`], request validation and refund quotes.
//!
//! A store's own backend uses this crate to re-check, before it changes anything, what the
//! widget already checked in the browser: the browser's answer is only a preview.
//!
//! Pure: no I/O and no clock. Time comes in as a [`Timestamp`] parameter, so the same
//! answer can be computed again (and tested) for any instant. Money is integer minor units
//! of the order's currency ([`Money`]), never floats; JSON uses the HTTP contract's
//! snake_case names, with times as RFC 3339 UTC.
//!
//! # The flow
//!
//! 1. The merchant's rules: a [`Policy`], usually a [`Preset`] with the merchant's own
//!    changes, checked once with [`Policy::validate`].
//! 2. [`eligibility()`] (or [`order_eligibility`] for every line): what the shopper may do
//!    with an item now, why ([`Because`]), and how many units.
//! 3. [`plan`]: checks a [`CancellationRequest`] against the order and the policy and splits
//!    it into what is cancelled now and what becomes a request to the seller, each with its
//!    [`RefundQuote`]; or lists every [`Refusal`].
//! 4. [`apply::apply_plan`] changes the order (inside the transaction that stores it);
//!    [`apply::decide`] later applies the seller's answer to a request.
//! 5. [`open_refund`] records the [`Refund`] a completed cancellation or an approved request
//!    owes, pending; the store's payment side later moves it on ([`Refund::apply`]).
//!
//! ```
//! use cancel_policy::apply::apply_plan;
//! use cancel_policy::testing::{item, minutes_after_purchase, order};
//! use cancel_policy::*;
//!
//! // The merchant's rules: Temu's, plus a 30-minute free-cancellation window.
//! let policy = Policy { free_cancellation_minutes: Some(30), ..Preset::Temu.policy() };
//! policy.validate().expect("a valid policy");
//!
//! // Two mugs at 12.99 EUR and a packed lamp; 5.00 EUR off the order, 4.99 EUR shipping.
//! let mut order = order(vec![
//!     item("mug", ItemState::Paid).titled("Mug").priced(1299).with_quantity(2),
//!     item("lamp", ItemState::Packed).titled("Lamp").priced(4500),
//! ]);
//! order.discount = 500;
//! order.shipping = vec![ShippingCharge { seller_id: "store".into(), amount: 499, refunded: false }];
//! let now = minutes_after_purchase(10);
//!
//! // What the shopper may do with each item, and why.
//! let mug = eligibility(&order, order.item("mug").unwrap(), &policy, now);
//! assert_eq!((mug.outcome, mug.because.rule), (Outcome::CancelNow, Rule::WindowOpen));
//! assert_eq!(mug.until, Some(minutes_after_purchase(30)), "the window closes then");
//! assert_eq!(mug.max_quantity, 2);
//! let lamp = eligibility(&order, order.item("lamp").unwrap(), &policy, now);
//! assert_eq!(lamp.outcome, Outcome::ReturnAfterDelivery, "packed: too late under Temu's rules");
//!
//! // The shopper's request, as `POST /v1/orders/{id}/cancellations` carries it.
//! let request = CancellationRequest {
//!     items: vec![CancelledLine { item_id: "mug".into(), quantity: 2 }],
//!     reason_code: Some("changed_mind".into()),
//!     comment: None,
//!     refund_destination: None,
//! };
//! let planned = plan(&order, &policy, &request, now).expect("a valid request");
//! let refund = &planned.refund_now;
//! // The mugs carry 183 of the discount (their share of the subtotal); the shipping stays
//! // charged, since the lamp still ships.
//! assert_eq!((refund.items, refund.discount, refund.shipping), (2598, 183, 0));
//! assert_eq!(refund.total, Money::new(2415, "EUR"));
//! assert_eq!(refund.destination, RefundDestination::OriginalPayment);
//!
//! // Asking for the lamp is refused, with what the shopper can do instead.
//! let lamp_only = CancellationRequest {
//!     items: vec![CancelledLine { item_id: "lamp".into(), quantity: 1 }],
//!     ..request.clone()
//! };
//! let refusals = plan(&order, &policy, &lamp_only, now).unwrap_err();
//! assert!(matches!(&refusals[..], [Refusal::NotCancellable { item_id, .. }] if item_id == "lamp"));
//!
//! // Apply the valid plan; store the order and the new cancellations together.
//! let applied = apply_plan(&mut order, &planned, "changed_mind", None, now, || "c1".to_string());
//! assert_eq!(applied.cancellations[0].status, CancellationStatus::Completed);
//! assert_eq!(applied.cancellations[0].refund, Money::new(2415, "EUR"));
//! assert_eq!((order.items[0].state, order.refunded, order.version), (ItemState::Cancelled, 2415, 2));
//! ```
//!
//! The example builds its order with the builders of `cancel_policy::testing` (feature
//! `testing`, for tests and demo data); a backend builds [`Order`] from its own records or
//! deserialises the contract's JSON.

#![warn(missing_docs)]

pub mod apply;
mod eligibility;
mod label;
mod money;
mod order;
mod parcel;
mod parcel_record;
mod policy;
mod preset;
mod refund;
mod refund_record;
mod selection;
mod summary;
mod tab;
#[cfg(feature = "testing")]
pub mod testing;
mod time;

pub use eligibility::{
    actionable_lines, any_actionable, eligibility, order_eligibility, whole_order_actionable,
    Because, Eligibility, Outcome, Rule,
};
pub use label::{is_locale_tag, Label, LabelProblem, REQUIRED_TAG};
pub use money::Money;
pub use order::{
    Cancellation, CancellationStatus, CancelledLine, ItemState, Order, OrderItem, OrderStatus,
    RefundDestination, Seller, SellerKind, ShippingCharge,
};
pub use parcel::{parcel_stage, ParcelRequest, ParcelRequestStatus, ParcelRequests, ParcelStage};
pub use parcel_record::{
    check_parcel_request, move_parcel_request, open_parcel_request, parcel_refund,
    quote_parcel_request, NewParcelRequest, ParcelMove, ParcelMoveError, ParcelRequestRecord,
    ParcelRequestUpdate, ParcelStep,
};
pub use policy::{
    OutcomeKind, Policy, PolicyError, Reason, SilenceOutcome, StateOutcomes, ThirdPartyRule,
    MAX_RESPONSE_HOURS,
};
pub use preset::Preset;
pub use refund::RefundQuote;
pub use refund_record::{
    open_refund, refunds_standing, ExpectedTime, Refund, RefundStatus, RefundTimes, RefundUpdate,
    RefundUpdateError, MAX_FAILURE_REASON_CHARS, MAX_REFERENCE_CHARS,
};
pub use selection::{
    expand_bundles, plan, plan_items, reason_refusals, set_selected_quantity, toggle_item,
    CancellationRequest, Plan, Refusal,
};
pub use summary::{
    cancelled_summary, list_action, money_summary, whole_order_action, CancelledSummary,
    MoneySummary, RefundAmounts, WholeOrderAction,
};
pub use tab::Tab;
pub use time::Timestamp;
