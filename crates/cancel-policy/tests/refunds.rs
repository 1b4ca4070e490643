//! Refund records: their JSON (an addition to orders and policies, so what was stored or
//! written before still parses), the refund a cancellation opens, and every move the store's
//! payment side may or may not make.

use cancel_policy::apply::{apply_plan, decide};
use cancel_policy::testing::{item, minutes_after_purchase, order};
use cancel_policy::*;
use serde_json::json;

fn pending() -> Refund {
    Refund {
        id: "rf_1".into(),
        cancellation_id: "c1".into(),
        status: RefundStatus::Pending,
        amount: Money::new(1299, "EUR"),
        destination: RefundDestination::OriginalPayment,
        created_at: minutes_after_purchase(5),
        updated_at: minutes_after_purchase(5),
        expected: ExpectedTime::business_days(5, 7),
        reference: None,
        failure_reason: None,
    }
}

fn update(
    status: RefundStatus,
    reference: Option<&str>,
    failure_reason: Option<&str>,
) -> RefundUpdate {
    RefundUpdate {
        status,
        reference: reference.map(str::to_string),
        failure_reason: failure_reason.map(str::to_string),
    }
}

#[test]
fn a_refund_reads_and_writes_the_contracts_json() {
    let refund = Refund {
        reference: Some("74537604221431003881865".into()),
        status: RefundStatus::Succeeded,
        ..pending()
    };
    let json = serde_json::to_value(&refund).unwrap();
    assert_eq!(
        json,
        json!({
            "id": "rf_1", "cancellation_id": "c1", "status": "succeeded",
            "amount": {"amount": 1299, "currency": "EUR"}, "destination": "original_payment",
            "created_at": "2026-11-24T06:05:00Z", "updated_at": "2026-11-24T06:05:00Z",
            "expected": {"min_days": 5, "max_days": 7, "business_days": true},
            "reference": "74537604221431003881865"
        })
    );
    assert_eq!(serde_json::from_value::<Refund>(json).unwrap(), refund);
    let failed = Refund {
        status: RefundStatus::Failed,
        failure_reason: Some("Card closed".into()),
        ..pending()
    };
    let text = serde_json::to_string(&failed).unwrap();
    assert!(
        text.contains(r#""status":"failed""#) && text.contains(r#""failure_reason":"Card closed""#)
    );
    assert!(!text.contains("reference"), "absent until known: {text}");
    assert_eq!(serde_json::from_str::<Refund>(&text).unwrap(), failed);
    for status in ["pending", "succeeded", "failed", "canceled"] {
        let parsed: RefundStatus = serde_json::from_value(json!(status)).unwrap();
        assert_eq!(parsed.as_str(), status);
    }
}

#[test]
fn orders_and_policies_stored_before_refunds_still_parse() {
    let mut with = order(vec![item("a", ItemState::Paid)]);
    with.refunds = vec![pending()];
    let json = serde_json::to_value(&with).unwrap();
    assert_eq!(json["refunds"][0]["id"], "rf_1");
    assert_eq!(serde_json::from_value::<Order>(json.clone()).unwrap(), with);
    let mut old = json;
    old.as_object_mut().unwrap().remove("refunds");
    assert_eq!(
        serde_json::from_value::<Order>(old).unwrap().refunds,
        vec![]
    );

    let mut policy = serde_json::to_value(Preset::Temu.policy()).unwrap();
    assert_eq!(
        policy["refund_times"],
        json!({
            "original_payment": {"min_days": 5, "max_days": 7, "business_days": true},
            "store_credit": {"min_days": 0, "max_days": 0, "business_days": false}
        })
    );
    policy.as_object_mut().unwrap().remove("refund_times");
    let parsed: Policy = serde_json::from_value(policy).unwrap();
    assert_eq!(parsed.refund_times, RefundTimes::default());
    assert!(ExpectedTime::IMMEDIATELY.is_immediate());
    assert!(!RefundTimes::default().original_payment.is_immediate());
}

#[test]
fn a_refund_time_must_be_a_range_of_at_most_90_days() {
    let with = |original_payment| Policy {
        refund_times: RefundTimes {
            original_payment,
            ..RefundTimes::default()
        },
        ..Preset::Temu.policy()
    };
    assert_eq!(with(ExpectedTime::business_days(3, 90)).validate(), Ok(()));
    for bad in [
        ExpectedTime::business_days(8, 7),
        ExpectedTime::business_days(1, 91),
    ] {
        let error = with(bad).validate().unwrap_err();
        assert_eq!(
            error,
            PolicyError::RefundTimeOutOfRange(RefundDestination::OriginalPayment, bad)
        );
        assert!(
            error
                .to_string()
                .starts_with("the original_payment refund time's min_days"),
            "{error}"
        );
    }
}

#[test]
fn a_completed_cancellation_opens_a_pending_refund_with_its_destinations_time() {
    let policy = Policy {
        refund_destinations: vec![RefundDestination::StoreCredit],
        ..Preset::Temu.policy()
    };
    let mut order = order(vec![
        item("a", ItemState::Paid).priced(1299),
        item("u", ItemState::Unpaid).priced(500),
    ]);
    let now = minutes_after_purchase(5);
    let request = testing::request(&[("a", 1)], Some("changed_mind"));
    let planned = plan(&order, &policy, &request, now).unwrap();
    let applied = apply_plan(&mut order, &planned, "changed_mind", None, now, || {
        "c1".into()
    });
    let cancellation = &applied.cancellations[0];
    let refund = open_refund(
        &mut order,
        cancellation,
        &policy.refund_times,
        now,
        "rf_1".into(),
    )
    .unwrap()
    .clone();
    assert_eq!(
        refund,
        Refund {
            destination: RefundDestination::StoreCredit,
            expected: ExpectedTime::IMMEDIATELY,
            ..pending()
        }
    );
    assert_eq!(order.refunds, vec![refund]);
    assert!(
        open_refund(
            &mut order,
            cancellation,
            &policy.refund_times,
            now,
            "rf_2".into()
        )
        .is_none(),
        "one refund per cancellation"
    );
    // An unpaid item's payment is voided: nothing to refund.
    let request = testing::request(&[("u", 1)], Some("changed_mind"));
    let planned = plan(&order, &policy, &request, now).unwrap();
    let voided = apply_plan(&mut order, &planned, "changed_mind", None, now, || {
        "c2".into()
    });
    assert!(open_refund(
        &mut order,
        &voided.cancellations[0],
        &policy.refund_times,
        now,
        "rf_3".into()
    )
    .is_none());
    assert_eq!(order.refunds.len(), 1);
}

#[test]
fn a_request_opens_its_refund_only_when_approved() {
    let policy = Preset::TiktokShop.policy();
    let mut order = order(vec![
        item("a", ItemState::Packed).priced(1000),
        item("b", ItemState::Packed).priced(2000),
    ]);
    let now = minutes_after_purchase(5);
    for (id, item_id) in [("c1", "a"), ("c2", "b")] {
        let request = testing::request(&[(item_id, 1)], Some("changed_mind"));
        let planned = plan(&order, &policy, &request, now).unwrap();
        let applied = apply_plan(&mut order, &planned, "changed_mind", None, now, || {
            id.into()
        });
        let requested = &applied.cancellations[0];
        assert_eq!(requested.status, CancellationStatus::Requested);
        assert!(
            open_refund(&mut order, requested, &policy.refund_times, now, "x".into()).is_none()
        );
    }
    let later = minutes_after_purchase(60);
    let approved = decide(&mut order, "c1", true, later).unwrap();
    let refund = open_refund(
        &mut order,
        &approved,
        &policy.refund_times,
        later,
        "rf_a".into(),
    )
    .unwrap();
    assert_eq!(
        (refund.status, refund.amount.amount, refund.created_at),
        (RefundStatus::Pending, 1000, later)
    );
    let denied = decide(&mut order, "c2", false, later).unwrap();
    assert!(open_refund(
        &mut order,
        &denied,
        &policy.refund_times,
        later,
        "rf_d".into()
    )
    .is_none());
    assert_eq!(order.refunds.len(), 1);
}

#[test]
fn a_pending_refund_moves_forward_once() {
    let later = minutes_after_purchase(90);
    let cases = [
        (
            update(RefundStatus::Succeeded, Some(" ARN-1 "), None),
            Some("ARN-1"),
            None,
        ),
        (update(RefundStatus::Succeeded, None, None), None, None),
        (
            update(RefundStatus::Failed, None, Some("Card closed")),
            None,
            Some("Card closed"),
        ),
        (update(RefundStatus::Canceled, None, None), None, None),
    ];
    for (change, reference, reason) in cases {
        let mut refund = pending();
        assert_eq!(refund.apply(&change, later), Ok(true), "{change:?}");
        assert_eq!(refund.status, change.status);
        assert_eq!(refund.reference.as_deref(), reference);
        assert_eq!(refund.failure_reason.as_deref(), reason);
        assert_eq!(refund.updated_at, later);
        // The same body again changes nothing.
        let settled = refund.clone();
        assert_eq!(
            refund.apply(&change, minutes_after_purchase(120)),
            Ok(false)
        );
        assert_eq!(refund, settled);
        // Nothing moves a settled refund to another status, pending included.
        for other in [
            RefundStatus::Pending,
            RefundStatus::Succeeded,
            RefundStatus::Failed,
            RefundStatus::Canceled,
        ] {
            if other == change.status {
                continue;
            }
            let text = (other == RefundStatus::Failed).then_some("Later");
            let error = refund.apply(&update(other, None, text), later).unwrap_err();
            assert!(
                matches!(&error, RefundUpdateError::Conflict(why) if why.contains("already")),
                "{error:?}"
            );
            assert_eq!(refund, settled, "nothing half-written");
        }
    }
    let mut still = pending();
    assert_eq!(
        still.apply(&update(RefundStatus::Pending, None, None), later),
        Ok(false)
    );
    assert_eq!(still, pending());
}

#[test]
fn a_reference_can_follow_a_success_once_and_never_change() {
    let mut refund = pending();
    let (then, later) = (minutes_after_purchase(60), minutes_after_purchase(600));
    refund
        .apply(&update(RefundStatus::Succeeded, None, None), then)
        .unwrap();
    assert_eq!(
        refund.apply(&update(RefundStatus::Succeeded, Some("ARN-1"), None), later),
        Ok(true)
    );
    assert_eq!(
        (refund.reference.as_deref(), refund.updated_at),
        (Some("ARN-1"), later)
    );
    let before = refund.clone();
    let error = refund
        .apply(&update(RefundStatus::Succeeded, Some("ARN-2"), None), later)
        .unwrap_err();
    assert!(matches!(error, RefundUpdateError::Conflict(ref why) if why.contains("ARN-1")));
    assert_eq!(refund, before);
    let mut failed = pending();
    failed
        .apply(
            &update(RefundStatus::Failed, None, Some("Card closed")),
            then,
        )
        .unwrap();
    assert!(matches!(
        failed.apply(&update(RefundStatus::Failed, None, Some("Fraud")), later),
        Err(RefundUpdateError::Conflict(_))
    ));
}

#[test]
fn a_malformed_update_is_refused_whatever_the_refund() {
    let long = "x".repeat(MAX_REFERENCE_CHARS + 1);
    let reason = "y".repeat(MAX_FAILURE_REASON_CHARS + 1);
    for (bad, says) in [
        (
            update(RefundStatus::Failed, None, None),
            "needs a failure_reason",
        ),
        (
            update(RefundStatus::Failed, None, Some("  ")),
            "needs a failure_reason",
        ),
        (
            update(RefundStatus::Failed, Some("ARN"), Some("x")),
            "reference goes only",
        ),
        (
            update(RefundStatus::Canceled, Some("ARN"), None),
            "reference goes only",
        ),
        (
            update(RefundStatus::Succeeded, None, Some("x")),
            "failure_reason goes only",
        ),
        (
            update(RefundStatus::Pending, None, Some("x")),
            "failure_reason goes only",
        ),
        (
            update(RefundStatus::Succeeded, Some(&long), None),
            "longer than 100",
        ),
        (
            update(RefundStatus::Failed, None, Some(&reason)),
            "longer than 500",
        ),
    ] {
        let mut refund = pending();
        let error = refund.apply(&bad, minutes_after_purchase(60)).unwrap_err();
        assert!(
            matches!(&error, RefundUpdateError::Invalid(why) if why.contains(says)),
            "{bad:?}: {error:?}"
        );
        assert_eq!(refund, pending());
    }
    let unknown =
        serde_json::from_value::<RefundUpdate>(json!({"status": "succeeded", "arn": "1"}));
    assert!(
        unknown.is_err(),
        "a mistyped member is refused, not ignored"
    );
}
