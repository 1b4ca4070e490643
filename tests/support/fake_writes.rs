//! What the backend in memory does with a write, as the server does: a cancellation or a
//! parcel request checked by the policy crate and recorded on the order, with the server's
//! idempotent replays, version checks and the failures a test sets up.

use super::fake_backend::ready;
use super::{now, FakeBackend, FakeState};
use cancel_policy::apply::apply_plan;
use cancel_policy::*;
use order_cancel_widget::api::{ApiError, ApiFuture, CancelCall, CancellationResult, ErrorKind};

impl FakeBackend {
    /// What the store does with a parcel request call (as the server's
    /// `parcel_requests::create`: the same policy check, recorded on the order), and its answer.
    pub(super) fn answer_parcel(
        &self,
        call: &CancelCall,
        kind: ParcelRequest,
    ) -> ApiFuture<CancellationResult> {
        // The body the widget posts: the request's one line, its reason, comment and
        // destination.
        let line = call.request.items[0].clone();
        let request = NewParcelRequest {
            kind,
            item_id: line.item_id,
            quantity: line.quantity,
            reason_code: call.request.reason_code.clone(),
            comment: call.request.comment.clone(),
            refund_destination: call.request.refund_destination,
        };
        let mut s = self.state.borrow_mut();
        s.cancel_keys.push(call.idempotency_key.clone());
        s.parcel_bodies.push(request.clone());
        let key = &call.idempotency_key;
        ready(
            s.answer_write(key, &call.order_id, call.version, |order, policy, now| {
                record_parcel_request(order, policy, &request, now)
            }),
        )
    }

    /// The store moves parcel request `index` of order `id` to `status`, as the merchant's
    /// `PATCH /v1/merchant/parcel-requests/{id}` does: a return cancels its units and opens
    /// their refund, pending.
    pub fn move_parcel(&self, id: &str, index: usize, status: ParcelRequestStatus) {
        let mut s = self.state.borrow_mut();
        let times = s.policy.refund_times;
        let order = s.orders.iter_mut().find(|o| o.id == id).unwrap();
        let request_id = order.parcel_requests[index].id.clone();
        let n = order.cancellations.len() + 1;
        let moved = move_parcel_request(order, &request_id, status, now(), || format!("c{n}"))
            .expect("a move the request allows");
        if let Some(c) = &moved.cancellation {
            open_refund(order, c, &times, now(), format!("r-{}", c.id));
        }
    }
}

impl FakeState {
    /// The order a write is about, at the version the shopper saw: 404 or 412 otherwise.
    fn write_target(&mut self, order_id: &str, version: u64) -> Result<&mut Order, ApiError> {
        let Some(order) = self.orders.iter_mut().find(|o| o.id == order_id) else {
            return Err(ApiError::new(
                ErrorKind::Http(404),
                "not_found",
                "no such order",
            ));
        };
        if order.version != version {
            let mut e = ApiError::new(ErrorKind::Http(412), "stale_version", "the order changed");
            e.order = Some(Box::new(order.clone()));
            return Err(e);
        }
        Ok(order)
    }

    /// A write's answer, as the server gives it: a failure set up for it; the first answer
    /// again for a key already answered; 404 or 412 for a missing or changed order; else
    /// what `decide` makes of the order (kept for replays), unless a failure is set up to
    /// come after the commit.
    fn answer_write(
        &mut self,
        key: &str,
        order_id: &str,
        version: u64,
        decide: impl FnOnce(&mut Order, &Policy, Timestamp) -> Result<CancellationResult, ApiError>,
    ) -> Result<CancellationResult, ApiError> {
        if let Some(error) = self.cancel_failures.pop_front() {
            return Err(error);
        }
        if let Some((_, replay)) = self.answered.iter().find(|(k, _)| k == key) {
            return Ok(replay.clone());
        }
        let policy = self.policy.clone();
        let order = self.write_target(order_id, version)?;
        let result = decide(order, &policy, now());
        if let Ok(done) = &result {
            self.answered.push((key.to_string(), done.clone()));
        }
        if let Some(error) = self.failures_after_commit.pop_front() {
            return Err(error);
        }
        result
    }
}

impl FakeBackend {
    /// What the store does with a cancel call, and its answer.
    pub(super) fn answer_cancel(&self, call: &CancelCall) -> ApiFuture<CancellationResult> {
        let (order_id, version, request, key) = (
            &call.order_id,
            call.version,
            &call.request,
            &call.idempotency_key,
        );
        let mut s = self.state.borrow_mut();
        s.expect_cancel_now.push(call.expect_cancel_now);
        s.cancel_keys.push(key.to_string());
        s.cancel_bodies.push(request.clone());
        ready(
            s.answer_write(key, order_id, version, |order, policy, now| {
                record_cancellation(order, policy, request, now)
            }),
        )
    }
}

/// A cancellation the store records (as the server's `cancellations::create`: plan, apply, and
/// a refund for what is owed), and its answer.
fn record_cancellation(
    order: &mut Order,
    policy: &Policy,
    request: &CancellationRequest,
    now: Timestamp,
) -> Result<CancellationResult, ApiError> {
    match plan(order, policy, request, now) {
        Ok(p) => {
            let mut n = order.cancellations.len();
            let applied = apply_plan(
                order,
                &p,
                request.reason_code.as_deref().unwrap_or("unspecified"),
                request.comment.as_deref(),
                now,
                || {
                    n += 1;
                    format!("c{n}")
                },
            );
            // As the server does in the same transaction: what is owed is a refund.
            for c in &applied.cancellations {
                let id = format!("r-{}", c.id);
                open_refund(order, c, &policy.refund_times, now, id);
            }
            Ok(CancellationResult {
                order: order.clone(),
                cancellations: applied.cancellations,
                parcel_request: None,
            })
        }
        Err(refusals) => {
            let mut e = ApiError::new(ErrorKind::Http(400), "invalid_request", "refused");
            e.refusals = refusals.iter().map(Into::into).collect();
            Err(e)
        }
    }
}

/// A parcel request the store records (as the server's `parcel_requests::create`: the same
/// policy check, recorded on the order), and its answer.
fn record_parcel_request(
    order: &mut Order,
    policy: &Policy,
    request: &NewParcelRequest,
    now: Timestamp,
) -> Result<CancellationResult, ApiError> {
    match check_parcel_request(order, policy, request, now) {
        Ok(quote) => {
            let reason = request.reason_code.as_deref().unwrap_or("unspecified");
            let id = format!("pr{}", order.parcel_requests.len() + 1);
            let recorded = open_parcel_request(order, request, &quote, reason, now, id);
            Ok(CancellationResult {
                order: order.clone(),
                cancellations: Vec::new(),
                parcel_request: Some(recorded),
            })
        }
        Err(refusals) => {
            let conflict = refusals
                .iter()
                .any(|r| r.code() == "parcel_request_not_offered");
            let mut e = match conflict {
                true => {
                    let mut e = ApiError::new(ErrorKind::Http(409), "state_changed", "moved");
                    e.order = Some(Box::new(order.clone()));
                    e
                }
                false => ApiError::new(ErrorKind::Http(400), "invalid_request", "refused"),
            };
            e.refusals = refusals.iter().map(Into::into).collect();
            Err(e)
        }
    }
}
