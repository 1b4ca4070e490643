//! Parcel requests on the server: a shopper asks to stop a parcel or says they will refuse
//! it (`POST /v1/orders/{id}/parcel-requests`, through the same seam as a cancellation:
//! Idempotency-Key, If-Match, the policy re-checked on the stored order), and the store
//! moves the request on (`PATCH /v1/merchant/parcel-requests/{id}`, forward only) and lists
//! them (`GET /v1/merchant/parcel-requests`). The rules are the policy crate's
//! ([`check_parcel_request`], [`move_parcel_request`]); a request lives in its order,
//! changed under the order's lock, with its webhook and history entry in the same
//! transaction. A return opens the refund like any cancellation that returns money.

use crate::auth::{Merchant, Shopper};
use crate::cancellations::{reason_or_unspecified, refused};
use crate::db::{self, Conn, Records, Save, StoredOrder};
use crate::extract::{ApiPath, ApiQuery, JsonBody};
use crate::ids::random_id;
use crate::notify::Notifier;
use crate::problem::{Code, Problem};
use crate::refunds;
use crate::respond::{json, json_text, with_etag};
use crate::shopper_write::{self, request_hash, Answer, ShopperWrite};
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use cancel_policy::{
    check_parcel_request, move_parcel_request, open_parcel_request, NewParcelRequest, Order,
    OrderItem, ParcelMoveError, ParcelRequestRecord, ParcelRequestStatus, ParcelRequestUpdate,
    Policy, Timestamp,
};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Answered<'a> {
    parcel_request: &'a ParcelRequestRecord,
    order: &'a Order,
}

fn body(parcel_request: &ParcelRequestRecord, order: &Order) -> String {
    serde_json::to_string(&Answered {
        parcel_request,
        order,
    })
    .expect("responses serialise")
}

/// Records the shopper's parcel request: the policy offers it for the item now (else 409
/// with the current order, or 400 for a reason or quantity the policy refuses).
pub fn create(
    conn: &mut Conn<'_>,
    policy: &Policy,
    notifier: &Notifier,
    w: &ShopperWrite,
    new: &NewParcelRequest,
) -> Result<Answer, Problem> {
    let canonical = serde_json::to_vec(new).expect("requests serialise");
    let hash = request_hash(&w.order_id, &[b"parcel_request", &canonical]);
    shopper_write::write(conn, w, &hash, |tx, order| {
        let quote = check_parcel_request(order, policy, new, w.now).map_err(|refusals| {
            refused(
                order,
                refusals,
                "The item can no longer be asked about this way; see refusals and the current order.",
                "The parcel request does not satisfy the policy; see refusals.",
            )
        })?;
        let reason = reason_or_unspecified(new.reason_code.as_deref());
        let request = open_parcel_request(order, new, &quote, reason, w.now, random_id("pr_", 8));
        db::save_order(tx, &w.shopper_id, order, Save::Existing)?;
        notifier.parcel_request_created(
            tx,
            order,
            &w.shopper_id,
            &request,
            &w.requester(),
            policy,
            w.now,
        )?;
        Ok(body(&request, order))
    })
}

/// Moves parcel request `id` to `status`: the request and its order after it (as they
/// were, for a replay) and the order's version. A change is stored with its webhook,
/// history entry and, for a return, its refund in one transaction; a refused one writes
/// nothing.
pub fn update(
    conn: &mut Conn<'_>,
    policy: &Policy,
    notifier: &Notifier,
    id: &str,
    status: ParcelRequestStatus,
    now: Timestamp,
) -> Result<(String, u64), Problem> {
    db::write(conn, |tx| {
        let not_found = || Problem::not_found("Parcel request");
        let order_id = db::order_id_of(tx, Records::ParcelRequests, id)?.ok_or_else(not_found)?;
        let StoredOrder {
            shopper_id,
            mut order,
        } = db::find_order(tx, &order_id)?.ok_or_else(not_found)?;
        let moved = move_parcel_request(&mut order, id, status, now, || random_id("c_", 8))
            .map_err(|e| {
                let current = order.parcel_requests.iter().find(|r| r.id == id);
                let problem = match e {
                    ParcelMoveError::Unknown => return not_found(),
                    ParcelMoveError::Invalid(why) => Problem::invalid(why),
                    ParcelMoveError::Conflict(why) => {
                        Problem::new(Code::ParcelRequestConflict, why)
                    }
                };
                problem.with("parcel_request", current)
            })?;
        if moved.changed {
            let refunds = refunds::open(
                &mut order,
                moved.cancellation.as_slice(),
                &policy.refund_times,
                now,
            );
            db::save_order(tx, &shopper_id, &order, Save::Existing)?;
            notifier.parcel_request_updated(
                tx,
                &order,
                &shopper_id,
                &moved.request,
                &refunds,
                now,
            )?;
            tracing::info!(id, order_id = %order.id, status = status.as_str(), "parcel request moved");
        }
        Ok((body(&moved.request, &order), order.version))
    })
}

/// `POST /v1/orders/{order_id}/parcel-requests`.
pub async fn post_parcel_request(
    State(state): State<AppState>,
    Shopper(shopper_id): Shopper,
    ApiPath(order_id): ApiPath<String>,
    headers: HeaderMap,
    JsonBody(new): JsonBody<NewParcelRequest>,
) -> Result<Response, Problem> {
    let write = ShopperWrite::from_headers(&state, &headers, shopper_id, order_id)?;
    let (policy, notifier) = (state.policy(), state.notifier().clone());
    shopper_write::run(&state, write, move |conn, write| {
        create(conn, &policy, &notifier, write, &new)
    })
    .await
}

/// `PATCH /v1/merchant/parcel-requests/{parcel_request_id}`.
pub async fn patch_parcel_request(
    State(state): State<AppState>,
    _: Merchant,
    ApiPath(id): ApiPath<String>,
    JsonBody(change): JsonBody<ParcelRequestUpdate>,
) -> Result<Response, Problem> {
    let now = state.now();
    let (policy, notifier) = (state.policy(), state.notifier().clone());
    let (body, version) = state
        .db()
        .run(move |conn| update(conn, &policy, &notifier, &id, change.status, now))
        .await?;
    state.events_written();
    Ok(with_etag(json_text(StatusCode::OK, body), version))
}

#[derive(Deserialize)]
pub struct ListParams {
    status: Option<String>,
    limit: Option<u32>,
}

#[derive(Serialize)]
struct Listed {
    order_id: String,
    order_number: String,
    shopper_id: String,
    parcel_request: ParcelRequestRecord,
    item: OrderItem,
}

#[derive(Serialize)]
struct ParcelRequestList {
    parcel_requests: Vec<Listed>,
}

/// `GET /v1/merchant/parcel-requests?status=&limit=`: oldest first, each with its order's
/// names and its line (what the store's people look for in the warehouse).
pub async fn list_parcel_requests(
    State(state): State<AppState>,
    _: Merchant,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Response, Problem> {
    let status = match params.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => Some(ParcelRequestStatus::parse(text).ok_or_else(|| {
            let names: Vec<&str> = ParcelRequestStatus::ALL
                .iter()
                .map(|s| s.as_str())
                .collect();
            Problem::invalid(format!(
                "Unknown status {text:?}; use {}.",
                names.join(", ")
            ))
        })?),
    };
    let limit = params.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(Problem::invalid("limit must be a number from 1 to 500."));
    }
    let found = state
        .db()
        .read(move |tx| {
            let status = status.map(ParcelRequestStatus::as_str);
            db::orders_with(tx, Records::ParcelRequests, status, limit).map_err(Problem::from)
        })
        .await?;
    let parcel_requests = found
        .into_iter()
        .filter_map(|(id, stored)| {
            let request = stored.order.parcel_requests.iter().find(|r| r.id == id)?;
            Some(Listed {
                item: stored.order.item(&request.item_id)?.clone(),
                parcel_request: request.clone(),
                order_id: stored.order.id,
                order_number: stored.order.number,
                shopper_id: stored.shopper_id,
            })
        })
        .collect();
    Ok(json(StatusCode::OK, &ParcelRequestList { parcel_requests }))
}
