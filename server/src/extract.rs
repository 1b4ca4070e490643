//! Extractors whose rejections are problem+json: bad input is always a 4xx in the
//! API's own error format, never axum's plain-text default.

use crate::problem::{Code, Problem};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::{header, request::Parts, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Largest request body accepted.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A JSON request body: `Content-Type: application/json`, at most [`BODY_LIMIT`] bytes.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(Problem::invalid(
                "Send the body as JSON with Content-Type: application/json.",
            ));
        }
        // The router's DefaultBodyLimit makes this stop reading at BODY_LIMIT.
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Problem::new(
                    Code::PayloadTooLarge,
                    format!("The body may be at most {BODY_LIMIT} bytes."),
                )
            } else {
                Problem::invalid(format!("Could not read the body: {rejection}"))
            }
        })?;
        let not_for_this_endpoint =
            |e| Problem::invalid(format!("The body is not valid JSON for this endpoint: {e}"));
        let mut value: Value = serde_json::from_slice(&bytes).map_err(not_for_this_endpoint)?;
        whole_numbers_as_integers(&mut value);
        serde_json::from_value(value)
            .map(JsonBody)
            .map_err(not_for_this_endpoint)
    }
}

/// JSON has one number type: `3.0` is the number 3, and JSON Schema's `integer` accepts it.
/// Some clients write every number with a fraction (a float in their language), so a whole
/// number is read as an integer wherever it stands; `3.5` still fails where an integer is due.
fn whole_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(n) => {
            let whole = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0);
            // Within ±2^53 every whole f64 is exactly that integer.
            if let Some(f) = whole.filter(|f| f.abs() <= 9_007_199_254_740_992.0) {
                *n = (f as i64).into();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(members) => members.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

/// Path parameters.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|e| Problem::invalid(format!("Bad path: {e}")))
    }
}

/// Query-string parameters.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| ApiQuery(value))
            .map_err(|e| Problem::invalid(format!("Bad query string: {e}")))
    }
}
