//! The root: makes the environment (handed to each screen), runs the clock, and shows the screen.

use super::deferred::deferred;
use super::order_details::details_view;
use super::orders_list::orders_list;
use super::shared::{load_error, loading, spinner};
use super::texts;
use crate::api::{ApiError, Backend};
use crate::config::{WidgetConfig, Wish};
use crate::dom::{section, DomView};
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
    /// The language and the host's texts, which the embedder may change while mounted (the
    /// config's at first).
    #[prop(optional)]
    wording: Option<Wish>,
) -> impl IntoView {
    let screen = match &config.initial_order {
        Some(id) => Screen::Order { id: id.clone() },
        None => Screen::List,
    };
    let refresh = refresh.unwrap_or_else(|| RwSignal::new(0));
    // The texts and the policy are asked for at once; the screens wait for the texts (a small
    // file, cached for good under its content-hashed name). A new language later is shown in
    // place: each screen keeps what it holds and builds its parts again in the new words.
    let locale = Locale::loading();
    let wish = wording.unwrap_or_else(|| Wish::new(config.wording()));
    texts::follow(
        locale,
        Some(backend.clone()),
        wish,
        config.default_locale.clone(),
    );
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
    let env = Env::new(inner, locale, policy, format::now(), screen, refresh);

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
    // The root speaks the catalog's language, from the first one on.
    let root = texts::speaking(section("oc-widget"), locale);
    root.slot(
        move || {
            // The screens are built once the texts are here and follow a new catalog
            // themselves (keeping what the shopper did there); a wait or failure of the
            // policy is built again in its words.
            let texts = env.locale.texts();
            let state = policy_status();
            let words = match state {
                PolicyStatus::Usable => texts.map(|_| 0),
                _ => texts,
            };
            (env.locale.failed(), state, env.screen.get(), words)
        },
        move |(no_texts, state, screen, texts)| match (state, screen) {
            _ if no_texts => vec![texts::catalog_failed().into()],
            _ if texts.is_none() => vec![spinner().into()],
            (PolicyStatus::Usable, Screen::List) => vec![orders_list(env).into()],
            (PolicyStatus::Failed(e), _) => {
                vec![load_error(env, &e, move || env.reload()).into()]
            }
            (PolicyStatus::Retrying, Screen::List) => {
                vec![loading(env, &env.t("list.loading")).into()]
            }
            (PolicyStatus::Retrying, Screen::Order { .. }) => {
                vec![loading(env, &env.t("order.loading")).into()]
            }
            (PolicyStatus::Usable, Screen::Order { id }) => deferred(
                env,
                details_view::CHUNK,
                env.t("order.loading"),
                move || details_view::call(env, id.clone()),
            ),
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

/// Shown instead of the widget when the embedder's config is wrong: one sentence for the
/// shopper, in their language (`wish`, as the widget would choose it); what is wrong is on
/// the console, in English, for the storefront's developer (`crate::embed::mount`).
pub fn config_errors(wish: Wish, default_locale: Option<String>) -> DomView {
    let locale = Locale::loading();
    texts::follow(locale, None, wish, default_locale);
    let root = texts::speaking(section("oc-widget"), locale);
    let parent = root.element();
    // Shown once there are words for it: the catalog's, or the English last resort.
    let alert = texts::catalog_failed().element();
    crate::dom::react(Box::new(move || {
        if locale.texts().is_some() {
            alert.set_text_content(Some(&locale.t("error.config")));
        }
        if locale.texts().is_some() || locale.failed() {
            let _ = parent.append_child(&alert);
        }
    }));
    root.into_view()
}
