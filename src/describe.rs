//! Turns the policy's decisions into the shopper's words. Pure: the components only show it.

use crate::api::{ApiError, ErrorKind, RefusalNote, TOKEN_FAILED};
use crate::format;
use crate::i18n::Locale;
use cancel_policy::{
    Cancellation, CancellationStatus, CancelledLine, Eligibility, ItemState, Order, OrderItem,
    Outcome, ParcelRequest, ParcelRequestRecord, ParcelStage, Rule, SilenceOutcome, Timestamp,
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
    let plain = |text: String| Guidance { text, link: None };
    let state = state_label(locale, e.because.state);
    let state = [("state", state.as_str())];
    let minutes = e.because.minutes.unwrap_or(0);
    let support = Some(GuidanceLink::Support);
    let returns = Some(GuidanceLink::Returns);
    let mut g = match (e.outcome, e.because.rule) {
        (Outcome::CancelNow, Rule::WindowOpen) => {
            let until = e.until.unwrap_or(now);
            plain(locale.tf(
                "outcome.until",
                &[
                    ("time", &format::time(locale, until)),
                    ("left", &format::remaining(until.unix() - now.unix())),
                ],
            ))
        }
        (Outcome::CancelNow, _) if e.because.state == ItemState::Unpaid => {
            plain(locale.t("outcome.unpaid"))
        }
        (Outcome::CancelNow, _) => plain(locale.t("outcome.cancel_now")),
        (Outcome::RequestCancellation, Rule::ThirdPartySeller) => plain(locale.tf(
            "outcome.third_party",
            &[("seller", e.because.seller.as_deref().unwrap_or(""))],
        )),
        // A closed window: a request if the policy takes one after it, else support can help.
        (Outcome::RequestCancellation, Rule::WindowClosed) => {
            plain(locale.tn("outcome.window_closed", minutes, &[]))
        }
        (Outcome::NotAllowed, Rule::WindowClosed) => Guidance {
            text: locale.tn("outcome.window_closed_support", minutes, &[]),
            link: support,
        },
        (Outcome::RequestCancellation, _) => plain(locale.tf("outcome.request", &state)),
        (Outcome::InterceptViaSupport, _) => Guidance {
            text: locale.tf("outcome.intercept", &state),
            link: support,
        },
        (Outcome::RefuseDelivery, _) => Guidance {
            text: locale.tf("outcome.refuse", &state),
            link: support,
        },
        (Outcome::ReturnAfterDelivery, _) if e.because.state == ItemState::Delivered => Guidance {
            text: locale.tf("outcome.return_delivered", &state),
            link: returns,
        },
        (Outcome::ReturnAfterDelivery, _) => Guidance {
            text: locale.tf("outcome.return", &state),
            link: returns,
        },
        (Outcome::NotAllowed, Rule::Personalised) => plain(locale.t("outcome.personalised")),
        (Outcome::NotAllowed, Rule::MarkedNotCancellable) => plain(locale.t("outcome.marked")),
        (Outcome::NotAllowed, Rule::Returned) => plain(locale.t("outcome.returned")),
        (Outcome::NotAllowed, _) => Guidance {
            text: locale.tf("outcome.not_allowed", &state),
            link: support,
        },
        (Outcome::AlreadyCancelled, _) => plain(locale.t("outcome.cancelled")),
        // Held by a parcel request, not by a seller's answer: its stage is in the history.
        (Outcome::RequestPending, _) if item.requested_quantity == 0 => {
            plain(locale.t("outcome.parcel_pending"))
        }
        (Outcome::RequestPending, _) => plain(locale.t("outcome.pending")),
    };
    // Where the shopper can send a parcel request, its button does what support was for.
    if let (false, Some(kind)) = (e.outcome.is_actionable(), e.parcel_requests.first()) {
        g = plain(locale.tf(
            match kind {
                ParcelRequest::InterceptionRequest => "outcome.interception_offered",
                ParcelRequest::RefusalNotice => "outcome.refusal_offered",
            },
            &state,
        ));
    }
    // Partly cancelled or requested lines say so, whatever the rest may do.
    let total = item.quantity.to_string();
    let total = [("total", total.as_str())];
    let (cancelled, requested) = (item.cancelled_quantity, item.requested_quantity);
    if requested > 0 && requested < item.quantity {
        let part = locale.tn("outcome.partly_requested", requested, &total);
        g.text = locale.sentences(&part, &g.text);
    }
    if cancelled > 0 && cancelled < item.quantity {
        let part = locale.tn("outcome.partly", cancelled, &total);
        g.text = locale.sentences(&part, &g.text);
    }
    g
}

/// For an item whose parcel request the store answered "cannot be done" (not stopped, or
/// delivered anyway): it comes back by a return after delivery, not by what support might
/// otherwise try. `None` for any other item.
pub fn after_parcel_request(
    locale: Locale,
    order: &Order,
    item: &OrderItem,
    e: &Eligibility,
) -> Option<Guidance> {
    let settled = order.parcel_requests.iter().any(|r| {
        r.item_id == item.id
            && cancel_policy::parcel_stage(order, r) == ParcelStage::ReturnAfterDelivery
    });
    let advice_only = matches!(
        e.outcome,
        Outcome::InterceptViaSupport | Outcome::RefuseDelivery
    );
    (settled && advice_only).then(|| Guidance {
        text: locale.tf(
            "outcome.return",
            &[("state", &state_label(locale, e.because.state))],
        ),
        link: Some(GuidanceLink::Returns),
    })
}

/// An item's state in words, e.g. "Packed, awaiting carrier pickup".
pub fn state_label(locale: Locale, state: ItemState) -> String {
    locale.t(match state {
        ItemState::Unpaid => "state.unpaid",
        ItemState::Paid => "state.paid",
        ItemState::Processing => "state.processing",
        ItemState::Packed => "state.packed",
        ItemState::Shipped => "state.shipped",
        ItemState::Delivered => "state.delivered",
        ItemState::Cancelled => "state.cancelled",
        ItemState::CancellationRequested => "state.cancellation_requested",
        ItemState::Returned => "state.returned",
    })
}

/// "2 × Wool socks": some units of one line of `order`.
pub fn line(order: &Order, line: &CancelledLine) -> String {
    let title = order
        .item(&line.item_id)
        .map_or(line.item_id.as_str(), |i| i.title.as_str());
    format!("{} × {title}", line.quantity)
}

/// Where parcel request `r` of `order` stands ([`cancel_policy::parcel_stage`]), in one
/// sentence: the history's line for it, read out when it moves. Once the parcel is back, the
/// refund's own line says where the money is (none: nothing was charged).
pub fn parcel_stage(locale: Locale, order: &Order, r: &ParcelRequestRecord) -> String {
    let interception = r.kind == ParcelRequest::InterceptionRequest;
    match cancel_policy::parcel_stage(order, r) {
        ParcelStage::Asked => locale.tf(
            match interception {
                true => "parcel.asked_interception",
                false => "parcel.asked_refusal",
            },
            &[("date", &format::date(locale, r.created_at))],
        ),
        ParcelStage::OnItsWayBack => locale.t("parcel.on_its_way_back"),
        ParcelStage::RefundPending | ParcelStage::Refunded | ParcelStage::RefundFailed => {
            locale.t("parcel.back")
        }
        ParcelStage::ReturnAfterDelivery => locale.t(match interception {
            true => "parcel.not_stopped",
            false => "parcel.delivered",
        }),
    }
}

/// A refusal, in words the shopper can act on.
pub fn refusal(locale: Locale, r: &RefusalNote) -> String {
    if let Some(n) = r.max_chars {
        return locale.tn("refusal.comment_too_long", n, &[]);
    }
    locale.tf(
        match r.code.as_str() {
            "reason_required" => "refusal.reason_required",
            "comment_required" => "refusal.comment_required",
            "empty_selection" => "refusal.empty_selection",
            "not_cancellable" => "refusal.not_cancellable",
            "quantity_exceeds_open" => "refusal.quantity_exceeds_open",
            "partial_quantity_not_allowed" => "refusal.partial_quantity_not_allowed",
            "bundle_incomplete" => "refusal.bundle_incomplete",
            "destination_not_offered" => "refusal.destination_not_offered",
            "unknown_reason" => "refusal.unknown_reason",
            "parcel_request_not_offered" => "refusal.parcel_request_not_offered",
            _ => "refusal.other",
        },
        &[("code", &r.code)],
    )
}

/// For a request waiting for the seller under a response deadline: until when the seller may
/// answer, and what happens if they do not (as the store recorded it with the request).
pub fn seller_deadline(locale: Locale, c: &Cancellation) -> Option<String> {
    let (Some(by), Some(then)) = (c.respond_by, c.if_unanswered) else {
        return None;
    };
    Some(locale.tf(
        match then {
            SilenceOutcome::Approve => "deadline.approve",
            SilenceOutcome::Deny => "deadline.deny",
        },
        &[("when", &format::date_and_time(locale, by))],
    ))
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
    let status = match e.kind {
        ErrorKind::Http(status) => crate::text::number(status),
        _ => String::new(),
    };
    locale.tf(
        match e.kind {
            ErrorKind::Network => "error.network",
            ErrorKind::Timeout => "error.timeout",
            ErrorKind::BadResponse => "error.bad_response",
            // A token function that threw or a token promise that rejected: the developer
            // reads which on the console (`load_error`), the shopper a sign-in problem.
            ErrorKind::Config if e.code == TOKEN_FAILED => "error.sign_in",
            ErrorKind::Config => return e.detail.clone(),
            ErrorKind::Http(401 | 403) => "error.auth",
            ErrorKind::Http(404) => "error.not_found",
            ErrorKind::Http(429 | 503) => "error.busy",
            ErrorKind::Http(_) if !e.code.starts_with("http_") && !e.detail.is_empty() => {
                return e.detail.clone()
            }
            ErrorKind::Http(_) => "error.http",
        },
        &[("status", &status)],
    )
}
