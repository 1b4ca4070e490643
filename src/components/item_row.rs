//! One item of an order: its state, the policy's outcome for it in words, its checkbox and
//! quantity picker, and its own Cancel / Request button.

use super::shared::thumb;
use crate::describe::{self, GuidanceLink};
use crate::dom::{a, button, div, input, label, li, option, p, select, span, El};
use crate::env::Env;
use crate::format;
use cancel_policy::{CancelledLine, Eligibility, Money, OrderItem, Outcome, SellerKind};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::Node;

/// What an item row needs from its order.
pub struct ItemRowProps {
    pub env: Env,
    /// The item shown.
    pub item: OrderItem,
    /// The policy's answer for this item, once the policy is loaded (tracked).
    pub verdict: Rc<dyn Fn() -> Option<Eligibility>>,
    /// How many units of it are selected, if it is (tracked).
    pub selected: Rc<dyn Fn() -> Option<u32>>,
    /// Ticks or unticks it with this many units (the order applies the policy's rules).
    pub on_toggle: Rc<dyn Fn(u32)>,
    /// Sets its selected quantity.
    pub on_quantity: Rc<dyn Fn(u32)>,
    /// Opens the dialog for this item alone, with this many units.
    pub on_cancel: Rc<dyn Fn(u32, web_sys::Event)>,
    /// For a request waiting for the seller: the seller's deadline, in words.
    pub deadline: Option<String>,
}

/// The item's `<li>`.
pub fn item_row(props: ItemRowProps) -> El {
    let ItemRowProps {
        env,
        item,
        verdict,
        selected,
        on_toggle,
        on_quantity,
        on_cancel,
        deadline,
    } = props;
    let outcome = {
        let verdict = verdict.clone();
        move || verdict().map(|v| (v.outcome, v.max_quantity, v.partial_allowed))
    };
    let max_quantity = {
        let outcome = outcome.clone();
        move || untrack(&outcome).map_or(0, |(_, max, _)| max)
    };
    let link = move |kind: GuidanceLink| {
        let (href, key) = match kind {
            GuidanceLink::Support => (env.config(|c| c.links.support.clone()), "link.support"),
            GuidanceLink::Returns => (env.config(|c| c.links.returns.clone()), "link.returns"),
        };
        href.map(|href| {
            a("oc-link")
                .attr("href", &href)
                .attr("target", "_top")
                .text(&env.t(key))
        })
    };
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
        .flag_with("disabled", {
            let outcome = outcome.clone();
            move || !outcome().is_some_and(|(o, _, _)| o.is_actionable())
        })
        .prop_with("checked", {
            let selected = selected.clone();
            move || JsValue::from_bool(selected().is_some())
        })
        .on_change({
            let max_quantity = max_quantity.clone();
            move |_| on_toggle(max_quantity())
        });
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
        let (item, verdict) = (item.clone(), verdict.clone());
        let outcome = outcome.clone();
        p("oc-guidance").slot(
            move || {
                let guidance =
                    verdict().map(|v| describe::guidance(env.locale, &item, &v, env.now.get()));
                (
                    guidance,
                    outcome().map(|(o, _, _)| o) == Some(Outcome::AlreadyCancelled),
                )
            },
            move |(guidance, cancelled)| {
                let mut nodes = Vec::new();
                if let Some(g) = guidance {
                    nodes.push(crate::dom::text(&g.text));
                    nodes.push(crate::dom::text(" "));
                    nodes.extend(g.link.and_then(link).map(Node::from));
                }
                if let Some(d) = &deadline {
                    nodes.push(crate::dom::text(&format!(" {d}")));
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
    let quantity_range = {
        let (outcome, selected) = (outcome.clone(), selected.clone());
        move || match outcome() {
            Some((_, max, true)) if selected().is_some() => Some(max),
            _ => None,
        }
    };
    let (for_picker, is_selected) = (selected.clone(), selected.clone());
    let actions = div("oc-item__actions")
        .slot(quantity_range, move |shown| {
            let Some(max) = shown else { return Vec::new() };
            let (on_quantity, selected) = (on_quantity.clone(), for_picker.clone());
            let options = (1..=max)
                .map(|n| {
                    option("")
                        .attr("value", &n.to_string())
                        .text(&n.to_string())
                        .into()
                })
                .collect();
            vec![
                label("oc-qty")
                    .attr("for", &qty_id)
                    .text(&env.t("qty.label"))
                    .into(),
                select("oc-qty__select")
                    .attr("id", &qty_id)
                    .children(options)
                    .prop_with("value", move || selected().unwrap_or(1).to_string().into())
                    .on_change(move |ev| {
                        on_quantity(crate::dom::target_value(&ev).parse().unwrap_or(1))
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
                let (class, key) = match outcome {
                    Some(Outcome::CancelNow) => {
                        ("oc-button oc-button--danger", "action.cancel_item")
                    }
                    Some(Outcome::RequestCancellation) => ("oc-button", "action.request_item"),
                    _ => return Vec::new(),
                };
                let (selected, on_cancel, max_quantity) =
                    (selected.clone(), on_cancel.clone(), max_quantity.clone());
                let cancel =
                    move |ev| on_cancel(untrack(&*selected).unwrap_or_else(&max_quantity), ev);
                vec![button(class).text(&env.t(key)).on_click(cancel).into()]
            },
        );
    li("oc-item")
        .class_with("oc-item--selected", move || is_selected().is_some())
        .child(check)
        .child(thumb(&item))
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
