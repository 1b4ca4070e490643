//! Small pieces several screens show: a status badge, a product thumbnail, a wait and a
//! failed load.

use crate::api::ApiError;
use crate::describe;
use crate::dom::{after_mount, button, div, h2, img, p, span, text, El};
use crate::env::Env;
use crate::text::concat;
use cancel_policy::{OrderItem, OrderStatus, Reason};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Node;

/// An order's status as a coloured badge.
pub fn status_badge(env: Env, status: OrderStatus) -> El {
    span(&concat(&["oc-status oc-status--", status.as_str()])).text(&env.t(match status {
        OrderStatus::Unpaid => "status.unpaid",
        OrderStatus::ToShip => "status.to_ship",
        OrderStatus::Shipped => "status.shipped",
        OrderStatus::Delivered => "status.delivered",
        OrderStatus::Cancelled => "status.cancelled",
        OrderStatus::CancellationRequested => "status.cancellation_requested",
        OrderStatus::Returned => "status.returned",
    }))
}

/// A reason as the shopper reads it: the merchant's own label in the widget's language
/// (falling back as the catalogs do, through the store's `defaultLocale` to English), else
/// the catalogs' text of its `label_key` (the presets' reasons), else its code.
pub fn reason_text(env: Env, reason: &Reason) -> String {
    let own = env.config(|c| {
        let label = reason.own_label(env.locale.tag(), c.default_locale.as_deref());
        label.map(str::to_string)
    });
    match own {
        Some(label) => label,
        None => env
            .locale
            .label(&reason.label_key)
            .unwrap_or_else(|| reason.code.clone()),
    }
}

/// A product's picture, or its initial when the store sent none.
pub fn thumb(item: &OrderItem) -> El {
    match &item.image_url {
        // Decorative: the title is always written next to or below it.
        Some(src) => img("oc-thumb").attr("src", src).attr("alt", ""),
        None => span("oc-thumb")
            .attr("aria-hidden", "true")
            .text(&item.title.chars().next().unwrap_or('?').to_string()),
    }
}

/// A load that failed, in words, with a way to try again (`retry`). The technical detail goes
/// to the console, for the storefront's developers.
#[inline]
pub fn load_error(env: Env, error: &ApiError, retry: impl Fn() + 'static) -> El {
    failed_load(env, error, Box::new(retry))
}

/// [`load_error`]'s one non-generic path.
fn failed_load(env: Env, error: &ApiError, retry: Box<dyn Fn()>) -> El {
    web_sys::console::warn_1(
        &concat(&[
            "order-cancel-widget: ",
            &error.detail,
            " (",
            &error.code,
            ")",
        ])
        .into(),
    );
    let words = describe::api_error(env.locale, error);
    div("oc-alert oc-alert--error")
        .attr("role", "alert")
        .text(&env.tf("error.load", &[("detail", &words)]))
        .text(" ")
        .child(
            button("oc-link")
                .text(&env.t("error.retry"))
                .on_click(move |_| retry()),
        )
}

/// A wait the shopper can see and a screen reader reads out (`what`: "Loading your orders…");
/// after a few seconds it says the store is slow.
pub fn loading(env: Env, what: &str) -> El {
    progress(env, what).attr("role", "status")
}

/// The wait as seen, for a place where a status line of its own reads it out.
pub fn progress(env: Env, what: &str) -> El {
    p("oc-progress")
        .child(spinner())
        .text(what)
        .text_with(after_a_while(env))
}

/// A button's label while its submission runs, first try or retry alike: a cancellation's,
/// or a parcel request's.
pub fn working(env: Env, parcel: bool) -> Vec<Node> {
    let what = env.t(match parcel {
        true => "dialog.sending",
        false => "dialog.submitting",
    });
    vec![spinner().into(), text(&what)]
}

/// Beside a button whose submission runs: after a few seconds, read out, that the store is
/// slow and we keep trying.
pub fn still_trying(env: Env, busy: RwSignal<bool>) -> El {
    p("oc-muted oc-still-trying").attr("role", "status").slot(
        move || busy.get(),
        move |busy| match busy {
            true => vec![span("").text_with(after_a_while(env)).into()],
            false => Vec::new(),
        },
    )
}

/// Empty until a wait has lasted a few seconds, then " The store is slow… we keep trying".
/// The timer goes with the reactive owner that asked.
fn after_a_while(env: Env) -> impl Fn() -> String + 'static {
    let slow = RwSignal::new(false);
    if let Ok(timer) =
        set_timeout_with_handle(move || slow.set(true), std::time::Duration::from_secs(4))
    {
        on_cleanup(move || timer.clear());
    }
    let slow_text = concat(&[" ", &env.t("progress.slow")]);
    move || match slow.get() {
        true => slow_text.clone(),
        false => String::new(),
    }
}

/// The spinning wheel.
pub fn spinner() -> El {
    span("oc-spinner")
}

/// A screen's heading; it takes the focus when the shopper navigated to the screen.
pub fn screen_heading(env: Env, title: &str) -> El {
    let heading = h2("oc-title").attr("tabindex", "-1").text(title);
    let element = heading.element();
    after_mount(move || env.focus_if_navigated(element.unchecked_ref()));
    heading
}

/// `el` with children built by `build` in the words of the catalog on screen, and built again
/// in a new catalog's (the host changed the language or its texts), while the state they show
/// lives on outside. One slot's code for every caller: each only boxes its closure.
#[inline]
pub fn in_words(env: Env, el: El, build: impl Fn() -> Vec<Node> + 'static) -> El {
    words_slot(env, el, Box::new(build))
}

/// [`in_words`]' one non-generic path.
fn words_slot(env: Env, el: El, build: Box<dyn Fn() -> Vec<Node>>) -> El {
    el.slot(move || env.locale.texts(), move |_| build())
}
