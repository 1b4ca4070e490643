//! One item of an order: its state, the policy's outcome for it in words, its checkbox and
//! quantity picker, and its own Cancel / Request button.

use super::details_state::Details;
use super::shared::thumb;
use crate::describe::{self, GuidanceLink};
use crate::dom::{a, button, div, input, label, li, option, p, select, span, target_value, El};
use crate::env::Env;
use crate::format;
use cancel_policy::{CancelledLine, Money, OrderItem, Outcome, ParcelRequest, SellerKind};
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::Node;

/// The storefront's support or returns link, if it configured one.
pub(super) fn guidance_link(env: Env, kind: GuidanceLink) -> Option<El> {
    let (href, label) = match kind {
        GuidanceLink::Support => (
            env.config(|c| c.links.support.clone()),
            env.t("link.support"),
        ),
        GuidanceLink::Returns => (
            env.config(|c| c.links.returns.clone()),
            env.t("link.returns"),
        ),
    };
    href.map(|href| {
        a("oc-link")
            .attr("href", &href)
            .attr("target", "_top")
            .text(&label)
    })
}

/// The button that asks for `kind` ("Ask to stop the parcel"), and the heading of the
/// dialog it opens.
pub(super) fn ask_label(env: Env, kind: ParcelRequest) -> String {
    env.t(match kind {
        ParcelRequest::InterceptionRequest => "action.parcel_interception",
        ParcelRequest::RefusalNotice => "action.parcel_refusal",
    })
}

/// Item `index` of the order `d` shows. `d` is a `Copy` handle, and so is every closure
/// below that reads or changes its state: none needs cloning before it is moved.
pub fn item_row(d: Details, index: usize, item: &OrderItem) -> El {
    let env = d.env;
    let verdict = move || d.verdict(index);
    let selected = move || d.selected(index);
    let outcome = move || verdict().map(|v| (v.outcome, v.max_quantity, v.partial_allowed));
    let max_quantity = move || untrack(outcome).map_or(0, |(_, max, _)| max);
    // What a parcel request is about: all the units not cancelled yet (the view is built
    // again for a new order).
    let open_units = item.open_quantity();
    let deadline = d.seller_deadline(index);
    let line_total = Money::new(
        item.unit_price.amount * item.quantity as i64,
        item.unit_price.currency.clone(),
    );
    let buy_again = env.buy_again_link(&item.sku);
    let qty_id = format!("oc-qty-{}", item.id);

    let check = input("oc-item__check")
        .attr("type", "checkbox")
        .attr(
            "aria-label",
            &env.tf("action.select", &[("title", &item.title)]),
        )
        .flag_with("disabled", move || {
            !outcome().is_some_and(|(o, _, _)| o.is_actionable())
        })
        .prop_with("checked", move || JsValue::from_bool(selected().is_some()))
        .on_change(move |_| d.toggle(index, max_quantity()));
    let facts = p("oc-muted")
        .text(&env.tf("item.qty", &[("n", &item.quantity.to_string())]))
        .text(" · ")
        .text(&format::money(env.locale, &line_total))
        .text(" · ")
        .child(
            span(&format!("oc-state oc-state--{}", item.state.as_str()))
                .text(&env.state_label(item.state)),
        );
    let guidance = {
        let item = item.clone();
        p("oc-guidance").slot(
            move || {
                let guidance = verdict().map(|v| {
                    let settled = d
                        .order
                        .with_value(|o| describe::after_parcel_request(env.locale, o, &item, &v));
                    settled
                        .unwrap_or_else(|| describe::guidance(env.locale, &item, &v, env.now.get()))
                });
                (
                    guidance,
                    outcome().map(|(o, _, _)| o) == Some(Outcome::AlreadyCancelled),
                )
            },
            move |(guidance, cancelled)| {
                let mut nodes = Vec::new();
                if let Some(g) = guidance {
                    nodes.push(crate::dom::text(&g.text));
                    nodes.push(crate::dom::text(env.locale.sentence_gap()));
                    nodes.extend(
                        g.link
                            .and_then(|kind| guidance_link(env, kind))
                            .map(Node::from),
                    );
                }
                if let Some(d) = &deadline {
                    nodes.push(crate::dom::text(&env.locale.sentences("", d)));
                }
                if let (true, Some(href)) = (cancelled, &buy_again) {
                    nodes.push(
                        a("oc-link")
                            .attr("href", href)
                            .attr("target", "_top")
                            .text(&env.t("link.buy_again"))
                            .into(),
                    );
                }
                nodes
            },
        )
    };
    let main =
        div("oc-item__main")
            .child(p("oc-item__title").text(&item.title))
            .child(facts)
            .maybe((item.seller.kind == SellerKind::ThirdParty).then(|| {
                p("oc-muted").text(&env.tf("item.sold_by", &[("seller", &item.seller.name)]))
            }))
            .maybe(
                item.bundle_id
                    .is_some()
                    .then(|| p("oc-muted").text(&env.t("bundle.note"))),
            )
            .child(guidance);
    // The picker's range: rebuilt only when that changes, not on each choice, so the
    // select keeps the focus while the shopper picks.
    let quantity_range = move || match outcome() {
        Some((_, max, true)) if selected().is_some() => Some(max),
        _ => None,
    };
    let actions = div("oc-item__actions")
        .slot(quantity_range, move |shown| {
            let Some(max) = shown else { return Vec::new() };
            vec![
                label("oc-qty")
                    .attr("for", &qty_id)
                    .text(&env.t("qty.label"))
                    .into(),
                select("oc-qty__select")
                    .attr("id", &qty_id)
                    .each(1..=max, |n| {
                        option("")
                            .attr("value", &n.to_string())
                            .text(&n.to_string())
                    })
                    .prop_with("value", move || selected().unwrap_or(1).to_string().into())
                    .on_change(move |ev| {
                        d.set_quantity(index, target_value(&ev).parse().unwrap_or(1))
                    })
                    .into(),
                span("oc-muted")
                    .text(&env.tf("qty.of", &[("n", &max.to_string())]))
                    .into(),
            ]
        })
        .slot(
            move || outcome().map(|(o, _, _)| o),
            move |outcome| {
                let mut buttons: Vec<Node> = Vec::new();
                // Opens the dialog: red is kept for its confirming step.
                let label = match outcome {
                    Some(Outcome::CancelNow) => Some(env.t("action.cancel_item")),
                    Some(Outcome::RequestCancellation) => Some(env.t("action.request_item")),
                    _ => None,
                };
                if let Some(label) = label {
                    let cancel = move |ev| {
                        d.cancel_item(index, untrack(selected).unwrap_or_else(max_quantity), ev)
                    };
                    buttons.push(button("oc-button").text(&label).on_click(cancel).into());
                }
                // Beside it, each parcel request the policy offers opens the dialog in parcel
                // mode for the item's open units (a new answer rebuilds the whole view).
                for kind in untrack(verdict)
                    .map(|v| v.parcel_requests)
                    .unwrap_or_default()
                {
                    let label = ask_label(env, kind);
                    let ask = move |ev| d.ask_parcel(index, kind, open_units, ev);
                    buttons.push(button("oc-button").text(&label).on_click(ask).into());
                }
                buttons
            },
        );
    li("oc-item")
        .class_with("oc-item--selected", move || selected().is_some())
        .child(check)
        .child(thumb(item))
        .child(main)
        .child(actions)
}

/// Selected units of `item_id` in `selection`, if it is selected.
pub fn selected_quantity(selection: &[CancelledLine], item_id: &str) -> Option<u32> {
    selection
        .iter()
        .find(|l| l.item_id == item_id)
        .map(|l| l.quantity)
}
