//! The submit workflow, natively: no DOM, the in-memory backend that runs the real policy.
#![cfg(not(target_arch = "wasm32"))]

mod parcels;
#[path = "../support/mod.rs"]
mod support;

use cancel_policy::testing::request;
use cancel_policy::{
    check_parcel_request, CancellationStatus, ItemState, NewParcelRequest, Outcome, ParcelRequest,
    ParcelRequestStatus, Policy, Preset,
};
use futures::executor::block_on;
use order_cancel_widget::api::{ApiError, CancelCall, ErrorKind};
use order_cancel_widget::events;
use order_cancel_widget::submit::{submit, Submission, SubmitContext, SubmitResult};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use support::*;

/// The widget's default: what one press may take, waits included.
const DEADLINE_MS: u32 = 15_000;

fn shop() -> FakeBackend {
    FakeBackend::new(
        Preset::Amazon.policy(),
        vec![order(
            "o1",
            "PO-1001",
            5,
            vec![
                item("a", "Merino beanie", ItemState::Paid, 2500),
                item("b", "Sticker pack", ItemState::Paid, 400),
            ],
        )],
    )
}

fn submission(backend: &FakeBackend, lines: &[(&str, u32)], key: &str) -> Submission {
    let order = backend.order("o1");
    let request = request(lines, Some("changed_mind"));
    let call = CancelCall {
        order_id: order.id.clone(),
        version: order.version,
        request,
        idempotency_key: key.into(),
        expect_cancel_now: true,
        locale: "en",
        parcel: None,
    };
    Submission::new(order, call, None)
}

/// Runs the workflow; returns its result and the names of the events the host page heard.
fn run(backend: &FakeBackend, policy: &Policy, s: &Submission) -> (SubmitResult, Vec<String>) {
    let (result, heard, _) = run_timed(backend, policy, s, DEADLINE_MS);
    (result, heard)
}

/// `run`, on a clock that moves only when the workflow waits; also returns its waits (ms).
fn run_timed(
    backend: &FakeBackend,
    policy: &Policy,
    s: &Submission,
    deadline_ms: u32,
) -> (SubmitResult, Vec<String>, Vec<u32>) {
    let clock = Cell::new(0.0);
    let waits = RefCell::new(Vec::new());
    let sleep = |ms: u32| -> Pin<Box<dyn Future<Output = ()>>> {
        waits.borrow_mut().push(ms);
        clock.set(clock.get() + f64::from(ms));
        Box::pin(async {})
    };
    let clock_ms = || clock.get();
    let heard = RefCell::new(Vec::new());
    // "order-cancel:failed invalid_request": the event and, for failures, its error code.
    let emit = |name: &str, detail: &events::EventDetail| {
        let code = detail
            .error
            .as_ref()
            .map(|e| format!(" {}", e.code))
            .unwrap_or_default();
        heard.borrow_mut().push(format!("{name}{code}"));
    };
    let cx = SubmitContext {
        backend,
        policy: Some(policy),
        now: &now,
        emit: &emit,
        sleep: &sleep,
        clock_ms: &clock_ms,
        deadline_ms,
    };
    let result = block_on(submit(cx, s));
    (result, heard.into_inner(), waits.into_inner())
}

/// What the store answers a copy of a request whose first copy it is still running.
fn in_flight(retry_after_s: Option<u32>) -> ApiError {
    let mut e = ApiError::new(
        ErrorKind::Http(409),
        "request_in_flight",
        "The first request with this Idempotency-Key is still being processed.",
    );
    e.retry_after_s = retry_after_s;
    e
}

#[test]
fn a_cancellation_is_recorded_and_announced() {
    let backend = shop();
    let policy = Preset::Amazon.policy();
    let (result, heard) = run(&backend, &policy, &submission(&backend, &[("a", 1)], "k1"));
    let SubmitResult::Done {
        cancellations,
        order,
    } = result
    else {
        panic!("not done: {result:?}")
    };
    assert_eq!(cancellations.len(), 1);
    assert_eq!(cancellations[0].status, CancellationStatus::Completed);
    assert_eq!(cancellations[0].refund.amount, 2500);
    assert_eq!(order.items[0].state, ItemState::Cancelled);
    assert_eq!(heard, vec![events::SUBMITTED, events::COMPLETED]);
}

#[test]
fn an_unreachable_store_offers_the_same_submission_again_and_a_retry_cancels_once() {
    let backend = shop();
    let policy = Preset::Amazon.policy();
    backend.fail_next_cancel(ApiError::new(
        ErrorKind::Network,
        "network",
        "Failed to fetch",
    ));
    let first = submission(&backend, &[("a", 1)], "k2");
    let (result, heard) = run(&backend, &policy, &first);
    let SubmitResult::Unreachable { retry, .. } = result else {
        panic!("not unreachable: {result:?}")
    };
    assert_eq!(retry.call, first.call, "the retry is the same body and key");
    assert_eq!(
        heard,
        vec![
            events::SUBMITTED.to_string(),
            format!("{} network", events::FAILED)
        ]
    );
    let (again, heard) = run(&backend, &policy, &retry);
    assert!(matches!(again, SubmitResult::Done { .. }), "{again:?}");
    // One confirmation: the host heard `submitted` once, with the first press.
    assert_eq!(heard, vec![events::COMPLETED]);
    // Answered once more with the same key: replayed, not cancelled twice.
    assert!(matches!(
        run(&backend, &policy, &retry).0,
        SubmitResult::Done { .. }
    ));
    assert_eq!(backend.order("o1").refunded, 2500);
}

#[test]
fn a_conflict_reevaluates_the_chosen_items_on_the_fresh_order() {
    let backend = shop();
    let policy = Preset::Amazon.policy();
    let stale = submission(&backend, &[("a", 1)], "k3");
    backend.move_item("o1", 0, ItemState::Shipped);
    let (result, heard) = run(&backend, &policy, &stale);
    let SubmitResult::Changed { items } = result else {
        panic!("not changed: {result:?}")
    };
    assert_eq!(items.len(), 1, "only the chosen item");
    assert_eq!(items[0].item.title, "Merino beanie");
    assert_eq!(items[0].item.state, ItemState::Shipped);
    assert_eq!(items[0].verdict.outcome, Outcome::RefuseDelivery);
    assert_eq!(
        heard,
        vec![
            events::SUBMITTED.to_string(),
            format!("{} stale_version", events::FAILED)
        ]
    );
    assert_eq!(backend.order("o1").refunded, 0);
}

#[test]
fn an_unreadable_answer_is_treated_like_no_answer_so_the_same_key_is_offered_again() {
    let backend = shop();
    let policy = Preset::Amazon.policy();
    backend.fail_next_cancel(ApiError::new(
        ErrorKind::BadResponse,
        "bad_response",
        "unexpected answer",
    ));
    let first = submission(&backend, &[("a", 1)], "k5");
    let (result, _) = run(&backend, &policy, &first);
    assert!(
        matches!(&result, SubmitResult::Unreachable { retry, .. } if retry.call == first.call),
        "{result:?}"
    );
}

#[test]
fn a_request_in_flight_is_waited_out_and_the_first_copys_answer_shown() {
    let backend = shop();
    let policy = Preset::Amazon.policy();
    // A proxy sends each try twice: the copy answered is told the other is still running,
    // first without a Retry-After (a gateway that does not expose it), then with one, while
    // the other copy cancels.
    backend.fail_next_cancel(in_flight(None));
    backend.commit_then_fail_next_cancel(in_flight(Some(2)));
    let (result, heard, waits) = run_timed(
        &backend,
        &policy,
        &submission(&backend, &[("a", 1)], "k6"),
        DEADLINE_MS,
    );
    let SubmitResult::Done { cancellations, .. } = result else {
        panic!("not done: {result:?}")
    };
    assert_eq!(cancellations[0].status, CancellationStatus::Completed);
    assert_eq!(
        waits,
        vec![1_000, 2_000],
        "a second, then as Retry-After says"
    );
    assert_eq!(heard, vec![events::SUBMITTED, events::COMPLETED]);
    assert_eq!(backend.state.borrow().cancel_keys, vec!["k6"; 3]);
    assert_eq!(backend.order("o1").refunded, 2500, "cancelled once");
}

#[test]
fn a_request_still_in_flight_at_the_deadline_is_an_unknown_outcome_not_a_change() {
    let backend = shop();
    let policy = Preset::Amazon.policy();
    for _ in 0..10 {
        backend.fail_next_cancel(in_flight(Some(1)));
    }
    let first = submission(&backend, &[("a", 1)], "k7");
    let (result, heard, waits) = run_timed(&backend, &policy, &first, 5_000);
    let SubmitResult::Unreachable { error, retry } = result else {
        panic!("not an unknown outcome: {result:?}")
    };
    assert_eq!(error.code, "request_in_flight");
    // Waits of a second while a wait and a try still fit in the 5 s.
    assert_eq!(waits, vec![1_000; 4]);
    assert_eq!(
        heard,
        vec![
            events::SUBMITTED.to_string(),
            format!("{} request_in_flight", events::FAILED)
        ]
    );
    backend.state.borrow_mut().cancel_failures.clear();
    let (again, heard) = run(&backend, &policy, &retry);
    assert!(matches!(again, SubmitResult::Done { .. }), "{again:?}");
    assert_eq!(heard, vec![events::COMPLETED]);
}

#[test]
fn only_the_codes_that_mean_the_order_changed_say_so() {
    let backend = shop();
    let policy = Preset::Amazon.policy();
    let mut changed = ApiError::new(ErrorKind::Http(409), "state_changed", "it was packed");
    changed.order = Some(Box::new(backend.order("o1")));
    backend.fail_next_cancel(changed);
    let (result, _) = run(&backend, &policy, &submission(&backend, &[("a", 1)], "k8"));
    assert!(matches!(result, SubmitResult::Changed { .. }), "{result:?}");

    // Another 409 is the store's refusal in its own words, never "your order changed".
    backend.fail_next_cancel(ApiError::new(
        ErrorKind::Http(409),
        "not_pending",
        "already decided",
    ));
    let (result, _) = run(&backend, &policy, &submission(&backend, &[("a", 1)], "k9"));
    let SubmitResult::Refused { error } = result else {
        panic!("not refused: {result:?}")
    };
    assert_eq!(error.detail, "already decided");
}

#[test]
fn a_refusal_keeps_the_servers_reasons() {
    let backend = shop();
    let policy = Preset::Amazon.policy();
    let mut s = submission(&backend, &[("a", 1)], "k4");
    s.call.request.reason_code = Some("no_such_reason".into());
    let (result, heard) = run(&backend, &policy, &s);
    let SubmitResult::Refused { error } = result else {
        panic!("not refused: {result:?}")
    };
    assert_eq!(
        error
            .refusals
            .iter()
            .map(|r| r.code.as_str())
            .collect::<Vec<_>>(),
        vec!["unknown_reason"]
    );
    assert_eq!(
        heard,
        vec![
            events::SUBMITTED.to_string(),
            format!("{} invalid_request", events::FAILED)
        ]
    );
    assert_eq!(backend.order("o1").refunded, 0);
}
