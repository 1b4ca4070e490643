//! The store's cancellation policy.

use super::{decode_struct, object, Decode, DecodeError};
use cancel_policy::{Label, ParcelRequests, Policy, Reason, RefundTimes, StateOutcomes};
use wasm_bindgen::{JsCast, JsValue};

decode_struct!(StateOutcomes {
    unpaid,
    paid,
    processing,
    packed,
    shipped,
    delivered
});
decode_struct!(Reason { code; label_key, label, comment_required });

/// Not read: each refund carries its own expected time (`Refund::expected`, what the shopper
/// was promised when it was created); the policy's table is the server's. Left at its
/// default, it costs the first screen nothing.
impl Decode for RefundTimes {
    fn decode(_: &JsValue) -> Result<Self, DecodeError> {
        Ok(RefundTimes::default())
    }
}

/// A reason's own label: an object of locale tag → text.
impl Decode for Label {
    fn decode(value: &JsValue) -> Result<Self, DecodeError> {
        let mut texts = Vec::new();
        for entry in js_sys::Object::entries(object(value)?.unchecked_ref()).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            let tag = pair.get(0).as_string().unwrap_or_default();
            let text = String::decode(&pair.get(1)).map_err(|e| e.within(&tag))?;
            texts.push((tag, text));
        }
        Ok(Label(texts))
    }
}
decode_struct!(ParcelRequests {
    interception_request,
    refusal_notice
});
decode_struct!(Policy {
    name, outcomes, free_cancellation_minutes, after_window, third_party_sellers, bundles_cancel_together,
    partial_quantity, personalised_cancellable, reason_required, reasons, refund_destinations, comment_max_chars,
    seller_response_hours;
    on_seller_silence, refund_times, parcel_requests,
});
