//! Helpers shared by the policy tests, over the crate's own builders (`cancel_policy::testing`).
#![allow(dead_code, unused_imports)]

use cancel_policy::*;

pub use cancel_policy::testing::{item, minutes_after_purchase, order, request, PLACED};

/// The outcome for a one-item order whose item is in `state`, 5 minutes after purchase.
pub fn outcome_in(preset: Preset, state: ItemState) -> Outcome {
    outcome_of(preset, item("a", state), 5)
}

/// The outcome for a one-item order of `it`, `minutes` after purchase.
pub fn outcome_of(preset: Preset, it: OrderItem, minutes: i64) -> Outcome {
    let o = order(vec![it]);
    eligibility(
        &o,
        &o.items[0],
        &preset.policy(),
        minutes_after_purchase(minutes),
    )
    .outcome
}

/// The parcel requests offered for a one-item order of `it`, 5 minutes after purchase.
pub fn parcel_requests_of(preset: Preset, it: OrderItem) -> Vec<ParcelRequest> {
    let o = order(vec![it]);
    eligibility(&o, &o.items[0], &preset.policy(), minutes_after_purchase(5)).parcel_requests
}
