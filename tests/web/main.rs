//! The widget's components in a real DOM, in headless Chromium, with the backend swapped
//! for an in-memory one that runs the real policy.
#![cfg(target_arch = "wasm32")]

mod details;
mod focus;
mod list;
mod money;
mod parcels;
mod refunds;
mod submit;
#[path = "../support/mod.rs"]
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

/// [`config`] with `size` orders to a page.
fn paged(size: u32) -> WidgetConfig {
    WidgetConfig {
        page_size: size,
        ..config()
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

/// The shop with the pages of orders that `slow` picks answered 400 ms late.
fn slow_when(slow: fn(&OrdersQuery) -> bool) -> impl Backend + 'static {
    OrdersBy {
        shop: shop(),
        orders: move |shop: &FakeBackend, query: OrdersQuery| {
            let delay = if slow(&query) { 400 } else { 0 };
            late(delay, shop.orders(query))
        },
    }
}

/// `answer`, `ms` milliseconds late.
fn late(ms: u32, answer: ApiFuture<OrdersPage>) -> ApiFuture<OrdersPage> {
    Box::pin(async move {
        order_cancel_widget::api::sleep(ms).await;
        answer.await
    })
}

/// The text of the element that has the keyboard focus.
fn focused_text() -> String {
    document()
        .active_element()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// A page, tab or search is on its way.
fn busy(root: &web_sys::Element) -> bool {
    query(root, ".oc-list--busy").is_some() || query(root, ".oc-progress").is_some()
}

/// Confirms the cancellation of the whole of PO-1001 in its dialog.
async fn cancel_whole_order(root: &web_sys::HtmlElement) {
    open_order(root, "PO-1001").await;
    button(root, "Cancel entire order").click();
    wait_for("dialog", || query(root, "[role=dialog]").is_some()).await;
    button(&query(root, "[role=dialog]").unwrap(), "Cancel item").click();
}

fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(l, a)| (l.to_string(), a.to_string()))
        .collect()
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
