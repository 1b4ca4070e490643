//! Backends and pages the widget was not designed with: one that never answers, one that
//! answers garbage, one that fails every call, and a page script that sets `config` before
//! the element is defined. The shopper reads words, once, in time.
#![cfg(target_arch = "wasm32")]

mod support;

use cancel_policy::Preset;
use serde::Serialize;
use support::{container, query_all, text, wait_for};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
// behaviour: 'hang' (never answers, but honours the abort signal), 'garbage' (200 with a
// JSON string where objects belong), 'fail' (500 with an HTML page), or 'ok'. It is the
// store's API that misbehaves: the widget's own files, its catalogs, are served.
export function serve(behaviour, policy, catalogs) {
  const calls = [];
  window.fetch = (input, init = {}) => {
    const request = input instanceof Request ? input : new Request(new URL(input, location.href), init);
    const catalog = new URL(request.url).pathname.match(/\/locales\/([^/]+)\.json$/);
    if (catalog) return Promise.resolve(new Response(JSON.stringify(catalogs[catalog[1]]), { status: 200 }));
    calls.push(new URL(request.url).pathname);
    const signal = request.signal;
    if (behaviour === 'hang') {
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    }
    if (behaviour === 'garbage') {
      return Promise.resolve(new Response('"all good"', { status: 200, headers: { 'content-type': 'application/json' } }));
    }
    if (behaviour === 'fail') {
      return Promise.resolve(new Response('<html><body>Bad gateway</body></html>', { status: 500, headers: { 'content-type': 'text/html' } }));
    }
    const body = new URL(request.url).pathname.endsWith('/policy') ? policy : { orders: [], next_cursor: null };
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
  };
  return calls;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = serve)]
    fn serve_js(behaviour: &str, policy: JsValue, catalogs: JsValue) -> js_sys::Array;
}

/// Makes the store's API behave as `behaviour` says.
fn serve(behaviour: &str, policy: JsValue) -> js_sys::Array {
    serve_js(behaviour, policy, support::catalogs_object())
}

fn policy() -> JsValue {
    Preset::Temu
        .policy()
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}

fn config() -> JsValue {
    let config = js_sys::Object::new();
    js_sys::Reflect::set(&config, &"backendUrl".into(), &"/api".into()).unwrap();
    js_sys::Reflect::set(&config, &"token".into(), &"t".into()).unwrap();
    config.into()
}

fn shadow_text(host: &web_sys::HtmlElement) -> String {
    host.shadow_root()
        .and_then(|r| r.text_content())
        .unwrap_or_default()
}

/// What a shopper must never read.
fn assert_no_exception_names(shown: &str) {
    for name in [
        "TimeoutError",
        "TypeError",
        "Reflect",
        "AbortError",
        "signal",
        "undefined",
        "null",
    ] {
        assert!(!shown.contains(name), "the shopper reads {name:?}: {shown}");
    }
}

/// The widget's alerts, each with its Retry buttons.
fn alerts(host: &web_sys::HtmlElement) -> Vec<(String, usize)> {
    let root = host.shadow_root().unwrap();
    let list = root.query_selector_all(".oc-alert").unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into::<web_sys::Element>())
        .map(|alert| {
            let retries = query_all(&alert, "button")
                .iter()
                .filter(|b| text(b) == "Retry")
                .count();
            (text(&alert), retries)
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_backend_that_never_answers_is_explained_within_15_seconds_with_the_wait_visible() {
    serve("hang", policy());
    let host = container();
    let started = js_sys::Date::now();
    let _h = order_cancel_widget::mount(host.clone(), config()).unwrap();
    wait_for("the wait", || shadow_text(&host).contains("Loading")).await;
    wait_for("the slow note", || {
        shadow_text(&host).contains("Still trying")
    })
    .await;
    wait_for("the explanation", || {
        shadow_text(&host).contains("did not answer in time")
    })
    .await;
    let waited = js_sys::Date::now() - started;
    assert!(waited < 16_500.0, "the shopper waited {waited} ms");
    assert_eq!(alerts(&host).len(), 1, "one message: {:?}", alerts(&host));
    assert_eq!(alerts(&host)[0].1, 1, "one Retry");
    assert_no_exception_names(&shadow_text(&host));
}

#[wasm_bindgen_test]
async fn a_garbage_answer_is_one_message_in_words() {
    serve("garbage", policy());
    let host = container();
    let _h = order_cancel_widget::mount(host.clone(), config()).unwrap();
    wait_for("the explanation", || {
        shadow_text(&host).contains("could not read")
    })
    .await;
    support::settle().await;
    let shown = alerts(&host);
    assert_eq!(shown.len(), 1, "one message: {shown:?}");
    assert_eq!(shown[0].1, 1, "one Retry");
    assert_eq!(
        shown[0].0,
        "We could not load this. The store sent an answer we could not read. Retry"
    );
    assert_no_exception_names(&shadow_text(&host));
}

#[wasm_bindgen_test]
async fn a_failing_backend_is_one_message_and_retry_recovers() {
    let calls = serve("fail", policy());
    let host = container();
    let _h = order_cancel_widget::mount(host.clone(), config()).unwrap();
    wait_for("the explanation", || {
        shadow_text(&host).contains("error 500")
    })
    .await;
    support::settle().await;
    assert_eq!(alerts(&host).len(), 1, "one message: {:?}", alerts(&host));
    assert!(calls.length() >= 1);
    // Retry while the store still fails: a wait, then the same one message; only the policy
    // is asked again, no screen flashes up to ask for its orders meanwhile.
    let calls = serve("fail", policy());
    let widget: web_sys::Element = host
        .shadow_root()
        .unwrap()
        .query_selector(".oc-widget")
        .unwrap()
        .unwrap();
    support::button(&widget, "Retry").click();
    // The store's 500s are retried with a backoff: the wait shows meanwhile, no message.
    wait_for("the wait", || {
        shadow_text(&host).contains("Loading your orders") && alerts(&host).is_empty()
    })
    .await;
    wait_for("the message again", || {
        shadow_text(&host).contains("error 500")
    })
    .await;
    let asked: Vec<String> = calls.iter().filter_map(|c| c.as_string()).collect();
    assert!(
        !asked.is_empty() && asked.iter().all(|path| path.ends_with("/policy")),
        "asked for {asked:?}"
    );
    assert_eq!(alerts(&host).len(), 1, "one message: {:?}", alerts(&host));
    serve("ok", policy());
    let widget: web_sys::Element = host
        .shadow_root()
        .unwrap()
        .query_selector(".oc-widget")
        .unwrap()
        .unwrap();
    support::button(&widget, "Retry").click();
    wait_for("the list", || shadow_text(&host).contains("No orders")).await;
    assert!(alerts(&host).is_empty(), "{:?}", alerts(&host));
}

#[wasm_bindgen_test]
async fn retry_on_an_order_screen_waits_for_that_order() {
    serve("fail", policy());
    let host = container();
    let config = config();
    js_sys::Reflect::set(&config, &"initialOrder".into(), &"o1".into()).unwrap();
    let _h = order_cancel_widget::mount(host.clone(), config).unwrap();
    wait_for("the explanation", || {
        shadow_text(&host).contains("error 500")
    })
    .await;
    let widget: web_sys::Element = host
        .shadow_root()
        .unwrap()
        .query_selector(".oc-widget")
        .unwrap()
        .unwrap();
    support::button(&widget, "Retry").click();
    wait_for("the wait", || {
        shadow_text(&host).contains("Loading the order") && alerts(&host).is_empty()
    })
    .await;
    assert!(
        !shadow_text(&host).contains("Loading your orders"),
        "{}",
        shadow_text(&host)
    );
}

#[wasm_bindgen_test]
async fn config_set_before_the_element_is_defined_is_taken_over() {
    serve("ok", policy());
    let tag = "order-cancel-widget-late";
    let el: web_sys::HtmlElement = support::document()
        .create_element(tag)
        .unwrap()
        .unchecked_into();
    // What a page script does when it runs before init() resolved.
    js_sys::Reflect::set(&el, &"config".into(), &config()).unwrap();
    support::document()
        .body()
        .unwrap()
        .append_child(&el)
        .unwrap();
    order_cancel_widget::embed::define_custom_element_as(tag);
    // Let the element mount (on a microtask) before waiting with Leptos' ticks.
    order_cancel_widget::api::sleep(50).await;
    wait_for("the widget", || shadow_text(&el).contains("My orders")).await;
    support::settle().await;
    assert!(
        !shadow_text(&el).contains("not set up correctly"),
        "{}",
        shadow_text(&el)
    );
    el.remove();
}

#[wasm_bindgen(inline_js = r#"
export const throwing = () => () => { throw new Error('session store offline'); };
export const rejecting = () => () => Promise.reject(new Error('refresh token expired'));
"#)]
extern "C" {
    fn throwing() -> js_sys::Function;
    fn rejecting() -> js_sys::Function;
}

/// A token function that throws, or whose promise rejects, is a sign-in problem in the
/// shopper's words (and in their language); what failed is the developer's, on the console.
#[wasm_bindgen_test]
async fn a_failing_token_function_reads_as_a_sign_in_problem() {
    for (token, locale, says) in [
        (
            throwing(),
            "en",
            "We could not check that you are signed in.",
        ),
        (
            rejecting(),
            "de",
            "Wir konnten nicht prüfen, ob du angemeldet bist.",
        ),
    ] {
        serve("ok", policy());
        let host = container();
        let config = config();
        js_sys::Reflect::set(&config, &"token".into(), &token).unwrap();
        js_sys::Reflect::set(&config, &"locale".into(), &locale.into()).unwrap();
        let _h = order_cancel_widget::mount(host.clone(), config).unwrap();
        wait_for("the sign-in sentence", || shadow_text(&host).contains(says)).await;
        let shown = shadow_text(&host);
        for developers in ["threw", "rejected", "token function", "offline", "expired"] {
            assert!(!shown.contains(developers), "{developers:?} in {shown:?}");
        }
        let root = host
            .shadow_root()
            .unwrap()
            .query_selector(".oc-widget")
            .unwrap()
            .unwrap();
        assert_eq!(root.get_attribute("lang").as_deref(), Some(locale));
        assert_eq!(root.get_attribute("dir").as_deref(), Some("ltr"));
    }
}
