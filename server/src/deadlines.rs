//! Seller response deadlines: a request made under a policy with `seller_response_hours`
//! gets a `respond_by` time, stored with the order; a periodic sweep decides the overdue
//! ones as the policy's `on_seller_silence` says, inside one transaction that also writes
//! the `cancellation.decided` webhook. Restart-safe: the deadline is in the database, so a
//! sweep after a restart finds whatever fell due while the server was down.

use crate::db::{self, Conn, Save, StoredOrder};
use crate::notify::Notifier;
use crate::webhooks::DecidedBy;
use cancel_policy::{
    apply, Cancellation, CancellationStatus, Order, Policy, SilenceOutcome, Timestamp,
};

/// Orders decided per sweep transaction.
const BATCH: u32 = 100;

/// Sets `respond_by` on the new requests among `created` (and their copies in `order`).
pub fn stamp(order: &mut Order, created: &mut [Cancellation], policy: &Policy, now: Timestamp) {
    let Some(hours) = policy.seller_response_hours else {
        return;
    };
    let due = Timestamp::from_unix(now.unix() + i64::from(hours) * 3600);
    for cancellation in created
        .iter_mut()
        .filter(|c| c.status == CancellationStatus::Requested)
    {
        cancellation.respond_by = Some(due);
        cancellation.if_unanswered = Some(policy.on_seller_silence);
        if let Some(stored) = order
            .cancellations
            .iter_mut()
            .find(|c| c.id == cancellation.id)
        {
            stored.respond_by = Some(due);
            stored.if_unanswered = Some(policy.on_seller_silence);
        }
    }
}

/// Decides every request whose deadline has passed as it says (`if_unanswered`, fixed when
/// it was made; the policy's `on_seller_silence` for a request without one), in one
/// transaction per batch. Returns how many requests were decided.
pub fn sweep(
    conn: &mut Conn<'_>,
    policy: &Policy,
    notifier: &Notifier,
    now: Timestamp,
) -> Result<usize, db::DbError> {
    let mut decided = 0;
    loop {
        let (count, full) = db::write(conn, |tx| {
            let due = db::orders_with_overdue_requests(tx, now.unix(), BATCH)?;
            let mut count = 0;
            for id in &due {
                let Some(StoredOrder {
                    shopper_id,
                    mut order,
                }) = db::find_order(tx, id)?
                else {
                    continue;
                };
                let overdue: Vec<(String, bool)> = order
                    .cancellations
                    .iter()
                    .filter(|c| {
                        c.status == CancellationStatus::Requested
                            && c.respond_by.is_some_and(|t| t <= now)
                    })
                    .map(|c| {
                        (
                            c.id.clone(),
                            c.if_unanswered.unwrap_or(policy.on_seller_silence)
                                == SilenceOutcome::Approve,
                        )
                    })
                    .collect();
                let mut decided_now = Vec::new();
                for (cancellation_id, approve) in overdue {
                    let Ok(result) = apply::decide(&mut order, &cancellation_id, approve, now)
                    else {
                        continue;
                    };
                    let refunds = crate::refunds::open(
                        &mut order,
                        std::slice::from_ref(&result),
                        &policy.refund_times,
                        now,
                    );
                    decided_now.push((result.clone(), refunds));
                    tracing::info!(order_id = %order.id, cancellation_id = %result.id, approved = approve, "seller deadline passed; request decided");
                    count += 1;
                }
                db::save_order(tx, &shopper_id, &order, Save::Existing)?;
                for (result, refunds) in &decided_now {
                    notifier.decided(
                        tx,
                        &order,
                        &shopper_id,
                        result,
                        DecidedBy::Deadline,
                        refunds,
                        now,
                    )?;
                }
            }
            Ok::<_, db::DbError>((count, due.len() == BATCH as usize))
        })?;
        decided += count;
        if !full {
            return Ok(decided);
        }
    }
}
