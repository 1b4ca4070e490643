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
//! Only the renderer's own DOM calls are used, so no new JS imports join the first screen.

use leptos::prelude::*;
use leptos::reactive::effect::RenderEffect;
use leptos::tachys::html::attribute::{any_attribute::AnyAttribute, Attribute};
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::{types, Rndr};
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, Node};

/// An element being built. Methods add to it and hand it back, so a tree reads top-down.
#[derive(Clone)]
pub struct El(pub Element);

/// A new `<tag>` with `class` (no class attribute when it is empty).
pub fn el(tag: &str, class: &str) -> El {
    let element = Rndr::create_element(tag, None);
    if !class.is_empty() {
        Rndr::set_attribute(&element, "class", class);
    }
    El(element)
}

/// A text node.
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
    pub fn attr(self, name: &str, value: &str) -> Self {
        Rndr::set_attribute(&self.0, name, value);
        self
    }

    /// Appends a child: an element or a text node.
    pub fn child(self, node: impl Into<Node>) -> Self {
        Rndr::insert_node(&self.0, &node.into(), None);
        self
    }

    /// Appends a child if there is one.
    pub fn maybe(self, node: Option<El>) -> Self {
        match node {
            Some(node) => self.child(node),
            None => self,
        }
    }

    /// Appends a text.
    pub fn text(self, value: &str) -> Self {
        self.child(text(value))
    }

    /// Appends children.
    pub fn children(self, nodes: Vec<Node>) -> Self {
        for node in &nodes {
            Rndr::insert_node(&self.0, node, None);
        }
        self
    }

    /// Calls `handler` on each `event` until the owner is cleaned up.
    pub fn on(self, event: &str, mut handler: impl FnMut(Event) + 'static) -> Self {
        let handler = Box::new(move |ev: JsValue| handler(ev.unchecked_into()));
        keep(Rndr::add_event_listener(&self.0, event, handler));
        self
    }

    /// A text child that follows `value`.
    pub fn text_with(self, value: impl Fn() -> String + 'static) -> Self {
        let node = Rndr::create_text_node("");
        Rndr::insert_node(&self.0, &node, None);
        react(Box::new(move || Rndr::set_text(&node, &value())));
        self
    }

    /// An attribute that follows `value`, absent while it is `None`.
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
    pub fn flag_with(self, name: &'static str, on: impl Fn() -> bool + 'static) -> Self {
        self.attr_with(name, move || on().then(String::new))
    }

    /// A class present while `on` is true.
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
    pub fn slot<T: PartialEq + Clone + 'static>(
        self,
        watch: impl Fn() -> T + 'static,
        build: impl Fn(T) -> Vec<Node> + 'static,
    ) -> Self {
        let anchor: Node = Rndr::create_placeholder().into();
        Rndr::insert_node(&self.0, &anchor, None);
        let parent = self.0.clone();
        let shown = RefCell::new(None::<(T, Vec<Node>)>);
        // One owner for what the slot builds, a child of the element's (which holds it only
        // weakly, so no cycle): each rebuild cleans it up and builds under it again, so the
        // effects and listeners of the previous build stop and nothing piles up.
        let host = Owner::current().unwrap_or_default().child();
        react(Box::new(move || {
            let value = watch();
            if shown
                .borrow()
                .as_ref()
                .is_some_and(|(previous, _)| *previous == value)
            {
                return;
            }
            if let Some((_, nodes)) = shown.take() {
                host.cleanup();
                for node in nodes {
                    Rndr::remove(&node);
                }
            }
            let nodes = host.with(|| untrack(|| build(value.clone())));
            for node in &nodes {
                Rndr::insert_node(&parent, node, Some(&anchor));
            }
            *shown.borrow_mut() = Some((value, nodes));
        }));
        self
    }

    /// The element, e.g. to focus it later.
    pub fn element(&self) -> Element {
        self.0.clone()
    }

    /// This element as a Leptos view, to mount where a view is expected.
    pub fn into_view(self) -> DomView {
        DomView(SendWrapper::new(self.0))
    }
}

/// The value of the input, select or textarea an event came from.
pub fn target_value(ev: &Event) -> String {
    ev.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Runs `update` now and again whenever a signal it read changes, until the owner is
/// cleaned up. Boxed, so every reactive part shares one `RenderEffect` type.
fn react(update: Box<dyn Fn()>) {
    keep(RenderEffect::new(move |_| update()));
}

/// Keeps `value` alive until the current reactive owner is cleaned up.
fn keep<T: 'static>(value: T) {
    // Single-threaded in the browser: the wrapper is only there to satisfy `on_cleanup`.
    let value = SendWrapper::new(value);
    on_cleanup(move || drop(value));
}

/// An element built with [`El`], as a view. It is only ever rendered in the browser.
pub struct DomView(SendWrapper<Element>);

impl Render for DomView {
    type State = types::Element;

    fn build(self) -> Self::State {
        self.0.take()
    }

    fn rebuild(self, state: &mut Self::State) {
        let new = self.0.take();
        state.insert_before_this(&mut new.clone());
        state.unmount();
        *state = new;
    }
}

impl AddAnyAttr for DomView {
    type Output<SomeNewAttr: Attribute> = Self;

    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Self::Output<NewAttr> {
        self
    }
}

impl RenderHtml for DomView {
    type AsyncOutput = Self;
    type Owned = Self;

    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }

    fn to_html_with_buf(
        self,
        _buf: &mut String,
        _position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
        // The widget renders in the browser only.
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        _cursor: &Cursor,
        _position: &PositionState,
    ) -> Self::State {
        self.build()
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}

/// Runs `then` when what is being built now is cleaned up: before a slot removes it for a
/// rebuild, or when its screen goes (so it is still on the page).
pub fn before_cleanup(then: impl FnOnce() + 'static) {
    let then = SendWrapper::new(then);
    on_cleanup(move || then.take()());
}

/// Runs `then` once what is being built now is on the page (effects run after the render).
pub fn after_mount(then: Box<dyn FnOnce()>) {
    let then = std::cell::Cell::new(Some(then));
    Effect::new(move |_| {
        if let Some(then) = then.take() {
            then();
        }
    });
}
