//! The order's past cancellations and requests, newest first, each with its refund's
//! progress.

use super::refunds::refund_for;
use super::shared::reason_text;
use crate::describe;
use crate::dom::{br, h3, li, section, span, strong, ul, El};
use crate::env::Env;
use crate::format;
use cancel_policy::{Cancellation, CancellationStatus, Order};

/// The order's history section, if it has any cancellations.
pub fn history(env: Env, order: &Order) -> Option<El> {
    let policy = env.policy.get_untracked();
    (!order.cancellations.is_empty()).then(|| {
        let entries = order
            .cancellations
            .iter()
            .rev()
            .map(|c: &Cancellation| {
                let lines: Vec<String> = c.items.iter().map(|l| describe::line(order, l)).collect();
                let what = crate::text::join(&lines, ", ");
                let status = env.t(match c.status {
                    CancellationStatus::Completed => "history.completed",
                    CancellationStatus::Requested => "history.requested",
                    CancellationStatus::Approved => "history.approved",
                    CancellationStatus::Denied => "history.denied",
                });
                // The reason as the dialog showed it (the merchant's own label, or the
                // catalogs'); no reason given (e.g. Amazon asks but does not require one), or
                // one the policy no longer offers and no catalog knows: say nothing.
                let reason = match policy.as_ref().and_then(|p| p.reason(&c.reason_code)) {
                    Some(r) => Some(reason_text(env, r)),
                    None => env.locale.label(&format!("reason.{}", c.reason_code)),
                }
                .map(|text| format!(" · {text}"));
                // A refund on its way says where it stands; else the amount, if any. A
                // request's refund comes only if the seller approves: it says so.
                let progress = refund_for(env, order, &c.id);
                let refund = (progress.is_none()
                    && c.refund.amount > 0
                    && c.status != CancellationStatus::Denied)
                    .then(|| {
                        let amount = format::money(env.locale, &c.refund);
                        span("").text(&match c.status {
                            CancellationStatus::Requested => {
                                env.tf("history.if_approved", &[("amount", &amount)])
                            }
                            _ => amount,
                        })
                    });
                li("oc-history__entry")
                    .child(strong("").text(&status))
                    // A decided request is dated when it was decided: when its items changed.
                    .text(&format!(
                        " · {}",
                        format::date_and_time(env.locale, c.decided_at.unwrap_or(c.created_at))
                    ))
                    .child(br(""))
                    .text(&what)
                    .text(&reason.unwrap_or_default())
                    .text(if refund.is_some() { " · " } else { "" })
                    .maybe(refund)
                    .maybe(progress)
                    .into()
            })
            .collect();
        section("oc-history")
            .child(h3("").text(&env.t("history.title")))
            .child(ul("").children(entries))
    })
}
