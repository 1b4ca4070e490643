//! The sentences under an item, in the words of the real catalogs (`locales/`), with plurals
//! and states as the browser's `Intl` makes them.
#![cfg(target_arch = "wasm32")]

mod support;

use cancel_policy::testing::{item, order, PLACED};
use cancel_policy::{
    check_parcel_request, eligibility, move_parcel_request, open_parcel_request, ItemState,
    NewParcelRequest, Order, Outcome, ParcelRequest, ParcelRequestStatus, Preset, SellerKind,
    Timestamp,
};
use order_cancel_widget::describe::{guidance, parcel_stage, GuidanceLink};
use order_cancel_widget::i18n::Locale;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Lower-case words by which a sentence says an item is in `state`. `Cancelled` has none
/// of its own: every sentence here is about cancelling.
fn names(locale: Locale, state: ItemState) -> &'static [&'static str] {
    use ItemState::*;
    match (locale.tag(), state) {
        ("en", Unpaid) => &["awaiting payment", "not paid"],
        ("en", Paid) => &["awaiting processing"],
        ("en", Processing) => &["processing", "being processed", "being prepared"],
        ("en", Packed) => &["packed", "carrier pickup"],
        ("en", Shipped) => &["in transit", "shipped"],
        ("en", Delivered) => &["delivered"],
        ("en", CancellationRequested) => &["cancellation requested"],
        ("en", Returned) => &["returned"],
        ("de", Unpaid) => &["zahlung ausstehend", "nicht bezahlt"],
        ("de", Paid) => &["wartet auf bearbeitung"],
        ("de", Processing) => &["in bearbeitung", "wird bearbeitet"],
        ("de", Packed) => &["verpackt", "abholung"],
        ("de", Shipped) => &["unterwegs", "versendet"],
        ("de", Delivered) => &["zugestellt"],
        ("de", CancellationRequested) => &["stornierung angefragt"],
        ("de", Returned) => &["zurückgesendet"],
        (_, Cancelled) => &[],
        (tag, _) => panic!("no state names for {tag}"),
    }
}

/// Every state: the fulfilment chain, then where an item can end instead.
fn all_states() -> impl Iterator<Item = ItemState> {
    ItemState::CHAIN.into_iter().chain([
        ItemState::Cancelled,
        ItemState::CancellationRequested,
        ItemState::Returned,
    ])
}

/// A one-unit item in `state` (a request made while it was packed), bought a day ago.
fn order_with(state: ItemState, seller: SellerKind) -> Order {
    let one = match state {
        ItemState::Cancelled => item("a", ItemState::Paid).cancelled(),
        ItemState::CancellationRequested => item("a", ItemState::Packed).in_request(),
        _ => item("a", state),
    };
    let one = match seller {
        SellerKind::FirstParty => one,
        SellerKind::ThirdParty => one.sold_by("s", "Gadget Hub"),
    };
    order(vec![one])
}

/// Every preset × state × seller kind, in both languages: the sentence under the item
/// never names a state the item is not in, and where it explains why the shopper cannot
/// simply cancel, it names the state the item is in.
#[wasm_bindgen_test]
fn guidance_names_only_the_items_own_state() {
    let now = Timestamp::from_unix(PLACED.unix() + 24 * 3600);
    let mut wrong = Vec::new();
    for preset in Preset::ALL {
        let policy = preset.policy();
        for state in all_states() {
            for seller in [SellerKind::FirstParty, SellerKind::ThirdParty] {
                let order = order_with(state, seller);
                let item = &order.items[0];
                let e = eligibility(&order, item, &policy, now);
                let own = [state, item.fulfilment_state()];
                for locale in [support::locale("en"), support::locale("de")] {
                    let said = guidance(locale, item, &e, now).text;
                    let mut rest = said.to_lowercase();
                    for word in own.iter().flat_map(|s| names(locale, *s)) {
                        rest = rest.replace(word, "");
                    }
                    let others: Vec<ItemState> = all_states()
                        .filter(|s| names(locale, *s).iter().any(|word| rest.contains(word)))
                        .collect();
                    let explains =
                        !e.outcome.is_actionable() && e.outcome != Outcome::AlreadyCancelled;
                    let lower = said.to_lowercase();
                    let names_own = own
                        .iter()
                        .flat_map(|s| names(locale, *s))
                        .any(|word| lower.contains(word));
                    if !others.is_empty() || (explains && !names_own) || said.contains("outcome.") {
                        wrong.push(format!(
                            "{} {state:?} {seller:?} {:?} ({}): {said:?} names {others:?}",
                            preset.name(),
                            e.outcome,
                            locale.tag()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} sentences do not fit the item's state:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Demo order PO-10417 with the `amazon` preset: a packed skillet is explained as packed.
/// Amazon takes a refusal notice there, so the item's button does what support was for.
#[wasm_bindgen_test]
fn a_packed_item_under_amazon_is_not_called_in_transit() {
    let order = order_with(ItemState::Packed, SellerKind::FirstParty);
    let e = eligibility(&order, &order.items[0], &Preset::Amazon.policy(), PLACED);
    let g = guidance(support::locale("en"), &order.items[0], &e, PLACED);
    assert_eq!(
        g.text,
        "Packed, awaiting carrier pickup: it can no longer be cancelled, but you can refuse the \
         delivery."
    );
    assert!(!g.text.contains("In transit"), "{}", g.text);
    assert_eq!(g.link, None, "the refusal notice's button, not support");
    let g = guidance(support::locale("de"), &order.items[0], &e, PLACED);
    assert!(
        g.text.starts_with(
            "Verpackt, wartet auf Abholung: nicht mehr stornierbar, aber du kannst die Annahme \
             verweigern."
        ),
        "{}",
        g.text
    );
    // Where no request is offered, support is still the way: TikTok Shop's parcel in transit.
    let order = order_with(ItemState::Shipped, SellerKind::FirstParty);
    let e = eligibility(
        &order,
        &order.items[0],
        &Preset::TiktokShop.policy(),
        PLACED,
    );
    let g = guidance(support::locale("en"), &order.items[0], &e, PLACED);
    assert!(
        g.text
            .starts_with("In transit: it can no longer be cancelled here."),
        "{}",
        g.text
    );
    assert_eq!(g.link, Some(GuidanceLink::Support));
}

/// A parcel request, from the item's sentence to each stage of its history line.
#[wasm_bindgen_test]
fn a_parcel_request_is_told_at_each_stage() {
    let policy = Preset::IndependentShop.policy();
    let mut order = order_with(ItemState::Shipped, SellerKind::FirstParty);
    let en = support::locale("en");
    let item = order.items[0].clone();
    let e = eligibility(&order, &item, &policy, PLACED);
    let g = guidance(en, &item, &e, PLACED);
    assert_eq!(
        g.text,
        "In transit: it can no longer be cancelled, but you can ask us to stop the parcel."
    );
    assert_eq!(g.link, None);
    let asked = NewParcelRequest {
        kind: ParcelRequest::InterceptionRequest,
        item_id: item.id.clone(),
        quantity: item.quantity,
        reason_code: Some("no_longer_wanted".into()),
        comment: None,
        refund_destination: None,
    };
    let quote = check_parcel_request(&order, &policy, &asked, PLACED).expect("offered");
    let id = "pr_1".to_string();
    open_parcel_request(
        &mut order,
        &asked,
        &quote,
        "no_longer_wanted",
        PLACED,
        id.clone(),
    );
    // Its units are held: the item says so, not "waiting for the seller's answer".
    let e = eligibility(&order, &order.items[0], &policy, PLACED);
    assert_eq!(
        guidance(en, &order.items[0], &e, PLACED).text,
        "You sent us a request about this parcel: see where it stands in the history below."
    );
    let stage = |order: &Order| parcel_stage(en, order, &order.parcel_requests[0]);
    let day = order_cancel_widget::format::date(en, PLACED);
    assert_eq!(
        stage(&order),
        format!("You asked us to stop the parcel on {day}.")
    );
    let later = PLACED.plus_minutes(60);
    move_parcel_request(
        &mut order,
        &id,
        ParcelRequestStatus::Intercepted,
        later,
        || "c1".into(),
    )
    .unwrap();
    assert_eq!(
        stage(&order),
        "Parcel stopped: on its way back to the warehouse."
    );
    let mut not_stopped = order.clone();
    move_parcel_request(
        &mut order,
        &id,
        ParcelRequestStatus::Returned,
        later,
        || "c1".into(),
    )
    .unwrap();
    assert_eq!(stage(&order), "Parcel back at the warehouse.");
    // Not stopped: the way back is a return.
    not_stopped.parcel_requests[0].status = ParcelRequestStatus::NotInterceptable;
    assert_eq!(
        stage(&not_stopped),
        "The parcel could not be stopped: you can return it after delivery."
    );
    let de = support::locale("de");
    assert_eq!(
        parcel_stage(de, &not_stopped, &not_stopped.parcel_requests[0]),
        "Das Paket konnte nicht gestoppt werden: Du kannst es nach der Zustellung zurücksenden."
    );
}
