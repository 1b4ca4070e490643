//! The cancellation domain shared by the widget (wasm) and the reference server (native):
//! orders, the merchant's policy, `eligibility()`, request validation and refund quotes.
//!
//! Pure: no I/O and no clock. Time comes in as a [`Timestamp`] parameter.

pub mod apply;
mod eligibility;
mod money;
mod order;
mod policy;
mod preset;
mod refund;
mod selection;
#[cfg(feature = "testing")]
pub mod testing;
mod time;

pub use eligibility::{
    actionable_lines, any_actionable, eligibility, order_eligibility, whole_order_actionable, Because, Eligibility, Outcome, Rule,
};
pub use money::Money;
pub use order::{
    Cancellation, CancellationStatus, CancelledLine, ItemState, Order, OrderItem, OrderStatus, RefundDestination,
    Seller, SellerKind, ShippingCharge, Tab,
};
pub use policy::{
    OutcomeKind, Policy, PolicyError, Reason, SilenceOutcome, StateOutcomes, ThirdPartyRule, MAX_RESPONSE_HOURS,
};
pub use preset::Preset;
pub use refund::RefundQuote;
pub use selection::{
    expand_bundles, plan, plan_items, reason_refusals, set_selected_quantity, toggle_item, CancellationRequest, Plan, Refusal,
};
pub use time::Timestamp;
