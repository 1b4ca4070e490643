//! The widget's texts are data: one catalog per language, `locales/<tag>.json` (format in
//! [`catalog`] and the README), fetched for the active language only. Every lookup names its
//! key as a literal (`env.t("card.total")`), so `tests/catalog_keys.rs` finds each key in the
//! sources and checks that every catalog has it. Numbers, money and dates follow the language
//! through the browser's `Intl` (`crate::format`), and so do plurals (`Intl.PluralRules`).

mod catalog;

pub use catalog::Catalog;

use js_sys::Array;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

thread_local! {
    /// Each mounted widget's catalog, by [`Locale`]'s index, kept in the browser: `undefined`
    /// while it loads, `null` when none could be had, else `[tag's index in LOCALES, its
    /// messages with the host's over them]`. Outside the reactive graph and
    /// Rust's own collections, whose generic code the first screen would pay for; a change is
    /// told by the locale's `changed` counter.
    static CATALOGS: Array = Array::new();
}

/// The active language: a `Copy` handle to its catalog (none while it loads), which the host
/// may change while the widget is mounted (`components::texts::follow`). Lookups do not
/// subscribe; what must follow a new catalog reads [`Locale::texts`].
#[derive(Clone, Copy)]
pub struct Locale {
    slot: u32,
    /// Bumped whenever the slot changes.
    changed: RwSignal<u32>,
}

impl Locale {
    /// A language whose catalog is yet to come ([`Locale::show`]); the catalog goes when the
    /// current reactive owner (the widget) does (its slot stays, a few bytes per mount).
    pub fn loading() -> Self {
        let slot = CATALOGS.with(|slots| slots.push(&JsValue::UNDEFINED)) - 1;
        let locale = Locale {
            slot,
            changed: RwSignal::new(0),
        };
        on_cleanup(move || locale.put(&JsValue::UNDEFINED));
        locale
    }

    /// A language whose catalog is already here (tests, examples).
    ///
    /// ```no_run
    /// # use order_cancel_widget::i18n::{Catalog, Locale};
    /// let json = js_sys::JSON::parse(r#"{ "card.order": "Order {number}" }"#).unwrap();
    /// let en = Locale::from_catalog(Catalog::from_js("en", &json).unwrap());
    /// assert_eq!(en.tf("card.order", &[("number", "PO-1")]), "Order PO-1");
    /// assert_eq!(en.tag(), "en");
    /// ```
    pub fn from_catalog(catalog: Catalog) -> Self {
        let locale = Locale::loading();
        locale.show(Some(catalog), &JsValue::UNDEFINED);
        locale
    }

    /// Shows the widget in `catalog`'s words from now on, with the host's `messages` (`{ de:
    /// { key: text } }`) over them (`crate::api::overlay`); `None`: no catalog could be had.
    pub fn show(self, catalog: Option<Catalog>, messages: &JsValue) {
        self.put(&match catalog {
            Some(c) => {
                let over = crate::api::overlay(&c.first, messages, c.tag());
                Array::of2(&JsValue::from(c.index()), &over).into()
            }
            None => JsValue::NULL,
        });
    }

    fn put(self, slot: &JsValue) {
        CATALOGS.with(|slots| slots.set(self.slot, slot.clone()));
        // Unmounted meanwhile: nothing is listening.
        self.changed.try_update(|n| *n = n.wrapping_add(1));
    }

    /// `[tag's index, messages]`, if a catalog is on screen (untracked).
    fn parts(self) -> Option<Array> {
        let slot = CATALOGS.with(|slots| slots.get(self.slot));
        slot.is_object().then(|| slot.unchecked_into())
    }

    /// Which catalog is on screen, tracked: a new number for each new one, `None` while none
    /// is (loading, or failed).
    pub fn texts(self) -> Option<u32> {
        let changed = self.changed.get();
        self.parts().map(|_| changed)
    }

    /// No catalog could be loaded, not even English's (tracked).
    pub fn failed(self) -> bool {
        self.changed.track();
        CATALOGS.with(|slots| slots.get(self.slot).is_null())
    }

    /// The BCP 47 tag of the catalog on screen, for `Intl` and `lang` (`en` before one loaded).
    pub fn tag(self) -> &'static str {
        let index = self.parts().and_then(|p| p.get(0).as_f64());
        index.and_then(|i| LOCALES.get(i as usize)).unwrap_or(&"en")
    }

    /// The language is written right to left (Arabic, Hebrew, Persian, Urdu).
    pub fn is_rtl(self) -> bool {
        matches!(
            self.tag().split('-').next(),
            Some("ar" | "he" | "fa" | "ur")
        )
    }

    /// What goes between two sentences: nothing after a Chinese or Japanese full stop «。»,
    /// a space elsewhere (as the server's emails: `sentence_gap`).
    pub fn sentence_gap(self) -> &'static str {
        match self.tag().split('-').next() {
            Some("ja" | "zh") => "",
            _ => " ",
        }
    }

    /// The sentences `first` and `next`, one after the other as the language writes them.
    pub fn sentences(self, first: &str, next: &str) -> String {
        crate::text::concat(&[first, self.sentence_gap(), next])
    }

    /// The text of `key` (the `other` form of a plural one); the key itself if no catalog
    /// has it, which `tests/catalog_keys.rs` rules out.
    pub fn t(self, key: &str) -> String {
        self.text_of(key, "other")
    }

    /// [`Locale::t`] with `{name}` placeholders filled in.
    pub fn tf(self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.text_of(key, "other"), args, self.is_rtl())
    }

    /// The form of plural message `key` that the language uses for `n` (`Intl.PluralRules`),
    /// with `n` filled in as `{n}` and `args` as the others.
    pub fn tn(self, key: &str, n: u32, args: &[(&str, &str)]) -> String {
        let category = plural_category(self.tag(), n);
        let n = crate::text::number(n);
        let args: Vec<(&str, &str)> = args.iter().copied().chain([("n", n.as_str())]).collect();
        fill(self.text_of(key, &category), &args, self.is_rtl())
    }

    /// The text of a key that comes from data rather than the code: a reason's `label_key`
    /// in the merchant's policy. `None` when the catalog has no such text. (The presets' keys
    /// are checked in every catalog by `tests/catalog_keys.rs`, read from the policy crate.)
    pub fn label(self, data_key: &str) -> Option<String> {
        catalog::text(&self.parts()?.get(1), data_key, "other")
    }

    fn text_of(self, key: &str, category: &str) -> String {
        self.parts()
            .and_then(|parts| catalog::text(&parts.get(1), key, category))
            .unwrap_or_else(|| key.to_string())
    }
}

/// `text` with each `{name}` replaced by its value; in a right-to-left language each value
/// is isolated (U+2068 … U+2069), so an order number or an amount keeps its own direction.
fn fill(text: String, args: &[(&str, &str)], isolate: bool) -> String {
    let mut filled = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        filled.push_str(&rest[..open]);
        rest = &rest[open..];
        let value = rest.find('}').and_then(|close| {
            let name = &rest[1..close];
            let (_, value) = args.iter().find(|(n, _)| *n == name)?;
            rest = &rest[close + 1..];
            Some(*value)
        });
        match value {
            Some(value) if isolate => {
                filled.push('\u{2068}');
                filled.push_str(value);
                filled.push('\u{2069}');
            }
            Some(value) => filled.push_str(value),
            None => {
                filled.push('{');
                rest = &rest[1..];
            }
        }
    }
    filled.push_str(rest);
    filled
}

/// The CLDR plural category of `n` in language `tag`: `one`, `few`, `other` …
fn plural_category(tag: &str, n: u32) -> String {
    let locales = js_sys::Array::of1(&tag.into());
    js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new())
        .select(n as f64)
        .into()
}

/// The catalog to show for a requested language `tag`: its own, else one of its language
/// (`de-AT` → `de`, `pt-PT` → `pt-BR`), else `None`.
///
/// ```
/// # use order_cancel_widget::i18n::available;
/// assert_eq!(available("de-AT"), Some("de"));
/// assert_eq!(available("EN"), Some("en"));
/// assert_eq!(available("xx-YY"), None);
/// ```
pub fn available(tag: &str) -> Option<&'static str> {
    let language = |t: &'static str| t.split('-').next().unwrap_or(t);
    let wanted = tag.split('-').next().unwrap_or(tag);
    let exact = LOCALES.iter().find(|l| l.eq_ignore_ascii_case(tag));
    exact
        .or_else(|| {
            LOCALES
                .iter()
                .find(|l| language(l).eq_ignore_ascii_case(wanted))
        })
        .copied()
}

/// The language to show for `locale` (a tag, or `auto` / none: the first of the browser's
/// `languages` that has a catalog): its catalog, else one of its language, else the store's
/// `default_locale`, else English. A tag with no catalog is told once on the console.
///
/// ```
/// # use order_cancel_widget::i18n::choose;
/// let browser = ["sv-SE", "de-AT"].map(String::from);
/// assert_eq!(choose(Some("auto"), None, &browser), "de");
/// assert_eq!(choose(Some("de-CH"), None, &browser), "de");
/// assert_eq!(choose(None, Some("de"), &[]), "de");
/// assert_eq!(choose(Some("auto"), Some("xx"), &[]), "en");
/// ```
pub fn choose(
    locale: Option<&str>,
    default_locale: Option<&str>,
    languages: &[String],
) -> &'static str {
    let wanted = match locale {
        None | Some("auto") => languages.iter().find_map(|l| available(l)),
        Some(tag) => available(tag).or_else(|| {
            let warning = "order-cancel-widget: no texts for this locale, so it falls back:";
            web_sys::console::warn_2(&warning.into(), &tag.into());
            None
        }),
    };
    wanted
        .or_else(|| default_locale.and_then(available))
        .unwrap_or("en")
}

/// The browser's preferred languages, in order (`navigator.languages`).
pub fn browser_languages() -> Vec<String> {
    let navigator = web_sys::window().map(|w| w.navigator());
    let languages = navigator.map(|n| n.languages()).unwrap_or_default();
    languages.iter().filter_map(|l| l.as_string()).collect()
}
