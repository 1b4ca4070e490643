//! The configuration a storefront passes at mount, read from JS (camelCase) and checked.

pub use crate::api::TokenSource;
use crate::decode::{member, object, Decode, DecodeError};
use cancel_policy::Tab;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

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

/// The plain-data part of the JS config; `token` (maybe a function) and `theme` (any keys)
/// are read apart.
struct RawConfig {
    backend_url: Option<String>,
    locale: Option<String>,
    default_locale: Option<String>,
    links: Option<Links>,
    initial_tab: Option<String>,
    initial_order: Option<String>,
    page_size: Option<u32>,
}

/// Member `name` of the config object; a wrong type is one more error, and the member
/// counts as not given.
fn optional<T: Decode>(config: &JsValue, name: &str, errors: &mut Vec<String>) -> Option<T> {
    member::<Option<T>>(config, name).unwrap_or_else(|e| {
        report(errors, &["config ", &e.text()]);
        None
    })
}

/// One more problem, in parts (a member's name, its value, what to do): one call for every
/// message instead of a `format!` each.
#[inline(never)]
fn report(errors: &mut Vec<String>, parts: &[&str]) {
    errors.push(crate::text::concat(parts));
}

/// Member `name`, which must be given: not given is `missing` (what to give instead), the
/// wrong type is what `optional` says; either is one error.
fn required<T: Decode>(
    config: &JsValue,
    name: &str,
    missing: &str,
    errors: &mut Vec<String>,
) -> Option<T> {
    let before = errors.len();
    let value = optional(config, name, errors);
    if value.is_none() && errors.len() == before {
        report(errors, &[name, " ", missing]);
    }
    value
}

const BACKEND_URL_MISSING: &str =
    "is missing: give the URL of your cancellation API, e.g. \"/api\"";

const PAGE_SIZE_RANGE: &str = "pageSize must be a whole number between 1 and 50";

/// Reads and checks a JS config object. Every problem is reported, in words a storefront
/// developer can act on.
pub fn from_js(value: &JsValue) -> Result<WidgetConfig, ConfigErrors> {
    if !value.is_object() {
        return Err(ConfigErrors {
            errors: vec![
                "config must be an object like { backendUrl: \"/api\", token: \"…\" }".into(),
            ],
            wording: Wording {
                locale: None,
                messages: JsValue::UNDEFINED,
            },
            default_locale: None,
        });
    }
    let mut errors = Vec::new();
    let raw = RawConfig {
        backend_url: required(value, "backendUrl", BACKEND_URL_MISSING, &mut errors),
        locale: optional(value, "locale", &mut errors),
        default_locale: optional(value, "defaultLocale", &mut errors),
        links: optional(value, "links", &mut errors),
        initial_tab: optional(value, "initialTab", &mut errors),
        initial_order: optional(value, "initialOrder", &mut errors),
        // One message for every wrong pageSize, in the range validate() holds it to.
        page_size: member::<Option<u32>>(value, "pageSize").unwrap_or_else(|_| {
            errors.push(PAGE_SIZE_RANGE.into());
            None
        }),
    };
    let token = js_sys::Reflect::get(value, &"token".into()).unwrap_or(JsValue::UNDEFINED);
    let token = if let Some(f) = token.dyn_ref::<js_sys::Function>() {
        Ok(TokenSource::Provider(f.clone()))
    } else {
        match token.as_string() {
            Some(t) if !t.trim().is_empty() => Ok(TokenSource::Fixed(t)),
            _ if token.is_undefined() || token.is_null() || token.as_string().is_some() => Err(
                "token is missing: pass the shopper's bearer token, or a function returning it"
                    .to_string(),
            ),
            _ => Err("token must be a string or a function returning one".to_string()),
        }
    };
    let theme = js_sys::Reflect::get(value, &"theme".into()).unwrap_or(JsValue::UNDEFINED);
    let messages = js_sys::Reflect::get(value, &"messages".into()).unwrap_or(JsValue::UNDEFINED);
    validate(raw, token, &theme, messages, errors)
}

/// `{ accent: "#0a7" }` → `[("accent", "#0a7")]`, in the object's own key order.
fn theme_entries(theme: &JsValue, errors: &mut Vec<String>) -> Vec<(String, String)> {
    if theme.is_undefined() || theme.is_null() {
        return Vec::new();
    }
    // A Map is taken too: Object.entries would see none of its entries.
    let object = match theme.dyn_ref::<js_sys::Map>() {
        Some(map) => js_sys::Object::from_entries(map).ok(),
        None if theme.is_object() && !theme.is_function() && !js_sys::Array::is_array(theme) => {
            Some(theme.clone().unchecked_into())
        }
        None => None,
    };
    let Some(object) = object else {
        errors.push("theme must be an object like { accent: \"#0a7\" }".into());
        return Vec::new();
    };
    let mut entries = Vec::new();
    for entry in js_sys::Object::entries(&object).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let name = pair.get(0).as_string().unwrap_or_default();
        match pair.get(1).as_string() {
            Some(value) => entries.push((name, value)),
            None => report(
                errors,
                &["theme.", &name, " must be a string, e.g. \"#0a7\""],
            ),
        }
    }
    entries
}

fn validate(
    raw: RawConfig,
    token: Result<TokenSource, String>,
    theme_value: &JsValue,
    messages: JsValue,
    mut errors: Vec<String>,
) -> Result<WidgetConfig, ConfigErrors> {
    // Not given, or of the wrong type, was reported when it was read.
    if let Some(url) = raw.backend_url.as_deref() {
        check_url("backendUrl", url, &mut errors);
    }
    let backend_url = raw.backend_url.unwrap_or_default();
    let token = token.unwrap_or_else(|e| {
        errors.push(e);
        TokenSource::None
    });
    let initial_tab = match raw.initial_tab.as_deref() {
        None => Tab::All,
        Some(name) => Tab::parse(name).unwrap_or_else(|| {
            report(
                &mut errors,
                &[
                    "initialTab \"",
                    name,
                    "\" is not one of all, to_ship, shipped, delivered, cancelled",
                ],
            );
            Tab::All
        }),
    };
    let links = raw.links.unwrap_or_default();
    for (name, url) in [
        ("links.support", &links.support),
        ("links.returns", &links.returns),
        ("links.buyAgain", &links.buy_again),
    ] {
        if let Some(url) = url.as_deref() {
            check_link(name, url, &mut errors);
        }
    }
    let mut theme = Vec::new();
    for (name, value) in theme_entries(theme_value, &mut errors) {
        let name = name.trim_start_matches('-');
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            report(
                &mut errors,
                &[
                    "theme key \"",
                    name,
                    "\" must be letters, digits and dashes, e.g. \"accent\"",
                ],
            );
        } else {
            let mut short = name;
            while let Some(rest) = short.strip_prefix("oc-") {
                short = rest;
            }
            let property = crate::text::concat(&["--oc-", short]);
            if theme.iter().any(|(p, _)| *p == property) {
                report(
                    &mut errors,
                    &[
                        "theme sets ",
                        &property,
                        " twice (\"",
                        name,
                        "\" and another key)",
                    ],
                );
            }
            theme.push((property, value));
        }
    }
    let page_size = raw.page_size.unwrap_or(10);
    if !(1..=50).contains(&page_size) {
        report(
            &mut errors,
            &[PAGE_SIZE_RANGE, ", not ", &crate::text::number(page_size)],
        );
    }
    let wording = Wording {
        locale: raw.locale.filter(|l| !l.trim().is_empty()),
        messages,
    };
    if !errors.is_empty() {
        return Err(ConfigErrors {
            errors,
            wording,
            default_locale: raw.default_locale,
        });
    }
    Ok(WidgetConfig {
        backend_url,
        token,
        locale: wording.locale,
        default_locale: raw.default_locale,
        messages: wording.messages,
        theme,
        links,
        initial_tab,
        initial_order: raw.initial_order.filter(|o| !o.trim().is_empty()),
        page_size,
    })
}

/// A link on the host page: any relative URL or fragment, or http(s), mailto and tel. Other
/// schemes (`javascript:` above all) would run code when a shopper clicks.
fn check_link(name: &str, url: &str, errors: &mut Vec<String>) {
    let scheme = url
        .split_once(':')
        .map(|(s, _)| s.to_ascii_lowercase())
        .filter(|s| !s.contains(['/', '?', '#']));
    match scheme.as_deref() {
        None | Some("http" | "https" | "mailto" | "tel") if !url.trim().is_empty() => {}
        _ => report(
            errors,
            &[
                name,
                " \"",
                url,
                "\" is not an allowed link: use a relative URL, https://, mailto: or tel:",
            ],
        ),
    }
}

/// An absolute http(s) URL or a path on the page's own origin.
fn check_url(name: &str, url: &str, errors: &mut Vec<String>) {
    let url = url.trim();
    if url.is_empty() {
        return report(errors, &[name, " ", BACKEND_URL_MISSING]);
    }
    let absolute = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let ok = match absolute {
        Some(rest) => !rest.is_empty() && !rest.starts_with('/'),
        None => url.starts_with('/') && !url.starts_with("//"),
    };
    if !ok || url.chars().any(char::is_whitespace) {
        report(
            errors,
            &[
                name,
                " \"",
                url,
                "\" is not a URL: use https://… or a path starting with /",
            ],
        );
    }
}
