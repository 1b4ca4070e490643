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

mod card;
mod order;
mod policy;
mod primitives;

pub use card::{parcel_badge, refund_amounts, CardOrder};

use crate::text::concat;
use std::fmt;
use wasm_bindgen::JsValue;

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
