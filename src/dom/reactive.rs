//! The parts of an element that follow signals, and the hooks around mounting: each
//! reactive part is one boxed closure in a `RenderEffect` of the current owner.

use super::{keep, El};
use leptos::prelude::*;
use leptos::reactive::effect::RenderEffect;
use leptos::tachys::renderer::Rndr;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use wasm_bindgen::JsValue;
use web_sys::Node;

impl El {
    /// A text child that follows `value`.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    ///
    /// let selected = RwSignal::new(2);
    /// let label = order_cancel_widget::dom::button("oc-button")
    ///     .text_with(move || format!("Cancel {} items", selected.get()));
    /// ```
    pub fn text_with(self, value: impl Fn() -> String + 'static) -> Self {
        let node = Rndr::create_text_node("");
        Rndr::insert_node(&self.0, &node, None);
        react(Box::new(move || Rndr::set_text(&node, &value())));
        self
    }

    /// An attribute that follows `value`, absent while it is `None`.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    ///
    /// let chosen = RwSignal::new(true);
    /// let tab = order_cancel_widget::dom::button("oc-tab")
    ///     .attr_with("aria-selected", move || Some(chosen.get().to_string()));
    /// ```
    pub fn attr_with(
        self,
        name: &'static str,
        value: impl Fn() -> Option<String> + 'static,
    ) -> Self {
        let element = self.0.clone();
        react(Box::new(move || match value() {
            Some(value) => Rndr::set_attribute(&element, name, &value),
            None => Rndr::remove_attribute(&element, name),
        }));
        self
    }

    /// A boolean attribute (`disabled`) present while `on` is true.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    ///
    /// let submitting = RwSignal::new(false);
    /// let confirm = order_cancel_widget::dom::button("oc-button")
    ///     .flag_with("disabled", move || submitting.get());
    /// ```
    pub fn flag_with(self, name: &'static str, on: impl Fn() -> bool + 'static) -> Self {
        self.attr_with(name, move || on().then(String::new))
    }

    /// A class present while `on` is true.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    ///
    /// let picked = RwSignal::new(false);
    /// let row = order_cancel_widget::dom::li("oc-item")
    ///     .class_with("oc-item--selected", move || picked.get());
    /// ```
    pub fn class_with(self, class: &'static str, on: impl Fn() -> bool + 'static) -> Self {
        let list = Rndr::class_list(&self.0);
        react(Box::new(move || {
            if on() {
                Rndr::add_class(&list, class)
            } else {
                Rndr::remove_class(&list, class)
            }
        }));
        self
    }

    /// A DOM property (`checked`, `value`) that follows `value`: what the shopper sees, where
    /// an attribute would only be the initial state.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    ///
    /// let picked = RwSignal::new(true);
    /// let check = order_cancel_widget::dom::input("")
    ///     .attr("type", "checkbox")
    ///     .prop_with("checked", move || picked.get().into());
    /// ```
    pub fn prop_with(self, name: &'static str, value: impl Fn() -> JsValue + 'static) -> Self {
        let element = self.0.clone();
        react(Box::new(move || {
            Rndr::set_property(&element, name, &value())
        }));
        self
    }

    /// Children built from what `watch` reads: rebuilt when its value changes (not when a
    /// signal it read changed to the same value), so a ticking clock does not rebuild a
    /// button under the shopper's pointer. `build` is untracked, and what its previous run
    /// set up (effects, listeners) is cleaned up before the next.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use order_cancel_widget::dom::{button, div};
    ///
    /// let seconds_left = RwSignal::new(90);
    /// // Rebuilt once, when the window closes; not every second.
    /// let actions = div("oc-item__actions").slot(
    ///     move || seconds_left.get() > 0,
    ///     |open| match open {
    ///         true => vec![button("oc-button").text("Cancel item").into()],
    ///         false => Vec::new(),
    ///     },
    /// );
    /// ```
    pub fn slot<T: PartialEq + Clone + 'static>(
        self,
        watch: impl Fn() -> T + 'static,
        build: impl Fn(T) -> Vec<Node> + 'static,
    ) -> Self {
        // Only `Watched`'s two methods depend on `T`; the rest is `rebuild_on`, one function
        // for every slot (as one generic function it was a copy per slot: ~600 bytes each).
        self.rebuild_on(Box::new(Watched {
            watch,
            build,
            shown: None,
        }))
    }

    /// [`El::slot`]'s one non-generic path: `build`s the children again, in place of the
    /// previous ones, whenever `changed` (run tracked) says so.
    fn rebuild_on(self, slot: Box<dyn Rebuild>) -> Self {
        let anchor: Node = Rndr::create_placeholder().into();
        Rndr::insert_node(&self.0, &anchor, None);
        let parent = self.0.clone();
        let slot = RefCell::new(slot);
        let shown = RefCell::new(None::<Vec<Node>>);
        // One owner for what the slot builds, a child of the element's (which holds it only
        // weakly, so no cycle): each rebuild cleans it up and builds under it again, so the
        // effects and listeners of the previous build stop and nothing piles up.
        let host = Owner::current().unwrap_or_default().child();
        react(Box::new(move || {
            if !slot.borrow_mut().changed() {
                return;
            }
            if let Some(nodes) = shown.take() {
                host.cleanup();
                for node in nodes {
                    Rndr::remove(&node);
                }
            }
            let nodes = host.with(|| untrack(|| slot.borrow().build()));
            for node in &nodes {
                Rndr::insert_node(&parent, node, Some(&anchor));
            }
            *shown.borrow_mut() = Some(nodes);
        }));
        self
    }
}

/// A slot's value and what it builds from it, behind one `dyn` for [`El::rebuild_on`].
trait Rebuild {
    /// Reads the watched value (tracked); whether it differs from the one shown.
    fn changed(&mut self) -> bool;
    /// The children for the value now shown.
    fn build(&self) -> Vec<Node>;
}

/// [`El::slot`]'s `watch` and `build`, and the value last built from.
struct Watched<T, W, B> {
    watch: W,
    build: B,
    shown: Option<T>,
}

impl<T: PartialEq + Clone, W: Fn() -> T, B: Fn(T) -> Vec<Node>> Rebuild for Watched<T, W, B> {
    fn changed(&mut self) -> bool {
        let value = Some((self.watch)());
        let changed = self.shown != value;
        if changed {
            self.shown = value;
        }
        changed
    }

    fn build(&self) -> Vec<Node> {
        self.shown.clone().map(&self.build).unwrap_or_default()
    }
}

/// Runs `update` now and again whenever a signal it read changes, until the owner is
/// cleaned up. Boxed, so every reactive part shares one `RenderEffect` type (and so can
/// anything else that follows signals: one effect's code for all).
pub fn react(update: Box<dyn Fn()>) {
    keep(RenderEffect::new(move |_| update()));
}

/// Runs `then` when what is being built now is cleaned up: before a slot removes it for a
/// rebuild, or when its screen goes (so it is still on the page).
///
/// ```no_run
/// use order_cancel_widget::dom::{before_cleanup, button};
///
/// let next = button("oc-button").text("Next");
/// let element = next.element();
/// before_cleanup(move || web_sys::console::log_1(&element.into()));
/// ```
pub fn before_cleanup(then: impl FnOnce() + 'static) {
    let then = SendWrapper::new(then);
    on_cleanup(move || then.take()());
}

/// Runs `then` once what is being built now is on the page (effects run after the render).
///
/// ```no_run
/// use order_cancel_widget::dom::{after_mount, button};
/// use wasm_bindgen::JsCast;
///
/// let keep = button("oc-button").text("Keep my order");
/// let element = keep.element();
/// after_mount(move || {
///     let _ = element.unchecked_ref::<web_sys::HtmlElement>().focus();
/// });
/// ```
#[inline]
pub fn after_mount(then: impl FnOnce() + 'static) {
    after_mount_boxed(Box::new(then));
}

/// [`after_mount`]'s one non-generic path.
fn after_mount_boxed(then: Box<dyn FnOnce()>) {
    let then = std::cell::Cell::new(Some(then));
    Effect::new(move |_| {
        if let Some(then) = then.take() {
            then();
        }
    });
}
