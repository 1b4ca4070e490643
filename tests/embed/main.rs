//! The embedding surface in headless Chromium: `mount()`, `<order-cancel-widget>`, the
//! shadow root's style isolation, events reaching the host page, config errors — and the real
//! HTTP client against a stubbed `fetch` (headers, retries, problem+json).
#![cfg(target_arch = "wasm32")]

mod config_errors;
mod language;
#[path = "../support/mod.rs"]
mod support;

use cancel_policy::{ItemState, Preset};
use order_cancel_widget::{mount, WidgetHandle};
use support::{
    button, catalogs_object, container, document, item, order, query, query_all, settle, text,
    wait_for,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
// A fetch stand-in for the contract: serves the policy and orders, records every request,
// and can fail the first N cancellation posts with a given status. The widget's own files,
// its text catalogs (`catalogs`: tag -> the parsed file of locales/), are served unrecorded.
export function install_fetch(policy, orders, failFirst, failStatus, catalogs) {
  const calls = [];
  let failures = failFirst;
  const json = (status, body, type = 'application/json') =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
  window.fetch = async (input, init = {}) => {
    // gloo-net hands over a Request object; plain calls pass (url, init).
    const request = input instanceof Request ? input : new Request(new URL(input, location.href), init);
    const url = new URL(request.url);
    const catalog = url.pathname.match(/\/locales\/([^/]+)\.json$/);
    if (catalog) return catalogs[catalog[1]] ? json(200, catalogs[catalog[1]]) : json(404, {});
    const headers = request.headers;
    const body = request.method === 'POST' ? await request.text() : null;
    const call = { method: request.method, path: url.pathname, search: url.search,
      auth: headers.get('authorization'), key: headers.get('idempotency-key'),
      ifMatch: headers.get('if-match'), expect: headers.get('expect-outcome'),
      language: headers.get('accept-language'), body };
    calls.push(call);
    if (url.pathname.endsWith('/v1/policy')) return json(200, policy);
    if (url.pathname.endsWith('/v1/orders')) return json(200, { orders, next_cursor: null });
    const cancel = url.pathname.match(/\/v1\/orders\/([^/]+)\/cancellations$/);
    if (cancel) {
      if (failures > 0) {
        failures -= 1;
        return new Response(JSON.stringify({ code: 'unavailable', title: 'busy', status: failStatus }),
          { status: failStatus, headers: { 'content-type': 'application/problem+json', 'retry-after': '0' } });
      }
      const order = structuredClone(orders.find((o) => o.id === cancel[1]));
      const request = JSON.parse(body);
      const line = order.items.find((i) => i.id === request.items[0].item_id);
      line.cancelled_quantity = line.quantity; line.state = 'cancelled'; order.version += 1;
      const unit = line.unit_price.amount;
      const cancellation = { id: 'c1', status: 'completed', items: request.items, reason_code: request.reason_code,
        refund: { amount: unit, currency: 'EUR' }, refund_destination: 'original_payment',
        created_at: '2026-11-24T09:12:00Z', decided_at: '2026-11-24T09:12:00Z' };
      order.cancellations = [cancellation];
      return json(201, { cancellations: [cancellation], order });
    }
    const one = url.pathname.match(/\/v1\/orders\/([^/]+)$/);
    if (one) {
      const found = orders.find((o) => o.id === one[1]);
      return found ? json(200, found) : json(404, { code: 'not_found', title: 'Not found', status: 404 }, 'application/problem+json');
    }
    return json(404, { code: 'not_found', status: 404 }, 'application/problem+json');
  };
  return calls;
}

export function config(extra) {
  return Object.assign({ backendUrl: '/api', token: 'secret-token' }, extra);
}
"#)]
extern "C" {
    fn install_fetch(
        policy: JsValue,
        orders: JsValue,
        fail_first: u32,
        fail_status: u16,
        catalogs: JsValue,
    ) -> js_sys::Array;
    fn config(extra: JsValue) -> JsValue;
}

fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}

fn stub(fail_first: u32, fail_status: u16) -> js_sys::Array {
    let orders = vec![order(
        "o1",
        "PO-2001",
        5,
        vec![item("a", "Linen shirt", ItemState::Paid, 3900)],
    )];
    install_fetch(
        to_js(&Preset::Temu.policy()),
        to_js(&orders),
        fail_first,
        fail_status,
        catalogs_object(),
    )
}

fn shadow(host: &web_sys::HtmlElement) -> web_sys::Element {
    host.shadow_root()
        .expect("a shadow root")
        .first_element_child()
        .expect("the widget's root")
}

fn get(call: &JsValue, field: &str) -> JsValue {
    js_sys::Reflect::get(call, &field.into()).unwrap()
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        js_sys::Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

#[wasm_bindgen_test]
async fn mount_renders_in_a_shadow_root_and_unmount_leaves_nothing() {
    stub(0, 0);
    let host = container();
    let mut handle = mount(host.clone(), config(JsValue::UNDEFINED)).unwrap();
    wait_for("orders", || text(&shadow(&host)).contains("PO-2001")).await;
    assert_eq!(
        host.child_element_count(),
        0,
        "nothing is added to the light DOM"
    );
    handle.unmount();
    settle().await;
    assert_eq!(host.shadow_root().unwrap().child_element_count(), 0);
    // Mount and unmount many times: nothing accumulates in the DOM (tests/memory.rs checks
    // wasm memory, alone in its own instance).
    for _ in 0..100 {
        let mut h = mount(host.clone(), config(JsValue::UNDEFINED)).unwrap();
        h.unmount();
    }
    assert_eq!(host.shadow_root().unwrap().child_element_count(), 0);
    assert_eq!(host.child_element_count(), 0);
}

#[wasm_bindgen_test]
async fn host_page_css_does_not_reach_inside_and_theme_tokens_do() {
    stub(0, 0);
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(
        "button { background: rgb(255, 0, 0) !important; } .oc-card { display: none !important; }",
    ));
    document().head().unwrap().append_child(&style).unwrap();
    let host = container();
    // A Map works as well as an object.
    let theme = js_sys::Map::new();
    theme.set(&"accent".into(), &"rgb(0, 128, 0)".into());
    let _h = mount(host.clone(), config(obj(&[("theme", theme.into())]))).unwrap();
    wait_for("orders", || text(&shadow(&host)).contains("PO-2001")).await;
    let window = web_sys::window().unwrap();
    let card = query(&shadow(&host), ".oc-card").unwrap();
    assert_eq!(
        window
            .get_computed_style(&card)
            .unwrap()
            .unwrap()
            .get_property_value("display")
            .unwrap(),
        "grid"
    );
    let selected_tab = query(&shadow(&host), ".oc-tab[aria-selected=true]").unwrap();
    let css = window.get_computed_style(&selected_tab).unwrap().unwrap();
    assert_ne!(
        css.get_property_value("background-color").unwrap(),
        "rgb(255, 0, 0)"
    );
    assert_eq!(
        css.get_property_value("border-bottom-color").unwrap(),
        "rgb(0, 128, 0)",
        "theme token applied"
    );
    style.remove();
}

#[wasm_bindgen_test]
async fn two_instances_live_side_by_side() {
    stub(0, 0);
    let (a, b) = (container(), container());
    let _ha = mount(a.clone(), config(JsValue::UNDEFINED)).unwrap();
    let _hb = mount(b.clone(), config(obj(&[("locale", "de".into())]))).unwrap();
    wait_for("both", || {
        text(&shadow(&a)).contains("My orders") && text(&shadow(&b)).contains("Meine Bestellungen")
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_custom_element_mounts_from_attributes_and_cleans_up_on_removal() {
    stub(0, 0);
    let el = element_showing_orders(&[("locale", "de")]).await;
    assert!(text(&shadow(&el)).contains("Meine Bestellungen"));
    el.remove();
    settle().await;
    assert_eq!(
        el.shadow_root().unwrap().child_element_count(),
        0,
        "removal unmounts"
    );
}

#[wasm_bindgen_test]
async fn events_reach_the_host_and_the_client_sends_the_contract_headers_and_retries() {
    let calls = stub(1, 503); // the first post fails with 503 + Retry-After: 0
    let heard = js_sys::Array::new();
    let listener = {
        let heard = heard.clone();
        Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            heard.push(&obj(&[("type", e.type_().into()), ("detail", e.detail())]));
        })
    };
    for name in ["submitted", "completed", "failed"] {
        document()
            .add_event_listener_with_callback(
                &format!("order-cancel:{name}"),
                listener.as_ref().unchecked_ref(),
            )
            .unwrap();
    }
    let host = container();
    let token_fn = js_sys::Function::new_no_args("return Promise.resolve('from-provider')");
    let _h = mount(host.clone(), config(obj(&[("token", token_fn.into())]))).unwrap();
    let root = || shadow(&host);
    wait_for("orders", || text(&root()).contains("PO-2001")).await;
    button(&root(), "PO-2001").click();
    // The list's own "Cancel items" would match "Cancel item": wait for the details screen.
    wait_for("details", || text(&root()).contains("Back to my orders")).await;
    button(&root(), "Cancel item").click();
    wait_for("dialog", || query(&root(), "[role=dialog]").is_some()).await;
    support::choose(
        &query(&root(), "[role=dialog] select").unwrap(),
        "changed_mind",
    );
    button(&query(&root(), "[role=dialog]").unwrap(), "Cancel item").click();
    wait_for("done", || text(&root()).contains("Cancelled. €39.00")).await;

    let posts: Vec<JsValue> = calls
        .iter()
        .filter(|c| get(c, "method") == "POST")
        .collect();
    assert_eq!(posts.len(), 2, "one retry after the 503");
    assert_eq!(
        get(&posts[0], "key"),
        get(&posts[1], "key"),
        "the retry reuses the Idempotency-Key"
    );
    assert_eq!(get(&posts[0], "ifMatch"), "\"1\"");
    assert_eq!(get(&posts[0], "expect"), "cancel_now");
    // The store's emails about it are written in the widget's language.
    assert_eq!(get(&posts[0], "language"), "en");
    assert_eq!(get(&posts[0], "auth"), "Bearer from-provider");
    let body: js_sys::JsString = get(&posts[0], "body").unchecked_into();
    assert!(String::from(body).contains("\"reason_code\":\"changed_mind\""));
    let types: Vec<String> = heard
        .iter()
        .map(|e| get(&e, "type").as_string().unwrap())
        .collect();
    assert_eq!(types, ["order-cancel:submitted", "order-cancel:completed"]);
    let submitted = get(&heard.get(0), "detail");
    assert_eq!(
        get(&get(&submitted, "refund"), "amount"),
        3900,
        "the quote travels with submitted"
    );
    assert_eq!(get(&submitted, "reasonCode"), "changed_mind");
    let detail = get(&heard.get(1), "detail");
    assert_eq!(get(&detail, "orderNumber"), "PO-2001");
    assert_eq!(get(&get(&detail, "refund"), "amount"), 3900);
    let items: js_sys::Array = get(&detail, "items").unchecked_into();
    assert_eq!(get(&items.get(0), "itemId"), "a");
    // After the answer the widget reloads the order, so every button is decided afresh.
    let paths: Vec<String> = calls
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                get(&c, "method").as_string().unwrap(),
                get(&c, "path").as_string().unwrap()
            )
        })
        .collect();
    let post_at = paths.iter().rposition(|p| p.starts_with("POST")).unwrap();
    wait_for("a reload", || {
        calls.iter().skip(post_at + 1).any(|c| {
            get(&c, "path")
                .as_string()
                .unwrap()
                .ends_with("/v1/orders/o1")
        })
    })
    .await;
}

/// An `<order-cancel-widget>` on the page with the stub's backend and token and `attributes`,
/// once it shows the stub's order (the module's start function, which defines the element in
/// a real page, does not run in the test harness).
async fn element_showing_orders(attributes: &[(&str, &str)]) -> web_sys::HtmlElement {
    order_cancel_widget::embed::define_custom_element();
    let el: web_sys::HtmlElement = document()
        .create_element(order_cancel_widget::embed::TAG)
        .unwrap()
        .unchecked_into();
    el.set_attribute("backend-url", "/api").unwrap();
    el.set_attribute("token", "attr-token").unwrap();
    for (name, value) in attributes {
        el.set_attribute(name, value).unwrap();
    }
    document().body().unwrap().append_child(&el).unwrap();
    wait_for("the element shows the orders", || {
        el.shadow_root()
            .is_some_and(|r| r.text_content().unwrap_or_default().contains("PO-2001"))
    })
    .await;
    el
}
