//! An element built with [`El`] where Leptos expects a view (`mount_to`, the root).

use super::El;
use leptos::prelude::*;
use leptos::tachys::html::attribute::{any_attribute::AnyAttribute, Attribute};
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};
use send_wrapper::SendWrapper;
use web_sys::Element;

impl El {
    /// This element as a Leptos view, to mount where a view is expected.
    ///
    /// ```no_run
    /// use order_cancel_widget::dom::section;
    ///
    /// let body = leptos::prelude::document().body().unwrap();
    /// let _mounted = leptos::mount::mount_to(body, || section("oc-widget").text("Hi").into_view());
    /// ```
    pub fn into_view(self) -> DomView {
        DomView(SendWrapper::new(self.0))
    }
}

/// An element built with [`El`], as a view ([`El::into_view`]). It is only ever rendered in
/// the browser.
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
