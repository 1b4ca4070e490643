//! What the shopper reads and can do: actions named by what they do, the order's money,
//! what was cancelled (issue 27); money in German.

use super::*;

#[wasm_bindgen_test]
async fn german_locale_formats_money_and_texts() {
    let backend = shop();
    let (root, _h) = mount(
        backend.clone(),
        WidgetConfig {
            locale: Some("de".into()),
            ..config()
        },
    );
    wait_for("orders", || text(&root).contains("PO-1001")).await;
    let t = text(&root);
    assert!(
        t.contains("Meine Bestellungen") && t.contains("Zu versenden"),
        "{t}"
    );
    assert!(t.contains("29,00\u{a0}€"), "{t}");
}

/// A store with cancellations behind it (Amazon's rules), each made as the server makes them,
/// its refund paid back since: PO-2001 (beanie 29.00 + pour-over set 45.00, 20 % tax, 5.00
/// off, 4.95 shipping) with the beanie cancelled (32.85 back); PO-2002 cancelled in full;
/// PO-2003 with its free gift bag cancelled and two lines left (nothing to refund); PO-2004
/// sold by a marketplace seller (only a request).
fn cancelled_shop() -> FakeBackend {
    let policy = Preset::Amazon.policy();
    let taxed = |id: &str, title: &str, price: i64| {
        let mut it = item(id, title, ItemState::Paid, price);
        it.unit_tax = price / 5;
        it
    };
    let cancel = |mut o: cancel_policy::Order, ids: &[&str]| {
        let lines: Vec<(&str, u32)> = ids.iter().map(|id| (*id, 1)).collect();
        let request = cancel_policy::testing::request(&lines, Some("changed_mind"));
        let plan = cancel_policy::plan(&o, &policy, &request, now()).expect("cancellable");
        let applied =
            cancel_policy::apply::apply_plan(&mut o, &plan, "changed_mind", None, now(), || {
                "c1".into()
            });
        let times = policy.refund_times;
        if cancel_policy::open_refund(
            &mut o,
            &applied.cancellations[0],
            &times,
            now(),
            "r1".into(),
        )
        .is_some()
        {
            o.refunds[0].status = cancel_policy::RefundStatus::Succeeded;
        }
        o
    };
    let mut po_2001 = order(
        "o1",
        "PO-2001",
        5,
        vec![
            taxed("beanie", "Merino wool beanie", 2900),
            taxed("pour", "Ceramic pour-over set", 4500),
        ],
    );
    po_2001.discount = 500;
    po_2001.shipping = vec![cancel_policy::ShippingCharge {
        seller_id: "store".into(),
        amount: 495,
        refunded: false,
    }];
    let po_2002 = order(
        "o2",
        "PO-2002",
        9,
        vec![taxed("lamp", "Brass desk lamp", 6900)],
    );
    let po_2003 = order(
        "o3",
        "PO-2003",
        12,
        vec![
            item("gift", "Gift bag", ItemState::Paid, 0),
            item("mug", "Stoneware mug", ItemState::Paid, 1600),
            item("towel", "Linen tea towel", ItemState::Paid, 900),
        ],
    );
    let po_2004 = order(
        "o4",
        "PO-2004",
        15,
        vec![item("case", "Phone case", ItemState::Paid, 1500).sold_by("s2", "Gadget Hub")],
    );
    FakeBackend::new(
        policy.clone(),
        vec![
            cancel(po_2001, &["beanie"]),
            cancel(po_2002, &["lamp"]),
            cancel(po_2003, &["gift"]),
            po_2004,
        ],
    )
}

/// The accessible names of the cancel actions on the list's cards, in order.
fn card_actions(root: &web_sys::Element) -> Vec<String> {
    query_all(root, ".oc-card .oc-card__side button")
        .iter()
        .filter_map(|b| b.get_attribute("aria-label"))
        .collect()
}

/// (label, amount) of every row of the order summary.
fn summary_rows(root: &web_sys::Element) -> Vec<(String, String)> {
    query_all(root, ".oc-summary__row")
        .iter()
        .map(|row| {
            let parts = query_all(row, "span, strong");
            (text(&parts[0]), text(&parts[1]))
        })
        .collect()
}

/// Shows tab `name` and waits until its `cards` cards replaced the page before.
async fn show_tab(root: &web_sys::HtmlElement, name: &str, cards: usize) {
    query_all(root, "[role=tab]")
        .into_iter()
        .find(|t| text(t) == name)
        .unwrap()
        .click();
    wait_for(name, || query_all(root, ".oc-card").len() == cards).await;
}

#[wasm_bindgen_test]
async fn the_lists_actions_are_quiet_and_say_which_order_they_are_for() {
    let (root, _h) = mount(cancelled_shop(), config());
    wait_for("the cards' actions", || card_actions(&root).len() == 3).await;
    assert_eq!(
        card_actions(&root),
        [
            "Cancel items in order PO-2001",
            "Cancel items in order PO-2003",
            "Request cancellation of order PO-2004",
        ],
        "only where something can still be cancelled or requested; none on PO-2002"
    );
    let visible: Vec<String> = query_all(&root, ".oc-card__side button")
        .iter()
        .map(|b| text(b))
        .collect();
    assert_eq!(
        visible,
        ["Cancel items", "Cancel items", "Request cancellation"]
    );
    assert!(
        query(&root, ".oc-card .oc-button--danger").is_none()
            && query(&root, ".oc-card .oc-button--primary").is_none(),
        "the list's entry point is secondary: red is for the confirming step"
    );
}

#[wasm_bindgen_test]
async fn the_cancelled_tab_says_what_was_cancelled_and_what_came_back() {
    let (root, _h) = mount(cancelled_shop(), config());
    wait_for("orders", || text(&root).contains("PO-2004")).await;
    show_tab(&root, "Cancelled", 3).await;
    let notes: Vec<String> = query_all(&root, ".oc-card")
        .iter()
        .map(|card| query(card, ".oc-card__cancelled").map_or(String::new(), |n| text(&n)))
        .collect();
    assert_eq!(
        notes,
        [
            "1 of 2 items cancelled · €32.85 refunded",
            "Item cancelled · €82.80 refunded",
            "1 of 3 items cancelled",
        ],
        "a free gift cancelled brings nothing back, and the card does not pretend it does"
    );
    assert!(
        card_actions(&root).is_empty(),
        "no cancel action on the Cancelled tab: {:?}",
        card_actions(&root)
    );
}

#[wasm_bindgen_test]
async fn the_details_show_the_orders_money_after_one_cancelled_item() {
    let (root, _h) = mount(cancelled_shop(), config());
    wait_for("orders", || text(&root).contains("PO-2001")).await;
    button(&root, "Order PO-2001").click();
    wait_for("the summary", || query(&root, ".oc-summary").is_some()).await;
    assert_eq!(
        summary_rows(&root),
        rows(&[
            ("Items", "€74.00"),
            ("Discount", "-€5.00"),
            ("Shipping", "€4.95"),
            ("Tax", "€14.80"),
            ("Order total", "€88.75"),
            ("Refunded so far", "-€32.85"),
            ("Total after cancellations", "€55.90"),
        ])
    );
    let summary = query(&root, ".oc-summary").unwrap();
    assert_eq!(
        summary.get_attribute("aria-labelledby").as_deref(),
        Some("oc-summary-title")
    );
    assert!(text(&summary).starts_with("Order summary"));
    // One line is left: its own button cancels it, no order-wide one pretends to more.
    wait_for("the item's button", || text(&root).contains("Cancel item")).await;
    assert!(!text(&root).contains("Cancel entire order"));
    assert!(!text(&root).contains("Cancel the remaining items"));
}

#[wasm_bindgen_test]
async fn a_whole_cancelled_order_shows_its_refund_and_offers_no_cancel() {
    let (root, _h) = mount(cancelled_shop(), config());
    wait_for("orders", || text(&root).contains("PO-2002")).await;
    let card = query_all(&root, ".oc-card")
        .into_iter()
        .find(|c| text(c).contains("PO-2002"))
        .unwrap();
    assert!(
        query(&card, ".oc-card__side button").is_none(),
        "{}",
        text(&card)
    );
    button(&root, "Order PO-2002").click();
    wait_for("the summary", || query(&root, ".oc-summary").is_some()).await;
    assert_eq!(
        summary_rows(&root),
        rows(&[
            ("Items", "€69.00"),
            ("Tax", "€13.80"),
            ("Order total", "€82.80"),
            ("Refunded so far", "-€82.80"),
            ("Total after cancellations", "€0.00"),
        ])
    );
    settle().await;
    let cancel_buttons = query_all(&root, ".oc-details button")
        .into_iter()
        .filter(|b| text(b).contains("Cancel") || text(b).contains("Request"))
        .count();
    assert_eq!(cancel_buttons, 0, "{}", text(&root));
    assert!(
        query_all(&root, ".oc-item__check")
            .iter()
            .all(|c| c.has_attribute("disabled")),
        "nothing to select"
    );
}

#[wasm_bindgen_test]
async fn a_cancelled_free_item_changes_no_figure_and_the_rest_is_the_remaining_items() {
    let (root, _h) = mount(cancelled_shop(), config());
    wait_for("orders", || text(&root).contains("PO-2003")).await;
    button(&root, "Order PO-2003").click();
    wait_for("the summary", || query(&root, ".oc-summary").is_some()).await;
    assert_eq!(
        summary_rows(&root),
        rows(&[("Items", "€25.00"), ("Order total", "€25.00")]),
        "no '€0.00 refunded', no 'after cancellations' that equals the total"
    );
    wait_for("the order-wide action", || {
        text(&root).contains("Cancel the remaining items")
    })
    .await;
    assert!(!text(&root).contains("Cancel entire order"));
    // Secondary until the shopper has chosen; red only in the dialog that confirms.
    assert!(query(&root, ".oc-details .oc-button--danger").is_none());
    button(&root, "Cancel the remaining items").click();
    wait_for("dialog", || query(&root, "[role=dialog]").is_some()).await;
    assert_eq!(query_all(&root, ".oc-button--danger").len(), 1);
    assert!(text(&query(&root, ".oc-button--danger").unwrap()).starts_with("Cancel items"));
}

#[wasm_bindgen_test]
async fn german_money_summary_and_list_actions() {
    let mut german = config();
    german.locale = Some("de".into());
    let (root, _h) = mount(cancelled_shop(), german);
    wait_for("the cards' actions", || card_actions(&root).len() == 3).await;
    assert_eq!(
        card_actions(&root)[0],
        "Artikel stornieren in Bestellung PO-2001"
    );
    assert!(text(&root).contains("1 von 2 Artikeln storniert · 32,85\u{a0}€ erstattet"));
    button(&root, "Bestellung PO-2001").click();
    wait_for("the summary", || query(&root, ".oc-summary").is_some()).await;
    let rows = summary_rows(&root);
    assert_eq!(rows[5], ("Bisher erstattet".into(), "-32,85\u{a0}€".into()));
    assert_eq!(
        rows[6],
        ("Summe nach Stornierungen".into(), "55,90\u{a0}€".into())
    );
}

/// The card's note and the summary's rows of PO-2001 with its refund in `status`.
async fn where_the_refund_stands(
    status: cancel_policy::RefundStatus,
    config: WidgetConfig,
) -> (String, Vec<(String, String)>, String) {
    let backend = cancelled_shop();
    backend.settle_refund("o1", 0, status);
    let (root, _h) = mount(backend, config);
    wait_for("the card's note", || {
        query(&root, ".oc-card__cancelled").is_some()
    })
    .await;
    let note = text(&query(&root, ".oc-card__cancelled").unwrap());
    button(&root, "PO-2001").click();
    wait_for("the summary", || query(&root, ".oc-summary").is_some()).await;
    let tone = query_all(&root, ".oc-summary__row")[5].class_name();
    (note, summary_rows(&root), tone)
}

#[wasm_bindgen_test]
async fn the_card_and_the_summary_count_only_arrived_money_as_refunded() {
    use cancel_policy::RefundStatus as S;
    let after = ("Total after cancellations", "€55.90");
    for (status, said, row, tone) in [
        (
            S::Pending,
            "€32.85 refund pending",
            ("Refund pending", "-€32.85"),
            "oc-summary__pending",
        ),
        (
            S::Failed,
            "€32.85 refund failed",
            ("Refund failed", "-€32.85"),
            "oc-summary__failed",
        ),
        (
            S::Canceled,
            "€32.85 refund called off",
            ("Refund called off", "-€32.85"),
            "",
        ),
        (
            S::Succeeded,
            "€32.85 refunded",
            ("Refunded so far", "-€32.85"),
            "oc-summary__back",
        ),
    ] {
        let (note, summary, class) = where_the_refund_stands(status, config()).await;
        assert_eq!(
            note,
            format!("1 of 2 items cancelled · {said}"),
            "{status:?}"
        );
        assert_eq!(
            summary[4..],
            rows(&[("Order total", "€88.75"), row, after]),
            "{status:?}"
        );
        // Green only for money that is back.
        assert_eq!(
            class,
            format!("oc-summary__row {tone}").trim_end(),
            "{status:?}"
        );
    }
    let mut german = config();
    german.locale = Some("de".into());
    let (note, summary, _) = where_the_refund_stands(S::Pending, german).await;
    assert_eq!(
        note,
        "1 von 2 Artikeln storniert · Erstattung von 32,85\u{a0}€ ausstehend"
    );
    assert_eq!(
        summary[5],
        ("Erstattung ausstehend".into(), "-32,85\u{a0}€".into())
    );
}
