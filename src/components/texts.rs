//! The widget's words: its catalog fetched when it mounts (English's if its own cannot be
//! had), and what the shopper sees when no catalog can be had at all.

use crate::api::Backend;
use crate::dom::{div, El};
use crate::i18n::{Catalog, Locale};
use std::rc::Rc;

/// Fetches the catalog of `tag` into `locale`; if it cannot be had, English's (the developer
/// reads why on the console, the shopper sees the widget in English).
pub fn fetch_into(locale: Locale, backend: Rc<dyn Backend>, tag: &'static str) {
    leptos::task::spawn_local(async move {
        let mut tag = tag;
        loop {
            let answer = backend.catalog(tag).await;
            let catalog = answer
                .as_ref()
                .ok()
                .and_then(|json| Catalog::from_js(tag, json).ok());
            if catalog.is_none() {
                let why = answer.err().map_or(String::new(), |e| e.detail.clone());
                warn(&format!("the {tag} texts could not be loaded: {why}"));
            }
            if catalog.is_some() || tag == "en" {
                return locale.show(catalog);
            }
            tag = "en";
        }
    });
}

/// Tells the storefront's developer on the console what went wrong with a catalog.
fn warn(what: &str) {
    web_sys::console::warn_1(&format!("order-cancel-widget: {what}").into());
}

/// No catalog could be loaded, not even English's (the widget's files are unreachable): the
/// one message that cannot come from a catalog, in English, as src/init.js says it when the
/// widget's code cannot load.
pub fn catalog_failed() -> El {
    div("oc-alert oc-alert--error")
        .attr("role", "alert")
        .text("The order list could not be loaded. Try again later.")
}
