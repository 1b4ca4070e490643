//! Order details: loads one order and shows its items with the policy's outcome for each,
//! the selection, "Cancel selected" / "Cancel entire order", the dialog, the result and the
//! history. Submitting is `crate::submit`'s job; this component only wires it up.

use super::details_state::Details;
use super::history::history;
use super::item_row::item_row;
use super::money_summary::order_summary;
use super::reason_dialog::reason_dialog;
use super::refunds::refund_news;
use super::shared::{in_words, load_error, loading, progress, screen_heading, status_badge};
use super::submission::Submitter;
use crate::dom::{button, div, header, p, ul, El};
use crate::env::{Env, Screen};
use crate::format;
use crate::load::{load, Load};
use crate::watch::{awaits_news, reread_on_return};
use cancel_policy::Order;
use leptos::prelude::*;
use web_sys::Node;

crate::chunk::split_point!(
    /// The order details screen with its reason dialog and results, in one chunk: separate
    /// chunks for the dialog and the results cost 18 KB more brotli in all (measured).
    pub(crate) details_view in details,
    fn order_details(env: Env, order_id: String) -> El {
        crate::styles::add_details(crate::styles::DETAILS_STYLES); // they travel with this chunk
        order_details_screen(env, order_id)
    }
);

/// The details screen: "← Back", then the order once it is loaded. What the shopper does
/// with the order (the selection, the dialog's answers) outlives a new catalog, in whose words
/// the screen's parts are built again.
fn order_details_screen(env: Env, order_id: String) -> El {
    let order = load(move || {
        env.refresh.track();
        env.backend().order(&order_id)
    });
    // Outlives each reload of the order, so the result of a cancellation stays on screen.
    let submitter = Submitter::new(env);
    let back = move || {
        vec![button("oc-link oc-back")
            .text(&env.t("action.back"))
            .on_click(move |_| env.go(Screen::List))
            .into()]
    };
    // Refunds that move while the shopper looks (or looks away) are read out.
    let news = refund_news(env, order);
    in_words(env, div("oc-details"), back).child(news).slot(
        move || order.get(),
        move |answer| {
            let details = match &answer {
                Some(Ok(o)) => Some(order_state(env, o, order, submitter)),
                _ => None,
            };
            let parts = move || match &answer {
                None => vec![loading(env, &env.t("order.loading")).into()],
                // A re-read after an unknown outcome may fail too: the outcome stays in view.
                Some(Err(e)) => vec![
                    submitter.banner(None).into(),
                    load_error(env, e, move || order.reload()).into(),
                ],
                Some(Ok(o)) => details.map_or_else(Vec::new, |d| order_view(d, o, order)),
            };
            vec![in_words(env, div("oc-order"), parts).into()]
        },
    )
}

/// What the shopper does with a loaded order, until it is read again.
fn order_state(env: Env, order: &Order, load: Load<Order>, submitter: Submitter) -> Details {
    let d = Details::new(env, StoredValue::new(order.clone()), submitter);
    // News the shopper waits for is read on a return to the page, never under an open dialog.
    reread_on_return(load.reloader(), move || {
        d.dialog.read_untracked().is_none() && awaits_news(&d.order.read_value())
    });
    d
}

/// One loaded order: its head, the last result, the items, the actions, the order's money,
/// the history and, when open, the dialog. While `load` reads the order again, its items and actions take no
/// input: what they offer may be out of date.
fn order_view(d: Details, order: &Order, load: Load<Order>) -> Vec<Node> {
    let (env, submitter) = (d.env, d.submitter);
    let title = screen_heading(env, &env.tf("card.order", &[("number", &order.number)]));
    let placed = env.tf(
        "order.placed",
        &[("date", &format::date_and_time(env.locale, order.placed_at))],
    );
    let status = order.status();
    let head = header("oc-order-head")
        .child(title)
        .child(status_badge(env, status))
        .child(p("oc-muted").text(&placed));
    // After an outcome nobody knows, the shopper sees that the order is being checked.
    let checking = div("oc-checking").slot(
        move || load.asking_again() && submitter.outcome_unknown(),
        move |checking| match checking {
            true => vec![progress(env, &env.t("order.checking"))
                .attr("role", "status")
                .into()],
            false => Vec::new(),
        },
    );
    let reading = move || load.asking_again();
    let mut items = Vec::new();
    for (index, item) in order.items.iter().enumerate() {
        items.push(item_row(d, index, item).into());
    }
    let actions = div("oc-actions").slot(
        move || (d.actionable().is_empty(), d.whole_order()),
        move |_| d.actions(),
    );
    let dialog = div("oc-dialog-slot").slot(
        move || d.dialog.get().map(|open| (open.lines, open.parcel)),
        move |open| {
            let Some((lines, parcel)) = open else {
                return Vec::new();
            };
            vec![reason_dialog(d, lines, parcel).into()]
        },
    );
    let mut parts = vec![
        head.into(),
        submitter.banner(Some(order)).into(),
        checking.into(),
        ul("oc-items")
            .flag_with("inert", reading)
            .children(items)
            .into(),
        actions.flag_with("inert", reading).into(),
        order_summary(env, order),
    ];
    if let Some(history) = history(env, order) {
        parts.push(history.into());
    }
    parts.push(dialog.into());
    parts
}
