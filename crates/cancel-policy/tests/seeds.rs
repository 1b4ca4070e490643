//! Each preset answers its seed's own sentences (`../shared/seeds/`), quoted above each
//! assertion. A rule no seed states is named with its platform source in `src/preset.rs`.

mod common;
use cancel_policy::*;
use common::*;
use ItemState::*;
use Outcome::*;

const A_DAY: i64 = 60 * 24;
const A_MONTH: i64 = 30 * A_DAY;

/// The outcome for a one-item order in `state`, at each of these ages: a state's outcome
/// must not depend on the order's age (no seed preset has a window).
fn outcome_at_any_age(preset: Preset, state: ItemState) -> Outcome {
    let outcomes: Vec<Outcome> = [0, 31, 61, A_DAY, A_MONTH]
        .iter()
        .map(|&m| outcome_of(preset, item("a", state), m))
        .collect();
    assert!(
        outcomes.iter().all(|o| *o == outcomes[0]),
        "{} {state:?} changes with age: {outcomes:?}",
        preset.name()
    );
    outcomes[0]
}

fn assert_states(preset: Preset, states: &[ItemState], expected: Outcome) {
    for &state in states {
        assert_eq!(
            outcome_at_any_age(preset, state),
            expected,
            "{} {state:?}",
            preset.name()
        );
    }
}

/// The states of the chain in which `preset` offers `request` for a one-item order.
fn offered_in(preset: Preset, request: ParcelRequest) -> Vec<ItemState> {
    ItemState::CHAIN
        .into_iter()
        .filter(|&state| parcel_requests_of(preset, item("a", state)).contains(&request))
        .collect()
}

fn reason_codes(preset: Preset) -> Vec<String> {
    preset
        .policy()
        .reasons
        .into_iter()
        .map(|r| r.code)
        .collect()
}

/// The preset's plan for cancelling one unit of line "a" of `o` with `reason`, `minutes`
/// after the purchase.
fn plan_a(preset: Preset, o: &Order, reason: Option<&str>, minutes: i64) -> PlanResult {
    let at = minutes_after_purchase(minutes);
    plan(o, &preset.policy(), &request(&[("a", 1)], reason), at)
}
type PlanResult = Result<Plan, Vec<Refusal>>;

/// The item ids of `lines`.
fn ids(lines: &[CancelledLine]) -> Vec<&str> {
    lines.iter().map(|l| l.item_id.as_str()).collect()
}

/// Whether 1 of 3 units of a paid line may be cancelled.
fn partial_allowed(preset: Preset) -> bool {
    let o = order(vec![item("a", Paid).with_quantity(3)]);
    eligibility(&o, &o.items[0], &preset.policy(), minutes_after_purchase(1)).partial_allowed
}

#[test]
fn every_preset_is_a_valid_policy() {
    for preset in Preset::ALL {
        assert_eq!(preset.policy().validate(), Ok(()), "{}", preset.name());
        assert_eq!(Preset::parse(preset.name()), Some(preset));
        assert_eq!(preset.policy().name, preset.name());
    }
}

#[test]
fn temu() {
    let temu = Preset::Temu;
    // Seed 001: "To cancel a Temu order, you can do this before the item is packed".
    assert_states(temu, &[Unpaid, Paid, Processing], CancelNow);
    // Seed 001: "If the order has already been packed or shipped, you won't be able to cancel it
    // directly — in that case, you can return the item after delivery under Temu's return policy."
    assert_states(temu, &[Packed, Shipped, Delivered], ReturnAfterDelivery);
    // Seeds 000 and 001 name no way to stop or refuse a parcel: only "return the item after
    // delivery".
    for request in ParcelRequest::ALL {
        assert_eq!(offered_in(temu, request), [], "{request:?}");
    }
    // Seed 000: "Temu may ask you to provide a reason for the cancellation."
    let o = order(vec![item("a", Paid), item("b", Paid)]);
    let refused = Err(vec![Refusal::ReasonRequired]);
    assert_eq!(plan_a(temu, &o, None, 5), refused);
    // Seed 000: "Whether due to a change of heart, budget constraints, or an accidental addition".
    assert_eq!(
        reason_codes(temu),
        ["changed_mind", "over_budget", "ordered_by_mistake", "other"]
    );
    // Seed 000, "How to Cancel Individual Items On Temu": one item goes, the other stays.
    let p = plan_a(temu, &o, Some("over_budget"), 5).unwrap();
    assert_eq!(ids(&p.cancel_now), ["a"]);
    assert_eq!(p.refund_now.total.amount, 1000);
    // Seed 000: "credited back to your original method of payment" (the default); Temu's own
    // refund policy also offers Temu Credit.
    assert_eq!(p.refund_now.destination, RefundDestination::OriginalPayment);
    assert_eq!(
        temu.policy().refund_destinations,
        [
            RefundDestination::OriginalPayment,
            RefundDestination::StoreCredit
        ]
    );
}

#[test]
fn dropshipping() {
    let zopi = Preset::Dropshipping;
    // Seed 001: "If the order has not been packed yet, you can: Cancel the order directly in your
    // Zopi account" — at any age: an unpaid order a day old is cancelled now.
    assert_states(zopi, &[Unpaid, Paid, Processing], CancelNow);
    assert_eq!(outcome_of(zopi, item("a", Processing), A_DAY), CancelNow);
    let o = order(vec![item("a", Paid)]);
    let e = eligibility(
        &o,
        &o.items[0],
        &zopi.policy(),
        minutes_after_purchase(A_DAY),
    );
    assert_eq!(
        (e.outcome, e.because.rule, e.until),
        (CancelNow, Rule::StateOutcome, None),
        "no window, no countdown"
    );
    assert_eq!(zopi.policy().free_cancellation_minutes, None);
    // Seed 001: "If the order is already packed or shipped: The order must be returned after
    // delivery".
    assert_states(zopi, &[Packed, Shipped, Delivered], ReturnAfterDelivery);
    // Seed 001 names no way to stop or refuse a parcel: "The order must be returned after
    // delivery".
    for request in ParcelRequest::ALL {
        assert_eq!(offered_in(zopi, request), [], "{request:?}");
    }
    // Seed 001 cancels "directly", asking for no reason.
    let p = plan(
        &o,
        &zopi.policy(),
        &request(&[("a", 1)], None),
        minutes_after_purchase(A_DAY),
    )
    .unwrap();
    assert_eq!(p.cancel_now.len(), 1);
    // Seed 001: "when customers change their minds or orders are delayed"; "Long processing or
    // shipping times".
    assert_eq!(
        reason_codes(zopi),
        ["changed_mind", "delivery_too_slow", "other"]
    );
}

#[test]
fn independent_shop() {
    let shop = Preset::IndependentShop;
    // Seed 002: "(1) Canceling the order through the website function (unshipped) On the order
    // details page, there is usually a 'Cancel Order' button." — whatever the order's age,
    // packed (not yet shipped) included.
    assert_states(shop, &[Unpaid, Paid, Processing, Packed], CancelNow);
    assert_eq!(shop.policy().free_cancellation_minutes, None);
    // Seed 002: "If it is a shipped order, the customer service will check whether the package
    // can be intercepted."
    assert_states(shop, &[Shipped], InterceptViaSupport);
    // Seed 002: "you may need to return the goods according to the return policy of the
    // independent website after receiving them."
    assert_states(shop, &[Delivered], ReturnAfterDelivery);
    // Seed 002: "If it is a shipped order, the customer service will check whether the package
    // can be intercepted. If it can be intercepted, they will assist you in completing the
    // interception process, and after the package is successfully intercepted and returned to
    // the warehouse, they will handle the refund for you." — asked for once shipped, beside the
    // guidance; before that the "Cancel Order" button is simpler, after delivery a return.
    assert_eq!(
        offered_in(shop, ParcelRequest::InterceptionRequest),
        [Shipped]
    );
    assert_eq!(offered_in(shop, ParcelRequest::RefusalNotice), []);
    // Seed 002: "the system may require you to select the reason for canceling the order, such as
    // 'No longer wanted', 'Wrong purchase', 'Found a more suitable product', etc."
    assert_eq!(
        reason_codes(shop),
        [
            "no_longer_wanted",
            "wrong_purchase",
            "found_better_product",
            "other"
        ]
    );
    let o = order(vec![item("a", Packed)]);
    let refused = Err(vec![Refusal::ReasonRequired]);
    assert_eq!(plan_a(shop, &o, None, 2 * 60), refused);
    // Seed 002: "the order amount will be refunded to your original payment method immediately".
    let p = plan_a(shop, &o, Some("wrong_purchase"), 2 * 60).unwrap();
    assert_eq!(
        (p.cancel_now.len(), p.refund_now.destination),
        (1, RefundDestination::OriginalPayment)
    );
}

#[test]
fn tiktok_shop() {
    let tiktok = Preset::TiktokShop;
    // Seed 003: "When orders on TikTok Shop haven't been packaged yet, buyers can proceed to
    // cancel the order".
    assert_states(tiktok, &[Unpaid, Paid, Processing], CancelNow);
    // Seed 003: "When an order has been packaged and is awaiting pickup by the shipping carrier …
    // you only have one option, which is to contact the seller to request cancellation assistance."
    assert_states(tiktok, &[Packed], RequestCancellation);
    // Seed 003: "For TikTok orders in transit, the only way to cancel is to refuse delivery when
    // the shipper arrives."
    assert_states(tiktok, &[Shipped], RefuseDelivery);
    // Not in seed 003 (TikTok Shop's own returns and refunds policy): delivered → return.
    assert_states(tiktok, &[Delivered], ReturnAfterDelivery);
    // Seed 003: refusing delivery "is a last resort option, not recommended to be carried out.
    // It could negatively impact the seller, the shipping company, and the buyer's reputation"
    // — nothing says to tell the seller first, so no refusal notice (and no interception).
    for request in ParcelRequest::ALL {
        assert_eq!(offered_in(tiktok, request), [], "{request:?}");
    }
    // Seed 003: "select Cancel, choose the reason for canceling the order, then press confirm".
    let o = order(vec![item("a", Paid)]);
    let refused = Err(vec![Refusal::ReasonRequired]);
    assert_eq!(plan_a(tiktok, &o, None, 5), refused);
    // Seed 003: "Changing your mind about a purchase, updating the shipping address, wanting to
    // add more items".
    assert_eq!(
        reason_codes(tiktok),
        ["changed_mind", "wrong_address", "add_items", "other"]
    );
    assert!(plan_a(tiktok, &o, Some("add_items"), 5).is_ok());
}

#[test]
fn amazon() {
    let amazon = Preset::Amazon;
    // Seed 004: "click on 'Cancel Items' and make your selections" — until "cancellation will no
    // longer be an option once an item has entered the processing and shipping system".
    assert_states(amazon, &[Unpaid, Paid], CancelNow);
    // Seed 004: "When the package arrives, you can refuse the shipment." — from processing on.
    assert_states(amazon, &[Processing, Packed, Shipped], RefuseDelivery);
    // Seed 004: "avoiding the need to return items that you do not want".
    assert_states(amazon, &[Delivered], ReturnAfterDelivery);
    // Seed 004: "If you were unable to cancel because the order or items had already shipped …
    // When the package arrives, you can refuse the shipment. … Amazon contact is necessary if
    // you choose to do this, so that they will know to expect the package back and to issue a
    // refund once it is returned." — the notice goes with that refusal, wherever it is the
    // outcome (from processing on), never once the package has arrived.
    assert_eq!(
        offered_in(amazon, ParcelRequest::RefusalNotice),
        [Processing, Packed, Shipped]
    );
    assert_eq!(offered_in(amazon, ParcelRequest::InterceptionRequest), []);
    // Seed 004: "For items purchases from third-party sellers, you will need to contact the
    // seller directly" — about a cancellation; a refused package comes back the same way, so
    // a marketplace seller's shipped item is offered the notice too.
    let theirs = item("m", Shipped).sold_by("s9", "Gadget Hub");
    assert_eq!(
        parcel_requests_of(amazon, theirs),
        [ParcelRequest::RefusalNotice]
    );

    // Seed 004: "For items purchases from third-party sellers, you will need to contact the seller
    // directly to request a cancellation. It will be up to the seller to approve or deny the request."
    let o = order(vec![
        item("a", Paid),
        item("m", Paid).sold_by("s9", "Gadget Hub"),
    ]);
    let e = eligibility(&o, &o.items[1], &amazon.policy(), minutes_after_purchase(1));
    assert_eq!(
        (e.outcome, e.because.rule),
        (RequestCancellation, Rule::ThirdPartySeller)
    );
    assert_eq!(e.because.seller.as_deref(), Some("Gadget Hub"));
    // Seed 004: "Check the check box next to each of the items that you wish to remove": a mixed
    // selection cancels the store's item now and asks the seller about theirs. Amazon's reason
    // is optional (its "Cancel items" page), so none is given here.
    let p = plan(
        &o,
        &amazon.policy(),
        &request(&[("a", 1), ("m", 1)], None),
        minutes_after_purchase(1),
    )
    .unwrap();
    assert_eq!(ids(&p.cancel_now), ["a"]);
    assert_eq!(
        p.request
            .iter()
            .map(|l| l.item_id.as_str())
            .collect::<Vec<_>>(),
        ["m"]
    );
    // Seed 004: "If you have changed your mind about ordering an item"; the rest is Amazon's list.
    assert_eq!(reason_codes(amazon)[0], "changed_mind");
}

// Rules no seed states, kept out of every preset (merchant options): a window, part of a
// quantity, an exception for personalised items. And what every preset shares.
#[test]
fn no_preset_adds_a_rule_its_seed_does_not_state() {
    for preset in Preset::ALL {
        let policy = preset.policy();
        assert_eq!(policy.free_cancellation_minutes, None, "{}", preset.name());
        // Every seed cancels whole items or orders ("Cancel Item", "Cancel checked items",
        // "Cancel Order", "the check box next to each of the items"), never part of a quantity.
        assert!(!partial_allowed(preset), "{}", preset.name());
        // No seed makes personalised items an exception to "before it is packed/shipped".
        let engraved = OrderItem {
            personalised: true,
            ..item("a", Paid)
        };
        assert_eq!(
            outcome_of(preset, engraved, 1),
            outcome_in(preset, Paid),
            "{}",
            preset.name()
        );
        // Only seed 004 treats third-party sellers differently.
        let expected = if preset == Preset::Amazon {
            ThirdPartyRule::RequestFromSeller
        } else {
            ThirdPartyRule::LikeFirstParty
        };
        assert_eq!(policy.third_party_sellers, expected, "{}", preset.name());
        // The seeds give reasons as examples ("such as", "whether due to"): "other" is last, and
        // needs the shopper's words where a reason is required.
        let other = policy.reasons.last().unwrap();
        assert_eq!(
            (other.code.as_str(), other.comment_required),
            ("other", policy.reason_required),
            "{}",
            preset.name()
        );
    }
}

// Items the store sold as one set (a named platform fact, see src/preset.rs) go together, and
// the store's own "not cancellable" mark takes away the shopper's action, not later guidance.
#[test]
fn sets_go_together_and_store_marks_hold_in_every_preset() {
    for preset in Preset::ALL {
        let set = |id: &str| item(id, Paid).in_bundle("set");
        let o = order(vec![set("a"), set("b")]);
        let reason = preset.policy().reasons[0].code.clone();
        let pick = |lines: &[(&str, u32)]| {
            plan(
                &o,
                &preset.policy(),
                &request(lines, Some(&reason)),
                minutes_after_purchase(1),
            )
        };
        let missing = vec!["b".to_string()];
        let incomplete = Refusal::BundleIncomplete {
            bundle_id: "set".into(),
            missing_item_ids: missing,
        };
        assert_eq!(
            pick(&[("a", 1)]).unwrap_err(),
            [incomplete],
            "{}",
            preset.name()
        );
        assert_eq!(
            pick(&[("a", 1), ("b", 1)]).unwrap().cancel_now.len(),
            2,
            "{}",
            preset.name()
        );

        let flagged = OrderItem {
            not_cancellable: true,
            ..item("a", Paid)
        };
        let o = order(vec![flagged]);
        let e = eligibility(&o, &o.items[0], &preset.policy(), minutes_after_purchase(1));
        assert_eq!(
            (e.outcome, e.because.rule),
            (NotAllowed, Rule::MarkedNotCancellable),
            "{}",
            preset.name()
        );
        let shipped = OrderItem {
            not_cancellable: true,
            ..item("a", Shipped)
        };
        assert_eq!(
            outcome_of(preset, shipped.clone(), 1),
            outcome_in(preset, Shipped),
            "{}",
            preset.name()
        );
        // A parcel request ends in a refund, so the mark takes it away too.
        assert_eq!(parcel_requests_of(preset, shipped), [], "{}", preset.name());
    }
}

// A window stays a merchant option: a preset with one added still behaves as documented.
#[test]
fn a_merchant_window_on_top_of_a_preset() {
    let policy = Policy {
        free_cancellation_minutes: Some(30),
        ..Preset::Dropshipping.policy()
    };
    let at = |minutes| {
        let o = order(vec![item("a", Paid)]);
        eligibility(&o, &o.items[0], &policy, minutes_after_purchase(minutes))
    };
    assert_eq!(
        (at(29).outcome, at(29).until),
        (CancelNow, Some(minutes_after_purchase(30)))
    );
    assert_eq!(
        (at(30).outcome, at(30).because.rule, at(30).because.minutes),
        (RequestCancellation, Rule::WindowClosed, Some(30))
    );
}
