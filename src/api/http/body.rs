//! The bodies: an answer's JSON parsed by the browser and read into its type, a cancellation
//! written as JSON, and gloo's errors as text.

use crate::api::{ApiError, CancelCall, ErrorKind};
use crate::decode::{decode, Decode};
use gloo_net::http::Response;
use serde::Serialize;
use wasm_bindgen::JsValue;

pub(super) fn build_error(e: gloo_net::Error) -> ApiError {
    ApiError::new(ErrorKind::Config, "bad_request", gloo_text(e))
}

/// gloo's error as its text, the same as `to_string()` for what `fetch` and the request
/// builder raise. Matching keeps `gloo_net::Error`'s Display out of the wasm, and with it
/// serde_json's error messages and std's io::Error (-0.7 KB brotli): crate::decode reads the
/// answers, so gloo never decodes JSON and its serde variant never happens.
pub(super) fn gloo_text(e: gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(e) => e.to_string(),
        gloo_net::Error::GlooError(text) => text,
        _ => String::from("cannot read the answer"),
    }
}

pub(super) async fn json_body(response: &Response) -> Result<JsValue, ApiError> {
    let bad = |detail: String| ApiError::new(ErrorKind::BadResponse, "bad_response", detail);
    let text = response.text().await.map_err(|e| bad(gloo_text(e)))?;
    if text.is_empty() {
        return Ok(JsValue::NULL);
    }
    js_sys::JSON::parse(&text).map_err(|_| bad("the answer is not JSON".into()))
}

pub(super) fn parse<T: Decode>(value: JsValue) -> Result<T, ApiError> {
    decode(&value).map_err(|e| {
        ApiError::new(
            ErrorKind::BadResponse,
            "bad_response",
            crate::text::concat(&["unexpected answer: ", &e.text()]),
        )
    })
}

/// Serialises with serde-wasm-bindgen, then `JSON.stringify`: no serde_json in the wasm.
/// A parcel request's body is a cancellation's (its reason, comment and destination, no
/// serialiser of its own) with its kind, item and quantity in place of the `items`.
pub(super) fn to_json(call: &CancelCall) -> Result<String, ApiError> {
    let js = call
        .request
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| ApiError::new(ErrorKind::Config, "bad_request", e.to_string()))?;
    if let (Some(kind), Some(line)) = (call.parcel, call.request.items.first()) {
        let set = |name: &str, value: JsValue| js_sys::Reflect::set(&js, &name.into(), &value);
        // `JSON.stringify` leaves out a member whose value is undefined.
        let _ = set("items", JsValue::UNDEFINED);
        let _ = set("kind", kind.as_str().into());
        let _ = set("item_id", line.item_id.as_str().into());
        let _ = set("quantity", line.quantity.into());
    }
    js_sys::JSON::stringify(&js).map(String::from).map_err(|_| {
        ApiError::new(
            ErrorKind::Config,
            "bad_request",
            "cannot encode the request",
        )
    })
}

pub(super) fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}
