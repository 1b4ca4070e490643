//! The widget's words: its catalog fetched when it mounts and again for each language the host
//! asks for later (English's if one cannot be had), with the host's own texts over it, and
//! what the shopper sees when no catalog can be had at all.

use crate::api::Backend;
use crate::config::Wish;
use crate::dom::{div, El};
use crate::i18n::{self, Catalog, Locale};
use leptos::prelude::*;
use std::rc::Rc;

/// Keeps `locale` in the words `wish` asks for (a language, chosen with the store's
/// `default_locale`, and the host's `messages`), from the mount on and whenever the host
/// changes them: only the language's catalog is fetched, through `backend` (tests pass a
/// fake) or, without one, straight from the widget's files; the texts on screen stay until
/// the new ones are here, an answer to an older wish is dropped, and a language that cannot
/// be had after a switch leaves the one on screen.
pub fn follow(
    locale: Locale,
    backend: Option<Rc<dyn Backend>>,
    wish: Wish,
    default_locale: Option<String>,
) {
    let changed = RwSignal::from(wish.changed);
    crate::dom::react(Box::new(move || {
        changed.track();
        let (tag, messages) = {
            let w = wish.wording.borrow();
            let languages = i18n::browser_languages();
            let tag = i18n::choose(w.locale.as_deref(), default_locale.as_deref(), &languages);
            (tag, w.messages.clone())
        };
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

/// `root` in the language of `locale`'s catalog, from the first one on: its `lang`, with it
/// its direction, and its name (set again with each catalog).
pub fn speaking(root: El, locale: Locale) -> El {
    let element = root.element();
    crate::dom::react(Box::new(move || {
        if locale.texts().is_some() {
            let dir = if locale.is_rtl() { "rtl" } else { "ltr" };
            let _ = element.set_attribute("lang", locale.tag());
            let _ = element.set_attribute("dir", dir);
            let _ = element.set_attribute("aria-label", &locale.t("title"));
        }
    }));
    root
}

/// The catalog of `tag`; if it cannot be had, English's (the developer reads why on the
/// console, the shopper sees the widget in English); `None` if neither can.
async fn fetch(backend: Option<Rc<dyn Backend>>, mut tag: &'static str) -> Option<Catalog> {
    loop {
        let answer = match &backend {
            Some(backend) => backend.catalog(tag).await,
            None => crate::api::fetch_catalog(tag).await,
        };
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
