//! The root: shared environment, the clock, and which screen is showing.

use super::lazy::deferred;
use super::order_details::details_view;
use super::orders_list::OrdersList;
use crate::api::Backend;
use crate::config::WidgetConfig;
use crate::events::HostEvents;
use crate::format;
use crate::i18n::Locale;
use cancel_policy::{ItemState, OrderStatus, Policy, Tab, Timestamp};
use leptos::prelude::*;
use std::rc::Rc;

/// What every component may use: the backend, the config and the host page's event channel.
/// Browser objects are not `Send`, so they live in local storage behind a `Copy` handle.
#[derive(Clone, Copy)]
pub struct Env {
    inner: StoredValue<Rc<EnvInner>, LocalStorage>,
    pub locale: Locale,
    /// Ticks every second, for countdowns.
    pub now: RwSignal<Timestamp>,
    /// The merchant's policy, once loaded.
    pub policy: Signal<Option<Policy>>,
    pub screen: RwSignal<Screen>,
    /// Bumped by the handle's `refresh()` and after every cancellation.
    pub refresh: RwSignal<u32>,
}

struct EnvInner {
    backend: Rc<dyn Backend>,
    config: WidgetConfig,
    events: HostEvents,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    List { tab: Tab },
    Order { id: String },
}

impl Env {
    pub fn backend(&self) -> Rc<dyn Backend> {
        self.inner.with_value(|e| e.backend.clone())
    }
    pub fn config<T>(&self, f: impl FnOnce(&WidgetConfig) -> T) -> T {
        self.inner.with_value(|e| f(&e.config))
    }
    pub fn events(&self) -> HostEvents {
        self.inner.with_value(|e| e.events.clone())
    }
    pub fn t(&self, key: &str) -> String {
        self.locale.t(key).to_string()
    }
    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.locale.tf(key, args)
    }
    /// An item's state in words, e.g. "Shipped".
    pub fn state_label(&self, state: ItemState) -> String {
        self.t(&format!("state.{}", state.as_str()))
    }
}

/// An order's status as a coloured badge.
#[component]
pub fn StatusBadge(
    /// The status to show.
    status: OrderStatus,
) -> impl IntoView {
    let env = use_env();
    view! { <span class=format!("oc-status oc-status--{}", status.as_str())>{env.t(&format!("status.{}", status.as_str()))}</span> }
}

pub fn use_env() -> Env {
    expect_context::<Env>()
}

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
    let locale = config.locale;
    let inner = StoredValue::new_local(Rc::new(EnvInner { backend, config, events: events.unwrap_or_default() }));
    let refresh = refresh.unwrap_or_else(|| RwSignal::new(0));
    // The policy decides every button; without it nothing can be offered, so failures show.
    let policy = LocalResource::new(move || {
        refresh.track();
        let backend = inner.with_value(|e| e.backend.clone());
        async move { backend.policy().await }
    });
    let env = Env {
        locale,
        inner,
        now: RwSignal::new(format::now()),
        policy: Signal::derive(move || policy.get().and_then(Result::ok)),
        screen: RwSignal::new(screen),
        refresh,
    };
    provide_context(env);

    if let Ok(tick) = set_interval_with_handle(move || env.now.set(format::now()), std::time::Duration::from_secs(1)) {
        on_cleanup(move || tick.clear());
    }

    let policy_error = move || {
        policy.get().and_then(Result::err).map(|e| {
            view! { <LoadError detail=e.detail retry=Callback::new(move |_| policy.refetch()) /> }
        })
    };

    view! {
        <section class="oc-widget" lang=env.locale.tag() aria-label=env.t("title")>
            {policy_error}
            {move || match env.screen.get() {
                Screen::List { tab } => view! { <OrdersList initial_tab=tab /> }.into_any(),
                Screen::Order { id } => {
                    deferred(details_view::CHUNK, "order.loading", move || details_view::view(id.clone())).into_any()
                }
            }}
        </section>
    }
}

/// A load that failed, in words, with a way to try again.
#[component]
pub fn LoadError(
    /// What went wrong.
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

/// Shown instead of the widget when the embedder's config is wrong.
#[component]
pub fn ConfigErrors(
    /// One sentence per problem.
    errors: Vec<String>,
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
