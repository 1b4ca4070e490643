//! Cancelling: quantities and bundles, retries with the same key, trying again, an unknown
//! outcome, a conflict, a refusal.

use super::*;

#[wasm_bindgen_test]
async fn partial_quantity_bundles_and_mixed_selection() {
    let backend = shop(); // Amazon's rules (third-party → request) + partial quantities.
    let (root, _h) = mount(backend.clone(), config());
    open_order(&root, "PO-1003").await;
    let checks = query_all(&root, ".oc-item__check");
    checks[2].click(); // socks, 3 units
    wait_for("quantity picker", || {
        query(&root, ".oc-qty__select").is_some()
    })
    .await;
    let picker = query(&root, ".oc-qty__select").unwrap();
    picker.focus().unwrap();
    choose(&picker, "2");
    settle().await;
    // The shopper picking with the keyboard stays on the picker.
    assert!(
        picker.is_connected()
            && document().active_element().as_ref() == Some(picker.unchecked_ref()),
        "the picker keeps the focus"
    );
    assert_eq!(
        js_sys::Reflect::get(&picker, &"value".into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("2")
    );
    checks[0].click(); // one cup of the set: the set goes together
    wait_for("the whole set ticked", || {
        text(&root).contains("Cancel selected (4)")
    })
    .await;
    let ticked = |i: usize| {
        js_sys::Reflect::get(&query_all(&root, ".oc-item__check")[i], &"checked".into())
            .unwrap()
            .is_truthy()
    };
    assert!(
        ticked(0) && ticked(1) && ticked(2),
        "cup, saucer and socks are ticked"
    );
    // Unticking the saucer unticks its set, and only its set.
    query_all(&root, ".oc-item__check")[1].click();
    wait_for("the set unticked", || {
        text(&root).contains("Cancel selected (2)")
    })
    .await;
    assert!(
        !ticked(0) && !ticked(1) && ticked(2),
        "the socks stay ticked"
    );
    query_all(&root, ".oc-item__check")[0].click();
    query_all(&root, ".oc-item__check")[3].click(); // the marketplace item becomes a request
    wait_for("selection count", || {
        text(&root).contains("Cancel selected (5)")
    })
    .await;
    button(&root, "Cancel selected").click();
    wait_for("dialog", || query(&root, "[role=dialog]").is_some()).await;
    let dialog = query(&root, "[role=dialog]").unwrap();
    assert!(
        text(&dialog).contains("Cancel 5 items?"),
        "bundle expanded: {}",
        text(&dialog)
    );
    assert!(
        text(&dialog).contains("1 item needs the seller's approval"),
        "{}",
        text(&dialog)
    );
    button(&dialog, "Cancel item").click(); // Amazon does not require a reason
    wait_for("result", || {
        text(&root).contains("Request sent to the seller")
    })
    .await;
    assert!(text(&root).contains("Refund of"));
    assert_eq!(
        backend.state.borrow().expect_cancel_now,
        vec![false],
        "a mixed selection expects a request"
    );
    let body = backend.state.borrow().cancel_bodies[0].clone();
    let mut lines: Vec<(String, u32)> = body
        .items
        .iter()
        .map(|l| (l.item_id.clone(), l.quantity))
        .collect();
    lines.sort();
    assert_eq!(
        lines,
        vec![
            ("b1".into(), 1),
            ("b2".into(), 1),
            ("m".into(), 1),
            ("q".into(), 2)
        ]
    );
    let o = backend.order("o3");
    assert_eq!(
        (o.items[2].cancelled_quantity, o.items[3].state),
        (2, ItemState::CancellationRequested)
    );
}

#[wasm_bindgen_test]
async fn a_network_failure_retries_with_the_same_idempotency_key() {
    let backend = shop();
    backend.fail_next_cancel(ApiError::new(
        ErrorKind::Network,
        "network",
        "Failed to fetch",
    ));
    let (root, _h) = mount(backend.clone(), config());
    open_order(&root, "PO-1001").await;
    button(&root, "Cancel entire order").click();
    wait_for("dialog", || query(&root, "[role=dialog]").is_some()).await;
    button(&query(&root, "[role=dialog]").unwrap(), "Cancel item").click();
    wait_for("network message", || {
        text(&root).contains("We could not reach the store")
    })
    .await;
    assert_eq!(backend.order("o1").refunded, 0);
    button(&root, "Try again").click();
    wait_for("success", || {
        text(&root).contains("Cancelled.Refund of €29.00")
    })
    .await;
    let keys = backend.state.borrow().cancel_keys.clone();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0], keys[1], "a retry reuses the key");
    assert!(!keys[0].is_empty());
}

/// Records the names of the widget's events that reach `root`.
fn hear(root: &web_sys::HtmlElement) -> Rc<std::cell::RefCell<Vec<String>>> {
    use order_cancel_widget::events::{COMPLETED, FAILED, REQUESTED, SUBMITTED};
    let heard = Rc::new(std::cell::RefCell::new(Vec::new()));
    for name in [SUBMITTED, COMPLETED, REQUESTED, FAILED] {
        let heard = heard.clone();
        let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(
            move |e: web_sys::Event| heard.borrow_mut().push(e.type_()),
        );
        root.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
            .unwrap();
        listener.forget();
    }
    heard
}

#[wasm_bindgen_test]
async fn try_again_shows_its_wait_takes_one_press_and_tells_the_host_once() {
    let backend = shop();
    backend.fail_next_cancel(ApiError::new(
        ErrorKind::Network,
        "network",
        "Failed to fetch",
    ));
    let (root, _h) = mount_with(backend.clone(), config(), true);
    let heard = hear(&root);
    cancel_whole_order(&root).await;
    wait_for("network message", || {
        text(&root).contains("We could not reach the store")
    })
    .await;
    // The retry meets a store that takes its time.
    backend.state.borrow_mut().cancel_delay_ms = 4_500;
    let again = button(&root, "Try again");
    again.click();
    again.click(); // a double press, before anything re-rendered
    settle().await;
    let again = query(&root, ".oc-result .oc-button--primary").expect("the retry button");
    assert!(again.has_attribute("disabled"), "enabled while it runs");
    assert_eq!(again.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(text(&again).contains("Cancelling…"), "{}", text(&again));
    assert!(query(&again, ".oc-spinner").is_some(), "no wait shown");
    again.click(); // a disabled button takes no press
    wait_for("still trying", || {
        text(&root).contains("The store is taking a while to answer. Still trying…")
    })
    .await;
    wait_for("success", || {
        text(&root).contains("Cancelled.Refund of €29.00")
    })
    .await;
    settle().await;
    assert_eq!(
        backend.state.borrow().cancel_keys.len(),
        2,
        "one retry sent"
    );
    assert_eq!(backend.order("o1").refunded, 2900);
    assert_eq!(
        *heard.borrow(),
        vec![
            "order-cancel:submitted",
            "order-cancel:failed",
            "order-cancel:completed"
        ],
        "each event once for one confirmation"
    );
}

#[wasm_bindgen_test]
async fn after_an_unknown_outcome_the_order_is_read_again_and_shows_what_the_store_has() {
    let backend = shop();
    // The store cancels, but its answer is lost on the way.
    backend.commit_then_fail_next_cancel(ApiError::new(
        ErrorKind::Network,
        "network",
        "Failed to fetch",
    ));
    let (root, _h) = mount(backend.clone(), config());
    cancel_whole_order(&root).await;
    wait_for("network message", || {
        text(&root).contains("We could not reach the store")
    })
    .await;
    // Read again without a press: the rows say what the store has, and offer no cancel.
    wait_for("the order as the store has it", || {
        query_all(&root, ".oc-item")
            .iter()
            .all(|row| text(row).contains("Cancelled"))
    })
    .await;
    assert!(
        query_all(&root, ".oc-item button").is_empty(),
        "{}",
        text(&root)
    );
    assert!(!text(&root).contains("Cancel entire order"));
    // The same key again is the first answer, replayed: cancelled once.
    button(&root, "Try again").click();
    wait_for("success", || {
        text(&root).contains("Cancelled.Refund of €29.00")
    })
    .await;
    assert_eq!(backend.order("o1").refunded, 2900);
}

#[wasm_bindgen_test]
async fn a_conflict_reevaluates_the_options_on_the_fresh_order() {
    let backend = shop();
    let (root, _h) = mount(backend.clone(), config());
    open_order(&root, "PO-1001").await;
    // Meanwhile the warehouse ships the beanie.
    backend.move_item("o1", 0, ItemState::Shipped);
    button(&root, "Cancel entire order").click();
    wait_for("dialog", || query(&root, "[role=dialog]").is_some()).await;
    button(&query(&root, "[role=dialog]").unwrap(), "Cancel item").click();
    wait_for("conflict", || {
        text(&root).contains("Your order changed while you were looking")
    })
    .await;
    let banner = query(&root, ".oc-result").unwrap();
    assert!(text(&banner).contains("Merino beanie"), "{}", text(&banner));
    assert!(
        text(&banner).contains("refuse the delivery"),
        "{}",
        text(&banner)
    );
    // The details reloaded: the beanie now shows as in transit.
    wait_for("fresh order", || {
        query_all(&root, ".oc-item")[0]
            .text_content()
            .unwrap()
            .contains("In transit")
    })
    .await;
    assert_eq!(backend.order("o1").refunded, 0);
}

#[wasm_bindgen_test]
async fn a_changed_order_reads_in_japanese_sentences_with_no_space_between() {
    let backend = shop();
    let ja = WidgetConfig {
        locale: Some("ja".into()),
        ..config()
    };
    let (root, _h) = mount(backend.clone(), ja);
    wait_for("orders", || text(&root).contains("PO-1001")).await;
    button(&root, "注文番号 PO-1001").click();
    wait_for("the order", || text(&root).contains("注文全体をキャンセル")).await;
    // Meanwhile the beanie comes back as returned.
    backend.move_item("o1", 0, ItemState::Returned);
    button(&root, "注文全体をキャンセル").click();
    wait_for("dialog", || query(&root, "[role=dialog]").is_some()).await;
    button(&query(&root, "[role=dialog]").unwrap(), "キャンセルする").click();
    wait_for("conflict", || query(&root, ".oc-result li").is_some()).await;
    // The title, its full-width colon, the state with its full stop, the guidance, the time.
    let line = text(&query(&root, ".oc-result li").unwrap());
    assert!(
        line.starts_with("Merino beanie：返品済み。この商品は返品済みです。（")
            && line.ends_with("から）"),
        "{line}"
    );
    assert_eq!(
        text(&query(&root, ".oc-result li strong").unwrap()),
        "Merino beanie"
    );
}

#[wasm_bindgen_test]
async fn a_refusal_is_explained_in_words_and_takes_the_focus() {
    let backend = shop();
    let mut refused = ApiError::new(ErrorKind::Http(400), "invalid_request", "refused");
    refused.refusals = vec![order_cancel_widget::api::RefusalNote {
        code: "not_cancellable".into(),
        max_chars: None,
    }];
    backend.fail_next_cancel(refused);
    let (root, _h) = mount(backend.clone(), config());
    open_order(&root, "PO-1001").await;
    button(&root, "Cancel entire order").click();
    wait_for("dialog", || query(&root, "[role=dialog]").is_some()).await;
    button(&query(&root, "[role=dialog]").unwrap(), "Cancel item").click();
    wait_for("the refusal", || query(&root, ".oc-result").is_some()).await;
    let banner = text(&query(&root, ".oc-result").unwrap());
    assert!(
        banner.contains(
            "The cancellation did not go through: An item you chose can no longer be cancelled."
        ),
        "{banner}"
    );
    assert!(
        !banner.contains("not_cancellable") && !banner.contains("refused"),
        "no codes: {banner}"
    );
    assert_eq!(backend.order("o1").refunded, 0);
    wait_for("focus on the refusal", || {
        focused_text().contains("did not go through")
    })
    .await;
}
