//! What every component may use: the backend, the configuration, the host page's events,
//! the clock, the merchant's policy and which screen is showing. Made once by the root, which
//! hands it to each screen (a `Copy` handle: no context lookup).

use crate::api::Backend;
use crate::browse::Browse;
use crate::config::WidgetConfig;
use crate::events::HostEvents;
use crate::i18n::Locale;
use crate::load::Load;
use cancel_policy::{ItemState, Policy, Timestamp};
use leptos::prelude::*;
use std::rc::Rc;

/// The shared environment. Browser objects are not `Send`, so they live in local storage
/// behind a `Copy` handle that components capture freely.
#[derive(Clone, Copy)]
pub struct Env {
    inner: StoredValue<Rc<EnvInner>, LocalStorage>,
    /// The language every text is in.
    pub locale: Locale,
    /// Ticks every second, for countdowns.
    pub now: Clock,
    /// The merchant's policy, once loaded.
    pub policy: LoadedPolicy,
    /// The screen showing.
    pub screen: RwSignal<Screen>,
    /// Where the shopper is in the list (tab, search, page, the order opened from it): kept
    /// while an order's details show, so "Back" returns there.
    pub browse: RwSignal<Browse>,
    /// Bumped by the handle's `refresh()` and after every cancellation.
    pub refresh: RwSignal<u32>,
    /// The shopper moved to another screen, so its heading should take the focus.
    navigated: RwSignal<bool>,
}

/// The time the widget goes by, read like a signal of it (`get()` tracks, `get_untracked()`
/// does not) and set once a second by the root's tick. Its seconds are kept in the `u32`
/// signal type the widget has anyway (`refresh`'s): a signal of `Timestamp` was that type's
/// whole reactive code again (2.7 KB raw). Unix seconds fit a `u32` until 2106.
#[derive(Clone, Copy)]
pub struct Clock(RwSignal<u32>);

impl Clock {
    fn seconds(now: Timestamp) -> u32 {
        now.unix().clamp(0, u32::MAX.into()) as u32
    }
    /// The time of the last tick, tracked.
    pub fn get(&self) -> Timestamp {
        Timestamp::from_unix(self.0.get().into())
    }
    /// The time of the last tick, untracked.
    pub fn get_untracked(&self) -> Timestamp {
        Timestamp::from_unix(self.0.get_untracked().into())
    }
    /// Moves the clock to `now`.
    pub fn set(&self, now: Timestamp) {
        self.0.set(Self::seconds(now));
    }
}

/// The merchant's policy as loaded: read as `Option<&Policy>`, `None` until it is there
/// (or when it failed, which the root shows instead of any screen).
#[derive(Clone, Copy)]
pub struct LoadedPolicy(Load<Policy>);

impl LoadedPolicy {
    /// Reads the policy, tracked.
    pub fn with<R>(&self, f: impl FnOnce(Option<&Policy>) -> R) -> R {
        self.0
            .with(|answer| f(answer.as_ref().and_then(|a| a.as_ref().ok())))
    }
    /// Reads the policy without subscribing.
    pub fn with_untracked<R>(&self, f: impl FnOnce(Option<&Policy>) -> R) -> R {
        self.0
            .with_untracked(|answer| f(answer.as_ref().and_then(|a| a.as_ref().ok())))
    }
    /// A copy of the policy, untracked.
    pub fn get_untracked(&self) -> Option<Policy> {
        self.with_untracked(|p| p.cloned())
    }
}

/// The parts of the environment that never change after mounting.
pub struct EnvInner {
    /// Where the orders come from; tests pass a fake.
    pub backend: Rc<dyn Backend>,
    /// The checked configuration.
    pub config: WidgetConfig,
    /// Where CustomEvents for the host page go.
    pub events: HostEvents,
}

/// Which screen the widget shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    /// My Orders, where the shopper left it (`Env::browse`).
    List,
    /// One order's details.
    Order { id: String },
}

impl Env {
    /// An environment around `inner`; the texts, the clock, the policy and the screen come
    /// from the root.
    pub fn new(
        inner: EnvInner,
        locale: Locale,
        policy: Load<Policy>,
        now: Timestamp,
        screen: Screen,
        refresh: RwSignal<u32>,
    ) -> Self {
        let browse = RwSignal::new(Browse::new(inner.config.initial_tab));
        Env {
            browse,
            locale,
            inner: StoredValue::new_local(Rc::new(inner)),
            now: Clock(RwSignal::new(Clock::seconds(now))),
            policy: LoadedPolicy(policy),
            screen: RwSignal::new(screen),
            refresh,
            navigated: RwSignal::new(false),
        }
    }
    /// Shows another screen, moving the focus to its heading once it is there.
    pub fn go(&self, screen: Screen) {
        self.navigated.set(true);
        self.screen.set(screen);
    }
    /// Shows order `id`'s details, opened from the list, whose card takes the focus back on
    /// the way back.
    pub fn open_order(&self, id: &str) {
        self.browse
            .update_untracked(|b| b.opened = Some(id.to_owned()));
        self.go(Screen::Order { id: id.to_owned() });
    }
    /// Focuses `heading`, now on the page, if the shopper got here by [`Env::go`], so
    /// keyboard and screen-reader users land on the new screen instead of the page's
    /// `<body>`. A first mount leaves the host page's focus alone.
    pub fn focus_if_navigated(&self, heading: &web_sys::HtmlElement) {
        if self.navigated.get_untracked() {
            self.navigated.update_untracked(|n| *n = false);
            crate::focus::focus_if_lost(heading, true);
        }
    }
    pub fn backend(&self) -> Rc<dyn Backend> {
        self.inner.read_value().backend.clone()
    }
    pub fn config<T>(&self, f: impl FnOnce(&WidgetConfig) -> T) -> T {
        f(&self.inner.read_value().config)
    }
    pub fn events(&self) -> HostEvents {
        self.inner.read_value().events.clone()
    }
    /// [`Locale::t`] in the widget's language.
    pub fn t(&self, key: &str) -> String {
        self.locale.t(key)
    }
    /// [`Locale::tf`] in the widget's language.
    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.locale.tf(key, args)
    }
    /// An item's state in words, e.g. "Shipped".
    pub fn state_label(&self, state: ItemState) -> String {
        crate::describe::state_label(self.locale, state)
    }
    /// The configured "buy again" URL for a SKU, if the storefront gave one.
    pub fn buy_again_link(&self, sku: &str) -> Option<String> {
        self.config(|c| c.links.buy_again.clone()).map(|template| {
            crate::text::replace(
                &template,
                "{sku}",
                &String::from(js_sys::encode_uri_component(sku)),
            )
        })
    }
    /// Reloads the policy, the list and the open order.
    pub fn reload(&self) {
        self.refresh.update(|n| *n += 1);
    }
}
