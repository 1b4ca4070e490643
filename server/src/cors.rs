//! CORS for the embeddable widget (tower-http's `CorsLayer`): a storefront on another
//! origin may call the API only if its origin is on the allow list.

use crate::problem::{Code, Problem};
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// How long a browser may cache a preflight answer.
const MAX_AGE: Duration = Duration::from_secs(600);

pub fn layer(allow_origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = allow_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("idempotency-key"),
            header::IF_MATCH,
            crate::respond::EXPECT_OUTCOME,
            // The emails' language; safelisted for short tags, but not for every value.
            header::ACCEPT_LANGUAGE,
        ])
        .expose_headers([
            header::ETAG,
            header::RETRY_AFTER,
            crate::respond::IDEMPOTENT_REPLAYED,
        ])
        .max_age(MAX_AGE)
        // The answer depends on Origin, so caches must keep one copy per origin.
        .vary([header::ORIGIN])
}

/// Outside the CORS layer: a preflight from an origin not on the list is refused outright
/// (403, no CORS headers), and an accepted one answers 204 No Content.
pub async fn preflight(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if !is_preflight {
        return next.run(request).await;
    }
    let allowed = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_some_and(|o| state.allows_origin(o));
    if !allowed {
        return Problem::new(Code::Forbidden, "This origin may not call the API.").into_response();
    }
    let mut response = next.run(request).await;
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}
