//! Small pieces several screens show: a status badge, a product thumbnail, a wait and a
//! failed load.

use crate::api::ApiError;
use crate::describe;
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

/// A load that failed, in words, with a way to try again. The technical detail goes to the
/// console, for the storefront's developers.
#[component]
pub fn LoadError(
    /// What went wrong.
    error: ApiError,
    /// Loads again.
    retry: Callback<()>,
) -> impl IntoView {
    let env = use_env();
    web_sys::console::warn_1(&format!("order-cancel-widget: {} ({})", error.detail, error.code).into());
    let words = describe::api_error(env.locale, &error);
    view! {
        <div class="oc-alert oc-alert--error" role="alert">
            {env.tf("error.load", &[("detail", &words)])}
            " "
            <button class="oc-link" on:click=move |_| retry.run(())>{env.t("error.retry")}</button>
        </div>
    }
}

/// A wait the shopper can see; after a few seconds it says the store is slow.
#[component]
pub fn Loading(
    /// Text key of what is loading.
    what: &'static str,
) -> impl IntoView {
    let env = use_env();
    let slow = RwSignal::new(false);
    if let Ok(timer) = set_timeout_with_handle(move || slow.set(true), std::time::Duration::from_secs(4)) {
        on_cleanup(move || timer.clear());
    }
    view! {
        <p class="oc-progress" role="status">
            {spinner()}
            {env.t(what)}
            {move || slow.get().then(|| view! { " " {env.t("progress.slow")} })}
        </p>
    }
}

/// The spinning wheel. Built element by element: a static `view!` subtree would be made
/// by parsing markup, which a page that enforces Trusted Types refuses.
pub fn spinner() -> impl IntoView {
    leptos::html::span().class("oc-spinner")
}
