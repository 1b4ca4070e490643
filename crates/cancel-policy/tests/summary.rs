//! The shopper's view of an order's money and of its order-wide actions (`summary.rs`).

mod common;
use cancel_policy::apply::{apply_plan, decide};
use cancel_policy::*;
use common::*;

/// Demo order PO-10421: a beanie (29.00) and a pour-over set (45.00), 20 % tax, a 5.00
/// voucher and 4.95 shipping, paid and open for a 30-minute window.
fn po_10421() -> Order {
    let mut o = order(vec![
        item("beanie", ItemState::Paid)
            .titled("Merino wool beanie")
            .priced(2900),
        item("pour", ItemState::Paid)
            .titled("Ceramic pour-over set")
            .priced(4500),
    ]);
    for i in &mut o.items {
        i.unit_tax = i.unit_price.amount / 5;
    }
    o.discount = 500;
    o.shipping = vec![ShippingCharge {
        seller_id: "store".into(),
        amount: 495,
        refunded: false,
    }];
    o
}

fn policy() -> Policy {
    Preset::Temu.policy()
}

/// Only `amount` given back, and it has arrived.
fn refunded(amount: i64) -> RefundAmounts {
    RefundAmounts {
        refunded: amount,
        ..RefundAmounts::default()
    }
}

/// Cancels `lines` now under `policy`, as the server does.
fn cancel(o: &mut Order, policy: &Policy, lines: &[(&str, u32)]) {
    let p = plan(
        o,
        policy,
        &request(lines, Some("changed_mind")),
        minutes_after_purchase(1),
    )
    .expect("a valid request");
    let id = format!("c{}", o.cancellations.len() + 1);
    apply_plan(
        o,
        &p,
        "changed_mind",
        None,
        minutes_after_purchase(1),
        || id.clone(),
    );
}

#[test]
fn an_order_as_placed_shows_what_it_costs() {
    let s = money_summary(&po_10421());
    assert_eq!(
        (s.items, s.discount, s.shipping, s.tax, s.total),
        (7400, 500, 495, 1480, 8875)
    );
    assert_eq!(s.total, po_10421().total(), "the card's total");
    assert_eq!(
        (s.back, s.not_charged, s.now),
        (RefundAmounts::default(), 0, 8875)
    );
    assert_eq!(
        cancelled_summary(&po_10421(), RefundAmounts::default()),
        None,
        "nothing cancelled: no card note"
    );
}

/// The example: one item of two cancelled, €32.85 back (29.00 − its 1.95 share of
/// the voucher + 5.80 tax); the shipping stays, since the pour-over set still ships.
#[test]
fn one_cancelled_item_shows_what_came_back_and_what_the_order_costs_now() {
    let mut o = po_10421();
    cancel(&mut o, &policy(), &[("beanie", 1)]);
    let s = money_summary(&o);
    assert_eq!(s.total, 8875, "as placed, unchanged");
    assert_eq!(
        s.back.refunded, 3285,
        "no refund record: given back before records"
    );
    assert_eq!(s.now, 8875 - 3285);
    assert_eq!(s.not_charged, 0);
    assert_eq!(
        cancelled_summary(&o, RefundAmounts::default()),
        Some(CancelledSummary {
            cancelled_units: 1,
            units: 2,
            back: refunded(3285),
            not_charged: false
        }),
        "the card's \"1 of 2 items cancelled · €32.85 refunded\""
    );
}

#[test]
fn a_whole_cancelled_order_costs_nothing_and_came_back_in_full() {
    let mut o = po_10421();
    cancel(&mut o, &policy(), &[("beanie", 1), ("pour", 1)]);
    let s = money_summary(&o);
    assert_eq!(
        (s.total, s.back.refunded, s.not_charged, s.now),
        (8875, 8875, 0, 0)
    );
    let card = cancelled_summary(&o, RefundAmounts::default()).unwrap();
    assert_eq!(
        (card.cancelled_units, card.units, card.back),
        (2, 2, refunded(8875))
    );
}

/// A free gift cancelled: nothing comes back and nothing was voided; the order costs what it
/// did.
#[test]
fn a_cancelled_free_item_refunds_nothing() {
    let mut o = po_10421();
    o.items
        .push(item("gift", ItemState::Paid).titled("Gift bag").priced(0));
    cancel(&mut o, &policy(), &[("gift", 1)]);
    let s = money_summary(&o);
    assert_eq!(
        (s.total, s.back.total(), s.not_charged, s.now),
        (8875, 0, 0, 8875)
    );
    let card = cancelled_summary(&o, RefundAmounts::default()).unwrap();
    assert_eq!(
        (card.cancelled_units, card.units, card.back.total()),
        (1, 3, 0)
    );
    assert!(!card.not_charged, "free: nothing to say about money");
}

/// An unpaid order cancelled: its payment is voided, so nothing is "refunded"; it was not
/// charged, shipping included.
#[test]
fn a_cancelled_unpaid_order_was_not_charged() {
    let mut o = order(vec![item("towels", ItemState::Unpaid).priced(1800)]);
    o.shipping = vec![ShippingCharge {
        seller_id: "store".into(),
        amount: 495,
        refunded: false,
    }];
    cancel(&mut o, &policy(), &[("towels", 1)]);
    let s = money_summary(&o);
    assert_eq!(
        (s.total, s.back.total(), s.not_charged, s.now),
        (2295, 0, 2295, 0)
    );
    let card = cancelled_summary(&o, RefundAmounts::default()).unwrap();
    assert!(card.not_charged && card.back.total() == 0);
}

/// Units waiting on the seller's answer still count in what the order costs; once approved,
/// they come back like a cancellation.
#[test]
fn a_pending_request_still_costs_until_approved() {
    let requests = Policy {
        outcomes: StateOutcomes {
            paid: OutcomeKind::RequestCancellation,
            ..policy().outcomes
        },
        ..policy()
    };
    let mut o = po_10421();
    let p = plan(
        &o,
        &requests,
        &request(&[("beanie", 1)], Some("changed_mind")),
        PLACED,
    )
    .unwrap();
    apply_plan(&mut o, &p, "changed_mind", None, PLACED, || "r1".into());
    let s = money_summary(&o);
    assert_eq!((s.back.total(), s.now), (0, 8875));
    assert_eq!(
        cancelled_summary(&o, RefundAmounts::default()),
        None,
        "requested is not cancelled"
    );
    decide(&mut o, "r1", true, minutes_after_purchase(5)).unwrap();
    let s = money_summary(&o);
    assert_eq!(
        (
            s.back.refunded,
            s.now,
            cancelled_summary(&o, RefundAmounts::default()).map(|c| c.cancelled_units)
        ),
        (3285, 8875 - 3285, Some(1))
    );
}

fn whole(o: &Order, policy: &Policy) -> Option<WholeOrderAction> {
    whole_order_action(o, &order_eligibility(o, policy, minutes_after_purchase(1)))
}

#[test]
fn the_order_wide_action_says_what_it_covers() {
    let p = policy();
    let fresh = po_10421();
    assert_eq!(
        whole(&fresh, &p),
        Some(WholeOrderAction {
            remaining: false,
            request_only: false
        }),
        "nothing cancelled yet: the entire order"
    );
    // One of three lines cancelled: what is left is "the remaining items".
    let mut o = po_10421();
    o.items.push(item("mug", ItemState::Paid).priced(1600));
    cancel(&mut o, &p, &[("beanie", 1)]);
    assert_eq!(
        whole(&o, &p),
        Some(WholeOrderAction {
            remaining: true,
            request_only: false
        })
    );
    // One line left: its own button says it; no order-wide one.
    let mut o = po_10421();
    cancel(&mut o, &p, &[("beanie", 1)]);
    assert_eq!(whole(&o, &p), None);
    // Everything cancelled: nothing to offer.
    cancel(&mut o, &p, &[("pour", 1)]);
    assert_eq!(whole(&o, &p), None);
    // Part of a quantity cancelled counts as part of the order.
    let mut o = order(vec![
        item("a", ItemState::Paid).with_quantity(3),
        item("b", ItemState::Paid),
    ]);
    let partial = Policy {
        partial_quantity: true,
        ..p.clone()
    };
    cancel(&mut o, &partial, &[("a", 1)]);
    assert!(whole(&o, &partial).is_some_and(|w| w.remaining));
}

#[test]
fn a_request_only_order_is_asked_for() {
    let o = order(vec![
        item("a", ItemState::Paid).sold_by("gh", "Gadget Hub"),
        item("b", ItemState::Paid).sold_by("gh", "Gadget Hub"),
    ]);
    let amazon = Preset::Amazon.policy();
    assert_eq!(
        whole(&o, &amazon),
        Some(WholeOrderAction {
            remaining: false,
            request_only: true
        })
    );
    assert_eq!(
        list_action(&o, &amazon, PLACED),
        Some(Outcome::RequestCancellation)
    );
}

#[test]
fn the_list_offers_cancelling_where_something_can_be_cancelled() {
    let p = policy();
    assert_eq!(
        list_action(&po_10421(), &p, PLACED),
        Some(Outcome::CancelNow)
    );
    let mixed = order(vec![
        item("d", ItemState::Delivered),
        item("a", ItemState::Paid),
    ]);
    assert_eq!(list_action(&mixed, &p, PLACED), Some(Outcome::CancelNow));
    let mut gone = po_10421();
    cancel(&mut gone, &p, &[("beanie", 1), ("pour", 1)]);
    assert_eq!(list_action(&gone, &p, PLACED), None, "all cancelled");
    let shipped = order(vec![item("s", ItemState::Shipped)]);
    assert_eq!(
        list_action(&shipped, &p, PLACED),
        None,
        "only guidance left"
    );
}

// ---- Where the money went: a refund counts as refunded only once it has arrived. ----

/// Cancels `lines` as the server does: the cancellation, then the refund it owes, pending.
fn cancel_with_refund(o: &mut Order, lines: &[(&str, u32)]) {
    cancel(o, &policy(), lines);
    let c = o.cancellations.last().unwrap().clone();
    let id = format!("rf{}", o.refunds.len() + 1);
    open_refund(
        o,
        &c,
        &RefundTimes::default(),
        minutes_after_purchase(1),
        id,
    );
}

/// The store's payment side moves refund `index` of `o` to `status`.
fn settle(o: &mut Order, index: usize, status: RefundStatus) {
    let update = RefundUpdate {
        status,
        reference: None,
        failure_reason: (status == RefundStatus::Failed).then(|| "card closed".into()),
    };
    o.refunds[index]
        .apply(&update, minutes_after_purchase(90))
        .unwrap();
}

/// The card's summary, with the refund amounts read from the records as the list reads them.
fn card(o: &Order) -> CancelledSummary {
    cancelled_summary(o, RefundAmounts::of(&o.refunds)).unwrap()
}

/// The example, while its refund is on its way: €32.85 pending, nothing refunded
/// yet; then each way it can end.
#[test]
fn a_refund_counts_as_refunded_only_once_it_has_arrived() {
    let mut o = po_10421();
    cancel_with_refund(&mut o, &[("beanie", 1)]);
    let pending = RefundAmounts {
        pending: 3285,
        ..RefundAmounts::default()
    };
    let s = money_summary(&o);
    assert_eq!((s.back, s.now, s.not_charged), (pending, 8875 - 3285, 0));
    assert_eq!(
        card(&o).back,
        pending,
        "\"€32.85 refund pending\", not refunded"
    );
    for (status, back) in [
        (RefundStatus::Succeeded, refunded(3285)),
        (
            RefundStatus::Failed,
            RefundAmounts {
                failed: 3285,
                ..RefundAmounts::default()
            },
        ),
        (
            RefundStatus::Canceled,
            RefundAmounts {
                called_off: 3285,
                ..RefundAmounts::default()
            },
        ),
    ] {
        let mut settled = o.clone();
        settle(&mut settled, 0, status);
        let s = money_summary(&settled);
        assert_eq!(s.back, back, "{status:?}");
        assert_eq!(card(&settled).back, back, "{status:?}");
        assert_eq!(
            s.back.total(),
            3285,
            "{status:?}: the same money, elsewhere"
        );
    }
}

/// Two cancellations, two refunds: one arrived, one still pending; each counted where it is.
#[test]
fn refunds_in_different_states_are_counted_apart() {
    let mut o = po_10421();
    cancel_with_refund(&mut o, &[("beanie", 1)]);
    cancel_with_refund(&mut o, &[("pour", 1)]);
    settle(&mut o, 0, RefundStatus::Succeeded);
    let s = money_summary(&o);
    let second = o.refunds[1].amount.amount;
    assert_eq!(second, 8875 - 3285, "the rest, shipping included");
    assert_eq!(
        s.back,
        RefundAmounts {
            refunded: 3285,
            pending: second,
            ..RefundAmounts::default()
        }
    );
    assert_eq!(s.now, 0);
    assert_eq!(card(&o).back, s.back);
}

/// What a submission's result says of its refunds: the most pressing state among them.
#[test]
fn the_refunds_of_a_submission_stand_as_their_most_pressing_one() {
    let mut o = po_10421();
    cancel_with_refund(&mut o, &[("beanie", 1)]);
    cancel_with_refund(&mut o, &[("pour", 1)]);
    let both = o.cancellations.clone();
    assert_eq!(refunds_standing(&o, &both), Some(RefundStatus::Pending));
    settle(&mut o, 0, RefundStatus::Succeeded);
    assert_eq!(refunds_standing(&o, &both), Some(RefundStatus::Pending));
    assert_eq!(
        refunds_standing(&o, &both[..1]),
        Some(RefundStatus::Succeeded)
    );
    settle(&mut o, 1, RefundStatus::Failed);
    assert_eq!(refunds_standing(&o, &both), Some(RefundStatus::Failed));
    assert_eq!(refunds_standing(&o, &[]), None);
    let mut called_off = po_10421();
    cancel_with_refund(&mut called_off, &[("beanie", 1)]);
    settle(&mut called_off, 0, RefundStatus::Canceled);
    assert_eq!(
        refunds_standing(&called_off, &called_off.cancellations),
        Some(RefundStatus::Canceled)
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const STATES: [Option<RefundStatus>; 4] = [
        None,
        Some(RefundStatus::Succeeded),
        Some(RefundStatus::Failed),
        Some(RefundStatus::Canceled),
    ];

    /// An order of up to four lines, some unpaid, cancelled line by line; each refund left
    /// pending or moved on, and some cancellations from before refunds were recorded.
    fn arb_case() -> impl Strategy<Value = (Order, Vec<(Option<RefundStatus>, bool)>)> {
        let line = (1i64..20_000, 0i64..4_000, any::<bool>());
        (
            prop::collection::vec(line, 1..5),
            0i64..3_000,
            0i64..900,
            prop::collection::vec((prop::sample::select(STATES.to_vec()), any::<bool>()), 4),
        )
            .prop_map(|(lines, discount, shipping, moves)| {
                let items: Vec<OrderItem> = lines
                    .iter()
                    .enumerate()
                    .map(|(n, (price, tax, unpaid))| OrderItem {
                        unit_tax: *tax,
                        ..item(
                            &format!("i{n}"),
                            if *unpaid {
                                ItemState::Unpaid
                            } else {
                                ItemState::Paid
                            },
                        )
                        .priced(*price)
                    })
                    .collect();
                let subtotal: i64 = lines.iter().map(|l| l.0).sum();
                let mut o = order(items);
                o.discount = discount.min(subtotal);
                o.shipping = vec![ShippingCharge {
                    seller_id: "store".into(),
                    amount: shipping,
                    refunded: false,
                }];
                (o, moves)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The summary adds up whatever became of each refund: total = refunded + pending +
        /// failed + called off + not charged + now; only succeeded refunds (and money given
        /// back before records) count as refunded; the card says the same as the details.
        #[test]
        fn every_cent_is_somewhere_and_only_arrived_money_is_refunded(
            (mut o, moves) in arb_case(),
            cancelled in 0usize..5,
        ) {
            let ids: Vec<String> = o.items.iter().map(|i| i.id.clone()).collect();
            for (n, id) in ids.iter().take(cancelled).enumerate() {
                let (_, recorded) = moves[n % moves.len()];
                if recorded {
                    cancel_with_refund(&mut o, &[(id.as_str(), 1)]);
                } else {
                    cancel(&mut o, &policy(), &[(id.as_str(), 1)]);
                }
            }
            for index in 0..o.refunds.len() {
                if let Some(status) = moves[index % moves.len()].0 {
                    settle(&mut o, index, status);
                }
            }
            let s = money_summary(&o);
            let b = s.back;
            prop_assert_eq!(b.refunded + b.pending + b.failed + b.called_off + s.not_charged + s.now, s.total);
            prop_assert_eq!(b.total(), o.refunded);
            let sum = |status: RefundStatus| -> i64 {
                o.refunds.iter().filter(|r| r.status == status).map(|r| r.amount.amount).sum()
            };
            prop_assert_eq!((b.pending, b.failed, b.called_off), (sum(RefundStatus::Pending), sum(RefundStatus::Failed), sum(RefundStatus::Canceled)));
            let recorded: i64 = o.refunds.iter().map(|r| r.amount.amount).sum();
            prop_assert_eq!(b.refunded, sum(RefundStatus::Succeeded) + (o.refunded - recorded));
            if let Some(c) = cancelled_summary(&o, RefundAmounts::of(&o.refunds)) {
                prop_assert_eq!(c.back, b);
            }
        }
    }
}
