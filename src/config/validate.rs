//! Checking what was read: the URLs, the links, the tab, the theme's keys and the page size.

use super::read::{report, RawConfig, BACKEND_URL_MISSING, PAGE_SIZE_RANGE};
use super::{ConfigErrors, TokenSource, WidgetConfig, Wording};
use cancel_policy::Tab;
use wasm_bindgen::{JsCast, JsValue};

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

pub(super) fn validate(
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
