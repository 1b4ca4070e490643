//! Refunds on the server: opened pending in the transaction of the cancellation that owes
//! them, moved on by the store's payment side (`PATCH /v1/merchant/refunds/{id}`), listed
//! for it (`GET /v1/merchant/refunds`), and with `--simulate` settled by themselves after a
//! while (the demo has no payment side). The rules are the policy crate's
//! ([`Refund::apply`]); a refund lives in its order, changed under the order's lock.

use crate::auth::Merchant;
use crate::db::{self, Conn, Save, StoredOrder};
use crate::extract::{ApiPath, ApiQuery, JsonBody};
use crate::ids::random_id;
use crate::notify::Notifier;
use crate::problem::{Code, Problem};
use crate::respond::{json, json_text, with_etag};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cancel_policy::{
    open_refund, Cancellation, Order, Refund, RefundStatus, RefundTimes, RefundUpdate,
    RefundUpdateError, Timestamp,
};
use serde::{Deserialize, Serialize};

/// Opens the refund each of `cancellations` owes (completed or approved, with money to
/// give back) on `order`; returns the new ones.
pub fn open(
    order: &mut Order,
    cancellations: &[Cancellation],
    times: &RefundTimes,
    now: Timestamp,
) -> Vec<Refund> {
    cancellations
        .iter()
        .filter_map(|c| open_refund(order, c, times, now, random_id("rf_", 8)).cloned())
        .collect()
}

#[derive(Serialize)]
struct Updated<'a> {
    refund: &'a Refund,
    order: &'a Order,
}

/// Applies `update` to refund `refund_id`: the refund and its order after it (as they were,
/// for a replay) and the order's version. A change is stored with its webhook, history
/// entry and email in one transaction; a refused one writes nothing.
pub fn update(
    conn: &mut Conn<'_>,
    notifier: &Notifier,
    refund_id: &str,
    update: &RefundUpdate,
    now: Timestamp,
) -> Result<(String, u64), Problem> {
    let update = update.validated().map_err(refused)?;
    db::write(conn, |tx| {
        let not_found = || Problem::not_found("Refund");
        let order_id =
            db::order_id_of(tx, db::Records::Refunds, refund_id)?.ok_or_else(not_found)?;
        let StoredOrder {
            shopper_id,
            mut order,
        } = db::find_order(tx, &order_id)?.ok_or_else(not_found)?;
        let refund = order
            .refunds
            .iter_mut()
            .find(|r| r.id == refund_id)
            .ok_or_else(not_found)?;
        let changed = refund.apply(&update, now).map_err(|e| {
            let problem = refused(e);
            problem.with("refund", &*refund)
        })?;
        let refund = refund.clone();
        if changed {
            order.version += 1;
            db::save_order(tx, &shopper_id, &order, Save::Existing)?;
            notifier.refund_updated(tx, &order, &shopper_id, &refund, now)?;
            tracing::info!(refund_id, order_id = %order.id, status = refund.status.as_str(), "refund updated");
        }
        let body = serde_json::to_string(&Updated {
            refund: &refund,
            order: &order,
        })
        .expect("responses serialise");
        Ok((body, order.version))
    })
}

fn refused(error: RefundUpdateError) -> Problem {
    match error {
        RefundUpdateError::Invalid(why) => Problem::invalid(why),
        RefundUpdateError::Conflict(why) => Problem::new(Code::RefundConflict, why),
    }
}

/// `PATCH /v1/merchant/refunds/{refund_id}`.
pub async fn patch_refund(
    State(state): State<AppState>,
    _: Merchant,
    ApiPath(refund_id): ApiPath<String>,
    JsonBody(change): JsonBody<RefundUpdate>,
) -> Result<Response, Problem> {
    let now = state.now();
    let notifier = state.notifier().clone();
    let (body, version) = state
        .db()
        .run(move |conn| update(conn, &notifier, &refund_id, &change, now))
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
    refund: Refund,
}

#[derive(Serialize)]
struct RefundList {
    refunds: Vec<Listed>,
}

/// `GET /v1/merchant/refunds?status=&limit=`: oldest first.
pub async fn list_refunds(
    State(state): State<AppState>,
    _: Merchant,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Response, Problem> {
    let status = match params.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s @ ("pending" | "succeeded" | "failed" | "canceled")) => Some(s.to_string()),
        Some(other) => {
            return Err(Problem::invalid(format!(
                "Unknown status {other:?}; use pending, succeeded, failed or canceled."
            )))
        }
    };
    let limit = params.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(Problem::invalid("limit must be a number from 1 to 500."));
    }
    let found = state
        .db()
        .read(move |tx| {
            db::orders_with(tx, db::Records::Refunds, status.as_deref(), limit)
                .map_err(Problem::from)
        })
        .await?;
    let refunds = found
        .into_iter()
        .filter_map(|(refund_id, stored)| {
            let refund = stored
                .order
                .refunds
                .iter()
                .find(|r| r.id == refund_id)?
                .clone();
            Some(Listed {
                order_id: stored.order.id,
                order_number: stored.order.number,
                shopper_id: stored.shopper_id,
                refund,
            })
        })
        .collect();
    Ok(json(StatusCode::OK, &RefundList { refunds }))
}

/// Refunds settled per simulator pass.
const BATCH: u32 = 100;

/// The demo's payment side (`--simulate`): every refund pending for `after_secs` succeeds,
/// with a made-up bank reference for card refunds, exactly as a `PATCH` would. Returns how
/// many it settled.
pub fn settle_pending(
    conn: &mut Conn<'_>,
    notifier: &Notifier,
    now: Timestamp,
    after_secs: i64,
) -> Result<usize, db::DbError> {
    db::write(conn, |tx| {
        let mut settled = 0;
        for order_id in db::orders_with_refunds_pending_since(tx, now.unix() - after_secs, BATCH)? {
            let Some(StoredOrder {
                shopper_id,
                mut order,
            }) = db::find_order(tx, &order_id)?
            else {
                continue;
            };
            let mut moved = Vec::new();
            for refund in order.refunds.iter_mut().filter(|r| {
                r.status == RefundStatus::Pending && r.created_at.unix() <= now.unix() - after_secs
            }) {
                let reference = (refund.destination
                    == cancel_policy::RefundDestination::OriginalPayment)
                    .then(|| random_id("SIM-ARN-", 6));
                let change = RefundUpdate {
                    status: RefundStatus::Succeeded,
                    reference,
                    failure_reason: None,
                };
                if refund.apply(&change, now) == Ok(true) {
                    moved.push(refund.clone());
                }
            }
            if moved.is_empty() {
                continue;
            }
            order.version += 1;
            db::save_order(tx, &shopper_id, &order, Save::Existing)?;
            for refund in &moved {
                notifier.refund_updated(tx, &order, &shopper_id, refund, now)?;
            }
            settled += moved.len();
        }
        Ok(settled)
    })
}

/// `--simulate`: pending refunds succeed after one simulator step (10 minutes at speed 1,
/// 10 s at speed 60), as if the store's payment side had reported them.
pub async fn settle_by_themselves(state: AppState, speed: f64) {
    let step = crate::fulfilment::step_seconds(speed);
    let every = std::time::Duration::from_millis((step as u64 * 1000 / 5).clamp(200, 30_000));
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let (notifier, now) = (state.notifier().clone(), state.now());
        match state
            .db()
            .run(move |conn| settle_pending(conn, &notifier, now, step))
            .await
        {
            Ok(0) => {}
            Ok(settled) => {
                tracing::info!(settled, "simulator: pending refunds succeeded");
                state.events_written();
            }
            Err(e) => tracing::error!(error = %e, "simulator: settling refunds failed"),
        }
    }
}
