//! Validation of a selection: each refusal names what is wrong.

mod common;
use cancel_policy::apply::{apply_plan, decide};
use cancel_policy::*;
use common::*;

fn now() -> Timestamp {
    minutes_after_purchase(5)
}

#[test]
fn refusals_are_precise_and_all_reported() {
    let o = order(vec![
        item("a", ItemState::Paid),
        item("s", ItemState::Shipped),
    ]);
    let policy = Preset::Temu.policy();
    let req = request(&[("a", 2), ("a", 1), ("zz", 1), ("s", 1)], Some("nope"));
    let refusals = plan(&o, &policy, &req, now()).unwrap_err();
    assert!(refusals.contains(&Refusal::QuantityExceedsOpen {
        item_id: "a".into(),
        requested: 2,
        open: 1
    }));
    assert!(refusals.contains(&Refusal::DuplicateItem {
        item_id: "a".into()
    }));
    assert!(refusals.contains(&Refusal::UnknownItem {
        item_id: "zz".into()
    }));
    assert!(refusals.contains(&Refusal::UnknownReason {
        reason_code: "nope".into()
    }));
    assert!(refusals.iter().any(|r| matches!(r, Refusal::NotCancellable { item_id, eligibility } if item_id == "s" && eligibility.outcome == Outcome::ReturnAfterDelivery)));
    assert_eq!(
        plan(&o, &policy, &request(&[], Some("other")), now()).unwrap_err(),
        vec![
            Refusal::EmptySelection,
            Refusal::CommentRequired {
                reason_code: "other".into()
            }
        ]
    );
}

#[test]
fn partial_quantities_follow_the_policy() {
    let o = order(vec![item("a", ItemState::Paid).with_quantity(3)]);
    // Part of a quantity is a merchant option; no seed preset has it.
    let merchant = Policy {
        partial_quantity: true,
        ..Preset::Temu.policy()
    };
    let p = plan(
        &o,
        &merchant,
        &request(&[("a", 1)], Some("changed_mind")),
        now(),
    )
    .unwrap();
    assert_eq!(p.refund_now.total.amount, 1000);
    let e = eligibility(&o, &o.items[0], &merchant, now());
    assert!(e.partial_allowed && e.max_quantity == 3);
    let refusals = plan(
        &o,
        &Preset::Temu.policy(),
        &request(&[("a", 1)], Some("changed_mind")),
        now(),
    )
    .unwrap_err();
    assert_eq!(
        refusals,
        vec![Refusal::PartialQuantityNotAllowed {
            item_id: "a".into(),
            requested: 1,
            open: 3
        }]
    );
    let e = eligibility(&o, &o.items[0], &Preset::Temu.policy(), now());
    assert!(!e.partial_allowed && e.max_quantity == 3);
}

#[test]
fn bundles_are_cancelled_together() {
    let (a, b) = (
        item("a", ItemState::Paid).in_bundle("kit"),
        item("b", ItemState::Paid).in_bundle("kit"),
    );
    let o = order(vec![a, b, item("c", ItemState::Paid)]);
    let policy = Preset::Temu.policy();
    let refusals = plan(
        &o,
        &policy,
        &request(&[("a", 1)], Some("changed_mind")),
        now(),
    )
    .unwrap_err();
    assert_eq!(
        refusals,
        vec![Refusal::BundleIncomplete {
            bundle_id: "kit".into(),
            missing_item_ids: vec!["b".into()]
        }]
    );
    let expanded = expand_bundles(
        &o,
        &policy,
        &[CancelledLine {
            item_id: "a".into(),
            quantity: 1,
        }],
    );
    assert_eq!(
        expanded
            .iter()
            .map(|l| l.item_id.as_str())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
    let req = CancellationRequest {
        items: expanded,
        ..request(&[], Some("changed_mind"))
    };
    assert!(plan(&o, &policy, &req, now()).is_ok());
}

#[test]
fn reason_comment_and_destination_rules() {
    let o = order(vec![item("a", ItemState::Paid)]);
    let policy = Preset::Temu.policy();
    let mut req = request(&[("a", 1)], Some("other"));
    req.comment = Some("   ".into());
    assert_eq!(
        plan(&o, &policy, &req, now()).unwrap_err(),
        vec![Refusal::CommentRequired {
            reason_code: "other".into()
        }]
    );
    req.comment = Some("x".repeat(501));
    assert_eq!(
        plan(&o, &policy, &req, now()).unwrap_err(),
        vec![Refusal::CommentTooLong { max_chars: 500 }]
    );
    req.comment = Some("Bought two by accident".into());
    req.refund_destination = Some(RefundDestination::StoreCredit);
    assert_eq!(
        plan(&o, &policy, &req, now())
            .unwrap()
            .refund_now
            .destination,
        RefundDestination::StoreCredit
    );
    let tiktok = Preset::TiktokShop.policy();
    assert_eq!(
        plan(&o, &tiktok, &req, now()).unwrap_err(),
        vec![Refusal::DestinationNotOffered {
            destination: RefundDestination::StoreCredit
        }]
    );
    // Amazon asks for a reason but does not require one.
    assert!(plan(
        &o,
        &Preset::Amazon.policy(),
        &request(&[("a", 1)], None),
        now()
    )
    .is_ok());
}

#[test]
fn quote_allocates_discount_shipping_and_tax_and_voids_unpaid() {
    let a = OrderItem {
        unit_tax: 600,
        ..item("a", ItemState::Paid).priced(3000)
    };
    let b = item("b", ItemState::Paid); // 1000
    let mut o = order(vec![a, b]);
    o.discount = 400; // 300 on a, 100 on b
    o.shipping = vec![ShippingCharge {
        seller_id: "store".into(),
        amount: 499,
        refunded: false,
    }];
    let policy = Preset::Temu.policy();
    let q = plan(
        &o,
        &policy,
        &request(&[("a", 1)], Some("changed_mind")),
        now(),
    )
    .unwrap()
    .refund_now;
    assert_eq!(
        (q.items, q.discount, q.tax, q.shipping, q.total.amount),
        (3000, 300, 600, 0, 3300)
    );
    // The last item of the shipment brings the shipping back.
    let q = plan(
        &o,
        &policy,
        &request(&[("a", 1), ("b", 1)], Some("changed_mind")),
        now(),
    )
    .unwrap()
    .refund_now;
    assert_eq!(
        (q.discount, q.shipping, q.total.amount),
        (400, 499, 3000 + 1000 - 400 + 600 + 499)
    );
    assert_eq!(q.total.amount, o.paid_total());

    let unpaid = order(vec![item("u", ItemState::Unpaid)]);
    let q = plan(
        &unpaid,
        &policy,
        &request(&[("u", 1)], Some("changed_mind")),
        now(),
    )
    .unwrap()
    .refund_now;
    assert_eq!((q.total.amount, q.voided), (0, 1000));
}

#[test]
fn denied_request_restores_the_item_and_refunds_nothing() {
    let mut o = order(vec![item("a", ItemState::Packed).with_quantity(2)]);
    let policy = Preset::TiktokShop.policy();
    let p = plan(
        &o,
        &policy,
        &request(&[("a", 2)], Some("changed_mind")),
        now(),
    )
    .unwrap();
    assert_eq!((p.cancel_now.len(), p.request.len()), (0, 1));
    apply_plan(&mut o, &p, "changed_mind", None, now(), || "c1".into());
    assert_eq!(o.items[0].state, ItemState::CancellationRequested);
    assert_eq!(
        eligibility(&o, &o.items[0], &policy, now()).outcome,
        Outcome::RequestPending
    );
    assert_eq!(o.status(), OrderStatus::CancellationRequested);
    let denied = decide(&mut o, "c1", false, now()).unwrap();
    assert_eq!(
        (denied.status, denied.refund.amount),
        (CancellationStatus::Denied, 0)
    );
    assert_eq!(
        (o.items[0].state, o.refunded, o.version),
        (ItemState::Packed, 0, 3)
    );
}

#[test]
fn refusal_codes_match_their_json_tag() {
    let refusals = [
        Refusal::EmptySelection,
        Refusal::CommentTooLong { max_chars: 5 },
        Refusal::BundleIncomplete {
            bundle_id: "b".into(),
            missing_item_ids: vec![],
        },
        Refusal::DestinationNotOffered {
            destination: RefundDestination::StoreCredit,
        },
    ];
    for r in refusals {
        assert_eq!(serde_json::to_value(&r).unwrap()["code"], r.code());
    }
}

#[test]
fn json_is_snake_case_with_money_in_minor_units() {
    let o = order(vec![item("a", ItemState::CancellationRequested)]);
    let json = serde_json::to_value(&o).unwrap();
    assert_eq!(json["items"][0]["state"], "cancellation_requested");
    assert_eq!(
        json["items"][0]["unit_price"],
        serde_json::json!({"amount": 1000, "currency": "EUR"})
    );
    assert_eq!(json["placed_at"], PLACED.to_string());
    let back: Order = serde_json::from_value(json).unwrap();
    assert_eq!(back, o);
    let policy = serde_json::to_value(Preset::TiktokShop.policy()).unwrap();
    assert_eq!(policy["outcomes"]["packed"], "request_cancellation");
}

#[test]
fn tabs_sort_orders_by_status() {
    let shipped = order(vec![item("a", ItemState::Shipped)]);
    assert!(Tab::Shipped.includes(&shipped) && !Tab::ToShip.includes(&shipped));
    let partly = order(vec![
        item("a", ItemState::Paid),
        item("b", ItemState::Paid).cancelled(),
    ]);
    assert!(Tab::ToShip.includes(&partly) && Tab::Cancelled.includes(&partly));
}

#[test]
fn the_entire_order_is_offered_only_when_everything_left_is_actionable() {
    let policy = Preset::Temu.policy();
    let two = item("a", ItemState::Paid).with_quantity(2);
    let gone = item("c", ItemState::Paid).cancelled();
    let lines_and_whole = |o: &Order| {
        let verdicts = order_eligibility(o, &policy, now());
        (
            actionable_lines(o, &verdicts),
            whole_order_actionable(o, &verdicts),
        )
    };
    let a2 = vec![CancelledLine {
        item_id: "a".into(),
        quantity: 2,
    }];

    // A delivered item is left over: only the paid one is offered, not "the entire order".
    let mixed = order(vec![
        two.clone(),
        item("d", ItemState::Delivered),
        gone.clone(),
    ]);
    assert_eq!(lines_and_whole(&mixed), (a2.clone(), false));
    // An item cancelled earlier has nothing open, so it does not stand in the way.
    assert_eq!(lines_and_whole(&order(vec![two, gone])), (a2, true));
    // Nothing actionable: nothing offered.
    assert_eq!(
        lines_and_whole(&order(vec![item("d", ItemState::Delivered)])),
        (vec![], false)
    );
}

/// `(item_id, quantity)` pairs of a selection, in order.
fn lines(selection: &[CancelledLine]) -> Vec<(&str, u32)> {
    selection
        .iter()
        .map(|l| (l.item_id.as_str(), l.quantity))
        .collect()
}

#[test]
fn ticking_a_bundle_item_keeps_the_other_selected_items_and_ticks_its_bundle() {
    let lamp = item("lamp", ItemState::Paid).with_quantity(2);
    let (shade, bulb) = (
        item("shade", ItemState::Paid).in_bundle("kit"),
        item("bulb", ItemState::Paid)
            .in_bundle("kit")
            .with_quantity(3),
    );
    let o = order(vec![lamp, shade, bulb, item("mug", ItemState::Paid)]);
    let policy = Preset::Temu.policy();
    assert!(policy.bundles_cancel_together);

    let picked = toggle_item(&o, &policy, &[], "lamp", 2);
    let picked = set_selected_quantity(&picked, "lamp", 1);
    let picked = toggle_item(&o, &policy, &picked, "shade", 1);
    assert_eq!(
        lines(&picked),
        vec![("lamp", 1), ("shade", 1), ("bulb", 3)],
        "the lamp stays, the whole kit is ticked"
    );

    // Unticking either bundle item unticks the set, and only the set.
    let picked = toggle_item(&o, &policy, &picked, "mug", 1);
    assert_eq!(
        lines(&toggle_item(&o, &policy, &picked, "bulb", 3)),
        vec![("lamp", 1), ("mug", 1)]
    );
    assert_eq!(
        lines(&toggle_item(&o, &policy, &picked, "shade", 1)),
        vec![("lamp", 1), ("mug", 1)]
    );
    // Unticking an item outside a bundle leaves the bundle ticked.
    assert_eq!(
        lines(&toggle_item(&o, &policy, &picked, "lamp", 2)),
        vec![("shade", 1), ("bulb", 3), ("mug", 1)]
    );
}

#[test]
fn without_bundle_rule_bundle_items_toggle_alone() {
    let o = order(vec![
        item("shade", ItemState::Paid).in_bundle("kit"),
        item("bulb", ItemState::Paid).in_bundle("kit"),
    ]);
    let policy = Policy {
        bundles_cancel_together: false,
        ..Preset::Temu.policy()
    };
    let picked = toggle_item(&o, &policy, &[], "shade", 1);
    assert_eq!(lines(&picked), vec![("shade", 1)]);
    let picked = toggle_item(&o, &policy, &picked, "bulb", 1);
    assert_eq!(
        lines(&toggle_item(&o, &policy, &picked, "shade", 1)),
        vec![("bulb", 1)]
    );
}
