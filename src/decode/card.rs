//! What a list's card needs of an order, read apart from the rest so the first screen's
//! module carries no decoder of the history, the refunds or the parcel requests.

use super::{get, member, member_or_default, object, Decode, DecodeError};
use cancel_policy::{Order, ParcelRequestStatus, RefundAmounts, RefundStatus};
use wasm_bindgen::JsValue;

/// An order with everything but its `cancellations`, `refunds` and `parcel_requests`, which
/// are left empty: what a card in the list shows (its refunds' amounts are read by
/// [`refund_amounts`], an open parcel request by [`parcel_badge`]). The history, the
/// refunds and the parcel requests are read only by the details, so their decoding can stay
/// in their lazily loaded chunk.
pub struct CardOrder(pub Order);

impl Decode for CardOrder {
    // Once, in the main module, for both the list and the details (inlined, the details
    // chunk would carry a second copy).
    #[inline(never)]
    fn decode(value: &JsValue) -> Result<Self, DecodeError> {
        let value = object(value)?;
        Ok(CardOrder(Order {
            id: member(value, "id")?,
            number: member(value, "number")?,
            placed_at: member(value, "placed_at")?,
            currency: member(value, "currency")?,
            items: member(value, "items")?,
            version: member(value, "version")?,
            discount: member_or_default(value, "discount")?,
            shipping: member_or_default(value, "shipping")?,
            refunded: member_or_default(value, "refunded")?,
            cancellations: Vec::new(),
            refunds: Vec::new(),
            parcel_requests: Vec::new(),
        }))
    }
}

/// The order's `refunds`' amounts by `status`: all a card needs of them ("€32.85 refund
/// pending"), without the refunds' decoder in the first screen's module. A refund whose
/// status or amount is not the contract's counts nowhere (the details' decoder reports it).
pub fn refund_amounts(order: &JsValue) -> RefundAmounts {
    let mut amounts = RefundAmounts::default();
    let refunds = get(order, "refunds");
    if js_sys::Array::is_array(&refunds) {
        for refund in js_sys::Array::from(&refunds).iter() {
            let status = get(&refund, "status").as_string();
            let status = RefundStatus::ALL
                .into_iter()
                .find(|s| status.as_deref() == Some(s.as_str()));
            let amount = i64::decode(&get(&get(&refund, "amount"), "amount"));
            if let (Some(status), Ok(amount)) = (status, amount) {
                amounts.add(status, amount);
            }
        }
    }
    amounts
}

/// The status of the newest parcel request of `order` that is still open (`requested`,
/// `intercepted` or `noticed`: "Stopping the parcel" on its card), read like
/// [`refund_amounts`], without the records' decoder.
pub fn parcel_badge(order: &JsValue) -> Option<ParcelRequestStatus> {
    let requests = get(order, "parcel_requests");
    let mut open = None;
    if js_sys::Array::is_array(&requests) {
        // Oldest first: the newest open one is the last found (a forward loop: less code
        // than a reversed search).
        for r in js_sys::Array::from(&requests).iter() {
            let status = match get(&r, "status").as_string().as_deref() {
                Some("requested") => ParcelRequestStatus::Requested,
                Some("intercepted") => ParcelRequestStatus::Intercepted,
                Some("noticed") => ParcelRequestStatus::Noticed,
                _ => continue,
            };
            open = Some(status);
        }
    }
    open
}
