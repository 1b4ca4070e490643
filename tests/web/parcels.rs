//! Parcels on their way: interception and refusal.

use super::*;

/// The independent shop, allowing part of a quantity: two silk scarves in transit (€39.00
/// each) and a paid gift box.
fn parcel_shop(policy: Policy) -> FakeBackend {
    FakeBackend::new(
        policy,
        vec![order(
            "o1",
            "PO-3001",
            600,
            vec![
                item("s", "Silk scarf", ItemState::Shipped, 3900).with_quantity(2),
                item("g", "Gift box", ItemState::Paid, 500),
            ],
        )],
    )
}

fn interception_policy() -> Policy {
    Policy {
        partial_quantity: true,
        ..Preset::IndependentShop.policy()
    }
}

/// The history's entry about `title`.
fn history_entry(root: &web_sys::HtmlElement, title: &str) -> String {
    query_all(root, ".oc-history__entry")
        .into_iter()
        .map(|e| text(&e))
        .find(|e| e.contains(title))
        .unwrap_or_default()
}

/// The scarf's row.
fn scarf(root: &web_sys::HtmlElement) -> web_sys::HtmlElement {
    query_all(root, ".oc-item")
        .into_iter()
        .find(|i| text(i).contains("Silk scarf"))
        .expect("the scarf's row")
}

/// Asks to stop the scarves' parcel through the dialog, for a wrong purchase, and waits for
/// the result.
async fn ask_to_stop_the_scarfs_parcel(root: &web_sys::HtmlElement) {
    button(&scarf(root), "Ask to stop the parcel").click();
    wait_for("the dialog", || query(root, "[role=dialog]").is_some()).await;
    let dialog = query(root, "[role=dialog]").unwrap();
    choose(&query_all(&dialog, "select")[0], "wrong_purchase");
    button(&dialog, "Send request").click();
    wait_for("the result", || query(root, ".oc-result").is_some()).await;
}

#[wasm_bindgen_test]
async fn asking_to_stop_a_parcel_says_what_happens_then_follows_it_to_the_refund() {
    let backend = parcel_shop(interception_policy());
    let (root, _h) = mount(backend.clone(), config());
    open_order(&root, "PO-3001").await;
    wait_for("the button", || {
        text(&scarf(&root)).contains("Ask to stop the parcel")
    })
    .await;
    let row = text(&scarf(&root));
    assert!(
        row.contains(
            "In transit: it can no longer be cancelled, but you can ask us to stop the parcel."
        ),
        "{row}"
    );
    assert!(
        !row.contains("Contact support"),
        "the button does what support was for: {row}"
    );
    button(&scarf(&root), "Ask to stop the parcel").click();
    wait_for("the dialog", || query(&root, "[role=dialog]").is_some()).await;
    let dialog = query(&root, "[role=dialog]").unwrap();
    let heading = query(&dialog, "#oc-dialog-title").unwrap();
    assert_eq!(text(&heading), "Ask to stop the parcel");
    assert_eq!(
        dialog.get_attribute("aria-labelledby").as_deref(),
        Some("oc-dialog-title")
    );
    // What happens next, and when the money comes back: both scarves' open units.
    let next = "Once the parcel is back at the warehouse, €78.00 is refunded to your original \
                payment method.If it cannot be stopped, you can return it after delivery.";
    wait_for("what happens next", || text(&dialog).contains(next)).await;
    assert!(
        text(&dialog).contains("You get back€78.00"),
        "{}",
        text(&dialog)
    );
    // The independent shop asks why.
    button(&dialog, "Send request").click();
    wait_for("reason required", || {
        text(&dialog).contains("Please choose a reason.")
    })
    .await;
    assert!(
        backend.state.borrow().parcel_bodies.is_empty(),
        "nothing sent"
    );
    let reason = query_all(&dialog, "select")
        .into_iter()
        .find(|s| {
            s.parent_element()
                .is_some_and(|l| text(&l).contains("Reason"))
        })
        .unwrap();
    choose(&reason, "no_longer_wanted");
    // A request, not a cancellation: not in the red of a step that cannot be undone.
    let send = query(&dialog, ".oc-button--primary").expect("the primary button");
    assert_eq!(text(&send), "Send request");
    assert!(query(&dialog, ".oc-button--danger").is_none());
    button(&dialog, "Send request").click();
    let today = order_cancel_widget::format::date(locale("en"), now());
    let asked = format!("You asked us to stop the parcel on {today}.");
    wait_for("the result", || {
        (query(&root, ".oc-result")).is_some_and(|r| text(&r).contains(&asked))
    })
    .await;
    let result = text(&query(&root, ".oc-result").unwrap());
    assert!(
        result.contains(
            "Once the parcel is back at the warehouse, €78.00 is refunded to your original \
             payment method."
        ) && result.contains("If it cannot be stopped, you can return it after delivery."),
        "{result}"
    );
    {
        let s = backend.state.borrow();
        let sent = &s.parcel_bodies[0];
        assert_eq!(sent.kind, cancel_policy::ParcelRequest::InterceptionRequest);
        assert_eq!((sent.item_id.as_str(), sent.quantity), ("s", 2));
        assert_eq!(sent.reason_code.as_deref(), Some("no_longer_wanted"));
        assert!(s.cancel_bodies.is_empty(), "nothing cancelled");
    }
    wait_for("the history", || {
        history_entry(&root, "Silk scarf").contains(&asked)
    })
    .await;
    assert!(
        history_entry(&root, "Silk scarf").contains("2 × Silk scarf · No longer wanted"),
        "{}",
        history_entry(&root, "Silk scarf")
    );

    // The store moves it on while the shopper looks elsewhere; each stage is read out.
    let news = query(&root, ".oc-details [aria-live=polite]").expect("a polite live region");
    backend.move_parcel("o1", 0, ParcelRequestStatus::Intercepted);
    let stopped = "Parcel stopped: on its way back to the warehouse.";
    wait_for("stopped", || {
        page_shown_again();
        history_entry(&root, "Silk scarf").contains(stopped)
    })
    .await;
    assert_eq!(text(&news), stopped);
    backend.move_parcel("o1", 0, ParcelRequestStatus::Returned);
    wait_for("back", || {
        page_shown_again();
        history_entry(&root, "Silk scarf").contains("Parcel back at the warehouse.")
    })
    .await;
    assert_eq!(
        refund_line(&root, "Silk scarf"),
        "Refund of €78.00 to your original payment method: pending, usually 5–7 business days."
    );
    assert_eq!(
        query_all(&root, ".oc-history__entry").len(),
        1,
        "the return's cancellation is the parcel's entry"
    );
    backend.settle_refund("o1", 0, cancel_policy::RefundStatus::Succeeded);
    wait_for("refunded", || {
        page_shown_again();
        refund_line(&root, "Silk scarf").contains("refunded on Dec 3, 2026")
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_card_says_where_an_open_parcel_request_stands() {
    let backend = parcel_shop(interception_policy());
    let (root, _h) = mount(backend.clone(), config());
    open_order(&root, "PO-3001").await;
    ask_to_stop_the_scarfs_parcel(&root).await;
    button(&root, "Back to my orders").click();
    let card = || {
        query(&root, ".oc-card")
            .map(|c| text(&c))
            .unwrap_or_default()
    };
    wait_for("the card's label", || {
        card().contains("Stopping the parcel")
    })
    .await;
    // The list waits for news of it: read again when the shopper comes back.
    backend.move_parcel("o1", 0, ParcelRequestStatus::Intercepted);
    wait_for("on its way back", || {
        page_shown_again();
        card().contains("Parcel on its way back")
    })
    .await;
    backend.move_parcel("o1", 0, ParcelRequestStatus::Returned);
    wait_for("refund pending", || {
        page_shown_again();
        card().contains("Refund pending")
    })
    .await;
    assert!(!card().contains("Parcel on its way back"), "{}", card());
}

#[wasm_bindgen_test]
async fn a_refusal_notice_on_amazon_then_a_parcel_delivered_anyway() {
    let backend = parcel_shop(Preset::Amazon.policy());
    let (root, _h) = mount(backend.clone(), config());
    open_order(&root, "PO-3001").await;
    wait_for("the button", || {
        text(&scarf(&root)).contains("I will refuse the delivery")
    })
    .await;
    button(&scarf(&root), "I will refuse the delivery").click();
    wait_for("the dialog", || query(&root, "[role=dialog]").is_some()).await;
    let dialog = query(&root, "[role=dialog]").unwrap();
    assert_eq!(
        text(&query(&dialog, "#oc-dialog-title").unwrap()),
        "I will refuse the delivery"
    );
    wait_for("what happens next", || {
        text(&dialog).contains(
            "Once the parcel is back at the warehouse, €78.00 is refunded to your original \
             payment method.",
        )
    })
    .await;
    assert!(
        !text(&dialog).contains("If it cannot be stopped"),
        "a refused parcel comes back"
    );
    // Amazon asks for a reason but does not require one.
    button(&dialog, "Send notice").click();
    let today = order_cancel_widget::format::date(locale("en"), now());
    let noticed = format!("You told us you will refuse the delivery on {today}.");
    wait_for("the result", || {
        (query(&root, ".oc-result")).is_some_and(|r| text(&r).contains(&noticed))
    })
    .await;
    wait_for("the history", || {
        history_entry(&root, "Silk scarf").contains(&noticed)
    })
    .await;
    assert!(
        text(&scarf(&root)).contains("You sent us a request about this parcel"),
        "{}",
        text(&scarf(&root))
    );
    backend.move_parcel("o1", 0, ParcelRequestStatus::DeliveredAnyway);
    backend.move_item("o1", 0, ItemState::Delivered);
    wait_for("delivered anyway", || {
        page_shown_again();
        history_entry(&root, "Silk scarf").contains("The parcel was delivered: you can return it.")
    })
    .await;
    let returns = query_all(&root, ".oc-history__entry a")
        .into_iter()
        .find(|a| a.get_attribute("href").as_deref() == Some("/returns"));
    assert!(returns.is_some(), "the way to return it");
}

#[wasm_bindgen_test]
async fn a_parcel_that_could_not_be_stopped_is_returned_after_delivery() {
    let backend = parcel_shop(interception_policy());
    let (root, _h) = mount(backend.clone(), config());
    open_order(&root, "PO-3001").await;
    ask_to_stop_the_scarfs_parcel(&root).await;
    backend.move_parcel("o1", 0, ParcelRequestStatus::NotInterceptable);
    wait_for("not stopped", || {
        page_shown_again();
        history_entry(&root, "Silk scarf")
            .contains("The parcel could not be stopped: you can return it after delivery.")
    })
    .await;
    // The item no longer sends the shopper to support, nor offers the same request again.
    let row = text(&scarf(&root));
    assert!(
        row.contains(
            "In transit: too late to cancel. Once it arrives you can return it for a refund."
        ),
        "{row}"
    );
    assert!(
        !row.contains("Ask to stop the parcel") && !row.contains("Contact support"),
        "{row}"
    );
}

#[wasm_bindgen_test]
async fn asking_to_stop_a_parcel_in_german() {
    let backend = parcel_shop(interception_policy());
    let mut german = config();
    german.locale = Some("de".into());
    let (root, _h) = mount(backend.clone(), german);
    wait_for("orders", || text(&root).contains("PO-3001")).await;
    button(&root, "PO-3001").click();
    wait_for("the button", || {
        query(&root, ".oc-item")
            .is_some_and(|_| text(&scarf(&root)).contains("Paket stoppen lassen"))
    })
    .await;
    button(&scarf(&root), "Paket stoppen lassen").click();
    wait_for("the dialog", || query(&root, "[role=dialog]").is_some()).await;
    let dialog = query(&root, "[role=dialog]").unwrap();
    assert_eq!(
        text(&query(&dialog, "#oc-dialog-title").unwrap()),
        "Paket stoppen lassen"
    );
    wait_for("what happens next", || {
        text(&dialog).contains(
            "Sobald das Paket wieder im Lager ist, werden 78,00\u{a0}€ auf deine ursprüngliche \
             Zahlungsmethode erstattet.",
        )
    })
    .await;
    choose(&query_all(&dialog, "select")[0], "no_longer_wanted");
    button(&dialog, "Anfrage senden").click();
    let today = order_cancel_widget::format::date(locale("de"), now());
    let asked = format!("Du hast uns am {today} gebeten, das Paket zu stoppen.");
    wait_for("the result", || {
        (query(&root, ".oc-result")).is_some_and(|r| text(&r).contains(&asked))
    })
    .await;
    wait_for("the history", || {
        history_entry(&root, "Silk scarf").contains(&asked)
    })
    .await;
}
