//! The widget's components in a real DOM, in headless Chromium, with the backend swapped
//! for an in-memory one that runs the real policy.
#![cfg(target_arch = "wasm32")]

mod support;

use cancel_policy::{CancellationStatus, ItemState, ParcelRequestStatus, Policy, Preset};
use leptos::prelude::*;
use order_cancel_widget::api::{
    ApiError, ApiFuture, Backend, CancelCall, CancellationResult, ErrorKind, OrdersPage,
    OrdersQuery,
};
use order_cancel_widget::components::Widget;
use order_cancel_widget::config::{Links, TokenSource, WidgetConfig};
use order_cancel_widget::events::HostEvents;
use std::rc::Rc;
use support::document;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn shop() -> FakeBackend {
    let bundle_a = item("b1", "Espresso cup", ItemState::Paid, 900).in_bundle("set");
    let bundle_b = item("b2", "Saucer", ItemState::Paid, 300).in_bundle("set");
    let three = item("q", "Wool socks", ItemState::Paid, 500).with_quantity(3);
    let marketplace = item("m", "Phone case", ItemState::Paid, 1500).sold_by("s2", "Gadget Hub");
    // A merchant's policy: Amazon's, plus cancelling part of a quantity (no seed preset has it).
    FakeBackend::new(
        Policy {
            partial_quantity: true,
            ..Preset::Amazon.policy()
        },
        vec![
            order(
                "o1",
                "PO-1001",
                5,
                vec![
                    item("a", "Merino beanie", ItemState::Paid, 2500),
                    item(
                        "b",
                        "<script>alert(1)</script> Sticker pack",
                        ItemState::Paid,
                        400,
                    ),
                ],
            ),
            order(
                "o2",
                "PO-1002",
                60,
                vec![item("s", "Rain jacket", ItemState::Shipped, 8900)],
            ),
            order(
                "o3",
                "PO-1003",
                10,
                vec![bundle_a, bundle_b, three, marketplace],
            ),
        ],
    )
}

fn config() -> WidgetConfig {
    WidgetConfig {
        links: Links {
            support: Some("https://shop.example/help".into()),
            returns: Some("/returns".into()),
            buy_again: Some("/p/{sku}".into()),
        },
        ..WidgetConfig::new("/api", TokenSource::Fixed("t".into()))
    }
}

/// Mounts the widget with `backend` (the shop, or the shop with its orders answered by
/// [`OrdersBy`]) into a fresh element; the handle keeps it mounted.
fn mount(
    backend: impl Backend + 'static,
    config: WidgetConfig,
) -> (web_sys::HtmlElement, impl Drop) {
    mount_with(backend, config, false)
}

/// [`mount`], the one way every test mounts: with `heard`, the widget's events are dispatched
/// on the element it is mounted into.
fn mount_with(
    backend: impl Backend + 'static,
    config: WidgetConfig,
    heard: bool,
) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let backend: Rc<dyn Backend> = Rc::new(backend);
    let events = match heard {
        true => HostEvents::new(root.clone().into()),
        false => HostEvents::default(),
    };
    let handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <Widget backend=backend config=config events=events /> },
    );
    (root, handle)
}

async fn open_order(root: &web_sys::HtmlElement, number: &str) {
    wait_for("the order list", || text(root).contains(number)).await;
    button(root, number).click();
    wait_for("the order details", || {
        text(root).contains("Back to my orders") && query(root, ".oc-item").is_some()
    })
    .await;
    wait_for("the policy's answers", || {
        text(root).contains("You can cancel") || text(root).contains("In transit")
    })
    .await;
}

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

/// The shop's backend with its orders answered by `orders` (which may delay or fail them).
struct OrdersBy<F> {
    shop: FakeBackend,
    orders: F,
}

impl<F: Fn(&FakeBackend, OrdersQuery) -> ApiFuture<OrdersPage>> Backend for OrdersBy<F> {
    fn policy(&self) -> ApiFuture<Policy> {
        self.shop.policy()
    }
    fn orders(&self, query: OrdersQuery) -> ApiFuture<OrdersPage> {
        (self.orders)(&self.shop, query)
    }
    fn order(&self, id: &str) -> ApiFuture<cancel_policy::Order> {
        Backend::order(&self.shop, id)
    }
    fn cancel(&self, call: &CancelCall) -> ApiFuture<CancellationResult> {
        self.shop.cancel(call)
    }
    fn catalog(&self, tag: &'static str) -> ApiFuture<wasm_bindgen::JsValue> {
        self.shop.catalog(tag)
    }
}

/// `answer`, `ms` milliseconds late.
fn late(ms: u32, answer: ApiFuture<OrdersPage>) -> ApiFuture<OrdersPage> {
    Box::pin(async move {
        order_cancel_widget::api::sleep(ms).await;
        answer.await
    })
}

#[wasm_bindgen_test]
async fn an_empty_search_says_so_only_once_its_answer_is_there() {
    // Searches with "slow" in them answer 400 ms late.
    let orders = |shop: &FakeBackend, query: OrdersQuery| {
        let delay = if query.search.contains("slow") {
            400
        } else {
            0
        };
        late(delay, shop.orders(query))
    };
    let (root, _h) = mount(
        OrdersBy {
            shop: shop(),
            orders,
        },
        config(),
    );
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
    let orders = |shop: &FakeBackend, query: OrdersQuery| {
        let delay = if query.tab == cancel_policy::Tab::All {
            400
        } else {
            0
        };
        late(delay, shop.orders(query))
    };
    let (root, _h) = mount(
        OrdersBy {
            shop: shop(),
            orders,
        },
        config(),
    );
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
    let (root, _h) = mount(
        backend.clone(),
        WidgetConfig {
            page_size: 2,
            ..config()
        },
    );
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
    let (root, _h) = mount(
        backend.clone(),
        WidgetConfig {
            page_size: 1,
            ..config()
        },
    );
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

/// The text of the element that has the keyboard focus.
fn focused_text() -> String {
    document()
        .active_element()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

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
    let (root, _h) = mount(
        backend.clone(),
        WidgetConfig {
            page_size: 1,
            ..config()
        },
    );
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

/// A page, tab or search is on its way.
fn busy(root: &web_sys::Element) -> bool {
    query(root, ".oc-list--busy").is_some() || query(root, ".oc-progress").is_some()
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

/// Confirms the cancellation of the whole of PO-1001 in its dialog.
async fn cancel_whole_order(root: &web_sys::HtmlElement) {
    open_order(root, "PO-1001").await;
    button(root, "Cancel entire order").click();
    wait_for("dialog", || query(root, "[role=dialog]").is_some()).await;
    button(&query(root, "[role=dialog]").unwrap(), "Cancel item").click();
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

// ---- What the shopper reads and can do: actions named by what they do, the order's money,
// what was cancelled (issue 27). ----

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

fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(l, a)| (l.to_string(), a.to_string()))
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

// ---- Refunds: where each one stands, on the card, in the history and the result ----

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

/// The text of the refund line in the history entry for `title`.
fn refund_line(root: &web_sys::HtmlElement, title: &str) -> String {
    query_all(root, ".oc-history__entry")
        .into_iter()
        .find(|e| text(e).contains(title))
        .and_then(|e| query(&e, ".oc-refund"))
        .map(|line| text(&line))
        .unwrap_or_else(|| panic!("no refund line for {title} in: {}", text(root)))
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

/// Tells the widget the page became visible again, as the browser does when the shopper
/// comes back to the tab.
fn page_shown_again() {
    let event = web_sys::Event::new_with_event_init_dict("visibilitychange", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    document().dispatch_event(&event).unwrap();
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

// ---- Parcels on their way: interception and refusal ----

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
