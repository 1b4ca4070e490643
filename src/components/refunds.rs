//! A refund's progress in the shopper's words: how much, where to, and where it stands —
//! "Refund of €12.99 to your original payment method: pending, usually 5–7 business days."
//! Shown in the result after submitting and in the order's history, and read out when it
//! moves while the shopper looks (with the parcel requests' stages).

use super::item_row::guidance_link;
use crate::describe::{self, GuidanceLink};
use crate::dom::{p, El};
use crate::env::Env;
use crate::format;
use crate::load::Load;
use cancel_policy::{ExpectedTime, Order, Refund, RefundDestination, RefundStatus};
use std::cell::RefCell;

/// The refund `cancellation_id` owes, as a line of its own (if the order has one yet).
pub fn refund_for(env: Env, order: &Order, cancellation_id: &str) -> Option<El> {
    order
        .refunds
        .iter()
        .find(|r| r.cancellation_id == cancellation_id)
        .map(|r| refund_line(env, r))
}

/// One refund: its sentence and, for a failed one, the way to the store's support.
fn refund_line(env: Env, refund: &Refund) -> El {
    let line = p(match refund.status {
        RefundStatus::Pending => "oc-refund oc-refund--pending",
        RefundStatus::Succeeded => "oc-refund oc-refund--succeeded",
        RefundStatus::Failed => "oc-refund oc-refund--failed",
        RefundStatus::Canceled => "oc-refund oc-refund--canceled",
    })
    .text(&refund_text(env, refund));
    match refund.status {
        RefundStatus::Failed => line
            .text(env.locale.sentence_gap())
            .maybe(guidance_link(env, GuidanceLink::Support)),
        _ => line,
    }
}

/// The sentence for `refund` where it stands now.
fn refund_text(env: Env, refund: &Refund) -> String {
    let amount = format::money(env.locale, &refund.amount);
    let to = env.t(match refund.destination {
        RefundDestination::OriginalPayment => "refund.to.original_payment",
        RefundDestination::StoreCredit => "refund.to.store_credit",
    });
    // A pending refund says when it usually arrives; a settled one, the day it settled.
    let when = match refund.status {
        RefundStatus::Pending => expected(env, refund.expected),
        _ => String::new(),
    };
    let date = format::date(env.locale, refund.updated_at);
    let args = [
        ("amount", &*amount),
        ("to", &to),
        ("when", &when),
        ("date", &date),
    ];
    let text = env.tf(
        match refund.status {
            RefundStatus::Pending => "refund.pending",
            RefundStatus::Succeeded => "refund.succeeded",
            RefundStatus::Failed => "refund.failed",
            RefundStatus::Canceled => "refund.canceled",
        },
        &args,
    );
    if let (RefundStatus::Succeeded, Some(reference)) = (refund.status, &refund.reference) {
        let reference = env.tf("refund.reference", &[("reference", reference)]);
        return env.locale.sentences(&text, &reference);
    }
    text
}

/// How long a refund usually takes: "immediately", "1 business day", "5–7 business days".
fn expected(env: Env, time: ExpectedTime) -> String {
    if time.is_immediate() {
        return env.t("refund.immediately");
    }
    env.locale.tn(
        match (time.business_days, time.min_days == time.max_days) {
            (true, true) => "refund.business_days",
            (true, false) => "refund.business_days_range",
            (false, true) => "refund.days",
            (false, false) => "refund.days_range",
        },
        time.max_days,
        &[("min", &time.min_days.to_string())],
    )
}

/// The polite live region that reads out each refund and each parcel request that moved
/// while the shopper looks at the order (`order` is read again on a return to the page:
/// `crate::watch`). It belongs to the screen, not to the order's view below it, which is
/// rebuilt on a change: a region new with each answer would not be read out.
pub fn refund_news(env: Env, order: Load<Order>) -> El {
    // Where each refund and parcel request stood in the answer before (none before the
    // first): (id, status) pairs.
    let before = RefCell::new(None::<Vec<(String, &'static str)>>);
    p("oc-visually-hidden")
        .attr("aria-live", "polite")
        .text_with(move || {
            order.with(|answer| {
                let Some(Ok(now)) = answer else {
                    return String::new(); // a failed or unfinished read: nothing moved
                };
                let was = before.borrow_mut().take();
                let moved_since = |id: &str, status: &str| {
                    (was.as_ref()).is_some_and(|b| !b.iter().any(|(i, s)| i == id && *s == status))
                };
                let (mut stands, mut moved) = (Vec::new(), Vec::new());
                for r in &now.parcel_requests {
                    let status = r.status.as_str();
                    // One just sent is told by its result; each later move here.
                    if r.status != r.kind.first_status() && moved_since(&r.id, status) {
                        moved.push(describe::parcel_stage(env.locale, now, r));
                    }
                    stands.push((r.id.clone(), status));
                }
                for r in &now.refunds {
                    let status = r.status.as_str();
                    if moved_since(&r.id, status) {
                        moved.push(refund_text(env, r));
                    }
                    stands.push((r.id.clone(), status));
                }
                *before.borrow_mut() = Some(stands);
                crate::text::join(&moved, env.locale.sentence_gap())
            })
        })
}
