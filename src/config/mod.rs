//! The configuration a storefront passes at mount, read from JS (camelCase) and checked.

mod read;
mod validate;

pub use read::from_js;

pub use crate::api::TokenSource;
use crate::decode::{member, object, Decode, DecodeError};
use cancel_policy::Tab;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Links the guidance and results point to. `buy_again` may hold `{sku}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Links {
    pub support: Option<String>,
    pub returns: Option<String>,
    pub buy_again: Option<String>,
}

/// `{ support, returns, buyAgain }` (camelCase, as JS writes it).
impl Decode for Links {
    fn decode(value: &JsValue) -> Result<Self, DecodeError> {
        let value = object(value)?;
        Ok(Links {
            support: member(value, "support")?,
            returns: member(value, "returns")?,
            buy_again: member(value, "buyAgain")?,
        })
    }
}

/// Everything the widget needs, validated.
#[derive(Clone, Debug)]
pub struct WidgetConfig {
    pub backend_url: String,
    pub token: TokenSource,
    /// The language asked for (a BCP 47 tag, or `auto`); `None`: `auto`, the browser's.
    pub locale: Option<String>,
    /// The store's language, when neither `locale` nor the browser's has a catalog.
    pub default_locale: Option<String>,
    /// The host's own texts, per language: `{ de: { "action.cancel": "Artikel stornieren" } }`
    /// (checked when its language is shown, `crate::api::overlay`); `undefined` if none.
    pub messages: JsValue,
    /// CSS custom properties set on the widget's host, e.g. `("--oc-accent", "#0a7")`.
    pub theme: Vec<(String, String)>,
    pub links: Links,
    pub initial_tab: Tab,
    pub initial_order: Option<String>,
    pub page_size: u32,
}

/// What the host may change on a mounted widget without remounting it: its language (`locale`,
/// a tag or `auto`) and its own texts (`messages`). The open screen and what the shopper
/// chose there stay; only the words change.
#[derive(Clone, Debug)]
pub struct Wording {
    pub locale: Option<String>,
    pub messages: JsValue,
}

/// The host's [`Wording`] for a mounted widget, which it may change (`handle.update()`, the
/// element's `locale` and `messages`): read by the widget, which follows `changed` (a counter
/// like `refresh`, rather than a signal of its own type, whose code the first screen would
/// carry).
#[derive(Clone)]
pub struct Wish {
    pub wording: Rc<RefCell<Wording>>,
    pub changed: ArcRwSignal<u32>,
}

impl Wish {
    pub fn new(wording: Wording) -> Self {
        Wish {
            wording: Rc::new(RefCell::new(wording)),
            changed: ArcRwSignal::new(0),
        }
    }

    /// Changes what is asked for; the widget shows it in place.
    pub fn change(&self, change: impl FnOnce(&mut Wording)) {
        change(&mut self.wording.borrow_mut());
        bump(&self.changed);
    }
}

/// Tells a counter's followers that what it counts changed.
pub fn bump(counter: &ArcRwSignal<u32>) {
    counter.update(|n| *n = n.wrapping_add(1));
}

impl WidgetConfig {
    /// The wording asked for at mount.
    pub fn wording(&self) -> Wording {
        Wording {
            locale: self.locale.clone(),
            messages: self.messages.clone(),
        }
    }

    pub fn new(backend_url: &str, token: TokenSource) -> Self {
        WidgetConfig {
            backend_url: backend_url.to_string(),
            token,
            locale: None,
            default_locale: None,
            messages: JsValue::UNDEFINED,
            theme: Vec::new(),
            links: Links::default(),
            initial_tab: Tab::All,
            initial_order: None,
            page_size: 10,
        }
    }
}

/// A config that did not pass the checks: every problem, in words a storefront developer can
/// act on, and what it still says about the language (its `locale`, `messages` and
/// `defaultLocale`, where they are what they should be), so the shopper is told in their words
/// that the widget is not set up.
pub struct ConfigErrors {
    pub errors: Vec<String>,
    pub wording: Wording,
    pub default_locale: Option<String>,
}
