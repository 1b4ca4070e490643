//! Where the keyboard focus goes: each new screen and result, back to the list, a first
//! mount.

use super::*;

#[wasm_bindgen_test]
async fn focus_follows_the_shopper_to_each_new_screen_and_result() {
    let backend = shop();
    let (root, _h) = mount(backend.clone(), config());
    open_order(&root, "PO-1001").await;
    wait_for("focus on the order's heading", || {
        focused_text() == "Order PO-1001"
    })
    .await;
    button(&root, "Cancel entire order").click();
    wait_for("dialog", || query(&root, "[role=dialog]").is_some()).await;
    button(&query(&root, "[role=dialog]").unwrap(), "Cancel item").click();
    wait_for("focus on the result", || {
        focused_text().contains(
            "Cancelled.Refund of €29.00 to your original payment method: pending, usually 5–7 business days.",
        )
    })
    .await;
    // The result stays focused after the order reloads behind it.
    wait_for("reloaded order", || text(&root).contains("History")).await;
    assert!(
        focused_text().contains("Refund of €29.00"),
        "focus is on: {:?}",
        focused_text()
    );
    // Amazon does not require a reason: the history names none rather than a text key.
    let history = text(&query(&root, ".oc-history").unwrap());
    assert!(
        history.contains("1 × Merino beanie") && !history.contains("reason."),
        "{history}"
    );
    button(&root, "Back to my orders").click();
    wait_for("focus on the card of the order opened", || {
        focused_card() == "Order PO-1001"
    })
    .await;
}

/// The text of the focused card's number (the button that opens its order), if one has it.
fn focused_card() -> String {
    document()
        .active_element()
        .filter(|e| e.class_list().contains("oc-card__number"))
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// The selected tab's name.
fn selected_tab(root: &web_sys::Element) -> String {
    query(root, "[role=tab][aria-selected=true]").map_or_else(String::new, |t| text(&t))
}

#[wasm_bindgen_test]
async fn back_from_an_order_the_list_is_as_the_shopper_left_it() {
    let backend = shop();
    let (root, _h) = mount(backend.clone(), paged(1));
    wait_for("orders", || query_all(&root, ".oc-card").len() == 1).await;
    // The second page of "To ship".
    button(&root, "To ship").click();
    wait_for("to ship", || selected_tab(&root) == "To ship").await;
    wait_for("page 1", || {
        !busy(&root) && query_all(&root, ".oc-card").len() == 1
    })
    .await;
    button(&root, "Next page").click();
    wait_for("page 2", || {
        !busy(&root) && text(&root).contains("Previous page")
    })
    .await;
    let number = text(&query(&root, ".oc-card__number").unwrap());
    button(&root, &number).click();
    wait_for("the order", || text(&root).contains("Back to my orders")).await;
    button(&root, "Back to my orders").click();
    wait_for("the card opened, focused", || focused_card() == number).await;
    assert_eq!(selected_tab(&root), "To ship");
    assert!(text(&root).contains("Previous page"), "{}", text(&root));
    // A search, found again with its words in the field.
    search(&root, "beanie");
    wait_for("search", || {
        !busy(&root) && text(&root).contains("PO-1001") && !text(&root).contains("Previous page")
    })
    .await;
    button(&root, "Order PO-1001").click();
    wait_for("the order", || text(&root).contains("Back to my orders")).await;
    button(&root, "Back to my orders").click();
    wait_for("the card opened, focused", || {
        focused_card() == "Order PO-1001"
    })
    .await;
    let field: web_sys::HtmlInputElement =
        query(&root, "input[type=search]").unwrap().unchecked_into();
    assert_eq!(field.value(), "beanie");
    assert_eq!(selected_tab(&root), "To ship");
    assert_eq!(query_all(&root, ".oc-card").len(), 1);
}

#[wasm_bindgen_test]
async fn the_result_takes_the_focus_once_not_again_when_the_order_is_read_again() {
    let backend = shop();
    let (root, _h) = mount(backend.clone(), config());
    open_order(&root, "PO-1001").await;
    // The order read again after the cancellation takes a moment, as a real store's does.
    backend.state.borrow_mut().order_delay_ms = 400;
    button(&root, "Cancel entire order").click();
    wait_for("dialog", || query(&root, "[role=dialog]").is_some()).await;
    button(&query(&root, "[role=dialog]").unwrap(), "Cancel item").click();
    wait_for("focus on the result", || {
        focused_text().starts_with("Cancelled.")
    })
    .await;
    assert!(query(&root, ".oc-history").is_none(), "read again too soon");
    // Meanwhile the shopper moves on with the keyboard (Shift+Tab to "Back to my orders").
    button(&root, "Back to my orders").focus().unwrap();
    wait_for("the order read again", || {
        query(&root, ".oc-history").is_some()
    })
    .await;
    settle().await;
    assert_eq!(
        focused_text(),
        "Back to my orders",
        "the result took the focus back"
    );
    assert!(text(&root).contains("Cancelled."), "the result stays");
}

#[wasm_bindgen_test]
async fn a_first_mount_leaves_the_host_pages_focus_alone() {
    let field: web_sys::HtmlElement = document().create_element("input").unwrap().unchecked_into();
    document().body().unwrap().append_child(&field).unwrap();
    field.focus().unwrap();
    let backend = shop();
    let (root, _h) = mount(
        backend.clone(),
        WidgetConfig {
            initial_order: Some("o1".into()),
            ..config()
        },
    );
    wait_for("the order", || {
        text(&root).contains("Order PO-1001") && query(&root, ".oc-item").is_some()
    })
    .await;
    settle().await;
    assert_eq!(
        document().active_element().as_ref(),
        Some(field.unchecked_ref()),
        "the shopper's field keeps the focus"
    );
    field.remove();
}
