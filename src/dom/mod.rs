//! A small, non-generic way to build DOM nodes with Leptos' reactivity: every screen of the
//! widget is built with it.
//!
//! Why not `view!`: it gives every element tree its own Rust type, and every type its own
//! build, mount and rebuild code. Measured on this widget (brotli): the details screen cost
//! 51 KB that way and the whole widget 167 KB, against a 128 KiB budget. Here every element
//! goes through the same few functions; a reactive part is one boxed closure in a
//! `RenderEffect`, owned by the current reactive owner, so it stops (and its event
//! listeners go) when that owner is cleaned up — when the screen leaves, or when a
//! [`El::slot`] is rebuilt. Signals, effects, context and `mount_to` are Leptos' own.
//!
//! Tags and events are typed: one function per tag the screens use ([`div`], [`button`], …)
//! and one method per event ([`El::on_click`], …), so `buton` or `"clik"` does not compile.
//! Each is an `#[inline]` wrapper over the one non-generic path (`el`, `El::listen`), so
//! the wasm holds that path once, as it did when tags and events were strings. A tag or
//! event the screens need next is one line in `tags!` or `events!` below.
//!
//! ```no_run
//! use leptos::prelude::*;
//! use order_cancel_widget::dom::{button, div, p};
//!
//! let count = RwSignal::new(0);
//! let counter = div("oc-counter")
//!     .child(p("").text_with(move || format!("{} clicks", count.get())))
//!     .child(button("oc-button").text("More").on_click(move |_| *count.write() += 1));
//! ```
//!
//! The examples here are doctests marked `no_run`: compiled and type-checked, not run, since
//! they build DOM outside any page. `cargo test -p order-cancel-widget --doc` compiles them
//! natively (and `cargo test --workspace` in `scripts/test.sh` with it), and
//! `cargo test --target wasm32-unknown-unknown -p order-cancel-widget` compiles them for
//! wasm too (cargo cross-compiles doctests). The same calls run in headless Chromium in
//! `tests/web/details.rs` (`a_slot_rebuilds_on_a_new_value_…`) and behind every screen.
//!
//! `mod.rs` holds elements, text and events; `reactive.rs` the parts that follow signals
//! (`text_with`, `slot`, …) and the mount hooks; `view.rs` the bridge to a Leptos view.
//!
//! Only the renderer's own DOM calls are used, so no new JS imports join the first screen.

mod reactive;
mod view;

pub use reactive::{after_mount, before_cleanup, react};
pub use view::DomView;

use leptos::prelude::*;
use leptos::tachys::renderer::Rndr;
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, KeyboardEvent, Node};

/// An element being built. Methods add to it and hand it back, so a tree reads top-down.
///
/// ```no_run
/// use order_cancel_widget::dom::{li, strong, El};
///
/// let row: El = li("oc-history__entry")
///     .child(strong("").text("Cancelled"))
///     .text(" · 2 × Wool socks");
/// ```
#[derive(Clone)]
pub struct El(pub Element);

/// A new `<tag>` with `class` (no class attribute when it is empty): the one path every tag
/// function below takes.
fn el(tag: &'static str, class: &str) -> El {
    let element = Rndr::create_element(tag, None);
    if !class.is_empty() {
        Rndr::set_attribute(&element, "class", class);
    }
    El(element)
}

/// One function per tag the screens use, each `name(class)`: a new element, with `class`
/// (none when it is empty).
macro_rules! tags {
    ($($tag:ident),* $(,)?) => {$(
        #[doc = concat!("A new `<", stringify!($tag), ">` with `class` (none when it is empty).")]
        ///
        /// ```no_run
        #[doc = concat!("let element = order_cancel_widget::dom::", stringify!($tag), "(\"oc-example\");")]
        /// ```
        #[inline]
        pub fn $tag(class: &str) -> El {
            el(stringify!($tag), class)
        }
    )*};
}

tags! {
    a, br, button, div, fieldset, form, h2, h3, header, img, input, label, legend, li, nav,
    option, p, section, select, span, strong, textarea, ul,
}

/// A text node.
///
/// ```no_run
/// use order_cancel_widget::dom::{p, text};
///
/// let line = p("").child(text("Packed")).child(text(" · since 09:12"));
/// ```
pub fn text(text: &str) -> Node {
    Rndr::create_text_node(text).into()
}

impl From<El> for Node {
    fn from(el: El) -> Node {
        el.0.into()
    }
}

impl El {
    /// Sets an attribute.
    ///
    /// ```no_run
    /// let search = order_cancel_widget::dom::input("").attr("type", "search");
    /// ```
    pub fn attr(self, name: &str, value: &str) -> Self {
        Rndr::set_attribute(&self.0, name, value);
        self
    }

    /// Appends a child: an element or a text node.
    ///
    /// ```no_run
    /// use order_cancel_widget::dom::{p, strong};
    ///
    /// let total = p("").child(strong("").text("€29.00"));
    /// ```
    pub fn child(self, node: impl Into<Node>) -> Self {
        Rndr::insert_node(&self.0, &node.into(), None);
        self
    }

    /// Appends a child if there is one.
    ///
    /// ```no_run
    /// use order_cancel_widget::dom::{div, p};
    ///
    /// let third_party = true;
    /// let main = div("").maybe(third_party.then(|| p("oc-muted").text("Sold by Gadget Hub")));
    /// ```
    pub fn maybe(self, node: Option<El>) -> Self {
        match node {
            Some(node) => self.child(node),
            None => self,
        }
    }

    /// Appends a text.
    ///
    /// ```no_run
    /// let title = order_cancel_widget::dom::h2("oc-title").text("My orders");
    /// ```
    pub fn text(self, value: &str) -> Self {
        self.child(text(value))
    }

    /// Appends children.
    ///
    /// ```no_run
    /// use order_cancel_widget::dom::{li, ul};
    ///
    /// let lines = ["Too slow", "Changed my mind"].map(|t| li("").text(t).into());
    /// let list = ul("").children(lines.into());
    /// ```
    pub fn children(self, nodes: Vec<Node>) -> Self {
        for node in &nodes {
            Rndr::insert_node(&self.0, node, None);
        }
        self
    }

    /// Appends a child built by `build` for each of `items`: no `Vec` collected first (each
    /// collected iterator type was its own copy of the collecting code).
    ///
    /// ```no_run
    /// use order_cancel_widget::dom::{li, ul};
    ///
    /// let list = ul("").each(["Too slow", "Changed my mind"], |t| li("").text(t));
    /// ```
    #[inline]
    pub fn each<T>(
        mut self,
        items: impl IntoIterator<Item = T>,
        mut build: impl FnMut(T) -> El,
    ) -> Self {
        for item in items {
            self = self.child(build(item));
        }
        self
    }

    /// Calls `handler` with each `event` until the owner is cleaned up: the one path every
    /// `on_…` method takes.
    fn listen(self, event: &'static str, handler: Box<dyn FnMut(JsValue)>) -> Self {
        keep(Rndr::add_event_listener(&self.0, event, handler));
        self
    }

    /// The element, e.g. to focus it later.
    ///
    /// ```no_run
    /// use wasm_bindgen::JsCast;
    ///
    /// let heading = order_cancel_widget::dom::h2("oc-title").attr("tabindex", "-1");
    /// let _ = heading.element().unchecked_into::<web_sys::HtmlElement>().focus();
    /// ```
    pub fn element(&self) -> Element {
        self.0.clone()
    }
}

/// One method per event the screens listen to, each `on_name(handler)`: calls `handler` on
/// each such event until the current reactive owner is cleaned up.
macro_rules! events {
    ($($method:ident($name:literal, $event:ty)),* $(,)?) => {
        impl El {$(
            #[doc = concat!("Calls `handler` on each `", $name, "` event until the owner is cleaned up.")]
            ///
            /// ```no_run
            #[doc = concat!("let watched = order_cancel_widget::dom::div(\"\").", stringify!($method), "(|_| ());")]
            /// ```
            #[inline]
            pub fn $method(self, mut handler: impl FnMut($event) + 'static) -> Self {
                self.listen($name, Box::new(move |ev: JsValue| handler(ev.unchecked_into())))
            }
        )*}
    };
}

events! {
    on_change("change", Event),
    on_click("click", Event),
    on_focusin("focusin", Event),
    on_input("input", Event),
    on_keydown("keydown", KeyboardEvent),
    on_pointerenter("pointerenter", Event),
    on_submit("submit", Event),
}

/// The value of the input, select or textarea an event came from.
///
/// ```no_run
/// use leptos::prelude::*;
/// use order_cancel_widget::dom::{target_value, textarea};
///
/// let comment = RwSignal::new(String::new());
/// let field = textarea("").on_input(move |ev| comment.set(target_value(&ev)));
/// ```
pub fn target_value(ev: &Event) -> String {
    ev.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Keeps `value` alive until the current reactive owner is cleaned up.
fn keep<T: 'static>(value: T) {
    // Single-threaded in the browser: the wrapper is only there to satisfy `on_cleanup`.
    let value = SendWrapper::new(value);
    on_cleanup(move || drop(value));
}
