//! Parcel requests: the same workflow as a cancellation, posted to `parcel-requests`.

use super::*;

/// The independent shop (interception once shipped) with two units of a shipped scarf.
fn parcel_shop() -> FakeBackend {
    FakeBackend::new(
        Preset::IndependentShop.policy(),
        vec![order(
            "o1",
            "PO-2001",
            600,
            vec![
                item("s", "Silk scarf", ItemState::Shipped, 3900).with_quantity(2),
                item("b", "Gift box", ItemState::Paid, 500),
            ],
        )],
    )
}

/// Asking to stop `quantity` scarves, with `reason`, under idempotency key `key`: what the
/// dialog posts. The order number and the shopper are never in it (the token says who).
fn parcel_submission(
    backend: &FakeBackend,
    kind: ParcelRequest,
    quantity: u32,
    reason: Option<&str>,
    key: &str,
) -> Submission {
    let order = backend.order("o1");
    let request = NewParcelRequest {
        kind,
        item_id: "s".into(),
        quantity,
        reason_code: reason.map(str::to_string),
        comment: None,
        refund_destination: None,
    };
    let quote = check_parcel_request(&order, &Preset::IndependentShop.policy(), &request, now());
    let call = CancelCall {
        order_id: order.id.clone(),
        version: order.version,
        request: cancel_policy::CancellationRequest {
            items: vec![request.line()],
            reason_code: request.reason_code,
            comment: request.comment,
            refund_destination: request.refund_destination,
        },
        idempotency_key: key.into(),
        expect_cancel_now: false,
        locale: "en",
        parcel: Some(kind),
    };
    Submission::new(order, call, quote.ok())
}

#[test]
fn a_request_to_stop_the_parcel_is_recorded_and_announced() {
    let backend = parcel_shop();
    let policy = Preset::IndependentShop.policy();
    let s = parcel_submission(
        &backend,
        ParcelRequest::InterceptionRequest,
        2,
        Some("no_longer_wanted"),
        "p1",
    );
    assert_eq!(
        s.quote.as_ref().map(|q| q.total.amount),
        Some(7800),
        "both scarves"
    );
    let (result, heard) = run(&backend, &policy, &s);
    let SubmitResult::Asked { request_id, order } = result else {
        panic!("not asked: {result:?}")
    };
    let request = order.parcel_requests[0].clone();
    assert_eq!(request.id, request_id, "the order has it");
    assert_eq!(request.kind, ParcelRequest::InterceptionRequest);
    assert_eq!(request.status, ParcelRequestStatus::Requested);
    assert_eq!((request.item_id.as_str(), request.quantity), ("s", 2));
    assert_eq!(request.refund.amount, 7800);
    assert_eq!(
        order.items[0].parcel_requested_quantity, 2,
        "its units are held"
    );
    assert_eq!(order.parcel_requests, vec![request]);
    assert_eq!(heard, vec![events::SUBMITTED, events::PARCEL_REQUESTED]);
    assert_eq!(backend.state.borrow().parcel_bodies.len(), 1);
    assert!(
        backend.state.borrow().cancel_bodies.is_empty(),
        "nothing cancelled"
    );
    assert_eq!(
        backend.order("o1").refunded,
        0,
        "no refund before the parcel is back"
    );
}

#[test]
fn a_parcel_request_without_the_reason_the_policy_requires_is_refused_in_words() {
    let backend = parcel_shop();
    let policy = Preset::IndependentShop.policy();
    assert!(policy.reason_required, "the independent shop asks why");
    let s = parcel_submission(&backend, ParcelRequest::InterceptionRequest, 2, None, "p2");
    assert_eq!(s.quote, None, "the dialog's own check refuses it too");
    let (result, heard) = run(&backend, &policy, &s);
    let SubmitResult::Refused { error } = result else {
        panic!("not refused: {result:?}")
    };
    let codes: Vec<&str> = error.refusals.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, vec!["reason_required"]);
    assert_eq!(
        heard,
        vec![
            events::SUBMITTED.to_string(),
            format!("{} invalid_request", events::FAILED)
        ]
    );
    assert!(
        backend.order("o1").parcel_requests.is_empty(),
        "nothing recorded"
    );
}

#[test]
fn a_parcel_request_the_policy_does_not_offer_is_refused_before_and_by_the_store() {
    let backend = parcel_shop();
    let policy = Preset::IndependentShop.policy();
    // The independent shop offers no refusal notice.
    let s = parcel_submission(
        &backend,
        ParcelRequest::RefusalNotice,
        2,
        Some("no_longer_wanted"),
        "p3",
    );
    assert_eq!(s.quote, None);
    let (result, _) = run(&backend, &policy, &s);
    let SubmitResult::Changed { items } = result else {
        panic!("not re-evaluated: {result:?}")
    };
    assert_eq!(items[0].item.title, "Silk scarf");
    assert_eq!(items[0].verdict.outcome, Outcome::InterceptViaSupport);
    assert_eq!(
        items[0].verdict.parcel_requests,
        vec![ParcelRequest::InterceptionRequest]
    );
}

#[test]
fn a_parcel_delivered_meanwhile_reevaluates_the_item_as_it_is_now() {
    let backend = parcel_shop();
    let policy = Preset::IndependentShop.policy();
    let stale = parcel_submission(
        &backend,
        ParcelRequest::InterceptionRequest,
        2,
        Some("no_longer_wanted"),
        "p4",
    );
    backend.move_item("o1", 0, ItemState::Delivered);
    let (result, heard) = run(&backend, &policy, &stale);
    let SubmitResult::Changed { items } = result else {
        panic!("not changed: {result:?}")
    };
    assert_eq!(items.len(), 1, "only the scarf");
    assert_eq!(items[0].item.state, ItemState::Delivered);
    assert_eq!(items[0].verdict.outcome, Outcome::ReturnAfterDelivery);
    assert!(items[0].verdict.parcel_requests.is_empty());
    assert_eq!(
        heard,
        vec![
            events::SUBMITTED.to_string(),
            format!("{} stale_version", events::FAILED)
        ]
    );
}

#[test]
fn an_unknown_outcome_offers_the_same_parcel_request_again_and_it_is_recorded_once() {
    let backend = parcel_shop();
    let policy = Preset::IndependentShop.policy();
    // The store records it, but the answer is lost on the way back.
    backend.commit_then_fail_next_cancel(ApiError::new(ErrorKind::Timeout, "timeout", "late"));
    let first = parcel_submission(
        &backend,
        ParcelRequest::InterceptionRequest,
        2,
        Some("no_longer_wanted"),
        "p5",
    );
    let (result, heard) = run(&backend, &policy, &first);
    let SubmitResult::Unreachable { retry, .. } = result else {
        panic!("not unknown: {result:?}")
    };
    assert_eq!(retry.call, first.call, "the same body and key");
    assert_eq!(
        heard,
        vec![
            events::SUBMITTED.to_string(),
            format!("{} timeout", events::FAILED)
        ]
    );
    let (again, heard) = run(&backend, &policy, &retry);
    assert!(matches!(again, SubmitResult::Asked { .. }), "{again:?}");
    assert_eq!(heard, vec![events::PARCEL_REQUESTED]);
    assert_eq!(
        backend.order("o1").parcel_requests.len(),
        1,
        "recorded once"
    );
    assert_eq!(backend.state.borrow().cancel_keys, vec!["p5"; 2]);
}

#[test]
fn a_parcel_request_in_flight_is_waited_out_like_a_cancellation() {
    let backend = parcel_shop();
    let policy = Preset::IndependentShop.policy();
    backend.fail_next_cancel(in_flight(None));
    backend.commit_then_fail_next_cancel(in_flight(Some(3)));
    let s = parcel_submission(
        &backend,
        ParcelRequest::InterceptionRequest,
        2,
        Some("no_longer_wanted"),
        "p6",
    );
    let (result, heard, waits) = run_timed(&backend, &policy, &s, DEADLINE_MS);
    assert!(matches!(result, SubmitResult::Asked { .. }), "{result:?}");
    assert_eq!(waits, vec![1_000, 3_000]);
    assert_eq!(heard, vec![events::SUBMITTED, events::PARCEL_REQUESTED]);
    assert_eq!(backend.order("o1").parcel_requests.len(), 1);

    // Still in flight at the deadline: an unknown outcome, never "your order changed".
    let backend = parcel_shop();
    for _ in 0..10 {
        backend.fail_next_cancel(in_flight(Some(1)));
    }
    let s = parcel_submission(
        &backend,
        ParcelRequest::InterceptionRequest,
        2,
        Some("no_longer_wanted"),
        "p7",
    );
    let (result, _, _) = run_timed(&backend, &policy, &s, 3_000);
    let SubmitResult::Unreachable { error, .. } = result else {
        panic!("not unknown: {result:?}")
    };
    assert_eq!(error.code, "request_in_flight");
}
