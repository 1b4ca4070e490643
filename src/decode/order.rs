//! The order as the details read it: its items, history, refunds and parcel requests.

use super::{decode_struct, member_or_default, CardOrder, Decode, DecodeError};
use cancel_policy::{
    Cancellation, CancelledLine, ExpectedTime, Money, Order, OrderItem, ParcelRequestRecord,
    ParcelStep, Refund, Seller, ShippingCharge,
};
use wasm_bindgen::JsValue;

decode_struct!(Money { amount, currency });
decode_struct!(Seller { id, name; kind });
decode_struct!(OrderItem {
    id, sku, title, image_url, seller, bundle_id, quantity, unit_price, state, state_before_request, state_changed_at;
    cancelled_quantity, requested_quantity, parcel_requested_quantity, unit_tax, personalised, not_cancellable,
});
decode_struct!(ShippingCharge { seller_id, amount; refunded });
decode_struct!(CancelledLine { item_id, quantity });
decode_struct!(Cancellation {
    id,
    status,
    items,
    reason_code,
    comment,
    refund,
    refund_destination,
    created_at,
    decided_at,
    respond_by,
    if_unanswered,
});

decode_struct!(ExpectedTime { min_days, max_days; business_days });
decode_struct!(Refund {
    id, cancellation_id, status, amount, destination, created_at, updated_at, expected;
    reference, failure_reason,
});
decode_struct!(ParcelStep { status, at });
decode_struct!(ParcelRequestRecord {
    id,
    kind,
    status,
    item_id,
    quantity,
    reason_code,
    comment,
    refund_destination,
    refund,
    created_at,
    updated_at,
    steps,
    cancellation_id,
});

/// The whole order: the card's part, then the history, the refunds and the parcel requests.
impl Decode for Order {
    fn decode(value: &JsValue) -> Result<Self, DecodeError> {
        let CardOrder(order) = CardOrder::decode(value)?;
        Ok(Order {
            cancellations: member_or_default(value, "cancellations")?,
            refunds: member_or_default(value, "refunds")?,
            parcel_requests: member_or_default(value, "parcel_requests")?,
            ..order
        })
    }
}
