//! CORS for the embeddable widget: a storefront on another origin may call the API only if
//! its origin is on the allow list. Hand-written: the rules we need fit on one screen.

use crate::problem::{Code, Problem};
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const ALLOW_METHODS: &str = "GET, POST";
const ALLOW_HEADERS: &str = "Authorization, Content-Type, Idempotency-Key, If-Match, Expect-Outcome";
const EXPOSE_HEADERS: &str = "ETag, Retry-After, Idempotent-Replayed";
/// How long a browser may cache a preflight answer, in seconds.
const MAX_AGE: &str = "600";

pub async fn cors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let allowed: Option<HeaderValue> = request
        .headers()
        .get(header::ORIGIN)
        .filter(|origin| origin.to_str().is_ok_and(|o| state.allows_origin(o)))
        .cloned();
    let is_preflight =
        request.method() == Method::OPTIONS && request.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);

    let mut response = if is_preflight {
        match &allowed {
            Some(_) => {
                let mut response = StatusCode::NO_CONTENT.into_response();
                let headers = response.headers_mut();
                headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOW_METHODS));
                headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOW_HEADERS));
                headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static(MAX_AGE));
                response
            }
            None => Problem::new(Code::Forbidden, "This origin may not call the API.").into_response(),
        }
    } else {
        next.run(request).await
    };

    let headers = response.headers_mut();
    // The answer depends on Origin, so caches must keep one copy per origin.
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = allowed {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSE_HEADERS));
    }
    response
}
