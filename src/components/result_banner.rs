//! What happened after a submission: done, requested, changed meanwhile, unreachable, refused.

use super::widget::use_env;
use crate::format;
use crate::api::CancelCall;
use cancel_policy::{Cancellation, CancellationStatus, Order, RefundQuote};
use leptos::prelude::*;

/// A submission that can be sent again unchanged: same body, same idempotency key.
#[derive(Clone, Debug, PartialEq)]
pub struct Submission {
    /// The order as the shopper saw it.
    pub order: Order,
    pub call: CancelCall,
    /// The refund the shopper was shown for what is cancelled at once.
    pub quote: Option<RefundQuote>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SubmitResult {
    /// Recorded: completed and/or requested cancellations.
    Done { cancellations: Vec<Cancellation>, order: Order },
    /// The order changed first; the lines say what each item allows now.
    Changed { options: Vec<(String, String)> },
    /// No answer after retries: it may or may not have gone through, so offer the same key again.
    Unreachable { detail: String, retry: Submission },
    /// The server refused, in words.
    Refused { messages: Vec<String> },
}

#[component]
pub fn ResultBanner(
    /// What to show.
    result: SubmitResult,
    /// Sends the same submission again (only for `Unreachable`).
    on_retry: Callback<Submission>,
    on_dismiss: Callback<()>,
) -> impl IntoView {
    let env = use_env();
    let dismiss = move |_| on_dismiss.run(());
    let (tone, body) = match result {
        SubmitResult::Done { cancellations, order } => ("success", done(env, &cancellations, &order).into_any()),
        SubmitResult::Changed { options } => (
            "warning",
            view! {
                <p>{env.t("result.conflict")}</p>
                <ul>
                    {options.into_iter().map(|(title, what)| view! { <li><strong>{title}</strong>": "{what}</li> }).collect_view()}
                </ul>
            }
            .into_any(),
        ),
        SubmitResult::Unreachable { detail, retry } => (
            "error",
            view! {
                <p>{env.t("result.network")}</p>
                <p class="oc-muted">{detail}</p>
                <button class="oc-button oc-button--primary" on:click=move |_| on_retry.run(retry.clone())>{env.t("result.retry")}</button>
            }
            .into_any(),
        ),
        SubmitResult::Refused { messages } => (
            "error",
            view! { <ul>{messages.into_iter().map(|m| view! { <li>{env.tf("result.failed", &[("detail", &m)])}</li> }).collect_view()}</ul> }
                .into_any(),
        ),
    };
    view! {
        <div class=format!("oc-alert oc-alert--{tone} oc-result") role="status" tabindex="-1">
            {body}
            <button class="oc-link oc-result__dismiss" on:click=dismiss>{env.t("result.dismiss")}</button>
        </div>
    }
}

fn done(env: super::widget::Env, cancellations: &[Cancellation], order: &Order) -> impl IntoView {
    let when = cancellations
        .first()
        .map(|c| env.tf("result.recorded", &[("when", &format::date_and_time(env.locale, c.created_at))]));
    let lines = cancellations
        .iter()
        .map(|c| match c.status {
            CancellationStatus::Requested => env.t("result.requested"),
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
        .filter_map(|item| buy_again_link(env, &item.sku).map(|href| (item.title.clone(), href)))
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

/// The configured "buy again" URL for a SKU, if the storefront gave one.
pub fn buy_again_link(env: super::widget::Env, sku: &str) -> Option<String> {
    env.config(|c| c.links.buy_again.clone())
        .map(|template| template.replace("{sku}", &String::from(js_sys::encode_uri_component(sku))))
}
