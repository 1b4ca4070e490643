//! Choosing the widget's language: `auto` from the browser's languages, the fallback from a
//! region to its language, the store's `defaultLocale` and English, one console warning for a
//! tag with no catalog, and a catalog that cannot be loaded (tried again, then English).
#![cfg(target_arch = "wasm32")]

mod support;

use cancel_policy::Preset;
use order_cancel_widget::i18n::choose;
use serde::Serialize;
use support::{catalogs_object, container, record_warnings, wait_for};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
// The store's API answers (policy, no orders); the widget's catalogs answer as `broken`
// says: a tag whose file answers 503, every time. Every catalog request is kept.
export function serve(policy, catalogs, broken) {
  const asked = [];
  window.fetch = async (input) => {
    const url = new URL(input instanceof Request ? input.url : input, location.href);
    const catalog = url.pathname.match(/\/locales\/([^/]+)\.json$/);
    if (catalog) {
      asked.push(catalog[1]);
      if (catalog[1] === broken) return new Response('busy', { status: 503 });
      return new Response(JSON.stringify(catalogs[catalog[1]]), { status: 200 });
    }
    const body = url.pathname.endsWith('/policy') ? policy : { orders: [], next_cursor: null };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return asked;
}
"#)]
extern "C" {
    fn serve(policy: JsValue, catalogs: JsValue, broken: &str) -> js_sys::Array;
}

fn strings(list: &js_sys::Array) -> Vec<String> {
    list.iter().filter_map(|v| v.as_string()).collect()
}

#[wasm_bindgen_test]
fn auto_takes_the_first_browser_language_that_has_a_catalog() {
    let browser = ["sv-SE", "de-AT", "en-GB"].map(String::from);
    assert_eq!(choose(Some("auto"), None, &browser), "de");
    assert_eq!(choose(None, None, &browser), "de", "auto is the default");
    assert_eq!(choose(Some("auto"), Some("en"), &["xx".to_string()]), "en");
    assert_eq!(
        choose(Some("auto"), Some("de"), &[]),
        "de",
        "the store's language"
    );
}

#[wasm_bindgen_test]
fn a_tag_falls_back_region_language_store_english_with_one_warning() {
    let warnings = record_warnings();
    let browser = ["de".to_string()];
    assert_eq!(
        choose(Some("en-GB"), None, &browser),
        "en",
        "region to language"
    );
    assert_eq!(choose(Some("DE-ch"), None, &browser), "de");
    assert_eq!(
        strings(&warnings),
        Vec::<String>::new(),
        "a known language is no warning"
    );
    assert_eq!(
        choose(Some("xx-YY"), Some("de-AT"), &browser),
        "de",
        "the store's"
    );
    assert_eq!(
        choose(Some("xx"), Some("yy"), &browser),
        "en",
        "then English"
    );
    let said = strings(&warnings);
    assert_eq!(said.len(), 2, "one warning each: {said:?}");
    assert!(said[0].contains("xx-YY"), "{said:?}");
}

#[wasm_bindgen_test]
async fn a_catalog_that_cannot_load_is_tried_again_then_english_shows() {
    let warnings = record_warnings();
    let policy = Preset::Temu
        .policy()
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap();
    let asked = serve(policy, catalogs_object(), "de");
    let host = container();
    let config = js_sys::Object::new();
    for (name, value) in [("backendUrl", "/api"), ("token", "t"), ("locale", "de")] {
        js_sys::Reflect::set(&config, &name.into(), &value.into()).unwrap();
    }
    let _h = order_cancel_widget::mount(host.clone(), config.into()).unwrap();
    let shown = || {
        host.shadow_root()
            .and_then(|r| r.text_content())
            .unwrap_or_default()
    };
    wait_for("the widget in English", || {
        shown().contains("No orders here.")
    })
    .await;
    assert_eq!(
        strings(&asked),
        ["de", "de", "de", "en"],
        "three tries, then English"
    );
    let said = strings(&warnings);
    assert!(
        said.iter()
            .any(|w| w.contains("de texts could not be loaded") && w.contains("503")),
        "{said:?}"
    );
    assert!(
        !shown().contains("503") && !shown().contains("could not"),
        "{}",
        shown()
    );
}
