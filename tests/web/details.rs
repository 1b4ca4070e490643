//! An order's details: each item's outcome, the reason dialog, the history, a merchant's own
//! reason, and the DOM builder's slot.

use super::*;

#[wasm_bindgen_test]
async fn hostile_product_names_are_text() {
    let backend = shop();
    let (root, _h) = mount(backend.clone(), config());
    open_order(&root, "PO-1001").await;
    assert!(text(&root).contains("<script>alert(1)</script> Sticker pack"));
    assert!(root.query_selector(".oc-item script").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn each_item_shows_the_policys_outcome_and_guidance() {
    let backend = shop();
    let (root, _h) = mount(backend.clone(), config());
    open_order(&root, "PO-1003").await;
    let t = text(&root);
    assert!(
        t.contains("Sold by Gadget Hub: the seller approves or denies"),
        "{t}"
    );
    assert!(t.contains("Request cancellation"));
    assert!(t.contains("Part of a set"));
    button(&root, "Back to my orders").click();
    open_order(&root, "PO-1002").await;
    let t = text(&root);
    assert!(t.contains("refuse the delivery"), "{t}");
    assert!(t.contains("Nothing in this order can be cancelled now"));
    // Amazon takes a refusal notice here: its button, not a support link, is the way.
    button(&root, "I will refuse the delivery");
    assert!(query(&root, ".oc-guidance a").is_none(), "{t}");
    // Without the notice in the policy, the guidance sends the shopper to support.
    let policy = Policy {
        parcel_requests: Default::default(),
        ..Preset::Amazon.policy()
    };
    let (root, _h) = mount(
        FakeBackend::new(policy, backend.state.borrow().orders.clone()),
        config(),
    );
    open_order(&root, "PO-1002").await;
    let link = query(&root, ".oc-guidance a").unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://shop.example/help")
    );
    assert!(!text(&root).contains("I will refuse the delivery"));
}

#[wasm_bindgen_test]
async fn dialog_is_accessible_and_keyboard_operable() {
    let backend = shop();
    let (root, _h) = mount(backend.clone(), config());
    open_order(&root, "PO-1001").await;
    let opener = button(&root, "Cancel item");
    opener.focus().unwrap();
    opener.click();
    wait_for("dialog", || query(&root, "[role=dialog]").is_some()).await;
    let dialog = query(&root, "[role=dialog]").unwrap();
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    assert!(root
        .query_selector(&format!("#{title_id}"))
        .unwrap()
        .is_some());
    let active = || {
        document()
            .active_element()
            .map(|e| e.text_content().unwrap_or_default())
            .unwrap_or_default()
    };
    wait_for("initial focus on Keep", || active() == "Keep my order").await;
    // Shift+Tab from the first focusable wraps to the last; Tab from the last wraps to the first.
    let focusable = query_all(&dialog, "button:not([disabled]), select, textarea, input");
    focusable[0].focus().unwrap();
    key(&focusable[0], "Tab", true);
    assert_eq!(
        document().active_element().unwrap(),
        *focusable
            .last()
            .unwrap()
            .unchecked_ref::<web_sys::Element>()
    );
    key(focusable.last().unwrap(), "Tab", false);
    assert_eq!(
        document().active_element().unwrap(),
        *focusable[0].unchecked_ref::<web_sys::Element>()
    );
    key(&dialog, "Escape", false);
    wait_for("dialog closed", || query(&root, "[role=dialog]").is_none()).await;
    assert_eq!(
        document().active_element().unwrap(),
        *opener.unchecked_ref::<web_sys::Element>(),
        "focus returns to the opener"
    );
    assert!(
        backend.state.borrow().cancel_keys.is_empty(),
        "Escape cancels nothing"
    );
}

#[wasm_bindgen_test]
async fn cancelling_an_item_needs_a_reason_then_shows_the_refund() {
    let backend = FakeBackend::new(Preset::Temu.policy(), shop().state.borrow().orders.clone());
    let (root, _h) = mount(backend.clone(), config());
    open_order(&root, "PO-1001").await;
    query_all(&root, ".oc-item")[0]
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    wait_for("dialog", || query(&root, "[role=dialog]").is_some()).await;
    let dialog = query(&root, "[role=dialog]").unwrap();
    assert!(
        text(&dialog).contains("You get back€25.00"),
        "{}",
        text(&dialog)
    );
    assert!(
        text(&dialog).contains("Cancel 1 item?"),
        "{}",
        text(&dialog)
    );
    assert_eq!(
        text(&button(&dialog, "Cancel item")),
        "Cancel item",
        "one item, in the singular"
    );
    button(&dialog, "Cancel item").click();
    wait_for("reason required", || {
        text(&root).contains("Please choose a reason.")
    })
    .await;
    assert!(backend.state.borrow().cancel_keys.is_empty());
    choose(&query(&dialog, "select").unwrap(), "other");
    button(&dialog, "Cancel item").click();
    wait_for("comment required", || {
        text(&root).contains("Please tell us more")
    })
    .await;
    choose(&query(&dialog, "select").unwrap(), "changed_mind");
    // Temu offers store credit too.
    query_all(&dialog, "input[type=radio]")[1].click();
    button(&dialog, "Cancel item").click();
    wait_for("result", || {
        text(&root).contains(
            "Cancelled.Refund of €25.00 to your store credit: pending, usually immediately.",
        )
    })
    .await;
    assert!(
        text(&query(&root, ".oc-result").unwrap()).contains("Recorded "),
        "when it happened"
    );
    {
        let s = backend.state.borrow();
        assert_eq!(s.cancel_bodies.len(), 1);
        assert_eq!(
            s.expect_cancel_now,
            vec![true],
            "all cancel-now: the server must not make it a request"
        );
        assert_eq!(s.cancel_bodies[0].items[0].item_id, "a");
        assert_eq!(
            s.cancel_bodies[0].reason_code.as_deref(),
            Some("changed_mind")
        );
        assert_eq!(
            s.orders[0].cancellations[0].status,
            CancellationStatus::Completed
        );
    }
    wait_for("buy again and history", || {
        text(&root).contains("Buy again") && text(&root).contains("History")
    })
    .await;
    let buy = query_all(&root, "a")
        .into_iter()
        .find(|a| text(a).contains("Buy again"))
        .unwrap();
    assert_eq!(buy.get_attribute("href").as_deref(), Some("/p/SKU-a"));
}

#[wasm_bindgen_test]
async fn the_history_dates_a_decided_request_when_it_was_decided() {
    use cancel_policy::apply::{apply_plan, decide};
    use cancel_policy::{plan, testing, Timestamp};
    use order_cancel_widget::format::date_and_time;
    let policy = Preset::TiktokShop.policy();
    let pan = item("p", "Cast iron pan", ItemState::Packed, 4000);
    let mut o = order("o7", "PO-1007", 120, vec![pan]);
    let asked = Timestamp::from_unix(now().unix() - 90 * 60);
    let decided = Timestamp::from_unix(now().unix() - 20 * 60);
    let request = testing::request(&[("p", 1)], Some("changed_mind"));
    let planned = plan(&o, &policy, &request, asked).unwrap();
    apply_plan(&mut o, &planned, "changed_mind", None, asked, || {
        "c1".into()
    });
    decide(&mut o, "c1", true, decided).unwrap();
    let backend = FakeBackend::new(policy, vec![o]);
    let (root, _h) = mount(backend.clone(), config());
    wait_for("the order list", || text(&root).contains("PO-1007")).await;
    button(&root, "PO-1007").click();
    wait_for("history", || text(&root).contains("History")).await;
    let history = text(&query(&root, ".oc-history").unwrap());
    let locale = support::locale("en");
    let approved = format!(
        "Approved by the seller · {}",
        date_and_time(locale, decided)
    );
    assert!(
        history.contains(&approved),
        "{approved:?} not in {history:?}"
    );
    assert!(
        !history.contains(&date_and_time(locale, asked)),
        "{history}"
    );
}

/// The DOM builder every screen uses: a slot is rebuilt only when its value changes, and
/// what it built before (effects, listeners) stops with the rebuild or its owner.
#[wasm_bindgen_test]
async fn a_slot_rebuilds_on_a_new_value_and_stops_what_it_built_before() {
    use order_cancel_widget::dom::{button, div};
    use std::cell::Cell;
    let root = container();
    let pair = RwSignal::new(0u32);
    let label = RwSignal::new(String::from("a"));
    let (builds, clicks) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
    let owner = Owner::new();
    let built = {
        let (builds, clicks) = (builds.clone(), clicks.clone());
        owner.with(|| {
            div("").slot(
                move || pair.get() / 2,
                move |_| {
                    builds.set(builds.get() + 1);
                    let clicks = clicks.clone();
                    vec![button("")
                        .text_with(move || label.get())
                        .on_click(move |_| clicks.set(clicks.get() + 1))
                        .into()]
                },
            )
        })
    };
    root.append_child(&built.element()).unwrap();
    assert_eq!((builds.get(), text(&root)), (1, "a".to_string()));

    pair.set(1); // same value (0): nothing rebuilt
    label.set("b".into());
    leptos::task::tick().await;
    assert_eq!(
        (builds.get(), text(&root)),
        (1, "b".to_string()),
        "only the text followed"
    );
    let first = query(&root, "button").unwrap();

    pair.set(2);
    leptos::task::tick().await;
    assert_eq!(builds.get(), 2);
    first.click();
    assert_eq!(clicks.get(), 0, "the replaced button's listener is gone");
    let second = query(&root, "button").unwrap();
    second.click();
    assert_eq!(clicks.get(), 1);

    owner.cleanup();
    second.click();
    label.set("c".into());
    leptos::task::tick().await;
    assert_eq!(
        (clicks.get(), text(&root)),
        (1, "b".to_string()),
        "nothing runs after its owner is gone"
    );
}

/// Amazon's policy with a reason of the merchant's own, labelled in English and German.
fn shop_with_own_reason() -> FakeBackend {
    let mut policy = shop().state.borrow().policy.clone();
    policy.reasons.insert(
        0,
        cancel_policy::Reason {
            code: "price_elsewhere".into(),
            label_key: String::new(),
            label: Some(cancel_policy::Label(vec![
                ("en".into(), "Found it cheaper".into()),
                ("de".into(), "Woanders günstiger gefunden".into()),
            ])),
            comment_required: false,
        },
    );
    FakeBackend::new(policy, shop().state.borrow().orders.clone())
}

#[wasm_bindgen_test]
async fn a_merchants_own_reason_reads_in_the_widgets_language() {
    let cases = [
        (
            "de",
            "Woanders günstiger gefunden",
            "Found it cheaper",
            "Ich habe es mir anders überlegt",
            "Grund: ",
            "Verlauf",
        ),
        (
            "en",
            "Found it cheaper",
            "Woanders günstiger gefunden",
            "I changed my mind",
            "Reason: ",
            "History",
        ),
    ];
    for (tag, own, other, preset, reason_line, history) in cases {
        let backend = shop_with_own_reason();
        let config = WidgetConfig {
            locale: Some(tag.into()),
            ..config()
        };
        let (root, _h) = mount(backend.clone(), config);
        wait_for("the order list", || text(&root).contains("PO-1001")).await;
        button(&root, "PO-1001").click();
        wait_for("an item's cancel button", || {
            query(&root, ".oc-item button").is_some()
        })
        .await;
        query(&root, ".oc-item button")
            .unwrap()
            .unchecked_into::<web_sys::HtmlElement>()
            .click();
        wait_for("dialog", || query(&root, "[role=dialog]").is_some()).await;
        let dialog = query(&root, "[role=dialog]").unwrap();
        let options: Vec<String> = query_all(&dialog, "select option")
            .iter()
            .map(|o| text(o))
            .collect();
        assert_eq!(options[1], own, "{tag}: {options:?}");
        assert!(!options.iter().any(|o| o == other), "{tag}: {options:?}");
        // The presets' reasons keep their catalog texts.
        assert!(options.iter().any(|o| o == preset), "{tag}: {options:?}");
        choose(&query(&dialog, "select").unwrap(), "price_elsewhere");
        query(&dialog, ".oc-button--danger")
            .unwrap()
            .unchecked_into::<web_sys::HtmlElement>()
            .click();
        wait_for("the result", || query(&root, ".oc-result").is_some()).await;
        let result = text(&query(&root, ".oc-result").unwrap());
        assert!(
            result.contains(&format!("{reason_line}{own}")),
            "{tag}: {result}"
        );
        wait_for("the history", || text(&root).contains(history)).await;
        let entry = text(&query(&root, ".oc-history__entry").unwrap());
        assert!(entry.contains(&format!(" · {own}")), "{tag}: {entry}");
        assert_eq!(
            backend.state.borrow().cancel_bodies[0]
                .reason_code
                .as_deref(),
            Some("price_elsewhere")
        );
    }
}
