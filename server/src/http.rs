//! Routes and handlers of the `/v1` API. Handlers check the request's shape and headers;
//! the rules live in `cancel_policy`, the transactions in `cancellations` and `db`.

use crate::auth::Shopper;
use crate::cancellations::{self, NewCancellation};
use crate::db::{self, Cursor, OrderQuery};
use crate::extract::{ApiPath, ApiQuery, JsonBody, BODY_LIMIT};
use crate::ids::random_id;
use crate::merchant;
use crate::merchant_records;
use crate::problem::{Code, Problem};
use crate::respond::{json, with_etag};
use crate::shopper_write::{self, ShopperWrite};
use crate::AppState;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, put};
use axum::{middleware, Router};
use cancel_policy::{CancellationRequest, Order, ParcelRequestRecord, Refund, Refusal, Tab};
use serde::{Deserialize, Serialize};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;
use tracing::Level;

/// The committed OpenAPI document, served as-is.
pub const OPENAPI: &str = include_str!("../../openapi.yaml");

pub use crate::respond::{EXPECT_OUTCOME, IDEMPOTENT_REPLAYED, REQUEST_ID};

const DEFAULT_PAGE: u32 = 10;
const MAX_PAGE: u32 = 50;
const MAX_SEARCH_CHARS: usize = 200;
/// Item ids are at most this long (`order_sync::MAX_ID_CHARS`, openapi.yaml).
const MAX_ITEM_ID_CHARS: usize = crate::order_sync::MAX_ID_CHARS;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route("/v1/openapi.yaml", get(openapi))
        .route("/v1/policy", get(policy))
        .route("/v1/orders", get(list_orders))
        .route("/v1/orders/{order_id}", get(get_order))
        .route("/v1/orders/{order_id}/cancellations", post(create_cancellation))
        .route("/v1/orders/{order_id}/parcel-requests", post(crate::parcel_requests::post_parcel_request))
        .route("/v1/merchant/cancellation-requests", get(merchant::pending_requests))
        .route("/v1/merchant/orders/{order_id}", put(merchant::put_order))
        .route("/v1/merchant/orders/{order_id}/items/{item_id}", patch(merchant::patch_item))
        .route("/v1/merchant/orders/{order_id}/cancellations/{cancellation_id}/decision", post(merchant::decide))
        .route("/v1/merchant/webhook-deliveries", get(merchant::webhook_deliveries))
        .route("/v1/merchant/email-deliveries", get(merchant::email_deliveries))
        .route("/v1/merchant/orders/{order_id}/history", get(merchant::order_history))
        .route("/v1/merchant/refunds", get(merchant_records::list::<Refund>))
        .route("/v1/merchant/refunds/{refund_id}", patch(merchant_records::patch::<Refund>))
        .route("/v1/merchant/parcel-requests", get(merchant_records::list::<ParcelRequestRecord>))
        .route("/v1/merchant/parcel-requests/{parcel_request_id}", patch(merchant_records::patch::<ParcelRequestRecord>))
        .route("/v1/merchant/policy", put(merchant::put_policy))
        .route("/v1/merchant/demo/reset", post(merchant::demo_reset))
        .fallback(|uri: Uri| async move { Problem::new(Code::NotFound, format!("No endpoint at {}.", uri.path())) })
        .method_not_allowed_fallback(|| async {
            Problem::new(Code::MethodNotAllowed, "This endpoint does not support that method.")
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), count_unavailable))
        // Inside CORS, so a browser can read a 429 and its Retry-After.
        .layer(middleware::from_fn_with_state(state.clone(), crate::rate_limit::limit))
        .layer(crate::cors::layer(state.allow_origins()))
        .layer(middleware::from_fn_with_state(state.clone(), crate::cors::preflight))
        // Outermost: every request gets an id (a client's X-Request-Id is kept), echoed in
        // the answer, and a span carrying it; the span's close is the access log line.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &axum::http::Request<_>| {
                    let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path(), unavailable_total = tracing::field::Empty)
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Micros))
                .on_failure(()),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, RandomRequestId))
        .with_state(state)
}

/// Counts the requests answered 503 `unavailable`: the count goes into the access log line
/// (`unavailable_total`, this instance's since start) and the database's recovery message.
async fn count_unavailable(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: middleware::Next,
) -> Response {
    let response = next.run(request).await;
    if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        let total = state.db().health().turned_away();
        tracing::Span::current().record("unavailable_total", total);
    }
    response
}

/// Request ids from the OS random source: `req_` and 16 hex digits.
#[derive(Clone, Copy)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&random_id("req_", 8))
            .ok()
            .map(RequestId::new)
    }
}

/// How storage failures are answered: a busy or unreachable database is worth a retry
/// (503, logged once per outage by the database's health, not per request), anything else
/// is our fault (500, logged).
impl From<crate::db::DbError> for Problem {
    fn from(err: crate::db::DbError) -> Self {
        if err.is_busy() {
            Problem::new(Code::Unavailable, "The database is busy; retry shortly.")
        } else if err.is_unreachable() {
            Problem::new(
                Code::Unavailable,
                "The database is unavailable; retry shortly.",
            )
        } else {
            Problem::internal(err)
        }
    }
}

/// Readiness: the database answers a query (a load balancer sends traffic only then); 503
/// while it does not.
async fn ready(State(state): State<AppState>) -> Result<Response, Problem> {
    let version = state
        .db()
        .read(|tx| {
            db::schema_version(tx).map_err(|e| {
                Problem::new(
                    Code::Unavailable,
                    format!("The database does not answer: {e}"),
                )
            })
        })
        .await?;
    Ok(json(
        StatusCode::OK,
        &serde_json::json!({"status": "ready", "schema_version": version}),
    ))
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/yaml")], OPENAPI)
}

/// Public: the widget needs the rules before anyone signs in.
async fn policy(State(state): State<AppState>) -> Response {
    json(StatusCode::OK, &*state.policy())
}

#[derive(Deserialize)]
struct ListParams {
    status: Option<String>,
    q: Option<String>,
    cursor: Option<String>,
    limit: Option<String>,
}

#[derive(Serialize)]
struct OrderList {
    orders: Vec<Order>,
    next_cursor: Option<String>,
}

impl ListParams {
    /// Empty parameters (`?q=`) mean "not given", as HTML forms send them.
    fn into_query(self, shopper_id: String) -> Result<OrderQuery, Problem> {
        let given = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        let tab = match given(self.status) {
            None => Tab::All,
            Some(s) => Tab::parse(&s).ok_or_else(|| {
                let tabs: Vec<&str> = Tab::ALL.iter().map(|t| t.as_str()).collect();
                Problem::invalid(format!(
                    "Unknown status {s:?}; use one of {}.",
                    tabs.join(", ")
                ))
            })?,
        };
        let limit = match given(self.limit) {
            None => DEFAULT_PAGE,
            Some(s) => s
                .parse()
                .ok()
                .filter(|n| (1..=MAX_PAGE).contains(n))
                .ok_or_else(|| {
                    Problem::invalid(format!("limit must be a number from 1 to {MAX_PAGE}."))
                })?,
        };
        let after = given(self.cursor)
            .map(|c| {
                Cursor::parse(&c)
                    .ok_or_else(|| Problem::invalid("cursor is not one this server issued."))
            })
            .transpose()?;
        let search = given(self.q).map(|q| q.trim().to_string());
        if search
            .as_ref()
            .is_some_and(|q| q.chars().count() > MAX_SEARCH_CHARS)
        {
            return Err(Problem::invalid(format!(
                "q may be at most {MAX_SEARCH_CHARS} characters."
            )));
        }
        Ok(OrderQuery {
            shopper_id,
            tab,
            search,
            after,
            limit,
        })
    }
}

async fn list_orders(
    State(state): State<AppState>,
    Shopper(shopper_id): Shopper,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Response, Problem> {
    let query = params.into_query(shopper_id)?;
    let page = state
        .db()
        .read(move |tx| db::list_orders(tx, &query).map_err(Problem::from))
        .await?;
    let list = OrderList {
        orders: page.orders,
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    };
    Ok(json(StatusCode::OK, &list))
}

async fn get_order(
    State(state): State<AppState>,
    Shopper(shopper_id): Shopper,
    ApiPath(order_id): ApiPath<String>,
) -> Result<Response, Problem> {
    let order = state
        .db()
        .read(move |tx| db::find_shoppers_order(tx, &shopper_id, &order_id).map_err(Problem::from))
        .await?
        .ok_or_else(|| Problem::not_found("Order"))?;
    Ok(with_etag(json(StatusCode::OK, &order), order.version))
}

/// `Expect-Outcome: cancel_now`: the shopper was shown "cancel now" for every line, so a
/// line that would become a seller request (its window closed meanwhile, which does not
/// change the order's version) must be refused rather than silently turned into a request.
fn cancel_now_only(headers: &HeaderMap) -> Result<bool, Problem> {
    match headers.get(EXPECT_OUTCOME).map(HeaderValue::as_bytes) {
        None => Ok(false),
        Some(b"cancel_now") => Ok(true),
        Some(_) => Err(Problem::invalid("Expect-Outcome may only be cancel_now.")),
    }
}

/// What the schema states about the lines (`CancellationRequest` in openapi.yaml), checked
/// with the body, before the order is read: a malformed selection is 400 whatever the
/// order's version, and `refusals` says what to fix, as the policy's own refusals do.
fn check_lines(request: &CancellationRequest) -> Result<(), Problem> {
    let mut refusals = Vec::new();
    if request.items.is_empty() {
        refusals.push(Refusal::EmptySelection);
    }
    for (i, line) in request.items.iter().enumerate() {
        let item_id = line.item_id.clone();
        if !(1..=MAX_ITEM_ID_CHARS).contains(&line.item_id.chars().count()) {
            refusals.push(Refusal::UnknownItem { item_id });
        } else if line.quantity == 0 {
            refusals.push(Refusal::ZeroQuantity { item_id });
        } else if request.items[..i].contains(line) {
            refusals.push(Refusal::DuplicateItem { item_id });
        }
    }
    if refusals.is_empty() {
        return Ok(());
    }
    Err(Problem::invalid("The selection is malformed; see refusals.").with("refusals", &refusals))
}

async fn create_cancellation(
    State(state): State<AppState>,
    Shopper(shopper_id): Shopper,
    ApiPath(order_id): ApiPath<String>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<CancellationRequest>,
) -> Result<Response, Problem> {
    check_lines(&request)?;
    let write = ShopperWrite::from_headers(&state, &headers, shopper_id, order_id)?;
    let new = NewCancellation {
        cancel_now_only: cancel_now_only(&headers)?,
        request,
    };
    let policy = state.policy(); // a handle: the policy is not copied per request
    let notifier = state.notifier().clone();
    shopper_write::run(&state, write, move |conn, write| {
        cancellations::create(conn, &policy, &notifier, write, &new)
    })
    .await
}
