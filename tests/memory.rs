//! Mounting and unmounting leaks nothing: alone in its own wasm instance, so no other test's
//! allocations blur the measurement.
#![cfg(target_arch = "wasm32")]

mod support;

use cancel_policy::{ItemState, Preset};
use order_cancel_widget::mount;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
// Answers every call at once with the policy or one page of orders.
export function serve(policy, orders) {
  window.fetch = async (input) => {
    const url = new URL(input instanceof Request ? input.url : input, location.href);
    const body = url.pathname.endsWith('/policy') ? policy : { orders, next_cursor: null };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}
"#)]
extern "C" {
    fn serve(policy: JsValue, orders: JsValue);
}

fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

fn wasm_bytes() -> u32 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length()
}

#[wasm_bindgen_test]
async fn mount_unmount_cycles_do_not_grow_memory() {
    let orders: Vec<_> = (0..10)
        .map(|n| support::order(&format!("o{n}"), &format!("PO-{n}"), 5, vec![support::item("a", "Shirt", ItemState::Paid, 1000)]))
        .collect();
    serve(to_js(&Preset::Temu.policy()), to_js(&orders));
    let host = support::container();
    let config = js_sys::Object::new();
    js_sys::Reflect::set(&config, &"backendUrl".into(), &"/api".into()).unwrap();
    js_sys::Reflect::set(&config, &"token".into(), &"t".into()).unwrap();
    let cycle = |n: usize| {
        for _ in 0..n {
            let mut handle = mount(host.clone(), config.clone().into()).unwrap();
            handle.unmount();
        }
    };
    // Linear memory never shrinks: after a warm-up sets the allocator's high-water mark,
    // any leak shows as growth.
    cycle(100);
    order_cancel_widget::api::sleep(300).await; // let the abandoned loads finish
    let before = wasm_bytes();
    for _ in 0..3 {
        cycle(100);
        order_cancel_widget::api::sleep(300).await;
        assert_eq!(wasm_bytes(), before, "mount/unmount cycles grew wasm memory");
    }
    // And a widget that did load still unmounts cleanly.
    let mut handle = mount(host.clone(), config.into()).unwrap();
    support::wait_for("orders", || host.shadow_root().unwrap().text_content().unwrap_or_default().contains("PO-9")).await;
    handle.unmount();
    assert_eq!(host.shadow_root().unwrap().child_element_count(), 0);
}
