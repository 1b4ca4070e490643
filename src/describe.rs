//! Turns the policy's decisions into the shopper's words. Pure: the components only show it.

use crate::format;
use crate::i18n::Locale;
use crate::api::{ApiError, ErrorKind, RefusalNote};
use cancel_policy::{Eligibility, ItemState, OrderItem, Outcome, Rule, Timestamp};

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
pub fn guidance(locale: Locale, item: &OrderItem, e: &Eligibility, now: Timestamp) -> Guidance {
    let text = |key: &str| locale.t(key).to_string();
    let plain = |key: &str| Guidance { text: text(key), link: None };
    let mut g = match (e.outcome, e.because.rule) {
        (Outcome::CancelNow, Rule::WindowOpen) => {
            let until = e.until.unwrap_or(now);
            Guidance {
                text: locale.tf(
                    "outcome.until",
                    &[("time", &format::time(locale, until)), ("left", &format::remaining(until.unix() - now.unix()))],
                ),
                link: None,
            }
        }
        (Outcome::CancelNow, _) if e.because.state == ItemState::Unpaid => plain("outcome.unpaid"),
        (Outcome::CancelNow, _) => plain("outcome.cancel_now"),
        (Outcome::RequestCancellation, Rule::ThirdPartySeller) => Guidance {
            text: locale.tf("outcome.third_party", &[("seller", e.because.seller.as_deref().unwrap_or(""))]),
            link: None,
        },
        // A closed window: a request if the policy takes one after it, else support can help.
        (Outcome::RequestCancellation | Outcome::NotAllowed, Rule::WindowClosed) => Guidance {
            text: locale.tf("outcome.window_closed", &[("minutes", &e.because.minutes.unwrap_or(0).to_string())]),
            link: (e.outcome == Outcome::NotAllowed).then_some(GuidanceLink::Support),
        },
        (Outcome::RequestCancellation, _) => plain("outcome.request"),
        (Outcome::InterceptViaSupport, _) => Guidance { text: text("outcome.intercept"), link: Some(GuidanceLink::Support) },
        (Outcome::RefuseDelivery, _) => Guidance { text: text("outcome.refuse"), link: Some(GuidanceLink::Support) },
        (Outcome::ReturnAfterDelivery, _) => Guidance { text: text("outcome.return"), link: Some(GuidanceLink::Returns) },
        (Outcome::NotAllowed, Rule::Personalised) => plain("outcome.personalised"),
        (Outcome::NotAllowed, Rule::MarkedNotCancellable) => plain("outcome.marked"),
        (Outcome::NotAllowed, Rule::Returned) => plain("outcome.returned"),
        (Outcome::NotAllowed, _) => Guidance { text: text("outcome.not_allowed"), link: Some(GuidanceLink::Support) },
        (Outcome::AlreadyCancelled, _) => plain("outcome.cancelled"),
        (Outcome::RequestPending, _) => plain("outcome.pending"),
    };
    // Partly cancelled or requested lines say so, whatever the rest may do.
    let total = item.quantity.to_string();
    for (n, key) in [(item.cancelled_quantity, "outcome.partly"), (item.requested_quantity, "outcome.partly_requested")] {
        if n > 0 && n < item.quantity {
            g.text = format!("{} {}", locale.tf(key, &[("n", &n.to_string()), ("total", &total)]), g.text);
        }
    }
    g
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
        ErrorKind::Http(_) if !e.code.starts_with("http_") && !e.detail.is_empty() => return e.detail.clone(),
        ErrorKind::Http(status) => return locale.tf("error.http", &[("status", &status.to_string())]),
    };
    locale.t(key).to_string()
}
