//! Parcel requests on the server: a shopper asks to stop a parcel or says they will refuse
//! it (`POST /v1/orders/{id}/parcel-requests`, through the same seam as a cancellation:
//! Idempotency-Key, If-Match, the policy re-checked on the stored order), and the store
//! moves the request on (`PATCH /v1/merchant/parcel-requests/{id}`, forward only) and lists
//! them (`GET /v1/merchant/parcel-requests`; both through [`crate::merchant_records`]). The rules are the policy crate's
//! ([`check_parcel_request`], [`move_parcel_request`]); a request lives in its order,
//! changed under the order's lock, with its webhook and history entry in the same
//! transaction. A return opens the refund like any cancellation that returns money.

use crate::auth::Shopper;
use crate::cancellations::{reason_or_unspecified, refused};
use crate::db::{self, Conn, Records, Save, StoredOrder};
use crate::extract::{ApiPath, JsonBody};
use crate::ids::random_id;
use crate::merchant_records::{answer, order_holding, MerchantRecord};
use crate::notify::Notifier;
use crate::problem::{Code, Problem};
use crate::refunds;
use crate::shopper_write::{self, request_hash, Answer, ShopperWrite};
use crate::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use cancel_policy::{
    check_parcel_request, move_parcel_request, open_parcel_request, NewParcelRequest, Order,
    OrderItem, ParcelMoveError, ParcelRequestRecord, ParcelRequestStatus, ParcelRequestUpdate,
    Policy, Timestamp,
};
use serde::Serialize;

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
        Ok(answer(&request, order))
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

impl MerchantRecord for ParcelRequestRecord {
    const RECORDS: Records = Records::ParcelRequests;
    const NAME: &'static str = "Parcel request";
    const KEY: &'static str = "parcel_request";
    const LIST_KEY: &'static str = "parcel_requests";
    type Change = ParcelRequestUpdate;
    type Listing = Listed;

    fn statuses() -> Vec<&'static str> {
        ParcelRequestStatus::ALL
            .map(ParcelRequestStatus::as_str)
            .to_vec()
    }
    fn find<'a>(order: &'a Order, id: &str) -> Option<&'a Self> {
        order.parcel_requests.iter().find(|r| r.id == id)
    }
    /// With its line: what the store's people look for in the warehouse.
    fn listing(&self, order: &Order) -> Option<Listed> {
        Some(Listed {
            parcel_request: self.clone(),
            item: order.item(&self.item_id)?.clone(),
        })
    }

    /// Moves parcel request `id` to the change's status. A change is stored with its
    /// webhook, history entry and, for a return, its refund.
    fn update(
        conn: &mut Conn<'_>,
        policy: &Policy,
        notifier: &Notifier,
        id: &str,
        change: ParcelRequestUpdate,
        now: Timestamp,
    ) -> Result<(String, u64), Problem> {
        let status = change.status;
        db::write(conn, |tx| {
            let StoredOrder {
                shopper_id,
                mut order,
            } = order_holding::<Self>(tx, id)?;
            let moved = move_parcel_request(&mut order, id, status, now, || random_id("c_", 8))
                .map_err(|e| {
                    let current = Self::find(&order, id);
                    let problem = match e {
                        ParcelMoveError::Unknown => return Problem::not_found(Self::NAME),
                        ParcelMoveError::Invalid(why) => Problem::invalid(why),
                        ParcelMoveError::Conflict(why) => {
                            Problem::new(Code::ParcelRequestConflict, why)
                        }
                    };
                    problem.with(Self::KEY, current)
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
            Ok((answer(&moved.request, &order), order.version))
        })
    }
}

/// A parcel request in `GET /v1/merchant/parcel-requests`, after its order's names.
#[derive(Serialize)]
pub struct Listed {
    parcel_request: ParcelRequestRecord,
    item: OrderItem,
}
