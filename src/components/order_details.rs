//! Order details: each item with its outcome from the policy, selection with quantities and
//! bundles, "Cancel selected" / "Cancel entire order", the dialog, results and history.

use super::orders_list::Thumb;
use super::reason_dialog::ReasonDialog;
use super::result_banner::{buy_again_link, ResultBanner, SubmitResult, Submission};
use super::widget::{use_env, Env, LoadError, Loading, Screen, StatusBadge};
use crate::api::{ApiError, CancelCall};
use crate::describe::{self, GuidanceLink};
use crate::events::{self, EventDetail};
use crate::format;
use cancel_policy::{
    actionable_lines, eligibility, expand_bundles, order_eligibility, whole_order_actionable, CancellationRequest, CancellationStatus, CancelledLine, Eligibility, Money, Order,
    OrderItem, Outcome, Plan, SellerKind, Tab,
};
use leptos::prelude::*;

super::lazy::split_point!(
    /// The order details screen with its reason dialog and results, in one chunk: separate
    /// chunks for the dialog and the results cost 18 KB more brotli in all (measured).
    details_view in details,
    fn order_details(order_id: String) { view! { <OrderDetails order_id /> }.into_any() }
);

#[component]
fn OrderDetails(
    /// The order to show.
    order_id: String,
) -> impl IntoView {
    let env = use_env();
    let id = StoredValue::new(order_id);
    let order = LocalResource::new(move || {
        env.refresh.track();
        let backend = env.backend();
        let id = id.get_value();
        async move { backend.order(&id).await }
    });
    let back = move |_| env.screen.set(Screen::List { tab: Tab::All });
    // Outlives each reload of the order, so the result of a cancellation stays on screen.
    let result = RwSignal::new(None::<SubmitResult>);

    view! {
        <button class="oc-link oc-back" on:click=back>"← "{env.t("action.back")}</button>
        {move || match order.get() {
            None => view! { <Loading what="order.loading" /> }.into_any(),
            Some(Err(e)) => view! { <LoadError detail=e.detail retry=Callback::new(move |_| order.refetch()) /> }.into_any(),
            Some(Ok(o)) => view! { <OrderView order=o result /> }.into_any(),
        }}
    }
}

/// The dialog that is open, and for what.
#[derive(Clone, Debug, PartialEq)]
struct OpenDialog {
    lines: Vec<CancelledLine>,
    idempotency_key: String,
}

#[component]
fn OrderView(
    order: Order,
    /// The last submission's outcome, kept by the parent across reloads.
    result: RwSignal<Option<SubmitResult>>,
) -> impl IntoView {
    let env = use_env();
    let stored = StoredValue::new(order.clone());
    let selection = RwSignal::new(Vec::<CancelledLine>::new());
    let dialog = RwSignal::new(None::<OpenDialog>);
    let submitting = RwSignal::new(false);
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);

    let verdicts = Memo::new(move |_| {
        env.policy.with(|p| {
            p.as_ref().map(|p| stored.with_value(|o| order_eligibility(o, p, env.now.get())))
        })
    });
    let actionable = move || -> Vec<CancelledLine> {
        verdicts.with(|v| stored.with_value(|o| actionable_lines(o, v.as_deref().unwrap_or_default())))
    };
    let whole_order_cancellable =
        move || verdicts.with(|v| stored.with_value(|o| whole_order_actionable(o, v.as_deref().unwrap_or_default())));

    let open_dialog = move |lines: Vec<CancelledLine>, ev: web_sys::MouseEvent| {
        let lines = env.policy.with_untracked(|p| match p {
            Some(p) => stored.with_value(|o| expand_bundles(o, p, &lines)),
            None => lines,
        });
        opener.set_value(ev.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into(t).ok()));
        result.set(None);
        dialog.set(Some(OpenDialog { lines, idempotency_key: new_idempotency_key() }));
    };
    let close_dialog = move || {
        dialog.set(None);
        if let Some(el) = opener.get_value() {
            let _ = el.focus();
        }
    };
    let submit = move |submission: Submission| {
        submitting.set(true);
        leptos::task::spawn_local(async move {
            let outcome = send(env, &submission).await;
            submitting.set(false);
            dialog.set(None);
            selection.set(Vec::new());
            let changed = matches!(outcome, SubmitResult::Done { .. } | SubmitResult::Changed { .. });
            result.set(Some(outcome));
            if changed {
                // The order moved on: reload it (and the list) so every button is re-decided.
                env.refresh.update(|n| *n += 1);
            }
        });
    };
    let on_confirm = Callback::new(move |(request, promised): (CancellationRequest, Option<Plan>)| {
        let Some(open) = dialog.get_untracked() else { return };
        let order = stored.get_value();
        // What the dialog promised: the quote, and whether anything was to become a request
        // (if not, the server must not turn anything into one behind the shopper's back).
        let call = CancelCall {
            order_id: order.id.clone(),
            version: order.version,
            request,
            idempotency_key: open.idempotency_key,
            expect_cancel_now: promised.as_ref().is_some_and(|p| p.request.is_empty()),
        };
        let quote = promised.map(|p| p.refund_now);
        submit(Submission { order, call, quote });
    });

    let items = order
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let verdict = Signal::derive(move || verdicts.with(|v| v.as_ref().and_then(|v| v.get(index).cloned())));
            view! { <ItemRow item=item.clone() verdict selection on_cancel=Callback::new(move |(lines, ev)| open_dialog(lines, ev)) /> }
        })
        .collect_view();

    let status = order.status();
    let history = order.cancellations.clone();
    view! {
        <header class="oc-order-head">
            <h2 class="oc-title">{env.tf("card.order", &[("number", &order.number)])}</h2>
            <StatusBadge status />
            <p class="oc-muted">{env.tf("order.placed", &[("date", &format::date_and_time(env.locale, order.placed_at))])}</p>
        </header>
        {move || result.get().map(|r| view! {
            <ResultBanner result=r on_retry=Callback::new(submit) on_dismiss=Callback::new(move |_| result.set(None)) />
        })}
        <ul class="oc-items">{items}</ul>
        <div class="oc-actions">
            <Show when=move || !actionable().is_empty() fallback=move || view! { <p class="oc-muted">{env.t("order.nothing")}</p> }>
                <button
                    class="oc-button oc-button--primary"
                    disabled=move || selection.with(Vec::is_empty)
                    on:click=move |ev| open_dialog(selection.get(), ev)
                >
                    {move || match selection.with(|s| s.iter().map(|l| l.quantity).sum::<u32>()) {
                        0 => env.t("action.cancel_selected_none"),
                        n => env.tf("action.cancel_selected", &[("n", &n.to_string())]),
                    }}
                </button>
                <Show when=whole_order_cancellable>
                    <button class="oc-button oc-button--danger" on:click=move |ev| open_dialog(actionable(), ev)>
                        {env.t("action.cancel_order")}
                    </button>
                </Show>
            </Show>
        </div>
        <History order=order.clone() cancellations=history />
        {move || dialog.get().map(|open| view! {
            <ReasonDialog
                order=stored.get_value()
                lines=open.lines
                submitting=submitting
                on_keep=Callback::new(move |_| close_dialog())
                on_confirm=on_confirm
            />
        })}
    }
}

/// Posts the submission and turns every answer into what the shopper should see; tells the
/// host page as it goes.
async fn send(env: Env, s: &Submission) -> SubmitResult {
    let host = env.events();
    let request = &s.call.request;
    let mut submitted = EventDetail::new(&s.order, &request.items, request.reason_code.as_deref());
    if let Some(q) = &s.quote {
        submitted = submitted.with_refund(&q.total, q.destination);
    }
    host.emit(events::SUBMITTED, &submitted);
    let answer = env.backend().cancel(&s.call).await;
    match answer {
        Ok(done) => {
            for c in &done.cancellations {
                let name = if c.status == CancellationStatus::Requested { events::REQUESTED } else { events::COMPLETED };
                host.emit(name, &EventDetail::of_cancellation(&done.order, c));
            }
            SubmitResult::Done { cancellations: done.cancellations, order: done.order }
        }
        Err(e) => {
            let failed = EventDetail {
                error: Some(events::EventError { code: e.code.clone(), detail: e.detail.clone() }),
                ..EventDetail::new(&s.order, &request.items, request.reason_code.as_deref())
            };
            host.emit(events::FAILED, &failed);
            explain_failure(env, e, s)
        }
    }
}

fn explain_failure(env: Env, e: ApiError, s: &Submission) -> SubmitResult {
    if e.is_transient() {
        return SubmitResult::Unreachable { detail: e.detail, retry: s.clone() };
    }
    if e.is_conflict() {
        // Re-run the policy on the order as it is now, for the items the shopper chose.
        let fresh = e.order.map(|o| *o).unwrap_or_else(|| s.order.clone());
        let options = env.policy.with_untracked(|p| {
            let Some(p) = p else { return Vec::new() };
            s.call
                .request
                .items
                .iter()
                .filter_map(|l| fresh.item(&l.item_id))
                .map(|item| {
                    let verdict = eligibility(&fresh, item, p, env.now.get_untracked());
                    let when = format::time(env.locale, item.state_changed_at);
                    let state = env.state_label(item.state);
                    let g = describe::guidance(env.locale, item, &verdict, env.now.get_untracked());
                    (item.title.clone(), format!("{state} ({when}). {}", g.text))
                })
                .collect()
        });
        return SubmitResult::Changed { options };
    }
    let messages = if e.refusals.is_empty() {
        vec![e.detail]
    } else {
        e.refusals.iter().map(|r| describe::refusal(env.locale, r)).collect()
    };
    SubmitResult::Refused { messages }
}

/// A fresh key for one submission; every retry of it reuses the key.
fn new_idempotency_key() -> String {
    let uuid = web_sys::window().and_then(|w| w.crypto().ok()).map(|c| c.random_uuid());
    uuid.unwrap_or_else(|| {
        // crypto.randomUUID needs a secure context; plain-http hosts get a random fallback.
        (0..4).map(|_| format!("{:08x}", (js_sys::Math::random() * 4_294_967_295.0) as u32)).collect::<Vec<_>>().join("-")
    })
}

#[component]
fn ItemRow(
    item: OrderItem,
    /// The policy's answer for this item, once the policy is loaded.
    verdict: Signal<Option<Eligibility>>,
    /// The shared selection of the order.
    selection: RwSignal<Vec<CancelledLine>>,
    /// Opens the dialog for these lines.
    on_cancel: Callback<(Vec<CancelledLine>, web_sys::MouseEvent)>,
) -> impl IntoView {
    let env = use_env();
    let id = item.id.clone();
    let outcome = Memo::new(move |_| verdict.with(|v| v.as_ref().map(|v| (v.outcome, v.max_quantity, v.partial_allowed))));
    let actionable = move || outcome.get().is_some_and(|(o, _, _)| o.is_actionable());
    let max_quantity = move || outcome.get_untracked().map_or(0, |(_, max, _)| max);
    let selected = {
        let id = id.clone();
        Memo::new(move |_| selection.with(|s| s.iter().find(|l| l.item_id == id).map(|l| l.quantity)))
    };
    let toggle = {
        let (id, bundle) = (id.clone(), item.bundle_id.clone());
        move |_| {
            let max = max_quantity();
            selection.update(|s| {
                if s.iter().any(|l| l.item_id == id) {
                    // Unticking one item of a bundle unticks the set, as ticking ticks it.
                    s.retain(|l| l.item_id != id);
                    if bundle.is_some() {
                        s.clear();
                    }
                } else {
                    s.push(CancelledLine { item_id: id.clone(), quantity: max });
                }
            });
        }
    };
    let set_quantity = {
        let id = id.clone();
        move |q: u32| selection.update(|s| s.iter_mut().filter(|l| l.item_id == id).for_each(|l| l.quantity = q))
    };
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
    let buy_again = buy_again_link(env, &item.sku);
    let cancel_one = {
        let id = id.clone();
        move |ev| {
            let quantity = selected.get().unwrap_or_else(max_quantity);
            on_cancel.run((vec![CancelledLine { item_id: id.clone(), quantity }], ev));
        }
    };
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
                on:change=toggle
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
                    (Some((_, max, true)), Some(q)) => Some({
                        let set_quantity = set_quantity.clone();
                        view! {
                        <label class="oc-qty" for=qty_id.clone()>{env.t("qty.label")}</label>
                        <select id=qty_id.clone() class="oc-qty__select" prop:value=q.to_string()
                            on:change:target=move |ev| set_quantity(ev.target().value().parse().unwrap_or(1))>
                            {(1..=max).map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
                        </select>
                        <span class="oc-muted">{env.tf("qty.of", &[("n", &max.to_string())])}</span>
                    }}),
                    _ => None,
                }}
                {move || match outcome.get().map(|(o, _, _)| o) {
                    Some(Outcome::CancelNow) => Some(view! {
                        <button class="oc-button oc-button--danger" on:click=cancel_one.clone()>{env.t("action.cancel_item")}</button>
                    }.into_any()),
                    Some(Outcome::RequestCancellation) => Some(view! {
                        <button class="oc-button" on:click=cancel_one.clone()>{env.t("action.request_item")}</button>
                    }.into_any()),
                    _ => None,
                }}
            </div>
        </li>
    }
}

/// The order's past cancellations and requests.
#[component]
fn History(order: Order, cancellations: Vec<cancel_policy::Cancellation>) -> impl IntoView {
    let env = use_env();
    (!cancellations.is_empty()).then(|| {
        let entries = cancellations
            .into_iter()
            .rev()
            .map(|c| {
                let what = c
                    .items
                    .iter()
                    .map(|l| {
                        let title = order.item(&l.item_id).map_or(l.item_id.clone(), |i| i.title.clone());
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
                let reason = env.t(&format!("reason.{}", c.reason_code));
                view! {
                    <li class="oc-history__entry">
                        <strong>{env.t(status)}</strong>
                        " · " {format::date_and_time(env.locale, c.created_at)}
                        <br />
                        {what} " · " {reason}
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
