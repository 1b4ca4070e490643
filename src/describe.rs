//! Turns the policy's decisions into the shopper's words. Pure: the components only show it.

use crate::api::{ApiError, ErrorKind, RefusalNote};
use crate::format;
use crate::i18n::Locale;
use cancel_policy::{
    Cancellation, CancellationStatus, CancelledLine, Eligibility, ItemState, Order, OrderItem,
    Outcome, Rule, SilenceOutcome, Timestamp,
};

/// What to say about an item, and which link (if any) goes with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guidance {
    pub text: String,
    pub link: Option<GuidanceLink>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuidanceLink {
    Support,
    Returns,
}

/// The sentence under an item: its outcome, with the countdown when a window applies.
/// Sentences that explain why the shopper cannot simply cancel start with the item's state,
/// in the words of its badge, so they never speak of a state the item is not in.
pub fn guidance(locale: Locale, item: &OrderItem, e: &Eligibility, now: Timestamp) -> Guidance {
    let text = |key: &str| locale.t(key).to_string();
    let plain = |key: &str| Guidance {
        text: text(key),
        link: None,
    };
    let state = locale
        .t(&format!("state.{}", e.because.state.as_str()))
        .to_string();
    let stated = |key: &str, link: Option<GuidanceLink>| Guidance {
        text: locale.tf(key, &[("state", &state)]),
        link,
    };
    let minutes = e.because.minutes.unwrap_or(0).to_string();
    let mut g = match (e.outcome, e.because.rule) {
        (Outcome::CancelNow, Rule::WindowOpen) => {
            let until = e.until.unwrap_or(now);
            Guidance {
                text: locale.tf(
                    "outcome.until",
                    &[
                        ("time", &format::time(locale, until)),
                        ("left", &format::remaining(until.unix() - now.unix())),
                    ],
                ),
                link: None,
            }
        }
        (Outcome::CancelNow, _) if e.because.state == ItemState::Unpaid => plain("outcome.unpaid"),
        (Outcome::CancelNow, _) => plain("outcome.cancel_now"),
        (Outcome::RequestCancellation, Rule::ThirdPartySeller) => Guidance {
            text: locale.tf(
                "outcome.third_party",
                &[("seller", e.because.seller.as_deref().unwrap_or(""))],
            ),
            link: None,
        },
        // A closed window: a request if the policy takes one after it, else support can help.
        (Outcome::RequestCancellation, Rule::WindowClosed) => Guidance {
            text: locale.tf("outcome.window_closed", &[("minutes", &minutes)]),
            link: None,
        },
        (Outcome::NotAllowed, Rule::WindowClosed) => Guidance {
            text: locale.tf("outcome.window_closed_support", &[("minutes", &minutes)]),
            link: Some(GuidanceLink::Support),
        },
        (Outcome::RequestCancellation, _) => stated("outcome.request", None),
        (Outcome::InterceptViaSupport, _) => {
            stated("outcome.intercept", Some(GuidanceLink::Support))
        }
        (Outcome::RefuseDelivery, _) => stated("outcome.refuse", Some(GuidanceLink::Support)),
        (Outcome::ReturnAfterDelivery, _) if e.because.state == ItemState::Delivered => {
            stated("outcome.return_delivered", Some(GuidanceLink::Returns))
        }
        (Outcome::ReturnAfterDelivery, _) => stated("outcome.return", Some(GuidanceLink::Returns)),
        (Outcome::NotAllowed, Rule::Personalised) => plain("outcome.personalised"),
        (Outcome::NotAllowed, Rule::MarkedNotCancellable) => plain("outcome.marked"),
        (Outcome::NotAllowed, Rule::Returned) => plain("outcome.returned"),
        (Outcome::NotAllowed, _) => stated("outcome.not_allowed", Some(GuidanceLink::Support)),
        (Outcome::AlreadyCancelled, _) => plain("outcome.cancelled"),
        (Outcome::RequestPending, _) => plain("outcome.pending"),
    };
    // Partly cancelled or requested lines say so, whatever the rest may do.
    let total = item.quantity.to_string();
    for (n, key) in [
        (item.cancelled_quantity, "outcome.partly"),
        (item.requested_quantity, "outcome.partly_requested"),
    ] {
        if n > 0 && n < item.quantity {
            g.text = format!(
                "{} {}",
                locale.tf(key, &[("n", &n.to_string()), ("total", &total)]),
                g.text
            );
        }
    }
    g
}

/// "2 × Wool socks": some units of one line of `order`.
pub fn line(order: &Order, line: &CancelledLine) -> String {
    let title = order
        .item(&line.item_id)
        .map_or(line.item_id.as_str(), |i| i.title.as_str());
    format!("{} × {title}", line.quantity)
}

/// A refusal, in words the shopper can act on.
pub fn refusal(locale: Locale, r: &RefusalNote) -> String {
    let key = format!("refusal.{}", r.code);
    match r.max_chars {
        Some(n) => locale.tf(&key, &[("n", &n.to_string())]),
        None if locale.t(&key) != key => locale.t(&key).to_string(),
        None => locale.tf("refusal.other", &[("code", &r.code)]),
    }
}

/// For a request waiting for the seller under a response deadline: until when the seller may
/// answer, and what happens if they do not (as the store recorded it with the request).
pub fn seller_deadline(locale: Locale, c: &Cancellation) -> Option<String> {
    let (Some(by), Some(then)) = (c.respond_by, c.if_unanswered) else {
        return None;
    };
    let key = match then {
        SilenceOutcome::Approve => "deadline.approve",
        SilenceOutcome::Deny => "deadline.deny",
    };
    Some(locale.tf(key, &[("when", &format::date_and_time(locale, by))]))
}

/// The request, still waiting, that includes `item_id`.
pub fn pending_request_for<'a>(order: &'a Order, item_id: &str) -> Option<&'a Cancellation> {
    order.cancellations.iter().find(|c| {
        c.status == CancellationStatus::Requested && c.items.iter().any(|l| l.item_id == item_id)
    })
}

/// A failed call in the shopper's words: never an exception's name or a status code alone.
/// A problem the store explained (problem+json with a `code`) keeps the store's own words.
pub fn api_error(locale: Locale, e: &ApiError) -> String {
    let key = match e.kind {
        ErrorKind::Network => "error.network",
        ErrorKind::Timeout => "error.timeout",
        ErrorKind::BadResponse => "error.bad_response",
        ErrorKind::Config => return e.detail.clone(),
        ErrorKind::Http(401 | 403) => "error.auth",
        ErrorKind::Http(404) => "error.not_found",
        ErrorKind::Http(429 | 503) => "error.busy",
        ErrorKind::Http(_) if !e.code.starts_with("http_") && !e.detail.is_empty() => {
            return e.detail.clone()
        }
        ErrorKind::Http(status) => {
            return locale.tf("error.http", &[("status", &status.to_string())])
        }
    };
    locale.t(key).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cancel_policy::testing::{item, order, PLACED};
    use cancel_policy::{eligibility, Order, Preset, SellerKind};

    /// Lower-case words by which a sentence says an item is in `state`. `Cancelled` has none
    /// of its own: every sentence here is about cancelling.
    fn names(locale: Locale, state: ItemState) -> &'static [&'static str] {
        use ItemState::*;
        match (locale, state) {
            (Locale::En, Unpaid) => &["awaiting payment", "not paid"],
            (Locale::En, Paid) => &["awaiting processing"],
            (Locale::En, Processing) => &["processing", "being processed", "being prepared"],
            (Locale::En, Packed) => &["packed", "carrier pickup"],
            (Locale::En, Shipped) => &["in transit", "shipped"],
            (Locale::En, Delivered) => &["delivered"],
            (Locale::En, CancellationRequested) => &["cancellation requested"],
            (Locale::En, Returned) => &["returned"],
            (Locale::De, Unpaid) => &["zahlung ausstehend", "nicht bezahlt"],
            (Locale::De, Paid) => &["wartet auf bearbeitung"],
            (Locale::De, Processing) => &["in bearbeitung", "wird bearbeitet"],
            (Locale::De, Packed) => &["verpackt", "abholung"],
            (Locale::De, Shipped) => &["unterwegs", "versendet"],
            (Locale::De, Delivered) => &["zugestellt"],
            (Locale::De, CancellationRequested) => &["stornierung angefragt"],
            (Locale::De, Returned) => &["zurückgesendet"],
            (_, Cancelled) => &[],
        }
    }

    /// Every state: the fulfilment chain, then where an item can end instead.
    fn all_states() -> impl Iterator<Item = ItemState> {
        ItemState::CHAIN.into_iter().chain([
            ItemState::Cancelled,
            ItemState::CancellationRequested,
            ItemState::Returned,
        ])
    }

    /// A one-unit item in `state` (a request made while it was packed), bought a day ago.
    fn order_with(state: ItemState, seller: SellerKind) -> Order {
        let one = match state {
            ItemState::Cancelled => item("a", ItemState::Paid).cancelled(),
            ItemState::CancellationRequested => item("a", ItemState::Packed).in_request(),
            _ => item("a", state),
        };
        let one = match seller {
            SellerKind::FirstParty => one,
            SellerKind::ThirdParty => one.sold_by("s", "Gadget Hub"),
        };
        order(vec![one])
    }

    /// Every preset × state × seller kind, in both languages: the sentence under the item
    /// never names a state the item is not in, and where it explains why the shopper cannot
    /// simply cancel, it names the state the item is in.
    #[test]
    fn guidance_names_only_the_items_own_state() {
        crate::i18n::details::register(); // as the details chunk does
        let now = Timestamp::from_unix(PLACED.unix() + 24 * 3600);
        let mut wrong = Vec::new();
        for preset in Preset::ALL {
            let policy = preset.policy();
            for state in all_states() {
                for seller in [SellerKind::FirstParty, SellerKind::ThirdParty] {
                    let order = order_with(state, seller);
                    let item = &order.items[0];
                    let e = eligibility(&order, item, &policy, now);
                    let own = [state, item.fulfilment_state()];
                    for locale in [Locale::En, Locale::De] {
                        let said = guidance(locale, item, &e, now).text;
                        let mut rest = said.to_lowercase();
                        for word in own.iter().flat_map(|s| names(locale, *s)) {
                            rest = rest.replace(word, "");
                        }
                        let others: Vec<ItemState> = all_states()
                            .filter(|s| names(locale, *s).iter().any(|word| rest.contains(word)))
                            .collect();
                        let explains =
                            !e.outcome.is_actionable() && e.outcome != Outcome::AlreadyCancelled;
                        let lower = said.to_lowercase();
                        let names_own = own
                            .iter()
                            .flat_map(|s| names(locale, *s))
                            .any(|word| lower.contains(word));
                        if !others.is_empty()
                            || (explains && !names_own)
                            || said.contains("outcome.")
                        {
                            wrong.push(format!(
                                "{} {state:?} {seller:?} {:?} ({locale:?}): {said:?} names {others:?}",
                                preset.name(),
                                e.outcome
                            ));
                        }
                    }
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "{} sentences do not fit the item's state:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }

    /// Demo order PO-10417 with the `amazon` preset: a packed skillet is explained as packed.
    #[test]
    fn a_packed_item_under_amazon_is_not_called_in_transit() {
        crate::i18n::details::register(); // as the details chunk does
        let order = order_with(ItemState::Packed, SellerKind::FirstParty);
        let e = eligibility(&order, &order.items[0], &Preset::Amazon.policy(), PLACED);
        let g = guidance(Locale::En, &order.items[0], &e, PLACED);
        assert!(
            g.text.starts_with(
                "Packed, awaiting carrier pickup: it can no longer be cancelled here."
            ),
            "{}",
            g.text
        );
        assert!(
            g.text.contains("refuse the delivery") && !g.text.contains("In transit"),
            "{}",
            g.text
        );
        assert_eq!(g.link, Some(GuidanceLink::Support));
        let g = guidance(Locale::De, &order.items[0], &e, PLACED);
        assert!(
            g.text
                .starts_with("Verpackt, wartet auf Abholung: hier nicht mehr stornierbar."),
            "{}",
            g.text
        );
    }

    /// Every reason a preset offers has its label in both languages.
    #[test]
    fn every_preset_reason_has_a_label() {
        crate::i18n::details::register(); // as the details chunk does
        for preset in Preset::ALL {
            for reason in preset.policy().reasons {
                for locale in [Locale::En, Locale::De] {
                    assert_ne!(
                        locale.t(&reason.label_key),
                        reason.label_key,
                        "{} {locale:?}",
                        preset.name()
                    );
                }
            }
        }
    }
}
