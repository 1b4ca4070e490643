//! Reading what the browser's `JSON.parse` made of an answer (or what a storefront passed as
//! config) into the policy crate's types.
//!
//! Why not serde-wasm-bindgen's `from_value`: serde's derived decoders bring two visitors per
//! type, a field matcher each, and error texts that format floats; for the types of the first
//! screen that was about 9 KB brotli (README, Performance). Here each struct is one function
//! that reads its members by name, and an error says where the answer went wrong
//! (`orders.2.items.0.quantity: expected a whole number`). serde stays the definition of the
//! wire format: enums are read through their serde names, and the wasm tests
//! (`tests/decode.rs`) compare this decoder with serde on every type, member by member.

use crate::text::{concat, number};
use cancel_policy::{
    Cancellation, CancellationStatus, CancelledLine, ExpectedTime, ItemState, Label, Money, Order,
    OrderItem, OutcomeKind, ParcelRequest, ParcelRequestRecord, ParcelRequestStatus,
    ParcelRequests, ParcelStep, Policy, Reason, Refund, RefundAmounts, RefundDestination,
    RefundStatus, RefundTimes, Seller, SellerKind, ShippingCharge, SilenceOutcome, StateOutcomes,
    ThirdPartyRule, Timestamp,
};
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};

/// A value that is not what the contract says, and where in the answer it is.
///
/// Boxed: every decoder returns `Result<_, DecodeError>` and passes it up with `?`, so a
/// one-word error is a smaller `Result` to move around than the 20 bytes inside (main module
/// -859 B brotli, details chunk -380, 2026-12-05).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError(Box<Where>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct Where {
    /// Member names and array indices from the top, joined by dots; empty at the top.
    path: String,
    /// What the contract has there, e.g. "a whole number".
    expected: &'static str,
}

impl DecodeError {
    /// `expected` was not found here.
    #[cold]
    #[inline(never)]
    pub fn expected(expected: &'static str) -> Self {
        DecodeError(Box::new(Where {
            path: String::new(),
            expected,
        }))
    }

    /// The same error, one level further down: inside member or index `part`.
    #[cold]
    #[inline(never)]
    fn within(mut self, part: &str) -> Self {
        let at = &mut self.0.path;
        *at = if at.is_empty() {
            part.into()
        } else {
            concat(&[part, ".", at])
        };
        self
    }

    /// What went wrong where, e.g. `orders.2.items.0.quantity: expected a whole number`
    /// (the same text as `to_string()`, without `core::fmt` in the wasm).
    pub fn text(&self) -> String {
        match self.0.path.as_str() {
            "" => concat(&["expected ", self.0.expected]),
            path => concat(&[path, ": expected ", self.0.expected]),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// A type that can be read from a parsed JSON value.
pub trait Decode: Sized {
    /// Reads `value`.
    fn decode(value: &JsValue) -> Result<Self, DecodeError>;

    /// The value of a member that is absent; an error unless the type has an "absent" value
    /// (`Option`), like serde's rule for members without `#[serde(default)]`.
    fn absent() -> Result<Self, DecodeError> {
        Err(DecodeError::expected("a value (the member is missing)"))
    }
}

/// Reads a whole JSON value, e.g. a response body.
pub fn decode<T: Decode>(value: &JsValue) -> Result<T, DecodeError> {
    T::decode(value)
}

/// `value` if it is a JSON object (not an array, not null).
pub fn object(value: &JsValue) -> Result<&JsValue, DecodeError> {
    if value.is_object() && !js_sys::Array::is_array(value) && !value.is_function() {
        Ok(value)
    } else {
        Err(DecodeError::expected("an object"))
    }
}

fn get(object: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Member `name` of `object`, which the contract requires (unless `T` is an `Option`).
pub fn member<T: Decode>(object: &JsValue, name: &str) -> Result<T, DecodeError> {
    let value = get(object, name);
    if value.is_undefined() {
        T::absent()
    } else {
        T::decode(&value)
    }
    .map_err(|e| e.within(name))
}

/// Member `name` of `object`, or `T::default()` when it is absent (`#[serde(default)]`).
pub fn member_or_default<T: Decode + Default>(
    object: &JsValue,
    name: &str,
) -> Result<T, DecodeError> {
    let value = get(object, name);
    if value.is_undefined() {
        Ok(T::default())
    } else {
        T::decode(&value).map_err(|e| e.within(name))
    }
}

/// `impl Decode` for a struct of the contract, member by member: first the members the
/// contract requires (an `Option` may be absent), then after `;` those with
/// `#[serde(default)]`. Naming every field keeps it in step with the struct: a field added
/// there and not here does not compile.
macro_rules! decode_struct {
    ($ty:ident { $($field:ident),* $(,)? $(; $($default:ident),* $(,)?)? }) => {
        impl $crate::decode::Decode for $ty {
            fn decode(value: &::wasm_bindgen::JsValue) -> Result<Self, $crate::decode::DecodeError> {
                let value = $crate::decode::object(value)?;
                Ok($ty {
                    $($field: $crate::decode::member(value, stringify!($field))?,)*
                    $($($default: $crate::decode::member_or_default(value, stringify!($default))?,)*)?
                })
            }
        }
    };
}
pub(crate) use decode_struct;

impl Decode for String {
    fn decode(value: &JsValue) -> Result<Self, DecodeError> {
        value
            .as_string()
            .ok_or_else(|| DecodeError::expected("a string"))
    }
}

impl Decode for bool {
    fn decode(value: &JsValue) -> Result<Self, DecodeError> {
        value
            .as_bool()
            .ok_or_else(|| DecodeError::expected("true or false"))
    }
}

/// A JSON number that is a whole number within `min..=max`; `expected` says which, in words.
fn whole(value: &JsValue, min: f64, max: f64, expected: &'static str) -> Result<f64, DecodeError> {
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (min..=max).contains(&n) => Ok(n),
        _ => Err(DecodeError::expected(expected)),
    }
}

/// The largest integer a JSON number (an f64) holds exactly.
const MAX_EXACT: f64 = 9_007_199_254_740_991.0;

impl Decode for u32 {
    fn decode(value: &JsValue) -> Result<Self, DecodeError> {
        whole(
            value,
            0.0,
            u32::MAX as f64,
            "a whole number from 0 to 4294967295",
        )
        .map(|n| n as u32)
    }
}

impl Decode for u64 {
    fn decode(value: &JsValue) -> Result<Self, DecodeError> {
        whole(value, 0.0, MAX_EXACT, "a whole number, 0 or more").map(|n| n as u64)
    }
}

impl Decode for i64 {
    fn decode(value: &JsValue) -> Result<Self, DecodeError> {
        whole(value, -MAX_EXACT, MAX_EXACT, "a whole number").map(|n| n as i64)
    }
}

/// `null` or absent is `None`.
impl<T: Decode> Decode for Option<T> {
    fn decode(value: &JsValue) -> Result<Self, DecodeError> {
        if value.is_null() {
            Ok(None)
        } else {
            T::decode(value).map(Some)
        }
    }

    fn absent() -> Result<Self, DecodeError> {
        Ok(None)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(value: &JsValue) -> Result<Self, DecodeError> {
        let mut items = Vec::new();
        each_item(value, &mut |item| {
            items.push(T::decode(item)?);
            Ok(())
        })?;
        Ok(items)
    }
}

/// The array's loop for every element type at once: generic, it was a copy per type (about
/// 500 bytes each, seven in the first screen's module alone).
#[inline(never)]
fn each_item(
    value: &JsValue,
    read: &mut dyn FnMut(&JsValue) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let array: &js_sys::Array = match js_sys::Array::is_array(value) {
        true => value.unchecked_ref(),
        false => return Err(DecodeError::expected("an array")),
    };
    for (i, item) in array.iter().enumerate() {
        read(&item).map_err(|e| e.within(&number(i as u32)))?;
    }
    Ok(())
}

impl Decode for Timestamp {
    fn decode(value: &JsValue) -> Result<Self, DecodeError> {
        let expected = || DecodeError::expected("an RFC 3339 time, e.g. \"2026-11-24T09:12:00Z\"");
        value
            .as_string()
            .and_then(|text| Timestamp::parse(&text))
            .ok_or_else(expected)
    }
}

/// serde's decoding of a unit variant by its name, with an error that carries no text:
/// formatting serde's messages is what made its errors costly.
#[derive(Debug)]
struct UnknownName;

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown name")
    }
}

impl std::error::Error for UnknownName {}

impl serde::de::Error for UnknownName {
    fn custom<T: fmt::Display>(_: T) -> Self {
        UnknownName
    }
}

/// `impl Decode` for enums of unit variants, read from their serde names (`"to_ship"`).
macro_rules! decode_by_name {
    ($($ty:ident: $expected:literal),* $(,)?) => {$(
        impl Decode for $ty {
            fn decode(value: &JsValue) -> Result<Self, DecodeError> {
                let name = value.as_string().ok_or_else(|| DecodeError::expected($expected))?;
                serde::Deserialize::deserialize(serde::de::value::StrDeserializer::<UnknownName>::new(&name))
                    .map_err(|_| DecodeError::expected($expected))
            }
        }
    )*};
}

decode_by_name!(
    ItemState: "an item state, e.g. \"paid\"",
    SellerKind: "\"first_party\" or \"third_party\"",
    RefundDestination: "\"original_payment\" or \"store_credit\"",
    RefundStatus: "a refund status, e.g. \"pending\"",
    CancellationStatus: "a cancellation status, e.g. \"completed\"",
    OutcomeKind: "an outcome, e.g. \"cancel_now\"",
    ThirdPartyRule: "\"like_first_party\" or \"request_from_seller\"",
    SilenceOutcome: "\"approve\" or \"deny\"",
    ParcelRequest: "\"interception_request\" or \"refusal_notice\"",
    ParcelRequestStatus: "a parcel request status, e.g. \"requested\"",
);

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
/// Not read: each refund carries its own expected time (`Refund::expected`, what the shopper
/// was promised when it was created); the policy's table is the server's. Left at its
/// default, it costs the first screen nothing.
impl Decode for RefundTimes {
    fn decode(_: &JsValue) -> Result<Self, DecodeError> {
        Ok(RefundTimes::default())
    }
}

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

decode_struct!(StateOutcomes {
    unpaid,
    paid,
    processing,
    packed,
    shipped,
    delivered
});
decode_struct!(Reason { code; label_key, label, comment_required });

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
