//! The readers of the contract's leaves: strings, booleans, whole numbers, times, `null`,
//! arrays, and enums read by their serde names.

use super::{Decode, DecodeError};
use crate::text::number;
use cancel_policy::{
    CancellationStatus, ItemState, OutcomeKind, ParcelRequest, ParcelRequestStatus,
    RefundDestination, RefundStatus, SellerKind, SilenceOutcome, ThirdPartyRule, Timestamp,
};
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};

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
