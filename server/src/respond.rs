//! Building answers: JSON bodies, the ETag, and the names of the API's own headers. A leaf
//! module, so the routers (`http`, `merchant`) and the CORS layer share it without
//! depending on each other.

use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

pub const IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");
pub const EXPECT_OUTCOME: HeaderName = HeaderName::from_static("expect-outcome");
/// Set on every request that has none, echoed on every answer, and named in every log line.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The strong entity tag of an order version, as sent in `ETag`.
pub fn etag(version: u64) -> String {
    format!("\"{version}\"")
}

/// A JSON response from already-serialised text.
pub fn json_text(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    json_text(
        status,
        serde_json::to_string(value).expect("responses serialise"),
    )
}

/// Adds the order version's `ETag`.
pub fn with_etag(mut response: Response, version: u64) -> Response {
    if let Ok(value) = HeaderValue::from_str(&etag(version)) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}
