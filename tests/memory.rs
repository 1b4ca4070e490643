//! Mounting and unmounting leaks nothing: alone in its own wasm instance, so no other test's
//! allocations blur the measurement.
#![cfg(target_arch = "wasm32")]

mod support;

use cancel_policy::{ItemState, Preset};
use order_cancel_widget::mount;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
// Answers every call at once with the policy or one page of orders, and the widget's own
// files, its catalogs (tag -> the parsed file of locales/), with themselves.
export function serve(policy, orders, catalogs) {
  window.fetch = async (input) => {
    const url = new URL(input instanceof Request ? input.url : input, location.href);
    const catalog = url.pathname.match(/\/locales\/([^/]+)\.json$/);
    const body = catalog ? catalogs[catalog[1]] : url.pathname.endsWith('/policy') ? policy : { orders, next_cursor: null };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}
"#)]
extern "C" {
    fn serve(policy: JsValue, orders: JsValue, catalogs: JsValue);
}

#[wasm_bindgen(inline_js = r#"
// Collects garbage when Chromium runs with --js-flags=--expose-gc (webdriver.json): Rust
// closures handed to JavaScript (timers) are freed only once their JS function is collected.
export function collect_garbage() { if (typeof gc === 'function') { gc(); return true; } return false; }
"#)]
extern "C" {
    fn collect_garbage() -> bool;
}

/// Collects garbage and lets the finalisers that free Rust memory run.
async fn settle_memory() {
    assert!(
        collect_garbage(),
        "Chromium must run with --js-flags=--expose-gc (webdriver.json)"
    );
    order_cancel_widget::api::sleep(300).await;
    collect_garbage();
    order_cancel_widget::api::sleep(100).await;
}

fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}

/// Counts the bytes the program holds: every allocation minus every free, to the byte
/// (wasm memory itself only grows in 64 KiB pages and never shrinks, so it hides small leaks).
struct Counting;

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE_BYTES.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_bytes() -> isize {
    LIVE_BYTES.load(Ordering::Relaxed)
}

#[wasm_bindgen_test]
async fn mount_unmount_cycles_do_not_grow_memory() {
    let orders: Vec<_> = (0..10)
        .map(|n| {
            support::order(
                &format!("o{n}"),
                &format!("PO-{n}"),
                5,
                vec![support::item("a", "Shirt", ItemState::Paid, 1000)],
            )
        })
        .collect();
    serve(
        to_js(&Preset::Temu.policy()),
        to_js(&orders),
        support::catalogs_object(),
    );
    let host = support::container();
    let config = js_sys::Object::new();
    js_sys::Reflect::set(&config, &"backendUrl".into(), &"/api".into()).unwrap();
    js_sys::Reflect::set(&config, &"token".into(), &"t".into()).unwrap();
    assert_cycles_hold_nothing(&host, &config).await;
    // The same for a widget that opens on one order's details.
    let details = js_sys::Object::assign(&js_sys::Object::new(), &config);
    js_sys::Reflect::set(&details, &"initialOrder".into(), &"o1".into()).unwrap();
    assert_cycles_hold_nothing(&host, &details).await;
    // And a widget that did load still unmounts cleanly.
    let mut handle = mount(host.clone(), config.into()).unwrap();
    support::wait_for("orders", || {
        host.shadow_root()
            .unwrap()
            .text_content()
            .unwrap_or_default()
            .contains("PO-9")
    })
    .await;
    handle.unmount();
    assert_eq!(host.shadow_root().unwrap().child_element_count(), 0);
}

/// A slot rebuilt again and again, as the countdown in an item's guidance is every second
/// while the details are open, holds nothing more for it: each build's effects and owner go.
#[wasm_bindgen_test]
async fn a_slot_rebuilt_every_tick_holds_nothing_more() {
    use leptos::prelude::*;
    use order_cancel_widget::dom::{p, span};
    let owner = Owner::new();
    let tick = owner.with(|| RwSignal::new(0u32));
    let shown = owner.with(|| {
        p("").slot(
            move || tick.get(),
            |n| {
                vec![span("")
                    .text_with(move || format!("{n} s left"))
                    .on_click(|_| ())
                    .into()]
            },
        )
    });
    support::container().append_child(&shown.element()).unwrap();
    let ticks = |n: u32| async move {
        for _ in 0..n {
            tick.update(|t| *t += 1);
            leptos::task::tick().await;
        }
    };
    ticks(100).await;
    settle_memory().await;
    let before = live_bytes();
    ticks(400).await;
    settle_memory().await;
    let grown = live_bytes() - before;
    assert!(
        grown <= 256,
        "400 rebuilds of a slot hold {grown} bytes more"
    );
    assert_eq!(
        shown.element().text_content().as_deref(),
        Some("500 s left")
    );
    owner.cleanup();
}

/// Mounts and unmounts the widget with `config` 100 times to warm up, then 400 more: these
/// may hold no more than 256 bytes in all (what a growing slab's capacity doubling costs).
/// Without collecting garbage, the timer closures alone held 12 bytes a cycle.
async fn assert_cycles_hold_nothing(host: &web_sys::HtmlElement, config: &js_sys::Object) {
    let cycle = |n: usize| {
        for _ in 0..n {
            let mut handle = mount(host.clone(), config.clone().into()).unwrap();
            handle.unmount();
        }
    };
    // The warm-up fills what is allocated once (interned strings, arenas' first slots).
    cycle(100);
    settle_memory().await; // and let the abandoned loads finish
    let before = live_bytes();
    for round in 1..=4 {
        cycle(100);
        settle_memory().await;
        let grown = live_bytes() - before;
        assert!(
            grown <= 256,
            "after {round}00 mount/unmount cycles the widget holds {grown} bytes more"
        );
    }
}
