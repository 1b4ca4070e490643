//! Moving keyboard focus to new content without taking it from the host page.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, ShadowRoot};

/// The focus is nowhere: on the page's `<body>`, as after the focused element was removed.
pub fn is_lost() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let active = document.active_element();
    active.is_none()
        || active
            == document
                .body()
                .map(|b| b.unchecked_into::<web_sys::Element>())
}

/// `el` has the keyboard focus, whether or not the browser window has it (`:focus` matches
/// only while the window does), inside a shadow root or not.
pub fn has_focus(el: &HtmlElement) -> bool {
    let active = match el.get_root_node().dyn_into::<ShadowRoot>() {
        Ok(shadow) => shadow.active_element(),
        Err(_) => web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element()),
    };
    active.as_ref() == Some(el.unchecked_ref())
}

/// Focuses `el` when the focus is lost (on the page's `<body>`, as after the focused button
/// was removed) or, if `or_inside`, anywhere inside the widget; never when the shopper is
/// busy elsewhere on the host page.
pub fn focus_if_lost(el: &HtmlElement, or_inside: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let active = document.active_element();
    let lost = is_lost();
    let ours = or_inside
        && match el.get_root_node().dyn_into::<ShadowRoot>() {
            // Inside a shadow root the document only knows the host element.
            Ok(shadow) => active.as_ref() == Some(&shadow.host()),
            Err(_) => match (el.closest(".oc-widget").ok().flatten(), &active) {
                (Some(widget), Some(active)) => widget.contains(Some(active)),
                _ => false,
            },
        };
    if lost || ours {
        let _ = el.focus();
    }
}

/// Keeps Tab and Shift+Tab inside `root` (a modal dialog).
pub fn trap_focus(root: &HtmlElement, ev: &web_sys::KeyboardEvent) {
    let Ok(nodes) =
        root.query_selector_all("button:not([disabled]), select, textarea, input, a[href]")
    else {
        return;
    };
    let mut focusable = Vec::new();
    for i in 0..nodes.length() {
        if let Some(el) = nodes.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
            focusable.push(el);
        }
    }
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
        return;
    };
    // Inside a shadow root the document only knows the host: ask the root node.
    let active = js_sys::Reflect::get(&root.get_root_node(), &"activeElement".into()).ok();
    let is = |el: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == AsRef::<JsValue>::as_ref(el))
    };
    if ev.shift_key() && is(first) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && is(last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
