//! Refunds: where each one stands, on the card, in the history and the result.

use super::*;

/// Order `o1` with one cancelled item per refund status (a pending refund among them), and
/// `o2`, whose only refund has arrived.
fn refunds_shop() -> FakeBackend {
    use cancel_policy::{RefundDestination as To, RefundStatus as S};
    let mut o1 = order(
        "o1",
        "PO-2001",
        90,
        vec![
            item("p", "Linen shirt", ItemState::Cancelled, 2500),
            item("s", "Desk lamp", ItemState::Cancelled, 400),
            item("f", "Wall clock", ItemState::Cancelled, 1999),
            item("x", "Tea towel", ItemState::Cancelled, 700),
            item("k", "Sofa cushion", ItemState::Paid, 3000),
        ],
    );
    with_refund(&mut o1, 0, S::Pending, To::OriginalPayment);
    with_refund(&mut o1, 1, S::Succeeded, To::StoreCredit);
    with_refund(&mut o1, 2, S::Failed, To::OriginalPayment);
    with_refund(&mut o1, 3, S::Canceled, To::OriginalPayment);
    let mut o2 = order(
        "o2",
        "PO-2002",
        120,
        vec![item("d", "Door mat", ItemState::Cancelled, 1500)],
    );
    with_refund(&mut o2, 0, S::Succeeded, To::OriginalPayment);
    FakeBackend::new(Preset::Temu.policy(), vec![o1, o2])
}

/// Records item `index` of `order` as cancelled at once, owing a refund in `status`.
fn with_refund(
    order: &mut cancel_policy::Order,
    index: usize,
    status: cancel_policy::RefundStatus,
    destination: cancel_policy::RefundDestination,
) {
    use cancel_policy::{
        Cancellation, CancelledLine, ExpectedTime, Money, Refund, RefundDestination, RefundStatus,
    };
    let item = &order.items[index];
    let amount = Money::new(item.unit_price.amount, "EUR");
    let at = order.placed_at.plus_minutes(5);
    let id = format!("c-{}", item.id);
    order.cancellations.push(Cancellation {
        id: id.clone(),
        status: CancellationStatus::Completed,
        items: vec![CancelledLine {
            item_id: item.id.clone(),
            quantity: 1,
        }],
        reason_code: "changed_mind".into(),
        comment: None,
        refund: amount.clone(),
        refund_destination: destination,
        created_at: at,
        decided_at: Some(at),
        respond_by: None,
        if_unanswered: None,
    });
    order.refunds.push(Refund {
        id: format!("r-{}", item.id),
        cancellation_id: id,
        status,
        amount,
        destination,
        created_at: at,
        updated_at: if status == RefundStatus::Pending {
            at
        } else {
            SETTLED
        },
        expected: match destination {
            RefundDestination::OriginalPayment => ExpectedTime::business_days(5, 7),
            RefundDestination::StoreCredit => ExpectedTime::IMMEDIATELY,
        },
        reference: (status == RefundStatus::Succeeded).then(|| "74123456789012345678901".into()),
        failure_reason: (status == RefundStatus::Failed).then(|| "card expired".into()),
    });
}

#[wasm_bindgen_test]
async fn the_card_says_refund_pending_while_one_is() {
    let backend = refunds_shop();
    let (root, _h) = mount(backend.clone(), config());
    wait_for("orders", || query_all(&root, ".oc-card").len() == 2).await;
    let cards = query_all(&root, ".oc-card");
    assert!(text(&cards[0]).contains("PO-2001") && text(&cards[0]).contains("Refund pending"));
    assert!(
        !text(&cards[1]).contains("Refund pending"),
        "its refund arrived: {}",
        text(&cards[1])
    );
}

#[wasm_bindgen_test]
async fn the_history_says_where_each_refund_stands() {
    let backend = refunds_shop();
    let (root, _h) = mount(backend.clone(), config());
    wait_for("orders", || text(&root).contains("PO-2001")).await;
    button(&root, "PO-2001").click();
    wait_for("the history", || query_all(&root, ".oc-refund").len() == 4).await;
    assert_eq!(
        refund_line(&root, "Linen shirt"),
        "Refund of €25.00 to your original payment method: pending, usually 5–7 business days."
    );
    assert_eq!(
        refund_line(&root, "Desk lamp"),
        "Refund of €4.00 to your store credit: refunded on Dec 3, 2026. \
         Bank reference: 74123456789012345678901."
    );
    assert_eq!(
        refund_line(&root, "Wall clock"),
        "Refund of €19.99 to your original payment method: failed — please contact support. \
         Contact support"
    );
    let failed = query(&root, ".oc-refund--failed a").expect("the support link");
    assert_eq!(
        failed.get_attribute("href").as_deref(),
        Some("https://shop.example/help")
    );
    assert_eq!(
        refund_line(&root, "Tea towel"),
        "Refund of €7.00 to your original payment method: called off by the store on Dec 3, 2026."
    );
}

#[wasm_bindgen_test]
async fn refunds_in_german() {
    let backend = refunds_shop();
    let mut german = config();
    german.locale = Some("de".into());
    let (root, _h) = mount(backend.clone(), german);
    wait_for("orders", || text(&root).contains("Erstattung ausstehend")).await;
    button(&root, "PO-2001").click();
    wait_for("the history", || query_all(&root, ".oc-refund").len() == 4).await;
    assert_eq!(
        refund_line(&root, "Linen shirt"),
        "Erstattung von 25,00\u{a0}€ auf dein ursprüngliches Zahlungsmittel: ausstehend, \
         in der Regel 5–7 Werktage."
    );
    assert_eq!(
        refund_line(&root, "Desk lamp"),
        "Erstattung von 4,00\u{a0}€ auf dein Guthaben im Shop: erstattet am 03.12.2026. \
         Bankreferenz: 74123456789012345678901."
    );
    assert_eq!(
        refund_line(&root, "Wall clock"),
        "Erstattung von 19,99\u{a0}€ auf dein ursprüngliches Zahlungsmittel: fehlgeschlagen – \
         bitte wende dich an den Kundenservice. Kundenservice kontaktieren"
    );
    assert_eq!(
        refund_line(&root, "Tea towel"),
        "Erstattung von 7,00\u{a0}€ auf dein ursprüngliches Zahlungsmittel: am 03.12.2026 vom \
         Shop zurückgezogen."
    );
}

#[wasm_bindgen_test]
async fn a_refund_that_moves_while_the_order_is_open_is_seen_on_return_and_read_out() {
    let backend = refunds_shop();
    let (root, _h) = mount(backend.clone(), config());
    wait_for("orders", || text(&root).contains("PO-2001")).await;
    button(&root, "PO-2001").click();
    wait_for("the history", || query_all(&root, ".oc-refund").len() == 4).await;
    let news = query(&root, ".oc-details [aria-live=polite]").expect("a polite live region");
    assert_eq!(text(&news), "", "nothing to read out on opening");
    // The store's payment side sends the pending refund back while the shopper is away.
    backend.settle_refund("o1", 0, cancel_policy::RefundStatus::Succeeded);
    settle().await;
    assert!(
        refund_line(&root, "Linen shirt").contains("pending"),
        "not before a return"
    );
    page_shown_again();
    wait_for("the refund, refunded", || {
        refund_line(&root, "Linen shirt").contains("refunded on Dec 3, 2026")
    })
    .await;
    assert_eq!(
        text(&news),
        "Refund of €25.00 to your original payment method: refunded on Dec 3, 2026."
    );
    // Back on the list, nothing is pending any more.
    button(&root, "Back to my orders").click();
    wait_for("the list", || query_all(&root, ".oc-card").len() == 2).await;
    assert!(!text(&root).contains("Refund pending"), "{}", text(&root));
}

/// The result box of the whole of PO-1001 cancelled (€29.00 back, pending), once the store's
/// payment side moved its refund to `status` and the shopper came back to the page: its
/// classes, what it says and where its link to support goes, if it has one.
async fn the_result_once_its_refund(
    status: cancel_policy::RefundStatus,
) -> (String, String, Option<String>) {
    let backend = shop();
    let (root, _h) = mount(backend.clone(), config());
    cancel_whole_order(&root).await;
    let pending = "Cancelled.Refund of €29.00 to your original payment method: pending, \
                   usually 5–7 business days.";
    wait_for("the result", || text(&root).contains(pending)).await;
    let result = || query(&root, ".oc-result").expect("the result box");
    assert_eq!(
        result().class_name(),
        "oc-alert oc-alert--success oc-result"
    );
    backend.settle_refund("o1", 0, status);
    page_shown_again();
    wait_for("the refund's news in the result", || {
        !text(&result()).contains("pending")
    })
    .await;
    let support = query(&result(), ".oc-refund a").and_then(|a| a.get_attribute("href"));
    (result().class_name(), text(&result()), support)
}

#[wasm_bindgen_test]
async fn the_result_of_a_cancellation_follows_its_refund_to_a_failure() {
    use cancel_policy::RefundStatus as S;
    let (class, said, support) = the_result_once_its_refund(S::Failed).await;
    assert_eq!(
        class, "oc-alert oc-alert--error oc-result",
        "not green: {said}"
    );
    assert_eq!(support.as_deref(), Some("https://shop.example/help"));
    assert!(
        said.starts_with(
            "Cancelled.Refund of €29.00 to your original payment method: failed — please \
             contact support. Contact support"
        ),
        "{said}"
    );
    let (class, said, _) = the_result_once_its_refund(S::Canceled).await;
    assert_eq!(class, "oc-alert oc-alert--warning oc-result", "{said}");
    assert!(
        said.contains(": called off by the store on Dec 3, 2026."),
        "{said}"
    );
    let (class, said, _) = the_result_once_its_refund(S::Succeeded).await;
    assert_eq!(class, "oc-alert oc-alert--success oc-result", "{said}");
    assert!(said.contains(": refunded on Dec 3, 2026."), "{said}");
}
