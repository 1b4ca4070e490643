//! Small pieces several screens show: a status badge, a product thumbnail, a wait and a
//! failed load.

use crate::env::use_env;
use cancel_policy::{OrderItem, OrderStatus};
use leptos::prelude::*;

/// An order's status as a coloured badge.
#[component]
pub fn StatusBadge(
    /// The status to show.
    status: OrderStatus,
) -> impl IntoView {
    let env = use_env();
    view! { <span class=format!("oc-status oc-status--{}", status.as_str())>{env.t(&format!("status.{}", status.as_str()))}</span> }
}

/// A product's picture, or its initial when the store sent none.
#[component]
pub fn Thumb(
    /// The item pictured.
    item: OrderItem,
) -> impl IntoView {
    match item.image_url {
        // Decorative: the title is always written next to or below it.
        Some(src) => view! { <img class="oc-thumb" src=src alt="" /> }.into_any(),
        None => {
            let initial = item.title.chars().next().unwrap_or('?').to_string();
            view! { <span class="oc-thumb" aria-hidden="true">{initial}</span> }.into_any()
        }
    }
}

/// A load that failed, in words, with a way to try again.
#[component]
pub fn LoadError(
    /// What went wrong, in the shopper's words.
    detail: String,
    /// Loads again.
    retry: Callback<()>,
) -> impl IntoView {
    let env = use_env();
    view! {
        <div class="oc-alert oc-alert--error" role="alert">
            {env.tf("error.load", &[("detail", &detail)])}
            " "
            <button class="oc-link" on:click=move |_| retry.run(())>{env.t("error.retry")}</button>
        </div>
    }
}

/// A wait the shopper can see.
#[component]
pub fn Loading(
    /// Text key of what is loading.
    what: &'static str,
) -> impl IntoView {
    let env = use_env();
    view! { <p class="oc-progress" role="status"><span class="oc-spinner"></span>{env.t(what)}</p> }
}
