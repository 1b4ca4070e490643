//! The reason dialog: an accessible modal with the policy's reasons, the comment when
//! required, the refund quote and its destination, and confirm / keep.

use super::shared::spinner;
use crate::env::{use_env, Env};
use crate::describe;
use crate::format;
use cancel_policy::{plan_items, reason_refusals, CancellationRequest, CancelledLine, Money, Order, Plan, RefundDestination, RefundQuote};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

#[component]
pub fn ReasonDialog(
    /// The order as the shopper sees it.
    order: Order,
    /// What is being cancelled (bundles already expanded).
    lines: Vec<CancelledLine>,
    /// True while the submission is on its way.
    #[prop(into)]
    submitting: Signal<bool>,
    /// Closes without cancelling.
    on_keep: Callback<()>,
    /// Sends the checked request, with the plan the dialog showed for it (`None` without a
    /// policy).
    on_confirm: Callback<(CancellationRequest, Option<Plan>)>,
) -> impl IntoView {
    let env = use_env();
    let reason = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let destination = RwSignal::new(None::<RefundDestination>);
    let tried = RwSignal::new(false);
    let keep_button = NodeRef::<html::Button>::new();
    let dialog = NodeRef::<html::Div>::new();

    let order = StoredValue::new(order);
    let request = move || CancellationRequest {
        items: lines.clone(),
        reason_code: Some(reason.get()).filter(|r| !r.is_empty()),
        comment: Some(comment.get()).filter(|c| !c.trim().is_empty()),
        refund_destination: destination.get(),
    };
    let request = Signal::derive(request);
    // The quote and the split come from the policy, before a reason is chosen.
    let items_plan = Memo::new(move |_| {
        env.policy.with(|p| {
            p.map(|p| order.with_value(|o| plan_items(o, p, &request.get(), env.now.get())))
        })
    });
    // What `plan()` would refuse: the item plan's refusals, then the reason's.
    let problems = move || {
        if !tried.get() {
            return Vec::new();
        }
        env.policy.with(|p| match p {
            Some(p) => {
                let items = items_plan.with(|plan| plan.as_ref().and_then(|r| r.as_ref().err().cloned()).unwrap_or_default());
                items
                    .iter()
                    .chain(&reason_refusals(p, &request.get()))
                    .map(|r| describe::refusal(env.locale, &r.into()))
                    .collect()
            }
            None => Vec::new(),
        })
    };
    let confirm = move |_| {
        tried.set(true);
        if problems().is_empty() {
            on_confirm.run((request.get_untracked(), items_plan.get_untracked().and_then(Result::ok)));
        }
    };

    let policy = env.policy.get_untracked();
    let reasons = policy.as_ref().map(|p| p.reasons.clone()).unwrap_or_default();
    let reason_required = policy.as_ref().is_some_and(|p| p.reason_required);
    let destinations = policy.as_ref().map(|p| p.refund_destinations.clone()).unwrap_or_default();
    let comment_required = {
        let policy = policy.clone();
        move || policy.as_ref().and_then(|p| p.reason(&reason.get())).is_some_and(|r| r.comment_required)
    };
    let max_chars = policy.as_ref().map(|p| p.comment_max_chars).unwrap_or(500);
    let units: u32 = lines_count(&items_plan.get_untracked());
    let only_requests = move || items_plan.with(|p| matches!(p, Some(Ok(p)) if p.cancel_now.is_empty()));

    Effect::new(move |_| {
        if let Some(button) = keep_button.get() {
            let _ = button.focus();
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            on_keep.run(());
        }
        "Tab" => {
            if let Some(root) = dialog.get() {
                trap_focus(&root, &ev);
            }
        }
        _ => {}
    };

    view! {
        <div class="oc-backdrop" on:click=move |_| on_keep.run(())></div>
        <div
            class="oc-dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby="oc-dialog-title"
            node_ref=dialog
            on:keydown=on_keydown
        >
            <h3 id="oc-dialog-title" class="oc-dialog__title">
                {move || env.locale.tn(if only_requests() { "dialog.request_title" } else { "dialog.title" }, units, &[])}
            </h3>
            <label class="oc-field">
                <span>{env.t(if reason_required { "dialog.reason" } else { "dialog.reason_optional" })}</span>
                <select prop:value=move || reason.get() on:change:target=move |ev| reason.set(ev.target().value())>
                    <option value="">{env.t("dialog.choose")}</option>
                    {reasons.iter().map(|r| view! { <option value=r.code.clone()>{env.t(&r.label_key)}</option> }).collect_view()}
                </select>
            </label>
            <label class="oc-field">
                <span>{move || env.t(if comment_required() { "dialog.comment_required" } else { "dialog.comment" })}</span>
                <textarea
                    rows="2"
                    maxlength=max_chars.to_string()
                    prop:value=move || comment.get()
                    on:input:target=move |ev| comment.set(ev.target().value())
                ></textarea>
            </label>
            {(destinations.len() > 1).then(|| view! {
                <fieldset class="oc-field">
                    <legend>{env.t("dialog.refund_to")}</legend>
                    {destinations.iter().enumerate().map(|(i, d)| {
                        let d = *d;
                        let key = format!("dest.{}", d.as_str());
                        view! {
                            <label class="oc-radio">
                                <input
                                    type="radio"
                                    name="oc-destination"
                                    prop:checked=move || destination.get().map_or(i == 0, |x| x == d)
                                    on:change=move |_| destination.set(Some(d))
                                />
                                {env.t(&key)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            })}
            <div class="oc-quote">
                {move || items_plan.get().and_then(Result::ok).map(|p| {
                    let currency = order.with_value(|o| o.currency.clone());
                    let request_note = (!p.request.is_empty()).then(|| {
                        let amount = format::money(env.locale, &p.refund_if_approved.total);
                        let units = p.request.iter().map(|l| l.quantity).sum();
                        view! { <p class="oc-muted">{env.locale.tn("dialog.request_note", units, &[("amount", &amount)])}</p> }
                    });
                    view! {
                        {(!p.cancel_now.is_empty()).then(|| quote_table(env, &p.refund_now, &currency))}
                        {request_note}
                    }
                })}
            </div>
            <ul class="oc-problems" role="alert">
                {move || problems().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
            </ul>
            <div class="oc-dialog__actions">
                <button class="oc-button" node_ref=keep_button on:click=move |_| on_keep.run(())>{env.t("dialog.keep")}</button>
                <button class="oc-button oc-button--danger" disabled=move || submitting.get() aria-busy=move || submitting.get().to_string() on:click=confirm>
                    {move || if submitting.get() {
                        view! { {spinner()}{env.t("dialog.submitting")} }.into_any()
                    } else {
                        if only_requests() { env.t("dialog.confirm_request").to_string() } else { env.locale.tn("dialog.confirm", units, &[]) }.into_any()
                    }}
                </button>
            </div>
        </div>
    }
}

fn lines_count(plan: &Option<Result<cancel_policy::Plan, Vec<cancel_policy::Refusal>>>) -> u32 {
    match plan {
        Some(Ok(p)) => (p.cancel_now.iter().chain(&p.request)).map(|l| l.quantity).sum(),
        _ => 0,
    }
}

fn quote_table(env: Env, q: &RefundQuote, currency: &str) -> impl IntoView {
    let money = |amount: i64| format::money(env.locale, &Money::new(amount, currency));
    let row = |key: &str, amount: i64| {
        (amount != 0).then(|| view! { <div class="oc-quote__row"><span>{env.t(key)}</span><span>{money(amount)}</span></div> })
    };
    view! {
        {row("quote.items", q.items)}
        {row("quote.discount", -q.discount)}
        {row("quote.tax", q.tax)}
        {row("quote.shipping", q.shipping)}
        <div class="oc-quote__row oc-quote__total"><span>{env.t("quote.total")}</span><strong>{money(q.total.amount)}</strong></div>
        {(q.voided > 0).then(|| view! { <p class="oc-muted">{env.t("dialog.voided")}</p> })}
    }
}

/// Keeps Tab and Shift+Tab inside the dialog.
fn trap_focus(root: &web_sys::HtmlElement, ev: &web_sys::KeyboardEvent) {
    let Ok(nodes) = root.query_selector_all("button:not([disabled]), select, textarea, input, a[href]") else { return };
    let focusable: Vec<web_sys::HtmlElement> =
        (0..nodes.length()).filter_map(|i| nodes.item(i)?.dyn_into::<web_sys::HtmlElement>().ok()).collect();
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else { return };
    // Inside a shadow root the document only knows the host: ask the root node.
    let active = js_sys::Reflect::get(&root.get_root_node(), &"activeElement".into()).ok();
    let is = |el: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == AsRef::<JsValue>::as_ref(el));
    if ev.shift_key() && is(first) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && is(last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
