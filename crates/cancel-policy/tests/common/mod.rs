//! Order builders shared by the policy tests.
#![allow(dead_code)]

use cancel_policy::*;

pub const PLACED: Timestamp = Timestamp::from_unix(1_795_500_000);

pub fn minutes_after_purchase(m: i64) -> Timestamp {
    Timestamp::from_unix(PLACED.unix() + m * 60)
}

pub fn item(id: &str, state: ItemState) -> OrderItem {
    OrderItem {
        id: id.into(),
        sku: format!("SKU-{id}"),
        title: format!("Item {id}"),
        image_url: None,
        seller: Seller { id: "store".into(), name: "The Store".into(), kind: SellerKind::FirstParty },
        bundle_id: None,
        quantity: 1,
        cancelled_quantity: 0,
        requested_quantity: 0,
        unit_price: Money::new(1000, "EUR"),
        unit_tax: 0,
        state,
        state_before_request: None,
        state_changed_at: PLACED,
        personalised: false,
        not_cancellable: false,
    }
}

pub fn order(items: Vec<OrderItem>) -> Order {
    Order {
        id: "o1".into(),
        number: "PO-1".into(),
        placed_at: PLACED,
        currency: "EUR".into(),
        items,
        discount: 0,
        shipping: vec![],
        refunded: 0,
        version: 1,
        cancellations: vec![],
    }
}

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
