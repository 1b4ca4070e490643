//! The submit workflow, natively: no DOM, the in-memory backend that runs the real policy.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use cancel_policy::testing::request;
use cancel_policy::{CancellationStatus, ItemState, Outcome, Policy, Preset};
use futures::executor::block_on;
use order_cancel_widget::api::{ApiError, CancelCall, ErrorKind};
use order_cancel_widget::events;
use order_cancel_widget::submit::{submit, Submission, SubmitContext, SubmitResult};
use std::cell::RefCell;
use support::*;

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
    };
    Submission {
        order,
        call,
        quote: None,
    }
}

/// Runs the workflow; returns its result and the names of the events the host page heard.
fn run(backend: &FakeBackend, policy: &Policy, s: &Submission) -> (SubmitResult, Vec<String>) {
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
    };
    let result = block_on(submit(cx, s));
    (result, heard.into_inner())
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
    assert_eq!(retry, first, "the retry is the same body and key");
    assert_eq!(
        heard,
        vec![
            events::SUBMITTED.to_string(),
            format!("{} network", events::FAILED)
        ]
    );
    assert!(matches!(
        run(&backend, &policy, &retry).0,
        SubmitResult::Done { .. }
    ));
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
        matches!(&result, SubmitResult::Unreachable { retry, .. } if *retry == first),
        "{result:?}"
    );
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
