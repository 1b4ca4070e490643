//! Each preset answers its seed's own sentences.

mod common;
use cancel_policy::*;
use common::*;
use ItemState::*;

#[test]
fn every_preset_is_a_valid_policy() {
    for preset in Preset::ALL {
        assert_eq!(preset.policy().validate(), Ok(()), "{}", preset.name());
        assert_eq!(Preset::parse(preset.name()), Some(preset));
    }
}

// Seed 000 (Temu): "cancellations can often only be made before the order is processed or
// shipped"; seed 001's Temu answers: "before the item is packed … If the order has already been
// packed or shipped … return the item after delivery".
#[test]
fn temu_cancels_before_packing_then_return_after_delivery() {
    assert_eq!(outcome_in(Preset::Temu, Paid), Outcome::CancelNow);
    assert_eq!(outcome_in(Preset::Temu, Processing), Outcome::CancelNow);
    assert_eq!(outcome_in(Preset::Temu, Packed), Outcome::ReturnAfterDelivery);
    assert_eq!(outcome_in(Preset::Temu, Shipped), Outcome::ReturnAfterDelivery);
    assert_eq!(outcome_in(Preset::Temu, Delivered), Outcome::ReturnAfterDelivery);
}

// Seed 000: "Temu may ask you to provide a reason"; "Cancel Individual Items".
#[test]
fn temu_cancels_single_items_with_a_reason() {
    let o = order(vec![item("a", Paid), item("b", Paid)]);
    let policy = Preset::Temu.policy();
    let now = minutes_after_purchase(5);
    assert_eq!(plan(&o, &policy, &request(&[("a", 1)], None), now), Err(vec![Refusal::ReasonRequired]));
    let p = plan(&o, &policy, &request(&[("a", 1)], Some("changed_mind")), now).unwrap();
    assert_eq!(p.cancel_now.len(), 1);
    assert_eq!(p.refund_now.total.amount, 1000);
    assert_eq!(p.refund_now.destination, RefundDestination::OriginalPayment);
}

// Seed 001 (dropshipping tool): "If the order has not been packed yet, you can cancel the
// order directly … If the order is already packed or shipped: the order must be returned after
// delivery". The instant-fulfilment window is 30 minutes, then the supplier must agree.
#[test]
fn dropshipping_cancels_unpacked_orders_within_thirty_minutes() {
    assert_eq!(outcome_of(Preset::Dropshipping, item("a", Paid), 29), Outcome::CancelNow);
    assert_eq!(outcome_of(Preset::Dropshipping, item("a", Paid), 30), Outcome::RequestCancellation);
    assert_eq!(outcome_in(Preset::Dropshipping, Packed), Outcome::ReturnAfterDelivery);
    assert_eq!(outcome_in(Preset::Dropshipping, Shipped), Outcome::ReturnAfterDelivery);
    let o = order(vec![item("a", Paid)]);
    let e = eligibility(&o, &o.items[0], &Preset::Dropshipping.policy(), minutes_after_purchase(10));
    assert_eq!(e.until, Some(minutes_after_purchase(30)));
    assert_eq!(e.because.rule, Rule::WindowOpen);
    assert_eq!(e.because.minutes, Some(30));
}

// Seed 002 (independent shop): unshipped → "Cancel Order" button with a reason; shipped →
// customer service checks "whether the package can be intercepted"; the one-hour window.
#[test]
fn independent_shop_cancels_unshipped_and_intercepts_shipped() {
    assert_eq!(outcome_in(Preset::IndependentShop, Paid), Outcome::CancelNow);
    assert_eq!(outcome_in(Preset::IndependentShop, Packed), Outcome::CancelNow);
    assert_eq!(outcome_in(Preset::IndependentShop, Shipped), Outcome::InterceptViaSupport);
    assert_eq!(outcome_in(Preset::IndependentShop, Delivered), Outcome::ReturnAfterDelivery);
    assert_eq!(outcome_of(Preset::IndependentShop, item("a", Paid), 59), Outcome::CancelNow);
    assert_eq!(outcome_of(Preset::IndependentShop, item("a", Paid), 61), Outcome::RequestCancellation);
    let codes: Vec<String> = Preset::IndependentShop.policy().reasons.into_iter().map(|r| r.code).collect();
    for seed_reason in ["no_longer_wanted", "wrong_purchase", "found_better_product"] {
        assert!(codes.iter().any(|c| c == seed_reason), "{seed_reason}");
    }
}

// Seed 003 (TikTok Shop): cancel "before packaging"; "packaged and awaiting pickup … contact the
// seller to request cancellation"; "in transit, the only way to cancel is to refuse delivery".
#[test]
fn tiktok_packed_asks_the_seller_and_in_transit_refuses_delivery() {
    assert_eq!(outcome_in(Preset::TiktokShop, Unpaid), Outcome::CancelNow);
    assert_eq!(outcome_in(Preset::TiktokShop, Paid), Outcome::CancelNow);
    assert_eq!(outcome_in(Preset::TiktokShop, Packed), Outcome::RequestCancellation);
    assert_eq!(outcome_in(Preset::TiktokShop, Shipped), Outcome::RefuseDelivery);
}

// Seed 004 (Amazon): "no longer an option once an item has entered the processing and shipping
// system"; shipped → "refuse the shipment"; "items from third-party sellers … up to the seller
// to approve or deny the request"; select items with check boxes, or all for the whole order.
#[test]
fn amazon_third_party_items_become_requests_and_shipped_items_are_refused() {
    assert_eq!(outcome_in(Preset::Amazon, Paid), Outcome::CancelNow);
    assert_ne!(outcome_in(Preset::Amazon, Processing), Outcome::CancelNow);
    assert_eq!(outcome_in(Preset::Amazon, Shipped), Outcome::RefuseDelivery);
    let mut marketplace = item("m", Paid);
    marketplace.seller = Seller { id: "s9".into(), name: "Gadget Hub".into(), kind: SellerKind::ThirdParty };
    let o = order(vec![item("a", Paid), marketplace]);
    let e = eligibility(&o, &o.items[1], &Preset::Amazon.policy(), minutes_after_purchase(1));
    assert_eq!(e.outcome, Outcome::RequestCancellation);
    assert_eq!(e.because.rule, Rule::ThirdPartySeller);
    assert_eq!(e.because.seller.as_deref(), Some("Gadget Hub"));
    // A mixed selection: the store's item is cancelled now, the seller's becomes a request.
    let p = plan(&o, &Preset::Amazon.policy(), &request(&[("a", 1), ("m", 1)], None), minutes_after_purchase(1)).unwrap();
    assert_eq!(p.cancel_now.iter().map(|l| l.item_id.as_str()).collect::<Vec<_>>(), ["a"]);
    assert_eq!(p.request.iter().map(|l| l.item_id.as_str()).collect::<Vec<_>>(), ["m"]);
}

#[test]
fn personalised_and_flagged_items_are_not_allowed_but_keep_later_guidance() {
    let mut engraved = item("a", Paid);
    engraved.personalised = true;
    assert_eq!(outcome_of(Preset::Temu, engraved.clone(), 1), Outcome::NotAllowed);
    engraved.state = Shipped;
    assert_eq!(outcome_of(Preset::Temu, engraved, 1), Outcome::ReturnAfterDelivery);
    let mut flagged = item("a", Paid);
    flagged.not_cancellable = true;
    let o = order(vec![flagged]);
    let e = eligibility(&o, &o.items[0], &Preset::Temu.policy(), minutes_after_purchase(1));
    assert_eq!((e.outcome, e.because.rule), (Outcome::NotAllowed, Rule::MarkedNotCancellable));
}
