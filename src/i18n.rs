//! Texts in English and German. Keys are plain strings so the policy's reason `label_key`s
//! resolve here too; a missing German text falls back to English, then to the key.

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
        let tag = requested.map(str::to_string).or_else(browser).unwrap_or_default().to_ascii_lowercase();
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
        let table = match self {
            Locale::En => EN,
            Locale::De => DE,
        };
        lookup(table, key).or_else(|| lookup(EN, key)).unwrap_or(key)
    }

    /// `tf` for a count `n` (filled in as `{n}`): the `KEY.one` text when `n` is 1.
    pub fn tn(self, key: &str, n: u32, args: &[(&str, &str)]) -> String {
        let n_text = n.to_string();
        let args: Vec<(&str, &str)> = args.iter().copied().chain([("n", n_text.as_str())]).collect();
        let one = format!("{key}.one");
        let key = if n == 1 && self.t(&one) != one { one.as_str() } else { key };
        self.tf(key, &args)
    }

    /// `t` with `{name}` placeholders filled in.
    pub fn tf(self, key: &str, args: &[(&str, &str)]) -> String {
        args.iter().fold(self.t(key).to_string(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
    }
}

fn lookup(table: &'static [(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

const EN: &[(&str, &str)] = &[
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
    ("card.order", "Order {number}"),
    ("card.placed", "Placed {date}"),
    ("card.items", "{n} items"),
    ("card.items.one", "1 item"),
    ("card.total", "Total"),
    ("card.cancel", "Cancel"),
    ("card.details", "Details"),
    ("status.unpaid", "Awaiting payment"),
    ("status.to_ship", "To ship"),
    ("status.shipped", "Shipped"),
    ("status.delivered", "Delivered"),
    ("status.cancelled", "Cancelled"),
    ("status.cancellation_requested", "Cancellation requested"),
    ("status.returned", "Returned"),
    ("state.unpaid", "Awaiting payment"),
    ("state.paid", "Paid, awaiting processing"),
    ("state.processing", "Processing"),
    ("state.packed", "Packed, awaiting carrier pickup"),
    ("state.shipped", "In transit"),
    ("state.delivered", "Delivered"),
    ("state.cancelled", "Cancelled"),
    ("state.cancellation_requested", "Cancellation requested"),
    ("state.returned", "Returned"),
    ("outcome.cancel_now", "You can cancel this item."),
    ("outcome.until", "Cancellable until {time} ({left} left)."),
    ("outcome.unpaid", "Not paid yet: cancelling voids the payment."),
    ("outcome.request", "The seller decides: you can send a cancellation request."),
    ("outcome.third_party", "Sold by {seller}: the seller approves or denies a cancellation request."),
    ("outcome.window_closed", "The free {minutes}-minute cancellation window has closed: the seller decides on a request."),
    ("outcome.intercept", "Already shipped. Our support team may be able to intercept the parcel in transit."),
    ("outcome.refuse", "In transit: it can no longer be cancelled here. You can refuse the delivery when the courier arrives and it goes back for a refund. Use this as a last resort: refused parcels cost the seller and may count against your account."),
    ("outcome.return", "Too late to cancel. Once it is delivered you can return it for a refund."),
    ("outcome.not_allowed", "This item cannot be cancelled at this stage."),
    ("outcome.personalised", "Personalised items are made for you and cannot be cancelled."),
    ("outcome.marked", "The store does not allow cancelling this item."),
    ("outcome.returned", "This item was returned."),
    ("outcome.cancelled", "Cancelled."),
    ("outcome.pending", "Cancellation requested: waiting for the seller's answer."),
    ("outcome.partly", "{n} of {total} cancelled."),
    ("outcome.partly_requested", "{n} of {total} waiting for the seller."),
    ("link.support", "Contact support"),
    ("link.returns", "Start a return"),
    ("link.buy_again", "Buy again"),
    ("action.back", "Back to my orders"),
    ("action.cancel_item", "Cancel item"),
    ("action.request_item", "Request cancellation"),
    ("action.cancel_selected", "Cancel selected ({n})"),
    ("action.cancel_selected_none", "Cancel selected"),
    ("action.cancel_order", "Cancel entire order"),
    ("action.select", "Select {title}"),
    ("qty.label", "Quantity to cancel"),
    ("qty.of", "of {n}"),
    ("bundle.note", "Part of a set: the whole set is cancelled together."),
    ("item.qty", "Qty {n}"),
    ("item.sold_by", "Sold by {seller}"),
    ("order.loading", "Loading the order…"),
    ("order.placed", "Placed {date}"),
    ("order.nothing", "Nothing in this order can be cancelled now."),
    ("dialog.title", "Cancel {n} items?"),
    ("dialog.title.one", "Cancel 1 item?"),
    ("dialog.request_title", "Ask the seller to cancel {n} items?"),
    ("dialog.request_title.one", "Ask the seller to cancel 1 item?"),
    ("dialog.reason", "Reason"),
    ("dialog.reason_optional", "Reason (optional)"),
    ("dialog.choose", "Choose a reason"),
    ("dialog.comment", "Comment"),
    ("dialog.comment_required", "Comment (required)"),
    ("dialog.refund_to", "Refund to"),
    ("dialog.keep", "Keep my order"),
    ("dialog.confirm", "Cancel items"),
    ("dialog.confirm.one", "Cancel item"),
    ("dialog.confirm_request", "Send request"),
    ("dialog.submitting", "Cancelling…"),
    ("dialog.voided", "Not paid yet: the payment is voided, nothing is charged."),
    ("dialog.request_note", "{n} items need the seller's approval. If approved you get back {amount}."),
    ("dialog.request_note.one", "1 item needs the seller's approval. If approved you get back {amount}."),
    ("dest.original_payment", "Original payment method"),
    ("dest.store_credit", "Store credit"),
    ("quote.items", "Items"),
    ("quote.discount", "Discount"),
    ("quote.tax", "Tax"),
    ("quote.shipping", "Shipping"),
    ("quote.total", "You get back"),
    ("result.completed", "Cancelled. {amount} will be refunded to your {destination}."),
    ("result.recorded", "Recorded {when}."),
    ("result.dest.original_payment", "original payment method"),
    ("result.dest.store_credit", "store credit"),
    ("result.completed_free", "Cancelled. Nothing was charged, so there is nothing to refund."),
    ("result.requested", "Request sent to the seller. You will see their answer here."),
    ("result.conflict", "Your order changed while you were looking, so nothing was cancelled. Here is what you can do now:"),
    ("result.network", "We could not reach the store, so we cannot tell yet whether it went through. Trying again never cancels twice."),
    ("result.failed", "The cancellation did not go through: {detail}"),
    ("result.retry", "Try again"),
    ("result.dismiss", "Dismiss"),
    ("history.title", "Cancellation history"),
    ("history.completed", "Cancelled"),
    ("history.requested", "Requested"),
    ("history.approved", "Approved by the seller"),
    ("history.denied", "Denied by the seller"),
    ("error.load", "We could not load this: {detail}"),
    ("error.retry", "Retry"),
    ("error.chunk", "This part of the widget could not be loaded. Check your connection."),
    ("error.try_again", "Try again"),
    ("error.config", "The orders widget is not set up correctly:"),
    ("refusal.reason_required", "Please choose a reason."),
    ("refusal.comment_required", "Please tell us more in the comment."),
    ("refusal.comment_too_long", "The comment is too long: {n} characters at most."),
    ("refusal.empty_selection", "Select at least one item."),
    ("refusal.other", "This selection cannot be cancelled ({code})."),
    ("refusal.not_cancellable", "An item you chose can no longer be cancelled."),
    ("refusal.quantity_exceeds_open", "You chose more units than are left to cancel."),
    ("refusal.partial_quantity_not_allowed", "This shop only cancels whole lines, not part of a quantity."),
    ("refusal.bundle_incomplete", "Items sold as a set must be cancelled together."),
    ("refusal.destination_not_offered", "That refund destination is not offered."),
    ("refusal.unknown_reason", "Please choose one of the listed reasons."),
    ("reason.changed_mind", "I changed my mind"),
    ("reason.ordered_by_mistake", "Ordered by mistake"),
    ("reason.found_cheaper", "Found it cheaper elsewhere"),
    ("reason.delivery_too_slow", "Delivery takes too long"),
    ("reason.wrong_address", "Wrong shipping address"),
    ("reason.no_longer_wanted", "No longer wanted"),
    ("reason.wrong_purchase", "Wrong purchase"),
    ("reason.found_better_product", "Found a more suitable product"),
    ("reason.other", "Other reason"),
];

const DE: &[(&str, &str)] = &[
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
    ("card.order", "Bestellung {number}"),
    ("card.placed", "Bestellt am {date}"),
    ("card.items", "{n} Artikel"),
    ("card.items.one", "1 Artikel"),
    ("card.total", "Summe"),
    ("card.cancel", "Stornieren"),
    ("card.details", "Details"),
    ("status.unpaid", "Zahlung ausstehend"),
    ("status.to_ship", "Zu versenden"),
    ("status.shipped", "Versendet"),
    ("status.delivered", "Zugestellt"),
    ("status.cancelled", "Storniert"),
    ("status.cancellation_requested", "Stornierung angefragt"),
    ("status.returned", "Zurückgesendet"),
    ("state.unpaid", "Zahlung ausstehend"),
    ("state.paid", "Bezahlt, wartet auf Bearbeitung"),
    ("state.processing", "In Bearbeitung"),
    ("state.packed", "Verpackt, wartet auf Abholung"),
    ("state.shipped", "Unterwegs"),
    ("state.delivered", "Zugestellt"),
    ("state.cancelled", "Storniert"),
    ("state.cancellation_requested", "Stornierung angefragt"),
    ("state.returned", "Zurückgesendet"),
    ("outcome.cancel_now", "Du kannst diesen Artikel stornieren."),
    ("outcome.until", "Stornierbar bis {time} (noch {left})."),
    ("outcome.unpaid", "Noch nicht bezahlt: die Stornierung hebt die Zahlung auf."),
    ("outcome.request", "Der Verkäufer entscheidet: du kannst eine Stornierung anfragen."),
    ("outcome.third_party", "Verkauft von {seller}: der Verkäufer nimmt die Anfrage an oder lehnt sie ab."),
    ("outcome.window_closed", "Die kostenlose Stornofrist von {minutes} Minuten ist vorbei: der Verkäufer entscheidet."),
    ("outcome.intercept", "Bereits versendet. Unser Kundenservice kann das Paket eventuell unterwegs abfangen."),
    ("outcome.refuse", "Unterwegs: hier nicht mehr stornierbar. Du kannst die Annahme verweigern, dann geht es zurück und wird erstattet. Nur als letzter Ausweg: verweigerte Pakete kosten den Verkäufer und können deinem Konto schaden."),
    ("outcome.return", "Zu spät zum Stornieren. Nach der Zustellung kannst du den Artikel zurücksenden."),
    ("outcome.not_allowed", "Dieser Artikel kann jetzt nicht storniert werden."),
    ("outcome.personalised", "Personalisierte Artikel werden für dich gefertigt und sind nicht stornierbar."),
    ("outcome.marked", "Der Shop erlaubt für diesen Artikel keine Stornierung."),
    ("outcome.returned", "Dieser Artikel wurde zurückgesendet."),
    ("outcome.cancelled", "Storniert."),
    ("outcome.pending", "Stornierung angefragt: wartet auf die Antwort des Verkäufers."),
    ("outcome.partly", "{n} von {total} storniert."),
    ("outcome.partly_requested", "{n} von {total} warten auf den Verkäufer."),
    ("link.support", "Kundenservice kontaktieren"),
    ("link.returns", "Rücksendung starten"),
    ("link.buy_again", "Erneut kaufen"),
    ("action.back", "Zurück zu meinen Bestellungen"),
    ("action.cancel_item", "Artikel stornieren"),
    ("action.request_item", "Stornierung anfragen"),
    ("action.cancel_selected", "Auswahl stornieren ({n})"),
    ("action.cancel_selected_none", "Auswahl stornieren"),
    ("action.cancel_order", "Ganze Bestellung stornieren"),
    ("action.select", "{title} auswählen"),
    ("qty.label", "Anzahl stornieren"),
    ("qty.of", "von {n}"),
    ("bundle.note", "Teil eines Sets: das ganze Set wird zusammen storniert."),
    ("item.qty", "Menge {n}"),
    ("item.sold_by", "Verkauft von {seller}"),
    ("order.loading", "Bestellung wird geladen…"),
    ("order.placed", "Bestellt am {date}"),
    ("order.nothing", "In dieser Bestellung kann jetzt nichts storniert werden."),
    ("dialog.title", "{n} Artikel stornieren?"),
    ("dialog.title.one", "1 Artikel stornieren?"),
    ("dialog.request_title", "Den Verkäufer bitten, {n} Artikel zu stornieren?"),
    ("dialog.request_title.one", "Den Verkäufer bitten, 1 Artikel zu stornieren?"),
    ("dialog.reason", "Grund"),
    ("dialog.reason_optional", "Grund (optional)"),
    ("dialog.choose", "Grund wählen"),
    ("dialog.comment", "Kommentar"),
    ("dialog.comment_required", "Kommentar (Pflicht)"),
    ("dialog.refund_to", "Erstattung auf"),
    ("dialog.keep", "Bestellung behalten"),
    ("dialog.confirm", "Artikel stornieren"),
    ("dialog.confirm.one", "Artikel stornieren"),
    ("dialog.confirm_request", "Anfrage senden"),
    ("dialog.submitting", "Wird storniert…"),
    ("dialog.voided", "Noch nicht bezahlt: die Zahlung wird aufgehoben, nichts wird belastet."),
    ("dialog.request_note", "{n} Artikel brauchen die Zustimmung des Verkäufers. Bei Zustimmung erhältst du {amount} zurück."),
    ("dialog.request_note.one", "1 Artikel braucht die Zustimmung des Verkäufers. Bei Zustimmung erhältst du {amount} zurück."),
    ("dest.original_payment", "Ursprüngliche Zahlungsmethode"),
    ("dest.store_credit", "Guthaben im Shop"),
    ("quote.items", "Artikel"),
    ("quote.discount", "Rabatt"),
    ("quote.tax", "Steuer"),
    ("quote.shipping", "Versand"),
    ("quote.total", "Du erhältst zurück"),
    ("result.completed", "Storniert. {amount} wird auf dein(e) {destination} erstattet."),
    ("result.recorded", "Erfasst am {when}."),
    ("result.dest.original_payment", "ursprüngliche Zahlungsmethode"),
    ("result.dest.store_credit", "Guthaben im Shop"),
    ("result.completed_free", "Storniert. Es wurde nichts belastet, also gibt es nichts zu erstatten."),
    ("result.requested", "Anfrage an den Verkäufer gesendet. Seine Antwort erscheint hier."),
    ("result.conflict", "Deine Bestellung hat sich inzwischen geändert, es wurde nichts storniert. Das kannst du jetzt tun:"),
    ("result.network", "Der Shop ist nicht erreichbar, daher wissen wir noch nicht, ob es geklappt hat. Erneut versuchen storniert nie doppelt."),
    ("result.failed", "Die Stornierung hat nicht geklappt: {detail}"),
    ("result.retry", "Erneut versuchen"),
    ("result.dismiss", "Schließen"),
    ("history.title", "Stornierungsverlauf"),
    ("history.completed", "Storniert"),
    ("history.requested", "Angefragt"),
    ("history.approved", "Vom Verkäufer angenommen"),
    ("history.denied", "Vom Verkäufer abgelehnt"),
    ("error.load", "Konnte nicht geladen werden: {detail}"),
    ("error.retry", "Erneut laden"),
    ("error.chunk", "Dieser Teil des Widgets konnte nicht geladen werden. Bitte prüfen Sie Ihre Verbindung."),
    ("error.try_again", "Erneut versuchen"),
    ("error.config", "Das Bestell-Widget ist nicht richtig eingerichtet:"),
    ("refusal.reason_required", "Bitte wähle einen Grund."),
    ("refusal.comment_required", "Bitte erkläre es kurz im Kommentar."),
    ("refusal.comment_too_long", "Der Kommentar ist zu lang: höchstens {n} Zeichen."),
    ("refusal.empty_selection", "Wähle mindestens einen Artikel."),
    ("refusal.other", "Diese Auswahl kann nicht storniert werden ({code})."),
    ("refusal.not_cancellable", "Ein gewählter Artikel kann nicht mehr storniert werden."),
    ("refusal.quantity_exceeds_open", "Du hast mehr Stück gewählt, als noch stornierbar sind."),
    ("refusal.partial_quantity_not_allowed", "Dieser Shop storniert nur ganze Positionen, keine Teilmengen."),
    ("refusal.bundle_incomplete", "Artikel aus einem Set werden zusammen storniert."),
    ("refusal.destination_not_offered", "Dieses Erstattungsziel wird nicht angeboten."),
    ("refusal.unknown_reason", "Bitte wähle einen der aufgeführten Gründe."),
    ("reason.changed_mind", "Ich habe es mir anders überlegt"),
    ("reason.ordered_by_mistake", "Versehentlich bestellt"),
    ("reason.found_cheaper", "Woanders günstiger gefunden"),
    ("reason.delivery_too_slow", "Lieferung dauert zu lange"),
    ("reason.wrong_address", "Falsche Lieferadresse"),
    ("reason.no_longer_wanted", "Nicht mehr gewünscht"),
    ("reason.wrong_purchase", "Falsch gekauft"),
    ("reason.found_better_product", "Passenderes Produkt gefunden"),
    ("reason.other", "Anderer Grund"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_translated_and_keys_are_unique() {
        for (table, name) in [(EN, "en"), (DE, "de")] {
            for (i, (key, _)) in table.iter().enumerate() {
                assert!(!table[..i].iter().any(|(k, _)| k == key), "{name}: {key} twice");
            }
        }
        let missing: Vec<&str> = EN.iter().map(|(k, _)| *k).filter(|k| lookup(DE, k).is_none()).collect();
        assert!(missing.is_empty(), "German lacks {missing:?}");
        assert_eq!(EN.len(), DE.len(), "German has keys English lacks");
    }

    #[test]
    fn placeholders_and_plurals() {
        assert_eq!(Locale::En.tn("card.items", 1, &[]), "1 item");
        assert_eq!(Locale::En.tn("card.items", 3, &[]), "3 items");
        assert_eq!(Locale::De.tn("dialog.title", 1, &[]), "1 Artikel stornieren?");
        assert_eq!(Locale::De.tf("card.order", &[("number", "PO-1")]), "Bestellung PO-1");
        assert_eq!(Locale::De.t("no.such.key"), "no.such.key");
    }
}
