//! Property tests of DESIGN.md's invariants, over random orders and every preset.

mod common;
use cancel_policy::apply::{apply_plan, decide};
use cancel_policy::*;
use common::*;
use proptest::prelude::*;

const PAID_STATES: [ItemState; 3] = [ItemState::Paid, ItemState::Processing, ItemState::Packed];

fn arb_order() -> impl Strategy<Value = Order> {
    let line = (
        1u32..5,
        1i64..50_000,
        0i64..2_000,
        0usize..3,
        0usize..3,
        any::<bool>(),
    );
    (
        prop::collection::vec(line, 1..6),
        0i64..5_000,
        prop::collection::vec(0i64..1_500, 3),
    )
        .prop_map(|(lines, discount, shipping)| {
            let items: Vec<OrderItem> = lines
                .into_iter()
                .enumerate()
                .map(
                    |(n, (quantity, price, tax, seller, state, bundled))| OrderItem {
                        quantity,
                        unit_price: Money::new(price, "EUR"),
                        unit_tax: tax,
                        seller: Seller {
                            id: format!("s{seller}"),
                            name: format!("Seller {seller}"),
                            kind: SellerKind::FirstParty,
                        },
                        bundle_id: bundled.then(|| "b".to_string()),
                        ..item(&format!("i{n}"), PAID_STATES[state])
                    },
                )
                .collect();
            let subtotal: i64 = items
                .iter()
                .map(|i| i.unit_price.amount * i.quantity as i64)
                .sum();
            let mut o = order(items);
            o.discount = discount.min(subtotal);
            o.shipping = (0..3)
                .filter(|s| o.items.iter().any(|i| i.seller.id == format!("s{s}")))
                .map(|s| ShippingCharge {
                    seller_id: format!("s{s}"),
                    amount: shipping[s],
                    refunded: false,
                })
                .collect();
            o
        })
}

/// A permissive policy: everything that is paid can be cancelled now, unit by unit.
fn permissive() -> Policy {
    Policy {
        outcomes: StateOutcomes {
            packed: OutcomeKind::CancelNow,
            ..Preset::Temu.policy().outcomes
        },
        bundles_cancel_together: false,
        partial_quantity: true,
        reason_required: false,
        ..Preset::Temu.policy()
    }
}

/// How much the shopper can do with an item, as `Policy::rank_in` counts it: cancel now >
/// request > a parcel request ("ask to stop the parcel", "I will refuse the delivery") > advice.
fn shopper_rank(e: &Eligibility) -> u8 {
    match e.outcome {
        Outcome::CancelNow => 3,
        Outcome::RequestCancellation => 2,
        _ => u8::from(!e.parcel_requests.is_empty()),
    }
}

fn arb_outcome() -> impl Strategy<Value = OutcomeKind> {
    use OutcomeKind::*;
    prop::sample::select(vec![
        CancelNow,
        RequestCancellation,
        InterceptViaSupport,
        RefuseDelivery,
        ReturnAfterDelivery,
        NotAllowed,
    ])
}

fn cancel(o: &mut Order, policy: &Policy, lines: &[(&str, u32)]) -> i64 {
    let p =
        plan(o, policy, &request(lines, None), minutes_after_purchase(1)).expect("valid selection");
    let refund = p.refund_now.total.amount;
    let mut n = 0;
    apply_plan(o, &p, "other", None, minutes_after_purchase(1), || {
        n += 1;
        format!("c{n}")
    });
    refund
}

fn all_open(o: &Order) -> Vec<(String, u32)> {
    o.items
        .iter()
        .map(|i| (i.id.clone(), i.open_quantity()))
        .collect()
}

fn as_refs(lines: &[(String, u32)]) -> Vec<(&str, u32)> {
    lines.iter().map(|(id, q)| (id.as_str(), *q)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn one_by_one_equals_all_at_once_equals_paid(o in arb_order(), order_seed in any::<u64>()) {
        let policy = permissive();
        let paid = o.paid_total();

        let mut whole = o.clone();
        let all = all_open(&whole);
        let refund_all = cancel(&mut whole, &policy, &as_refs(&all));

        // One unit at a time, in an order shuffled by the seed.
        let mut piecewise = o.clone();
        let mut units: Vec<String> = o.items.iter().flat_map(|i| std::iter::repeat_n(i.id.clone(), i.quantity as usize)).collect();
        let len = units.len();
        for k in 0..len {
            units.swap(k, (order_seed as usize).wrapping_mul(k + 7) % len);
        }
        let mut refund_sum = 0;
        for id in &units {
            refund_sum += cancel(&mut piecewise, &policy, &[(id.as_str(), 1)]);
            prop_assert!(piecewise.refunded <= paid, "refunded more than paid");
        }
        prop_assert_eq!(refund_all, paid);
        prop_assert_eq!(refund_sum, paid);
        prop_assert_eq!(whole.status(), OrderStatus::Cancelled);
        prop_assert_eq!(piecewise.refunded, paid);
    }

    #[test]
    fn a_quote_never_exceeds_what_is_unrefunded(o in arb_order(), picks in prop::collection::vec((0usize..6, 1u32..5), 1..8)) {
        let policy = permissive();
        let mut o = o;
        let paid = o.paid_total();
        for (index, qty) in picks {
            let Some(it) = o.items.get(index % o.items.len()) else { continue };
            let qty = qty.min(it.open_quantity());
            if qty == 0 { continue; }
            let id = it.id.clone();
            let p = plan(&o, &policy, &request(&[(id.as_str(), qty)], None), minutes_after_purchase(1)).unwrap();
            prop_assert!(p.refund_now.total.amount <= paid - o.refunded);
            prop_assert!(p.refund_now.total.amount >= 0);
            cancel(&mut o, &policy, &[(id.as_str(), qty)]);
            // The shopper's summary adds up: what was paid is what came back plus what the
            // order costs now (every unit here was paid, so nothing is "not charged").
            let s = money_summary(&o);
            prop_assert_eq!(s.total, o.total());
            prop_assert_eq!((s.back.refunded + s.now, s.not_charged), (s.total, 0));
        }
    }

    #[test]
    fn later_states_are_never_more_cancellable(
        preset in prop::sample::select(Preset::ALL.to_vec()),
        minutes in 0i64..200,
        third_party in any::<bool>(),
        personalised in any::<bool>(),
    ) {
        let policy = preset.policy();
        let rank = |state: ItemState| {
            let mut it = item("a", state);
            it.personalised = personalised;
            if third_party { it.seller.kind = SellerKind::ThirdParty; }
            let o = order(vec![it]);
            shopper_rank(&eligibility(&o, &o.items[0], &policy, minutes_after_purchase(minutes)))
        };
        for pair in ItemState::CHAIN.windows(2) {
            prop_assert!(rank(pair[1]) <= rank(pair[0]), "{:?} beats {:?} in {}", pair[1], pair[0], preset.name());
        }
    }

    #[test]
    fn a_valid_policy_never_offers_more_later(
        outcomes in prop::collection::vec(arb_outcome(), 6),
        offers in prop::collection::vec((any::<bool>(), any::<bool>()), 6),
        window in prop::option::of(1u32..120),
        minutes in 0i64..200,
    ) {
        let at = |n: usize| outcomes[n];
        let offered = |pick: fn(&(bool, bool)) -> bool| -> Vec<ItemState> {
            ItemState::CHAIN.into_iter().zip(&offers).filter(|(_, o)| pick(o)).map(|(s, _)| s).collect()
        };
        let policy = Policy {
            outcomes: StateOutcomes { unpaid: at(0), paid: at(1), processing: at(2), packed: at(3), shipped: at(4), delivered: at(5) },
            free_cancellation_minutes: window,
            parcel_requests: ParcelRequests { interception_request: offered(|o| o.0), refusal_notice: offered(|o| o.1) },
            ..permissive()
        };
        // Only a valid policy is served; whatever it is, no later state lets the shopper do more.
        if policy.validate().is_ok() {
            let rank = |state: ItemState| {
                let o = order(vec![item("a", state)]);
                shopper_rank(&eligibility(&o, &o.items[0], &policy, minutes_after_purchase(minutes)))
            };
            for pair in ItemState::CHAIN.windows(2) {
                prop_assert!(rank(pair[1]) <= rank(pair[0]), "{:?} beats {:?} in {:?}", pair[1], pair[0], policy);
            }
            // A parcel request is never offered beside a cancellation the shopper can do now.
            for state in ItemState::CHAIN {
                let o = order(vec![item("a", state)]);
                let e = eligibility(&o, &o.items[0], &policy, minutes_after_purchase(minutes));
                prop_assert!(e.parcel_requests.is_empty() || e.outcome != Outcome::CancelNow);
            }
        }
    }

    #[test]
    fn approved_requests_refund_like_cancel_now(o in arb_order()) {
        // The same order cancelled now vs requested-then-approved refunds the same.
        let mut direct = o.clone();
        let all = all_open(&direct);
        let refund_direct = cancel(&mut direct, &permissive(), &as_refs(&all));

        let requesting = Policy { outcomes: StateOutcomes { paid: OutcomeKind::RequestCancellation, processing: OutcomeKind::RequestCancellation, packed: OutcomeKind::RequestCancellation, ..permissive().outcomes }, ..permissive() };
        let mut via_request = o.clone();
        cancel(&mut via_request, &requesting, &as_refs(&all));
        prop_assert_eq!(via_request.refunded, 0);
        let decided = decide(&mut via_request, "c1", true, minutes_after_purchase(2)).unwrap();
        prop_assert_eq!(decided.refund.amount, refund_direct);
        prop_assert_eq!(via_request.status(), OrderStatus::Cancelled);
        // Each item was cancelled when the seller approved, not when it was last moved.
        for it in &via_request.items {
            prop_assert_eq!(it.state_changed_at, minutes_after_purchase(2), "{}", it.id);
        }
        prop_assert_eq!(decide(&mut via_request, "c1", true, minutes_after_purchase(3)).unwrap_err(), cancel_policy::apply::DecisionError::NotPending);
    }

    #[test]
    fn a_cancelled_item_is_stamped_with_when_it_was_cancelled(o in arb_order(), picks in prop::collection::vec((0usize..6, 1u32..5), 1..8)) {
        let policy = permissive();
        let mut o = o;
        for (step, (index, qty)) in picks.into_iter().enumerate() {
            let at = minutes_after_purchase(10 + step as i64);
            let index = index % o.items.len();
            let qty = qty.min(o.items[index].open_quantity());
            if qty == 0 { continue; }
            let before = o.items.clone();
            let id = o.items[index].id.clone();
            let p = plan(&o, &policy, &request(&[(id.as_str(), qty)], None), at).unwrap();
            apply_plan(&mut o, &p, "other", None, at, || format!("c{step}"));
            for (now, was) in o.items.iter().zip(&before) {
                if now.state == was.state {
                    // A part of a quantity, or another item: its state and its time stay.
                    prop_assert_eq!(now.state_changed_at, was.state_changed_at, "{}", now.id);
                } else {
                    prop_assert_eq!(now.state, ItemState::Cancelled);
                    prop_assert_eq!(now.state_changed_at, at, "{} cancelled at another time", now.id);
                }
            }
        }
    }
}
