//! Parcel requests as records: checked like the widget checks them, their units held out of
//! every other cancellation, moved forward only, and a returned parcel refunded exactly as
//! cancelling those units would have been.

mod common;

use cancel_policy::apply::apply_plan;
use cancel_policy::*;
use common::*;
use ParcelRequestStatus::*;

fn new(kind: ParcelRequest, item_id: &str, quantity: u32) -> NewParcelRequest {
    NewParcelRequest {
        kind,
        item_id: item_id.into(),
        quantity,
        reason_code: Some("no_longer_wanted".into()),
        comment: Some("  changed plans  ".into()),
        refund_destination: None,
    }
}

const NOW: i64 = 90;

/// An independent shop's order: two shipped lamps (45.00 each) and a paid mug, 5.00
/// shipping; the lamps' interception opened for both units.
fn intercepted_order() -> (Order, Policy, ParcelRequestRecord) {
    let policy = Preset::IndependentShop.policy();
    let mut o = order(vec![
        item("lamp", ItemState::Shipped)
            .priced(4500)
            .with_quantity(2),
        item("mug", ItemState::Paid).priced(1299),
    ]);
    o.shipping = vec![ShippingCharge {
        seller_id: "store".into(),
        amount: 500,
        refunded: false,
    }];
    let asked = new(ParcelRequest::InterceptionRequest, "lamp", 2);
    let now = minutes_after_purchase(NOW);
    let quote = check_parcel_request(&o, &policy, &asked, now).expect("offered once shipped");
    let record = open_parcel_request(
        &mut o,
        &asked,
        &quote,
        "no_longer_wanted",
        now,
        "pr_1".into(),
    );
    (o, policy, record)
}

#[test]
fn an_interception_is_recorded_and_holds_its_units() {
    let (o, policy, record) = intercepted_order();
    assert_eq!(
        (record.status, record.quantity, record.refund.amount),
        (Requested, 2, 9000),
        "the mug still ships: no shipping back yet"
    );
    assert_eq!(record.comment.as_deref(), Some("changed plans"));
    assert_eq!(
        record.steps,
        vec![ParcelStep {
            status: Requested,
            at: minutes_after_purchase(NOW)
        }]
    );
    assert_eq!((o.version, o.parcel_requests.len()), (2, 1));
    let lamp = o.item("lamp").unwrap();
    assert_eq!(
        (lamp.parcel_requested_quantity, lamp.open_quantity()),
        (2, 0)
    );
    // Held: offered no more, neither cancellable nor requestable, and not asked twice.
    let now = minutes_after_purchase(NOW + 1);
    let verdict = eligibility(&o, lamp, &policy, now);
    assert_eq!(verdict.outcome, Outcome::RequestPending);
    assert!(verdict.parcel_requests.is_empty());
    let again = check_parcel_request(
        &o,
        &policy,
        &new(ParcelRequest::InterceptionRequest, "lamp", 2),
        now,
    );
    assert!(
        matches!(&again.unwrap_err()[..], [Refusal::ParcelRequestNotOffered { item_id, .. }] if item_id == "lamp")
    );
    assert!(plan(
        &o,
        &policy,
        &request(&[("lamp", 2)], Some("no_longer_wanted")),
        now
    )
    .is_err());
}

#[test]
fn only_what_the_policy_offers_in_the_items_state_is_accepted() {
    let policy = Preset::IndependentShop.policy();
    let o = order(vec![
        item("packed", ItemState::Packed),
        item("shipped", ItemState::Shipped).with_quantity(3),
    ]);
    let now = minutes_after_purchase(NOW);
    let refusals = |n: NewParcelRequest| check_parcel_request(&o, &policy, &n, now).unwrap_err();
    let codes = |r: Vec<Refusal>| r.iter().map(Refusal::code).collect::<Vec<_>>();
    // Packed items are cancelled at once, and this shop takes no refusal notices.
    assert_eq!(
        codes(refusals(new(
            ParcelRequest::InterceptionRequest,
            "packed",
            1
        ))),
        ["parcel_request_not_offered"]
    );
    assert_eq!(
        codes(refusals(new(ParcelRequest::RefusalNotice, "shipped", 3))),
        ["parcel_request_not_offered"]
    );
    assert_eq!(
        codes(refusals(new(ParcelRequest::InterceptionRequest, "nope", 1))),
        ["unknown_item"]
    );
    assert_eq!(
        codes(refusals(new(
            ParcelRequest::InterceptionRequest,
            "shipped",
            0
        ))),
        ["zero_quantity"]
    );
    assert_eq!(
        codes(refusals(new(
            ParcelRequest::InterceptionRequest,
            "shipped",
            4
        ))),
        ["quantity_exceeds_open"]
    );
    assert_eq!(
        codes(refusals(new(
            ParcelRequest::InterceptionRequest,
            "shipped",
            2
        ))),
        ["partial_quantity_not_allowed"]
    );
    let no_reason = NewParcelRequest {
        reason_code: None,
        ..new(ParcelRequest::InterceptionRequest, "shipped", 3)
    };
    assert_eq!(codes(refusals(no_reason)), ["reason_required"]);
    let credit = NewParcelRequest {
        refund_destination: Some(RefundDestination::StoreCredit),
        ..new(ParcelRequest::InterceptionRequest, "shipped", 3)
    };
    assert_eq!(codes(refusals(credit)), ["destination_not_offered"]);
    assert!(check_parcel_request(
        &o,
        &policy,
        &new(ParcelRequest::InterceptionRequest, "shipped", 3),
        now
    )
    .is_ok());
}

#[test]
fn returned_cancels_the_units_and_refunds_what_cancelling_them_would() {
    let (mut o, policy, record) = intercepted_order();
    let mut at_once = o.clone();
    let later = minutes_after_purchase(NOW + 60);
    let moved =
        move_parcel_request(&mut o, &record.id, Intercepted, later, || unreachable!()).unwrap();
    assert!(moved.changed && moved.cancellation.is_none());
    assert_eq!((moved.request.status, o.version), (Intercepted, 3));
    assert_eq!(
        o.item("lamp").unwrap().parcel_requested_quantity,
        2,
        "still on its way back"
    );

    let back = minutes_after_purchase(NOW + 120);
    let moved = move_parcel_request(&mut o, &record.id, Returned, back, || "c_9".into()).unwrap();
    let cancellation = moved
        .cancellation
        .expect("a completed cancellation owes the refund");
    assert_eq!(
        (
            cancellation.status,
            &cancellation.items[..],
            cancellation.reason_code.as_str()
        ),
        (
            CancellationStatus::Completed,
            &[record.line()][..],
            "no_longer_wanted"
        )
    );
    assert_eq!(moved.request.cancellation_id.as_deref(), Some("c_9"));
    assert_eq!(
        moved
            .request
            .steps
            .iter()
            .map(|s| s.status)
            .collect::<Vec<_>>(),
        [Requested, Intercepted, Returned]
    );
    let lamp = o.item("lamp").unwrap();
    assert_eq!(
        (
            lamp.state,
            lamp.cancelled_quantity,
            lamp.parcel_requested_quantity
        ),
        (ItemState::Cancelled, 2, 0)
    );
    // The same money as cancelling both lamps at once would have returned.
    at_once.items[0].parcel_requested_quantity = 0;
    at_once.items[0].state = ItemState::Paid;
    let planned = plan(
        &at_once,
        &policy,
        &request(&[("lamp", 2)], Some("no_longer_wanted")),
        back,
    )
    .unwrap();
    let applied = apply_plan(
        &mut at_once,
        &planned,
        "no_longer_wanted",
        None,
        back,
        || "c".into(),
    );
    assert_eq!(cancellation.refund, applied.cancellations[0].refund);
    assert_eq!((o.refunded, moved.request.refund.amount), (9000, 9000));
    let refund = open_refund(
        &mut o,
        &cancellation,
        &policy.refund_times,
        back,
        "rf_1".into(),
    )
    .unwrap();
    assert_eq!(
        (refund.status, refund.amount.amount),
        (RefundStatus::Pending, 9000)
    );

    // Replays change nothing; every other move is a conflict that leaves it as it is.
    let before = o.clone();
    let replay =
        move_parcel_request(&mut o, &record.id, Returned, back, || unreachable!()).unwrap();
    assert!(!replay.changed && replay.request == before.parcel_requests[0]);
    for status in [Requested, Intercepted, NotInterceptable] {
        let refused = move_parcel_request(&mut o, &record.id, status, back, || unreachable!());
        assert!(
            matches!(refused, Err(ParcelMoveError::Conflict(_))),
            "{status:?}"
        );
    }
    for status in [Noticed, DeliveredAnyway] {
        let refused = move_parcel_request(&mut o, &record.id, status, back, || unreachable!());
        assert!(
            matches!(refused, Err(ParcelMoveError::Invalid(_))),
            "{status:?}"
        );
    }
    assert!(matches!(
        move_parcel_request(&mut o, "pr_nope", Returned, back, || unreachable!()),
        Err(ParcelMoveError::Unknown)
    ));
    assert_eq!(o, before, "nothing half-written");
}

#[test]
fn not_interceptable_opens_the_units_again_for_a_return_and_is_not_asked_again() {
    let (mut o, policy, record) = intercepted_order();
    // Straight from requested to returned skips the interception: a conflict.
    let skip = move_parcel_request(
        &mut o,
        &record.id,
        Returned,
        minutes_after_purchase(NOW),
        || unreachable!(),
    );
    assert!(matches!(skip, Err(ParcelMoveError::Conflict(_))));
    let now = minutes_after_purchase(NOW + 30);
    let moved =
        move_parcel_request(&mut o, &record.id, NotInterceptable, now, || unreachable!()).unwrap();
    assert_eq!(
        (moved.request.status, moved.request.refund.amount),
        (NotInterceptable, 0)
    );
    assert!(moved.cancellation.is_none() && o.cancellations.is_empty() && o.refunded == 0);
    let lamp = o.item("lamp").unwrap();
    assert_eq!(
        (lamp.parcel_requested_quantity, lamp.open_quantity()),
        (0, 2)
    );
    let verdict = eligibility(&o, lamp, &policy, now);
    assert_eq!(verdict.outcome, Outcome::InterceptViaSupport);
    assert!(
        verdict.parcel_requests.is_empty(),
        "the store already said it cannot be stopped"
    );
    let after = move_parcel_request(&mut o, &record.id, Intercepted, now, || unreachable!());
    assert!(matches!(after, Err(ParcelMoveError::Conflict(_))));
}

#[test]
fn a_refusal_notice_ends_returned_or_delivered_anyway() {
    let policy = Preset::Amazon.policy();
    let now = minutes_after_purchase(NOW);
    for (end, refunded) in [(Returned, 1000), (DeliveredAnyway, 0)] {
        let mut o = order(vec![item("kettle", ItemState::Shipped)]);
        let asked = NewParcelRequest {
            reason_code: Some("changed_mind".into()),
            ..new(ParcelRequest::RefusalNotice, "kettle", 1)
        };
        let quote = check_parcel_request(&o, &policy, &asked, now)
            .expect("Amazon takes the notice once shipped");
        let record =
            open_parcel_request(&mut o, &asked, &quote, "changed_mind", now, "pr_2".into());
        assert_eq!(record.status, Noticed);
        let intercept = move_parcel_request(&mut o, "pr_2", Intercepted, now, || unreachable!());
        assert!(
            matches!(intercept, Err(ParcelMoveError::Invalid(_))),
            "no interception for a refusal"
        );
        let moved = move_parcel_request(&mut o, "pr_2", end, now, || "c_1".into()).unwrap();
        assert_eq!(
            (
                moved.request.status,
                o.refunded,
                moved.cancellation.is_some()
            ),
            (end, refunded, end == Returned)
        );
    }
}

#[test]
fn records_read_and_write_the_contracts_json() {
    let (o, _, record) = intercepted_order();
    let json = serde_json::to_value(&record).unwrap();
    assert_eq!(json["kind"], "interception_request");
    assert_eq!(json["status"], "requested");
    assert_eq!(json["steps"][0]["status"], "requested");
    assert!(json.get("cancellation_id").is_none());
    let back: Order = serde_json::from_value(serde_json::to_value(&o).unwrap()).unwrap();
    assert_eq!(back, o);
    // Orders stored before parcel requests existed still read, with none.
    let mut old = serde_json::to_value(order(vec![item("a", ItemState::Paid)])).unwrap();
    old.as_object_mut().unwrap().remove("parcel_requests");
    old["items"][0]
        .as_object_mut()
        .unwrap()
        .remove("parcel_requested_quantity");
    let old: Order = serde_json::from_value(old).unwrap();
    assert!(old.parcel_requests.is_empty() && old.items[0].parcel_requested_quantity == 0);
    let update: ParcelRequestUpdate =
        serde_json::from_str(r#"{"status":"not_interceptable"}"#).unwrap();
    assert_eq!(update.status, NotInterceptable);
    assert!(
        serde_json::from_str::<ParcelRequestUpdate>(r#"{"status":"returned","note":"x"}"#).is_err()
    );
}

#[test]
fn the_quote_before_a_reason_is_chosen_is_what_the_request_refunds() {
    let policy = Preset::IndependentShop.policy();
    let o = order(vec![
        item("lamp", ItemState::Shipped)
            .priced(4500)
            .with_quantity(2),
        item("mug", ItemState::Paid).priced(1299),
    ]);
    let now = minutes_after_purchase(NOW);
    let unexplained = NewParcelRequest {
        reason_code: None,
        comment: None,
        ..new(ParcelRequest::InterceptionRequest, "lamp", 2)
    };
    // No reason yet: the request is refused for it, but the quote is already there.
    let quote = quote_parcel_request(&o, &policy, &unexplained, now).expect("quoted");
    assert_eq!(quote.total.amount, 9000);
    let refused = check_parcel_request(&o, &policy, &unexplained, now).unwrap_err();
    assert_eq!(refused, vec![Refusal::ReasonRequired]);
    let explained = new(ParcelRequest::InterceptionRequest, "lamp", 2);
    assert_eq!(
        check_parcel_request(&o, &policy, &explained, now),
        Ok(quote)
    );
    // What the item does not offer is refused by both, the reason's refusal after it.
    let refusal = NewParcelRequest {
        kind: ParcelRequest::RefusalNotice,
        ..unexplained
    };
    let codes = |r: Vec<Refusal>| r.iter().map(Refusal::code).collect::<Vec<_>>();
    assert_eq!(
        codes(quote_parcel_request(&o, &policy, &refusal, now).unwrap_err()),
        vec!["parcel_request_not_offered"]
    );
    assert_eq!(
        codes(check_parcel_request(&o, &policy, &refusal, now).unwrap_err()),
        vec!["parcel_request_not_offered", "reason_required"]
    );
}
