//! The list: tabs, search, late answers, paging and a failed load.

use super::*;

#[wasm_bindgen_test]
async fn lists_orders_with_status_total_and_cancel_shortcut() {
    let backend = shop();
    let (root, _h) = mount(backend.clone(), config());
    // A wait at once, while the texts come (no words to say it with yet).
    assert!(
        query(&root, ".oc-spinner").is_some(),
        "progress first: {}",
        root.inner_html()
    );
    wait_for("orders", || text(&root).contains("PO-1001")).await;
    assert_eq!(
        backend.state.borrow().catalogs_fetched,
        ["en"],
        "one catalog, its own"
    );
    let cards = query_all(&root, ".oc-card");
    assert_eq!(cards.len(), 3);
    assert!(text(&cards[0]).contains("€29.00"), "{}", text(&cards[0]));
    assert!(text(&cards[0]).contains("To ship"));
    wait_for("cancel shortcuts", || {
        query_all(&root, ".oc-card__side button").len() == 2
    })
    .await;
    // The shipped order has nothing to cancel, so no shortcut.
    assert!(query(&cards[1], ".oc-card__side button").is_none());
}

#[wasm_bindgen_test]
async fn tabs_and_search_filter_the_list() {
    let backend = shop();
    let (root, _h) = mount(backend.clone(), config());
    wait_for("orders", || text(&root).contains("PO-1001")).await;
    button(&root, "Shipped").click();
    wait_for("shipped tab", || {
        query_all(&root, ".oc-card").len() == 1 && text(&root).contains("PO-1002")
    })
    .await;
    button(&root, "All").click();
    wait_for("all tab", || query_all(&root, ".oc-card").len() == 3).await;
    search(&root, "beanie");
    wait_for("search", || {
        query_all(&root, ".oc-card").len() == 1 && text(&root).contains("PO-1001")
    })
    .await;
    search(&root, "nothing-like-this");
    wait_for("empty search", || {
        text(&root).contains("No orders match “nothing-like-this”")
    })
    .await;
    // A second search that finds nothing names its own words, not the first one's.
    search(&root, "still nothing");
    wait_for("second empty search", || {
        text(&root).contains("No orders match “still nothing”")
    })
    .await;
}

#[wasm_bindgen_test]
async fn an_empty_search_says_so_only_once_its_answer_is_there() {
    // Searches with "slow" in them answer 400 ms late.
    let (root, _h) = mount(slow_when(|q| q.search.contains("slow")), config());
    wait_for("orders", || text(&root).contains("PO-1001")).await;
    search(&root, "nothing-like-this");
    wait_for("the first empty search", || {
        text(&root).contains("No orders match “nothing-like-this”")
    })
    .await;
    search(&root, "slow nothing");
    settle().await;
    assert!(
        !text(&root).contains("No orders match “slow nothing”"),
        "said before the answer: {}",
        text(&root)
    );
    // Meanwhile the shopper sees that it is on its way, over what it replaces.
    // It shows at the top, where the search was asked, and one status line reads it out.
    let statuses = || {
        query_all(&root, "[role=status]")
            .iter()
            .map(|s| text(s))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        query(&root, ".oc-list__wait .oc-wait")
            .map(|w| text(&w))
            .as_deref(),
        Some("Loading your orders…")
    );
    assert!(
        query(&root, ".oc-pager__wait").is_none(),
        "the wait also shows by the pager"
    );
    assert_eq!(statuses(), vec!["Loading your orders…".to_string()]);
    assert!(
        query(&root, ".oc-list--busy").is_some(),
        "the page being replaced is marked busy"
    );
    wait_for("the second empty search", || {
        text(&root).contains("No orders match “slow nothing”")
    })
    .await;
    assert!(
        query(&root, ".oc-wait").is_none() && query(&root, ".oc-list--busy").is_none(),
        "the wait stays"
    );
    assert!(
        statuses().is_empty(),
        "the status still says {:?}",
        statuses()
    );
}

#[wasm_bindgen_test]
async fn a_slow_answer_for_an_earlier_tab_does_not_replace_the_tab_chosen_since() {
    // The "All" tab answers 400 ms late.
    let (root, _h) = mount(slow_when(|q| q.tab == cancel_policy::Tab::All), config());
    // "All" is still loading when the shopper picks "Shipped", which answers at once.
    wait_for("the tabs", || text(&root).contains("Shipped")).await;
    settle().await; // the request for "All" is on its way
    assert!(
        text(&root).contains("Loading your orders"),
        "{}",
        text(&root)
    );
    button(&root, "Shipped").click();
    wait_for("shipped tab", || {
        query_all(&root, ".oc-card").len() == 1 && text(&root).contains("PO-1002")
    })
    .await;
    order_cancel_widget::api::sleep(600).await;
    settle().await;
    let cards = query_all(&root, ".oc-card");
    assert_eq!(
        cards.len(),
        1,
        "the late answer for All replaced Shipped: {}",
        text(&root)
    );
    assert!(text(&cards[0]).contains("PO-1002"));
}

#[wasm_bindgen_test]
async fn retry_after_a_failed_load_shows_the_wait_then_the_orders() {
    // The first orders request fails; later ones take 300 ms.
    let calls = std::cell::Cell::new(0);
    let orders = move |shop: &FakeBackend, query: OrdersQuery| -> ApiFuture<OrdersPage> {
        calls.set(calls.get() + 1);
        if calls.get() == 1 {
            return Box::pin(async {
                Err(ApiError::new(ErrorKind::Network, "network", "offline"))
            });
        }
        late(300, shop.orders(query))
    };
    let (root, _h) = mount(
        OrdersBy {
            shop: shop(),
            orders,
        },
        config(),
    );
    wait_for("the failure", || {
        text(&root).contains("We could not reach the store")
    })
    .await;
    button(&root, "Retry").click();
    wait_for("the wait", || text(&root).contains("Loading your orders")).await;
    assert!(
        !text(&root).contains("We could not reach the store"),
        "the old error stays: {}",
        text(&root)
    );
    wait_for("the orders", || text(&root).contains("PO-1001")).await;
}

#[wasm_bindgen_test]
async fn pages_through_orders_with_the_cursor() {
    let backend = shop();
    let (root, _h) = mount(backend.clone(), paged(2));
    wait_for("page 1", || query_all(&root, ".oc-card").len() == 2).await;
    button(&root, "Next page").click();
    wait_for("page 2", || {
        query_all(&root, ".oc-card").len() == 1 && text(&root).contains("PO-1003")
    })
    .await;
    button(&root, "Previous page").click();
    wait_for("page 1 again", || {
        text(&root).contains("PO-1001") && !text(&root).contains("Previous page")
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_page_buttons_keep_the_keyboard_focus_while_paging() {
    // The host page's focus is nowhere in particular (on <body>): a first mount leaves it.
    if let Some(active) = document().active_element() {
        active
            .unchecked_into::<web_sys::HtmlElement>()
            .blur()
            .unwrap();
    }
    let backend = shop();
    let (root, _h) = mount(backend.clone(), paged(1));
    wait_for("page 1", || {
        text(&root).contains("PO-1001") && text(&root).contains("Next page")
    })
    .await;
    settle().await;
    assert_eq!(
        document().active_element(),
        document().body().map(Into::into),
        "the first page took the focus"
    );
    let next = button(&root, "Next page");
    next.focus().unwrap();
    next.click();
    wait_for("page 2", || {
        text(&root).contains("PO-1002") && text(&root).contains("Previous page")
    })
    .await;
    settle().await;
    assert_eq!(
        document().active_element().as_ref(),
        Some(next.unchecked_ref()),
        "Next keeps the focus on a middle page"
    );
    next.click();
    wait_for("page 3", || {
        text(&root).contains("PO-1003") && !text(&root).contains("Next page")
    })
    .await;
    settle().await;
    assert_eq!(
        focused_text(),
        "Previous page",
        "the last page: Previous takes the focus from the Next that went"
    );
    button(&root, "Previous page").click();
    button(&root, "Previous page").click();
    wait_for("page 1 again", || {
        text(&root).contains("PO-1001") && !text(&root).contains("Previous page")
    })
    .await;
    settle().await;
    assert_eq!(focused_text(), "Next page");
    // A double click turns one page: the second comes while the next page loads.
    let next = button(&root, "Next page");
    next.click();
    next.click();
    wait_for("page 2", || text(&root).contains("PO-1002")).await;
    order_cancel_widget::api::sleep(100).await;
    settle().await;
    assert_eq!(query_all(&root, ".oc-card").len(), 1);
    assert!(
        !text(&root).contains("PO-1003"),
        "a double click turned two pages: {}",
        text(&root)
    );
    button(&root, "Previous page").click();
    wait_for("one Previous back to page 1", || {
        text(&root).contains("PO-1001") && !text(&root).contains("Previous page")
    })
    .await;
}
