//! Money, dates and durations, formatted by the browser's Intl in the widget's locale.

use crate::i18n::Locale;
use cancel_policy::{Money, Timestamp};
use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&object, &(*k).into(), &(*v).into());
    }
    object
}

fn locales(locale: Locale) -> Array {
    Array::of1(&locale.tag().into())
}

/// `1299 EUR` → "€12.99" (en) or "12,99 €" (de); the currency's own number of decimals.
pub fn money(locale: Locale, value: &Money) -> String {
    let format = Intl::NumberFormat::new(
        &locales(locale),
        &options(&[("style", "currency"), ("currency", &value.currency)]),
    );
    let digits = Reflect::get(&format.resolved_options(), &"maximumFractionDigits".into())
        .ok()
        .and_then(|d| d.as_f64())
        .unwrap_or(2.0);
    let major = value.amount as f64 / 10f64.powi(digits as i32);
    format
        .format()
        .call1(&JsValue::UNDEFINED, &major.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

fn date_time(locale: Locale, at: Timestamp, pairs: &[(&str, &str)]) -> String {
    let format = Intl::DateTimeFormat::new(&locales(locale), &options(pairs));
    let date = js_sys::Date::new(&((at.unix() * 1000) as f64).into());
    format
        .format()
        .call1(&JsValue::UNDEFINED, &date)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// "24 Nov 2026"
pub fn date(locale: Locale, at: Timestamp) -> String {
    date_time(locale, at, &[("dateStyle", "medium")])
}

/// "14:30" / "2:30 PM"
pub fn time(locale: Locale, at: Timestamp) -> String {
    date_time(locale, at, &[("timeStyle", "short")])
}

/// "24 Nov 2026, 14:30"
pub fn date_and_time(locale: Locale, at: Timestamp) -> String {
    date_time(
        locale,
        at,
        &[("dateStyle", "medium"), ("timeStyle", "short")],
    )
}

/// A countdown: "12:05" under an hour, "1:02:05" above.
pub fn remaining(seconds: i64) -> String {
    let s = seconds.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// Now, from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp::from_unix((js_sys::Date::now() / 1000.0) as i64)
}
