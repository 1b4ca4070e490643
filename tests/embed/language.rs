//! The language and the host's texts changed on a mounted widget, through the handle and
//! the element, in place.

use super::*;

#[wasm_bindgen_test]
async fn the_handle_and_the_element_change_language_and_texts_in_place() {
    stub(0, 0);
    let host = container();
    let handle = mount(host.clone(), config(obj(&[("locale", "en".into())]))).unwrap();
    wait_for("English", || text(&shadow(&host)).contains("My orders")).await;
    // The same root element all along: re-rendered, not mounted again.
    let root = shadow(&host);
    let messages = js_sys::JSON::parse(r#"{ "de": { "title": "Deine Einkäufe" } }"#).unwrap();
    handle.update(obj(&[("locale", "de".into()), ("messages", messages)]));
    wait_for("German, with the page's title", || {
        text(&root).contains("Deine Einkäufe") && text(&root).contains("PO-2001")
    })
    .await;
    let widget = query(&root, ".oc-widget").unwrap();
    assert_eq!(widget.get_attribute("lang").as_deref(), Some("de"));
    assert!(widget.is_connected() && shadow(&host) == root, "in place");
    // A member left out stays as it is.
    handle.update(obj(&[("locale", "ar".into())]));
    wait_for("Arabic", || {
        widget.get_attribute("dir").as_deref() == Some("rtl")
    })
    .await;
    handle.update(obj(&[("locale", "de".into())]));
    wait_for("German again", || text(&root).contains("Deine Einkäufe")).await;

    // The element: its `locale` property (the attribute) and its `messages` property.
    let el = element_showing_orders(&[]).await;
    let root = shadow(&el);
    js_sys::Reflect::set(&el, &"locale".into(), &"de".into()).unwrap();
    let messages = js_sys::JSON::parse(r#"{ "de": { "title": "Unsere Bestellungen" } }"#).unwrap();
    js_sys::Reflect::set(&el, &"messages".into(), &messages).unwrap();
    wait_for("the element's own German title", || {
        text(&root).contains("Unsere Bestellungen")
    })
    .await;
    assert_eq!(el.get_attribute("locale").as_deref(), Some("de"));
    let widget = query(&root, ".oc-widget").unwrap();
    assert!(widget.is_connected() && shadow(&el) == root, "in place");
    el.remove();
}
