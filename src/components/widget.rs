//! The root: provides the environment, runs the clock, and shows the screen.

use super::deferred::deferred;
use super::order_details::details_view;
use super::orders_list::orders_list;
use super::shared::{load_error, loading};
use crate::api::{ApiError, Backend};
use crate::config::WidgetConfig;
use crate::dom::{div, li, section, strong, ul, DomView};
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
        None => Screen::List {
            tab: config.initial_tab,
        },
    };
    let refresh = refresh.unwrap_or_else(|| RwSignal::new(0));
    // The policy decides every button; without it nothing can be offered, so failures show.
    let policy_backend = backend.clone();
    let policy = load(move || {
        refresh.track();
        policy_backend.policy()
    });
    let inner = EnvInner {
        backend,
        config,
        events: events.unwrap_or_default(),
    };
    let env = Env::new(inner, policy, format::now(), screen, refresh);
    provide_context(env);

    if let Ok(tick) = set_interval_with_handle(
        move || env.now.set(format::now()),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || tick.clear());
    }

    // Without the policy nothing can be offered: its failure is the one message shown (the
    // screen's own load would most likely fail the same way), and Retry reloads everything,
    // showing a wait until the policy answers (not a screen asking for its own data meanwhile).
    let policy_status = move || {
        policy.with(|p| match p {
            Some(Err(e)) => PolicyStatus::Failed(e.clone()),
            None if policy.retrying() => PolicyStatus::Retrying,
            _ => PolicyStatus::Usable,
        })
    };
    section("oc-widget")
        .attr("lang", env.locale.tag())
        .attr("aria-label", &env.t("title"))
        .slot(
            move || (policy_status(), env.screen.get()),
            move |(state, screen)| match (state, screen) {
                (PolicyStatus::Failed(e), _) => {
                    vec![load_error(env, &e, move || env.reload()).into()]
                }
                (PolicyStatus::Retrying, Screen::List { .. }) => {
                    vec![loading(env, "list.loading").into()]
                }
                (PolicyStatus::Retrying, Screen::Order { .. }) => {
                    vec![loading(env, "order.loading").into()]
                }
                (PolicyStatus::Usable, Screen::List { tab }) => vec![orders_list(env, tab).into()],
                (PolicyStatus::Usable, Screen::Order { id }) => {
                    deferred(env, details_view::CHUNK, "order.loading", move || {
                        details_view::call(id.clone())
                    })
                }
            },
        )
        .into_view()
}

/// What the root can show, by where the policy is.
#[derive(Clone, PartialEq)]
enum PolicyStatus {
    /// Loaded, or loading for the first time (the list shows meanwhile, without Cancel).
    Usable,
    /// It failed: its message and Retry.
    Failed(ApiError),
    /// Asked again after a failure.
    Retrying,
}

/// Shown instead of the widget when the embedder's config is wrong.
pub fn config_errors(errors: Vec<String>, locale: Locale) -> DomView {
    let lines = errors.iter().map(|e| li("").text(e).into()).collect();
    section("oc-widget")
        .child(
            div("oc-alert oc-alert--error")
                .attr("role", "alert")
                .child(strong("").text(locale.t("error.config")))
                .child(ul("").children(lines)),
        )
        .into_view()
}
