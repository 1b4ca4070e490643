//! What happened after a submission, in words: done, requested, changed meanwhile,
//! unreachable, refused. The workflow (`crate::submit`) decides; this only shows it.

use crate::api::ErrorKind;
use crate::describe;
use crate::env::{use_env, Env};
use crate::format;
use crate::submit::{Reevaluated, SubmitResult, Submission};
use cancel_policy::{Cancellation, CancellationStatus, Order};
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn ResultBanner(
    /// What to show.
    result: SubmitResult,
    /// Sends the same submission again (only for `Unreachable`).
    on_retry: Callback<Submission>,
    /// Hides the banner.
    on_dismiss: Callback<()>,
) -> impl IntoView {
    let env = use_env();
    let dismiss = move |_| on_dismiss.run(());
    // The dialog that had the focus is gone: the result takes it, so it is read out.
    let banner = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = banner.get() {
            crate::focus::focus_if_lost(&el);
        }
    });
    let (tone, body) = match result {
        SubmitResult::Done { cancellations, order } => ("success", done(env, &cancellations, &order).into_any()),
        SubmitResult::Changed { items } => (
            "warning",
            view! {
                <p>{env.t("result.conflict")}</p>
                <ul>{items.iter().map(|r| view! { <li><strong>{r.item.title.clone()}</strong>": "{changed(env, r)}</li> }).collect_view()}</ul>
            }
            .into_any(),
        ),
        SubmitResult::Unreachable { error, retry } => (
            "error",
            view! {
                <p>{env.t("result.network")}</p>
                // "Could not reach" says it all; a timeout or an unreadable answer adds why.
                {(error.kind != ErrorKind::Network).then(|| view! { <p class="oc-muted">{describe::api_error(env.locale, &error)}</p> })}
                <button class="oc-button oc-button--primary" on:click=move |_| on_retry.run(retry.clone())>{env.t("result.retry")}</button>
            }
            .into_any(),
        ),
        SubmitResult::Refused { error } => {
            let messages = if error.refusals.is_empty() {
                vec![describe::api_error(env.locale, &error)]
            } else {
                error.refusals.iter().map(|r| describe::refusal(env.locale, r)).collect()
            };
            ("error", view! { <ul>{messages.into_iter().map(|m| view! { <li>{env.tf("result.failed", &[("detail", &m)])}</li> }).collect_view()}</ul> }.into_any())
        }
    };
    view! {
        <div class=format!("oc-alert oc-alert--{tone} oc-result") role="status" tabindex="-1" node_ref=banner>
            {body}
            <button class="oc-link oc-result__dismiss" on:click=dismiss>{env.t("result.dismiss")}</button>
        </div>
    }
}

/// "Packed, awaiting carrier pickup: the seller decides… (since 09:12)": the item's state now,
/// its options, and when it changed.
fn changed(env: Env, r: &Reevaluated) -> String {
    let now = env.now.get_untracked();
    let when = format::time(env.locale, r.item.state_changed_at);
    let guidance = describe::guidance(env.locale, &r.item, &r.verdict, now).text;
    let state = env.state_label(r.item.state);
    // Most guidance already opens with the state's words; say them once.
    let text = if guidance.starts_with(&state) { guidance } else { format!("{state}. {guidance}") };
    format!("{text} {}", env.tf("result.since", &[("when", &when)]))
}

fn done(env: Env, cancellations: &[Cancellation], order: &Order) -> impl IntoView {
    let when = cancellations
        .first()
        .map(|c| env.tf("result.recorded", &[("when", &format::date_and_time(env.locale, c.created_at))]));
    let lines = cancellations
        .iter()
        .map(|c| match c.status {
            CancellationStatus::Requested => match describe::seller_deadline(env.locale, c) {
                Some(deadline) => format!("{} {deadline}", env.t("result.requested")),
                None => env.t("result.requested"),
            },
            _ if c.refund.amount == 0 => env.t("result.completed_free"),
            _ => env.tf(
                "result.completed",
                &[
                    ("amount", &format::money(env.locale, &c.refund)),
                    ("destination", &env.t(&format!("result.dest.{}", c.refund_destination.as_str()))),
                ],
            ),
        })
        .map(|text| view! { <p>{text}</p> })
        .collect_view();
    let buy_again = cancellations
        .iter()
        .filter(|c| c.status == CancellationStatus::Completed)
        .flat_map(|c| c.items.iter())
        .filter_map(|line| order.item(&line.item_id))
        .filter_map(|item| env.buy_again_link(&item.sku).map(|href| (item.title.clone(), href)))
        .map(|(title, href)| {
            view! { <a class="oc-button" href=href target="_top">{env.t("link.buy_again")}" · "{title}</a> }
        })
        .collect_view();
    view! {
        {lines}
        {when.map(|w| view! { <p class="oc-muted">{w}</p> })}
        <div class="oc-result__links">{buy_again}</div>
    }
}
