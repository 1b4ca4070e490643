//! The widget's words: its catalog fetched when it mounts and again for each language the host
//! asks for later (English's if one cannot be had), with the host's own texts over it, and
//! what the shopper sees when no catalog can be had at all.

use crate::api::Backend;
use crate::dom::{div, El};
use crate::i18n::{Catalog, Locale};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Keeps `locale` in the words `wanted` asks for (a catalog's tag, and the host's `messages`),
/// from the mount on and whenever the host changes either (`changed`, which `wanted` follows):
/// only the language's catalog is fetched; the texts on screen stay until the new ones are
/// here, an answer to an older wish is dropped, and a language that cannot be had after a
/// switch leaves the one on screen.
pub fn follow(
    locale: Locale,
    backend: Rc<dyn Backend>,
    changed: RwSignal<u32>,
    wanted: impl Fn() -> (&'static str, JsValue) + 'static,
) {
    crate::dom::react(Box::new(move || {
        let (tag, messages) = wanted();
        let this = changed.get_untracked();
        let backend = backend.clone();
        leptos::task::spawn_local(async move {
            let catalog = fetch(backend, tag).await;
            let latest = changed.try_get_untracked() == Some(this);
            if latest && (catalog.is_some() || untrack(|| locale.texts()).is_none()) {
                locale.show(catalog, &messages);
            }
        });
    }));
}

/// The catalog of `tag`; if it cannot be had, English's (the developer reads why on the
/// console, the shopper sees the widget in English); `None` if neither can.
async fn fetch(backend: Rc<dyn Backend>, mut tag: &'static str) -> Option<Catalog> {
    loop {
        let answer = backend.catalog(tag).await;
        let catalog = answer
            .as_ref()
            .ok()
            .and_then(|json| Catalog::from_js(tag, json).ok());
        if catalog.is_none() {
            let why = answer.err().map_or(String::new(), |e| e.detail.clone());
            warn(&["the ", tag, " texts could not be loaded: ", &why]);
        }
        if catalog.is_some() || tag == "en" {
            return catalog;
        }
        tag = "en";
    }
}

/// Tells the storefront's developer on the console what went wrong with a catalog.
fn warn(what: &[&str]) {
    let what = crate::text::concat(&[&["order-cancel-widget: "], what].concat());
    web_sys::console::warn_1(&what.into());
}

/// No catalog could be loaded, not even English's (the widget's files are unreachable): the
/// one message that cannot come from a catalog, in English, as src/init.js says it when the
/// widget's code cannot load.
pub fn catalog_failed() -> El {
    div("oc-alert oc-alert--error")
        .attr("role", "alert")
        .text("The order list could not be loaded. Try again later.")
}
