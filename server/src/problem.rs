//! Errors as `application/problem+json` (RFC 9457), each with a stable machine-readable `code`.

use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value};

/// Every problem code the API can answer with. The widget switches on these, so they are
/// part of the contract: add new ones, never rename.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    InvalidRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    PayloadTooLarge,
    StateChanged,
    /// A merchant's order write contradicts the stored order (409).
    OrderConflict,
    RequestInFlight,
    NotPending,
    StaleVersion,
    IdempotencyKeyReused,
    PreconditionRequired,
    RateLimited,
    Unavailable,
    Internal,
}

impl Code {
    pub const ALL: [Code; 16] = [
        Code::InvalidRequest,
        Code::Unauthorized,
        Code::Forbidden,
        Code::NotFound,
        Code::MethodNotAllowed,
        Code::PayloadTooLarge,
        Code::StateChanged,
        Code::OrderConflict,
        Code::RequestInFlight,
        Code::NotPending,
        Code::StaleVersion,
        Code::IdempotencyKeyReused,
        Code::PreconditionRequired,
        Code::RateLimited,
        Code::Unavailable,
        Code::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidRequest => "invalid_request",
            Code::Unauthorized => "unauthorized",
            Code::Forbidden => "forbidden",
            Code::NotFound => "not_found",
            Code::MethodNotAllowed => "method_not_allowed",
            Code::PayloadTooLarge => "payload_too_large",
            Code::StateChanged => "state_changed",
            Code::OrderConflict => "order_conflict",
            Code::RequestInFlight => "request_in_flight",
            Code::NotPending => "not_pending",
            Code::StaleVersion => "stale_version",
            Code::IdempotencyKeyReused => "idempotency_key_reused",
            Code::PreconditionRequired => "precondition_required",
            Code::RateLimited => "rate_limited",
            Code::Unavailable => "unavailable",
            Code::Internal => "internal",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            Code::InvalidRequest => StatusCode::BAD_REQUEST,
            Code::Unauthorized => StatusCode::UNAUTHORIZED,
            Code::Forbidden => StatusCode::FORBIDDEN,
            Code::NotFound => StatusCode::NOT_FOUND,
            Code::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Code::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Code::StateChanged | Code::OrderConflict | Code::RequestInFlight | Code::NotPending => {
                StatusCode::CONFLICT
            }
            Code::StaleVersion => StatusCode::PRECONDITION_FAILED,
            Code::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            Code::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Code::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short, human-readable summary; the same for every occurrence of the code.
    pub fn title(self) -> &'static str {
        match self {
            Code::InvalidRequest => "The request is invalid",
            Code::Unauthorized => "Authentication required",
            Code::Forbidden => "Not allowed for this token",
            Code::NotFound => "Not found",
            Code::MethodNotAllowed => "Method not allowed",
            Code::PayloadTooLarge => "Request body too large",
            Code::StateChanged => "The order changed and this cancellation is no longer possible",
            Code::OrderConflict => "The order update contradicts the stored order",
            Code::RequestInFlight => "A request with this idempotency key is still being processed",
            Code::NotPending => "The cancellation request was already decided",
            Code::StaleVersion => "The order has changed since it was read",
            Code::IdempotencyKeyReused => "Idempotency key reused with a different request",
            Code::PreconditionRequired => "If-Match header required",
            Code::RateLimited => "Too many requests",
            Code::Unavailable => "Service temporarily unavailable",
            Code::Internal => "Internal server error",
        }
    }
}

/// A problem answer under construction: a code, a specific `detail`, optional extension
/// members (e.g. the current `order`) and extra headers.
#[derive(Debug)]
pub struct Problem {
    pub code: Code,
    pub detail: String,
    extensions: Map<String, Value>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl Problem {
    pub fn new(code: Code, detail: impl Into<String>) -> Self {
        let mut problem = Problem {
            code,
            detail: detail.into(),
            extensions: Map::new(),
            headers: Vec::new(),
        };
        match code {
            Code::Unauthorized => problem = problem.header(header::WWW_AUTHENTICATE, "Bearer"),
            Code::Unavailable => problem = problem.header(header::RETRY_AFTER, "1"),
            _ => {}
        }
        problem
    }

    pub fn invalid(detail: impl Into<String>) -> Self {
        Problem::new(Code::InvalidRequest, detail)
    }

    pub fn not_found(what: &str) -> Self {
        Problem::new(Code::NotFound, format!("{what} not found"))
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        // The cause goes to the log, not to the client.
        tracing::error!(cause = %cause, "internal error");
        Problem::new(
            Code::Internal,
            "Something went wrong on our side; please try again.",
        )
    }

    /// Adds an extension member, e.g. `order` or `refusals`.
    pub fn with(mut self, key: &str, value: impl Serialize) -> Self {
        let value = serde_json::to_value(value).unwrap_or(Value::Null);
        self.extensions.insert(key.to_string(), value);
        self
    }

    pub fn header(self, name: HeaderName, value: &'static str) -> Self {
        self.set_header(name, HeaderValue::from_static(value))
    }

    /// `Retry-After` in whole seconds, replacing any default.
    pub fn retry_after(self, seconds: u64) -> Self {
        self.set_header(header::RETRY_AFTER, HeaderValue::from(seconds))
    }

    fn set_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value));
        self
    }

    /// The JSON body: the RFC 9457 members first, then the extensions.
    pub fn body(&self) -> String {
        serde_json::to_string(&Body {
            kind: format!(
                "https://order-cancel-widget.dev/problems/{}",
                self.code.as_str()
            ),
            title: self.code.title(),
            status: self.code.status().as_u16(),
            detail: &self.detail,
            code: self.code.as_str(),
            extensions: &self.extensions,
        })
        .expect("problems serialise")
    }
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'static str,
    status: u16,
    detail: &'a str,
    code: &'static str,
    #[serde(flatten)]
    extensions: &'a Map<String, Value>,
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = self.body();
        let mut response = (
            self.code.status(),
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/problem+json"),
            )],
            body,
        )
            .into_response();
        for (name, value) in self.headers {
            response.headers_mut().insert(name, value);
        }
        response
    }
}
