//! The order's past cancellations and requests, newest first.

use crate::env::use_env;
use crate::format;
use cancel_policy::{Cancellation, CancellationStatus, Order};
use leptos::prelude::*;

#[component]
pub fn History(
    /// The order, for the items' titles.
    order: Order,
) -> impl IntoView {
    let env = use_env();
    let policy = env.policy.get_untracked();
    (!order.cancellations.is_empty()).then(|| {
        let entries = order
            .cancellations
            .iter()
            .rev()
            .map(|c: &Cancellation| {
                let what = c
                    .items
                    .iter()
                    .map(|l| {
                        let title = order.item(&l.item_id).map_or(l.item_id.as_str(), |i| i.title.as_str());
                        format!("{} × {title}", l.quantity)
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let status = match c.status {
                    CancellationStatus::Completed => "history.completed",
                    CancellationStatus::Requested => "history.requested",
                    CancellationStatus::Approved => "history.approved",
                    CancellationStatus::Denied => "history.denied",
                };
                // The policy's own label for the reason, as the dialog showed it.
                let label_key = policy.as_ref().and_then(|p| p.reason(&c.reason_code)).map(|r| r.label_key.clone());
                // No reason given (e.g. Amazon asks but does not require one): say nothing.
                let key = label_key.unwrap_or_else(|| format!("reason.{}", c.reason_code));
                let reason = Some(env.t(&key)).filter(|text| *text != key).map(|text| format!(" · {text}"));
                view! {
                    <li class="oc-history__entry">
                        <strong>{env.t(status)}</strong>
                        " · " {format::date_and_time(env.locale, c.created_at)}
                        // Built, not written: a static `<br />` would be parsed from markup (refused under Trusted Types).
                        {leptos::html::br()}
                        {what} {reason}
                        {(c.refund.amount > 0 && c.status != CancellationStatus::Denied).then(|| view! {
                            " · " <span>{format::money(env.locale, &c.refund)}</span>
                        })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="oc-history">
                <h3>{env.t("history.title")}</h3>
                <ul>{entries}</ul>
            </section>
        }
    })
}
