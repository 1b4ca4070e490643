//! Refunds on the server: opened pending in the transaction of the cancellation that owes
//! them, moved on by the store's payment side (`PATCH /v1/merchant/refunds/{id}`), listed
//! for it (`GET /v1/merchant/refunds`; both through [`crate::merchant_records`]), and with
//! `--simulate` settled by themselves after a while (the demo has no payment side). The rules are the policy crate's
//! ([`Refund::apply`]); a refund lives in its order, changed under the order's lock.

use crate::db::{self, Conn, Records, Save, StoredOrder};
use crate::ids::random_id;
use crate::merchant_records::{answer, one_of, order_holding, MerchantRecord};
use crate::notify::Notifier;
use crate::problem::{Code, Problem};
use crate::AppState;
use cancel_policy::{
    open_refund, Cancellation, Order, Policy, Refund, RefundStatus, RefundTimes, RefundUpdate,
    RefundUpdateError, Timestamp,
};
use serde::Serialize;

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

impl MerchantRecord for Refund {
    const RECORDS: Records = Records::Refunds;
    const NAME: &'static str = "Refund";
    const KEY: &'static str = "refund";
    const LIST_KEY: &'static str = "refunds";
    type Change = RefundUpdate;
    type Listing = Listed;

    fn statuses() -> Vec<&'static str> {
        RefundStatus::ALL.map(RefundStatus::as_str).to_vec()
    }
    fn status_choices() -> String {
        one_of(&Self::statuses())
    }
    fn find<'a>(order: &'a Order, id: &str) -> Option<&'a Self> {
        order.refunds.iter().find(|r| r.id == id)
    }
    fn listing(&self, _: &Order) -> Option<Listed> {
        Some(Listed {
            refund: self.clone(),
        })
    }

    /// Applies `update` to refund `refund_id`: a change is stored with its webhook, history
    /// entry and email.
    fn update(
        conn: &mut Conn<'_>,
        _: &Policy,
        notifier: &Notifier,
        refund_id: &str,
        update: RefundUpdate,
        now: Timestamp,
    ) -> Result<(String, u64), Problem> {
        let update = update.validated().map_err(refused)?;
        db::write(conn, |tx| {
            let StoredOrder {
                shopper_id,
                mut order,
            } = order_holding::<Refund>(tx, refund_id)?;
            let refund = order
                .refunds
                .iter_mut()
                .find(|r| r.id == refund_id)
                .ok_or_else(|| Problem::not_found(Self::NAME))?;
            let changed = refund.apply(&update, now).map_err(|e| {
                let problem = refused(e);
                problem.with(Self::KEY, &*refund)
            })?;
            let refund = refund.clone();
            if changed {
                order.version += 1;
                db::save_order(tx, &shopper_id, &order, Save::Existing)?;
                notifier.refund_updated(tx, &order, &shopper_id, &refund, now)?;
                tracing::info!(refund_id, order_id = %order.id, status = refund.status.as_str(), "refund updated");
            }
            Ok((answer(&refund, &order), order.version))
        })
    }
}

/// A refund in `GET /v1/merchant/refunds`, after its order's names.
#[derive(Serialize)]
pub struct Listed {
    refund: Refund,
}

fn refused(error: RefundUpdateError) -> Problem {
    match error {
        RefundUpdateError::Invalid(why) => Problem::invalid(why),
        RefundUpdateError::Conflict(why) => Problem::new(Code::RefundConflict, why),
    }
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
