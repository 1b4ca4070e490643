//! Reading the JS config object: each member by its type, every wrong one reported.

use super::{validate::validate, ConfigErrors, Links, TokenSource, WidgetConfig, Wording};
use crate::decode::{member, Decode};
use wasm_bindgen::{JsCast, JsValue};

/// The plain-data part of the JS config; `token` (maybe a function) and `theme` (any keys)
/// are read apart.
pub(super) struct RawConfig {
    pub(super) backend_url: Option<String>,
    pub(super) locale: Option<String>,
    pub(super) default_locale: Option<String>,
    pub(super) links: Option<Links>,
    pub(super) initial_tab: Option<String>,
    pub(super) initial_order: Option<String>,
    pub(super) page_size: Option<u32>,
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
pub(super) fn report(errors: &mut Vec<String>, parts: &[&str]) {
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

pub(super) const BACKEND_URL_MISSING: &str =
    "is missing: give the URL of your cancellation API, e.g. \"/api\"";

pub(super) const PAGE_SIZE_RANGE: &str = "pageSize must be a whole number between 1 and 50";

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
