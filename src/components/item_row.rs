//! One item of an order: its state, the policy's outcome for it in words, its checkbox and
//! quantity picker, and its own Cancel / Request button.

use super::shared::Thumb;
use crate::describe::{self, GuidanceLink};
use crate::env::use_env;
use crate::format;
use cancel_policy::{CancelledLine, Eligibility, Money, OrderItem, Outcome, SellerKind};
use leptos::prelude::*;

#[component]
pub fn ItemRow(
    /// The item shown.
    item: OrderItem,
    /// The policy's answer for this item, once the policy is loaded.
    verdict: Signal<Option<Eligibility>>,
    /// How many units of it are selected, if it is.
    #[prop(into)]
    selected: Signal<Option<u32>>,
    /// Ticks or unticks it (the parent applies the policy's selection rules).
    on_toggle: Callback<u32>,
    /// Sets its selected quantity.
    on_quantity: Callback<u32>,
    /// Opens the dialog for this item alone, with this many units.
    on_cancel: Callback<(u32, web_sys::MouseEvent)>,
) -> impl IntoView {
    let env = use_env();
    let outcome = Memo::new(move |_| verdict.with(|v| v.as_ref().map(|v| (v.outcome, v.max_quantity, v.partial_allowed))));
    let actionable = move || outcome.get().is_some_and(|(o, _, _)| o.is_actionable());
    let max_quantity = move || outcome.get_untracked().map_or(0, |(_, max, _)| max);
    let guidance = {
        let item = item.clone();
        move || verdict.with(|v| v.as_ref().map(|v| describe::guidance(env.locale, &item, v, env.now.get())))
    };
    let link = move |kind: GuidanceLink| {
        let (href, key) = match kind {
            GuidanceLink::Support => (env.config(|c| c.links.support.clone()), "link.support"),
            GuidanceLink::Returns => (env.config(|c| c.links.returns.clone()), "link.returns"),
        };
        href.map(|href| view! { <a class="oc-link" href=href target="_top">{env.t(key)}</a> })
    };
    let line_total = Money::new(item.unit_price.amount * item.quantity as i64, item.unit_price.currency.clone());
    let buy_again = env.buy_again_link(&item.sku);
    let cancel_one = move |ev| on_cancel.run((selected.get().unwrap_or_else(max_quantity), ev));
    let check_label = env.tf("action.select", &[("title", &item.title)]);
    let qty_id = format!("oc-qty-{}", item.id);
    view! {
        <li class="oc-item" class:oc-item--selected=move || selected.get().is_some()>
            <input
                type="checkbox"
                class="oc-item__check"
                aria-label=check_label
                disabled=move || !actionable()
                prop:checked=move || selected.get().is_some()
                on:change=move |_| on_toggle.run(max_quantity())
            />
            <Thumb item=item.clone() />
            <div class="oc-item__main">
                <p class="oc-item__title">{item.title.clone()}</p>
                <p class="oc-muted">
                    {env.tf("item.qty", &[("n", &item.quantity.to_string())])}
                    " · " {format::money(env.locale, &line_total)}
                    " · " <span class=format!("oc-state oc-state--{}", item.state.as_str())>{env.state_label(item.state)}</span>
                </p>
                {(item.seller.kind == SellerKind::ThirdParty).then(|| view! {
                    <p class="oc-muted">{env.tf("item.sold_by", &[("seller", &item.seller.name)])}</p>
                })}
                {item.bundle_id.is_some().then(|| view! { <p class="oc-muted">{env.t("bundle.note")}</p> })}
                <p class="oc-guidance">
                    {move || guidance().map(|g| view! { {g.text} " " {g.link.and_then(link)} })}
                    {move || (outcome.get().map(|(o, _, _)| o) == Some(Outcome::AlreadyCancelled)).then(|| buy_again.clone().map(|href| view! {
                        <a class="oc-link" href=href target="_top">{env.t("link.buy_again")}</a>
                    }))}
                </p>
            </div>
            <div class="oc-item__actions">
                {move || match (outcome.get(), selected.get()) {
                    (Some((_, max, true)), Some(q)) => Some(view! {
                        <label class="oc-qty" for=qty_id.clone()>{env.t("qty.label")}</label>
                        <select id=qty_id.clone() class="oc-qty__select" prop:value=q.to_string()
                            on:change:target=move |ev| on_quantity.run(ev.target().value().parse().unwrap_or(1))>
                            {(1..=max).map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
                        </select>
                        <span class="oc-muted">{env.tf("qty.of", &[("n", &max.to_string())])}</span>
                    }),
                    _ => None,
                }}
                {move || match outcome.get().map(|(o, _, _)| o) {
                    Some(Outcome::CancelNow) => Some(view! {
                        <button class="oc-button oc-button--danger" on:click=cancel_one>{env.t("action.cancel_item")}</button>
                    }.into_any()),
                    Some(Outcome::RequestCancellation) => Some(view! {
                        <button class="oc-button" on:click=cancel_one>{env.t("action.request_item")}</button>
                    }.into_any()),
                    _ => None,
                }}
            </div>
        </li>
    }
}

/// Selected units of `item_id` in `selection`, if it is selected.
pub fn selected_quantity(selection: &[CancelledLine], item_id: &str) -> Option<u32> {
    selection.iter().find(|l| l.item_id == item_id).map(|l| l.quantity)
}
