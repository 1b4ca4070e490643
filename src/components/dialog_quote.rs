//! The reason dialog's quote: the refund now, line by line, and what a request to the seller
//! would refund if approved, following the shopper's answers; for a parcel request, its
//! refund, what happens next and when the money comes back.

use super::dialog_form::Form;
use super::money_summary::money_row;
use super::parcels::parcel_outlook;
use crate::dom::{div, p, span, strong, El};
use crate::env::Env;
use crate::format;
use cancel_policy::{Money, Plan, RefundQuote, Refusal};
use leptos::prelude::*;
use web_sys::Node;

/// The quote for what `form` would cancel now; empty without a policy or while refused.
pub(super) fn quote(form: Form) -> El {
    let (env, order) = (form.env, form.order);
    div("oc-quote").slot(
        move || form.plan().and_then(Result::ok),
        move |plan| {
            let Some(plan) = plan else { return Vec::new() };
            let currency = order.read_value().currency.clone();
            let mut nodes = if plan.cancel_now.is_empty() {
                Vec::new()
            } else {
                quote_rows(env, &plan.refund_now, &currency)
            };
            // A parcel request: what happens next, and when the money comes back.
            if let Some(kind) = form.parcel {
                let q = &plan.refund_now;
                nodes.extend(parcel_outlook(env, kind, &q.total, q.destination));
            }
            if !plan.request.is_empty() {
                let amount = format::money(env.locale, &plan.refund_if_approved.total);
                let units = plan.request.iter().map(|l| l.quantity).sum();
                nodes.push(
                    p("oc-muted")
                        .text(
                            &env.locale
                                .tn("dialog.request_note", units, &[("amount", &amount)]),
                        )
                        .into(),
                );
            }
            nodes
        },
    )
}

/// The units `plan` covers: cancelled now and requested.
pub(super) fn lines_count(plan: &Option<Result<Plan, Vec<Refusal>>>) -> u32 {
    match plan {
        Some(Ok(p)) => (p.cancel_now.iter().chain(&p.request))
            .map(|l| l.quantity)
            .sum(),
        _ => 0,
    }
}

/// The refund now: items, discount, tax, shipping (each when not zero), the total, and
/// whether the payment is only voided.
fn quote_rows(env: Env, q: &RefundQuote, currency: &str) -> Vec<Node> {
    let money = |amount: i64| format::money(env.locale, &Money::new(amount, currency));
    let parts = [
        (env.t("quote.items"), q.items),
        (env.t("quote.discount"), -q.discount),
        (env.t("quote.tax"), q.tax),
        (env.t("quote.shipping"), q.shipping),
    ];
    let mut rows = Vec::new();
    for (label, amount) in &parts {
        if *amount != 0 {
            rows.push(money_row(label, &money(*amount), "oc-quote__row", span));
        }
    }
    rows.push(money_row(
        &env.t("quote.total"),
        &money(q.total.amount),
        "oc-quote__row oc-quote__total",
        strong,
    ));
    if q.voided > 0 {
        rows.push(p("oc-muted").text(&env.t("dialog.voided")).into());
    }
    rows
}
