//! The store's side of the API (`/v1/merchant/...`, merchant token only): orders in,
//! cancellation requests and decisions, the live policy, webhook deliveries, demo reset.

use crate::auth::Merchant;
use crate::cancellations::{self, Precondition};
use crate::db;
use crate::extract::{ApiPath, ApiQuery, JsonBody};
use crate::merchant_records::{list_limit, one_of, status_filter};
use crate::order_sync::{self, ItemPatch, OrderInput};
use crate::problem::{Code, Problem};
use crate::respond::{json, json_text, with_etag};
use crate::webhooks::outbox;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use cancel_policy::{Cancellation, CancellationStatus, Order, Preset};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct PendingRequest<'a> {
    order_id: &'a str,
    order_number: &'a str,
    shopper_id: &'a str,
    cancellation: &'a Cancellation,
    order: &'a Order,
}

#[derive(Serialize)]
struct PendingList<'a> {
    cancellation_requests: Vec<PendingRequest<'a>>,
}

pub async fn pending_requests(
    State(state): State<AppState>,
    _: Merchant,
) -> Result<Response, Problem> {
    let stored = state
        .db()
        .read(|tx| db::orders_with_pending_requests(tx).map_err(Problem::from))
        .await?;
    let mut requests: Vec<PendingRequest<'_>> = stored
        .iter()
        .flat_map(|s| {
            s.order
                .cancellations
                .iter()
                .filter(|c| c.status == CancellationStatus::Requested)
                .map(|c| PendingRequest {
                    order_id: &s.order.id,
                    order_number: &s.order.number,
                    shopper_id: &s.shopper_id,
                    cancellation: c,
                    order: &s.order,
                })
        })
        .collect();
    requests.sort_by_key(|r| r.cancellation.created_at);
    Ok(json(
        StatusCode::OK,
        &PendingList {
            cancellation_requests: requests,
        },
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    approve: bool,
}

pub async fn decide(
    State(state): State<AppState>,
    _: Merchant,
    ApiPath((order_id, cancellation_id)): ApiPath<(String, String)>,
    JsonBody(decision): JsonBody<Decision>,
) -> Result<Response, Problem> {
    let now = state.now();
    let (notifier, policy) = (state.notifier().clone(), state.policy());
    let (body, version) = state
        .db()
        .run(move |conn| {
            cancellations::decide(
                conn,
                &notifier,
                &policy,
                &order_id,
                &cancellation_id,
                decision.approve,
                now,
            )
        })
        .await?;
    state.events_written();
    Ok(with_etag(json_text(StatusCode::OK, body), version))
}

/// An optional `If-Match` (order writes by the store need not send one).
fn optional_precondition(headers: &HeaderMap) -> Result<Option<Precondition>, Problem> {
    headers
        .get(header::IF_MATCH)
        .map(|value| {
            value
                .to_str()
                .ok()
                .and_then(Precondition::parse)
                .ok_or_else(|| {
                    Problem::invalid("If-Match must be the order's ETag, e.g. \"3\", or *.")
                })
        })
        .transpose()
}

pub async fn put_order(
    State(state): State<AppState>,
    _: Merchant,
    ApiPath(order_id): ApiPath<String>,
    headers: HeaderMap,
    JsonBody(input): JsonBody<OrderInput>,
) -> Result<Response, Problem> {
    let precondition = optional_precondition(&headers)?;
    let now = state.now();
    let synced = state
        .db()
        .run(move |conn| order_sync::put(conn, &order_id, &input, precondition.as_ref(), now))
        .await?;
    let status = if synced.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(with_etag(json(status, &synced.order), synced.order.version))
}

pub async fn patch_item(
    State(state): State<AppState>,
    _: Merchant,
    ApiPath((order_id, item_id)): ApiPath<(String, String)>,
    JsonBody(patch): JsonBody<ItemPatch>,
) -> Result<Response, Problem> {
    let now = state.now();
    let order = state
        .db()
        .run(move |conn| order_sync::patch_item(conn, &order_id, &item_id, &patch, now))
        .await?;
    Ok(with_etag(json(StatusCode::OK, &order), order.version))
}

#[derive(Deserialize)]
pub struct DeliveryParams {
    status: Option<String>,
    limit: Option<String>,
}

#[derive(Serialize)]
struct DeliveryList {
    deliveries: Vec<outbox::DeliveryView>,
}

pub async fn webhook_deliveries(
    State(state): State<AppState>,
    _: Merchant,
    ApiQuery(params): ApiQuery<DeliveryParams>,
) -> Result<Response, Problem> {
    // Empty parameters (`?status=`) mean "not given", as on GET /v1/orders.
    let given = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    const STATUSES: [&str; 3] = ["pending", "delivered", "failed"];
    let status = status_filter(
        given(params.status).as_deref(),
        &STATUSES,
        &one_of(&STATUSES),
    )?;
    // Not a number: 0, refused as out of range.
    let limit = list_limit(given(params.limit).map(|text| text.parse().unwrap_or(0)))?;
    let deliveries = state
        .db()
        .read(move |tx| outbox::list(tx, status, limit).map_err(Problem::from))
        .await?;
    Ok(json(StatusCode::OK, &DeliveryList { deliveries }))
}

#[derive(Deserialize)]
pub struct EmailParams {
    status: Option<String>,
    order_id: Option<String>,
    limit: Option<u32>,
}

#[derive(Serialize)]
struct EmailList {
    emails: Vec<crate::mail::outbox::EmailView>,
}

/// `GET /v1/merchant/email-deliveries`: every email with its attempts, newest first.
pub async fn email_deliveries(
    State(state): State<AppState>,
    _: Merchant,
    ApiQuery(params): ApiQuery<EmailParams>,
) -> Result<Response, Problem> {
    const STATUSES: [&str; 4] = ["pending", "sent", "failed", "skipped"];
    let given = params.status.as_deref().filter(|s| !s.is_empty());
    let status = status_filter(given, &STATUSES, &one_of(&STATUSES))?;
    let limit = list_limit(params.limit)?;
    let order_id = params.order_id.filter(|o| !o.is_empty());
    let emails = state
        .db()
        .read(move |tx| {
            crate::mail::outbox::list(tx, status, order_id.as_deref(), limit).map_err(Problem::from)
        })
        .await?;
    Ok(json(StatusCode::OK, &EmailList { emails }))
}

#[derive(Serialize)]
struct History {
    order_id: String,
    entries: Vec<db::HistoryEntry>,
}

/// `GET /v1/merchant/orders/{order_id}/history`: what happened to the order, oldest first.
pub async fn order_history(
    State(state): State<AppState>,
    _: Merchant,
    ApiPath(order_id): ApiPath<String>,
) -> Result<Response, Problem> {
    let history = state
        .db()
        .read(move |tx| {
            db::find_order(tx, &order_id)?.ok_or_else(|| Problem::not_found("Order"))?;
            let entries = db::history::history(tx, &order_id)?;
            Ok::<_, Problem>(History { order_id, entries })
        })
        .await?;
    Ok(json(StatusCode::OK, &history))
}

/// `PUT /v1/merchant/policy`: `{"preset": "amazon"}` or `{"policy": {...}}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyChange {
    preset: Option<String>,
    policy: Option<serde_json::Value>,
}

pub async fn put_policy(
    State(state): State<AppState>,
    _: Merchant,
    JsonBody(change): JsonBody<PolicyChange>,
) -> Result<Response, Problem> {
    let policy = match (change.preset, change.policy) {
        (Some(name), None) => Preset::parse(&name)
            .ok_or_else(|| {
                let names: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
                Problem::invalid(format!(
                    "Unknown preset {name:?}; use one of {}.",
                    names.join(", ")
                ))
            })?
            .policy(),
        (None, Some(value)) => crate::policy_file::from_value(value)
            .map_err(|e| Problem::invalid(format!("The policy is not valid: {e}")))?,
        _ => {
            return Err(Problem::invalid(
                "Send either {\"preset\": NAME} or {\"policy\": {...}}.",
            ))
        }
    };
    tracing::info!(policy = %policy.name, "live policy replaced");
    state.set_policy(policy);
    Ok(json(StatusCode::OK, &*state.policy()))
}

/// `POST /v1/merchant/demo/reset`: the demo data as at start-up, only with `--seed`.
pub async fn demo_reset(State(state): State<AppState>, _: Merchant) -> Result<Response, Problem> {
    let Some(synthetic) = state.demo() else {
        return Err(Problem::new(
            Code::NotFound,
            "The demo reset exists only when the server runs with --seed.",
        ));
    };
    let now = state.now();
    let orders = state
        .db()
        .run(move |conn| {
            db::write(conn, |tx| {
                db::clear_all(tx)?;
                crate::seed::seed_in(tx, now, synthetic)
            })
            .map_err(Problem::from)
        })
        .await?;
    tracing::info!(orders, "demo data reset");
    Ok(json(
        StatusCode::OK,
        &serde_json::json!({ "orders": orders }),
    ))
}
