//! Helpers shared by the policy tests, over the crate's own builders (`cancel_policy::testing`).
#![allow(dead_code, unused_imports)]

use cancel_policy::*;

pub use cancel_policy::testing::{item, minutes_after_purchase, order, PLACED};

/// The outcome for a one-item order whose item is in `state`, 5 minutes after purchase.
pub fn outcome_in(preset: Preset, state: ItemState) -> Outcome {
    outcome_of(preset, item("a", state), 5)
}

pub fn outcome_of(preset: Preset, it: OrderItem, minutes: i64) -> Outcome {
    let o = order(vec![it]);
    eligibility(&o, &o.items[0], &preset.policy(), minutes_after_purchase(minutes)).outcome
}

pub fn request(lines: &[(&str, u32)], reason: Option<&str>) -> CancellationRequest {
    CancellationRequest {
        items: lines.iter().map(|(id, q)| CancelledLine { item_id: id.to_string(), quantity: *q }).collect(),
        reason_code: reason.map(str::to_string),
        comment: None,
        refund_destination: None,
    }
}
