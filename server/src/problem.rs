//! Errors as `application/problem+json` (RFC 9457), each with a stable machine-readable `code`.

use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value};

/// Declares [`Code`] from one table: each code's variant, wire string, HTTP status and
/// title are written once, side by side.
macro_rules! problem_codes {
    ($($(#[$doc:meta])* $variant:ident => $code:literal, $status:ident, $title:literal;)+) => {
        /// Every problem code the API can answer with. The widget switches on these, so they
        /// are part of the contract: add new ones, never rename.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Code {
            $($(#[$doc])* $variant,)+
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable `code` member (and the last segment of `type`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)+
                }
            }

            pub fn status(self) -> StatusCode {
                match self {
                    $(Code::$variant => StatusCode::$status,)+
                }
            }

            /// A short, human-readable summary; the same for every occurrence of the code.
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$variant => $title,)+
                }
            }
        }
    };
}

problem_codes! {
    InvalidRequest => "invalid_request", BAD_REQUEST, "The request is invalid";
    Unauthorized => "unauthorized", UNAUTHORIZED, "Authentication required";
    Forbidden => "forbidden", FORBIDDEN, "Not allowed for this token";
    NotFound => "not_found", NOT_FOUND, "Not found";
    MethodNotAllowed => "method_not_allowed", METHOD_NOT_ALLOWED, "Method not allowed";
    PayloadTooLarge => "payload_too_large", PAYLOAD_TOO_LARGE, "Request body too large";
    StateChanged => "state_changed", CONFLICT,
        "The order changed and this cancellation is no longer possible";
    /// A merchant's order write contradicts the stored order.
    OrderConflict => "order_conflict", CONFLICT, "The order update contradicts the stored order";
    RequestInFlight => "request_in_flight", CONFLICT,
        "A request with this idempotency key is still being processed";
    NotPending => "not_pending", CONFLICT, "The cancellation request was already decided";
    /// A refund update contradicts where the refund already is (409).
    RefundConflict => "refund_conflict", CONFLICT, "The refund is already settled otherwise";
    /// A parcel request move contradicts where the request already is (409).
    ParcelRequestConflict => "parcel_request_conflict", CONFLICT,
        "The parcel request is already settled otherwise";
    StaleVersion => "stale_version", PRECONDITION_FAILED, "The order has changed since it was read";
    IdempotencyKeyReused => "idempotency_key_reused", UNPROCESSABLE_ENTITY,
        "Idempotency key reused with a different request";
    PreconditionRequired => "precondition_required", PRECONDITION_REQUIRED,
        "If-Match header required";
    RateLimited => "rate_limited", TOO_MANY_REQUESTS, "Too many requests";
    Unavailable => "unavailable", SERVICE_UNAVAILABLE, "Service temporarily unavailable";
    Internal => "internal", INTERNAL_SERVER_ERROR, "Internal server error";
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
