//! The order's money on its details screen, as a receipt: items, discount, shipping, tax and
//! the total as placed; once something is cancelled, where the money it gives back stands
//! (refunded, pending, failed, called off; or never charged) and what the order costs now. The figures are the policy crate's (`money_summary`); this
//! only lays them out. The dialog's refund quote uses the same rows.

use crate::dom::{div, h3, section, span, strong, El};
use crate::env::Env;
use crate::format;
use cancel_policy::{money_summary, Money, Order, RefundStatus};
use web_sys::Node;

/// One line of a receipt: its label on the left, its amount on the right in `figure` (a
/// `span`, or `strong` for a total).
pub fn money_row(label: &str, amount: &str, class: &str, figure: fn(&str) -> El) -> Node {
    div(class)
        .child(span("").text(label))
        .child(figure("").text(amount))
        .into()
}

/// The "Order summary" section of `order`.
pub fn order_summary(env: Env, order: &Order) -> Node {
    let s = money_summary(order);
    let row = |label: &str, amount: i64, class: &str, figure: fn(&str) -> El| {
        let amount = format::money(env.locale, &Money::new(amount, order.currency.clone()));
        money_row(label, &amount, class, figure)
    };
    // The items' row always; the others when they are not zero.
    let as_placed = [
        (env.t("quote.items"), s.items, true),
        (env.t("quote.discount"), -s.discount, false),
        (env.t("quote.shipping"), s.shipping, false),
        (env.t("quote.tax"), s.tax, false),
    ];
    let mut rows = Vec::new();
    for (label, amount, always) in &as_placed {
        if *amount != 0 || *always {
            rows.push(row(label, *amount, "oc-summary__row", span));
        }
    }
    rows.push(row(
        &env.t("summary.total"),
        s.total,
        "oc-summary__row oc-summary__total",
        strong,
    ));
    // What cancelling changed: only when money came back (or is coming, or did not come:
    // each as it stands) or was never taken (a cancelled free item changes no figure).
    // Green only for money that is back; a failed refund in the colour of danger.
    let before = rows.len();
    for (status, amount) in s.back.by_status() {
        if amount > 0 {
            let (label, class) = match status {
                RefundStatus::Succeeded => (
                    env.t("summary.refunded"),
                    "oc-summary__row oc-summary__back",
                ),
                RefundStatus::Pending => (
                    env.t("summary.pending"),
                    "oc-summary__row oc-summary__pending",
                ),
                RefundStatus::Failed => (
                    env.t("summary.failed"),
                    "oc-summary__row oc-summary__failed",
                ),
                RefundStatus::Canceled => (env.t("summary.called_off"), "oc-summary__row"),
            };
            rows.push(row(&label, -amount, class, span));
        }
    }
    if s.not_charged > 0 {
        let label = env.t("summary.not_charged");
        rows.push(row(
            &label,
            -s.not_charged,
            "oc-summary__row oc-summary__back",
            span,
        ));
    }
    if rows.len() > before {
        rows.push(row(
            &env.t("summary.now"),
            s.now,
            "oc-summary__row oc-summary__total",
            strong,
        ));
    }
    section("oc-summary")
        .attr("aria-labelledby", "oc-summary-title")
        .child(
            h3("")
                .attr("id", "oc-summary-title")
                .text(&env.t("summary.title")),
        )
        .children(rows)
        .into()
}
