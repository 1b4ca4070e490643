//! The root: provides the environment, runs the clock, and shows the screen.

use super::lazy::deferred;
use super::order_details::details_view;
use super::orders_list::OrdersList;
use super::shared::LoadError;
use crate::api::Backend;
use crate::config::WidgetConfig;
use crate::env::{Env, EnvInner, Screen};
use crate::events::HostEvents;
use crate::format;
use crate::i18n::Locale;
use crate::load::load;
use leptos::prelude::*;
use std::rc::Rc;

/// The whole widget.
#[component]
pub fn Widget(
    /// Where the orders come from; tests pass a fake.
    backend: Rc<dyn Backend>,
    /// The checked configuration from `mount()` or the custom element.
    config: WidgetConfig,
    /// Where CustomEvents for the host page go.
    #[prop(optional)]
    events: Option<HostEvents>,
    /// Bumped by the embedder to reload what is showing.
    #[prop(optional, into)]
    refresh: Option<RwSignal<u32>>,
) -> impl IntoView {
    let screen = match &config.initial_order {
        Some(id) => Screen::Order { id: id.clone() },
        None => Screen::List { tab: config.initial_tab },
    };
    let refresh = refresh.unwrap_or_else(|| RwSignal::new(0));
    // The policy decides every button; without it nothing can be offered, so failures show.
    let policy_backend = backend.clone();
    let policy = load(move || {
        refresh.track();
        policy_backend.policy()
    });
    let inner = EnvInner { backend, config, events: events.unwrap_or_default() };
    let env = Env::new(inner, policy, format::now(), screen, refresh);
    provide_context(env);

    if let Ok(tick) = set_interval_with_handle(move || env.now.set(format::now()), std::time::Duration::from_secs(1)) {
        on_cleanup(move || tick.clear());
    }

    // Without the policy nothing can be offered: its failure is the one message shown (the
    // screen's own load would most likely fail the same way), and Retry reloads everything.
    let policy_failed = Memo::new(move |_| policy.with(|p| matches!(p, Some(Err(_)))));
    let policy_error = move || policy.with_untracked(|p| p.clone().and_then(Result::err));

    view! {
        <section class="oc-widget" lang=env.locale.tag() aria-label=env.t("title")>
            {move || match policy_failed.get().then(policy_error).flatten() {
                Some(e) => view! { <LoadError error=e retry=Callback::new(move |_| env.reload()) /> }.into_any(),
                None => match env.screen.get() {
                    Screen::List { tab } => view! { <OrdersList initial_tab=tab /> }.into_any(),
                    Screen::Order { id } => {
                        deferred(details_view::CHUNK, "order.loading", move || details_view::call(id.clone())).into_any()
                    }
                },
            }}
        </section>
    }
}

/// Shown instead of the widget when the embedder's config is wrong.
#[component]
pub fn ConfigErrors(
    /// One sentence per problem.
    errors: Vec<String>,
    /// The language of the heading.
    locale: Locale,
) -> impl IntoView {
    view! {
        <section class="oc-widget">
            <div class="oc-alert oc-alert--error" role="alert">
                <strong>{locale.t("error.config").to_string()}</strong>
                <ul>{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            </div>
        </section>
    }
}
