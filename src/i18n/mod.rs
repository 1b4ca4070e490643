//! Texts in English and German. Keys are plain strings so the policy's reason `label_key`s
//! resolve here too; a missing German text falls back to English, then to the key.
//! This file holds what the orders list needs (keys `title`, `tab.*`, `search.*`, `list.*`,
//! `card.*`, `status.*`, `error.*`, `progress.*`, `order.loading`); everything else is in [`details`],
//! which only the lazily loaded details chunk brings along.

pub mod details;

use std::cell::Cell;

type Table = &'static [(&'static str, &'static str)];

thread_local! {
    /// The details' English and German texts, once the details chunk has registered them.
    static MORE: Cell<Option<(Table, Table)>> = const { Cell::new(None) };
}

fn add_texts(en: Table, de: Table) {
    MORE.set(Some((en, de)));
}

/// The widget's language; numbers, money and dates follow it through the browser's Intl.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    En,
    De,
}

impl Locale {
    /// The requested locale, else the browser's language, else English.
    pub fn pick(requested: Option<&str>) -> Locale {
        let browser = || web_sys::window().and_then(|w| w.navigator().language());
        let tag = requested
            .map(str::to_string)
            .or_else(browser)
            .unwrap_or_default()
            .to_ascii_lowercase();
        if tag == "de" || tag.starts_with("de-") {
            Locale::De
        } else {
            Locale::En
        }
    }

    /// BCP 47 tag for Intl.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
        }
    }

    pub fn t(self, key: &str) -> &str {
        let find = |locale: Locale| {
            let (main, more) = match locale {
                Locale::En => (EN, MORE.get().map(|m| m.0)),
                Locale::De => (DE, MORE.get().map(|m| m.1)),
            };
            lookup(main, key).or_else(|| more.and_then(|t| lookup(t, key)))
        };
        find(self).or_else(|| find(Locale::En)).unwrap_or(key)
    }

    /// `tf` for a count `n` (filled in as `{n}`): the `KEY.one` text when `n` is 1.
    pub fn tn(self, key: &str, n: u32, args: &[(&str, &str)]) -> String {
        let n_text = n.to_string();
        let args: Vec<(&str, &str)> = args
            .iter()
            .copied()
            .chain([("n", n_text.as_str())])
            .collect();
        let one = format!("{key}.one");
        let key = if n == 1 && self.t(&one) != one {
            one.as_str()
        } else {
            key
        };
        self.tf(key, &args)
    }

    /// `t` with `{name}` placeholders filled in.
    pub fn tf(self, key: &str, args: &[(&str, &str)]) -> String {
        args.iter()
            .fold(self.t(key).to_string(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), value)
            })
    }
}

fn lookup(table: Table, key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

const EN: Table = &[
    ("title", "My orders"),
    ("tab.all", "All"),
    ("tab.to_ship", "To ship"),
    ("tab.shipped", "Shipped"),
    ("tab.delivered", "Delivered"),
    ("tab.cancelled", "Cancelled"),
    ("search.label", "Search orders"),
    ("search.placeholder", "Order number or product"),
    ("search.submit", "Search"),
    ("list.loading", "Loading your orders…"),
    ("list.empty", "No orders here."),
    ("list.empty_search", "No orders match “{q}”."),
    ("list.next", "Next page"),
    ("list.prev", "Previous page"),
    ("list.pages", "Pages"),
    ("card.order", "Order {number}"),
    ("card.placed", "Placed {date}"),
    ("card.items", "{n} items"),
    ("card.items.one", "1 item"),
    ("card.total", "Total"),
    ("card.cancel", "Cancel items"),
    ("card.cancel_label", "Cancel items in order {number}"),
    ("card.request", "Request cancellation"),
    (
        "card.request_label",
        "Request cancellation of order {number}",
    ),
    ("card.cancelled", "{n} of {total} items cancelled"),
    ("card.cancelled_all", "All {n} items cancelled"),
    ("card.cancelled_all.one", "Item cancelled"),
    ("card.refunded", "{amount} refunded"),
    ("card.not_charged", "not charged"),
    ("card.details", "Details"),
    ("status.unpaid", "Awaiting payment"),
    ("status.to_ship", "To ship"),
    ("status.shipped", "Shipped"),
    ("status.delivered", "Delivered"),
    ("status.cancelled", "Cancelled"),
    ("status.cancellation_requested", "Cancellation requested"),
    ("status.returned", "Returned"),
    ("order.loading", "Loading the order…"),
    ("error.load", "We could not load this. {detail}"),
    (
        "error.network",
        "We could not reach the store. Please check your connection.",
    ),
    ("error.timeout", "The store did not answer in time."),
    (
        "error.bad_response",
        "The store sent an answer we could not read.",
    ),
    (
        "error.auth",
        "You are not signed in, or your session has ended. Please sign in again.",
    ),
    (
        "error.not_found",
        "We could not find this order. It may belong to another account.",
    ),
    (
        "error.busy",
        "The store is busy right now. Please try again in a moment.",
    ),
    ("error.http", "The store could not answer (error {status})."),
    (
        "progress.slow",
        "The store is taking a while to answer. Still trying…",
    ),
    ("error.retry", "Retry"),
    (
        "error.chunk",
        "This part of the widget could not be loaded. Check your connection.",
    ),
    ("error.try_again", "Try again"),
    ("error.config", "The orders widget is not set up correctly:"),
];

const DE: Table = &[
    ("title", "Meine Bestellungen"),
    ("tab.all", "Alle"),
    ("tab.to_ship", "Zu versenden"),
    ("tab.shipped", "Versendet"),
    ("tab.delivered", "Zugestellt"),
    ("tab.cancelled", "Storniert"),
    ("search.label", "Bestellungen durchsuchen"),
    ("search.placeholder", "Bestellnummer oder Produkt"),
    ("search.submit", "Suchen"),
    ("list.loading", "Bestellungen werden geladen…"),
    ("list.empty", "Hier gibt es keine Bestellungen."),
    ("list.empty_search", "Keine Bestellung passt zu „{q}“."),
    ("list.next", "Nächste Seite"),
    ("list.prev", "Vorherige Seite"),
    ("list.pages", "Seiten"),
    ("card.order", "Bestellung {number}"),
    ("card.placed", "Bestellt am {date}"),
    ("card.items", "{n} Artikel"),
    ("card.items.one", "1 Artikel"),
    ("card.total", "Summe"),
    ("card.cancel", "Artikel stornieren"),
    (
        "card.cancel_label",
        "Artikel stornieren in Bestellung {number}",
    ),
    ("card.request", "Stornierung anfragen"),
    (
        "card.request_label",
        "Stornierung anfragen für Bestellung {number}",
    ),
    ("card.cancelled", "{n} von {total} Artikeln storniert"),
    ("card.cancelled_all", "Alle {n} Artikel storniert"),
    ("card.cancelled_all.one", "Artikel storniert"),
    ("card.refunded", "{amount} erstattet"),
    ("card.not_charged", "nicht belastet"),
    ("card.details", "Details"),
    ("status.unpaid", "Zahlung ausstehend"),
    ("status.to_ship", "Zu versenden"),
    ("status.shipped", "Versendet"),
    ("status.delivered", "Zugestellt"),
    ("status.cancelled", "Storniert"),
    ("status.cancellation_requested", "Stornierung angefragt"),
    ("status.returned", "Zurückgesendet"),
    ("order.loading", "Bestellung wird geladen…"),
    ("error.load", "Konnte nicht geladen werden. {detail}"),
    (
        "error.network",
        "Der Shop ist nicht erreichbar. Bitte prüfe deine Verbindung.",
    ),
    (
        "error.timeout",
        "Der Shop hat nicht rechtzeitig geantwortet.",
    ),
    (
        "error.bad_response",
        "Der Shop hat eine Antwort gesendet, die wir nicht lesen können.",
    ),
    (
        "error.auth",
        "Du bist nicht angemeldet oder deine Sitzung ist abgelaufen. Bitte melde dich erneut an.",
    ),
    (
        "error.not_found",
        "Diese Bestellung wurde nicht gefunden. Vielleicht gehört sie zu einem anderen Konto.",
    ),
    (
        "error.busy",
        "Der Shop ist gerade ausgelastet. Bitte versuche es gleich noch einmal.",
    ),
    (
        "error.http",
        "Der Shop konnte nicht antworten (Fehler {status}).",
    ),
    (
        "progress.slow",
        "Der Shop braucht länger für die Antwort. Wir versuchen es weiter…",
    ),
    ("error.retry", "Erneut laden"),
    (
        "error.chunk",
        "Dieser Teil des Widgets konnte nicht geladen werden. Bitte prüfe deine Verbindung.",
    ),
    ("error.try_again", "Erneut versuchen"),
    (
        "error.config",
        "Das Bestell-Widget ist nicht richtig eingerichtet:",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    const LIST_KEYS: [&str; 8] = [
        "tab.",
        "search.",
        "list.",
        "card.",
        "status.",
        "error.",
        "progress.",
        "order.loading",
    ];
    fn is_list_key(key: &str) -> bool {
        key == "title" || LIST_KEYS.iter().any(|p| key.starts_with(p))
    }

    #[test]
    fn every_text_is_translated_and_keys_are_unique() {
        let all_en: Vec<_> = EN.iter().chain(details::EN).collect();
        let all_de: Vec<_> = DE.iter().chain(details::DE).collect();
        for (table, name) in [(&all_en, "en"), (&all_de, "de")] {
            for (i, (key, _)) in table.iter().enumerate() {
                assert!(
                    !table[..i].iter().any(|(k, _)| k == key),
                    "{name}: {key} twice"
                );
            }
        }
        for (en, de, name) in [(EN, DE, "list"), (details::EN, details::DE, "details")] {
            let missing: Vec<&str> = en
                .iter()
                .map(|(k, _)| *k)
                .filter(|k| lookup(de, k).is_none())
                .collect();
            assert!(missing.is_empty(), "German {name} texts lack {missing:?}");
            assert_eq!(
                en.len(),
                de.len(),
                "German {name} texts have keys English lacks"
            );
        }
    }

    #[test]
    fn the_list_texts_are_in_the_first_chunk_and_only_they() {
        assert!(
            EN.iter().all(|(k, _)| is_list_key(k)),
            "a details text among the list's"
        );
        assert!(
            details::EN.iter().all(|(k, _)| !is_list_key(k)),
            "a list text among the details'"
        );
    }

    #[test]
    fn placeholders_and_plurals() {
        details::register();
        assert_eq!(Locale::En.tn("card.items", 1, &[]), "1 item");
        assert_eq!(Locale::En.tn("card.items", 3, &[]), "3 items");
        assert_eq!(
            Locale::De.tn("dialog.title", 1, &[]),
            "1 Artikel stornieren?"
        );
        assert_eq!(
            Locale::De.tf("card.order", &[("number", "PO-1")]),
            "Bestellung PO-1"
        );
        assert_eq!(Locale::De.t("no.such.key"), "no.such.key");
    }
}
