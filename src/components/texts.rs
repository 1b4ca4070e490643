//! The widget's words: its catalog fetched when it mounts (English's if its own cannot be
//! had), the details' part fetched with the details' chunk, and what the shopper sees when no
//! catalog can be had at all.

use crate::api::Backend;
use crate::dom::{button, div, El};
use crate::env::Env;
use crate::i18n::{Catalog, Locale, Part};
use leptos::prelude::*;
use std::rc::Rc;

/// Fetches the catalog of `tag` into `locale`; if it cannot be had, English's (the developer
/// reads why on the console, the shopper sees the widget in English).
pub fn fetch_into(locale: Locale, backend: Rc<dyn Backend>, tag: &'static str) {
    leptos::task::spawn_local(async move {
        let mut tag = tag;
        loop {
            let answer = backend.catalog(tag, Part::First).await;
            let catalog = match &answer {
                Ok(Some(json)) => Catalog::from_js(tag, json).ok(),
                _ => None,
            };
            if catalog.is_none() {
                let why = answer.err().map_or(String::new(), |e| e.detail);
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

/// Fetches the details' part of the catalog on screen, unless it is here: the details' own
/// screen asks for it (their chunk's code), so the first screen carries none of this. A
/// failure sets `failed` (the details show it, with a retry); the console says why.
pub fn complete(env: Env, failed: RwSignal<bool>) {
    let Some(tag) = env.locale.details_missing() else {
        return;
    };
    failed.set(false);
    leptos::task::spawn_local(async move {
        match env.backend().catalog(tag, Part::Details).await {
            Ok(details) => env.locale.complete(tag, details),
            Err(e) => {
                warn(&format!(
                    "the details' {tag} texts could not be loaded: {}",
                    e.detail
                ));
                failed.try_set(true);
            }
        }
    });
}

/// No catalog could be loaded, not even English's (the widget's files are unreachable): the
/// one message that cannot come from a catalog, in English, as src/init.js says it when the
/// widget's code cannot load. `retry` fetches again.
pub fn catalog_failed(retry: impl Fn() + 'static) -> El {
    div("oc-alert oc-alert--error")
        .attr("role", "alert")
        .text("The order list could not be loaded. ")
        .child(
            button("oc-link")
                .text("Try again")
                .on_click(move |_| retry()),
        )
}
