//! Order details: loads one order and shows its items with the policy's outcome for each,
//! the selection, "Cancel selected" / "Cancel entire order", the dialog, the result and the
//! history. Submitting is `crate::submit`'s job; this component only wires it up.

use super::history::History;
use super::item_row::{selected_quantity, ItemRow};
use super::reason_dialog::ReasonDialog;
use super::result_banner::ResultBanner;
use super::shared::{LoadError, Loading, StatusBadge};
use crate::api::CancelCall;
use crate::env::{use_env, Env, Screen};
use crate::describe;
use crate::format;
use crate::load::load;
use crate::submit::{self, new_idempotency_key, SubmitContext, SubmitResult, Submission};
use cancel_policy::{
    actionable_lines, expand_bundles, order_eligibility, set_selected_quantity, toggle_item, whole_order_actionable,
    CancellationRequest, CancelledLine, Order, Plan, Tab,
};
use leptos::html;
use leptos::prelude::*;

super::lazy::split_point!(
    /// The order details screen with its reason dialog and results, in one chunk: separate
    /// chunks for the dialog and the results cost 18 KB more brotli in all (measured).
    pub(crate) details_view in details,
    fn order_details(order_id: String) -> AnyView {
        crate::i18n::details::register(); // the details' texts and styles travel with this chunk
        crate::embed::add_details_styles(crate::components::DETAILS_STYLES);
        view! { <OrderDetails order_id /> }.into_any()
    }
);

#[component]
fn OrderDetails(
    /// The order to show.
    order_id: String,
) -> impl IntoView {
    let env = use_env();
    let id = StoredValue::new(order_id);
    let order = load(move || {
        env.refresh.track();
        id.with_value(|id| env.backend().order(id))
    });
    let back = move |_| env.go(Screen::List { tab: Tab::All });
    // Outlives each reload of the order, so the result of a cancellation stays on screen.
    let result = RwSignal::new(None::<SubmitResult>);

    view! {
        <button class="oc-link oc-back" on:click=back>"← "{env.t("action.back")}</button>
        {move || match order.get() {
            None => view! { <Loading what="order.loading" /> }.into_any(),
            Some(Err(e)) => view! { <LoadError error=e retry=Callback::new(move |_| order.reload()) /> }.into_any(),
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
    /// The order as loaded.
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
    let heading = NodeRef::<html::H2>::new();
    env.focus_when_navigated(heading);

    let verdicts = Memo::new(move |_| {
        env.policy.with(|p| p.map(|p| stored.with_value(|o| order_eligibility(o, p, env.now.get()))))
    });
    let actionable = move || verdicts.with(|v| stored.with_value(|o| actionable_lines(o, v.as_deref().unwrap_or_default())));
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
    let send = move |submission: Submission| {
        submitting.set(true);
        leptos::task::spawn_local(async move {
            let outcome = run_submit(env, &submission).await;
            submitting.set(false);
            dialog.set(None);
            selection.set(Vec::new());
            let changed = matches!(outcome, SubmitResult::Done { .. } | SubmitResult::Changed { .. });
            result.set(Some(outcome));
            if changed {
                // The order moved on: reload it (and the list) so every button is re-decided.
                env.reload();
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
        send(Submission { order, call, quote });
    });
    let toggle = move |item_id: String, quantity: u32| {
        env.policy.with_untracked(|p| {
            if let Some(p) = p {
                selection.update(|s| *s = stored.with_value(|o| toggle_item(o, p, s, &item_id, quantity)));
            }
        })
    };

    let items = order
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let verdict = Signal::derive(move || verdicts.with(|v| v.as_ref().and_then(|v| v.get(index).cloned())));
            let id = StoredValue::new(item.id.clone());
            let deadline = describe::pending_request_for(&order, &item.id).and_then(|c| describe::seller_deadline(env.locale, c));
            view! {
                <ItemRow
                    item=item.clone()
                    verdict
                    deadline
                    selected=Signal::derive(move || selection.with(|s| id.with_value(|id| selected_quantity(s, id))))
                    on_toggle=Callback::new(move |max| toggle(id.get_value(), max))
                    on_quantity=Callback::new(move |q| selection.update(|s| *s = id.with_value(|id| set_selected_quantity(s, id, q))))
                    on_cancel=Callback::new(move |(quantity, ev)| open_dialog(vec![CancelledLine { item_id: id.get_value(), quantity }], ev))
                />
            }
        })
        .collect_view();

    let status = order.status();
    view! {
        <header class="oc-order-head">
            <h2 class="oc-title" tabindex="-1" node_ref=heading>{env.tf("card.order", &[("number", &order.number)])}</h2>
            <StatusBadge status />
            <p class="oc-muted">{env.tf("order.placed", &[("date", &format::date_and_time(env.locale, order.placed_at))])}</p>
        </header>
        {move || result.get().map(|r| view! {
            <ResultBanner result=r on_retry=Callback::new(send) on_dismiss=Callback::new(move |_| result.set(None)) />
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
        <History order=order.clone() />
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

/// Runs the submit workflow with the widget's backend, policy, clock and host events.
async fn run_submit(env: Env, submission: &Submission) -> SubmitResult {
    let backend = env.backend();
    let policy = env.policy.get_untracked();
    let host = env.events();
    let cx = SubmitContext {
        backend: backend.as_ref(),
        policy: policy.as_ref(),
        now: &format::now,
        emit: &|name, detail| host.emit(name, detail),
    };
    submit::submit(cx, submission).await
}
