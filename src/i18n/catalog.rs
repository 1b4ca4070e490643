//! One language's texts, as `locales/<tag>.json` holds them: a flat object of dotted keys,
//! each a text with `{name}` placeholders or, for a text that depends on a count, an object
//! keyed by CLDR plural category (`zero`, `one`, `two`, `few`, `many`, `other`) chosen by
//! `{n}`. The browser's `JSON` parses the file and the widget reads the object it made as it
//! is (in the embeddable build, the details' part is merged into it with their chunk): no decoding into Rust, so the first screen's wasm stays small (`tests/catalog_keys.rs`
//! checks the files natively).

use super::LOCALES;
use crate::decode::{object, DecodeError};
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// A language's catalog as fetched: its tag and its (first) part as parsed.
#[derive(Clone, Debug)]
pub struct Catalog {
    tag: &'static str,
    pub(super) first: JsValue,
}

impl Catalog {
    /// Reads a catalog file as the browser's `JSON.parse` made it: an object of messages.
    ///
    /// ```no_run
    /// # use order_cancel_widget::i18n::Catalog;
    /// let json = js_sys::JSON::parse(r#"{ "card.order": "Order {number}" }"#).unwrap();
    /// assert_eq!(Catalog::from_js("en", &json).unwrap().tag(), "en");
    /// ```
    pub fn from_js(tag: &'static str, value: &JsValue) -> Result<Self, DecodeError> {
        Ok(Catalog {
            tag,
            first: object(value)?.clone(),
        })
    }

    /// Its language's BCP 47 tag, as in its file name.
    pub fn tag(&self) -> &'static str {
        self.tag
    }

    /// Its tag's place in `LOCALES`.
    pub(super) fn index(&self) -> u32 {
        LOCALES.iter().position(|t| *t == self.tag).unwrap_or(0) as u32
    }
}

/// The text of `key` for plural `category` in `messages`: a plain text is its own; a plural
/// message without that category gives its `other` form. `None` if there is no such key.
pub(super) fn text(messages: &JsValue, key: &str, category: &str) -> Option<String> {
    let message = Reflect::get(messages, &key.into()).ok()?;
    message.as_string().or_else(|| {
        let form = |c: &str| Reflect::get(&message, &c.into()).ok()?.as_string();
        form(category).or_else(|| form("other"))
    })
}
