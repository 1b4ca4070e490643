//! One order in the list: number, status, date, pictures and total; what was cancelled of it
//! and what came back; and, where the policy says something can still be cancelled or
//! requested, a quiet way into that (the red, confirming step is the dialog's).

use super::order_details::details_view;
use super::shared::{status_badge, thumb};
use crate::dom::{button, div, li, p, span, strong, El};
use crate::env::Env;
use crate::format;
use cancel_policy::{
    cancelled_summary, list_action, Money, Order, Outcome, ParcelRequestStatus, RefundAmounts,
    RefundStatus, Tab,
};
use std::rc::Rc;

/// The card of `order`, as listed under `tab`, with its refunds' amounts by status and the
/// status of its newest open parcel request, if one is open.
pub fn order_card(
    env: Env,
    order: &Order,
    tab: Tab,
    refunds: RefundAmounts,
    parcel: Option<ParcelRequestStatus>,
) -> El {
    let id = order.id.clone();
    let open = Rc::new(move || env.open_order(&id));
    let total = Money::new(order.total(), order.currency.clone());
    let units: u32 = order.items.iter().map(|i| i.quantity).sum();
    let titles = order
        .items
        .iter()
        .map(|i| i.title.as_str())
        .collect::<Vec<_>>();
    let titles = crate::text::join(&titles, ", ");
    let number = {
        let open = open.clone();
        button("oc-card__number oc-link")
            .text(&env.tf("card.order", &[("number", &order.number)]))
            .on_click(move |_| open())
    };
    let side = div("oc-card__side").child(
        span("oc-card__total")
            .text(&env.t("card.total"))
            .text(" ")
            .child(strong("").text(&format::money(env.locale, &total))),
    );
    // The Cancelled tab lists what was cancelled: no way to cancel more from there.
    let side = match tab {
        Tab::Cancelled => side,
        _ => side.slot(
            {
                let order = order.clone();
                move || {
                    env.policy
                        .with(|p| p.and_then(|p| list_action(&order, p, env.now.get())))
                }
            },
            {
                let number = order.number.clone();
                move |action| action_button(env, action, &number, open.clone())
            },
        ),
    };
    li("oc-card")
        .on_pointerenter(|_| details_view::CHUNK.prefetch())
        .on_focusin(|_| details_view::CHUNK.prefetch())
        .child(
            div("oc-card__head").child(number).child(
                span("oc-card__badges")
                    .child(status_badge(env, order.status()))
                    .maybe(parcel.map(|status| {
                        span("oc-status oc-status--parcel").text(&env.t(match status {
                            ParcelRequestStatus::Intercepted => "card.parcel_on_its_way_back",
                            ParcelRequestStatus::Noticed => "card.parcel_to_refuse",
                            _ => "card.parcel_stopping",
                        }))
                    }))
                    .maybe((refunds.pending > 0).then(|| {
                        span("oc-status oc-status--refund_pending")
                            .text(&env.t("card.refund_pending"))
                    })),
            ),
        )
        .child(
            div("oc-card__meta")
                .text(&env.tf(
                    "card.placed",
                    &[("date", &format::date(env.locale, order.placed_at))],
                ))
                .text(" · ")
                .text(&env.locale.tn("card.items", units, &[])),
        )
        .maybe(cancelled_note(env, order, refunds).map(|note| p("oc-card__cancelled").text(&note)))
        .child(
            div("oc-card__body")
                .child(
                    div("oc-thumbs").children(
                        order
                            .items
                            .iter()
                            .take(4)
                            .map(|i| thumb(i).into())
                            .collect(),
                    ),
                )
                .child(p("oc-card__titles").text(&titles))
                .child(side),
        )
}

/// "Cancel items" or "Request cancellation", named for its order ("Cancel items in order
/// PO-10421"), for what the policy lets the shopper do; nothing when it lets them do nothing.
fn action_button(
    env: Env,
    action: Option<Outcome>,
    number: &str,
    open: Rc<dyn Fn()>,
) -> Vec<web_sys::Node> {
    let number = [("number", number)];
    let (label, name) = match action {
        Some(Outcome::CancelNow) => (env.t("card.cancel"), env.tf("card.cancel_label", &number)),
        Some(Outcome::RequestCancellation) => {
            (env.t("card.request"), env.tf("card.request_label", &number))
        }
        _ => return Vec::new(),
    };
    vec![button("oc-button")
        .attr("aria-label", &name)
        .text(&label)
        .on_click(move |_| open())
        .into()]
}

/// "1 of 2 items cancelled · €32.85 refunded" (or "· €32.85 refund pending", "… failed",
/// "… called off": what became of the money; "· not charged" when it was never paid; no
/// money when nothing was charged for it), or nothing when nothing was cancelled.
fn cancelled_note(env: Env, order: &Order, refunds: RefundAmounts) -> Option<String> {
    let s = cancelled_summary(order, refunds)?;
    let what = if s.cancelled_units == s.units {
        env.locale.tn("card.cancelled_all", s.units, &[])
    } else {
        let total = crate::text::number(s.units);
        env.locale
            .tn("card.cancelled", s.cancelled_units, &[("total", &total)])
    };
    let mut parts = vec![what];
    for (status, amount) in s.back.by_status() {
        if amount > 0 {
            let amount = format::money(env.locale, &Money::new(amount, order.currency.clone()));
            let said = env.tf(
                match status {
                    RefundStatus::Succeeded => "card.refunded",
                    RefundStatus::Pending => "card.pending",
                    RefundStatus::Failed => "card.failed",
                    RefundStatus::Canceled => "card.called_off",
                },
                &[("amount", &amount)],
            );
            parts.push(said);
        }
    }
    if s.not_charged {
        parts.push(env.t("card.not_charged"));
    }
    Some(crate::text::join(&parts, " · "))
}
