//! Test helpers: an in-memory backend that enforces the real policy, and DOM helpers.
#![allow(dead_code)]

use cancel_policy::*;
use order_cancel_widget::i18n::{Catalog, Locale};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

mod fake_backend;
mod fake_writes;

// Like the rest of this file, each test binary uses only some of them.
#[allow(unused_imports)]
pub use fake_backend::{FakeBackend, FakeState, SETTLED};

#[wasm_bindgen(inline_js = r#"
// console[level]'s messages from now on, kept in the returned array (and still printed);
// stop_recording() puts console[level] back.
export function record_console(level) {
  const seen = [];
  const print = console[level];
  console[level] = (...args) => { seen.push(args.join(' ')); print.apply(console, args); };
  seen.stop = () => { console[level] = print; };
  return seen;
}
export function stop_recording(seen) { seen.stop(); }
"#)]
extern "C" {
    /// Keeps every message of `console[level]` from now on (still printed).
    fn record_console(level: &str) -> js_sys::Array;
    /// Puts the console method back as it was before `record_warnings` / `record_errors`.
    pub fn stop_recording(seen: &js_sys::Array);
}

/// Keeps every console.warn message from now on (still printed).
pub fn record_warnings() -> js_sys::Array {
    record_console("warn")
}

/// Keeps every console.error message from now on (still printed).
pub fn record_errors() -> js_sys::Array {
    record_console("error")
}

/// What was recorded, one message a line.
pub fn recorded(seen: &js_sys::Array) -> String {
    seen.join("\n").into()
}

/// Every catalog of `locales/`, as the widget's files serve them (build.rs lists them).
pub const CATALOG_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));

/// The file of catalog `tag` in `locales/`, parsed as the browser parses a fetched one.
pub fn catalog_json(tag: &'static str) -> Option<JsValue> {
    let (_, text) = CATALOG_FILES.iter().find(|(t, _)| *t == tag)?;
    Some(js_sys::JSON::parse(text).expect("a catalog is JSON"))
}

/// Every catalog of `locales/`, parsed, by tag: what a stubbed `fetch` serves for the
/// widget's own files.
pub fn catalogs_object() -> JsValue {
    let catalogs = js_sys::Object::new();
    for (tag, _) in CATALOG_FILES {
        js_sys::Reflect::set(&catalogs, &(*tag).into(), &catalog_json(tag).unwrap()).unwrap();
    }
    catalogs.into()
}

/// The catalog of `tag` in `locales/`, read as the widget reads a fetched one.
pub fn catalog(tag: &'static str) -> Option<Catalog> {
    Some(Catalog::from_js(tag, &catalog_json(tag)?).expect("a catalog reads"))
}

/// The widget's language `tag`, its catalog loaded.
pub fn locale(tag: &'static str) -> Locale {
    Locale::from_catalog(catalog(tag).expect("a catalog in locales/"))
}

#[cfg(target_arch = "wasm32")]
pub use order_cancel_widget::format::now;

/// The clock, natively (the widget's own reads the browser's).
#[cfg(not(target_arch = "wasm32"))]
pub fn now() -> Timestamp {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    Timestamp::from_unix(secs as i64)
}

/// One unit of `title` at `price` cents, in `state` since now.
pub fn item(id: &str, title: &str, state: ItemState, price: i64) -> OrderItem {
    testing::item(id, state)
        .titled(title)
        .priced(price)
        .changed_at(now())
}

/// An order placed `minutes_ago`.
pub fn order(id: &str, number: &str, minutes_ago: i64, items: Vec<OrderItem>) -> Order {
    testing::order(items)
        .numbered(id, number)
        .placed(Timestamp::from_unix(now().unix() - minutes_ago * 60))
}

// ---- DOM helpers ----

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container in the page.
pub fn container() -> web_sys::HtmlElement {
    let el: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&el).unwrap();
    el
}

/// Lets futures, timers and the reactive system run.
pub async fn settle() {
    for _ in 0..4 {
        leptos::task::tick().await;
        order_cancel_widget::api::sleep(10).await;
    }
}

/// Waits until `check` holds (16 s at least, for a busy CI machine); panics with `what` otherwise.
pub async fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..400 {
        if check() {
            return;
        }
        settle().await;
    }
    panic!("timed out waiting for {what}");
}

pub fn text(root: &web_sys::Element) -> String {
    root.text_content().unwrap_or_default()
}

pub fn query(root: &web_sys::Element, selector: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.unchecked_into())
}

pub fn query_all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::HtmlElement> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

/// The first button whose text contains `label`.
pub fn button(root: &web_sys::Element, label: &str) -> web_sys::HtmlElement {
    query_all(root, "button")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default().contains(label))
        .unwrap_or_else(|| panic!("no button {label:?} in: {}", text(root)))
}

pub fn key(target: &web_sys::EventTarget, key: &str, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// Types `words` into the list's search field and submits it, as a shopper does.
pub fn search(root: &web_sys::Element, words: &str) {
    let input: web_sys::HtmlInputElement =
        query(root, "input[type=search]").unwrap().unchecked_into();
    input.set_value(words);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    button(root, "Search").click();
}

/// Sets a `<select>`'s value and fires `change`, as a shopper picking an option does.
pub fn choose(select: &web_sys::HtmlElement, value: &str) {
    js_sys::Reflect::set(select, &"value".into(), &value.into()).unwrap();
    let event = web_sys::Event::new_with_event_init_dict("change", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    select.dispatch_event(&event).unwrap();
}
